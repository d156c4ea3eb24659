import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../schema.js";
import { inRegion } from "../scope.js";
import {
  effectiveLevelOf,
  type ProvinceParameters,
  parametersRelations,
  provinceColumn,
  provinceParameters,
  rankLimitsRelation,
  roundAreaSql,
  subProvincialOf,
} from "../standards-sql.js";

export interface RecomputeOptions {
  /** A region code: its units and those of the regions below it; every unit when absent. */
  readonly region?: string | undefined;
}

/** The units a statement recomputes: a region's (all when absent), or only the listed ones. */
interface UnitSelection {
  readonly region?: string | undefined;
  readonly unitIds?: readonly number[];
}

export interface RecomputeResult {
  /** Units whose status was written. */
  readonly units: number;
  readonly byStatus: { over: number; within: number; short: number; no_staffing: number };
  /** People whose office share is over their limit (or whose washroom is not allowed or too large). */
  readonly overStandardPersons: number;
  readonly parametersVersions: string[];
  readonly milliseconds: number;
}

/**
 * The set-based twin of unitEntitlementReport (unit-entitlement.repository.ts) for every unit at once:
 * entitlement from the authorised staffing (A offices, B service rooms, equipment, core, gross S), actual
 * in-use area by category, surplus/shortfall, the unit's status and its people's office checks — one
 * INSERT … SELECT that reads staffing, rooms and occupants in a few grouped scans, no per-unit loop.
 * The engine's figures enter as relations generated from it (standards-sql.ts), and rounding is the
 * engine's, so every stored number equals the per-unit report's.
 */
