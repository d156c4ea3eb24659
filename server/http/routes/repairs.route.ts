import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely, Updateable } from "kysely";
import { appendAudit, auditHistory } from "../../db/repositories/audit.repository.js";
import {
  listRepairs,
  type RepairRow,
  repairActors,
  repairAttachments,
  repairById,
  repairParticipants,
  unitRepairPlaces,
} from "../../db/repositories/repair.repository.js";
import type { Database, RepairRequestTable } from "../../db/schema.js";
import { type Principal, readScopeOf } from "../../domain/auth/access.js";
import {
  availableSteps,
  checkStep,
  type RepairKind,
  type RepairStatus,
  repairKinds,
  repairStatuses,
  stepDepartment,
} from "../../domain/maintenance/repair-workflow.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters, integerParameter, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";
import { calendarDate, todayInChina } from "./consistency.route.js";
import { createdResponses, jsonBody, okResponses, staleVersion } from "./edit-support.js";
import { refusalError, type StepBody, stepSchema, text, wanYuan } from "./repair-support.js";

const idField = z.number().int().positive();

const createSchema = z
  .object({
    kind: z.enum(repairKinds, { error: () => `kind must be one of ${repairKinds.join(", ")}` }),
    buildingId: idField,
    roomIds: z.array(idField).max(200, "at most 200 rooms per request").optional(),
    title: text("title", 200),
    description: text("description", 4000),
    estimatedCost: wanYuan("estimatedCost"),
    dueOn: calendarDate("dueOn").optional(),
  })
  .strict();

const flag = (name: string) => z.enum(["true", "false"], { error: () => `${name} must be true or false` });
const listQuery = z
  .object({
    status: z
      .enum(repairStatuses, { error: () => `status must be one of ${repairStatuses.join(", ")}` })
      .optional(),
    kind: z.enum(repairKinds, { error: () => `kind must be one of ${repairKinds.join(", ")}` }).optional(),
    unit: z
      .string()
      .regex(/^\d{1,9}$/, "unit must be a unit id")
      .transform(Number)
      .optional(),
    region: regionCodeParameter.optional(),
    overdue: flag("overdue").optional(),
    violation: flag("violation").optional(),
    limit: integerParameter("limit", 1, 500, 100),
    offset: integerParameter("offset", 0, 1_000_000, 0),
  })
  .strict();

const anyJson = { "application/json": { schema: z.any() } };

function invalid(path: string, message: string): ApiError {
  return new ApiError("invalid_request", message, [{ path, message }]);
}

/** The request as the API answers it (numbers of rooms, usernames of the actors, overdue today). */
export async function loadRepair(db: Kysely<Database>, principal: Principal, id: number): Promise<RepairRow> {
  const repair = await repairById(db, readScopeOf(principal), id, todayInChina());
  if (!repair) throw new ApiError("not_found", `Repair request ${id} not found`);
  return repair;
}

/** The columns a step writes, besides status and version. */
function changesOf(body: StepBody, principal: Principal, current: RepairRow): Updateable<RepairRequestTable> {
  const now = new Date();
  switch (body.step) {
    case "approve":
      return { approved_by: principal.userId, decided_at: now, decision_note: body.note ?? null };
    case "reject":
      return { decided_at: now, decision_note: body.reason };
    case "tender":
      return {
        contractor: body.contractor,
        contract_price: body.contractPrice,
        tendered_on: body.tenderedOn,
        tendered_by: principal.userId,
      };
    case "start":
      return { started_on: body.startedOn, started_by: principal.userId };
    case "complete":
      return {
        completed_on: body.completedOn,
        completed_by: principal.userId,
        actual_cost: body.actualCost ?? null,
      };
    case "accept":
      return { accepted_by: principal.userId, accepted_at: now, acceptance_note: body.note ?? null };
    case "refuse_acceptance":
      // Back to construction (整改): the refused completion stays in the history only.
      return {
        acceptance_note: body.reason,
        refusal_count: current.refusal_count + 1,
        completed_on: null,
        completed_by: null,
      };
    case "record_done":
      return { completed_on: body.completedOn, actual_cost: body.actualCost, completed_by: principal.userId };
    default:
      return body satisfies never;
  }
}

/** Dates a step records lie between the earlier steps' dates and today (400 naming the field). */
function checkDates(body: StepBody, current: RepairRow, today: string): void {
  const notAfterToday = (path: string, value: string) => {
    if (value > today) throw invalid(path, `${path} ${value} is after today (${today})`);
  };
  if (body.step === "tender") notAfterToday("tenderedOn", body.tenderedOn);
  if (body.step === "start") {
    notAfterToday("startedOn", body.startedOn);
    if (current.tendered_on && body.startedOn < current.tendered_on)
      throw invalid("startedOn", `construction cannot start before the tender of ${current.tendered_on}`);
  }
  if (body.step === "complete") {
    notAfterToday("completedOn", body.completedOn);
    if (current.started_on && body.completedOn < current.started_on)
      throw invalid("completedOn", `completion cannot be before the start of ${current.started_on}`);
  }
  if (body.step === "record_done") notAfterToday("completedOn", body.completedOn);
}

