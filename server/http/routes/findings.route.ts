import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  createFinding,
  findingAttachments,
  findingById,
  findingHistory,
  listFindings,
} from "../../db/repositories/finding.repository.js";
import { canRead, type Principal, readScopeOf } from "../../domain/auth/access.js";
import {
  type ActionRefusal,
  actionOf,
  applyAction,
  mayAct,
  targetOf,
} from "../../domain/findings/finding-action.js";
import { type FindingStatus, mayRaiseFindings } from "../../domain/findings/finding-status.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { todayInChina } from "./consistency.route.js";
import { createdResponses, jsonBody, okResponses, staleVersion } from "./edit-support.js";
import { findingEvidenceRoutes } from "./finding-evidence.route.js";
import { findingLedgerRoutes } from "./finding-ledger.route.js";
import { createSchema, filterOf, listQuery, transitionSchema } from "./finding-schemas.js";

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
  summary:
    "The finding ledger the reader may read: filters of the findings tab's links (status incl. active, unit, region, severity, overdue, dueSoon, age, source, inspection), sort by deadline or age, paged; with counts per status",
  request: { query: listQuery },
  responses: okResponses,
});
const detailRoute = createRoute({
  method: "get",
  path: "/findings/{id}",
  summary: "One finding with its evidence files and full history (audit entries, oldest first)",
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
    "Move a finding: its unit answers (rectifying, plan then evidence); the inspector verifies or sends back (rectifying with a reason); the approver closes; either refers to discipline inspection with date and reason",
  request: { params: idParameters, body: jsonBody(transitionSchema) },
  responses: okResponses,
});

function invalid(path: string, message: string): ApiError {
  return new ApiError("invalid_request", message, [{ path, message }]);
}

function refusalError(refusal: ActionRefusal): ApiError {
  const detail = [{ path: refusal.path, message: refusal.message }];
  switch (refusal.code) {
    case "invalid":
      return new ApiError("invalid_request", refusal.message, detail);
    case "conflict":
      return new ApiError("conflict", refusal.message, detail);
    case "forbidden":
      return new ApiError("forbidden", refusal.message, detail);
  }
}

export function findingRoutes(deps: AppDependencies) {
  const { db } = deps;
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

  // The fixed paths (/findings/alerts, /findings/from-checks, /findings.xlsx) before /findings/{id}.
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .route("/", findingLedgerRoutes(deps))
    .route("/", findingEvidenceRoutes(deps))
    .openapi(createRoute_, async (c) => {
      const principal = requireReader(c);
      if (!mayRaiseFindings(principal))
        throw new ApiError("forbidden", "Only inspectors, approvers and administrators raise findings");
      const body = c.req.valid("json");
      const unit = await checkReferences(principal, body);
      const today = todayInChina();
      const id = await db.transaction().execute((trx) =>
        createFinding(
          trx,
          {
            regionCode: unit.region_code,
            source: body.source,
            inspectionId: body.inspectionId ?? null,
            unitId: body.unitId,
            buildingId: body.buildingId ?? null,
            roomId: body.roomId ?? null,
            rule: body.rule,
            severity: body.severity,
            description: body.description,
            deadline: body.deadline ?? null,
            raisedOn: today,
          },
          principal.userId,
        ),
      );
      return c.json(await findingById(db, readScopeOf(principal), id, today), 201);
    })
    .openapi(listRoute, async (c) => {
      const query = c.req.valid("query");
      const result = await listFindings(db, readScopeOf(requireReader(c)), {
        ...filterOf(query),
        today: query.asOf ?? todayInChina(),
        limit: query.limit,
        offset: query.offset,
      });
      return c.json({ ...result, limit: query.limit, offset: query.offset }, 200);
    })
    .openapi(detailRoute, async (c) => {
      const { id } = c.req.valid("param");
      const finding = await findingById(db, readScopeOf(requireReader(c)), id, todayInChina());
      if (!finding) throw new ApiError("not_found", `Finding ${id} not found`);
      const [attachments, history] = await Promise.all([findingAttachments(db, id), findingHistory(db, id)]);
      return c.json({ finding, attachments, history }, 200);
    })
    .openapi(transitionRoute, async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const today = todayInChina();
      const scope = readScopeOf(principal);
      const current = await findingById(db, scope, id, today);
      if (!current) throw new ApiError("not_found", `Finding ${id} not found`);
      const parsed = actionOf(body);
      if (!parsed.ok) throw refusalError(parsed);
      const { action } = parsed;
      if (!mayAct(principal, current.unit_id, action))
        throw new ApiError(
          "forbidden",
          action.kind === "send_back"
            ? `Only inspectors and approvers send finding ${id} back`
            : `You may not move finding ${id} to ${targetOf(action)}`,
        );
      const before = {
        status: current.status as FindingStatus,
        rectificationPlan: current.rectification_plan,
        evidence: current.evidence,
        referredOn: current.referred_on,
        returnedReason: current.returned_reason,
      };
      const applied = applyAction(before, action, today);
      if (!applied.ok) throw refusalError(applied);
      if (body.version !== current.version) throw staleVersion("finding", id, current.version);
      const { next } = applied;

      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("findings")
          .set({
            status: next.status,
            rectification_plan: next.rectificationPlan,
            evidence: next.evidence,
            referred_on: next.referredOn,
            returned_reason: next.returnedReason,
            updated_at: new Date(),
            version: current.version + 1,
          })
          .where("id", "=", id)
          .where("version", "=", body.version)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw staleVersion("finding", id, "newer");
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: current.region_code,
          action: "update",
          entity: "finding",
          entityId: id,
          before: { ...before, version: current.version },
          after: {
            ...next,
            step: action.kind,
            ...(body.reason !== undefined && { reason: body.reason }),
            version: current.version + 1,
          },
        });
      });
      return c.json(await findingById(db, scope, id, today), 200);
    });
}
