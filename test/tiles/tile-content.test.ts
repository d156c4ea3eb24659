import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/schema.js";
import { type TileAddress, tileAt, tileBounds } from "../../server/tiles/tile-address.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type TestApp } from "../support/test-app.js";
import { type DecodedFeature, decodeTile } from "./mvt-decoding.js";

const harbin = (z: number) => tileAt(126.655, 45.752, z);

/** Buildings whose footprint meets the tile, grown by `margin` of its width (WGS84 truth, not the tile SQL). */
async function buildingIdsIn(db: Kysely<Database>, { z, x, y }: TileAddress, margin: number) {
  const { rows } = await sql<{ id: number }>`select id from buildings
    where st_intersects(footprint, st_transform(st_tileenvelope(${z}, ${x}, ${y}, margin => ${margin}::float8), 4326))
    order by id`.execute(db);
  return rows.map((row) => row.id);
}

/** Per-building figures straight from rooms, occupants and ranks. */
async function expectedBuildings(db: Kysely<Database>, ids: readonly number[]) {
  const { rows } = await sql<{
    id: number;
    name: string;
    gross_area: number;
    usable_area: number;
    idle_area: number;
    main_use: string | null;
    main_unit_id: number | null;
    over_standard: boolean;
  }>`select b.id, b.name, b.gross_area, coalesce(sum(r.usable_area), 0) as usable_area,
      coalesce(sum(r.usable_area) filter (where r.status = 'idle'), 0) as idle_area,
      (select use_category from rooms where building_id = b.id group by 1 order by sum(usable_area) desc, 1 limit 1) as main_use,
      (select occupant_unit_id from rooms where building_id = b.id and occupant_unit_id is not null
        group by 1 order by sum(usable_area) desc, 1 limit 1) as main_unit_id,
      exists (
        select 1 from rooms x join room_occupants o on o.room_id = x.id join people p on p.id = o.person_id
          join ranks k on k.code = p.rank_code
        where x.building_id = b.id and x.use_category = 'office' and p.is_leader
          and x.usable_area / (select count(*) from room_occupants c where c.room_id = x.id) > k.office_limit_m2
      ) as over_standard
    from buildings b left join rooms r on r.building_id = b.id
    where b.id in (${sql.join(ids)}) group by b.id order by b.id`.execute(db);
  return new Map(rows.map((row) => [row.id, row]));
}