function statusRows(sets: readonly ProvinceParameters[], units: UnitSelection): RawBuilder<unknown> {
  const { scalars, allowances } = parametersRelations(sets);
  const regionCondition = units.region
    ? inRegion(sql.ref("u.region_code"), units.region)
    : sql<boolean>`true`;
  const unitCondition = units.unitIds
    ? sql<boolean>`u.id = any(${[...units.unitIds]}::int[])`
    : sql<boolean>`true`;
  const round = roundAreaSql;
  return sql`
    with lim as ${rankLimitsRelation(sets)},
    par as ${scalars},
    alw as ${allowances},
    unit_level as (
      select u.id, u.region_code, u.admin_level, x.province, x.level,
        ${subProvincialOf(sql.ref("u.region_code"), sql.ref("x.level"), sets)} as sub_provincial
      from units u
      cross join lateral (select ${provinceColumn(sql.ref("u.region_code"))} as province,
        ${effectiveLevelOf("u")} as level) x
      -- Prefix patterns rather than the computed province, so the planner estimates the units well.
      where ${regionCondition} and ${unitCondition} and u.region_code like any(${sets.map((set) => `${set.province.slice(0, 2)}%`)}::text[])
    ),
    staffed as materialized (
      select s.unit_id, count(*)::int as staffing_rows, sum(s.authorized)::int as authorized,
        sum(l.limit_m2 * s.authorized) as office
      from unit_level u
      join staffing s on s.unit_id = u.id
      join lim l on l.province = u.province and l.level = u.level and l.sub_provincial = u.sub_provincial
        and l.rank_code = s.rank_code
      group by s.unit_id
    ),
    used as materialized (
      select r.occupant_unit_id as unit_id,
        coalesce(sum(r.usable_area) filter (where r.use_category = 'office'), 0) as office,
        coalesce(sum(r.usable_area) filter (where r.use_category = 'service'), 0) as service,
        coalesce(sum(r.usable_area) filter (where r.use_category = 'equipment'), 0) as equipment,
        coalesce(sum(r.usable_area) filter (where r.use_category = 'ancillary'), 0) as ancillary,
        coalesce(sum(r.usable_area) filter (where r.use_category = 'technical'), 0) as technical
      from unit_level u join rooms r on r.occupant_unit_id = u.id and r.status = 'in_use'
      group by r.occupant_unit_id
    ),
    -- The building holding most of the unit's in-use area decides K (the earliest-listed on a tie).
    main_building as materialized (
      select distinct on (unit_id) unit_id, floors_above from (
        select r.occupant_unit_id as unit_id, b.floors_above, sum(r.usable_area) as area,
          min(r.id) as first_room
        from unit_level u
        join rooms r on r.occupant_unit_id = u.id and r.status = 'in_use'
        join buildings b on b.id = r.building_id
        group by r.occupant_unit_id, b.id) x
      order by unit_id, area desc, first_room
    ),
    -- Each person's shares of the in-use office rooms they work in (a shared office split equally).
    shares as (
      select p.id as person_id, p.unit_id, p.second_office_approved as approved, l.limit_m2, l.washroom,
        par.washroom_max, r.washroom_area::float8 as washroom_area,
        ${round(sql`r.usable_area::float8 / greatest(1, n.occupants)`)} as share
      from unit_level u
      join people p on p.unit_id = u.id
      join room_occupants o on o.person_id = p.id
      join rooms r on r.id = o.room_id and r.use_category = 'office' and r.status = 'in_use'
      cross join lateral (select count(*)::int as occupants from room_occupants c where c.room_id = r.id) n
      join lim l on l.province = u.province and l.level = u.level and l.sub_provincial = u.sub_provincial
        and l.rank_code = p.rank_code
      join par on par.province = u.province
    ),
    -- One office per person: with an approved second office only the best-fitting room counts.
    person_check as materialized (
      select person_id, unit_id, limit_m2,
        case when approved then coalesce(max(share) filter (where share <= limit_m2), min(share))
          else ${round(sql`sum(share)`)} end as counted,
        bool_or(washroom_area > 0 and not washroom) or bool_or(washroom_area > washroom_max) as washroom_issue
      from shares group by person_id, unit_id, limit_m2, approved
    ),
    persons as materialized (
      select unit_id, count(*)::int as checked,
        (count(*) filter (where (counted > limit_m2 and ${round(sql`counted - limit_m2`)} > 0)
          or washroom_issue))::int as over
      from person_check group by unit_id
    ),
    figures as (
      select u.id, u.region_code, u.level, u.level <> u.admin_level as takes_level_below, u.sub_provincial,
        par.version, par.equipment_share, par.short_below_share,
        coalesce(m.floors_above, 0) >= par.high_rise_min_floors as high_rise,
        case when coalesce(m.floors_above, 0) >= par.high_rise_min_floors
          then par.k_high_rise else par.k_multi_storey end as k,
        coalesce(s.staffing_rows, 0) as staffing_rows, coalesce(s.authorized, 0) as authorized,
        coalesce(s.office, 0)::float8 as a, alw.allowance * coalesce(s.authorized, 0) as b,
        coalesce(d.office, 0) as used_office, coalesce(d.service, 0) as used_service,
        coalesce(d.equipment, 0) as used_equipment, coalesce(d.ancillary, 0) as used_ancillary,
        coalesce(d.technical, 0) as used_technical,
        coalesce(pc.checked, 0) as persons_checked, coalesce(pc.over, 0) as over_standard_persons
      from unit_level u
      join par on par.province = u.province
      join alw on alw.province = u.province and alw.level = u.level
      left join staffed s on s.unit_id = u.id
      left join used d on d.unit_id = u.id
      left join main_building m on m.unit_id = u.id
      left join persons pc on pc.unit_id = u.id
    ),
    entitled as (
      select f.*, ${round(sql`f.a`)}::numeric as e_office, ${round(sql`f.b`)}::numeric as e_service,
        ${round(sql`(f.a + f.b) * f.equipment_share`)}::numeric as e_equipment,
        ${round(sql`f.a + f.b + (f.a + f.b) * f.equipment_share`)} as e_core,
        ${round(sql`(f.a + f.b + (f.a + f.b) * f.equipment_share) / f.k`)}::numeric as e_gross,
        round(f.used_office + f.used_service + f.used_equipment, 2) as used_core
      from figures f
    )
    select id as unit_id, region_code, version as parameters_version, now() as computed_at,
      level as effective_level, takes_level_below, sub_provincial, high_rise, staffing_rows, authorized,
      e_office as entitled_office, e_service as entitled_service, e_equipment as entitled_equipment,
      e_core::numeric as entitled_core, e_gross as entitled_gross,
      used_office as actual_office, used_service as actual_service, used_equipment as actual_equipment,
      used_ancillary as actual_ancillary, used_technical as actual_technical, used_core as actual_core,
      used_office - e_office as office_surplus, used_service - e_service as service_surplus,
      used_equipment - e_equipment as equipment_surplus, used_core - e_core::numeric as core_surplus,
      case when staffing_rows = 0 then 'no_staffing'
        when used_core::float8 > e_core then 'over'
        when used_core::float8 < e_core * short_below_share then 'short'
        else 'within' end as status,
      persons_checked, over_standard_persons
    from entitled`;
}

