import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { appendAudit, auditHistory } from "../../db/repositories/audit.repository.js";
import {
  applyConversion,
  blockingRooms,
  type ConversionRow,
  findAsset,
  findConversion,
  listConversions,
  sourceRooms,
} from "../../db/repositories/conversion.repository.js";
import { canWrite, readScopeOf } from "../../domain/auth/access.js";
import {
  type ConversionAction,
  communityUses,
  conversionStatuses,
  conversionTransitions,
  nextStatus,
  usesProblem,
} from "../../domain/conversions/conversion-flow.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { resolveSource, sourceSchema } from "./conversion-source.js";
import { conversionView } from "./conversion-views.js";
import { createdResponses, jsonBody, okResponses, staleVersion } from "./edit-support.js";
import {
  areaField,
  cents,
  listQuery,
  moneyField,
  requireInRegion,
  requireRole,
  requireStaff,
  stepBody,
} from "./outflow-access.js";

const useSchema = z
  .object({
    kind: z.enum(communityUses, `kind must be one of: ${communityUses.join(", ")}`),
    name: z.string().trim().min(1, "name must not be empty").max(100),
    area: areaField("area"),
  })
  .strict();

const conversionCreate = z
  .object({
    name: z.string().trim().min(1, "name must not be empty").max(200),
    source: sourceSchema,
    uses: z.array(useSchema).min(1, "uses must name at least one target use").max(10),
    estimatedCost: moneyField("estimatedCost").optional(),
    annualOperatingCost: moneyField("annualOperatingCost").optional(),
    fundingSource: z.string().trim().max(200).optional(),
    publicSummary: z.string().trim().max(1000).optional(),
    note: z.string().trim().max(4000).optional(),
  })
  .strict();

const completeBody = stepBody
  .extend({ openedOn: z.iso.date("openedOn must be a date (YYYY-MM-DD)").optional() })
  .strict();

