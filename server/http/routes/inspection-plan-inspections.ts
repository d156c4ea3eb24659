import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  type InspectionRow,
  listInspections,
  type PlanRow,
} from "../../db/repositories/inspection.repository.js";
import { type Principal, readScopeOf, regionWithin } from "../../domain/auth/access.js";
import { inspectionStatuses } from "../../domain/inspections/inspection-plans.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters, regionCodeParameter } from "../schemas.js";
import { calendarDate } from "./consistency.route.js";
import { createdResponses, jsonBody, okResponses, staleVersion, versionField } from "./edit-support.js";
import {
  optionalText,
  positiveId,
  readableInspection,
  requireInspectionStaff,
  workableInspection,
} from "./inspection-support.js";

const createSchema = z
  .object({
    unitId: positiveId("unitId").optional(),
    buildingId: positiveId("buildingId").optional(),
    plannedOn: calendarDate("plannedOn"),
    inspectorId: positiveId("inspectorId").optional(),
    note: optionalText("note", 2000),
  })
  .strict()
  .refine((body) => body.unitId !== undefined || body.buildingId !== undefined, {
    path: ["unitId"],
    message: "an inspection is of a unit (unitId), a building (buildingId) or both",
  });

const patchSchema = z
  .object({
    version: versionField,
    plannedOn: calendarDate("plannedOn").optional(),
    inspectorId: positiveId("inspectorId").nullable().optional(),
    note: optionalText("note", 2000),
    status: z.literal("cancelled", { error: () => "status may only be set to cancelled here" }).optional(),
  })
  .strict();

const listQuery = z
  .object({
    plan: z
      .string()
      .regex(/^\d{1,9}$/, "plan must be a plan id")
      .transform(Number)
      .optional(),
    unit: z
      .string()
      .regex(/^\d{1,9}$/, "unit must be a unit id")
      .transform(Number)
      .optional(),
    region: regionCodeParameter.optional(),
    status: z
      .enum(inspectionStatuses, { error: () => `status must be one of ${inspectionStatuses.join(", ")}` })
      .optional(),
  })
  .strict();

const invalid = (path: string, message: string) =>
  new ApiError("invalid_request", message, [{ path, message }]);

const inspectionState = (row: {
  planned_on: string;
  inspector_id: number | null;
  note: string | null;
  status: string;
  version: number;
}) => ({
  plannedOn: row.planned_on,
  inspectorId: row.inspector_id,
  note: row.note,
  status: row.status,
  version: row.version,
});

/**
 * Inspections of plans: add one (a unit or building, a date within the plan, an inspector of the
 * level), list, read, reschedule, reassign or cancel.
 */
