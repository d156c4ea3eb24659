import { sql } from "kysely";
import { HALF_WORLD, TILE_EXTENT, type TileAddress } from "../tile-address.js";
import { tileSearchEnvelope } from "../tile-geometry.js";
import type { TileGeometry, TileLayer } from "../tile-layer.js";

/**
 * Half a tile unit in metres. Boundaries carry tens of thousands of vertices; thinning them by less
 * than the tile grid can show before the tile transformation keeps low-zoom tiles cheap (PGlite's
 * WASM GEOS especially) without a visible change.
 */
function halfTileUnit({ z }: TileAddress): number {
  return (2 * HALF_WORLD) / 2 ** z / TILE_EXTENT / 2;
}

/** Prefecture and county boundaries with the precomputed totals of everything inside them. */
export const regionsLayer: TileLayer = {
  id: "regions",
  description:
    "Prefectures and counties with totals: buildings, idle area, units over standard (leader-office rule), leases-in rent",
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
  },
  query: (tile: TileAddress, geometry: TileGeometry) => sql`
    select r.code::bigint as feature_id, ${geometry(sql`st_simplify(r.geom_3857, ${halfTileUnit(tile)}::float8)`)} as geom,
      r.code, r.name, r.level, r.parent_code,
      coalesce(s.building_count, 0) as building_count, coalesce(s.gross_area, 0) as gross_area,
      coalesce(s.idle_area, 0) as idle_area, coalesce(s.units_over_standard, 0) as units_over_standard,
      coalesce(s.leases_in_count, 0) as leases_in_count, coalesce(s.leases_in_rent, 0) as leases_in_rent
    from regions r
    left join tiles.region_stats s on s.region_code = r.code
    where r.level in ('prefecture', 'county') and r.geom_3857 && ${tileSearchEnvelope(tile)}`,
};
