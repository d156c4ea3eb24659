import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** One audit row as a detail page shows it. */
export interface HistoryEntry {
  id: number;
  at: Date;
  /** The user's display name (their username when it has none); null for changes made by the system. */
  actor: string | null;
  action: string;
  /** The table of the changed record: buildings, floors or rooms. */
  table: string;
  record_id: number;
  changes: FieldChange[];
  summary: string;
}

export interface HistoryTarget {
  /** The audit log's entity name (singular), e.g. "room". */
  readonly entity: string;
  readonly ids: readonly number[];
}

/** Bookkeeping columns every write bumps: not changes a person made. */
const bookkeeping = new Set(["version", "updated_at", "created_at"]);
const SUMMARY_LENGTH = 200;

/** The latest audit rows of several records at once, newest first. */
export async function historyOf(
  db: Kysely<Database>,
  targets: readonly HistoryTarget[],
  limit: number,
): Promise<HistoryEntry[]> {
  const conditions = targets
    .filter((target) => target.ids.length > 0)
    // entity_id is text (the log covers tables with any key); the (entity, entity_id) index serves this.
    .map(
      (target) =>
        sql`(a.entity = ${target.entity} and a.entity_id = any(${sql.val(target.ids.map(String))}::text[]))`,
    );
  if (conditions.length === 0) return [];
  const { rows } = await sql<{
    id: number;
    at: Date;
    actor: string | null;
    action: string;
    entity: string;
    entity_id: string;
    before: unknown;
    after: unknown;
  }>`
    select a.id, a.at, coalesce(nullif(u.display_name, ''), u.username) as actor, a.action, a.entity,
      a.entity_id, a.before, a.after
    from audit_log a left join users u on u.id = a.user_id
    where ${sql.join(conditions, sql` or `)}
    order by a.at desc, a.id desc
    limit ${limit}`.execute(db);
  return rows.map((row) => {
    const changes = changesOf(row.before, row.after);
    return {
      id: Number(row.id),
      at: row.at,
      actor: row.actor,
      action: row.action,
      table: `${row.entity}s`,
      record_id: Number(row.entity_id),
      changes,
      summary: summaryOf(row.action, changes),
    };
  });
}

/** The fields whose values differ between two snapshots of a row. */
export function changesOf(before: unknown, after: unknown): FieldChange[] {
  const from = asRecord(before);
  const to = asRecord(after);
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter(
    (field) => !bookkeeping.has(field),
  );
  return fields
    .filter((field) => JSON.stringify(from[field] ?? null) !== JSON.stringify(to[field] ?? null))
    .map((field) => ({ field, before: from[field] ?? null, after: to[field] ?? null }));
}

function summaryOf(action: string, changes: readonly FieldChange[]): string {
  if (action !== "update") return action;
  const text = changes
    .map((change) => `${change.field}: ${show(change.before)} → ${show(change.after)}`)
    .join("; ");
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
}

const show = (value: unknown) =>
  value === null ? "—" : typeof value === "string" ? value : JSON.stringify(value);

function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value === "string") return asRecord(JSON.parse(value));
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}
