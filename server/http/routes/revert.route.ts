import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Row } from "../../db/repositories/journal.repository.js";
import { auditRecords, isRevertible, revertRecords } from "../../db/repositories/revert.repository.js";
import { refreshStandardStatusAfter } from "../../db/repositories/standard-status-refresh.repository.js";
import { canWrite, isUnitOnly, type Principal } from "../../domain/auth/access.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { validationHook } from "../validation.js";
import { jsonBody, okResponses } from "./edit-support.js";

const revertBody = z
  .object({
    audit: z
      .array(z.string().regex(/^\d{1,18}$/, "audit ids are whole numbers (as strings)"))
      .min(1, "name at least one audit entry")
      .max(50, "at most 50 audit entries per revert"),
  })
  .strict();

/** Fields of a room a unit user may change (PATCH /rooms/{id}), hence also undo. */
const unitUserFields = new Set(["function", "version"]);

const scopeOf = (entity: string, row: Row) => ({
  regionCode: String(row.region_code),
  unitId: entity === "room" ? ((row.occupant_unit_id as number | null) ?? null) : null,
});

const changedFields = (before: Row, after: Row) =>
  Object.keys(after).filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));

/** Whether `principal` may undo an entry that wrote `before` → `after` of `entity`. */
function mayRevert(principal: Principal, entity: string, before: Row | null, after: Row | null): boolean {
  const rows = [before, after].filter((row): row is Row => row !== null);
  if (!rows.every((row) => canWrite(principal, scopeOf(entity, row)))) return false;
  if (!isUnitOnly(principal)) return true;
  return (
    entity === "room" &&
    before !== null &&
    after !== null &&
    changedFields(before, after).every((field) => unitUserFields.has(field))
  );
}

/** "Undo the last edits": reverts audit entries of inventory writes, all or nothing. */
export function revertRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
    createRoute({
      method: "post",
      path: "/edits/revert",
      summary: "Undo audited edits (newest first, in one transaction; 409 if anything changed since)",
      request: { body: jsonBody(revertBody) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const ids = [...new Set(c.req.valid("json").audit.map((id) => String(BigInt(id))))];
      const result = await db.transaction().execute(async (trx) => {
        const records = await auditRecords(trx, ids);
        const found = new Set(records.map((record) => record.id));
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length > 0) throw new ApiError("not_found", `No audit entry ${missing.join(", ")}`);
        const revertible = [];
        for (const record of records) {
          if (record.userId !== principal.userId && !principal.roles.includes("system_admin"))
            throw new ApiError(
              "forbidden",
              `Audit entry ${record.id} is someone else's edit: only its author or a system administrator may revert it`,
            );
          if (!isRevertible(record))
            throw new ApiError(
              "domain_rule",
              `Audit entry ${record.id} (${record.action} ${record.entity}) cannot be reverted`,
            );
          if (!mayRevert(principal, record.entity, record.before, record.after))
            throw new ApiError(
              "forbidden",
              `You may not change the ${record.entity} of audit entry ${record.id}`,
            );
          if (record.revertedBy !== null)
            throw new ApiError(
              "conflict",
              `Audit entry ${record.id} was already reverted (by entry ${record.revertedBy})`,
              [
                {
                  path: `${record.entity} ${record.entityId}`,
                  message: `already reverted by audit entry ${record.revertedBy}`,
                },
              ],
            );
          revertible.push(record);
        }
        const outcome = await revertRecords(trx, revertible, principal.userId);
        if (outcome.outcome === "conflict")
          throw new ApiError(
            "conflict",
            `Nothing was reverted: changed since — ${outcome.details.map((detail) => `${detail.path}: ${detail.message}`).join("; ")}`,
            outcome.details,
          );
        await refreshStandardStatusAfter(trx, outcome.audit);
        return { reverted: outcome.audit.length, audit: outcome.audit };
      });
      return c.json(result, 200);
    },
  );
}
