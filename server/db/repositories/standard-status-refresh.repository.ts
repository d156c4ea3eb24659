import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";
import { recomputeStandardStatusForUnits } from "./standard-status.repository.js";

/**
 * The units whose standard status the audited writes `auditIds` may have changed, read from the
 * entries' before and after rows (so one rule covers edits, reverts and allocation decisions):
 * a room's occupant unit before and after (its in-use area), a unit itself (level, kind, region),
 * staffing and people by their unit (entitlement, office checks), a room's occupants by the person's
 * unit, and a building or floor by the units with rooms in it (the building's storeys decide K).
 */
export async function unitsTouchedByAudit(
  db: Kysely<Database>,
  auditIds: readonly string[],
): Promise<number[]> {
  if (auditIds.length === 0) return [];
  const { rows } = await sql<{ unit_id: number }>`
    with e as (
      select a.entity, a.entity_id, v.row from audit_log a
      cross join lateral (values (a.before), (a.after)) v(row)
      where a.id = any(${[...auditIds]}::bigint[]) and v.row is not null
    )
    select distinct unit_id from (
      select (row->>'occupant_unit_id')::int as unit_id from e where entity = 'room'
      union all select (row->>'id')::int from e where entity = 'unit'
      union all select (row->>'unit_id')::int from e where entity in ('staffing', 'person')
      union all select p.unit_id from e join people p on p.id = (e.row->>'person_id')::int
        where e.entity = 'room_occupant'
      union all select r.occupant_unit_id from e join rooms r on r.building_id = (e.row->>'id')::int
        where e.entity = 'building'
      union all select r.occupant_unit_id from e join rooms r on r.floor_id = (e.row->>'id')::int
        where e.entity = 'floor'
    ) x where unit_id is not null
    order by unit_id`.execute(db);
  return rows.map((row) => Number(row.unit_id));
}

/**
 * Keeps unit_standard_status in step with audited inventory writes: recomputes, inside the write's
 * transaction `trx`, the stored status of every unit the entries touch. Returns the rows written.
 */
export async function refreshStandardStatusAfter(
  trx: Kysely<Database>,
  auditIds: readonly string[],
): Promise<number> {
  return recomputeStandardStatusForUnits(trx, await unitsTouchedByAudit(trx, auditIds));
}
