import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/schema.js";
import { type TileAddress, tileAt } from "../../server/tiles/tile-address.js";
import type { TileJson } from "../../server/tiles/tilejson.js";
import { testModes } from "../support/databases.js";
import { type Client, openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { type DecodedFeature, decodeTile } from "../tiles/mvt-decoding.js";

const ORIGIN = "http://fangtu.example:8080";
const path = (source: string, { z, x, y }: TileAddress) => `/tiles/${source}/${z}/${x}/${y}`;
/** Heilongjiang and beyond at z5: every demo asset and facility of the province is in this tile. */
const province = tileAt(126.655, 45.752, 5);
/** Central Harbin. */
const harbin = (z: number) => tileAt(126.655, 45.752, z);

describe.each(testModes())("non-office assets and community facilities as tiles (%s)", (mode) => {
  let app: TestApp;
  let db: Kysely<Database>;
  let county: SignedInClient;
  let unit: SignedInClient;

  beforeAll(async () => {
    app = await openTestApp(mode);
    db = app.database.db;
    [county, unit] = await Promise.all([app.signIn("demo-county"), app.signIn("demo-unit")]);
  });
  afterAll(() => app.database.close());

  const featuresOf = async (client: Client, source: string, tile: TileAddress) => {
    const response = await client.request(path(source, tile));
    expect(response.status).toBe(200);
    return decodeTile(new Uint8Array(await response.arrayBuffer()))[source]?.features ?? [];
  };
  const ids = (features: readonly DecodedFeature[]) => features.map((feature) => feature.id);
  /** The z14 tile of a stored point (lon/lat). */
  const tileOf = (longitude: number, latitude: number) => tileAt(longitude, latitude, 14);

  it("describes both sources as TileJSON with one point layer each and its fields", async () => {
    const expected: Record<string, Record<string, string>> = {
      "non-office-assets": {
        id: "Number",
        name: "String",
        address: "String",
        gross_area: "Number",
        land_area: "Number",
        former_use: "String",
        suits_office_use: "Boolean",
        condition: "String",
        status: "String",
        region_code: "String",
        is_demo: "Boolean",
      },
      "community-facilities": {
        id: "Number",
        name: "String",
        kind: "String",
        usable_area: "Number",
        opened_on: "String",
        source_building_id: "Number",
        region_code: "String",
        is_demo: "Boolean",
      },
    };
    for (const [id, fields] of Object.entries(expected)) {
      const response = await app.request(`${ORIGIN}/tiles/${id}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as TileJson;
      expect(body.tiles).toEqual([`${ORIGIN}/tiles/${id}/{z}/{x}/{y}`]);
      expect([body.minzoom, body.maxzoom]).toEqual([0, 14]);
      expect(body.vector_layers.map((layer) => [layer.id, layer.minzoom, layer.maxzoom])).toEqual([
        [id, 0, 14],
      ]);
      expect(body.vector_layers[0]?.fields).toEqual(fields);
    }
    const catalogue = (await (await app.request("/tiles")).json()) as {
      tilesets: Array<{ id: string; layers: string[] }>;
    };
    expect(catalogue.tilesets.find((tileset) => tileset.id === "non-office-assets")?.layers).toEqual([
      "non-office-assets",
    ]);
  });

  it("puts a demo non-office asset in its tile, at a point inside it, with its properties", async () => {
    const { rows } = await sql<
      Record<string, unknown> & { longitude: number; latitude: number; inside: boolean }
    >`
      select id, name, address, gross_area, land_area, former_use, suits_office_use, condition, status,
        region_code, is_demo, st_x(st_transform(location_3857, 4326)) as longitude,
        st_y(st_transform(location_3857, 4326)) as latitude,
        st_contains(geom, st_transform(location_3857, 4326)) or st_dwithin(geom, st_transform(location_3857, 4326), 1e-7) as inside
      from non_office_assets where name = '原富裕县招待所'`.execute(db);
    const row = rows[0];
    if (!row) throw new Error("no demo asset 原富裕县招待所");
    expect(row.inside).toBe(true);
    const features = await featuresOf(app, "non-office-assets", tileOf(row.longitude, row.latitude));
    const feature = features.find((candidate) => candidate.id === row.id);
    expect(feature?.type).toBe(1);
    const { longitude, latitude, inside, ...properties } = row;
    expect(feature?.properties).toEqual(properties);
    expect(feature?.properties).toMatchObject({
      region_code: "230227",
      suits_office_use: true,
      is_demo: true,
    });
  });

  it("puts a demo community facility in its tile with its properties", async () => {
    const { rows } = await sql<Record<string, unknown> & { longitude: number; latitude: number }>`
      select id, name, kind, usable_area, opened_on::text as opened_on, region_code, is_demo,
        st_x(location) as longitude, st_y(location) as latitude
      from community_facilities where name = '富裕镇社区服务中心（演示）'`.execute(db);
    const row = rows[0];
    if (!row) throw new Error("no demo facility 富裕镇社区服务中心（演示）");
    const features = await featuresOf(app, "community-facilities", tileOf(row.longitude, row.latitude));
    const feature = features.find((candidate) => candidate.id === row.id);
    expect(feature?.type).toBe(1);
    const { longitude, latitude, ...properties } = row;
    // No converted building recorded: source_building_id is left out (MVT has no null).
    expect(feature?.properties).toEqual(properties);
    expect(feature?.properties.kind).toBe("community_service_center");
  });

  it("gives a county reader only their county's assets and facilities, a unit user none", async () => {
    for (const [source, table] of [
      ["non-office-assets", "non_office_assets"],
      ["community-facilities", "community_facilities"],
    ] as const) {
      const { rows } = await sql<{ id: number; region_code: string }>`
        select id, region_code from ${sql.table(table)} order by id`.execute(db);
      const all = rows.map((row) => row.id);
      const fuyu = rows.filter((row) => row.region_code === "230227").map((row) => row.id);
      expect(fuyu.length).toBeGreaterThan(0);
      expect(fuyu.length).toBeLessThan(all.length);
      const sorted = (values: ReadonlyArray<number | undefined>) =>
        [...values].sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(sorted(ids(await featuresOf(app, source, province)))).toEqual(all);
      const mine = await featuresOf(county, source, province);
      expect(sorted(ids(mine))).toEqual(fuyu);
      expect(mine.every((feature) => feature.properties.region_code === "230227")).toBe(true);
      // Harbin's: the administrator's tile has them, the county reader's is empty.
      expect((await featuresOf(app, source, harbin(10))).length).toBeGreaterThan(0);
      expect(await featuresOf(county, source, harbin(10))).toEqual([]);
      // Unit users: neither table belongs to a unit.
      expect(await featuresOf(unit, source, province)).toEqual([]);
    }
  });

  it("bumps the tile data version when staffing, assets or facilities change", async () => {
    class Rollback extends Error {}
    const versions: number[] = [];
    const version = async (trx: Kysely<Database>) => {
      const { rows } = await sql<{ v: number }>`select data_version as v from tiles.state`.execute(trx);
      versions.push(Number(rows[0]?.v));
    };
    await expect(
      db.transaction().execute(async (trx) => {
        await version(trx);
        await sql`update staffing set authorized = authorized where false`.execute(trx);
        await version(trx);
        await sql`update non_office_assets set status = status where false`.execute(trx);
        await version(trx);
        await sql`update community_facilities set name = name where false`.execute(trx);
        await version(trx);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(versions.slice(1).map((value, index) => value - (versions[index] ?? 0))).toEqual([1, 1, 1]);
  });

  it("answers GDAL's metadata.json with the source's layers, bounds and zooms", async () => {
    const response = await app.request("/tiles/buildings/metadata.json");
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({ name: "buildings", format: "pbf", minzoom: "0", maxzoom: "16" });
    const bounds = (body.bounds ?? "").split(",").map(Number);
    expect(bounds).toHaveLength(4);
    expect(bounds[0]).toBeGreaterThan(120);
    expect(bounds[2]).toBeLessThan(136);
    const json = JSON.parse(body.json ?? "{}") as {
      vector_layers: Array<{ id: string; fields: Record<string, string> }>;
      tilestats: { layers: Array<{ layer: string; geometry: string }> };
    };
    expect(json.vector_layers.map((layer) => layer.id)).toEqual(["building-cells", "buildings"]);
    expect(json.vector_layers[1]?.fields.compliance).toBe("String");
    expect(json.tilestats.layers).toEqual([
      { layer: "building-cells", geometry: "Point" },
      { layer: "buildings", geometry: "Polygon" },
    ]);
    const assets = (await (await app.request("/tiles/non-office-assets/metadata.json")).json()) as Record<
      string,
      string
    >;
    expect(JSON.parse(assets.json ?? "{}").vector_layers[0].id).toBe("non-office-assets");
    expect((await app.request("/tiles/nowhere/metadata.json")).status).toBe(404);
    expect((await app.anonymous.request("/tiles/buildings/metadata.json")).status).toBe(401);
  });
});
