import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { pageRuleChecks } from "../../db/repositories/rule-checks.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import { ruleCatalogue, ruleCodes } from "../../domain/rule-catalogue.js";
import { explainCandidate } from "../../domain/rule-explanations.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, integerParameter, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";

/** A calendar date that exists ('2026-02-30' does not). */
const dateParameter = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "asOf must be a date written YYYY-MM-DD")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, "asOf is not a calendar date");

const querySchema = z
  .object({
    region: regionCodeParameter.optional(),
    rule: z.enum(ruleCodes, { error: () => `rule must be one of ${ruleCodes.join(", ")}` }).optional(),
    asOf: dateParameter.optional(),
    limit: integerParameter("limit", 1, 1000, 100),
    offset: integerParameter("offset", 0, 10_000_000, 0),
  })
  .strict();

const route = createRoute({
  method: "get",
  path: "/checks",
  summary:
    "Finding candidates of the rule checks (2017 management rules, 2014 standard) over the live ledger, within the reader's scope",
  request: { query: querySchema },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Rule check candidates" },
    ...errorResponses,
  },
});

/** Today in China (UTC+8), the day deadlines are judged at unless asOf says otherwise. */
function todayInChina(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

export function checkRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
    const query = c.req.valid("query");
    const scope = readScopeOf(requireReader(c));
    if (query.region) {
      const known = await db
        .selectFrom("regions")
        .select("code")
        .where("code", "=", query.region)
        .executeTakeFirst();
      if (!known)
        throw new ApiError("invalid_request", `Unknown region ${query.region}`, [
          { path: "region", message: `no region has the code ${query.region}` },
        ]);
    }
    const asOf = query.asOf ?? todayInChina();
    const rules = query.rule ? [query.rule] : ruleCodes;
    // Ordered (most severe first, then by rule), counted and paged in the database.
    const page = await pageRuleChecks(db, { asOf, region: query.region, scope }, rules, {
      limit: query.limit,
      offset: query.offset,
    });
    return c.json(
      {
        asOf,
        rules: rules.map((rule) => ({
          rule,
          name_zh: ruleCatalogue[rule].nameZh,
          name_en: ruleCatalogue[rule].nameEn,
          severity: ruleCatalogue[rule].severity,
          count: page.counts.get(rule) ?? 0,
        })),
        candidates: page.candidates.map(explainCandidate),
        total: page.total,
        limit: query.limit,
        offset: query.offset,
      },
      200,
    );
  });
}
