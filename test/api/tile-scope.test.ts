import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/schema.js";
import { type TileAddress, tileAt } from "../../server/tiles/tile-address.js";
import { testModes } from "../support/databases.js";
import { type Client, openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { type DecodedFeature, type DecodedLayer, decodeTile } from "../tiles/mvt-decoding.js";
import { observeWhileStable } from "../tiles/stable-version.js";

interface ErrorBody {
  error: { code: string; message: string };
}

/** Central Harbin (南岗区, 230103), where most demo buildings stand. */
const harbin = (z: number) => tileAt(126.655, 45.752, z);
/** The town of 富裕县 (230227, Qiqihar), demo-county's county. */
const fuyu = (z: number) => tileAt(124.457, 47.798, z);
const path = (source: string, { z, x, y }: TileAddress) => `/tiles/${source}/${z}/${x}/${y}`;

/** Points inside the tile proper (the buffer repeats the neighbours' cells). */
const insideTile = (feature: DecodedFeature) =>
  feature.rings.flat().every(([x, y]) => x >= 0 && x < 4096 && y >= 0 && y < 4096);
const sumOf = (features: readonly DecodedFeature[], property: string) =>
  features.reduce((sum, feature) => sum + Number(feature.properties[property] ?? 0), 0);

/** Buildings whose centroid lies in the tile, optionally only those of a region subtree. */
async function buildingsCentredIn(db: Kysely<Database>, { z, x, y }: TileAddress, regionPrefix = "") {
  const { rows } = await sql<{ count: number }>`select count(*)::int as count from buildings
    where region_code like ${`${regionPrefix}%`}
      and st_intersects(st_centroid(footprint_3857), st_tileenvelope(${z}, ${x}, ${y}))`.execute(db);
  return Number(rows[0]?.count);
}

describe.each(testModes())("vector tiles by read scope (%s)", (mode) => {
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

  const fetchTile = async (client: Client, url: string, headers: Record<string, string> = {}) => {
    const response = await client.request(url, { headers });
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, etag: response.headers.get("etag"), bytes };
  };
  const layersOf = async (client: Client, source: string, tile: TileAddress) => {
    const { status, bytes } = await fetchTile(client, path(source, tile));
    expect(status).toBe(200);
    return decodeTile(bytes);
  };
  const featuresOf = async (client: Client, source: string, tile: TileAddress, layer = source) =>
    (await layersOf(client, source, tile))[layer]?.features ?? [];
  /** A building's z16 tile, from its stored footprint. */
  const tileOfBuilding = async (name: string) => {
    const { rows } = await sql<{ id: number; longitude: number; latitude: number }>`
      select id, st_x(st_centroid(footprint)) as longitude, st_y(st_centroid(footprint)) as latitude
      from buildings where name = ${name}`.execute(db);
    const row = rows[0];
    if (!row) throw new Error(`no building ${name}`);
    return { id: row.id, tile: tileAt(row.longitude, row.latitude, 16) };
  };

  it("answers 401 with the error format to anonymous requests for the catalogue, TileJSON and tiles", async () => {
    for (const url of [
      "/tiles",
      "/tiles/",
      "/tiles/buildings",
      "/tiles/regions",
      path("buildings", harbin(15)),
      `${path("buildings", harbin(15))}.pbf`,
      // Not even the path is checked before the sign-in.
      "/tiles/buildings/99/0/0",
      "/tiles/nowhere/0/0/0",
    ]) {
      const { status, body } = await app.anonymous.json<ErrorBody>(url);
      expect(status, url).toBe(401);
      expect(body.error.code).toBe("unauthorized");
    }
    const forged = await app.anonymous.request(path("buildings", harbin(15)), {
      headers: { authorization: "Bearer ft_not-a-token" },
    });
    expect(forged.status).toBe(401);
  });

  it("shows a county user only their county's footprints: none in Harbin, Fuyu's own in Fuyu", async () => {
    // The administrator first: a cached tile of the wider scope must not reach the county user.
    const adminHarbin = await featuresOf(app, "buildings", harbin(15));
    expect(adminHarbin.length).toBeGreaterThanOrEqual(10);
    expect(await featuresOf(county, "buildings", harbin(15))).toEqual([]);
    expect(await featuresOf(county, "idle-space", harbin(15))).toEqual([]);
    expect((await featuresOf(app, "idle-space", harbin(15))).length).toBeGreaterThan(0);

    const fuyuBuildings = await featuresOf(county, "buildings", fuyu(15));
    expect(fuyuBuildings.length).toBeGreaterThan(0);
    expect(fuyuBuildings.every((feature) => feature.properties.region_code === "230227")).toBe(true);
    const { rows } = await sql<{ id: number }>`select id from buildings where region_code = '230227'
      and st_intersects(footprint_3857, st_tileenvelope(15, ${fuyu(15).x}, ${fuyu(15).y}))`.execute(db);
    expect(fuyuBuildings.map((feature) => feature.id)).toEqual(expect.arrayContaining(rows.map((r) => r.id)));
  });

  it("counts only a county user's buildings in the low-zoom cells", async () => {
    for (const z of [8, 9, 10]) {
      const tile = fuyu(z);
      const own = await buildingsCentredIn(db, tile, "230227");
      const cells = (await featuresOf(county, "buildings", tile, "building-cells")).filter(insideTile);
      expect(sumOf(cells, "building_count"), `z${z}`).toBe(own);
      expect(own).toBeGreaterThan(10);
      const idleCells = (await featuresOf(county, "idle-space", tile, "idle-space-cells")).filter(insideTile);
      expect(sumOf(idleCells, "idle_building_count")).toBeLessThanOrEqual(own);
    }
    // At z8 Fuyu shares its tile with Qiqihar's city districts: the administrator counts both.
    const shared = fuyu(8);
    const all = await buildingsCentredIn(db, shared);
    expect(all).toBeGreaterThan(await buildingsCentredIn(db, shared, "230227"));
    const adminCells = (await featuresOf(app, "buildings", shared, "building-cells")).filter(insideTile);
    expect(sumOf(adminCells, "building_count")).toBe(all);
    // The whole world at z0: the county's buildings, the administrator's all.
    const world = { z: 0, x: 0, y: 0 };
    expect(sumOf(await featuresOf(county, "buildings", world, "building-cells"), "building_count")).toBe(
      await buildingsCentredIn(db, world, "230227"),
    );
    expect(sumOf(await featuresOf(app, "buildings", world, "building-cells"), "building_count")).toBe(
      await buildingsCentredIn(db, world),
    );
    // Leases in: none of the county's, so none of Harbin's or Qiqihar's either.
    expect((await featuresOf(app, "leases-in", harbin(6))).length).toBeGreaterThan(0);
    expect(await featuresOf(county, "leases-in", harbin(6))).toEqual([]);
  });

  it("draws every boundary for a county user, with totals of their county only", async () => {
    const byCode = (layer: readonly DecodedFeature[]) =>
      new Map(layer.map((feature) => [feature.properties.code, feature.properties]));
    const tile = harbin(6);
    const admin = byCode(await featuresOf(app, "regions", tile));
    const mine = byCode(await featuresOf(county, "regions", tile));
    expect([...mine.keys()].sort()).toEqual([...admin.keys()].sort());
    expect([...admin.values()].every((properties) => properties.partial === false)).toBe(true);
    const figures = [
      "building_count",
      "gross_area",
      "idle_area",
      "units_over_standard",
      "leases_in_count",
      "leases_in_rent",
    ];
    const totals = (properties: DecodedFeature["properties"] | undefined) =>
      figures.map((figure) => properties?.[figure]);
    // Their own county in full.
    expect(mine.get("230227")?.partial).toBe(false);
    expect(totals(mine.get("230227"))).toEqual(totals(admin.get("230227")));
    expect(mine.get("230227")?.building_count).toBeGreaterThan(10);
    // Qiqihar, around it: only the county's part.
    expect(mine.get("230200")?.partial).toBe(true);
    expect(totals(mine.get("230200"))).toEqual(totals(admin.get("230227")));
    expect(admin.get("230200")?.building_count).toBeGreaterThan(mine.get("230200")?.building_count as number);
    // Harbin and its districts: boundaries without figures of theirs.
    for (const code of ["230100", "230103"]) {
      expect(mine.get(code)?.partial).toBe(true);
      expect(totals(mine.get(code))).toEqual(figures.map(() => 0));
      expect(admin.get(code)?.building_count).toBeGreaterThan(0);
    }
  });

  it("shows a unit user their own and supervised units' buildings, not other units'", async () => {
    const university = await tileOfBuilding("黑龙江大学办公楼");
    const government = await tileOfBuilding("黑龙江省人民政府办公大楼");
    const ids = async (client: Client, tile: TileAddress) =>
      (await featuresOf(client, "buildings", tile)).map((feature) => feature.id);
    expect(await ids(app, university.tile)).toContain(university.id);
    expect(await ids(unit, university.tile)).toContain(university.id);
    expect(await ids(app, government.tile)).toContain(government.id);
    expect(await ids(unit, government.tile)).not.toContain(government.id);

    // Low zoom: cells computed from their buildings only.
    const { rows } = await sql<{ count: number }>`select count(distinct r.building_id)::int as count
      from rooms r join units u on u.id = r.occupant_unit_id
      where u.name in ('黑龙江省教育厅', '黑龙江大学', '黑龙江工程学院')`.execute(db);
    const theirs = Number(rows[0]?.count);
    expect(theirs).toBeGreaterThan(2);
    const world = await featuresOf(unit, "buildings", { z: 0, x: 0, y: 0 }, "building-cells");
    expect(sumOf(world, "building_count")).toBe(theirs);
    const city = (await featuresOf(unit, "buildings", harbin(10), "building-cells")).filter(insideTile);
    expect(sumOf(city, "building_count")).toBe(theirs);
    expect(sumOf(city, "building_count")).toBeLessThan(await buildingsCentredIn(db, harbin(10)));

    // Region totals count their buildings only, and say they are partial.
    const regions = await featuresOf(unit, "regions", harbin(5));
    expect(regions.length).toBeGreaterThan(10);
    expect(regions.every((feature) => feature.properties.partial === true)).toBe(true);
    const harbinCity = regions.find((feature) => feature.properties.code === "230100");
    expect(harbinCity?.properties.building_count).toBe(theirs);
    const qiqihar = regions.find((feature) => feature.properties.code === "230200");
    expect(qiqihar?.properties.building_count).toBe(0);
  });

  it("tags tiles by scope: another scope's ETag is no match (200, not 304)", async () => {
    const url = path("buildings", fuyu(15));
    const seen = await observeWhileStable(db, async () => {
      const admin = await fetchTile(app, url);
      const mine = await fetchTile(county, url);
      const zipped = await fetchTile(county, url, { "Accept-Encoding": "gzip" });
      return {
        admin,
        mine,
        zipped,
        crossed: await fetchTile(county, url, { "If-None-Match": admin.etag ?? "" }),
        crossedBack: await fetchTile(app, url, { "If-None-Match": mine.etag ?? "" }),
        own: await fetchTile(county, url, { "If-None-Match": mine.etag ?? "" }),
        unitCrossed: await fetchTile(unit, url, { "If-None-Match": `${mine.etag}, ${admin.etag}` }),
      };
    });
    expect(seen.admin.etag).toMatch(/-all-buildings-15-/);
    expect(seen.mine.etag).toMatch(/-r:230227-buildings-15-/);
    expect(seen.mine.etag).not.toBe(seen.admin.etag);
    expect(seen.zipped.etag).not.toBe(seen.admin.etag);
    expect(seen.crossed.status).toBe(200);
    expect(seen.crossed.bytes).toEqual(seen.mine.bytes);
    expect(seen.crossedBack.status).toBe(200);
    expect(seen.crossedBack.bytes).toEqual(seen.admin.bytes);
    expect(seen.own.status).toBe(304);
    expect(seen.unitCrossed.status).toBe(200);
    expect(seen.unitCrossed.etag).toMatch(/-u:\d+(\.\d+)*-buildings-15-/);
    expect(seen.unitCrossed.bytes.length).toBe(0);
  });

  it("serves tiles to a personal access token, scoped like its owner", async () => {
    const created = await county.json<{ id: number; token: string }>("/api/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "QGIS 矢量瓦片", expiresInDays: 1 }),
    });
    expect(created.status).toBe(200);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    try {
      expect((await app.anonymous.request("/tiles", { headers: bearer })).status).toBe(200);
      const tileJson = await app.anonymous.json<{ tiles: string[] }>("/tiles/buildings", { headers: bearer });
      expect(tileJson.status).toBe(200);
      expect(tileJson.body.tiles[0]).toMatch(/\/tiles\/buildings\/\{z\}\/\{x\}\/\{y\}$/);
      const url = path("buildings", fuyu(15));
      const seen = await observeWhileStable(db, async () => ({
        byToken: await fetchTile(app.anonymous, url, bearer),
        bySession: await fetchTile(county, url),
      }));
      expect(seen.byToken.status).toBe(200);
      const features = decodeTile(seen.byToken.bytes).buildings?.features ?? [];
      expect(features.length).toBeGreaterThan(0);
      expect(features.every((feature) => feature.properties.region_code === "230227")).toBe(true);
      // Same scope, same tile: the same tag whichever way the user signed in.
      expect(seen.byToken.etag).toBe(seen.bySession.etag);
      const harbinTile = await fetchTile(app.anonymous, path("buildings", harbin(15)), bearer);
      expect(harbinTile.status).toBe(200);
      expect(harbinTile.bytes.length).toBe(0);
    } finally {
      expect((await county.request(`/api/tokens/${created.body.id}`, { method: "DELETE" })).status).toBe(200);
    }
    expect((await app.anonymous.request(path("buildings", fuyu(15)), { headers: bearer })).status).toBe(401);
  });

  it("keeps each scope's tiles apart in the cache", async () => {
    // Alternating readers of one tile: each gets their own content every time.
    const url = path("buildings", harbin(15));
    for (let round = 0; round < 2; round++) {
      const admin: Record<string, DecodedLayer> = decodeTile((await fetchTile(app, url)).bytes);
      expect(admin.buildings?.features.length).toBeGreaterThanOrEqual(10);
      expect((await fetchTile(county, url)).bytes.length).toBe(0);
      const units = decodeTile((await fetchTile(unit, url)).bytes).buildings?.features ?? [];
      expect(units.length).toBeLessThan(admin.buildings?.features.length ?? 0);
    }
  });
});
