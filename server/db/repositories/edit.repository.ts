import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";

/** Editable inventory tables and the columns a PATCH may change. */
export const editableColumns = {
  buildings: ["name", "address", "condition", "note", "built_year", "floors_above"],
  rooms: ["function", "status", "occupant_unit_id", "usable_area", "use_category"],
} as const;

export type EditableTable = keyof typeof editableColumns;

export type VersionedUpdate =
  | {
      readonly outcome: "updated";
      readonly before: Record<string, unknown>;
      readonly after: Record<string, unknown>;
    }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "conflict"; readonly current: Record<string, unknown> };

/** The row as it is now, locked for the rest of the transaction. */
export async function lockRow(db: Kysely<Database>, table: EditableTable, id: number) {
  const { rows } = await sql<Record<string, unknown>>`
    select * from ${sql.table(table)} where id = ${id} for update`.execute(db);
  return rows[0];
}

/**
 * Applies `changes` if the row still has `expectedVersion` (optimistic concurrency) and bumps the
 * version; otherwise reports the current row. Geometry columns are never part of `changes`.
 */
export async function updateVersioned(
  db: Kysely<Database>,
  table: EditableTable,
  id: number,
  expectedVersion: number,
  changes: Readonly<Record<string, unknown>>,
): Promise<VersionedUpdate> {
  const before = await lockRow(db, table, id);
  if (!before) return { outcome: "not_found" };
  if (before.version !== expectedVersion) return { outcome: "conflict", current: before };
  const assignments = Object.entries(changes).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  const extra = table === "buildings" ? [sql`updated_at = now()`] : [];
  const { rows } = await sql<Record<string, unknown>>`
    update ${sql.table(table)} set ${sql.join([...assignments, sql`version = version + 1`, ...extra])}
    where id = ${id} returning *`.execute(db);
  return { outcome: "updated", before, after: rows[0] as Record<string, unknown> };
}
