import type { BBox } from "./geojson.js";

export type BBoxParseResult = { ok: true; bbox: BBox } | { ok: false; message: string };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses "minLng,minLat,maxLng,maxLat" (WGS84 degrees) and says precisely what is wrong when it
 * cannot. A bbox crossing the antimeridian (minLng > maxLng) is refused: Heilongjiang is far from it.
 */
export function parseBBox(text: string): BBoxParseResult {
  const parts = text.split(",").map((part) => part.trim());
  if (parts.length !== 4) {
    return {
      ok: false,
      message: `bbox needs 4 comma-separated numbers (minLng,minLat,maxLng,maxLat), got ${parts.length}`,
    };
  }
  const bad = parts.find((part) => !NUMBER.test(part));
  if (bad !== undefined) return { ok: false, message: `bbox value "${bad}" is not a number` };
  const [minLng, minLat, maxLng, maxLat] = parts.map(Number) as [number, number, number, number];
  if (minLng < -180 || maxLng > 180 || minLng > 180 || maxLng < -180) {
    return { ok: false, message: "bbox longitudes must lie within -180..180" };
  }
  if (minLat < -90 || maxLat > 90 || minLat > 90 || maxLat < -90) {
    return { ok: false, message: "bbox latitudes must lie within -90..90" };
  }
  if (minLng > maxLng)
    return { ok: false, message: `bbox minLng (${minLng}) is greater than maxLng (${maxLng})` };
  if (minLat > maxLat)
    return { ok: false, message: `bbox minLat (${minLat}) is greater than maxLat (${maxLat})` };
  return { ok: true, bbox: [minLng, minLat, maxLng, maxLat] };
}
