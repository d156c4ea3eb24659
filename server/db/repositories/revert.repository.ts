import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";
import { appendAudit } from "./audit.repository.js";
import {
  deleteRow,
  insertRow,
  isJournalEntity,
  type JournalEntity,
  journalEntities,
  keyOf,
  type Row,
  snapshot,
  updateRow,
} from "./journal.repository.js";

/** An audit entry as a revert reads it. */
export interface AuditRecord {
  readonly id: string;
  readonly userId: number | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly before: Row | null;
  readonly after: Row | null;
  /** The revert entry that undid this one, if any. */
  readonly revertedBy: string | null;
}

const json = (value: unknown): Row | null =>
  value == null ? null : typeof value === "string" ? (JSON.parse(value) as Row) : (value as Row);

/** The audit entries with these ids (those that exist), newest first. */
export async function auditRecords(db: Kysely<Database>, ids: readonly string[]): Promise<AuditRecord[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select a.id, a.user_id, a.action, a.entity, a.entity_id, a.before, a.after,
      (select r.id from audit_log r where r.reverted_entry_id = a.id order by r.id limit 1) as reverted_by
    from audit_log a where a.id in (${sql.join(ids.map((id) => sql`${id}::bigint`))})
    order by a.id desc`.execute(db);
  return rows.map((row) => ({
    id: String(row.id),
    userId: row.user_id == null ? null : Number(row.user_id),
    action: String(row.action),
    entity: String(row.entity),
    entityId: String(row.entity_id),
    before: json(row.before),
    after: json(row.after),
    revertedBy: row.reverted_by == null ? null : String(row.reverted_by),
  }));
}

/** Which actions a revert undoes: row writes (a revert is undone too: redo). */
export const revertibleActions = new Set(["create", "update", "delete", "revert"]);

export const isRevertible = (record: AuditRecord): record is AuditRecord & { entity: JournalEntity } =>
  revertibleActions.has(record.action) &&
  isJournalEntity(record.entity) &&
  (record.before !== null || record.after !== null);

/** Why a record's row is no longer as the entry left it (undefined: it is). */
function drift(entity: JournalEntity, expected: Row | null, current: Row | null): string | undefined {
  if (expected === null)
    return current === null ? undefined : `it exists again (version ${String(current.version ?? "–")})`;
  if (current === null) return "it no longer exists";
  if (journalEntities[entity].versioned && current.version !== expected.version)
    return `its version is ${String(current.version)}, the entry left version ${String(expected.version)}`;
  return undefined;
}

/** Rows that hang off a row and would vanish with it unannounced (cascades). */
async function dependents(
  db: Kysely<Database>,
  entity: JournalEntity,
  row: Row,
): Promise<string | undefined> {
  const id = Number(row.id);
  const countOf = async (query: Promise<{ count: unknown } | undefined>) => Number((await query)?.count ?? 0);
  const rooms =
    entity === "building" || entity === "floor"
      ? await countOf(
          db
            .selectFrom("rooms")
            .select((eb) => eb.fn.countAll().as("count"))
            .where(entity === "building" ? "building_id" : "floor_id", "=", id)
            .executeTakeFirst(),
        )
      : 0;
  if (rooms > 0) return `it has ${rooms} room(s) that this revert does not remove`;
  if (entity === "room") {
    const people = await countOf(
      db
        .selectFrom("room_occupants")
        .select((eb) => eb.fn.countAll().as("count"))
        .where("room_id", "=", id)
        .executeTakeFirst(),
    );
    if (people > 0) return `${people} person(s) are recorded in it`;
  }
  return undefined;
}

/**
 * Whether every change to the row after `record` has itself been undone (each later entry reverted,
 * and nothing else written): then the row is as `record` left it, though its version moved on.
 */
async function undoneSince(db: Kysely<Database>, record: AuditRecord): Promise<boolean> {
  const later = await db
    .selectFrom("audit_log")
    .select(["id", "action", "reverted_entry_id"])
    .where("entity", "=", record.entity)
    .where("entity_id", "=", record.entityId)
    .where("id", ">", record.id)
    .execute();
  const changes = later.filter((entry) => entry.action !== "revert").map((entry) => String(entry.id));
  const undone = new Set(
    later.filter((entry) => entry.action === "revert").map((entry) => String(entry.reverted_entry_id)),
  );
  return (
    later.length > 0 &&
    changes.every((id) => undone.has(id)) &&
    [...undone].every((id) => changes.includes(id))
  );
}

export type RevertOutcome =
  | { readonly outcome: "reverted"; readonly audit: string[] }
  | { readonly outcome: "conflict"; readonly details: Array<{ path: string; message: string }> };

/**
 * Undoes the records newest first inside the transaction `db`: an update by writing `before` back, a
 * create by deleting the row, a delete by re-inserting it; versions are bumped. Every row must still be
 * as its entry left it — or as a newer entry of the same batch restored it — else nothing is written
 * (the caller rolls back on a conflict). Each undo is journaled as a `revert` entry naming the entry.
 */
export async function revertRecords(
  db: Kysely<Database>,
  records: ReadonlyArray<AuditRecord & { entity: JournalEntity }>,
  userId: number,
): Promise<RevertOutcome> {
  const ordered = [...records].sort((a, b) => Number(BigInt(b.id) - BigInt(a.id)));
  /** Rows this batch already reverted: their logical state is the reverted entry's `before`. */
  const logical = new Map<string, Row | null>();
  const conflicts: Array<{ path: string; message: string }> = [];
  const audit: string[] = [];
  for (const record of ordered) {
    const { entity } = record;
    const rowKey = `${entity}:${record.entityId}`;
    const key = keyOf(entity, record.entityId);
    const physical = (await snapshot(db, entity, key)) ?? null;
    const current = logical.has(rowKey) ? (logical.get(rowKey) ?? null) : physical;
    const path = `${entity} ${record.entityId}`;
    const drifted = drift(entity, record.after, current);
    // Undoing edits one call at a time: the newer edits' reverts bumped the version, nothing else.
    const changed =
      drifted && !logical.has(rowKey) && current !== null && (await undoneSince(db, record))
        ? undefined
        : drifted;
    if (changed) {
      conflicts.push({ path, message: `audit entry ${record.id}: ${changed}` });
      continue;
    }
    let restored: Row | null;
    if (record.before === null) {
      const blocked = physical ? await dependents(db, entity, physical) : undefined;
      if (blocked) {
        conflicts.push({ path, message: `audit entry ${record.id}: ${blocked}` });
        continue;
      }
      await deleteRow(db, entity, key);
      restored = null;
    } else if (physical === null) {
      const version = journalEntities[entity].versioned ? { version: Number(record.before.version) + 1 } : {};
      restored = await insertRow(db, entity, { ...record.before, ...version });
    } else {
      restored = await updateRow(db, entity, key, record.before);
    }
    const row = (restored ?? physical) as Row;
    audit.push(
      await appendAudit(db, {
        userId,
        regionCode: typeof row.region_code === "string" ? row.region_code : null,
        action: "revert",
        entity,
        entityId: record.entityId,
        before: physical ?? undefined,
        after: restored ?? undefined,
        revertedEntryId: record.id,
      }),
    );
    logical.set(rowKey, record.before);
  }
  return conflicts.length > 0 ? { outcome: "conflict", details: conflicts } : { outcome: "reverted", audit };
}
