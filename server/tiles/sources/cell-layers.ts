import { type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import { type CellLevel, cellLevelFor, cellRange, FOOTPRINT_MIN_ZOOM } from "../cell-grid.js";
import { overStandardOffices } from "../over-standard.js";
import { HALF_WORLD, type TileAddress } from "../tile-address.js";
import { roundedSum } from "../tile-aggregates.js";
import type { TileGeometry, TileLayer } from "../tile-layer.js";
import { buildingInScope, share } from "./building-layers.js";

export type CellRange = ReturnType<typeof cellRange>;

/** The figure columns both cell sources (precomputed and live) yield. */
const cellTotals = (prefix: string) =>
  sql.join(
    [
      "building_count",
      "gross_area",
      "usable_area",
      "idle_area",
      "idle_building_count",
      "over_standard_count",
    ].map((column) => sql.ref(`${prefix}.${column}`)),
  );

/**
 * The precomputed cells, summed over their rows per county: all of them for an unrestricted reader,
 * only those of the reader's region subtree otherwise. A cell holds one row per county with buildings
 * in it, so this reads a few rows per cell; the point is the buildings' mean centroid again.
 */
export function precomputedCells(level: CellLevel, range: CellRange, regionPrefix: string | null) {
  const conditions: RawBuilder<unknown>[] = [
    sql`c.level = ${level}`,
    sql`c.cell_x between ${range.minX} and ${range.maxX}`,
    sql`c.cell_y between ${range.minY} and ${range.maxY}`,
  ];
  if (regionPrefix !== null) conditions.push(sql`c.region_code like ${`${regionPrefix}%`}`);
  return sql`select c.cell_x, c.cell_y,
      st_setsrid(st_makepoint(sum(st_x(c.geom) * c.building_count) / sum(c.building_count),
        sum(st_y(c.geom) * c.building_count) / sum(c.building_count)), 3857) as geom,
      sum(c.building_count)::int as building_count, ${roundedSum(sql`sum(c.gross_area)`)} as gross_area,
      ${roundedSum(sql`sum(c.usable_area)`)} as usable_area, ${roundedSum(sql`sum(c.idle_area)`)} as idle_area,
      sum(c.idle_building_count)::int as idle_building_count,
      sum(c.over_standard_count)::int as over_standard_count
    from tiles.building_cells c
    where ${sql.join(conditions, sql` and `)}
    group by c.cell_x, c.cell_y`;
}

/**
 * The cells of the buildings `scope` may read, computed from those buildings (unit users: the few
 * their units occupy). Same grid and figures as the precomputed cells (tile-aggregates.ts): at one
 * level the cell index is the finest level's index divided by a power of two, which is exact.
 */
export function liveCells(level: CellLevel, range: CellRange, scope: ReadScope) {
  const size = (2 * HALF_WORLD) / 2 ** level;
  const last = 2 ** level - 1;
  // The cells' square: a building whose centroid lies in it has a footprint whose box meets it.
  const west = -HALF_WORLD + range.minX * size;
  const east = -HALF_WORLD + (range.maxX + 1) * size;
  const north = HALF_WORLD - range.minY * size;
  const south = HALF_WORLD - (range.maxY + 1) * size;
  const index = (offset: RawBuilder<unknown>) =>
    sql`least(greatest(floor(${offset} / ${size}::float8), 0), ${last})::int`;
  return sql`select f.cell_x, f.cell_y, st_setsrid(st_makepoint(avg(f.x), avg(f.y)), 3857) as geom,
      count(*)::int as building_count, ${roundedSum(sql`sum(f.gross_area)`)} as gross_area,
      ${roundedSum(sql`sum(f.usable_area)`)} as usable_area, ${roundedSum(sql`sum(f.idle_area)`)} as idle_area,
      (count(*) filter (where f.idle_area > 0))::int as idle_building_count,
      (count(*) filter (where f.over_standard))::int as over_standard_count
    from (
      select st_x(p.centroid) as x, st_y(p.centroid) as y, b.gross_area::float8 as gross_area,
        coalesce(t.usable_area, 0)::float8 as usable_area, coalesce(t.idle_area, 0)::float8 as idle_area,
        exists (select 1 from ${overStandardOffices} o where o.building_id = b.id) as over_standard,
        ${index(sql`(st_x(p.centroid) + ${HALF_WORLD}::float8)`)} as cell_x,
        ${index(sql`(${HALF_WORLD}::float8 - st_y(p.centroid))`)} as cell_y
      from buildings b
      cross join lateral (select st_centroid(b.footprint_3857) as centroid) p
      left join lateral (select sum(usable_area) as usable_area,
          sum(usable_area) filter (where status = 'idle') as idle_area
        from rooms where building_id = b.id) t on true
      where b.footprint_3857 && st_makeenvelope(${west}::float8, ${south}::float8, ${east}::float8,
          ${north}::float8, 3857)
        and ${buildingInScope(scope)}) f
    where f.cell_x between ${range.minX} and ${range.maxX} and f.cell_y between ${range.minY} and ${range.maxY}
    group by f.cell_x, f.cell_y`;
}

/**
 * The cells of the level that suits the tile's zoom (see cell-grid.ts), counting only buildings
 * `scope` may read: precomputed for region scopes (and everyone's), live for unit scopes.
 */
function cellsQuery(
  tile: TileAddress,
  geometry: TileGeometry,
  scope: ReadScope,
  condition: RawBuilder<unknown>,
) {
  const level = cellLevelFor(tile.z);
  const range = cellRange(tile, level);
  const cells =
    scope.unitIds === null
      ? precomputedCells(level, range, scope.regionPrefix)
      : liveCells(level, range, scope);
  // Unique across levels: the cell's index in its level, times 32, plus the level. Also a property,
  // so clients that identify features by a property (MapLibre's promoteId) tell cells apart.
  const cellId = sql`((c.cell_y::bigint * ${sql.lit(2 ** level)} + c.cell_x) * 32 + ${sql.lit(level)})::bigint`;
  return sql`
    select ${cellId} as feature_id, ${geometry(sql`c.geom`)} as geom, ${cellId} as id, ${cellTotals("c")},
      ${share(sql`c.idle_area`, sql`c.usable_area`)} as idle_share
    from (${cells}) c
    where ${condition}`;
}

/** Below zoom 14: buildings counted per grid cell, at the cell's mean building position. */
export const buildingCellsLayer: TileLayer = {
  id: "building-cells",
  description: "Buildings the reader may see, aggregated per grid cell, below zoom 14",
  geometryType: "point",
  minzoom: 0,
  maxzoom: FOOTPRINT_MIN_ZOOM - 1,
  usesAggregates: true,
  fields: {
    id: "Number",
    building_count: "Number",
    gross_area: "Number",
    usable_area: "Number",
    idle_area: "Number",
    idle_share: "Number",
    idle_building_count: "Number",
    over_standard_count: "Number",
  },
  query: (tile, geometry, scope) => cellsQuery(tile, geometry, scope, sql`true`),
};

/** Below zoom 14: buildings with idle rooms and their idle area per grid cell. */
export const idleSpaceCellsLayer: TileLayer = {
  id: "idle-space-cells",
  description: "Idle space the reader may see, aggregated per grid cell, below zoom 14",
  geometryType: "point",
  minzoom: 0,
  maxzoom: FOOTPRINT_MIN_ZOOM - 1,
  usesAggregates: true,
  fields: { id: "Number", idle_building_count: "Number", idle_area: "Number", idle_share: "Number" },
  query: (tile, geometry, scope) => cellsQuery(tile, geometry, scope, sql`c.idle_building_count > 0`),
};