export function repairRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: "get",
        path: "/repair-requests",
        summary:
          "Repair requests the reader may read, filtered by status, kind, unit, region, overdue or violation",
        request: { query: listQuery },
        responses: okResponses,
      }),
      async (c) => {
        const query = c.req.valid("query");
        const bool = (value: "true" | "false" | undefined) =>
          value === undefined ? undefined : value === "true";
        const result = await listRepairs(db, readScopeOf(requireReader(c)), {
          status: query.status,
          kind: query.kind,
          unitId: query.unit,
          region: query.region,
          overdue: bool(query.overdue),
          violation: bool(query.violation),
          today: todayInChina(),
          limit: query.limit,
          offset: query.offset,
        });
        return c.json(result, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/repair-requests/places",
        summary: "The buildings and rooms a unit user may file repairs for (those of their unit)",
        request: { query: z.object({}).strict() },
        responses: okResponses,
      }),
      async (c) => {
        const principal = requireReader(c);
        if (!principal.roles.includes("unit_user") || principal.unitId === null)
          return c.json({ buildings: [] }, 200);
        return c.json({ buildings: await unitRepairPlaces(db, principal.unitId) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/repair-requests",
        summary: "File a repair request for a building (and rooms) of the unit (unit users)",
        request: { body: jsonBody(createSchema) },
        responses: createdResponses,
      }),
      async (c) => {
        const principal = requireReader(c);
        if (!principal.roles.includes("unit_user") || principal.unitId === null)
          throw new ApiError(
            "forbidden",
            "维修申请由使用单位提出 — Repair requests are filed by the unit that uses the building (unit users)",
          );
        const unitId = principal.unitId;
        const body = c.req.valid("json");
        const today = todayInChina();
        if (body.dueOn !== undefined && body.dueOn < today)
          throw invalid("dueOn", `dueOn ${body.dueOn} is before today (${today})`);
        const places = await unitRepairPlaces(db, unitId);
        const building = places.find((place) => place.id === body.buildingId);
        if (!building) throw invalid("buildingId", `Your unit uses no rooms in building ${body.buildingId}`);
        const roomIds = [...new Set(body.roomIds ?? [])];
        for (const roomId of roomIds)
          if (!building.rooms.some((room) => room.id === roomId))
            throw invalid("roomIds", `Room ${roomId} is not a room of your unit in building ${building.id}`);
        const unit = await db
          .selectFrom("units")
          .select("region_code")
          .where("id", "=", unitId)
          .executeTakeFirstOrThrow();
        const id = await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto("repair_requests")
            .values({
              region_code: unit.region_code,
              unit_id: unitId,
              building_id: building.id,
              room_ids: roomIds,
              kind: body.kind,
              title: body.title,
              description: body.description,
              estimated_cost: body.estimatedCost,
              due_on: body.dueOn ?? null,
              requested_by: principal.userId,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          await appendAudit(trx, {
            userId: principal.userId,
            regionCode: unit.region_code,
            action: "create",
            entity: "repair_request",
            entityId: row.id,
            after: { ...body, roomIds, step: "file", department: "unit", status: "requested", version: 1 },
          });
          return row.id;
        });
        return c.json(await loadRepair(db, principal, id), 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/repair-requests/{id}",
        summary: "One repair request with its history, attachments and the steps the reader may take now",
        request: { params: idParameters, query: z.object({}).strict() },
        responses: { 200: { content: anyJson, description: "Repair request" }, ...errorResponses },
      }),
      async (c) => {
        const principal = requireReader(c);
        const { id } = c.req.valid("param");
        const repair = await loadRepair(db, principal, id);
        const [history, attachments, participants, actors] = await Promise.all([
          auditHistory(db, "repair_request", String(id)),
          repairAttachments(db, id),
          repairParticipants(db, id),
          repairActors(db, id),
        ]);
        const steps = availableSteps(
          {
            kind: repair.kind as RepairKind,
            status: repair.status as RepairStatus,
            unitId: repair.unit_id,
            approvedBy: actors.approved_by,
          },
          principal,
          participants,
        );
        return c.json({ repair, history, attachments, steps }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/repair-requests/{id}/steps",
        summary:
          "Take a step: approve | reject | accept | refuse_acceptance (approval department), tender | start | complete (works department), record_done (the unit); separation of duties enforced",
        request: { params: idParameters, body: jsonBody(stepSchema) },
        responses: okResponses,
      }),
      async (c) => {
        const principal = requireReader(c);
        const { id } = c.req.valid("param");
        const body = c.req.valid("json");
        const current = await loadRepair(db, principal, id);
        const [participants, actors] = await Promise.all([repairParticipants(db, id), repairActors(db, id)]);
        const check = checkStep(
          body.step,
          {
            kind: current.kind as RepairKind,
            status: current.status as RepairStatus,
            unitId: current.unit_id,
            approvedBy: actors.approved_by,
          },
          principal,
          participants,
        );
        if (!check.ok) throw refusalError(id, body.step, check.refusal);
        if (body.version !== current.version) throw staleVersion("repair request", id, current.version);
        checkDates(body, current, todayInChina());
        const changes = changesOf(body, principal, current);
        await db.transaction().execute(async (trx) => {
          const updated = await trx
            .updateTable("repair_requests")
            .set({
              ...changes,
              status: check.to,
              unapproved: check.unapproved,
              updated_at: new Date(),
              version: current.version + 1,
            })
            .where("id", "=", id)
            .where("version", "=", body.version)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) !== 1) throw staleVersion("repair request", id, "newer");
          const { version: _version, step, ...recorded } = body;
          await appendAudit(trx, {
            userId: principal.userId,
            regionCode: current.region_code,
            action: step === "approve" ? "approve" : "update",
            entity: "repair_request",
            entityId: id,
            before: { status: current.status, version: current.version },
            after: {
              step,
              department: stepDepartment[step],
              status: check.to,
              ...(check.unapproved ? { unapproved: true } : {}),
              ...recorded,
              version: current.version + 1,
            },
          });
        });
        return c.json(await loadRepair(db, principal, id), 200);
      },
    );
}
