import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  insertStandardParameters,
  listStandardParameters,
  loadStandardParameters,
  provinceOf,
} from "../../db/repositories/standard-parameters.repository.js";
import type { Principal } from "../../domain/auth/access.js";
import { standardParametersSchema, TOWNSHIP_LIMIT_CEILING } from "../../domain/standards/parameters.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";

/** The 2014 standard's minimum net-to-gross coefficients: a province may set K higher, never lower. */
const K_MULTI_STOREY_MIN = 0.65;
const K_HIGH_RISE_MIN = 0.6;

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "effectiveFrom must be a date written YYYY-MM-DD")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, "effectiveFrom is not a calendar date");
const allowance = z.number().finite().min(0, "an allowance may not be negative").max(100);
const townshipLimit = z
  .number()
  .positive()
  .max(
    TOWNSHIP_LIMIT_CEILING,
    `township office limits may not exceed the county 副职 figure (${TOWNSHIP_LIMIT_CEILING} m²)`,
  );

const parametersBody = z
  .object({
    version: z
      .string()
      .regex(/^[0-9A-Za-z][0-9A-Za-z._-]{0,59}$/, "version must be 1–60 letters, digits, '.', '_' or '-'"),
    effectiveFrom: calendarDate,
    /** The province the set is for: the caller's by default. */
    region: regionCodeParameter.optional(),
    serviceAllowancePerPerson: z
      .object({
        central: allowance,
        provincial: allowance,
        prefecture: allowance,
        county: allowance,
        township: allowance,
      })
      .strict()
      .optional(),
    townshipOfficeLimits: z
      .object({ township_head: townshipLimit, township_deputy: townshipLimit, township_staff: townshipLimit })
      .strict()
      .optional(),
    netToGross: z
      .object({
        multiStorey: z
          .number()
          .min(
            K_MULTI_STOREY_MIN,
            `K for multi-storey buildings must be at least ${K_MULTI_STOREY_MIN} (2014 standard)`,
          )
          .max(1),
        highRise: z
          .number()
          .min(
            K_HIGH_RISE_MIN,
            `K for high-rise buildings must be at least ${K_HIGH_RISE_MIN} (2014 standard)`,
          )
          .max(1),
      })
      .strict()
      .optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .openapi("StandardParametersRequest", {
    example: {
      version: "230000-2026.1",
      effectiveFrom: "2026-12-01",
      serviceAllowancePerPerson: { central: 9, provincial: 9, prefecture: 8, county: 7, township: 6 },
      townshipOfficeLimits: { township_head: 18, township_deputy: 12, township_staff: 9 },
      netToGross: { multiStorey: 0.65, highRise: 0.6 },
      note: "省机关事务管理局确认的服务用房指标",
    },
  });

const listRoute = createRoute({
  method: "get",
  path: "/standards/parameters",
  summary:
    "The province's versioned parameter sets of the standards engine, newest first, with the one in effect",
  request: { query: z.object({ region: regionCodeParameter.optional() }).strict() },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Parameter sets" },
    ...errorResponses,
  },
});

const createParametersRoute = createRoute({
  method: "post",
  path: "/standards/parameters",
  summary:
    "Adds a parameter set (service-room allowance per person, township office limits, K) as a new version; the old versions stay",
  request: { body: { content: { "application/json": { schema: parametersBody } }, required: true } },
  responses: {
    201: { content: { "application/json": { schema: z.any() } }, description: "The new version" },
    ...errorResponses,
  },
});

/** System administrators, and planners or approvers of the province's own administration. */
function mayDefineParameters(principal: Principal, province: string): boolean {
  if (principal.roles.includes("system_admin")) return true;
  return (
    principal.regionCode === province &&
    principal.roles.some((role) => role === "planner" || role === "approver")
  );
}

export function standardParametersRoutes({ db }: AppDependencies) {
  const knownRegion = async (code: string) => {
    const row = await db.selectFrom("regions").select("code").where("code", "=", code).executeTakeFirst();
    if (!row)
      throw new ApiError("invalid_request", `Unknown region ${code}`, [
        { path: "region", message: `no region has the code ${code}` },
      ]);
  };
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      const principal = requireReader(c);
      const { region } = c.req.valid("query");
      if (region) await knownRegion(region);
      const province = provinceOf(region ?? principal.regionCode);
      const versions = await listStandardParameters(db, province);
      return c.json(
        { province, inEffect: versions.find((entry) => entry.inEffect)?.version ?? null, versions },
        200,
      );
    })
    .openapi(createParametersRoute, async (c) => {
      const principal = requireReader(c);
      const body = c.req.valid("json");
      if (body.region) await knownRegion(body.region);
      const province = provinceOf(body.region ?? principal.regionCode);
      if (!mayDefineParameters(principal, province))
        throw new ApiError(
          "forbidden",
          `Only a system administrator or the provincial administration of ${province} sets its standard parameters`,
        );
      // Figures not given are carried over from the set in effect today.
      const base = await loadStandardParameters(db, province);
      const parsed = standardParametersSchema.safeParse({
        ...base,
        version: body.version,
        effectiveFrom: body.effectiveFrom,
        regionCode: province,
        isDefault: false,
        ...(body.serviceAllowancePerPerson && { serviceAllowancePerPerson: body.serviceAllowancePerPerson }),
        ...(body.townshipOfficeLimits && { townshipOfficeLimits: body.townshipOfficeLimits }),
        ...(body.netToGross && { netToGross: body.netToGross }),
      });
      if (!parsed.success)
        throw new ApiError(
          "invalid_request",
          parsed.error.issues.map((issue) => issue.message).join("; "),
          parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
        );
      const parameters = parsed.data;
      const created = await db.transaction().execute(async (trx) => {
        const row = await insertStandardParameters(trx, parameters, body.note ?? null);
        if (!row) return undefined;
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: province,
          action: "create",
          entity: "standard_parameters",
          entityId: row.id,
          after: { ...parameters, note: body.note ?? null },
        });
        return row;
      });
      if (!created)
        throw new ApiError("conflict", `Province ${province} already has a parameter set ${body.version}`, [
          { path: "version", message: "versions are never overwritten: choose a new version" },
        ]);
      return c.json({ id: created.id, note: body.note ?? null, parameters }, 201);
    });
}