describe.each(testModes())("vector tile content (%s)", (mode) => {
  let app: TestApp;
  let db: Kysely<Database>;

  beforeAll(async () => {
    app = await openTestApp(mode);
    db = app.database.db;
  });
  afterAll(() => app.database.close());

  const layersOf = async (source: string, { z, x, y }: TileAddress) => {
    const response = await app.request(`/tiles/${source}/${z}/${x}/${y}`);
    expect(response.status).toBe(200);
    return decodeTile(new Uint8Array(await response.arrayBuffer()));
  };

  it("carries each building's recorded areas, use mix, main occupant and over-standard flag", async () => {
    const tile = harbin(15);
    const features = (await layersOf("buildings", tile)).buildings?.features ?? [];
    const ids = [...new Set(features.map((feature) => feature.id))];
    expect(ids).toEqual(expect.arrayContaining(await buildingIdsIn(db, tile, 0)));
    expect(await buildingIdsIn(db, tile, 64 / 4096)).toEqual(expect.arrayContaining(ids));
    const expected = await expectedBuildings(db, ids as number[]);
    for (const { properties } of features) {
      const building = expected.get(properties.id as number);
      expect(properties.name).toBe(building?.name);
      expect(properties.gross_area).toBe(building?.gross_area);
      expect(properties.usable_area).toBeCloseTo(building?.usable_area ?? Number.NaN, 6);
      expect(properties.idle_area).toBeCloseTo(building?.idle_area ?? Number.NaN, 6);
      const usable = building?.usable_area ?? 0;
      expect(properties.idle_share).toBeCloseTo(usable > 0 ? (building?.idle_area ?? 0) / usable : 0, 4);
      expect(properties.main_use).toBe(building?.main_use ?? undefined);
      expect(properties.main_unit_id).toBe(building?.main_unit_id ?? undefined);
      expect(properties.over_standard).toBe(building?.over_standard);
      const mix = ["office", "service", "equipment", "ancillary", "technical"].reduce(
        (sum, category) => sum + (properties[`use_${category}_area`] as number),
        0,
      );
      expect(mix).toBeCloseTo(properties.usable_area as number, 6);
    }
    // The provincial Party committee's building has over-standard leader offices in the demo data.
    expect(features.filter((feature) => feature.properties.over_standard).length).toBeGreaterThan(0);
    const occupied = features.filter((feature) => feature.properties.main_unit_id !== undefined);
    expect(occupied.length).toBeGreaterThan(0);
    for (const { properties } of occupied) {
      expect(properties.main_unit_kind).toEqual(expect.any(String));
      expect(properties.main_unit_level).toMatch(/^(central|provincial|prefecture|county|township)$/);
    }
  });

  it("serves precomputed cells below z14 and footprints from z14", async () => {
    const { rows } = await sql<{ count: number }>`select count(*) as count from buildings`.execute(db);
    const total = Number(rows[0]?.count);
    const world = await layersOf("buildings", { z: 0, x: 0, y: 0 });
    expect(Object.keys(world)).toEqual(["building-cells"]);
    const cells = world["building-cells"]?.features ?? [];
    expect(cells.reduce((sum, cell) => sum + (cell.properties.building_count as number), 0)).toBe(total);

    const z13 = harbin(13);
    const city = await layersOf("buildings", z13);
    expect(Object.keys(city)).toEqual(["building-cells"]);
    // Cells whose point lies inside the tile hold exactly the buildings whose centroid does.
    const inside = (cell: DecodedFeature) =>
      cell.rings.flat().every(([px, py]) => px >= 0 && px < 4096 && py >= 0 && py < 4096);
    const counted = (city["building-cells"]?.features ?? [])
      .filter(inside)
      .reduce((sum, cell) => sum + (cell.properties.building_count as number), 0);
    const [west, south, east, north] = tileBounds(z13);
    const { rows: centred } = await sql<{ count: number }>`select count(*) as count from buildings
      where st_intersects(st_centroid(st_transform(footprint, 3857)), st_tileenvelope(13, ${z13.x}, ${z13.y}))`.execute(
      db,
    );
    expect(counted).toBe(Number(centred[0]?.count));
    expect(counted).toBeGreaterThan(20);
    expect(west < 126.655 && 126.655 < east && south < 45.752 && 45.752 < north).toBe(true);

    expect(Object.keys(await layersOf("buildings", harbin(14)))).toEqual(["buildings"]);
    expect(Object.keys(await layersOf("idle-space", harbin(12)))).toEqual(["idle-space-cells"]);
    const { rows: state } = await sql<{ data: number; built: number }>`
      select s.data_version as data, a.data_version as built from tiles.state s, tiles.aggregate_state a`.execute(
      db,
    );
    expect(Number(state[0]?.built)).toBe(Number(state[0]?.data));
  });

  it("gives prefectures and counties the totals of the buildings, units and leases inside them", async () => {
    const regions = (await layersOf("regions", harbin(6))).regions?.features ?? [];
    const levels = new Set(regions.map((feature) => feature.properties.level));
    expect([...levels].sort()).toEqual(["county", "prefecture"]);
    for (const code of ["230100", "230103"]) {
      const feature = regions.find((candidate) => candidate.properties.code === code);
      expect(feature?.id).toBe(Number(code));
      // Prefecture codes end in 00 and cover every code with their first four digits (GB/T 2260).
      const prefix = code.endsWith("00") ? code.slice(0, 4) : code;
      const { rows } = await sql<Record<string, number>>`select
          (select count(*) from buildings where region_code like ${`${prefix}%`}) as building_count,
          (select coalesce(sum(r.usable_area), 0) from rooms r join buildings b on b.id = r.building_id
            where r.status = 'idle' and b.region_code like ${`${prefix}%`}) as idle_area,
          (select coalesce(sum(annual_rent), 0) from leases_in where region_code like ${`${prefix}%`}) as leases_in_rent,
          (select count(distinct p.unit_id) from people p join units u on u.id = p.unit_id
            join room_occupants o on o.person_id = p.id join rooms x on x.id = o.room_id join ranks k on k.code = p.rank_code
            where u.region_code like ${`${prefix}%`} and p.is_leader and x.use_category = 'office'
              and x.usable_area / (select count(*) from room_occupants c where c.room_id = x.id) > k.office_limit_m2
          ) as units_over_standard`.execute(db);
      const expected = rows[0] ?? {};
      expect(feature?.properties.building_count).toBe(Number(expected.building_count));
      expect(feature?.properties.idle_area).toBeCloseTo(Number(expected.idle_area), 2);
      expect(feature?.properties.leases_in_rent).toBeCloseTo(Number(expected.leases_in_rent), 2);
      expect(feature?.properties.units_over_standard).toBe(Number(expected.units_over_standard));
    }
    // The administrator reads everything: every region's totals are complete.
    expect(regions.every((feature) => feature.properties.partial === false)).toBe(true);
    const harbinCity = regions.find((candidate) => candidate.properties.code === "230100");
    expect(harbinCity?.properties.building_count).toBeGreaterThan(300);
    expect(harbinCity?.properties.units_over_standard).toBeGreaterThan(0);
  });

  it("serves idle space per building and leases in as points", async () => {
    const tile = harbin(15);
    const idle = (await layersOf("idle-space", tile))["idle-space"]?.features ?? [];
    const { rows } = await sql<{ id: number; idle_area: number }>`
      select b.id, sum(r.usable_area) as idle_area from buildings b join rooms r on r.building_id = b.id
      where r.status = 'idle' and st_intersects(b.footprint, st_transform(st_tileenvelope(15, ${tile.x}, ${tile.y}), 4326))
      group by b.id order by b.id`.execute(db);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const feature = idle.find((candidate) => candidate.id === row.id);
      expect(feature?.properties.idle_area).toBeCloseTo(row.idle_area, 6);
      expect((feature?.properties.idle_rooms as number) > 0).toBe(true);
    }
    expect(idle.every((feature) => (feature.properties.idle_area as number) > 0)).toBe(true);

    const leases = (await layersOf("leases-in", harbin(8)))["leases-in"]?.features ?? [];
    const { rows: expected } = await sql<{
      id: number;
      annual_rent: number;
    }>`select id, annual_rent from leases_in
      where st_intersects(location,
        st_transform(st_tileenvelope(8, ${harbin(8).x}, ${harbin(8).y}, margin => ${64 / 4096}::float8), 4326))
      order by id`.execute(db);
    expect(leases.map((feature) => [feature.id, feature.type, feature.properties.annual_rent])).toEqual(
      expected.map((row) => [row.id, 1, row.annual_rent]),
    );
    expect(leases.length).toBeGreaterThan(0);
  });
});
