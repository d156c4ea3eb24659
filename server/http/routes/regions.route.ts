import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { listRegionBoundaries, listRegions } from "../../db/repositories/region.repository.js";
import { regionDetail } from "../../db/repositories/region-detail.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, geoJsonHeaders, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";

const querySchema = z
  .object({
    level: z.enum(["province", "prefecture", "county", "township"]).optional(),
    parent: regionCodeParameter.optional(),
    format: z.enum(["json", "geojson"]).optional().default("json"),
  })
  .strict();

const route = createRoute({
  method: "get",
  path: "/regions",
  summary: "Administrative regions (GB/T 2260); format=geojson returns boundaries as a FeatureCollection",
  request: { query: querySchema },
  responses: {
    200: {
      content: { "application/json": { schema: z.any() }, "application/geo+json": { schema: z.any() } },
      description: "Regions",
    },
    ...errorResponses,
  },
});

const detailRoute = createRoute({
  method: "get",
  path: "/regions/{code}",
  summary:
    "One region: ancestors, children, boundary bbox and the totals of what the reader may read in its subtree",
  request: {
    params: z.object({
      code: regionCodeParameter.openapi({ param: { name: "code", in: "path" }, example: "230227" }),
    }),
    query: z.object({}).strict(),
  },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Region" },
    ...errorResponses,
  },
});

export function regionRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(route, async (c) => {
      const { level, parent, format } = c.req.valid("query");
      if (format === "geojson") {
        const rows = await listRegionBoundaries(db, { level, parent });
        const features = rows.map(({ geometry, ...properties }) => ({
          type: "Feature" as const,
          id: properties.code,
          geometry,
          properties,
        }));
        return c.json({ type: "FeatureCollection", features }, 200, geoJsonHeaders);
      }
      return c.json({ regions: await listRegions(db, { level, parent }) }, 200);
    })
    .openapi(detailRoute, async (c) => {
      const { code } = c.req.valid("param");
      const detail = await regionDetail(db, code, readScopeOf(requireReader(c)));
      if (!detail) throw new ApiError("not_found", `No region ${code}`);
      return c.json(detail, 200);
    });
}
