import { Hono } from "hono";
import {
  type FeatureCollectionDefinition,
  featureCollectionById,
  featureCollections,
} from "../../db/feature-collections.js";
import { collectionExtent, queryFeature, queryFeatures } from "../../db/repositories/feature.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import type { BBox } from "../../domain/geojson.js";
import { requireReader, signedIn } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { parseItemsQuery } from "./items-query.js";
import { ogcOpenApi } from "./ogc-openapi.js";

const GEOJSON = "application/geo+json";
const JSON_TYPE = "application/json";
const OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0";
const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
/** Extents are exact (ST_Extent) and cached this long: a full scan of a million footprints is not per request. */
const EXTENT_TTL_MS = 60_000;

export const conformanceClasses = [
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
];

function link(href: string, rel: string, type: string, title?: string) {
  return { href, rel, type, ...(title ? { title } : {}) };
}

function collectionOrThrow(id: string): FeatureCollectionDefinition {
  const collection = featureCollectionById.get(id);
  if (!collection) throw new ApiError("not_found", `No collection "${id}". See /ogc/collections.`);
  return collection;
}

/** OGC API – Features Part 1 (Core, GeoJSON, OAS 3.0) under /ogc. */
export function ogcRoutes({ db }: AppDependencies) {
  const extents = new Map<string, { at: number; bbox: BBox | undefined }>();
  const extentOf = async (collection: FeatureCollectionDefinition) => {
    const cached = extents.get(collection.id);
    if (cached && Date.now() - cached.at < EXTENT_TTL_MS) return cached.bbox;
    const bbox = await collectionExtent(db, collection);
    extents.set(collection.id, { at: Date.now(), bbox });
    return bbox;
  };

  const describe = async (base: string, collection: FeatureCollectionDefinition) => {
    const bbox = await extentOf(collection);
    const self = `${base}/collections/${collection.id}`;
    return {
      id: collection.id,
      title: collection.title,
      description: collection.description,
      itemType: "feature",
      crs: [CRS84],
      extent: { spatial: { bbox: [bbox ?? [-180, -90, 180, 90]], crs: CRS84 } },
      links: [
        link(self, "self", JSON_TYPE, collection.title),
        link(`${self}/items`, "items", GEOJSON, `${collection.title} (GeoJSON)`),
        link(
          `${self}/queryables`,
          "http://www.opengis.net/def/rel/ogc/1.0/queryables",
          "application/schema+json",
          "Queryables",
        ),
      ],
    };
  };

  const baseOf = (url: string) => `${new URL(url).origin}/ogc`;

  return new Hono<AppEnv>()
    .use(signedIn)
    .get("/", (c) => {
      const base = baseOf(c.req.url);
      return c.json({
        title: "房图 Fangtu OGC API – Features",
        description: "党政机关办公用房一张图：楼宇、房间、闲置房源、在外租房、非办公类资产与公益设施",
        links: [
          link(base, "self", JSON_TYPE, "This document"),
          link(`${base}/api`, "service-desc", OPENAPI_TYPE, "The API definition (OpenAPI 3.0)"),
          link(`${base}/conformance`, "conformance", JSON_TYPE, "Conformance classes"),
          link(`${base}/collections`, "data", JSON_TYPE, "Feature collections"),
        ],
      });
    })
    .get("/api", (c) => c.json(ogcOpenApi(baseOf(c.req.url)), 200, { "Content-Type": OPENAPI_TYPE }))
    .get("/conformance", (c) => c.json({ conformsTo: conformanceClasses }))
    .get("/collections", async (c) => {
      const base = baseOf(c.req.url);
      const collections = [];
      for (const collection of featureCollections) collections.push(await describe(base, collection));
      return c.json({ links: [link(`${base}/collections`, "self", JSON_TYPE)], collections });
    })
    .get("/collections/:collectionId", async (c) =>
      c.json(await describe(baseOf(c.req.url), collectionOrThrow(c.req.param("collectionId")))),
    )
    .get("/collections/:collectionId/queryables", (c) => {
      const collection = collectionOrThrow(c.req.param("collectionId"));
      const properties = Object.fromEntries(
        Object.entries(collection.properties)
          .filter(([, property]) => property.queryable)
          .map(([name, property]) => [
            name,
            { title: property.title, type: property.type, ...(property.enum ? { enum: property.enum } : {}) },
          ]),
      );
      return c.json(
        {
          $schema: "https://json-schema.org/draft/2019-09/schema",
          $id: `${baseOf(c.req.url)}/collections/${collection.id}/queryables`,
          type: "object",
          title: collection.title,
          properties,
          additionalProperties: false,
        },
        200,
        { "Content-Type": "application/schema+json" },
      );
    })
    .get("/collections/:collectionId/items", async (c) => {
      const collection = collectionOrThrow(c.req.param("collectionId"));
      const url = new URL(c.req.url);
      const query = parseItemsQuery(collection, url);
      const { features, numberMatched } = await queryFeatures(
        db,
        collection,
        query,
        readScopeOf(requireReader(c)),
      );
      const page = (offset: number) => {
        const target = new URL(url);
        target.searchParams.set("offset", String(offset));
        target.searchParams.set("limit", String(query.limit));
        return target.toString();
      };
      const links = [link(url.toString(), "self", GEOJSON, "This page")];
      if (query.offset + features.length < numberMatched)
        links.push(link(page(query.offset + query.limit), "next", GEOJSON, "Next page"));
      if (query.offset > 0)
        links.push(link(page(Math.max(0, query.offset - query.limit)), "prev", GEOJSON, "Previous page"));
      links.push(
        link(`${baseOf(c.req.url)}/collections/${collection.id}`, "collection", JSON_TYPE, collection.title),
      );
      return c.json(
        {
          type: "FeatureCollection",
          features: features.map((feature) => ({
            type: "Feature",
            id: feature.id,
            geometry: feature.geometry,
            properties: feature.properties,
          })),
          numberMatched,
          numberReturned: features.length,
          timeStamp: new Date().toISOString(),
          links,
        },
        200,
        { "Content-Type": GEOJSON },
      );
    })
    .get("/collections/:collectionId/items/:featureId", async (c) => {
      const collection = collectionOrThrow(c.req.param("collectionId"));
      const raw = c.req.param("featureId");
      const notFound = () =>
        new ApiError("not_found", `No feature "${raw}" in collection "${collection.id}"`);
      if (collection.idType === "integer" && !/^\d{1,9}$/.test(raw)) throw notFound();
      const id = collection.idType === "integer" ? Number(raw) : raw;
      const feature = await queryFeature(db, collection, id, readScopeOf(requireReader(c)));
      if (!feature) throw notFound();
      const base = `${baseOf(c.req.url)}/collections/${collection.id}`;
      return c.json(
        {
          type: "Feature",
          id: feature.id,
          geometry: feature.geometry,
          properties: feature.properties,
          links: [
            link(`${base}/items/${encodeURIComponent(String(feature.id))}`, "self", GEOJSON),
            link(base, "collection", JSON_TYPE),
          ],
        },
        200,
        { "Content-Type": GEOJSON },
      );
    });
}
