import { type Expression, type RawBuilder, sql } from "kysely";
import type { BBox, Geometry } from "../domain/geojson.js";
import { WGS84 } from "../domain/geojson.js";

// Small typed PostGIS helpers: values always travel as parameters, never spliced into SQL.

/** A GeoJSON geometry as a PostGIS geometry in WGS84. */
export function geometryFromGeoJSON(geometry: unknown): RawBuilder<unknown> {
  return sql`st_setsrid(st_geomfromgeojson(${JSON.stringify(geometry)}), ${sql.lit(WGS84)})`;
}

/** The geometry as parsed GeoJSON, 7 decimals (~1 cm). */
export function stAsGeoJSON(geometry: Expression<unknown>): RawBuilder<Geometry> {
  return sql<Geometry>`st_asgeojson(${geometry}, 7)::json`;
}

/** An envelope in WGS84 from a bbox. */
export function stMakeEnvelope([minLng, minLat, maxLng, maxLat]: BBox): RawBuilder<unknown> {
  return sql`st_makeenvelope(${minLng}, ${minLat}, ${maxLng}, ${maxLat}, ${sql.lit(WGS84)})`;
}

/** Index-assisted intersection test. */
export function stIntersects(a: Expression<unknown>, b: Expression<unknown>): RawBuilder<boolean> {
  return sql<boolean>`st_intersects(${a}, ${b})`;
}

/** Whether `inner` lies within `outer`. */
export function stWithin(inner: Expression<unknown>, outer: Expression<unknown>): RawBuilder<boolean> {
  return sql<boolean>`st_within(${inner}, ${outer})`;
}