const statusColumns = [
  "unit_id",
  "region_code",
  "parameters_version",
  "computed_at",
  "effective_level",
  "takes_level_below",
  "sub_provincial",
  "high_rise",
  "staffing_rows",
  "authorized",
  "entitled_office",
  "entitled_service",
  "entitled_equipment",
  "entitled_core",
  "entitled_gross",
  "actual_office",
  "actual_service",
  "actual_equipment",
  "actual_ancillary",
  "actual_technical",
  "actual_core",
  "office_surplus",
  "service_surplus",
  "equipment_surplus",
  "core_surplus",
  "status",
  "persons_checked",
  "over_standard_persons",
] as const;

/**
 * Recomputes unit_standard_status for every unit of `region` (all units when absent) in one
 * transaction: the region's old rows go, the new ones come from one set-based statement per call.
 */
export async function recomputeStandardStatus(
  db: Kysely<Database>,
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  const started = performance.now();
  const sets = await provinceParameters(db, options.region);
  const regionCondition = options.region
    ? inRegion(sql.ref("region_code"), options.region)
    : sql<boolean>`true`;
  const write = async (trx: Kysely<Database>) => {
    await sql`delete from unit_standard_status where ${regionCondition}`.execute(trx);
    if (sets.length > 0) {
      // The planner cannot estimate the joins of the engine's relations (unnest) and the grouped
      // CTEs, guesses one row each and rescans them per unit in nested loops (7.9 s instead of 0.26 s
      // for 2,000 units). This is a bulk job over whole tables: hash joins are right, for this
      // statement only (the lateral occupant count stays a nested loop, which it must be).
      const { rows: setting } = await sql<{ value: string }>`
        select current_setting('enable_nestloop') as value`.execute(trx);
      await sql`select set_config('enable_nestloop', 'off', true)`.execute(trx);
      await sql`insert into unit_standard_status (${sql.join(statusColumns.map((name) => sql.ref(name)))})
        ${statusRows(sets, { region: options.region })}`.execute(trx);
      await sql`select set_config('enable_nestloop', ${setting[0]?.value ?? "on"}, true)`.execute(trx);
    }
    const { rows } = await sql<{ status: keyof RecomputeResult["byStatus"]; units: number; persons: number }>`
      select status, count(*)::int as units, sum(over_standard_persons)::int as persons
      from unit_standard_status where ${regionCondition} group by status`.execute(trx);
    return rows;
  };
  // Inside a caller's transaction (tests, a larger write) it joins that one.
  const summary = db.isTransaction ? await write(db) : await db.transaction().execute(write);
  const byStatus = { over: 0, within: 0, short: 0, no_staffing: 0 };
  let overStandardPersons = 0;
  for (const row of summary) {
    byStatus[row.status] = row.units;
    overStandardPersons += row.persons;
  }
  return {
    units: summary.reduce((sum, row) => sum + row.units, 0),
    byStatus,
    overStandardPersons,
    parametersVersions: [...new Set(sets.map((set) => set.parameters.version))],
    milliseconds: performance.now() - started,
  };
}

/**
 * Recomputes the stored status of the listed units only (a unit that no longer exists loses its row),
 * with the same statement as recomputeStandardStatus. For the editing routes: call it inside the
 * write's transaction, after the write, so the stored status never lags the ledger it sums. Returns
 * the number of rows written.
 */
export async function recomputeStandardStatusForUnits(
  trx: Kysely<Database>,
  unitIds: readonly number[],
): Promise<number> {
  const ids = [...new Set(unitIds)].filter((id) => Number.isInteger(id) && id > 0);
  if (ids.length === 0) return 0;
  await sql`delete from unit_standard_status where unit_id = any(${ids}::int[])`.execute(trx);
  const { rows: provinces } = await sql<{ province: string }>`
    select distinct ${provinceColumn(sql.ref("region_code"))} as province from units
    where id = any(${ids}::int[]) order by 1`.execute(trx);
  const sets: ProvinceParameters[] = [];
  for (const { province } of provinces) sets.push(...(await provinceParameters(trx, province)));
  if (sets.length === 0) return 0;
  // A few units by id: index lookups in nested loops are right here (unlike the bulk pass).
  const { rows } =
    await sql`insert into unit_standard_status (${sql.join(statusColumns.map((name) => sql.ref(name)))})
    ${statusRows(sets, { unitIds: ids })} returning unit_id`.execute(trx);
  return rows.length;
}
