import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export type AuditAction =
  | "create"
  | "update"
  | "delete"
  | "apply"
  | "approve"
  | "publish"
  | "login"
  | "logout"
  | "revert";

export interface AuditEntry {
  readonly userId: number | null;
  readonly regionCode: string | null;
  readonly action: AuditAction;
  readonly entity: string;
  readonly entityId: string | number;
  readonly before?: unknown;
  readonly after?: unknown;
  /** For a `revert`: the id of the entry it undoes. */
  readonly revertedEntryId?: string;
  /** For writes of an applied scenario: the scenario they carry out. */
  readonly scenarioId?: number;
}

/** Appends to the audit log and returns the entry's id; call it inside the transaction of the write it records. */
export async function appendAudit(db: Kysely<Database>, entry: AuditEntry): Promise<string> {
  const { id } = await db
    .insertInto("audit_log")
    .values({
      user_id: entry.userId,
      region_code: entry.regionCode,
      action: entry.action,
      entity: entry.entity,
      entity_id: String(entry.entityId),
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      reverted_entry_id: entry.revertedEntryId ?? null,
      scenario_id: entry.scenarioId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(id);
}

/** The history of one record, oldest first. */
export function auditHistory(db: Kysely<Database>, entity: string, entityId: string) {
  return db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.user_id")
    .select([
      "a.id",
      "a.at",
      "a.action",
      "a.entity",
      "a.entity_id",
      "a.region_code",
      "a.before",
      "a.after",
      "u.username",
    ])
    .where("a.entity", "=", entity)
    .where("a.entity_id", "=", entityId)
    .orderBy("a.id")
    .execute();
}
