import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { readScopeOf } from "../../domain/auth/access.js";
import { parseTileAddress } from "../../tiles/tile-address.js";
import type { TileSource } from "../../tiles/tile-layer.js";
import { TileService } from "../../tiles/tile-service.js";
import { findTileSource, tileSources } from "../../tiles/tile-sources.js";
import { tileCatalog, tileJson, tilesetMetadata } from "../../tiles/tilejson.js";
import { requireReader, signedIn } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses } from "../schemas.js";
import { validationHook } from "../validation.js";

const MVT = "application/vnd.mapbox-vector-tile";

const sourceParameter = z
  .string()
  .max(64)
  .openapi({ param: { name: "source", in: "path" }, example: "buildings" });
const segment = (name: string, example: string) =>
  z
    .string()
    .max(16)
    .openapi({ param: { name, in: "path" }, example });

const notFoundResponse = {
  404: { content: { "application/json": { schema: z.any() } }, description: "No such tile source" },
} as const;

const catalogRoute = createRoute({
  method: "get",
  path: "/",
  summary: "The vector tile sources with their TileJSON URLs",
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Catalogue" },
  },
});

const tileJsonRoute = createRoute({
  method: "get",
  path: "/{source}",
  summary: "TileJSON 3.0.0 of a source",
  request: { params: z.object({ source: sourceParameter }) },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "TileJSON" },
    ...notFoundResponse,
  },
});

const metadataRoute = createRoute({
  method: "get",
  path: "/{source}/metadata.json",
  summary: "Tileset metadata.json of a source (MBTiles-style, as GDAL's MVT driver reads it)",
  request: { params: z.object({ source: sourceParameter }) },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "metadata.json" },
    ...notFoundResponse,
  },
});

const tileRoute = createRoute({
  method: "get",
  path: "/{source}/{z}/{x}/{y}",
  summary: "One Mapbox Vector Tile (XYZ scheme; y may end in .pbf or .mvt)",
  request: {
    params: z.object({
      source: sourceParameter,
      z: segment("z", "15"),
      x: segment("x", "27912"),
      y: segment("y", "11690"),
    }),
  },
  responses: {
    200: { content: { [MVT]: { schema: z.any() } }, description: "Tile (empty when nothing is there)" },
    304: { description: "Not modified (If-None-Match)" },
    ...errorResponses,
    ...notFoundResponse,
  },
});

function sourceOrThrow(id: string): TileSource {
  const source = findTileSource(id);
  if (!source) {
    const known = tileSources.map((candidate) => candidate.id).join(", ");
    throw new ApiError("not_found", `No tile source "${id}"; the sources are ${known}`);
  }
  return source;
}

/** Whether an Accept-Encoding header admits `coding` (explicitly or through `*`, with q > 0). */
export function acceptsEncoding(header: string | undefined, coding: string): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(",")) {
    const [name = "", ...parameters] = part.trim().toLowerCase().split(";");
    const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
    const admitted = q === undefined || Number(q) > 0;
    if (name.trim() === coding) return admitted;
    if (name.trim() === "*") wildcard = admitted;
  }
  return wildcard;
}

/** The If-None-Match entity tags that match one of `current` (weak comparison, RFC 9110 §13.1.2). */
function matchingTag(header: string | undefined, current: readonly string[]): string | undefined {
  if (!header) return undefined;
  if (header.trim() === "*") return current[0];
  const tags = header.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  return current.find((tag) => tags.includes(tag));
}

/**
 * `/tiles`: catalogue, TileJSON per source and the tiles themselves (see DESIGN.md, HTTP surface),
 * for signed-in readers (session cookie or access token); each tile holds what its reader may read.
 */
export function tileRoutes({ db, mode }: AppDependencies) {
  const service = new TileService(db, mode);
  const originOf = (url: string) => new URL(url).origin;

  const routes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Before validation, as on /ogc: an anonymous client learns nothing about paths (401 before 400).
  routes.use(signedIn);
  return routes
    .openapi(catalogRoute, (c) => c.json(tileCatalog(originOf(c.req.url)), 200))
    .openapi(tileJsonRoute, async (c) => {
      const source = sourceOrThrow(c.req.valid("param").source);
      const bounds = await service.bounds(await service.state());
      return c.json(tileJson(source, originOf(c.req.url), bounds), 200);
    })
    .openapi(metadataRoute, async (c) => {
      const source = sourceOrThrow(c.req.valid("param").source);
      const bounds = await service.bounds(await service.state());
      return c.json(tilesetMetadata(source, bounds), 200);
    })
    .openapi(tileRoute, async (c) => {
      const scope = readScopeOf(requireReader(c));
      const params = c.req.valid("param");
      const source = sourceOrThrow(params.source);
      const address = parseTileAddress(params.z, params.x, params.y);
      if (!address.ok) {
        throw new ApiError("invalid_request", address.message, [
          { path: address.path, message: address.message },
        ]);
      }
      const state = await service.state();
      const identity = service.etag(state, scope, source, address.tile);
      const gzipTag = `${identity.slice(0, -1)}-gzip"`;
      const gzip = acceptsEncoding(c.req.header("Accept-Encoding"), "gzip");
      // Revalidate every time: a 304 costs one small query, and edits show up at once. Private: the
      // tile is the reader's (a shared cache must not hand it to another); Vary names what it varies by.
      const common = {
        "Cache-Control": "private, no-cache",
        Vary: "Accept-Encoding, Authorization, Cookie",
      };
      const matched = matchingTag(c.req.header("If-None-Match"), [identity, gzipTag]);
      if (matched) return c.body(null, 304, { ...common, ETag: matched });
      const encoded = await service.tile(state, scope, source, address.tile, gzip);
      return c.body(encoded.bytes, 200, {
        ...common,
        "Content-Type": MVT,
        ETag: encoded.gzipped ? gzipTag : identity,
        ...(encoded.gzipped ? { "Content-Encoding": "gzip" } : {}),
      });
    });
}
