import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  findRequest,
  findUnit,
  listRequests,
  OPEN_STATUSES,
  poolRooms,
  type RequestRow,
  requestPlans,
  roomClaims,
  storePlans,
  swapPartners,
  unitOrigin,
  unitPosition,
} from "../../db/repositories/allocation-request.repository.js";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import { canRead, type Principal, readScopeOf, regionWithin } from "../../domain/auth/access.js";
import { preparePlans } from "../../domain/requests/allocation-planner.js";
import {
  type AllocationSettings,
  defaultAllocationSettings,
  isGrassroots,
} from "../../domain/requests/allocation-settings.js";
import { checkRequest } from "../../domain/requests/request-check.js";
import { partitionClaims, withPriority } from "../../domain/requests/room-claims.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters, integerParameter, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";
import { decideRequest } from "./allocation-decision.js";
import { planView, positionView, requestView } from "./allocation-request-views.js";
import { createdResponses, jsonBody, okResponses, versionField } from "./edit-support.js";

/** The largest single request: a whole large office building's usable area (m²). */
export const MAX_REQUESTED_AREA = 50_000;

const requestCreate = z
  .object({
    unitId: z.number().int().positive(),
    requestedArea: z
      .number()
      .positive("requestedArea must be above 0 m²")
      .max(MAX_REQUESTED_AREA, `requestedArea must be at most ${MAX_REQUESTED_AREA} m²`),
    reason: z.string().trim().min(1, "reason must not be empty").max(2000),
    neededBy: z.iso.date("neededBy must be a date (YYYY-MM-DD)").optional(),
  })
  .strict();

const decision = z.object({ planId: z.number().int().positive(), version: versionField }).strict();

const listQuery = z.object({
  status: z.enum(["submitted", "planning", "decided", "rejected", "withdrawn"]).optional(),
  region: regionCodeParameter.optional(),
  limit: integerParameter("limit", 1, 500, 50),
  offset: integerParameter("offset", 0, 1_000_000, 0),
});

/** Administration staff who prepare and decide allocations: planners, approvers, system administrators. */
export function isAllocator(principal: Principal, regionCode: string): boolean {
  if (principal.roles.includes("system_admin")) return true;
  return (
    (principal.roles.includes("planner") || principal.roles.includes("approver")) &&
    regionWithin(regionCode, principal.regionCode)
  );
}

/** A request the principal may read (404 otherwise, out of scope looks missing). */
async function readableRequest(
  db: AppDependencies["db"],
  principal: Principal,
  id: number,
  lock = false,
): Promise<RequestRow> {
  const request = await findRequest(db, id, lock);
  if (!request || !canRead(principal, { regionCode: request.region_code, unitId: request.unit_id }))
    throw new ApiError("not_found", `No allocation request ${id}`);
  return request;
}

