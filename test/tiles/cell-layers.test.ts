import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FangtuDatabase } from "../../server/db/database.js";
import type { Database } from "../../server/db/schema.js";
import { unrestricted } from "../../server/db/scope.js";
import type { ReadScope } from "../../server/domain/auth/access.js";
import { cellLevelFor, cellRange } from "../../server/tiles/cell-grid.js";
import { liveCells, precomputedCells } from "../../server/tiles/sources/cell-layers.js";
import { type TileAddress, tileAt } from "../../server/tiles/tile-address.js";
import { refreshTileAggregates } from "../../server/tiles/tile-aggregates.js";
import { openTestDatabase, testModes } from "../support/databases.js";

interface Cell {
  cell_x: number;
  cell_y: number;
  x: number;
  y: number;
  building_count: number;
  gross_area: number;
  usable_area: number;
  idle_area: number;
  idle_building_count: number;
  over_standard_count: number;
}

async function cellsOf(db: Kysely<Database>, cells: ReturnType<typeof liveCells>): Promise<Cell[]> {
  const { rows } = await sql<Cell>`select c.cell_x, c.cell_y, st_x(c.geom) as x, st_y(c.geom) as y,
      c.building_count, c.gross_area, c.usable_area, c.idle_area, c.idle_building_count, c.over_standard_count
    from (${cells}) c order by c.cell_y, c.cell_x`.execute(db);
  return rows;
}

/** Same cells and counts; sums to the cent and points to a millimetre (float sums in another order). */
function expectSameCells(live: readonly Cell[], precomputed: readonly Cell[]) {
  const counts = (cells: readonly Cell[]) =>
    cells.map((cell) => [
      cell.cell_x,
      cell.cell_y,
      cell.building_count,
      cell.idle_building_count,
      cell.over_standard_count,
    ]);
  expect(counts(live)).toEqual(counts(precomputed));
  live.forEach((cell, index) => {
    const other = precomputed[index] as Cell;
    for (const figure of ["gross_area", "usable_area", "idle_area"] as const) {
      // Precomputed sums are rounded per finest cell before they are added up.
      expect(Math.abs(cell[figure] - other[figure])).toBeLessThanOrEqual(0.01 * cell.building_count);
    }
    expect(Math.abs(cell.x - other.x)).toBeLessThan(1e-3);
    expect(Math.abs(cell.y - other.y)).toBeLessThan(1e-3);
  });
}

describe.each(testModes())("building cells, precomputed and live (%s)", (mode) => {
  let database: FangtuDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    await refreshTileAggregates(database.db);
  });
  afterAll(() => database.close());

  const harbin = (z: number) => tileAt(126.655, 45.752, z);
  const fuyu = (z: number) => tileAt(124.457, 47.798, z);
  const county: ReadScope = { regionPrefix: "230227", unitIds: null };
  const cases: Array<readonly [string, TileAddress, ReadScope]> = [
    ...[{ z: 0, x: 0, y: 0 }, harbin(5), harbin(9), harbin(13), fuyu(8)].map(
      (tile) => ["all", tile, unrestricted] as const,
    ),
    ...[{ z: 0, x: 0, y: 0 }, fuyu(8), fuyu(11), fuyu(13)].map((tile) => ["230227", tile, county] as const),
  ];

  it.each(cases)(
    "computes from the buildings (%s) the cells it precomputed, at %o",
    async (_, tile, scope) => {
      const level = cellLevelFor(tile.z);
      const range = cellRange(tile, level);
      const live = await cellsOf(database.db, liveCells(level, range, scope));
      const precomputed = await cellsOf(database.db, precomputedCells(level, range, scope.regionPrefix));
      expect(live.length).toBeGreaterThan(0);
      expectSameCells(live, precomputed);
    },
  );
});
