import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { dashboard } from "../../db/repositories/dashboard.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";

const regionQuery = z.object({ region: regionCodeParameter.openapi({ example: "230000" }) }).strict();

const route = createRoute({
  method: "get",
  path: "/dashboard",
  summary:
    "Supervision dashboard of a region: totals (areas m², persons, rent 元, open findings) and the same per region one level down plus the region's own level (本级)",
  request: { query: regionQuery },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Dashboard" },
    ...errorResponses,
  },
});

/** A region the reader's scope does not reach answers as if it did not exist (as records do). */
export function outOfScope(scope: ReturnType<typeof readScopeOf>, code: string): boolean {
  return scope.regionPrefix !== null && !code.startsWith(scope.regionPrefix);
}

export function dashboardRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
    const { region } = c.req.valid("query");
    const scope = readScopeOf(requireReader(c));
    const result = outOfScope(scope, region) ? undefined : await dashboard(db, region, scope);
    if (!result) throw new ApiError("not_found", `No region ${region}`);
    return c.json(result, 200);
  });
}
