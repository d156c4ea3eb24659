import type { Position } from "../geojson.js";

/** Below this a drawn footprint is a slip of the mouse, not a building (m², geodesic). */
export const MIN_FOOTPRINT_AREA = 10;

/** A footprint as sent: GeoJSON Polygon or MultiPolygon in WGS84, not yet checked. */
export interface FootprintInput {
  readonly type: "Polygon" | "MultiPolygon";
  readonly coordinates: unknown;
}

/** The outcome of checking a footprint's structure: its one polygon's rings, or what is wrong. */
export type FootprintCheck =
  | { readonly ok: true; readonly polygon: { type: "Polygon"; coordinates: Position[][] } }
  | { readonly ok: false; readonly message: string };

/**
 * Checks what PostGIS cannot say well: the nesting, [lng, lat] ranges, closed rings of ≥ 4 positions,
 * and that a MultiPolygon holds exactly one polygon (a building has one footprint). Validity (self-
 * intersections and the like) is PostGIS's ST_IsValidDetail's to judge.
 */
export function checkFootprint(footprint: FootprintInput): FootprintCheck {
  const polygons = footprint.type === "Polygon" ? [footprint.coordinates] : footprint.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0)
    return { ok: false, message: "The footprint is empty" };
  if (polygons.length > 1)
    return {
      ok: false,
      message: `A building has one footprint: the MultiPolygon has ${polygons.length} polygons`,
    };
  const rings = polygons[0];
  if (!Array.isArray(rings) || rings.length === 0) return { ok: false, message: "The footprint is empty" };
  const checked: Position[][] = [];
  for (const [index, ring] of rings.entries()) {
    const name = index === 0 ? "the outer ring" : `hole ${index}`;
    if (!Array.isArray(ring)) return { ok: false, message: `${name} is not a list of positions` };
    const positions: Position[] = [];
    for (const position of ring) {
      if (
        !Array.isArray(position) ||
        position.length < 2 ||
        position.length > 3 ||
        !position.every((value) => typeof value === "number" && Number.isFinite(value))
      ) {
        return { ok: false, message: `${name} has a position that is not [longitude, latitude]` };
      }
      const [lng, lat] = position as number[];
      if ((lng as number) < -180 || (lng as number) > 180 || (lat as number) < -90 || (lat as number) > 90)
        return {
          ok: false,
          message: `${name} has a position out of longitude/latitude range: [${lng}, ${lat}] (WGS84 degrees, longitude first)`,
        };
      positions.push([lng as number, lat as number]);
    }
    if (positions.length < 4)
      return { ok: false, message: `${name} has ${positions.length} positions; a ring needs at least 4` };
    const first = positions[0] as Position;
    const last = positions.at(-1) as Position;
    if (first[0] !== last[0] || first[1] !== last[1])
      return { ok: false, message: `${name} is not closed: its last position must repeat the first` };
    checked.push(positions);
  }
  return { ok: true, polygon: { type: "Polygon", coordinates: checked } };
}
