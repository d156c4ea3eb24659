import { type RawBuilder, sql } from "kysely";

/** A unit's office-area compliance; `none` is only ever a building's (no occupant unit counts). */
export type UnitCompliance = "over" | "within" | "short";
export type BuildingCompliance = UnitCompliance | "none";

/** Below this share of its entitled office area a unit is short of space. */
export const SHORT_BELOW_SHARE = 0.9;

/**
 * Interim rule — office area only, until the standards engine (a later issue) computes the full
 * entitlement (offices + service rooms + equipment rooms, 党政机关办公用房建设标准 2014). For one unit:
 *
 * - entitled office area = Σ over its staffing rows of authorized × ranks.office_limit_m2 (the
 *   authorised headcount, 编制定员, never the actual one);
 * - actual office area = usable area of the office-category rooms it occupies with status in_use;
 * - `over` when actual > entitled; `short` when actual < entitled × 0.9, or when it has staffing rows but
 *   no such office room; `within` otherwise. Units without staffing rows have no entitlement and are left
 *   out (no row).
 *
 * `unitIds` is a select of one column, the unit ids to judge: only those units are computed (a tile
 * passes the occupants of its own buildings), each with two index lookups (staffing's primary key on
 * unit_id, rooms_occupant_idx). Yields unit_id, entitled_office_area, actual_office_area, compliance.
 * Sums stay numeric so the comparisons are exact to the cent.
 */
export function unitOfficeCompliance(unitIds: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(
    select u.unit_id, e.entitled::float8 as entitled_office_area, a.actual::float8 as actual_office_area,
      case
        when a.actual > e.entitled then 'over'
        when a.office_rooms = 0 or a.actual < e.entitled * ${sql.lit(SHORT_BELOW_SHARE)} then 'short'
        else 'within'
      end as compliance
    from (${unitIds}) as u (unit_id)
    cross join lateral (
      select sum(s.authorized * k.office_limit_m2) as entitled, count(*) as staffing_rows
      from staffing s join ranks k on k.code = s.rank_code
      where s.unit_id = u.unit_id) e
    cross join lateral (
      select coalesce(sum(r.usable_area), 0) as actual, count(*) as office_rooms
      from rooms r
      where r.occupant_unit_id = u.unit_id and r.use_category = 'office' and r.status = 'in_use') a
    where e.staffing_rows > 0)`;
}

/**
 * A building's compliance from its occupant units' (a relation of `compliance` values, one per
 * occupant unit that counts): `over` if any is over, else `short` if any is short, else `within` if any
 * counts, else `none`. An aggregate expression over `column`.
 */
export const buildingComplianceOf = (column: RawBuilder<unknown>) => sql`case
    when bool_or(${column} = 'over') then 'over'
    when bool_or(${column} = 'short') then 'short'
    when bool_or(${column} = 'within') then 'within'
    else 'none' end`;
