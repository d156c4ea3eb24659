import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { search } from "../../db/repositories/search.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { errorResponses, integerParameter } from "../schemas.js";
import { validationHook } from "../validation.js";

const querySchema = z
  .object({
    q: z.string().trim().min(1, "q must not be empty").max(50, "q must be at most 50 characters"),
    limit: integerParameter("limit", 1, 100, 50),
  })
  .strict();

const route = createRoute({
  method: "get",
  path: "/search",
  summary: "Units and buildings whose name contains q",
  request: { query: querySchema },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Hits" },
    ...errorResponses,
  },
});

export function searchRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
    const { q, limit } = c.req.valid("query");
    return c.json({ query: q, results: await search(db, q, limit, readScopeOf(requireReader(c))) }, 200);
  });
}
