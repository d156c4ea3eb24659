/** One tile of the EPSG:3857 pyramid in the XYZ scheme (y grows southwards, as in slippy maps). */
export interface TileAddress {
  readonly z: number;
  readonly x: number;
  readonly y: number;
}

/** Deepest zoom served; sources stop at a lower `maxzoom` and clients overzoom from there. */
export const MAX_TILE_ZOOM = 22;
/** Tile coordinate units per tile side (MVT `extent`). */
export const TILE_EXTENT = 4096;
/** Half the EPSG:3857 world width in metres: x and y run from minus to plus this. */
export const HALF_WORLD = 20037508.342789244;
/** Geometry kept beyond each tile edge, in tile units, so strokes and circles join across tiles. */
export const TILE_BUFFER = 64;

export type TileAddressResult =
  | { readonly ok: true; readonly tile: TileAddress }
  | { readonly ok: false; readonly path: "z" | "x" | "y"; readonly message: string };

const wholeNumber = /^\d{1,9}$/;
/** `y` may carry the file suffix some clients append. */
const yWithSuffix = /^(\d{1,9})(?:\.(?:pbf|mvt))?$/;

/** Parses z/x/y path segments: whole numbers, z within 0..22, x and y within 0..2^z−1. */
export function parseTileAddress(z: string, x: string, y: string): TileAddressResult {
  if (!wholeNumber.test(z) || Number(z) > MAX_TILE_ZOOM) {
    return {
      ok: false,
      path: "z",
      message: `z must be a whole number from 0 to ${MAX_TILE_ZOOM}, got "${z}"`,
    };
  }
  const zoom = Number(z);
  const last = 2 ** zoom - 1;
  if (!wholeNumber.test(x) || Number(x) > last) {
    return {
      ok: false,
      path: "x",
      message: `x must be a whole number from 0 to ${last} at zoom ${zoom}, got "${x}"`,
    };
  }
  const row = yWithSuffix.exec(y)?.[1];
  if (row === undefined || Number(row) > last) {
    return {
      ok: false,
      path: "y",
      message: `y must be a whole number from 0 to ${last} at zoom ${zoom} (optionally with .pbf or .mvt), got "${y}"`,
    };
  }
  return { ok: true, tile: { z: zoom, x: Number(x), y: Number(row) } };
}

/** The tile's bounds in WGS84 as [west, south, east, north]. */
export function tileBounds({ z, x, y }: TileAddress): [number, number, number, number] {
  const n = 2 ** z;
  const longitude = (column: number) => (column / n) * 360 - 180;
  const latitude = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return [longitude(x), latitude(y + 1), longitude(x + 1), latitude(y)];
}

/** The tile at zoom z holding a WGS84 position. */
export function tileAt(longitude: number, latitude: number, z: number): TileAddress {
  const n = 2 ** z;
  const radians = (latitude * Math.PI) / 180;
  const x = Math.floor(((longitude + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n);
  return { z, x: Math.min(Math.max(x, 0), n - 1), y: Math.min(Math.max(y, 0), n - 1) };
}
