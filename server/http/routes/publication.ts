import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { sql } from "kysely";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters } from "../schemas.js";
import { jsonBody, okResponses, staleVersion } from "./edit-support.js";
import { requireInRegion, requireRole, requireStaff, stepBody } from "./outflow-access.js";

/** What can be published on the public page: decided conversions, disposals on offer. */
interface Publishable {
  readonly table: "conversions" | "disposals";
  readonly path: string;
  readonly entity: string;
  readonly noun: string;
  /** The statuses in which the record may be shown to the public. */
  readonly statuses: readonly string[];
}

/**
 * `POST /{path}/{id}/publish` and `/unpublish`: an explicit, audited act of the administration
 * (approvers; system administrators). Both are audited with action `publish`, `after.isPublished` says
 * which way: the audit log's actions are a frozen list shared by every migration.
 */
export function publicationRoutes(app: OpenAPIHono<AppEnv>, { db }: AppDependencies, target: Publishable) {
  for (const publish of [true, false]) {
    const verb = publish ? "publish" : "unpublish";
    app.openapi(
      createRoute({
        method: "post",
        path: `${target.path}/{id}/${verb}`,
        summary: `${verb} a ${target.noun} on the public page (approvers)`,
        request: { params: idParameters, body: jsonBody(stepBody) },
        responses: okResponses,
      }),
      async (c) => {
        const principal = requireStaff(requireReader(c));
        const id = c.req.valid("param").id;
        const body = c.req.valid("json");
        const result = await db.transaction().execute(async (trx) => {
          const { rows } = await sql<{
            region_code: string;
            status: string;
            is_published: boolean;
            version: number;
          }>`
            select region_code, status, is_published, version from ${sql.table(target.table)}
            where id = ${id} for update`.execute(trx);
          const row = rows[0];
          if (!row) throw new ApiError("not_found", `No ${target.noun} ${id}`);
          requireInRegion(principal, row.region_code, target.noun, id);
          requireRole(principal, "approver", row.region_code, `${verb} ${target.noun}s`);
          if (row.version !== body.version) throw staleVersion(target.noun, id, row.version);
          if (publish && !target.statuses.includes(row.status))
            throw new ApiError(
              "conflict",
              `A ${target.noun} that is ${row.status} cannot be published: only when ${target.statuses.join(", ")}`,
            );
          if (row.is_published === publish)
            throw new ApiError(
              "conflict",
              `${target.noun} ${id} is already ${publish ? "published" : "unpublished"}`,
            );
          const { rows: updated } = await sql<{ version: number; published_at: Date | null }>`
            update ${sql.table(target.table)} set is_published = ${publish}, version = version + 1,
              published_at = ${publish ? sql`now()` : null}
            where id = ${id} returning version, published_at`.execute(trx);
          const audit = await appendAudit(trx, {
            userId: principal.userId,
            regionCode: row.region_code,
            action: "publish",
            entity: target.entity,
            entityId: id,
            before: { isPublished: row.is_published, version: row.version },
            after: { isPublished: publish, version: updated[0]?.version, note: body.note ?? null },
          });
          return {
            id,
            isPublished: publish,
            publishedAt: updated[0]?.published_at ?? null,
            version: updated[0]?.version,
            audit: [audit],
          };
        });
        return c.json(result, 200);
      },
    );
  }
}
