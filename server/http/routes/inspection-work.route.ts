import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  checklistRooms,
  confirmedKeys,
  type InspectionRow,
  inspectionObservations,
  inspectionPhotos,
} from "../../db/repositories/inspection.repository.js";
import type { Database } from "../../db/schema.js";
import type { Principal } from "../../domain/auth/access.js";
import { roomStatusCodes, useCategoryCodes } from "../../domain/consistency/mismatch.js";
import {
  addDays,
  canMove,
  DEFAULT_DEADLINE_DAYS,
  type InspectionStatus,
} from "../../domain/inspections/inspection-plans.js";
import { proposeFindings, standardAreaOf } from "../../domain/inspections/proposals.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError, type ErrorDetail } from "../errors.js";
import { idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { calendarDate, todayInChina } from "./consistency.route.js";
import { createdResponses, jsonBody, okResponses, staleVersion, versionField } from "./edit-support.js";
import {
  optionalText,
  pathId,
  positiveId,
  readableInspection,
  requiredText,
  workableInspection,
} from "./inspection-support.js";

const moveSchema = z.object({ version: versionField, on: calendarDate("on").optional() }).strict();

const resultSchema = z
  .object({
    observedUseCategory: z
      .enum(useCategoryCodes, {
        error: () => `observedUseCategory must be one of ${useCategoryCodes.join(", ")}`,
      })
      .optional(),
    observedStatus: z
      .enum(roomStatusCodes, { error: () => `observedStatus must be one of ${roomStatusCodes.join(", ")}` })
      .optional(),
    observedUsableArea: z
      .number()
      .positive("observedUsableArea must be above 0 m²")
      .max(100_000, "observedUsableArea must be at most 100,000 m²")
      .optional(),
    observedOccupantUnitId: positiveId("observedOccupantUnitId").optional(),
    observedOccupants: optionalText("observedOccupants", 500),
    note: optionalText("note", 500),
  })
  .strict()
  .refine(
    (body) =>
      body.observedUseCategory !== undefined ||
      body.observedStatus !== undefined ||
      body.observedUsableArea !== undefined ||
      body.observedOccupantUnitId !== undefined ||
      body.observedOccupants !== undefined,
    "record at least one observation: observedUseCategory, observedStatus, observedUsableArea, observedOccupantUnitId or observedOccupants",
  );

const confirmSchema = z
  .object({
    findings: z
      .array(
        z
          .object({
            key: requiredText("key", 100),
            severity: z
              .enum(["low", "medium", "high"], { error: () => "severity must be low, medium or high" })
              .optional(),
            deadline: calendarDate("deadline").optional(),
            description: requiredText("description", 2000).optional(),
          })
          .strict(),
      )
      .min(1, "confirm at least one proposed finding")
      .max(500, "at most 500 findings a request"),
  })
  .strict();

const roomParameters = z.object({ id: idParameters.shape.id, roomId: pathId("roomId") });

const move = (to: InspectionStatus, from: InspectionStatus, id: number) => {
  if (!canMove(from, to))
    throw new ApiError("conflict", `Inspection ${id} is ${from}: it cannot become ${to}`, [
      { path: "status", message: `${from} → ${to}` },
    ]);
};

/** Checklist, proposals and their state, shared by the GET and the finish answer. */
async function worksheet(db: Kysely<Database>, inspection: InspectionRow) {
  const [rooms, observations, photos, confirmed] = await Promise.all([
    checklistRooms(db, inspection),
    inspectionObservations(db, inspection.id),
    inspectionPhotos(db, inspection.id),
    confirmedKeys(db, inspection.id),
  ]);
  const proposals = proposeFindings(rooms, observations, inspection.unit_id).map((proposal) => ({
    ...proposal,
    confirmed: confirmed.has(proposal.key),
  }));
  return { rooms, observations, photos, proposals };
}

/** Running an inspection: checklist from the ledger, start, per-room results, finish, findings. */
export function inspectionWorkRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "get",
      path: "/inspections/{id}/checklist",
      summary:
        "The checklist generated from the ledger: the rooms of the unit or building with their ledger values and the latest result of this inspection (key re-inspections: offices of 厅局级 and above, with the per-person standard)",
      request: { params: idParameters, query: z.object({}).strict() },
      responses: okResponses,
    }),
    async (c) => {
      const inspection = await readableInspection(db, requireReader(c), c.req.valid("param").id);
      const { rooms, observations, photos } = await worksheet(db, inspection);
      const items = rooms.map((room) => ({
        ...room,
        standardArea: standardAreaOf(room),
        result: observations.get(room.roomId) ?? null,
        photos: photos.filter((photo) => photo.room_id === room.roomId),
      }));
      return c.json(
        {
          inspection,
          rooms: items,
          summary: {
            rooms: items.length,
            checked: items.filter((item) => item.result !== null).length,
            usableArea: Math.round(items.reduce((sum, item) => sum + item.usableArea, 0) * 100) / 100,
            photos: photos.length,
          },
        },
        200,
      );
    },
  );

  async function moveInspection(
    principal: Principal,
    id: number,
    to: "in_progress" | "done",
    body: { version: number; on?: string | undefined },
  ) {
    const inspection = await workableInspection(
      db,
      principal,
      id,
      to === "done" ? "finish inspections" : "start inspections",
    );
    move(to, inspection.status, id);
    if (body.version !== inspection.version) throw staleVersion("inspection", id, inspection.version);
    const on = body.on ?? todayInChina();
    if (on > todayInChina())
      throw new ApiError("invalid_request", `${on} is after today`, [{ path: "on", message: on }]);
    if (to === "done") {
      const observations = await inspectionObservations(db, id);
      if (observations.size === 0)
        throw new ApiError("domain_rule", `Inspection ${id} has no field results: record the rooms first`);
      if (inspection.started_on && on < inspection.started_on)
        throw new ApiError("invalid_request", `on ${on} is before the start (${inspection.started_on})`, [
          { path: "on", message: on },
        ]);
    }
    await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable("inspections")
        .set({
          status: to,
          ...(to === "in_progress" ? { started_on: on } : { done_on: on }),
          inspector_id: inspection.inspector_id ?? principal.userId,
          version: inspection.version + 1,
          updated_at: new Date(),
        })
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
        before: { status: inspection.status, version: inspection.version },
        after: { status: to, [to === "done" ? "doneOn" : "startedOn"]: on, version: inspection.version + 1 },
      });
    });
    return readableInspection(db, principal, id);
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/inspections/{id}/start",
      summary: "Start an inspection on site (planned → in progress)",
      request: { params: idParameters, body: jsonBody(moveSchema) },
      responses: okResponses,
    }),
    async (c) =>
      c.json(
        await moveInspection(requireReader(c), c.req.valid("param").id, "in_progress", c.req.valid("json")),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/inspections/{id}/finish",
      summary: "Finish an inspection (in progress → done); answers with the findings it proposes",
      request: { params: idParameters, body: jsonBody(moveSchema) },
      responses: okResponses,
    }),
    async (c) => {
      const inspection = await moveInspection(
        requireReader(c),
        c.req.valid("param").id,
        "done",
        c.req.valid("json"),
      );
      const { proposals } = await worksheet(db, inspection);
      return c.json({ inspection, proposals }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/inspections/{id}/rooms/{roomId}/result",
      summary:
        "Record what was found in one room of the checklist (use, status, area, occupant unit and people, note); written to field_check_results for the three-consistency check",
      request: { params: roomParameters, body: jsonBody(resultSchema) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id, roomId } = c.req.valid("param");
      const body = c.req.valid("json");
      const inspection = await workableInspection(db, principal, id, "record field results");
      if (inspection.status !== "in_progress")
        throw new ApiError(
          "conflict",
          `Inspection ${id} is ${inspection.status}: results are recorded while it is in progress`,
          [{ path: "status", message: inspection.status }],
        );
      const room = (await checklistRooms(db, inspection)).find((item) => item.roomId === roomId);
      if (!room)
        throw new ApiError("not_found", `Room ${roomId} is not on the checklist of inspection ${id}`);
      const problems: ErrorDetail[] = [];
      if (body.observedOccupantUnitId !== undefined) {
        const unit = await db
          .selectFrom("units")
          .select("id")
          .where("id", "=", body.observedOccupantUnitId)
          .executeTakeFirst();
        if (!unit)
          problems.push({
            path: "observedOccupantUnitId",
            message: `no unit ${body.observedOccupantUnitId}`,
          });
      }
      if (problems.length > 0)
        throw new ApiError(
          "invalid_request",
          problems.map((problem) => problem.message).join("; "),
          problems,
        );
      const checkedOn = todayInChina();
      const values = {
        inspection_id: id,
        room_id: roomId,
        region_code: inspection.region_code,
        checked_on:
          checkedOn < (inspection.started_on ?? checkedOn) ? (inspection.started_on as string) : checkedOn,
        observed_status: body.observedStatus ?? null,
        observed_use_category: body.observedUseCategory ?? null,
        observed_usable_area: body.observedUsableArea ?? null,
        observed_occupant_unit_id: body.observedOccupantUnitId ?? null,
        observed_occupants: body.observedOccupants === undefined ? null : body.observedOccupants,
        note: body.note || null,
      };
      const resultId = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("field_check_results")
          .values(values)
          .returning("id")
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: inspection.region_code,
          action: "create",
          entity: "field_check_results",
          entityId: id,
          after: {
            inspectionId: id,
            results: [{ id: row.id, roomId, ...body }],
            checkedOn: values.checked_on,
          },
        });
        return row.id;
      });
      const result = (await inspectionObservations(db, id)).get(roomId);
      return c.json({ inspectionId: id, roomId, resultId, result }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/inspections/{id}/proposals",
      summary:
        "Findings the inspection's results propose (area beyond tolerance, other use, status, occupant unit or people, over-standard offices), each marked when confirmed",
      request: { params: idParameters, query: z.object({}).strict() },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const inspection = await workableInspection(
        db,
        principal,
        c.req.valid("param").id,
        "review proposed findings",
      );
      const { proposals } = await worksheet(db, inspection);
      return c.json(
        {
          inspectionId: inspection.id,
          status: inspection.status,
          defaultDeadline: addDays(todayInChina(), DEFAULT_DEADLINE_DAYS),
          proposals,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/inspections/{id}/findings",
      summary:
        "Confirm proposed findings of a finished inspection into the finding ledger (source inspection; deadline 30 days unless given), in one audited transaction",
      request: { params: idParameters, body: jsonBody(confirmSchema) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const inspection = await workableInspection(db, principal, id, "confirm findings");
      if (!principal.roles.some((role) => role === "inspector" || role === "system_admin"))
        throw new ApiError("forbidden", "Only inspectors and administrators confirm findings");
      if (inspection.status !== "done")
        throw new ApiError(
          "conflict",
          `Inspection ${id} is ${inspection.status}: finish it before confirming findings`,
        );
      const { proposals } = await worksheet(db, inspection);
      const byKey = new Map(proposals.map((proposal) => [proposal.key, proposal]));
      const today = todayInChina();
      const problems: ErrorDetail[] = [];
      const seen = new Set<string>();
      body.findings.forEach((item, index) => {
        const proposal = byKey.get(item.key);
        if (!proposal)
          problems.push({ path: `findings.${index}.key`, message: `no proposed finding ${item.key}` });
        if (seen.has(item.key))
          problems.push({ path: `findings.${index}.key`, message: `${item.key} is listed twice` });
        seen.add(item.key);
        if (item.deadline !== undefined && item.deadline < today)
          problems.push({
            path: `findings.${index}.deadline`,
            message: `deadline ${item.deadline} has passed`,
          });
      });
      if (problems.length > 0)
        throw new ApiError(
          "invalid_request",
          `Invalid findings: ${problems.map((p) => p.message).join("; ")}`,
          problems,
        );
      const already = body.findings.filter((item) => byKey.get(item.key)?.confirmed);
      if (already.length > 0)
        throw new ApiError(
          "conflict",
          `Already in the finding ledger: ${already.map((item) => item.key).join(", ")}`,
          already.map((item) => ({ path: "findings", message: item.key })),
        );
      const defaultDeadline = addDays(today, DEFAULT_DEADLINE_DAYS);
      const created = await db.transaction().execute(async (trx) => {
        const ids: number[] = [];
        for (const item of body.findings) {
          const proposal = byKey.get(item.key);
          if (!proposal) continue;
          const unit = await trx
            .selectFrom("units")
            .select("region_code")
            .where("id", "=", proposal.unitId)
            .executeTakeFirstOrThrow();
          const values = {
            region_code: unit.region_code,
            source: "inspection" as const,
            inspection_id: id,
            unit_id: proposal.unitId,
            building_id: proposal.buildingId,
            room_id: proposal.roomId,
            person_id: proposal.personId,
            rule: proposal.rule,
            severity: item.severity ?? proposal.severity,
            description: item.description ?? proposal.description,
            deadline: item.deadline ?? defaultDeadline,
          };
          const row = await trx
            .insertInto("findings")
            .values(values)
            .returning("id")
            .executeTakeFirstOrThrow();
          await appendAudit(trx, {
            userId: principal.userId,
            regionCode: unit.region_code,
            action: "create",
            entity: "finding",
            entityId: row.id,
            after: {
              source: "inspection",
              inspectionId: id,
              unitId: proposal.unitId,
              buildingId: proposal.buildingId,
              roomId: proposal.roomId,
              personId: proposal.personId,
              rule: proposal.rule,
              severity: values.severity,
              description: values.description,
              deadline: values.deadline,
              status: "open",
              proposal: item.key,
            },
          });
          ids.push(row.id);
        }
        return ids;
      });
      const findings = await db
        .selectFrom("findings")
        .select([
          "id",
          "rule",
          "severity",
          "description",
          "deadline",
          "status",
          "unit_id",
          "room_id",
          "person_id",
          "inspection_id",
          "source",
        ])
        .where("id", "in", created)
        .orderBy("id")
        .execute();
      return c.json({ inspectionId: id, findings }, 201);
    },
  );
  return app;
}
