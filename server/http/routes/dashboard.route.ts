import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { dashboard } from "../../db/repositories/dashboard.repository.js";
import {
  dashboardList,
  dashboardListMetricNames,
  dashboardListMetrics,
} from "../../db/repositories/dashboard-list.repository.js";
import { takeSnapshots, trendOf } from "../../db/repositories/dashboard-snapshot.repository.js";
import { dashboardMap, dashboardUnit } from "../../db/repositories/dashboard-unit.repository.js";
import {
  isAdministrationStaff,
  type ReadScope,
  readScopeOf,
  regionWithin,
} from "../../domain/auth/access.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, geoJsonHeaders, idParameters, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";
import { calendarDate, todayInChina } from "./consistency.route.js";

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

const snapshotRoute = createRoute({
  method: "post",
  path: "/dashboard/snapshots",
  summary:
    "Take today's dashboard snapshot of a region and every region below it (planners and system administrators); again the same day replaces that day's figures",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({ region: regionCodeParameter.optional() }).strict(),
        },
      },
      required: false,
    },
  },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Snapshots taken" },
    ...errorResponses,
  },
});

const trendRoute = createRoute({
  method: "get",
  path: "/dashboard/trend",
  summary: "A region's dashboard snapshots over time (idle-space trend), oldest first; administration staff",
  request: {
    query: regionQuery
      .extend({ from: calendarDate("from").optional(), to: calendarDate("to").optional() })
      .strict(),
  },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Trend" },
    ...errorResponses,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/dashboard/list",
  summary:
    "The records behind one dashboard number of a region (buildings, units, leases or conversions); their values sum to the number",
  request: {
    query: regionQuery
      .extend({
        metric: z.enum(dashboardListMetricNames, {
          error: () => `metric must be one of ${dashboardListMetricNames.join(", ")}`,
        }),
        own: z.enum(["1"], { error: () => "own must be 1 (only the region's own level, 本级)" }).optional(),
      })
      .strict(),
  },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "List" },
    ...errorResponses,
  },
});

const mapRoute = createRoute({
  method: "get",
  path: "/dashboard/map",
  summary:
    "The dashboard map of a region: its children's boundaries (simplified) and, at county level, its units as points (GeoJSON)",
  request: { query: regionQuery },
  responses: {
    200: { content: { "application/geo+json": { schema: z.any() } }, description: "Features" },
    ...errorResponses,
  },
});

const unitRoute = createRoute({
  method: "get",
  path: "/dashboard/units/{id}",
  summary:
    "The bottom of the drill-down: a unit's area by use category, entitlement against actual use, leases in and findings",
  request: { params: idParameters, query: z.object({}).strict() },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Unit figures" },
    ...errorResponses,
  },
});

/** A region the reader's level does not reach answers as if it did not exist (as records do). */
function outOfScope(scope: ReadScope, code: string): boolean {
  return scope.regionPrefix !== null && !code.startsWith(scope.regionPrefix);
}

async function regionExists(db: AppDependencies["db"], code: string): Promise<boolean> {
  return (
    (await db.selectFrom("regions").select("code").where("code", "=", code).executeTakeFirst()) !== undefined
  );
}

export function dashboardRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(route, async (c) => {
      const { region } = c.req.valid("query");
      const scope = readScopeOf(requireReader(c));
      const result = outOfScope(scope, region)
        ? undefined
        : await dashboard(db, region, scope, todayInChina());
      if (!result) throw new ApiError("not_found", `No region ${region}`);
      return c.json(result, 200);
    })
    .openapi(listRoute, async (c) => {
      const { region, metric, own } = c.req.valid("query");
      const scope = readScopeOf(requireReader(c));
      if (outOfScope(scope, region) || !(await regionExists(db, region)))
        throw new ApiError("not_found", `No region ${region}`);
      const rows = await dashboardList(db, region, scope, metric, own === "1");
      const total = Math.round(rows.reduce((sum, row) => sum + row.value, 0) * 100) / 100;
      return c.json(
        {
          region,
          own: own === "1",
          metric,
          figure: dashboardListMetrics[metric],
          total,
          count: rows.length,
          rows,
        },
        200,
      );
    })
    .openapi(mapRoute, async (c) => {
      const { region } = c.req.valid("query");
      const scope = readScopeOf(requireReader(c));
      const row = outOfScope(scope, region)
        ? undefined
        : await db.selectFrom("regions").select("level").where("code", "=", region).executeTakeFirst();
      if (!row) throw new ApiError("not_found", `No region ${region}`);
      const features = await dashboardMap(db, region, row.level, scope);
      return c.json({ type: "FeatureCollection", features }, 200, geoJsonHeaders);
    })
    .openapi(unitRoute, async (c) => {
      const { id } = c.req.valid("param");
      const scope = readScopeOf(requireReader(c));
      const result = await dashboardUnit(db, id, scope, todayInChina());
      if (!result) throw new ApiError("not_found", `No unit ${id}`);
      return c.json(result, 200);
    })
    .openapi(snapshotRoute, async (c) => {
      const principal = requireReader(c);
      if (!principal.roles.includes("system_admin") && !principal.roles.includes("planner"))
        throw new ApiError("forbidden", "Only planners and system administrators take dashboard snapshots");
      const body = (c.req.header("content-type") ?? "").includes("json") ? c.req.valid("json") : {};
      const region = body.region ?? principal.regionCode;
      const reachable =
        principal.roles.includes("system_admin") || regionWithin(region, principal.regionCode);
      if (!reachable || !(await regionExists(db, region)))
        throw new ApiError("not_found", `No region ${region}`);
      const result = await db.transaction().execute((trx) => takeSnapshots(trx, region, todayInChina()));
      return c.json({ region, ...result }, 200);
    })
    .openapi(trendRoute, async (c) => {
      const { region, from, to } = c.req.valid("query");
      const principal = requireReader(c);
      if (!isAdministrationStaff(principal))
        throw new ApiError("forbidden", "The dashboard trend is for administration staff");
      if (from && to && from > to)
        throw new ApiError("invalid_request", "from is after to", [
          { path: "from", message: `${from} > ${to}` },
        ]);
      if (outOfScope(readScopeOf(principal), region) || !(await regionExists(db, region)))
        throw new ApiError("not_found", `No region ${region}`);
      return c.json({ region, points: await trendOf(db, region, { from, to }) }, 200);
    });
}
