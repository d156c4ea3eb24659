import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CELL_LEVELS, cellLevelFor, cellRange } from "../../server/tiles/cell-grid.js";
import { parseTileAddress, tileAt, tileBounds } from "../../server/tiles/tile-address.js";

describe("parseTileAddress", () => {
  it("parses z/x/y, with or without a .pbf or .mvt suffix on y", () => {
    expect(parseTileAddress("15", "27912", "11690")).toEqual({
      ok: true,
      tile: { z: 15, x: 27912, y: 11690 },
    });
    expect(parseTileAddress("0", "0", "0.pbf")).toEqual({ ok: true, tile: { z: 0, x: 0, y: 0 } });
    expect(parseTileAddress("22", "4194303", "004194303.mvt")).toEqual({
      ok: true,
      tile: { z: 22, x: 4194303, y: 4194303 },
    });
  });

  it.each([
    ["23", "0", "0", "z", "from 0 to 22"],
    ["-1", "0", "0", "z", "from 0 to 22"],
    ["1.5", "0", "0", "z", "from 0 to 22"],
    ["", "0", "0", "z", "from 0 to 22"],
    ["99999999999999999999", "0", "0", "z", "from 0 to 22"],
    ["2", "4", "0", "x", "from 0 to 3 at zoom 2"],
    ["0", "1", "0", "x", "from 0 to 0 at zoom 0"],
    ["3", "x", "0", "x", "from 0 to 7"],
    ["3", "0", "8", "y", "from 0 to 7"],
    ["3", "0", "1.png", "y", "optionally with .pbf or .mvt"],
    ["3", "0", "1.pbf.pbf", "y", "from 0 to 7"],
  ])("refuses z=%j x=%j y=%j naming %s", (z, x, y, path, fragment) => {
    const result = parseTileAddress(z, x, y);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.path).toBe(path);
      expect(result.message).toContain(fragment);
    }
  });

  it("accepts exactly the tiles of the pyramid (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2, max: 25 }),
        fc.integer({ min: -1, max: 2 ** 23 }),
        fc.integer({ min: -1, max: 2 ** 23 }),
        (z, x, y) => {
          const result = parseTileAddress(String(z), String(x), String(y));
          const inside = z >= 0 && z <= 22 && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;
          expect(result.ok).toBe(inside);
          if (result.ok) expect(result.tile).toEqual({ z, x, y });
        },
      ),
    );
  });
});

describe("tile arithmetic", () => {
  it("finds the tile of central Harbin and its WGS84 bounds hold the point", () => {
    const tile = tileAt(126.655, 45.752, 15);
    expect(tile).toEqual({ z: 15, x: 27912, y: 11690 });
    const [west, south, east, north] = tileBounds(tile);
    expect(west).toBeLessThanOrEqual(126.655);
    expect(east).toBeGreaterThan(126.655);
    expect(south).toBeLessThanOrEqual(45.752);
    expect(north).toBeGreaterThan(45.752);
    expect(tileBounds({ z: 0, x: 0, y: 0 })[3]).toBeCloseTo(85.0511287798, 9);
  });

  it("a tile's bounds hold every position that maps to it (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179.999, max: 179.999, noNaN: true }),
        fc.double({ min: -85, max: 85, noNaN: true }),
        fc.integer({ min: 0, max: 22 }),
        (longitude, latitude, z) => {
          const [west, south, east, north] = tileBounds(tileAt(longitude, latitude, z));
          const slack = 1e-9;
          expect(longitude).toBeGreaterThanOrEqual(west - slack);
          expect(longitude).toBeLessThanOrEqual(east + slack);
          expect(latitude).toBeGreaterThanOrEqual(south - slack);
          expect(latitude).toBeLessThanOrEqual(north + slack);
        },
      ),
    );
  });

  it("uses 16 to 64 cells across every tile below zoom 14", () => {
    expect(CELL_LEVELS).toEqual([6, 9, 12, 15, 18]);
    for (let z = 0; z <= 13; z++) {
      const level = cellLevelFor(z);
      expect(2 ** (level - z)).toBeGreaterThanOrEqual(16);
      expect(2 ** (level - z)).toBeLessThanOrEqual(64);
    }
    expect(cellLevelFor(13)).toBe(18);
    expect(cellLevelFor(10)).toBe(15);
    expect(cellLevelFor(0)).toBe(6);
  });

  it("covers a tile's cells plus one on each side, within the grid", () => {
    expect(cellRange({ z: 12, x: 3489, y: 1461 }, 18)).toEqual({
      minX: 3489 * 64 - 1,
      maxX: 3490 * 64,
      minY: 1461 * 64 - 1,
      maxY: 1462 * 64,
    });
    expect(cellRange({ z: 0, x: 0, y: 0 }, 6)).toEqual({ minX: 0, maxX: 63, minY: 0, maxY: 63 });
  });
});
