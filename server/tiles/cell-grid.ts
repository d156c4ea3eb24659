import type { TileAddress } from "./tile-address.js";

/**
 * Zoom levels of the XYZ grid at which buildings are pre-aggregated: cell (L, cx, cy) is tile
 * (L, cx, cy), so cell sizes run from ~626 km (L6) to ~153 m (L18) at the equator. Each is 3 levels
 * (8× per side) above the next, so every coarser level is summed from the finer one.
 */
export const CELL_LEVELS = [6, 9, 12, 15, 18] as const;
export type CellLevel = (typeof CELL_LEVELS)[number];

/** Zoom below which the buildings source serves cells instead of footprints. */
export const FOOTPRINT_MIN_ZOOM = 14;

/** Between 16 and 64 cells across a tile: the deepest level at most 6 zooms below the tile. */
export function cellLevelFor(z: number): CellLevel {
  let chosen: CellLevel = CELL_LEVELS[0];
  for (const level of CELL_LEVELS) if (level <= z + 6) chosen = level;
  return chosen;
}

/** Cell index ranges covering the tile plus one cell on every side (for symbols crossing edges). */
export function cellRange({ z, x, y }: TileAddress, level: CellLevel) {
  const perTile = 2 ** (level - z);
  const last = 2 ** level - 1;
  return {
    minX: Math.max(x * perTile - 1, 0),
    maxX: Math.min((x + 1) * perTile, last),
    minY: Math.max(y * perTile - 1, 0),
    maxY: Math.min((y + 1) * perTile, last),
  };
}
