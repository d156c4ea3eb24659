import type { MultiPolygon, Position } from "./geojson.js";

// Structural checks of a drawn area (a building footprint, a consolidation zone) as sent by a client:
// what PostGIS cannot say well. Validity proper (self-intersections, ring orientation aside) is
// ST_IsValidDetail's to judge, and the area needs the geography type; both happen in the database.

/** What a drawn area must satisfy beyond being GeoJSON. */
export interface ArealRules {
  /** How the area is named in messages: "footprint", "zone". */
  readonly noun: string;
  /** At most this many polygons (a building has one footprint); unlimited when absent. */
  readonly maxPolygons?: number;
}

/** The outcome of checking a drawn area's structure: its polygons, or what is wrong. */
export type ArealCheck =
  | { readonly ok: true; readonly geometry: MultiPolygon }
  | { readonly ok: false; readonly message: string };

/**
 * `crs` member values meaning WGS84 longitude/latitude. RFC 7946 dropped `crs`; old clients (and
 * GDAL's GeoJSON writer) still send the 2008 form `{ type: "name", properties: { name } }`.
 */
const WGS84_NAMES = new Set([
  "urn:ogc:def:crs:ogc:1.3:crs84",
  "urn:ogc:def:crs:ogc::crs84",
  "urn:ogc:def:crs:epsg::4326",
  "urn:ogc:def:crs:epsg:4326",
  "epsg:4326",
  "crs84",
  "wgs84",
  "http://www.opengis.net/def/crs/ogc/1.3/crs84",
  "http://www.opengis.net/def/crs/epsg/0/4326",
]);

/** The name a GeoJSON `crs` member gives, or a description of what it holds. */
function crsName(crs: unknown): string | null {
  if (crs === undefined || crs === null) return null;
  if (typeof crs === "object") {
    const properties = (crs as { properties?: unknown }).properties;
    if (properties && typeof properties === "object") {
      const name = (properties as { name?: unknown }).name;
      if (typeof name === "string") return name;
    }
  }
  return JSON.stringify(crs).slice(0, 80);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks a drawn area as sent: a GeoJSON Polygon or MultiPolygon in WGS84 (no `crs` naming anything
 * else), [lng, lat] in range, closed rings of ≥ 4 positions, no empty parts. Returns it as a
 * MultiPolygon with 2-D positions.
 */
export function checkArealGeometry(input: unknown, rules: ArealRules): ArealCheck {
  const { noun } = rules;
  const fail = (message: string): ArealCheck => ({ ok: false, message });
  if (!isRecord(input)) return fail(`The ${noun} must be a GeoJSON Polygon or MultiPolygon object`);
  const type = input.type;
  if (type !== "Polygon" && type !== "MultiPolygon") {
    const named = typeof type === "string" ? `a ${type}` : "no geometry type";
    const hint = type === "Feature" || type === "FeatureCollection" ? " (send the geometry itself)" : "";
    return fail(`The ${noun} is ${named}; it must be a GeoJSON Polygon or MultiPolygon${hint}`);
  }
  const crs = crsName(input.crs);
  if (crs !== null && !WGS84_NAMES.has(crs.toLowerCase()))
    return fail(
      `Wrong CRS: the ${noun} names ${crs}; send WGS84 longitude/latitude (EPSG:4326 / CRS84) without a crs member`,
    );
  const polygons = type === "Polygon" ? [input.coordinates] : input.coordinates;
  if (
    !Array.isArray(polygons) ||
    polygons.length === 0 ||
    (type === "Polygon" && !Array.isArray(input.coordinates))
  )
    return fail(`The ${noun} is empty`);
  if (rules.maxPolygons !== undefined && polygons.length > rules.maxPolygons)
    return fail(
      `A ${noun} has at most ${rules.maxPolygons} polygon${rules.maxPolygons === 1 ? "" : "s"}: the MultiPolygon has ${polygons.length}`,
    );
  const checked: Position[][][] = [];
  for (const [polygonIndex, rings] of polygons.entries()) {
    const prefix = polygons.length > 1 ? `polygon ${polygonIndex + 1}: ` : "";
    if (!Array.isArray(rings) || rings.length === 0) return fail(`The ${noun} is empty`);
    const checkedRings: Position[][] = [];
    for (const [index, ring] of rings.entries()) {
      const name = `${prefix}${index === 0 ? "the outer ring" : `hole ${index}`}`;
      if (!Array.isArray(ring)) return fail(`${name} is not a list of positions`);
      if (ring.length === 0) return fail(`The ${noun} is empty (${name} has no positions)`);
      const positions: Position[] = [];
      for (const position of ring) {
        if (
          !Array.isArray(position) ||
          position.length < 2 ||
          position.length > 3 ||
          !position.every((value) => typeof value === "number" && Number.isFinite(value))
        )
          return fail(`${name} has a position that is not [longitude, latitude]`);
        const [lng, lat] = position as [number, number];
        if (lng < -180 || lng > 180 || lat < -90 || lat > 90)
          return fail(
            `Wrong CRS: ${name} has a position out of longitude/latitude range: [${lng}, ${lat}] (send WGS84 degrees, longitude first)`,
          );
        positions.push([lng, lat]);
      }
      if (positions.length < 4)
        return fail(`${name} has ${positions.length} positions; a ring needs at least 4`);
      const first = positions[0] as Position;
      const last = positions.at(-1) as Position;
      if (first[0] !== last[0] || first[1] !== last[1])
        return fail(`${name} is not closed: its last position must repeat the first`);
      checkedRings.push(positions);
    }
    checked.push(checkedRings);
  }
  return { ok: true, geometry: { type: "MultiPolygon", coordinates: checked } };
}
