import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../db/schema.js";
import { CELL_LEVELS } from "./cell-grid.js";
import { overStandardOffices } from "./over-standard.js";
import { HALF_WORLD } from "./tile-address.js";

/** Where the tile data stands: `version` moves with every committed write to a table tiles read. */
export interface TileDataState {
  /** Tells databases apart (set when the tile migration ran). */
  readonly epoch: string;
  readonly version: number;
  /** The data version the precomputed aggregates were built from. */
  readonly aggregatesVersion: number;
}

export async function readTileDataState(db: Kysely<Database>): Promise<TileDataState> {
  const { rows } = await sql<{ epoch: string; version: number; aggregates_version: number }>`
    select s.epoch, s.data_version as version, a.data_version as aggregates_version
    from tiles.state s cross join tiles.aggregate_state a`.execute(db);
  const row = rows[0];
  if (!row) throw new Error("tiles.state is empty: the tile-support migration has not run");
  return {
    epoch: row.epoch,
    version: Number(row.version),
    aggregatesVersion: Number(row.aggregates_version),
  };
}

/** Sums of m² (and yuan) to the cent, as recorded: float sums would show 3163.1400000000003. */
export const roundedSum = (sum: RawBuilder<unknown>) => sql`round((${sum})::numeric, 2)::float8`;

/**
 * Rebuilds the low-zoom aggregates unless they already match the current data version. The row lock
 * on tiles.aggregate_state makes concurrent refreshers (other requests, other processes) wait and
 * then find the work done. The version is read before the data, so the aggregates are never older
 * than the version they are stamped with. Returns whether it rebuilt.
 */
export async function refreshTileAggregates(db: Kysely<Database>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ built: number; current: number }>`
      select a.data_version as built, (select data_version from tiles.state) as current
      from tiles.aggregate_state a for update`.execute(trx);
    const row = rows[0];
    if (!row || Number(row.built) === Number(row.current)) return false;
    await rebuildBuildingCells(trx);
    await rebuildRegionStats(trx);
    await sql`update tiles.aggregate_state set data_version = ${Number(row.current)}`.execute(trx);
    return true;
  });
}

/** Room totals per building and whether it holds an over-standard leader office. */
const buildingFacts = sql`(
  select b.id, b.region_code, b.gross_area::float8 as gross_area, st_centroid(b.footprint_3857) as centroid,
    coalesce(t.usable_area, 0)::float8 as usable_area, coalesce(t.idle_area, 0)::float8 as idle_area,
    o.building_id is not null as over_standard
  from buildings b
  left join (select building_id, sum(usable_area) as usable_area,
      sum(usable_area) filter (where status = 'idle') as idle_area
    from rooms group by building_id) t on t.building_id = b.id
  left join (select distinct building_id from ${overStandardOffices} x) o on o.building_id = b.id)`;

async function rebuildBuildingCells(db: Kysely<Database>): Promise<void> {
  await sql`delete from tiles.building_cells`.execute(db);
  const finest = CELL_LEVELS[CELL_LEVELS.length - 1] as number;
  const cells = 2 ** finest;
  const size = (2 * HALF_WORLD) / cells;
  await sql`insert into tiles.building_cells (level, cell_x, cell_y, region_code, geom, building_count,
      gross_area, usable_area, idle_area, idle_building_count, over_standard_count)
    select ${finest}::smallint, cell_x, cell_y, region_code, st_setsrid(st_makepoint(avg(x), avg(y)), 3857), count(*),
      ${roundedSum(sql`sum(gross_area)`)}, ${roundedSum(sql`sum(usable_area)`)}, ${roundedSum(sql`sum(idle_area)`)},
      count(*) filter (where idle_area > 0),
      count(*) filter (where over_standard)
    from (
      select f.region_code, st_x(f.centroid) as x, st_y(f.centroid) as y, f.gross_area, f.usable_area,
        f.idle_area, f.over_standard,
        least(greatest(floor((st_x(f.centroid) + ${HALF_WORLD}::float8) / ${size}::float8), 0), ${cells - 1})::int as cell_x,
        least(greatest(floor((${HALF_WORLD}::float8 - st_y(f.centroid)) / ${size}::float8), 0), ${cells - 1})::int as cell_y
      from ${buildingFacts} f) placed
    group by cell_x, cell_y, region_code`.execute(db);
  // Each coarser level sums the next finer one (region by region): its cells hold 2^(step) × 2^(step)
  // finer cells.
  for (let index = CELL_LEVELS.length - 2; index >= 0; index--) {
    const level = CELL_LEVELS[index] as number;
    const finer = CELL_LEVELS[index + 1] as number;
    const factor = 2 ** (finer - level);
    await sql`insert into tiles.building_cells (level, cell_x, cell_y, region_code, geom, building_count,
        gross_area, usable_area, idle_area, idle_building_count, over_standard_count)
      select ${level}::smallint, cell_x / ${sql.lit(factor)}, cell_y / ${sql.lit(factor)}, region_code,
        st_setsrid(st_makepoint(sum(st_x(geom) * building_count) / sum(building_count),
          sum(st_y(geom) * building_count) / sum(building_count)), 3857),
        sum(building_count), ${roundedSum(sql`sum(gross_area)`)}, ${roundedSum(sql`sum(usable_area)`)},
        ${roundedSum(sql`sum(idle_area)`)}, sum(idle_building_count),
        sum(over_standard_count)
      from tiles.building_cells where level = ${finer}::smallint
      group by cell_x / ${sql.lit(factor)}, cell_y / ${sql.lit(factor)}, region_code`.execute(db);
  }
}

async function rebuildRegionStats(db: Kysely<Database>): Promise<void> {
  await sql`delete from tiles.region_stats`.execute(db);
  await sql`insert into tiles.region_stats (region_code, building_count, gross_area, usable_area, idle_area,
      units_over_standard, leases_in_count, leases_in_rent)
    with recursive lineage (code, ancestor) as (
      select code, code from regions
      union all
      select l.code, r.parent_code from lineage l join regions r on r.code = l.ancestor where r.parent_code is not null
    ),
    building_totals as (
      select region_code, count(*) as buildings, sum(gross_area) as gross_area, sum(usable_area) as usable_area,
        sum(idle_area) as idle_area
      from ${buildingFacts} f group by region_code
    ),
    units_over as (
      select u.region_code, count(*) as units from units u
      where exists (select 1 from ${overStandardOffices} x where x.unit_id = u.id)
      group by u.region_code
    ),
    lease_totals as (
      select region_code, count(*) as leases, sum(annual_rent)::float8 as rent from leases_in group by region_code
    )
    select l.ancestor, coalesce(sum(b.buildings), 0), ${roundedSum(sql`coalesce(sum(b.gross_area), 0)`)},
      ${roundedSum(sql`coalesce(sum(b.usable_area), 0)`)}, ${roundedSum(sql`coalesce(sum(b.idle_area), 0)`)},
      coalesce(sum(u.units), 0), coalesce(sum(t.leases), 0), ${roundedSum(sql`coalesce(sum(t.rent), 0)`)}
    from lineage l
    left join building_totals b on b.region_code = l.code
    left join units_over u on u.region_code = l.code
    left join lease_totals t on t.region_code = l.code
    group by l.ancestor`.execute(db);
}
