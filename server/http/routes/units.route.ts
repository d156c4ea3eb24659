import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { listUnits } from "../../db/repositories/unit.repository.js";
import { unitDetail } from "../../db/repositories/unit-detail.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters, integerParameter, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";

const querySchema = z
  .object({
    region: regionCodeParameter.optional(),
    kind: z.string().max(40).optional(),
    level: z.enum(["central", "provincial", "prefecture", "county", "township"]).optional(),
    limit: integerParameter("limit", 1, 1000, 100),
    offset: integerParameter("offset", 0, 10_000_000, 0),
  })
  .strict();

const route = createRoute({
  method: "get",
  path: "/units",
  summary: "Using units with authorised and actual headcount and the usable area they occupy",
  request: { query: querySchema },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Units" },
    ...errorResponses,
  },
});

const detailRoute = createRoute({
  method: "get",
  path: "/units/{id}",
  summary: "One unit: staffing by rank, occupied area by use category, sites, supervised units, leases in",
  request: { params: idParameters, query: z.object({}).strict() },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Unit" },
    ...errorResponses,
  },
});

export function unitRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(route, async (c) => {
      const query = c.req.valid("query");
      const { units, total } = await listUnits(db, query, readScopeOf(requireReader(c)));
      return c.json({ units, total, limit: query.limit, offset: query.offset }, 200);
    })
    .openapi(detailRoute, async (c) => {
      const { id } = c.req.valid("param");
      const detail = await unitDetail(db, id, readScopeOf(requireReader(c)));
      // Out of scope looks like missing, as for buildings and rooms.
      if (!detail) throw new ApiError("not_found", `No unit ${id}`);
      return c.json(detail, 200);
    });
}
