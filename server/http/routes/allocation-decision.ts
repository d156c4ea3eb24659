import { type Kysely, sql } from "kysely";
import {
  findRequest,
  type PlanRow,
  type RequestRow,
  requestPlans,
  roomClaims,
} from "../../db/repositories/allocation-request.repository.js";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import { updateVersioned } from "../../db/repositories/edit.repository.js";
import { scenarioForDecision } from "../../db/repositories/request-scenario.repository.js";
import { refreshStandardStatusAfter } from "../../db/repositories/standard-status-refresh.repository.js";
import type { Database } from "../../db/schema.js";
import type { Principal } from "../../domain/auth/access.js";
import { roomRuleProblem } from "../../domain/inventory/room-rules.js";
import type { PlanBuilding } from "../../domain/requests/allocation-planner.js";
import { type AllocationSettings, isGrassroots } from "../../domain/requests/allocation-settings.js";
import { partitionClaims } from "../../domain/requests/room-claims.js";
import { ApiError, type ErrorDetail } from "../errors.js";
import { staleVersion } from "./edit-support.js";

export interface DecisionInput {
  readonly principal: Principal;
  /** Locked by the caller, in this transaction. */
  readonly request: RequestRow;
  readonly settings: AllocationSettings;
  readonly planId: number;
  readonly version: number;
}

const strip = ({ footprint: _f, plan: _p, ...rest }: Record<string, unknown>) => rest;

/**
 * Rooms of a re-allocation plan that can no longer be assigned as planned: changed since (version,
 * status, occupant) or claimed by a request ahead in the claim order (grassroots first).
 */
async function blockedRooms(
  trx: Kysely<Database>,
  request: RequestRow,
  settings: AllocationSettings,
  planned: ReadonlyArray<{ id: number; version: number; number: string; building: string }>,
): Promise<ErrorDetail[]> {
  const { rows } = await sql<{
    id: number;
    version: number;
    status: string;
    occupant_unit_id: number | null;
  }>`
    select id, version, status, occupant_unit_id from rooms
    where id = any(${sql.val(planned.map((room) => room.id))}::int[]) order by id for update`.execute(trx);
  const current = new Map(rows.map((row) => [row.id, row]));
  const details: ErrorDetail[] = [];
  for (const room of planned) {
    const now = current.get(room.id);
    const label = `${room.building} ${room.number} (room ${room.id})`;
    if (!now) details.push({ path: `rooms.${room.id}`, message: `${label} no longer exists` });
    else if (now.version !== room.version || now.status !== "idle" || now.occupant_unit_id !== null)
      details.push({
        path: `rooms.${room.id}`,
        message: `${label} changed since the plan was made: version ${room.version} → ${now.version}, now ${now.status}`,
      });
  }
  const self = {
    requestId: request.id,
    grassroots: isGrassroots({ kind: request.unit_kind, adminLevel: request.unit_level }, settings),
    submittedAt: new Date(request.submitted_at),
  };
  const plannedIds = new Set(planned.map((room) => room.id));
  const { ahead } = partitionClaims(await roomClaims(trx, request.id), self, settings);
  for (const claim of ahead)
    for (const id of claim.roomIds.filter((roomId) => plannedIds.has(roomId)))
      details.push({
        path: `rooms.${id}`,
        message: `room ${id} is claimed by request ${claim.requestId} (${claim.unitName}), which comes first (grassroots units first, then the earlier filed)`,
      });
  return details;
}

/**
 * The decision, inside the caller's transaction: a re-allocation plan's rooms become the unit's (in use,
 * versioned and audited like PATCH /rooms/{id}); a swap or lease plan becomes a draft scenario (its
 * execution is the scenarios' work); a construction plan is recorded as decided; the other plans are
 * rejected; the request decided.
 */
export async function decideRequest(trx: Kysely<Database>, input: DecisionInput) {
  const { principal, request, settings, planId } = input;
  if (request.version !== input.version)
    throw staleVersion("allocation request", request.id, request.version);
  if (request.status !== "planning")
    throw new ApiError(
      request.status === "submitted" ? "domain_rule" : "conflict",
      request.status === "submitted"
        ? `Request ${request.id} has no plans yet: prepare them first (POST /api/allocation-requests/${request.id}/plans)`
        : `Request ${request.id} is already ${request.status}`,
    );
  const plans = await requestPlans(trx, request.id);
  const chosen = plans.find((plan) => plan.id === planId && plan.status === "proposed");
  if (!chosen)
    throw new ApiError("domain_rule", `Plan ${planId} is not a proposed plan of request ${request.id}`, [
      { path: "planId", message: `one of ${plans.map((plan) => plan.id).join(", ")}` },
    ]);
  const audit: string[] = [];
  const rooms: Record<string, unknown>[] = [];
  if (chosen.method === "reallocation") {
    const buildings = (chosen.details.buildings ?? []) as PlanBuilding[];
    const planned = buildings.flatMap((building) =>
      building.rooms.map((room) => ({ ...room, building: building.name })),
    );
    const blocked = await blockedRooms(trx, request, settings, planned);
    if (blocked.length > 0)
      throw new ApiError(
        "conflict",
        `${blocked.length} room(s) of plan ${planId} changed or were claimed since it was made: prepare the plans again`,
        blocked,
      );
    const changes = { status: "in_use", occupant_unit_id: request.unit_id };
    const problem = roomRuleProblem(changes);
    if (problem) throw new ApiError("domain_rule", problem);
    for (const room of planned) {
      const result = await updateVersioned(trx, "rooms", room.id, room.version, changes);
      if (result.outcome !== "updated")
        throw new ApiError("conflict", `Room ${room.id} changed since the plan was made`, [
          { path: `rooms.${room.id}`, message: result.outcome },
        ]);
      audit.push(
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: String(result.before.region_code),
          action: "update",
          entity: "room",
          entityId: room.id,
          before: strip(result.before),
          after: strip(result.after),
        }),
      );
      rooms.push(strip(result.after));
    }
  }
  for (const plan of plans.filter((row) => row.status === "proposed")) {
    const status: PlanRow["status"] = plan.id === chosen.id ? "chosen" : "rejected";
    await sql`update allocation_plans set status = ${status}, version = version + 1 where id = ${plan.id}`.execute(
      trx,
    );
    audit.push(
      await appendAudit(trx, {
        userId: principal.userId,
        regionCode: request.region_code,
        action: "update",
        entity: "allocation_plan",
        entityId: plan.id,
        before: { status: plan.status, version: plan.version },
        after: { status, version: plan.version + 1 },
      }),
    );
  }
  const scenarioId = await scenarioForDecision(trx, request, chosen, principal.userId);
  await sql`update allocation_requests set status = 'decided', decided_at = now(), decided_by = ${principal.userId},
    version = version + 1 where id = ${request.id}`.execute(trx);
  audit.push(
    await appendAudit(trx, {
      userId: principal.userId,
      regionCode: request.region_code,
      action: "approve",
      entity: "allocation_request",
      entityId: request.id,
      before: { status: request.status, version: request.version },
      after: {
        status: "decided",
        version: request.version + 1,
        planId: chosen.id,
        method: chosen.method,
        ...(scenarioId ? { scenarioId } : {}),
      },
    }),
  );
  await refreshStandardStatusAfter(trx, audit);
  return {
    request: (await findRequest(trx, request.id)) as RequestRow,
    plans: await requestPlans(trx, request.id),
    rooms,
    audit,
    /** The draft scenario a chosen swap or lease plan became (issue 8), to validate, approve and apply. */
    scenarioId: scenarioId ?? null,
  };
}
