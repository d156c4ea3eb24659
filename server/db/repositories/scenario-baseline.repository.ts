import { type Kysely, sql } from "kysely";
import type { BaselineSums } from "../../domain/scenarios/scenario-model.js";
import type { Database } from "../schema.js";
import { inRegion } from "../scope.js";

// The region-wide half of a scenario's state (scenario-model.ts BaselineSums): set-based sums over the
// live ledger, so the metrics after a scenario never need the province in memory.

/** Rooms a conversion (change of use) took out of the office inventory. */
export const convertedRooms = sql`(select distinct unnest(room_ids) as id from conversions where status <> 'rejected')`;

/**
 * The region's sums of the live ledger (scenario-model.ts BaselineSums), one statement: idle rooms,
 * rent of leases in, sites per unit (buildings it has rooms in plus its leases), units renting outside,
 * and the over-standard units and persons as the standards engine last stored them.
 */
export async function baselineSums(db: Kysely<Database>, regionCode: string): Promise<BaselineSums> {
  const { rows } = await sql<Record<keyof BaselineSums, number | string>>`
    with unit_sites as (
      select unit_id, count(*) as sites, bool_or(lease) as renting from (
        select distinct r.occupant_unit_id as unit_id, r.building_id as site, false as lease from rooms r
        where r.occupant_unit_id is not null and ${inRegion(sql.ref("r.region_code"), regionCode)}
        union all
        select l.unit_id, l.id, true from leases_in l where ${inRegion(sql.ref("l.region_code"), regionCode)}
      ) s group by unit_id
    )
    select
      -- The engine's idle area (docs/scenario-engine.md): idle, no occupant, not converted, not disposed of.
      (select coalesce(sum(usable_area), 0) from rooms r left join ${convertedRooms} cv on cv.id = r.id
        left join (select distinct building_id from disposals where status <> 'rejected') dp
          on dp.building_id = r.building_id
        where r.status = 'idle' and r.occupant_unit_id is null and cv.id is null and dp.building_id is null
          and ${inRegion(sql.ref("r.region_code"), regionCode)}) as "idleArea",
      (select coalesce(sum(annual_rent), 0) from leases_in l
        where ${inRegion(sql.ref("l.region_code"), regionCode)}) as "annualRentOutside",
      (select coalesce(sum(sites), 0) from unit_sites) as sites,
      (select count(*) from unit_sites) as "unitsWithSpace",
      (select count(*) from unit_sites where renting) as "unitsRentingOutside",
      (select count(*) from unit_standard_status s where s.status = 'over'
        and ${inRegion(sql.ref("s.region_code"), regionCode)}) as "overStandardUnits",
      (select coalesce(sum(over_standard_persons), 0) from unit_standard_status s
        where ${inRegion(sql.ref("s.region_code"), regionCode)}) as "overStandardPersons"`.execute(db);
  const row = rows[0] as Record<keyof BaselineSums, number | string>;
  return {
    idleArea: Number(row.idleArea),
    annualRentOutside: Number(row.annualRentOutside),
    sites: Number(row.sites),
    unitsWithSpace: Number(row.unitsWithSpace),
    unitsRentingOutside: Number(row.unitsRentingOutside),
    overStandardUnits: Number(row.overStandardUnits),
    overStandardPersons: Number(row.overStandardPersons),
  };
}

/**
 * Baseline sums change only when the ledger does: keyed by the tile data version (bumped in the writing
 * transaction by every write to units, buildings, rooms and leases) and the standard status's last
 * recomputation, a region's sums are computed once per change, not per request.
 */
const baselineCache = new Map<string, BaselineSums>();
const BASELINE_CACHE_SIZE = 64;

/** baselineSums, cached per ledger version. */
export async function cachedBaselineSums(db: Kysely<Database>, regionCode: string): Promise<BaselineSums> {
  const { rows } = await sql<{ version: string }>`
    select (select data_version from tiles.state)::text || ':' ||
      coalesce((select max(computed_at) from unit_standard_status)::text, '') as version`.execute(db);
  const key = `${regionCode}@${rows[0]?.version ?? ""}`;
  const hit = baselineCache.get(key);
  if (hit) return hit;
  const sums = await baselineSums(db, regionCode);
  if (baselineCache.size >= BASELINE_CACHE_SIZE) baselineCache.clear();
  baselineCache.set(key, sums);
  return sums;
}
