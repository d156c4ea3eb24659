import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit, auditHistory } from "../../db/repositories/audit.repository.js";
import { findingById, listFindings } from "../../db/repositories/finding.repository.js";
import { canRead, type Principal, readScopeOf } from "../../domain/auth/access.js";
import {
  canTransition,
  type FindingStatus,
  findingStatuses,
  mayRaiseFindings,
  mayTransition,
} from "../../domain/findings/finding-status.js";
import { ruleCodes } from "../../domain/rule-catalogue.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters, integerParameter, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";
import { calendarDate, todayInChina } from "./consistency.route.js";
import { createdResponses, jsonBody, okResponses, staleVersion, versionField } from "./edit-support.js";

const idField = z.number().int().positive();
const text = (name: string, max: number) =>
  z.string().trim().min(1, `${name} must not be empty`).max(max, `${name} is longer than ${max} characters`);

const createSchema = z
  .object({
    source: z.enum(["rule_check", "inspection"]),
    inspectionId: idField.optional(),
    unitId: idField,
    buildingId: idField.optional(),
    roomId: idField.optional(),
    rule: text("rule", 100),
    severity: z.enum(["low", "medium", "high"]),
    description: text("description", 2000),
    deadline: calendarDate("deadline").optional(),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.source === "inspection" && body.inspectionId === undefined)
      context.addIssue({
        code: "custom",
        path: ["inspectionId"],
        message: "a finding of an inspection names it",
      });
    if (body.source === "rule_check" && body.inspectionId !== undefined)
      context.addIssue({
        code: "custom",
        path: ["inspectionId"],
        message: "a rule-check finding has no inspection",
      });
    if (body.source === "rule_check" && !(ruleCodes as readonly string[]).includes(body.rule))
      context.addIssue({
        code: "custom",
        path: ["rule"],
        message: `rule must be one of ${ruleCodes.join(", ")}`,
      });
  });

const transitionSchema = z
  .object({
    to: z.enum(["rectifying", "verified", "closed", "referred"]),
    version: versionField,
    rectificationPlan: text("rectificationPlan", 4000).optional(),
    evidence: text("evidence", 4000).optional(),
    referredOn: calendarDate("referredOn").optional(),
  })
  .strict();

const listQuery = z
  .object({
    status: z.enum(findingStatuses).optional(),
    unit: z
      .string()
      .regex(/^\d{1,9}$/, "unit must be a unit id")
      .transform(Number)
      .optional(),
    region: regionCodeParameter.optional(),
    overdue: z.enum(["true", "false"]).optional(),
    limit: integerParameter("limit", 1, 500, 100),
    offset: integerParameter("offset", 0, 1_000_000, 0),
  })
  .strict();

const createRoute_ = createRoute({
  method: "post",
  path: "/findings",
  summary: "Raise a finding (立账) from a rule check or an inspection; inspectors, approvers, administrators",
  request: { body: jsonBody(createSchema) },
  responses: createdResponses,
});
const listRoute = createRoute({
  method: "get",
  path: "/findings",
  summary: "The finding ledger the reader may read, filtered by status, unit, region or overdue",
  request: { query: listQuery },
  responses: okResponses,
});
const detailRoute = createRoute({
  method: "get",
  path: "/findings/{id}",
  summary: "One finding with its full history (audit entries, oldest first)",
  request: { params: idParameters, query: z.object({}).strict() },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Finding" },
    ...errorResponses,
  },
});
const transitionRoute = createRoute({
  method: "post",
  path: "/findings/{id}/transition",
  summary:
    "Move a finding: open → rectifying (its unit, with a plan) → verified → closed (inspectors, approvers), or referred with a date",
  request: { params: idParameters, body: jsonBody(transitionSchema) },
  responses: okResponses,
});

function invalid(path: string, message: string): ApiError {
  return new ApiError("invalid_request", message, [{ path, message }]);
}

