import { checkArealGeometry } from "../areal-geometry.js";
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
 * Checks what PostGIS cannot say well (checkArealGeometry: nesting, [lng, lat] ranges, closed rings of
 * ≥ 4 positions) and that a MultiPolygon holds exactly one polygon (a building has one footprint).
 * Validity (self-intersections and the like) is PostGIS's ST_IsValidDetail's to judge.
 */
export function checkFootprint(footprint: FootprintInput): FootprintCheck {
  if (
    footprint.type === "MultiPolygon" &&
    Array.isArray(footprint.coordinates) &&
    footprint.coordinates.length > 1
  )
    return {
      ok: false,
      message: `A building has one footprint: the MultiPolygon has ${footprint.coordinates.length} polygons`,
    };
  const checked = checkArealGeometry(footprint, { noun: "footprint", maxPolygons: 1 });
  if (!checked.ok) return checked;
  const rings = checked.geometry.coordinates[0] as Position[][];
  return { ok: true, polygon: { type: "Polygon", coordinates: rings } };
}
