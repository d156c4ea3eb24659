import { featureCollections } from "../../db/feature-collections.js";
import { MAX_LIMIT } from "./items-query.js";

const jsonResponse = (description: string, mediaType = "application/json") => ({
  description,
  content: { [mediaType]: { schema: { type: "object" } } },
});

const errorResponses = {
  "400": jsonResponse("Invalid parameter"),
  "404": jsonResponse("Not found"),
};

/** The OpenAPI 3.0 description of /ogc that QGIS and GDAL read from the landing page's service-desc link. */
export function ogcOpenApi(baseUrl: string) {
  const paths: Record<string, unknown> = {
    "/": {
      get: {
        summary: "Landing page",
        operationId: "getLandingPage",
        responses: { "200": jsonResponse("Links to the API") },
      },
    },
    "/conformance": {
      get: {
        summary: "Conformance classes",
        operationId: "getConformance",
        responses: { "200": jsonResponse("Conformance") },
      },
    },
    "/collections": {
      get: {
        summary: "Feature collections",
        operationId: "getCollections",
        responses: { "200": jsonResponse("Collections") },
      },
    },
  };
  for (const collection of featureCollections) {
    const base = `/collections/${collection.id}`;
    const filters = Object.entries(collection.properties)
      .filter(([, property]) => property.queryable)
      .map(([name, property]) => ({
        name,
        in: "query",
        required: false,
        description: property.title,
        schema: { type: property.type, ...(property.enum ? { enum: property.enum } : {}) },
      }));
    paths[base] = {
      get: {
        summary: collection.title,
        operationId: `describe-${collection.id}`,
        responses: { "200": jsonResponse("Collection"), ...errorResponses },
      },
    };
    paths[`${base}/queryables`] = {
      get: {
        summary: `Queryables of ${collection.id}`,
        operationId: `queryables-${collection.id}`,
        responses: { "200": jsonResponse("JSON Schema", "application/schema+json"), ...errorResponses },
      },
    };
    paths[`${base}/items`] = {
      get: {
        summary: `Features of ${collection.id}`,
        operationId: `items-${collection.id}`,
        parameters: [
          { $ref: "#/components/parameters/bbox" },
          { $ref: "#/components/parameters/limit" },
          { $ref: "#/components/parameters/offset" },
          ...filters,
        ],
        responses: {
          "200": jsonResponse("GeoJSON FeatureCollection", "application/geo+json"),
          ...errorResponses,
        },
      },
    };
    paths[`${base}/items/{featureId}`] = {
      get: {
        summary: `One feature of ${collection.id}`,
        operationId: `item-${collection.id}`,
        parameters: [{ name: "featureId", in: "path", required: true, schema: { type: collection.idType } }],
        responses: { "200": jsonResponse("GeoJSON Feature", "application/geo+json"), ...errorResponses },
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "Fangtu (房图) OGC API – Features",
      version: "1.0.0",
      description:
        "Office-space inventory of Party and government organs as OGC API – Features (Part 1: Core, GeoJSON).",
    },
    servers: [{ url: baseUrl }],
    paths,
    components: {
      parameters: {
        bbox: {
          name: "bbox",
          in: "query",
          required: false,
          style: "form",
          explode: false,
          description:
            "minLng,minLat,maxLng,maxLat in CRS84 (6 numbers with heights are accepted; heights are ignored)",
          schema: { type: "array", minItems: 4, maxItems: 6, items: { type: "number" } },
        },
        limit: {
          name: "limit",
          in: "query",
          required: false,
          description: `Page size; values above ${MAX_LIMIT} are clamped`,
          schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: 100 },
        },
        offset: {
          name: "offset",
          in: "query",
          required: false,
          schema: { type: "integer", minimum: 0, default: 0 },
        },
      },
    },
  };
}