/** Community-use conversions (公益用房转换): proposal, decision, work, completion into the ledger. */
export function conversionRoutes(deps: AppDependencies) {
  const { db } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/conversions",
      summary:
        "Propose converting idle space (a building, some rooms or a non-office asset) to community use",
      request: { body: jsonBody(conversionCreate) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const body = c.req.valid("json");
      const source = await resolveSource(db, body.source);
      requireRole(principal, "planner", source.regionCode, "propose conversions");
      if (!canWrite(principal, { regionCode: source.regionCode }))
        throw new ApiError("forbidden", "The source lies outside your region");
      const problem = usesProblem(body.uses, source.area);
      if (problem) throw new ApiError("domain_rule", problem, [{ path: "uses", message: problem }]);
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("conversions")
          .values({
            region_code: source.regionCode,
            source_kind: body.source.kind,
            building_id: source.buildingId,
            asset_id: source.assetId,
            room_ids: source.roomIds,
            target_use: body.uses[0]?.kind ?? "other",
            uses: JSON.stringify(body.uses.map((use) => ({ ...use, area: cents(use.area) }))),
            name: body.name,
            area: source.area,
            estimated_cost: body.estimatedCost ?? null,
            annual_operating_cost: body.annualOperatingCost ?? null,
            funding_source: body.fundingSource ?? null,
            public_summary: body.publicSummary ?? null,
            note: body.note ?? null,
            proposed_by: principal.userId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: row.region_code,
          action: "create",
          entity: "conversion",
          entityId: row.id,
          after: row,
        });
        return row.id;
      });
      return c.json(conversionView((await findConversion(db, id)) as ConversionRow), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/conversions",
      summary: "Conversions in the reader's region, newest first",
      request: { query: listQuery(z.enum(conversionStatuses)) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const query = c.req.valid("query");
      const { total, rows } = await listConversions(db, readScopeOf(principal), query);
      return c.json(
        { total, limit: query.limit, offset: query.offset, items: rows.map(conversionView) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/conversions/{id}",
      summary: "One conversion with its attachments (names and sizes) and its audit history",
      request: { params: idParameters },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const id = c.req.valid("param").id;
      const row = await findConversion(db, id);
      if (!row) throw new ApiError("not_found", `No conversion ${id}`);
      requireInRegion(principal, row.region_code, "conversion", id);
      const [attachments, history] = await Promise.all([
        db
          .selectFrom("conversion_attachments")
          .select(["id", "file_name", "media_type", "size_bytes", "created_at"])
          .where("conversion_id", "=", id)
          .orderBy("id")
          .execute(),
        auditHistory(db, "conversion", String(id)),
      ]);
      return c.json(
        {
          ...conversionView(row),
          attachments: attachments.map((a) => ({
            id: a.id,
            fileName: a.file_name,
            mediaType: a.media_type,
            sizeBytes: a.size_bytes,
            createdAt: a.created_at,
          })),
          history: history.map((entry) => ({
            id: String(entry.id),
            at: entry.at,
            action: entry.action,
            username: entry.username,
            before: entry.before,
            after: entry.after,
          })),
        },
        200,
      );
    },
  );

  const actions = Object.keys(conversionTransitions) as ConversionAction[];
  for (const action of actions) {
    const transition = conversionTransitions[action];
    app.openapi(
      createRoute({
        method: "post",
        path: `/conversions/{id}/${action}`,
        summary: `${action} a conversion (${transition.role}): ${transition.from.join("/")} → ${transition.to}`,
        request: { params: idParameters, body: jsonBody(action === "complete" ? completeBody : stepBody) },
        responses: okResponses,
      }),
      async (c) => {
        const principal = requireStaff(requireReader(c));
        const id = c.req.valid("param").id;
        const body = c.req.valid("json") as z.infer<typeof completeBody>;
        const audit = await db.transaction().execute(async (trx) => {
          const row = await findConversion(trx, id, true);
          if (!row) throw new ApiError("not_found", `No conversion ${id}`);
          requireInRegion(principal, row.region_code, "conversion", id);
          requireRole(principal, transition.role, row.region_code, `${action} conversions`);
          if (row.version !== body.version) throw staleVersion("conversion", id, row.version);
          const next = nextStatus(row.status, action);
          if (!next.ok)
            throw new ApiError("conflict", next.message, [{ path: "status", message: row.status }]);
          const entries: string[] = [];
          let facilityIds: number[] = [];
          if ((action === "start" || action === "complete") && row.building_id !== null) {
            // The space must still be free when the work starts and ends (a unit may have moved in since).
            const rooms = await sourceRooms(
              trx,
              row.building_id,
              row.source_kind === "rooms" ? row.room_ids : null,
              true,
            );
            const blocked = blockingRooms(rooms);
            if (blocked.length > 0)
              throw new ApiError(
                "conflict",
                `${blocked.length} room(s) of the source are no longer free`,
                blocked.slice(0, 20).map((room) => ({ path: `rooms.${room.id}`, message: room.status })),
              );
          }
          if ((action === "start" || action === "complete") && row.asset_id !== null) {
            const asset = await findAsset(trx, row.asset_id);
            if (asset?.status === "taken_over" || asset?.status === "rejected")
              throw new ApiError(
                "conflict",
                `Asset ${row.asset_id} is ${asset.status}: it is no longer available`,
              );
          }
          if (action === "complete") {
            const openedOn = body.openedOn ?? new Date().toISOString().slice(0, 10);
            const applied = await applyConversion(trx, row, principal.userId, openedOn);
            facilityIds = applied.facilityIds;
            entries.push(...applied.audit);
          }
          const decided = action === "approve" || action === "reject";
          // A refused or cancelled conversion leaves the public page with it (audited below).
          const unpublish = next.to === "rejected" || next.to === "cancelled";
          await sql`update conversions set status = ${next.to}, version = version + 1,
              decision_note = ${decided ? (body.note ?? null) : row.decision_note},
              approved_by = ${action === "approve" ? principal.userId : row.approved_by},
              approved_at = ${action === "approve" ? sql`now()` : sql`approved_at`},
              completed_by = ${action === "complete" ? principal.userId : row.completed_by},
              completed_at = ${action === "complete" ? sql`now()` : sql`completed_at`},
              facility_ids = ${action === "complete" ? sql`${sql.val(facilityIds)}::int[]` : sql`facility_ids`},
              is_published = ${unpublish ? false : row.is_published}
            where id = ${id}`.execute(trx);
          entries.push(
            await appendAudit(trx, {
              userId: principal.userId,
              regionCode: row.region_code,
              action: action === "approve" ? "approve" : action === "complete" ? "apply" : "update",
              entity: "conversion",
              entityId: id,
              before: { status: row.status, version: row.version, isPublished: row.is_published },
              after: {
                status: next.to,
                version: row.version + 1,
                isPublished: unpublish ? false : row.is_published,
                note: body.note ?? null,
                facilityIds,
              },
            }),
          );
          return entries;
        });
        return c.json({ ...conversionView((await findConversion(db, id)) as ConversionRow), audit }, 200);
      },
    );
  }
  return app;
}
