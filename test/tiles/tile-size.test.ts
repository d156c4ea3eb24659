import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FangtuDatabase } from "../../server/db/database.js";
import type { Database } from "../../server/db/schema.js";
import { unrestricted } from "../../server/db/scope.js";
import { MAX_FOOTPRINTS_PER_TILE } from "../../server/tiles/sources/building-layers.js";
import { tileAt, tileBounds } from "../../server/tiles/tile-address.js";
import { chooseTileEncoder } from "../../server/tiles/tile-encoder.js";
import { layersAt } from "../../server/tiles/tile-layer.js";
import { findTileSource } from "../../server/tiles/tile-sources.js";
import { openTestDatabase, testModes } from "../support/databases.js";
import { decodeTile } from "./mvt-decoding.js";

const BUDGET = 500 * 1024;
const CROWD = 2025; // 45 × 45 buildings, more than one tile may carry

class Rollback extends Error {}

/** Fills one z14 tile near Mohe with a grid of buildings, each with a floor and an idle room. */
async function crowdTile(trx: Kysely<Database>) {
  const [west, south, east, north] = tileBounds(tileAt(122.53, 52.97, 14));
  const side = Math.sqrt(CROWD);
  const stepX = (east - west) / side;
  const stepY = (north - south) / side;
  await sql`insert into buildings (region_code, name, footprint, floors_above, gross_area, property_class)
    select '232701', '密集测试楼第' || n || '号（大兴安岭地区漠河市合成数据）',
      st_makeenvelope(${west}::float8 + (n % ${side}) * ${stepX}::float8 + ${stepX * 0.2}::float8,
        ${south}::float8 + (n / ${side}) * ${stepY}::float8 + ${stepY * 0.2}::float8,
        ${west}::float8 + (n % ${side}) * ${stepX}::float8 + ${stepX * 0.8}::float8,
        ${south}::float8 + (n / ${side}) * ${stepY}::float8 + ${stepY * 0.8}::float8, 4326),
      2 + n % 9, 1000 + n * 1.37, 'office'
    from generate_series(0, ${CROWD - 1}) n`.execute(trx);
  await sql`insert into floors (building_id, region_code, level, name)
    select id, region_code, 1, '1层' from buildings where name like '密集测试楼%'`.execute(trx);
  await sql`insert into rooms (building_id, floor_id, region_code, number, use_category, usable_area, status)
    select f.building_id, f.id, f.region_code, '101', 'office', 20 + f.building_id % 997 * 0.13, 'idle'
    from floors f join buildings b on b.id = f.building_id where b.name like '密集测试楼%'`.execute(trx);
}

describe.each(testModes())("tile size bound (%s)", (mode) => {
  let database: FangtuDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(mode);
  });
  afterAll(() => database.close());

  it(`keeps a crowded z14 tile under 500 KB with the ${MAX_FOOTPRINTS_PER_TILE} largest buildings`, async () => {
    const encoder = await chooseTileEncoder(database.db, mode);
    const tile = tileAt(122.53, 52.97, 14);
    const measured: Record<string, number> = {};
    // Rolled back: in server mode the database is shared with the other test files.
    await expect(
      database.db.transaction().execute(async (trx) => {
        await crowdTile(trx);
        for (const id of ["buildings", "idle-space"]) {
          const source = findTileSource(id);
          if (!source) throw new Error(id);
          const bytes = await encoder.encode(trx, tile, layersAt(source, tile.z), unrestricted);
          measured[id] = bytes.length;
          const features = Object.values(decodeTile(bytes))[0]?.features ?? [];
          expect(features).toHaveLength(MAX_FOOTPRINTS_PER_TILE);
          if (id === "buildings") {
            const { rows } = await sql<{ id: number }>`select id from buildings where name like '密集测试楼%'
              order by gross_area desc, id limit ${MAX_FOOTPRINTS_PER_TILE}`.execute(trx);
            expect(features.map((feature) => feature.id)).toEqual(
              rows.map((row) => row.id).sort((a, b) => a - b),
            );
          }
          // One zoom deeper the tile holds a quarter of the crowd, every one of them.
          const deeper = Object.values(
            decodeTile(
              await encoder.encode(
                trx,
                { z: 15, x: tile.x * 2, y: tile.y * 2 },
                layersAt(source, 15),
                unrestricted,
              ),
            ),
          )[0]?.features;
          expect(deeper?.length).toBeGreaterThan(400);
          expect(deeper?.length).toBeLessThan(MAX_FOOTPRINTS_PER_TILE);
        }
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(measured.buildings).toBeLessThan(BUDGET);
    expect(measured["idle-space"]).toBeLessThan(BUDGET);
    // Real content: a few hundred bytes per footprint.
    expect(measured.buildings).toBeGreaterThan(MAX_FOOTPRINTS_PER_TILE * 100);
  });
});