export function inspectionRoutesOfPlans(
  app: OpenAPIHono<AppEnv>,
  { db }: AppDependencies,
  existingPlan: (principal: Principal, id: number) => Promise<PlanRow>,
) {
  /** The inspector must hold the inspector role at the plan's level or above. */
  async function checkInspector(planRegion: string, inspectorId: number) {
    const inspector = await db
      .selectFrom("users as u")
      .innerJoin("user_roles as r", "r.user_id", "u.id")
      .select(["u.id", "u.region_code"])
      .where("u.id", "=", inspectorId)
      .where("r.role_code", "=", "inspector")
      .where("u.is_active", "=", true)
      .executeTakeFirst();
    if (!inspector || !regionWithin(planRegion, inspector.region_code))
      throw invalid("inspectorId", `User ${inspectorId} is no inspector of this plan's level`);
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/inspection-plans/{id}/inspectors",
      summary: "The inspectors who may be assigned to the plan's inspections",
      request: { params: idParameters, query: z.object({}).strict() },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const plan = await existingPlan(principal, c.req.valid("param").id);
      const rows = await db
        .selectFrom("users as u")
        .innerJoin("user_roles as r", "r.user_id", "u.id")
        .select(["u.id", "u.username", "u.display_name", "u.region_code"])
        .where("r.role_code", "=", "inspector")
        .where("u.is_active", "=", true)
        .orderBy("u.id")
        .execute();
      const inspectors = rows.filter((row) => regionWithin(plan.region_code, row.region_code));
      return c.json({ inspectors }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/inspection-plans/{id}/inspections",
      summary: "Add an inspection of a unit or building to a plan, with its planned date and inspector",
      request: { params: idParameters, body: jsonBody(createSchema) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const plan = await existingPlan(principal, id);
      requireInspectionStaff(principal, "add inspections");
      if (plan.status === "cancelled")
        throw new ApiError("domain_rule", `Plan ${id} was cancelled: it takes no inspections`);
      if (body.plannedOn < plan.starts_on || body.plannedOn > plan.ends_on)
        throw invalid(
          "plannedOn",
          `plannedOn ${body.plannedOn} lies outside the plan (${plan.starts_on} – ${plan.ends_on})`,
        );
      let regionCode: string | undefined;
      if (body.unitId !== undefined) {
        const unit = await db
          .selectFrom("units")
          .select(["id", "region_code"])
          .where("id", "=", body.unitId)
          .executeTakeFirst();
        if (!unit || !regionWithin(unit.region_code, plan.region_code))
          throw invalid("unitId", `No unit ${body.unitId} at the plan's level (${plan.region_name})`);
        regionCode = unit.region_code;
      }
      if (body.buildingId !== undefined) {
        const building = await db
          .selectFrom("buildings")
          .select(["id", "region_code"])
          .where("id", "=", body.buildingId)
          .executeTakeFirst();
        if (!building || !regionWithin(building.region_code, plan.region_code))
          throw invalid(
            "buildingId",
            `No building ${body.buildingId} at the plan's level (${plan.region_name})`,
          );
        if (body.unitId !== undefined) {
          const occupies = await db
            .selectFrom("rooms")
            .select("id")
            .where("building_id", "=", body.buildingId)
            .where("occupant_unit_id", "=", body.unitId)
            .executeTakeFirst();
          if (!occupies)
            throw invalid(
              "buildingId",
              `Unit ${body.unitId} occupies no room in building ${body.buildingId}`,
            );
        }
        regionCode = building.region_code;
      }
      if (body.inspectorId !== undefined) await checkInspector(plan.region_code, body.inspectorId);
      let duplicate = db
        .selectFrom("inspections")
        .select("id")
        .where("plan_id", "=", id)
        .where("status", "<>", "cancelled");
      duplicate =
        body.unitId === undefined
          ? duplicate.where("unit_id", "is", null)
          : duplicate.where("unit_id", "=", body.unitId);
      duplicate =
        body.buildingId === undefined
          ? duplicate.where("building_id", "is", null)
          : duplicate.where("building_id", "=", body.buildingId);
      const existing = await duplicate.executeTakeFirst();
      if (existing)
        throw new ApiError(
          "conflict",
          `Plan ${id} already holds inspection ${existing.id} of the same unit and building`,
        );
      const created = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("inspections")
          .values({
            plan_id: id,
            region_code: regionCode as string,
            kind: plan.kind,
            unit_id: body.unitId ?? null,
            building_id: body.buildingId ?? null,
            planned_on: body.plannedOn,
            inspector_id: body.inspectorId ?? null,
            note: body.note || null,
            status: "planned",
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: regionCode ?? plan.region_code,
          action: "create",
          entity: "inspection",
          entityId: row.id,
          after: { planId: id, kind: plan.kind, ...body, status: "planned", version: 1 },
        });
        return row.id;
      });
      return c.json(await readableInspection(db, principal, created), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/inspections",
      summary:
        "Inspections the reader may read, by plan, unit, region or status (unit users: their units', spot checks once done)",
      request: { query: listQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const query = c.req.valid("query");
      const inspections: InspectionRow[] = await listInspections(db, readScopeOf(principal), {
        ...(query.plan === undefined ? {} : { planIds: [query.plan] }),
        ...(query.unit === undefined ? {} : { unitId: query.unit }),
        ...(query.region === undefined ? {} : { region: query.region }),
        ...(query.status === undefined ? {} : { status: query.status }),
      });
      return c.json({ inspections, total: inspections.length }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/inspections/{id}",
      summary: "One inspection (404 for a unit user before a spot check of their unit is done)",
      request: { params: idParameters, query: z.object({}).strict() },
      responses: okResponses,
    }),
    async (c) => c.json(await readableInspection(db, requireReader(c), c.req.valid("param").id), 200),
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/inspections/{id}",
      summary: "Reschedule, reassign, annotate or cancel an inspection that has not started",
      request: { params: idParameters, body: jsonBody(patchSchema) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const inspection = await workableInspection(db, principal, id, "change inspections");
      if (body.version !== inspection.version) throw staleVersion("inspection", id, inspection.version);
      if (inspection.status !== "planned" && (body.plannedOn !== undefined || body.status !== undefined))
        throw new ApiError(
          "conflict",
          `Inspection ${id} is ${inspection.status}: only a planned inspection is rescheduled or cancelled`,
        );
      if (body.plannedOn !== undefined && inspection.plan_id !== null) {
        const plan = await existingPlan(principal, inspection.plan_id);
        if (body.plannedOn < plan.starts_on || body.plannedOn > plan.ends_on)
          throw invalid(
            "plannedOn",
            `plannedOn ${body.plannedOn} lies outside the plan (${plan.starts_on} – ${plan.ends_on})`,
          );
      }
      if (body.inspectorId != null) {
        const plan =
          inspection.plan_id === null ? undefined : await existingPlan(principal, inspection.plan_id);
        await checkInspector(plan?.region_code ?? inspection.region_code, body.inspectorId);
      }
      const next = {
        planned_on: body.plannedOn ?? inspection.planned_on,
        inspector_id: body.inspectorId === undefined ? inspection.inspector_id : body.inspectorId,
        note: body.note === undefined ? inspection.note : body.note || null,
        status: body.status ?? inspection.status,
        version: inspection.version + 1,
      };
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("inspections")
          .set({ ...next, updated_at: new Date() })
          .where("id", "=", id)
          .where("version", "=", body.version)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw staleVersion("inspection", id, "newer");
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: inspection.region_code,
          action: "update",
          entity: "inspection",
          entityId: id,
          before: inspectionState(inspection),
          after: inspectionState(next),
        });
      });
      return c.json(await readableInspection(db, principal, id), 200);
    },
  );
}
