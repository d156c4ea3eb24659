import type { Kysely } from "kysely";
import type { SubLedgerRow } from "../../domain/consistency/sub-ledger.js";
import type { Database } from "../schema.js";

export interface NewSubLedger {
  readonly unitId: number;
  readonly regionCode: string;
  readonly submittedOn: string;
  readonly submittedBy: number | null;
  readonly rows: ReadonlyArray<SubLedgerRow & { readonly note: string | null }>;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters (8 columns a row). */
const CHUNK = 1000;

/** Writes a sub-ledger submission and its rows; call it inside the transaction that audits it. */
export async function insertSubLedger(db: Kysely<Database>, submission: NewSubLedger) {
  const saved = await db
    .insertInto("sub_ledger_submissions")
    .values({
      unit_id: submission.unitId,
      region_code: submission.regionCode,
      submitted_on: submission.submittedOn,
      submitted_by: submission.submittedBy,
    })
    .returning(["id", "version", "created_at"])
    .executeTakeFirstOrThrow();
  for (let start = 0; start < submission.rows.length; start += CHUNK) {
    await db
      .insertInto("sub_ledger_rows")
      .values(
        submission.rows.slice(start, start + CHUNK).map((row) => ({
          submission_id: saved.id,
          region_code: submission.regionCode,
          building_id: row.buildingId,
          room_number: row.roomNumber,
          use_category: row.useCategory,
          usable_area: row.usableArea,
          status: row.status,
          note: row.note,
        })),
      )
      .execute();
  }
  return saved;
}

/** The ids among `ids` that name a building. */
export async function existingBuildingIds(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<ReadonlySet<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("buildings")
    .select("id")
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Set(rows.map((row) => row.id));
}
