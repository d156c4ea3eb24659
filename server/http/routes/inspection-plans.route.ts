import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  type InspectionRow,
  listInspections,
  listPlans,
  type PlanRow,
  planById,
} from "../../db/repositories/inspection.repository.js";
import { isUnitOnly, type Principal, readScopeOf } from "../../domain/auth/access.js";
import { inspectionKinds, routineRule } from "../../domain/inspections/inspection-plans.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";
import { calendarDate } from "./consistency.route.js";
import { createdResponses, jsonBody, okResponses, staleVersion, versionField } from "./edit-support.js";
import { inspectionRoutesOfPlans } from "./inspection-plan-inspections.js";
import { optionalText, requiredText, requireInspectionStaff, withinLevel } from "./inspection-support.js";

const kindField = z.enum(inspectionKinds, {
  error: () => `kind must be one of ${inspectionKinds.join(", ")}`,
});
const yearField = z.number().int("year must be a whole number").min(2000).max(2100);

const createSchema = z
  .object({
    region: regionCodeParameter,
    year: yearField,
    kind: kindField,
    round: z.number().int("round must be a whole number").min(1).max(12).optional(),
    title: requiredText("title", 200),
    startsOn: calendarDate("startsOn"),
    endsOn: calendarDate("endsOn"),
    note: optionalText("note", 2000),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.kind === "routine" && body.round === undefined)
      context.addIssue({
        code: "custom",
        path: ["round"],
        message: "a routine plan names its round (1, 2, …)",
      });
    if (body.kind !== "routine" && body.round !== undefined)
      context.addIssue({ code: "custom", path: ["round"], message: "only routine plans have rounds" });
    if (body.endsOn < body.startsOn)
      context.addIssue({ code: "custom", path: ["endsOn"], message: "endsOn is before startsOn" });
    for (const field of ["startsOn", "endsOn"] as const)
      if (!body[field].startsWith(String(body.year)))
        context.addIssue({ code: "custom", path: [field], message: `${field} lies outside ${body.year}` });
  });

const patchSchema = z
  .object({
    version: versionField,
    title: requiredText("title", 200).optional(),
    startsOn: calendarDate("startsOn").optional(),
    endsOn: calendarDate("endsOn").optional(),
    note: optionalText("note", 2000),
    status: z.enum(["active", "cancelled"], { error: () => "status must be active or cancelled" }).optional(),
  })
  .strict();

const listQuery = z
  .object({
    region: regionCodeParameter.optional(),
    year: z
      .string()
      .regex(/^\d{4}$/, "year must be a four-digit year")
      .transform(Number)
      .optional(),
  })
  .strict();

/** A plan with its inspections and their progress. */
function planOf(plan: PlanRow, inspections: readonly InspectionRow[]) {
  const own = inspections.filter((inspection) => inspection.plan_id === plan.id);
  const live = own.filter((inspection) => inspection.status !== "cancelled");
  return {
    ...plan,
    inspections: own,
    counts: {
      inspections: live.length,
      done: live.filter((inspection) => inspection.status === "done").length,
      inProgress: live.filter((inspection) => inspection.status === "in_progress").length,
    },
  };
}

const planState = (plan: PlanRow) => ({
  title: plan.title,
  startsOn: plan.starts_on,
  endsOn: plan.ends_on,
  note: plan.note,
  status: plan.status,
  version: plan.version,
});

