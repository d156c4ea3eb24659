import { type RawBuilder, sql } from "kysely";
import { regionPrefixOf, scopeCondition, unitIn } from "../../db/scope.js";
import type { ReadScope } from "../../domain/auth/access.js";
import { overStandardOffices } from "../over-standard.js";
import { HALF_WORLD, TILE_EXTENT, type TileAddress } from "../tile-address.js";
import { roundedSum } from "../tile-aggregates.js";
import { tileSearchEnvelope } from "../tile-geometry.js";
import type { TileGeometry, TileLayer } from "../tile-layer.js";
import { buildingInScope } from "./building-layers.js";

/**
 * Half a tile unit in metres. Boundaries carry tens of thousands of vertices; thinning them by less
 * than the tile grid can show before the tile transformation keeps low-zoom tiles cheap (PGlite's
 * WASM GEOS especially) without a visible change.
 */
function halfTileUnit({ z }: TileAddress): number {
  return (2 * HALF_WORLD) / 2 ** z / TILE_EXTENT / 2;
}

/**
 * Below this zoom the province's ~130 counties are slivers a few pixels wide: the tiles carry the
 * prefectures only, which more than halves the province view's bytes.
 */
export const COUNTIES_MIN_ZOOM = 6;

/** How a region's totals are found for a reader: an optional `with`, a join giving `s`, the partial flag. */
interface RegionTotals {
  readonly with: RawBuilder<unknown>;
  readonly join: RawBuilder<unknown>;
  readonly partial: RawBuilder<unknown>;
}

/** The region whose subtree a GB/T 2260 prefix covers: 23 → 230000, 2302 → 230200, 230227 itself. */
export function regionOfPrefix(prefix: string): string {
  return prefix.length < 6 ? prefix.padEnd(6, "0") : prefix;
}

/**
 * Totals from the precomputed tiles.region_stats. Unrestricted readers get each region's own row. A
 * reader of a region subtree gets the row of a region inside it, the row of their own region for a
 * region around it (what they may read there is all of their region), and none (zeros) elsewhere.
 */
function precomputedTotals(regionPrefix: string | null): RegionTotals {
  if (regionPrefix === null) {
    return {
      with: sql``,
      join: sql`left join tiles.region_stats s on s.region_code = r.code`,
      partial: sql`false`,
    };
  }
  const inside = sql`r.code like ${`${regionPrefix}%`}`;
  return {
    with: sql``,
    join: sql`left join tiles.region_stats s on s.region_code = case when ${inside} then r.code
      when starts_with(${regionPrefix}::text, ${regionPrefixOf(sql.ref("r.code"))}) then ${regionOfPrefix(regionPrefix)}::text
      end`,
    partial: sql`not (${inside})`,
  };
}

/**
 * Totals computed from the few records a unit user may read: buildings their units occupy (with the
 * buildings' figures, as their footprints show them), their units with over-standard offices, their
 * leases. Each region counts those within its code prefix.
 */
function liveTotals(scope: ReadScope): RegionTotals {
  const within = (column: RawBuilder<unknown>) =>
    sql`${column} like ${regionPrefixOf(sql.ref("r.code"))} || '%'`;
  return {
    with: sql`with scoped_buildings as (
        select b.region_code, b.gross_area::float8 as gross_area,
          coalesce((select sum(usable_area) from rooms where building_id = b.id and status = 'idle'), 0)::float8
            as idle_area
        from buildings b where ${buildingInScope(scope)}),
      scoped_units_over as (
        select u.region_code from units u
        where ${scopeCondition(scope, sql.ref("u.region_code"), (ids) => unitIn(sql.ref("u.id"), ids))}
          and exists (select 1 from ${overStandardOffices} x where x.unit_id = u.id)),
      scoped_leases as (
        select l.region_code, l.annual_rent::float8 as annual_rent from leases_in l
        where ${scopeCondition(scope, sql.ref("l.region_code"), (ids) => unitIn(sql.ref("l.unit_id"), ids))})`,
    join: sql`cross join lateral (select * from
        (select count(*)::int as building_count, ${roundedSum(sql`coalesce(sum(b.gross_area), 0)`)} as gross_area,
          ${roundedSum(sql`coalesce(sum(b.idle_area), 0)`)} as idle_area
          from scoped_buildings b where ${within(sql.ref("b.region_code"))}) buildings_total
        cross join (select count(*)::int as units_over_standard
          from scoped_units_over u where ${within(sql.ref("u.region_code"))}) units_total
        cross join (select count(*)::int as leases_in_count,
            ${roundedSum(sql`coalesce(sum(l.annual_rent), 0)`)} as leases_in_rent
          from scoped_leases l where ${within(sql.ref("l.region_code"))}) leases_total) s`,
    partial: sql`true`,
  };
}

/**
 * Prefecture and county boundaries (public reference data: every reader gets all of them) with the
 * totals of what the reader may read inside them.
 */
export const regionsLayer: TileLayer = {
  id: "regions",
  description:
    "Prefectures and (from zoom 6) counties (every boundary for every reader) with totals of what the reader may read " +
    "inside them: buildings, gross and idle area, units over standard (leader-office rule), leases in and " +
    "their rent. Outside the reader's scope the totals are 0; `partial` is true where they cover only the " +
    "reader's part of the region (always for unit users), false where they are the region's full totals.",
  geometryType: "polygon",
  minzoom: 0,
  maxzoom: 12,
  usesAggregates: true,
  fields: {
    code: "String",
    name: "String",
    level: "String",
    parent_code: "String",
    building_count: "Number",
    gross_area: "Number",
    idle_area: "Number",
    units_over_standard: "Number",
    leases_in_count: "Number",
    leases_in_rent: "Number",
    partial: "Boolean",
  },
  query: (tile: TileAddress, geometry: TileGeometry, scope: ReadScope) => {
    const totals = scope.unitIds === null ? precomputedTotals(scope.regionPrefix) : liveTotals(scope);
    return sql`${totals.with}
      select r.code::bigint as feature_id,
        ${geometry(sql`st_simplify(r.geom_3857, ${halfTileUnit(tile)}::float8)`)} as geom,
        r.code, r.name, r.level, r.parent_code,
        coalesce(s.building_count, 0) as building_count, coalesce(s.gross_area, 0) as gross_area,
        coalesce(s.idle_area, 0) as idle_area, coalesce(s.units_over_standard, 0) as units_over_standard,
        coalesce(s.leases_in_count, 0) as leases_in_count, coalesce(s.leases_in_rent, 0) as leases_in_rent,
        ${totals.partial} as partial
      from regions r
      ${totals.join}
      where r.level in ('prefecture', 'county') and r.geom_3857 && ${tileSearchEnvelope(tile)}
        and (r.level = 'prefecture' or ${tile.z}::int >= ${COUNTIES_MIN_ZOOM}::int)`;
  },
};

/** One point per prefecture and county to hang its name on (public reference data, like the boundaries). */
export const regionLabelsLayer: TileLayer = {
  id: "region-labels",
  description: "A label point (point on surface) per prefecture and county, with its name",
  geometryType: "point",
  minzoom: 0,
  maxzoom: 12,
  usesAggregates: false,
  fields: { code: "String", name: "String", level: "String" },
  query: (tile: TileAddress, geometry: TileGeometry) => sql`
    select r.code::bigint as feature_id, ${geometry(sql`r.label_3857`)} as geom, r.code, r.name, r.level
    from regions r
    where r.level in ('prefecture', 'county') and r.label_3857 && ${tileSearchEnvelope(tile)}`,
};
