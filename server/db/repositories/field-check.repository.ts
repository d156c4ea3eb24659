import type { Kysely } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Database, FieldCheckResultTable } from "../schema.js";
import { roomScope } from "../scope.js";

export interface NewFieldResult {
  readonly roomId: number;
  readonly regionCode: string;
  readonly observedStatus: FieldCheckResultTable["observed_status"];
  readonly observedUseCategory: FieldCheckResultTable["observed_use_category"];
  readonly observedUsableArea: number | null;
  readonly observedOccupantUnitId: number | null;
  readonly note: string | null;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters (9 columns a row). */
const CHUNK = 1000;

/** Writes an inspection's field-check results; call it inside the transaction that audits them. */
export async function insertFieldResults(
  db: Kysely<Database>,
  inspectionId: number,
  checkedOn: string,
  results: readonly NewFieldResult[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < results.length; start += CHUNK) {
    const rows = await db
      .insertInto("field_check_results")
      .values(
        results.slice(start, start + CHUNK).map((result) => ({
          inspection_id: inspectionId,
          room_id: result.roomId,
          region_code: result.regionCode,
          checked_on: checkedOn,
          observed_status: result.observedStatus,
          observed_use_category: result.observedUseCategory,
          observed_usable_area: result.observedUsableArea,
          observed_occupant_unit_id: result.observedOccupantUnitId,
          note: result.note,
        })),
      )
      .returning("id")
      .execute();
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

/** The region of each room among `ids` that the scope reads. */
export async function readableRoomRegions(
  db: Kysely<Database>,
  ids: readonly number[],
  scope: ReadScope,
): Promise<ReadonlyMap<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("rooms as r")
    .select(["r.id", "r.region_code"])
    .where("r.id", "in", [...new Set(ids)])
    .where(roomScope(scope, "r"))
    .execute();
  return new Map(rows.map((row) => [row.id, row.region_code]));
}

/** The ids among `ids` that name a unit. */
export async function existingUnitIds(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<ReadonlySet<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("units")
    .select("id")
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Set(rows.map((row) => row.id));
}