/** Allocation requests (调配申报): filing, the unit's standard position, plans, the decision. */
export function allocationRequestRoutes(deps: AppDependencies) {
  const { db } = deps;
  const settings: AllocationSettings = { ...defaultAllocationSettings, ...deps.allocationSettings };
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/allocation-requests",
      summary:
        "File an allocation request (调配申报) for a unit: a unit user for their own unit, staff in their region",
      request: { body: jsonBody(requestCreate) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const body = c.req.valid("json");
      const unit = await findUnit(db, body.unitId);
      const scope = { regionCode: unit?.region_code ?? "", unitId: body.unitId };
      if (!unit || !canRead(principal, scope)) throw new ApiError("not_found", `No unit ${body.unitId}`);
      const staff = isAllocator(principal, unit.region_code);
      if (!staff && principal.unitId !== unit.id)
        throw new ApiError("forbidden", "A unit may file allocation requests only for itself");
      if (unit.kind === "administration")
        throw new ApiError("domain_rule", "An offices administration does not apply to itself for space");
      const created = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("allocation_requests")
          .values({
            unit_id: unit.id,
            region_code: unit.region_code,
            requested_area: Math.round(body.requestedArea * 100) / 100,
            reason: body.reason,
            needed_by: body.neededBy ?? null,
            filed_by: principal.userId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const auditId = await appendAudit(trx, {
          userId: principal.userId,
          regionCode: unit.region_code,
          action: "create",
          entity: "allocation_request",
          entityId: row.id,
          after: row,
        });
        return { request: (await findRequest(trx, row.id)) as RequestRow, audit: [auditId] };
      });
      return c.json({ ...requestView(created.request, settings), audit: created.audit }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/allocation-requests",
      summary: "Allocation requests in scope (unit users: their own unit's), newest first",
      request: { query: listQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const query = c.req.valid("query");
      const { total, rows } = await listRequests(db, readScopeOf(principal), query);
      return c.json(
        {
          total,
          limit: query.limit,
          offset: query.offset,
          items: rows.map((row) => requestView(row, settings)),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/allocation-requests/{id}",
      summary: "One request with the unit's standard position, the entitlement check and the plans",
      request: { params: idParameters },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const request = await readableRequest(db, principal, c.req.valid("param").id);
      const [report, plans] = await Promise.all([
        unitPosition(db, request.unit_id),
        requestPlans(db, request.id),
      ]);
      const core = report?.comparison.find((row) => row.category === "core");
      return c.json(
        {
          ...requestView(request, settings),
          position: report ? positionView(report) : null,
          check: core ? checkRequest(core, Number(request.requested_area)) : null,
          plans: plans.map(planView),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/allocation-requests/{id}/plans",
      summary:
        "Prepare the plans (staff): re-allocation → swap → lease → construction, at least two, grassroots first",
      request: { params: idParameters },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const request = await readableRequest(db, principal, c.req.valid("param").id);
      if (!isAllocator(principal, request.region_code))
        throw new ApiError("forbidden", "Only the administration's planners and approvers prepare plans");
      if (!(OPEN_STATUSES as readonly string[]).includes(request.status))
        throw new ApiError("conflict", `Request ${request.id} is ${request.status}: its plans are final`);
      const report = await unitPosition(db, request.unit_id);
      const core = report?.comparison.find((row) => row.category === "core");
      if (!report || !core || report.headcount.authorized === 0)
        throw new ApiError(
          "domain_rule",
          `Unit ${request.unit_id} has no authorised staffing: its entitlement cannot be computed`,
        );
      const check = checkRequest(core, Number(request.requested_area));
      if (check.allocatableArea <= 0)
        throw new ApiError("domain_rule", check.explanation[0]?.en ?? "No shortfall", [
          { path: "requestedArea", message: check.explanation[0]?.zh ?? "" },
        ]);
      const unit = {
        id: request.unit_id,
        name: request.unit_name,
        kind: request.unit_kind,
        admin_level: request.unit_level,
        region_code: request.region_code,
      };
      const origin = await unitOrigin(db, unit.id);
      const [rooms, claims, partners] = await Promise.all([
        poolRooms(db, unit, origin),
        roomClaims(db, request.id),
        swapPartners(db, unit, origin, settings),
      ]);
      // Grassroots units claim contested idle rooms first (then the earlier filed): rooms held by the
      // plans of requests ahead of this one are not offered; this request's plans may take the others'.
      const self = {
        requestId: request.id,
        grassroots: isGrassroots({ kind: unit.kind, adminLevel: unit.admin_level }, settings),
        submittedAt: new Date(request.submitted_at),
      };
      const { ahead, behind } = partitionClaims(claims, self, settings);
      const held = new Set(ahead.flatMap((claim) => claim.roomIds));
      const poolIds = new Set(rooms.map((room) => room.id));
      const drafts = preparePlans({
        target: check.allocatableArea,
        rooms: rooms.filter((room) => !held.has(room.id)),
        partners,
        settings,
      }).map((draft) => withPriority(draft, self, ahead, behind, poolIds));
      const result = await db.transaction().execute(async (trx) => {
        const locked = (await findRequest(trx, request.id, true)) as RequestRow;
        if (!(OPEN_STATUSES as readonly string[]).includes(locked.status))
          throw new ApiError("conflict", `Request ${request.id} is ${locked.status}: its plans are final`);
        const audit = await storePlans(trx, locked, drafts, principal.userId);
        return {
          request: (await findRequest(trx, request.id)) as RequestRow,
          plans: await requestPlans(trx, request.id),
          audit,
        };
      });
      return c.json(
        {
          request: requestView(result.request, settings),
          position: positionView(report),
          check,
          origin: origin
            ? { name: origin.name, source: origin.source, lng: origin.lng, lat: origin.lat }
            : null,
          plans: result.plans.map(planView),
          audit: result.audit,
        },
        201,
      );
    },
  );

  return app.openapi(
    createRoute({
      method: "post",
      path: "/allocation-requests/{id}/decide",
      summary:
        "Choose a plan (approvers, planners): re-allocation becomes room assignments; others are recorded",
      request: { params: idParameters, body: jsonBody(decision) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const id = c.req.valid("param").id;
      const body = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const request = await readableRequest(trx, principal, id, true);
        if (!isAllocator(principal, request.region_code))
          throw new ApiError(
            "forbidden",
            "Only the administration's approvers and planners decide allocations",
          );
        return decideRequest(trx, { principal, request, settings, ...body });
      });
      return c.json(
        {
          request: requestView(result.request, settings),
          plans: result.plans.map(planView),
          rooms: result.rooms,
          audit: result.audit,
          scenarioId: result.scenarioId,
        },
        200,
      );
    },
  );
}
