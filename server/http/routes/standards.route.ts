import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import { loadStandardParameters } from "../../db/repositories/standard-parameters.repository.js";
import {
  type RecomputeResult,
  recomputeStandardStatus,
} from "../../db/repositories/standard-status.repository.js";
import { unitEntitlementReport } from "../../db/repositories/unit-entitlement.repository.js";
import { isAdministrationStaff, readScopeOf, regionWithin } from "../../domain/auth/access.js";
import { entitlement } from "../../domain/standards/entitlement.js";
import { isSubProvincial } from "../../domain/standards/levels.js";
import { organLevels } from "../../domain/standards/parameters.js";
import { apiRankCode, internalRankCode, validApiRanks } from "../../domain/standards/rank-codes.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";

const entitlementBody = z
  .object({
    level: z.enum(organLevels),
    staffing: z
      .array(
        z
          .object({
            rank: z.string().min(1).max(40).openapi({ example: "department_head" }),
            authorized: z
              .number()
              .int("authorized must be a whole number")
              .min(0, "authorized must not be negative")
              .max(100_000),
          })
          .strict(),
      )
      .min(1, "staffing must list at least one rank")
      .max(50),
    /** m² per authorised person; the province's parameter when absent. */
    serviceAllowancePerPerson: z.number().min(0).max(100).optional(),
    highRise: z.boolean().optional(),
    ancillaryGrossArea: z.number().min(0).max(10_000_000).optional(),
    /** Whose parameters (and, for a prefecture organ, whether of a sub-provincial city): the caller's region by default. */
    region: regionCodeParameter.optional(),
  })
  .strict()
  .superRefine((body, context) => {
    const seen = new Set<string>();
    body.staffing.forEach((line, index) => {
      if (internalRankCode(body.level, line.rank) === undefined) {
        context.addIssue({
          code: "custom",
          path: ["staffing", index, "rank"],
          message: `unknown rank "${line.rank}" for level ${body.level}; valid ranks: ${validApiRanks(body.level).join(", ")}`,
        });
      } else if (seen.has(line.rank)) {
        context.addIssue({
          code: "custom",
          path: ["staffing", index, "rank"],
          message: `rank "${line.rank}" is listed twice`,
        });
      }
      seen.add(line.rank);
    });
  })
  .openapi("EntitlementRequest", {
    example: {
      level: "provincial",
      staffing: [
        { rank: "department_head", authorized: 1 },
        { rank: "department_deputy", authorized: 3 },
        { rank: "division_head", authorized: 8 },
        { rank: "division_deputy", authorized: 10 },
        { rank: "below_division", authorized: 40 },
      ],
    },
  });

const entitlementRoute = createRoute({
  method: "post",
  path: "/standards/entitlement",
  summary:
    "Entitled area under the 2014 standard (发改投资〔2014〕2674号) for an authorised staffing: offices A, service rooms B, equipment 9 %, gross S = [A + B + (A + B) × 9 %] / K + C",
  request: { body: { content: { "application/json": { schema: entitlementBody } }, required: true } },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Entitlement (m²)" },
    ...errorResponses,
  },
});

const unitEntitlementRoute = createRoute({
  method: "get",
  path: "/units/{id}/entitlement",
  summary:
    "A unit's entitlement against its actual use by category, surplus/shortfall, per-person office checks and explanations",
  request: { params: idParameters, query: z.object({}).strict() },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Unit entitlement" },
    ...errorResponses,
  },
});

const recomputeRoute = createRoute({
  method: "post",
  path: "/standards/recompute",
  summary:
    "Recomputes, set-based, every unit's entitlement, actual use, surplus/shortfall and office checks of a region (the caller's by default) into the stored standard status",
  request: { query: z.object({ region: regionCodeParameter.optional() }).strict() },
  responses: {
    200: {
      content: { "application/json": { schema: z.any() } },
      description: "Units recomputed, by status, and the time taken (ms)",
    },
    ...errorResponses,
  },
});

export function standardsRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(entitlementRoute, async (c) => {
      const principal = requireReader(c);
      const body = c.req.valid("json");
      const region = body.region ?? principal.regionCode;
      const parameters = await loadStandardParameters(db, region);
      const staffing = body.staffing.map((line) => ({
        rank: internalRankCode(body.level, line.rank) ?? line.rank,
        authorized: line.authorized,
      }));
      const result = entitlement(
        body.level,
        staffing,
        {
          ...(body.serviceAllowancePerPerson === undefined
            ? {}
            : { serviceAllowancePerPerson: body.serviceAllowancePerPerson }),
          ...(body.highRise === undefined ? {} : { highRise: body.highRise }),
          ...(body.ancillaryGrossArea === undefined ? {} : { ancillaryGrossArea: body.ancillaryGrossArea }),
          subProvincial:
            body.level === "prefecture" &&
            body.region !== undefined &&
            isSubProvincial(body.region, parameters),
        },
        parameters,
      );
      return c.json(
        {
          ...result,
          lines: result.lines.map(({ rank, ...line }) => ({
            rank: apiRankCode(rank) ?? rank,
            rankCode: rank,
            ...line,
          })),
        },
        200,
      );
    })
    .openapi(unitEntitlementRoute, async (c) => {
      const { id } = c.req.valid("param");
      const report = await unitEntitlementReport(db, id, readScopeOf(requireReader(c)));
      // Out of scope looks like missing, as for the unit detail.
      if (!report) throw new ApiError("not_found", `No unit ${id}`);
      return c.json(report, 200);
    })
    .openapi(recomputeRoute, async (c) => {
      const principal = requireReader(c);
      if (!isAdministrationStaff(principal))
        throw new ApiError("forbidden", "Only administration staff recompute the standard status");
      const { region: requested } = c.req.valid("query");
      const systemAdmin = principal.roles.includes("system_admin");
      // A system administrator recomputes every unit unless told a region; staff their own region.
      const region = requested ?? (systemAdmin ? undefined : principal.regionCode);
      if (requested) {
        const known = await db
          .selectFrom("regions")
          .select("code")
          .where("code", "=", requested)
          .executeTakeFirst();
        if (!known)
          throw new ApiError("invalid_request", `Unknown region ${requested}`, [
            { path: "region", message: `no region has the code ${requested}` },
          ]);
        if (!systemAdmin && !regionWithin(requested, principal.regionCode))
          throw new ApiError(
            "forbidden",
            `Region ${requested} is outside your region ${principal.regionCode}`,
          );
      }
      const started = performance.now();
      const result = await db.transaction().execute(async (trx): Promise<RecomputeResult> => {
        const recomputed = await recomputeStandardStatus(trx, { region });
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: region ?? null,
          action: "apply",
          entity: "unit_standard_status",
          entityId: region ?? "all",
          after: {
            units: recomputed.units,
            byStatus: recomputed.byStatus,
            overStandardPersons: recomputed.overStandardPersons,
            parametersVersions: recomputed.parametersVersions,
          },
        });
        return recomputed;
      });
      return c.json(
        {
          region: region ?? null,
          units: result.units,
          byStatus: result.byStatus,
          overStandardPersons: result.overStandardPersons,
          parametersVersions: result.parametersVersions,
          elapsedMs: Math.round(performance.now() - started),
        },
        200,
      );
    });
}