/** Inspection plans (监督检查计划): list with the routine rule, create, change or cancel. */
export function inspectionPlanRoutes(deps: AppDependencies) {
  const { db } = deps;

  /** Plans a principal reads: staff their level's and below; unit users those with their inspections. */
  async function readablePlans(principal: Principal, filter: { region?: string; year?: number }) {
    if (isUnitOnly(principal)) {
      const inspections = await listInspections(db, readScopeOf(principal), {});
      const planIds = new Set(inspections.flatMap((inspection) => inspection.plan_id ?? []));
      const plans = (await listPlans(db, null, filter)).filter((plan) => planIds.has(plan.id));
      return { plans, inspections };
    }
    const scope = readScopeOf(principal);
    const plans = await listPlans(db, scope.regionPrefix, filter);
    const inspections =
      plans.length === 0 ? [] : await listInspections(db, scope, { planIds: plans.map((plan) => plan.id) });
    return { plans, inspections };
  }

  async function existingPlan(principal: Principal, id: number): Promise<PlanRow> {
    const plan = await planById(db, id);
    if (!plan || isUnitOnly(principal) || !withinLevel(principal, plan.region_code))
      throw new ApiError("not_found", `Inspection plan ${id} not found`);
    return plan;
  }

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(
    createRoute({
      method: "get",
      path: "/inspection-plans",
      summary:
        "Inspection plans of a level and year with their inspections, and whether the level meets the rule of at least two routine rounds a year",
      request: { query: listQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const query = c.req.valid("query");
      const unitOnly = isUnitOnly(principal);
      const region = query.region ?? (unitOnly ? undefined : principal.regionCode);
      if (region && !unitOnly && !withinLevel(principal, region))
        throw new ApiError("not_found", `Region ${region} is outside your level`);
      const filter = {
        ...(region === undefined ? {} : { region }),
        ...(query.year === undefined ? {} : { year: query.year }),
      };
      const { plans, inspections } = await readablePlans(principal, filter);
      const shaped = plans.map((plan) => planOf(plan, inspections));
      const rule = routineRule(
        shaped.map((plan) => ({
          kind: plan.kind,
          round: plan.round,
          status: plan.status,
          inspections: plan.counts.inspections,
          done: plan.counts.done,
        })),
      );
      return c.json(
        {
          region: region ?? null,
          year: query.year ?? null,
          // The rule is about one level's year; a unit user sees only the plans touching them.
          routineRule: !unitOnly && region !== undefined && query.year !== undefined ? rule : null,
          plans: shaped,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/inspection-plans/{id}",
      summary: "One inspection plan with its inspections",
      request: { params: idParameters, query: z.object({}).strict() },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const plan = await existingPlan(principal, id);
      const inspections = await listInspections(db, readScopeOf(principal), { planIds: [id] });
      return c.json(planOf(plan, inspections), 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/inspection-plans",
      summary:
        "Create an inspection plan of a level and year: routine (a round), spot check or key re-inspection; inspectors, planners, administrators",
      request: { body: jsonBody(createSchema) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      requireInspectionStaff(principal, "create inspection plans");
      const body = c.req.valid("json");
      if (!withinLevel(principal, body.region))
        throw new ApiError("forbidden", `Region ${body.region} is outside your level`);
      const region = await db
        .selectFrom("regions")
        .select("code")
        .where("code", "=", body.region)
        .executeTakeFirst();
      if (!region)
        throw new ApiError("invalid_request", `No region ${body.region}`, [
          { path: "region", message: `no region ${body.region}` },
        ]);
      if (body.round !== undefined) {
        const taken = await db
          .selectFrom("inspection_plans")
          .select("id")
          .where("region_code", "=", body.region)
          .where("year", "=", body.year)
          .where("kind", "=", "routine")
          .where("round", "=", body.round)
          .where("status", "=", "active")
          .executeTakeFirst();
        if (taken)
          throw new ApiError(
            "conflict",
            `Routine round ${body.round} of ${body.year} already has plan ${taken.id} in ${body.region}`,
            [{ path: "round", message: `plan ${taken.id}` }],
          );
      }
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("inspection_plans")
          .values({
            region_code: body.region,
            year: body.year,
            kind: body.kind,
            round: body.round ?? null,
            title: body.title,
            starts_on: body.startsOn,
            ends_on: body.endsOn,
            note: body.note || null,
            created_by: principal.userId,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: body.region,
          action: "create",
          entity: "inspection_plan",
          entityId: row.id,
          after: { ...body, status: "active", version: 1 },
        });
        return row.id;
      });
      const plan = (await planById(db, id)) as PlanRow;
      return c.json(planOf(plan, []), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/inspection-plans/{id}",
      summary:
        "Change a plan's title, dates or note, or cancel it (its inspections not yet started are cancelled too)",
      request: { params: idParameters, body: jsonBody(patchSchema) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const plan = await existingPlan(principal, id);
      requireInspectionStaff(principal, "change inspection plans");
      if (body.version !== plan.version) throw staleVersion("inspection plan", id, plan.version);
      const startsOn = body.startsOn ?? plan.starts_on;
      const endsOn = body.endsOn ?? plan.ends_on;
      for (const [field, value] of [
        ["startsOn", startsOn],
        ["endsOn", endsOn],
      ] as const)
        if (!value.startsWith(String(plan.year)))
          throw new ApiError("invalid_request", `${field} lies outside ${plan.year}`, [
            { path: field, message: `outside ${plan.year}` },
          ]);
      if (endsOn < startsOn)
        throw new ApiError("invalid_request", "endsOn is before startsOn", [
          { path: "endsOn", message: "before startsOn" },
        ]);
      const inspections = await listInspections(db, readScopeOf(principal), { planIds: [id] });
      const outside = inspections.find(
        (inspection) =>
          inspection.status !== "cancelled" &&
          (inspection.planned_on < startsOn || inspection.planned_on > endsOn),
      );
      if (outside && body.status !== "cancelled")
        throw new ApiError(
          "domain_rule",
          `Inspection ${outside.id} is planned on ${outside.planned_on}, outside ${startsOn} – ${endsOn}`,
        );
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("inspection_plans")
          .set({
            title: body.title ?? plan.title,
            starts_on: startsOn,
            ends_on: endsOn,
            note: body.note === undefined ? plan.note : body.note || null,
            status: body.status ?? plan.status,
            updated_at: new Date(),
            version: plan.version + 1,
          })
          .where("id", "=", id)
          .where("version", "=", body.version)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw staleVersion("inspection plan", id, "newer");
        if (body.status === "cancelled" && plan.status !== "cancelled") {
          const cancelled = await trx
            .updateTable("inspections")
            .set((eb) => ({ status: "cancelled", version: eb("version", "+", 1), updated_at: new Date() }))
            .where("plan_id", "=", id)
            .where("status", "=", "planned")
            .returning("id")
            .execute();
          for (const row of cancelled)
            await appendAudit(trx, {
              userId: principal.userId,
              regionCode: plan.region_code,
              action: "update",
              entity: "inspection",
              entityId: row.id,
              before: { status: "planned" },
              after: { status: "cancelled", reason: `plan ${id} cancelled` },
            });
        }
        const after = (await planById(trx, id)) as PlanRow;
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: plan.region_code,
          action: "update",
          entity: "inspection_plan",
          entityId: id,
          before: planState(plan),
          after: planState(after),
        });
      });
      const after = (await planById(db, id)) as PlanRow;
      return c.json(planOf(after, await listInspections(db, readScopeOf(principal), { planIds: [id] })), 200);
    },
  );

  inspectionRoutesOfPlans(app, deps, existingPlan);
  return app;
}
