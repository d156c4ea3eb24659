import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geometryFromGeoJSON } from "../../server/db/postgis.js";
import type { Database } from "../../server/db/schema.js";
import { unrestricted } from "../../server/db/scope.js";
import { type TileAddress, tileAt } from "../../server/tiles/tile-address.js";
import { TileService } from "../../server/tiles/tile-service.js";
import { findTileSource } from "../../server/tiles/tile-sources.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type TestApp } from "../support/test-app.js";
import { decodeTile } from "./mvt-decoding.js";
import { observeWhileStable } from "./stable-version.js";

// Mohe (漠河), far north of every demo building and lease: in server mode the database is shared with
// the other test files, so the building this test adds touches no tile or bbox they look at.
const MOHE: [number, number] = [122.53, 52.97];
const square = (size: number) => ({
  type: "Polygon",
  coordinates: [
    [
      [MOHE[0], MOHE[1]],
      [MOHE[0] + size, MOHE[1]],
      [MOHE[0] + size, MOHE[1] + size],
      [MOHE[0], MOHE[1] + size],
      [MOHE[0], MOHE[1]],
    ],
  ],
});

describe.each(testModes())("tile cache and aggregates after a write (%s)", (mode) => {
  let app: TestApp;
  let db: Kysely<Database>;

  beforeAll(async () => {
    app = await openTestApp(mode);
    db = app.database.db;
  });
  afterAll(() => app.database.close());

  const fetchTile = async (
    source: string,
    { z, x, y }: TileAddress,
    headers: Record<string, string> = {},
  ) => {
    const response = await app.request(`/tiles/${source}/${z}/${x}/${y}`, { headers });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, etag: response.headers.get("etag"), bytes };
  };
  const buildingIds = async (tile: TileAddress) =>
    (decodeTile((await fetchTile("buildings", tile)).bytes).buildings?.features ?? []).map((f) => f.id);
  const cellTotal = async (tile: TileAddress) =>
    (decodeTile((await fetchTile("buildings", tile)).bytes)["building-cells"]?.features ?? []).reduce(
      (sum, cell) => sum + (cell.properties.building_count as number),
      0,
    );
  const prefecture = async (code: string) =>
    (
      decodeTile((await fetchTile("regions", tileAt(MOHE[0], MOHE[1], 5))).bytes).regions?.features ?? []
    ).find((feature) => feature.properties.code === code)?.properties;

  it("serves new tiles and rebuilt aggregates once a building is added, and again once it is gone", async () => {
    const footprintTile = tileAt(MOHE[0] + 0.0002, MOHE[1] + 0.0002, 16);
    const cellTile = tileAt(MOHE[0], MOHE[1], 9);
    const { before, cachedTag, conditional } = await observeWhileStable(db, async () => {
      const first = await fetchTile("buildings", footprintTile);
      return {
        before: first,
        cachedTag: (await fetchTile("buildings", footprintTile)).etag,
        conditional: (await fetchTile("buildings", footprintTile, { "If-None-Match": first.etag ?? "" }))
          .status,
      };
    });
    expect(before.status).toBe(200);
    // Cached: the same tag again, and a conditional request is answered with 304.
    expect(cachedTag).toBe(before.etag);
    expect(conditional).toBe(304);
    expect(await buildingIds(footprintTile)).toEqual([]);
    const worldBefore = await cellTotal({ z: 0, x: 0, y: 0 });
    expect(await cellTotal(cellTile)).toBe(0);
    expect((await prefecture("232700"))?.building_count).toBe(0);

    const { id } = await db
      .insertInto("buildings")
      .values({
        region_code: "232701",
        name: "瓦片缓存测试楼",
        footprint: geometryFromGeoJSON(square(0.0004)),
        floors_above: 3,
        gross_area: 1234.5,
        property_class: "office",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    try {
      const after = await fetchTile("buildings", footprintTile);
      expect(after.etag).not.toBe(before.etag);
      const feature = decodeTile(after.bytes).buildings?.features.find((candidate) => candidate.id === id);
      expect(feature?.properties).toMatchObject({
        name: "瓦片缓存测试楼",
        gross_area: 1234.5,
        usable_area: 0,
        idle_share: 0,
        over_standard: false,
      });
      // The old tag no longer matches.
      expect(
        (await fetchTile("buildings", footprintTile, { "If-None-Match": before.etag ?? "" })).status,
      ).toBe(200);
      // The precomputed cells and region totals were rebuilt for the new data version.
      expect(await cellTotal(cellTile)).toBe(1);
      expect(await cellTotal({ z: 0, x: 0, y: 0 })).toBe(worldBefore + 1);
      expect(await prefecture("232700")).toMatchObject({ building_count: 1, gross_area: 1234.5 });
    } finally {
      await db.deleteFrom("buildings").where("id", "=", id).execute();
    }

    const removed = await fetchTile("buildings", footprintTile);
    expect(removed.etag).not.toBe(before.etag);
    expect(await buildingIds(footprintTile)).toEqual([]);
    expect(await cellTotal(cellTile)).toBe(0);
    expect(await cellTotal({ z: 0, x: 0, y: 0 })).toBe(worldBefore);
    expect((await prefecture("232700"))?.building_count).toBe(0);
  });

  it("keeps tiles in its bounded cache until the data version moves", async () => {
    const service = new TileService(db, mode, { cacheBytes: 64 * 1024 });
    const source = findTileSource("buildings");
    if (!source) throw new Error("no buildings source");
    const tile = tileAt(126.655, 45.752, 15);
    const state = await service.state();
    const first = await service.tile(state, unrestricted, source, tile, false);
    // The same bytes object again: served from the cache, not encoded anew.
    expect((await service.tile(state, unrestricted, source, tile, false)).bytes).toBe(first.bytes);
    const zipped = await service.tile(state, unrestricted, source, tile, true);
    expect(zipped.gzipped).toBe(true);
    expect((await service.tile(state, unrestricted, source, tile, true)).bytes).toBe(zipped.bytes);
    expect(service.cache.size).toBe(1);
    expect(service.cache.bytes).toBe(first.bytes.length + zipped.bytes.length + 200);
    // Many tiles later the cache still holds no more than its budget.
    for (let dx = -3; dx <= 3; dx++) {
      for (let dy = -3; dy <= 3; dy++) {
        await service.tile(state, unrestricted, source, { z: 15, x: tile.x + dx, y: tile.y + dy }, true);
      }
    }
    expect(service.cache.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(service.cache.size).toBeGreaterThan(1);

    // Any committed write to a table tiles read moves the version, and the next request empties the cache.
    await db
      .updateTable("ranks")
      .set({ sort_order: sql`sort_order` })
      .where("code", "=", "county_head")
      .execute();
    const moved = await service.state();
    expect(moved.version).toBeGreaterThan(state.version);
    expect(service.cache.size).toBe(0);
    const again = await service.tile(moved, unrestricted, source, tile, false);
    expect(again.bytes).not.toBe(first.bytes);
    expect(again.bytes).toEqual(first.bytes);
  });

  it("moves the data version with every committed write and not with a rolled-back one", async () => {
    const version = async () =>
      Number((await sql<{ v: number }>`select data_version as v from tiles.state`.execute(db)).rows[0]?.v);
    const start = await version();
    await db
      .updateTable("ranks")
      .set({ sort_order: sql`sort_order` })
      .where("code", "=", "county_head")
      .execute();
    expect(await version()).toBeGreaterThan(start);
    const committed = await version();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable("units").set({ note: sql`note` }).where("id", "=", -1).execute();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    // In server mode other files may write meanwhile; in embedded mode nothing else does.
    if (mode === "embedded") expect(await version()).toBe(committed);
  });
});
