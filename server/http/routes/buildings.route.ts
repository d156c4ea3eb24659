import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { buildingsInBBox } from "../../db/repositories/building.repository.js";
import { buildingDetail } from "../../db/repositories/building-detail.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import { parseBBox } from "../../domain/bbox.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, geoJsonHeaders, idParameters, integerParameter } from "../schemas.js";
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

const detailRoute = createRoute({
  method: "get",
  path: "/buildings/{id}",
  summary:
    "One building as a stack plan: floors (top first) with rooms and occupants, certificates, leases out, history",
  request: { params: idParameters, query: z.object({}).strict() },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Building" },
    ...errorResponses,
  },
});

export function buildingRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(detailRoute, async (c) => {
      const { id } = c.req.valid("param");
      const detail = await buildingDetail(db, id, readScopeOf(requireReader(c)));
      // Out of scope looks like missing: no probing of other regions' ids.
      if (!detail) throw new ApiError("not_found", `No building ${id}`);
      return c.json(detail, 200);
    })
    .openapi(route, async (c) => {
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