export function findingRoutes({ db }: AppDependencies) {
  /** What the body of a new finding names must exist and lie within the writer's reach. */
  async function checkReferences(principal: Principal, body: z.infer<typeof createSchema>) {
    const unit = await db
      .selectFrom("units")
      .select(["id", "region_code"])
      .where("id", "=", body.unitId)
      .executeTakeFirst();
    if (!unit || !canRead(principal, { regionCode: unit.region_code, unitId: unit.id }))
      throw invalid("unitId", `No unit ${body.unitId} within your level`);
    if (body.inspectionId !== undefined) {
      const inspection = await db
        .selectFrom("inspections")
        .select(["region_code", "unit_id", "status"])
        .where("id", "=", body.inspectionId)
        .executeTakeFirst();
      if (!inspection || !canRead(principal, { regionCode: inspection.region_code }))
        throw invalid("inspectionId", `No inspection ${body.inspectionId} within your level`);
      if (inspection.status === "cancelled")
        throw new ApiError("domain_rule", `Inspection ${body.inspectionId} was cancelled`);
      if (inspection.unit_id !== null && inspection.unit_id !== body.unitId)
        throw new ApiError(
          "domain_rule",
          `Inspection ${body.inspectionId} inspected unit ${inspection.unit_id}`,
        );
    }
    if (body.buildingId !== undefined) {
      const building = await db
        .selectFrom("buildings")
        .select("id")
        .where("id", "=", body.buildingId)
        .executeTakeFirst();
      if (!building) throw invalid("buildingId", `No building ${body.buildingId}`);
    }
    if (body.roomId !== undefined) {
      const room = await db
        .selectFrom("rooms")
        .select("building_id")
        .where("id", "=", body.roomId)
        .executeTakeFirst();
      if (!room) throw invalid("roomId", `No room ${body.roomId}`);
      if (body.buildingId !== undefined && room.building_id !== body.buildingId)
        throw invalid("roomId", `Room ${body.roomId} is not in building ${body.buildingId}`);
    }
    return unit;
  }

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(createRoute_, async (c) => {
      const principal = requireReader(c);
      if (!mayRaiseFindings(principal))
        throw new ApiError("forbidden", "Only inspectors, approvers and administrators raise findings");
      const body = c.req.valid("json");
      const unit = await checkReferences(principal, body);
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("findings")
          .values({
            region_code: unit.region_code,
            source: body.source,
            inspection_id: body.inspectionId ?? null,
            unit_id: body.unitId,
            building_id: body.buildingId ?? null,
            room_id: body.roomId ?? null,
            rule: body.rule,
            severity: body.severity,
            description: body.description,
            deadline: body.deadline ?? null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: unit.region_code,
          action: "create",
          entity: "finding",
          entityId: row.id,
          after: { ...body, status: "open" },
        });
        return row.id;
      });
      return c.json(await findingById(db, readScopeOf(principal), id, todayInChina()), 201);
    })
    .openapi(listRoute, async (c) => {
      const query = c.req.valid("query");
      const result = await listFindings(db, readScopeOf(requireReader(c)), {
        status: query.status,
        unitId: query.unit,
        region: query.region,
        overdue: query.overdue === undefined ? undefined : query.overdue === "true",
        today: todayInChina(),
        limit: query.limit,
        offset: query.offset,
      });
      return c.json(result, 200);
    })
    .openapi(detailRoute, async (c) => {
      const { id } = c.req.valid("param");
      const finding = await findingById(db, readScopeOf(requireReader(c)), id, todayInChina());
      if (!finding) throw new ApiError("not_found", `Finding ${id} not found`);
      return c.json({ finding, history: await auditHistory(db, "finding", String(id)) }, 200);
    })
    .openapi(transitionRoute, async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const today = todayInChina();
      const scope = readScopeOf(principal);
      const current = await findingById(db, scope, id, today);
      if (!current) throw new ApiError("not_found", `Finding ${id} not found`);
      if (!mayTransition(principal, current.unit_id, body.to))
        throw new ApiError("forbidden", `You may not move finding ${id} to ${body.to}`);
      const from = current.status as FindingStatus;
      if (!canTransition(from, body.to))
        throw new ApiError("conflict", `Finding ${id} is ${from}: it cannot become ${body.to}`, [
          { path: "to", message: `${from} → ${body.to} is not a transition of the ledger` },
        ]);
      if (body.version !== current.version) throw staleVersion("finding", id, current.version);
      const plan = body.rectificationPlan ?? current.rectification_plan;
      const evidence = body.evidence ?? current.evidence;
      if (body.to === "rectifying" && !plan)
        throw invalid("rectificationPlan", "a unit answering a finding gives its rectification plan");
      if (body.to === "verified" && !evidence)
        throw invalid("evidence", "a rectification is verified against the unit's evidence");
      if (body.to === "referred" && !body.referredOn)
        throw invalid("referredOn", "a referral to discipline inspection has its date");
      if (body.referredOn && body.to !== "referred")
        throw invalid("referredOn", "only a referral has a date");
      if (body.referredOn && body.referredOn > today)
        throw invalid("referredOn", `${body.referredOn} is after today`);
      if ((body.rectificationPlan || body.evidence) && body.to !== "rectifying")
        throw invalid("evidence", "the plan and the evidence are the unit's answer (to: rectifying)");

      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("findings")
          .set({
            status: body.to,
            rectification_plan: plan,
            evidence,
            referred_on: body.referredOn ?? current.referred_on,
            updated_at: new Date(),
            version: current.version + 1,
          })
          .where("id", "=", id)
          .where("version", "=", body.version)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw staleVersion("finding", id, "newer");
        const state = (row: {
          status: string;
          rectification_plan: string | null;
          evidence: string | null;
        }) => ({
          status: row.status,
          rectificationPlan: row.rectification_plan,
          evidence: row.evidence,
        });
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: current.region_code,
          action: "update",
          entity: "finding",
          entityId: id,
          before: { ...state(current), version: current.version },
          after: {
            ...state({ status: body.to, rectification_plan: plan, evidence }),
            referredOn: body.referredOn ?? current.referred_on,
            version: current.version + 1,
          },
        });
      });
      return c.json(await findingById(db, scope, id, today), 200);
    });
}
