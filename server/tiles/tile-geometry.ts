import { type Expression, type RawBuilder, sql } from "kysely";
import { TILE_BUFFER, TILE_EXTENT, type TileAddress } from "./tile-address.js";
import type { TileGeometry } from "./tile-layer.js";

/** The tile's square in EPSG:3857, as PostGIS computes it (both modes have ST_TileEnvelope). */
export function tileEnvelope({ z, x, y }: TileAddress): RawBuilder<unknown> {
  return sql`st_tileenvelope(${z}, ${x}, ${y})`;
}

/** The tile's square grown by the buffer: the index search area of a tile query. */
export function tileSearchEnvelope({ z, x, y }: TileAddress): RawBuilder<unknown> {
  return sql`st_tileenvelope(${z}, ${x}, ${y}, margin => ${TILE_BUFFER / TILE_EXTENT}::float8)`;
}

/** PostGIS's ST_AsMVTGeom: needs a PostGIS built with protobuf-c (PGlite's is not, so there it errors). */
export function nativeTileGeometry(tile: TileAddress): TileGeometry {
  return (geometry) =>
    sql`st_asmvtgeom(${geometry}, ${tileEnvelope(tile)}, ${sql.lit(TILE_EXTENT)}, ${sql.lit(TILE_BUFFER)}, true)`;
}

/**
 * ST_AsMVTGeom rebuilt from functions every PostGIS has (PGlite's PostGIS disables ST_AsMVTGeom
 * along with ST_AsMVT). Same steps as PostGIS's mvt_geom(): affine map to tile units with y flipped,
 * snap to the integer grid, drop collinear points, clip to the buffered square, make it valid. The
 * affine factors are computed from ST_TileEnvelope exactly as the C code does, so unclipped
 * geometries come out vertex for vertex the same; where a clip cuts an edge, PostGIS's wagyu and
 * GEOS may round the new vertex differently by one unit. Exterior rings end up counter-clockwise in
 * tile numbers, i.e. positive area in the y-down tile space as the MVT specification wants.
 */
export function portableTileGeometry(tile: TileAddress, kind: "point" | "polygon"): TileGeometry {
  const envelope = tileEnvelope(tile);
  const scaleX = sql`(${sql.lit(TILE_EXTENT)}::float8 / (st_xmax(${envelope}) - st_xmin(${envelope})))`;
  const scaleY = sql`(-${sql.lit(TILE_EXTENT)}::float8 / (st_ymax(${envelope}) - st_ymin(${envelope})))`;
  const low = -TILE_BUFFER;
  const high = TILE_EXTENT + TILE_BUFFER;
  const clipBox = sql`st_makeenvelope(${sql.lit(low)}, ${sql.lit(low)}, ${sql.lit(high)}, ${sql.lit(high)})`;
  const toTile = (geometry: Expression<unknown>) =>
    sql`st_snaptogrid(st_affine(${geometry}, ${scaleX}, 0, 0, ${scaleY},
      -st_xmin(${envelope}) * ${scaleX}, -st_ymax(${envelope}) * ${scaleY}), 1)`;
  if (kind === "point") {
    // Points only need the grid and the buffered square (kept inclusive, as PostGIS does).
    return (geometry) =>
      sql`(select case when st_x(p) between ${sql.lit(low)} and ${sql.lit(high)}
        and st_y(p) between ${sql.lit(low)} and ${sql.lit(high)} then p end
        from (select ${toTile(geometry)} as p) snapped)`;
  }
  // The snapped shape may self-touch: GEOS's rectangle clip copes, and the 'structure' repair
  // (exteriors unioned, holes cut) is the polygon fill rule, and several times faster than 'linework'.
  return (geometry) => sql`(select case when st_isempty(clipped) then null else clipped end from (
      select st_forcepolygonccw(st_collectionextract(st_makevalid(st_snaptogrid(
        st_clipbybox2d(simplified, ${clipBox}), 1), 'method=structure'), 3)) as clipped
      from (select st_simplify(${toTile(geometry)}, 0, false) as simplified) snapped
      where not st_isempty(simplified)) made)`;
}
