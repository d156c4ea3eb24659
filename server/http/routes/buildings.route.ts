import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { buildingsInBBox } from "../../db/repositories/building.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import { parseBBox } from "../../domain/bbox.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, geoJsonHeaders, integerParameter } from "../schemas.js";
import { validationHook } from "../validation.js";

const querySchema = z
  .object({
    bbox: z
      .string()
      .openapi({ description: "minLng,minLat,maxLng,maxLat (WGS84)", example: "126.6,45.7,126.7,45.8" }),
    limit: integerParameter("limit", 1, 10_000, 5000),
  })
  .strict();

const route = createRoute({
  method: "get",
  path: "/buildings",
  summary: "Buildings meeting a bbox, as a GeoJSON FeatureCollection",
  request: { query: querySchema },
  responses: {
    200: { content: { "application/geo+json": { schema: z.any() } }, description: "Buildings" },
    ...errorResponses,
  },
});

export function buildingRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
    const query = c.req.valid("query");
    const parsed = parseBBox(query.bbox);
    if (!parsed.ok)
      throw new ApiError("invalid_request", parsed.message, [{ path: "bbox", message: parsed.message }]);
    const rows = await buildingsInBBox(db, parsed.bbox, query.limit, readScopeOf(requireReader(c)));
    const features = rows.map(({ geometry, ...properties }) => ({
      type: "Feature" as const,
      id: properties.id,
      geometry,
      properties,
    }));
    return c.json(
      { type: "FeatureCollection", features, numberReturned: features.length },
      200,
      geoJsonHeaders,
    );
  });
}
