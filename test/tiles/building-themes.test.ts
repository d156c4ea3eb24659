import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../server/db/schema.js";
import { unrestricted } from "../../server/db/scope.js";
import { type TileAddress, tileAt } from "../../server/tiles/tile-address.js";
import { chooseTileEncoder } from "../../server/tiles/tile-encoder.js";
import { layersAt } from "../../server/tiles/tile-layer.js";
import { findTileSource } from "../../server/tiles/tile-sources.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type TestApp } from "../support/test-app.js";
import { type DecodedFeature, decodeTile } from "./mvt-decoding.js";

/** Central Harbin (南岗区), where most demo buildings stand. */
const harbin = (z: number) => tileAt(126.655, 45.752, z);

interface RoomRow {
  building_id: number;
  occupant_unit_id: number | null;
  use_category: string;
  status: string;
  usable_area: number;
}

interface StaffingRow {
  unit_id: number;
  authorized: number;
  office_limit_m2: number;
}

/**
 * The buildings' `use_status` and `compliance` recomputed in JavaScript from raw rows, as docs/api.md
 * states the rules (office area only, pending the standards engine).
 */
async function expectedThemes(db: Kysely<Database>, buildingIds: readonly number[]) {
  const { rows: buildings } = await sql<{ id: number; property_class: string }>`
    select id, property_class from buildings where id in (${sql.join(buildingIds)})`.execute(db);
  const { rows: rooms } = await sql<RoomRow>`
    select building_id, occupant_unit_id, use_category, status, usable_area from rooms
    where building_id in (${sql.join(buildingIds)})`.execute(db);
  const unitIds = [
    ...new Set(rooms.flatMap((room) => (room.occupant_unit_id ? [room.occupant_unit_id] : []))),
  ];
  const { rows: offices } = unitIds.length
    ? await sql<RoomRow>`select building_id, occupant_unit_id, use_category, status, usable_area from rooms
        where occupant_unit_id in (${sql.join(unitIds)}) and use_category = 'office' and status = 'in_use'`.execute(
        db,
      )
    : { rows: [] as RoomRow[] };
  const { rows: staffing } = unitIds.length
    ? await sql<StaffingRow>`select s.unit_id, s.authorized, k.office_limit_m2 from staffing s
        join ranks k on k.code = s.rank_code where s.unit_id in (${sql.join(unitIds)})`.execute(db)
    : { rows: [] as StaffingRow[] };

  const unitCompliance = new Map<number, string>();
  for (const unitId of unitIds) {
    const own = staffing.filter((row) => row.unit_id === unitId);
    if (own.length === 0) continue;
    // In cents, so the comparisons are exact like the SQL's numeric ones.
    const entitled = own.reduce(
      (sum, row) => sum + row.authorized * Math.round(row.office_limit_m2 * 100),
      0,
    );
    const officeRooms = offices.filter((room) => room.occupant_unit_id === unitId);
    const actual = officeRooms.reduce((sum, room) => sum + Math.round(room.usable_area * 100), 0);
    unitCompliance.set(
      unitId,
      actual > entitled ? "over" : officeRooms.length === 0 || actual < entitled * 0.9 ? "short" : "within",
    );
  }

  const expected = new Map<number, { use_status: string; compliance: string; leased_out_area: number }>();
  for (const building of buildings) {
    const own = rooms.filter((room) => room.building_id === building.id);
    const area = (status?: string) =>
      own
        .filter((room) => !status || room.status === status)
        .reduce((sum, room) => sum + room.usable_area, 0);
    const usable = area();
    const idle = area("idle");
    const leased = area("leased_out");
    const use_status =
      building.property_class === "commercial"
        ? "commercial"
        : own.length === 0
          ? "unrecorded"
          : idle >= usable * 0.9 - 1e-9
            ? "idle"
            : leased > 0
              ? "leased_out"
              : idle > 0
                ? "idle_share"
                : "in_use";
    const occupants = new Set(own.flatMap((room) => (room.occupant_unit_id ? [room.occupant_unit_id] : [])));
    const judged = [...occupants].flatMap((unitId) => unitCompliance.get(unitId) ?? []);
    const compliance = ["over", "short", "within"].find((value) => judged.includes(value)) ?? "none";
    expected.set(building.id, { use_status, compliance, leased_out_area: leased });
  }
  return expected;
}

describe.each(testModes())("building themes in the buildings layer (%s)", (mode) => {
  let app: TestApp;
  let db: Kysely<Database>;

  beforeAll(async () => {
    app = await openTestApp(mode);
    db = app.database.db;
  });
  afterAll(() => app.database.close());

  const buildingsIn = async ({ z, x, y }: TileAddress) => {
    const response = await app.request(`/tiles/buildings/${z}/${x}/${y}`);
    expect(response.status).toBe(200);
    return decodeTile(new Uint8Array(await response.arrayBuffer())).buildings?.features ?? [];
  };
  /** A building's row and its z16 tile's feature. */
  const featureOf = async (name: string) => {
    const { rows } = await sql<{ id: number; longitude: number; latitude: number }>`
      select id, st_x(st_pointonsurface(footprint)) as longitude, st_y(st_pointonsurface(footprint)) as latitude
      from buildings where name = ${name}`.execute(db);
    const row = rows[0];
    if (!row) throw new Error(`no building ${name}`);
    const features = await buildingsIn(tileAt(row.longitude, row.latitude, 16));
    const feature = features.find((candidate) => candidate.id === row.id);
    expect(feature, name).toBeDefined();
    return feature as DecodedFeature;
  };

  it("lists the new fields in the buildings source's TileJSON", async () => {
    const response = await app.request("/tiles/buildings");
    const body = (await response.json()) as { vector_layers: Array<{ id: string; fields: object }> };
    expect(body.vector_layers.find((layer) => layer.id === "buildings")?.fields).toMatchObject({
      built_year: "Number",
      condition: "String",
      leased_out_area: "Number",
      leased_out_share: "Number",
      use_status: "String",
      compliance: "String",
    });
  });

  it("marks the vacated Fuyu office building idle, with its built year and condition", async () => {
    const { properties } = await featureOf("富裕县原县直机关办公楼（已腾退）");
    // Read, not assumed: in server mode the test files share a database and the auth test edits this
    // building's condition (generated "fair").
    const { condition } = await db
      .selectFrom("buildings")
      .select("condition")
      .where("name", "=", "富裕县原县直机关办公楼（已腾退）")
      .executeTakeFirstOrThrow();
    expect(["fair", "poor"]).toContain(condition);
    expect(properties).toMatchObject({
      use_status: "idle",
      built_year: 1996,
      condition,
      leased_out_area: 0,
      leased_out_share: 0,
      idle_share: 1,
      // Nobody occupies it, so no unit counts.
      compliance: "none",
    });
  });

  it("marks a commercial building commercial, with its leased-out area and share", async () => {
    const { rows } = await sql<{ name: string; leased: number; usable: number }>`
      select b.name, sum(r.usable_area) filter (where r.status = 'leased_out') as leased, sum(r.usable_area) as usable
      from buildings b join rooms r on r.building_id = b.id
      where b.property_class = 'commercial' group by b.id
      having sum(r.usable_area) filter (where r.status = 'leased_out') > 0 order by b.id limit 1`.execute(db);
    const row = rows[0];
    if (!row) throw new Error("no leased-out commercial building in the demo data");
    const { properties } = await featureOf(row.name);
    expect(properties.use_status).toBe("commercial");
    expect(properties.leased_out_area).toBeCloseTo(row.leased, 6);
    expect(properties.leased_out_share).toBeCloseTo(row.leased / row.usable, 4);
    expect(properties.leased_out_share as number).toBeGreaterThan(0);
  });

  it("rates a building with an over-standard leader office by its occupants' office area: over", async () => {
    const name = "黑龙江省市场监督管理局办公楼（主楼）";
    const { properties } = await featureOf(name);
    expect(properties.over_standard).toBe(true);
    expect(properties.compliance).toBe("over");

    // By hand: the occupant's entitled office area from its staffing rows and the 2014 ranks.
    const { rows: occupants } = await sql<{ unit_id: number }>`
      select distinct r.occupant_unit_id as unit_id from rooms r join buildings b on b.id = r.building_id
      where b.name = ${name} and r.occupant_unit_id is not null`.execute(db);
    expect(occupants).toHaveLength(1);
    const unitId = occupants[0]?.unit_id as number;
    const { rows: staffing } = await sql<{ rank_code: string; authorized: number; office_limit_m2: number }>`
      select s.rank_code, s.authorized, k.office_limit_m2 from staffing s join ranks k on k.code = s.rank_code
      where s.unit_id = ${unitId}`.execute(db);
    expect(staffing.length).toBeGreaterThan(1);
    const entitled = staffing.reduce((sum, row) => sum + row.authorized * row.office_limit_m2, 0);
    const { rows: offices } = await sql<{ actual: number }>`select sum(usable_area) as actual from rooms
      where occupant_unit_id = ${unitId} and use_category = 'office' and status = 'in_use'`.execute(db);
    const actual = Number(offices[0]?.actual);
    expect(entitled).toBeGreaterThan(0);
    expect(actual).toBeGreaterThan(entitled);
  });

  it("computes use_status, leased-out area and compliance of every building in a Harbin tile", async () => {
    const features = await buildingsIn(harbin(15));
    expect(features.length).toBeGreaterThanOrEqual(10);
    const expected = await expectedThemes(
      db,
      features.map((feature) => feature.id as number),
    );
    const seen = { use_status: new Set<unknown>(), compliance: new Set<unknown>() };
    for (const { id, properties } of features) {
      const building = expected.get(id as number);
      expect(properties.use_status, `building ${id}`).toBe(building?.use_status);
      expect(properties.compliance, `building ${id}`).toBe(building?.compliance);
      expect(properties.leased_out_area).toBeCloseTo(building?.leased_out_area ?? Number.NaN, 6);
      expect(properties.condition).toMatch(/^(good|fair|poor|dangerous)$/);
      seen.use_status.add(properties.use_status);
      seen.compliance.add(properties.compliance);
    }
    // The tile is varied enough for the rules to matter.
    expect(seen.use_status.size).toBeGreaterThanOrEqual(2);
    expect(seen.compliance.size).toBeGreaterThanOrEqual(2);
  });

  it("leaves built_year out when it is unknown (MVT has no null) and says `unrecorded` without rooms", async () => {
    const encoder = await chooseTileEncoder(db, mode);
    const source = findTileSource("buildings");
    if (!source) throw new Error("buildings");
    // Mohe, far from every demo building; rolled back (the server-mode database is shared).
    const tile = tileAt(122.53, 52.97, 16);
    class Rollback extends Error {}
    let found: DecodedFeature | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into buildings (region_code, name, footprint, floors_above, gross_area, property_class)
          values ('232701', '建成年份不详测试楼', st_makeenvelope(122.5300, 52.9700, 122.5302, 52.9701, 4326), 3, 900, 'office')`.execute(
          trx,
        );
        const bytes = await encoder.encode(trx, tile, layersAt(source, tile.z), unrestricted);
        found = decodeTile(bytes).buildings?.features.find(
          (feature) => feature.properties.name === "建成年份不详测试楼",
        );
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(found).toBeDefined();
    expect(found?.properties).not.toHaveProperty("built_year");
    expect(found?.properties).toMatchObject({
      condition: "good",
      use_status: "unrecorded",
      compliance: "none",
      leased_out_area: 0,
      leased_out_share: 0,
    });
  });

  it("carries one label point per region, inside the region, whichever tiles its boundary crosses", async () => {
    // The z9 tiles over 富裕县 (123.96–125.05° E, 47.31–48.02° N): its boundary meets all nine.
    const labels: DecodedFeature[] = [];
    for (const [x, y] of [432, 433, 434].flatMap((x) => [177, 178, 179].map((y) => [x, y] as const))) {
      const response = await app.request(`/tiles/regions/9/${x}/${y}`);
      expect(response.status).toBe(200);
      labels.push(
        ...(decodeTile(new Uint8Array(await response.arrayBuffer()))["region-labels"]?.features ?? []),
      );
    }
    const fuyu = labels.filter((feature) => feature.properties.name === "富裕县");
    expect(fuyu).toHaveLength(1);
    expect(fuyu[0]?.properties).toMatchObject({ code: "230227", level: "county" });
    const { rows } = await sql<{ inside: boolean }>`
      select st_contains(geom_3857, label_3857) as inside from regions where code = '230227'`.execute(db);
    expect(rows[0]?.inside).toBe(true);
  });

  it("carries counties from zoom 6 only: below, a county is a sliver and the tile the province's prefectures", async () => {
    const levelsAt = async (z: number) => {
      const { x, y } = tileAt(126.65, 45.75, z);
      const response = await app.request(`/tiles/regions/${z}/${x}/${y}`);
      const features = decodeTile(new Uint8Array(await response.arrayBuffer())).regions?.features ?? [];
      return new Set(features.map((feature) => feature.properties.level));
    };
    expect([...(await levelsAt(5))]).toEqual(["prefecture"]);
    expect([...(await levelsAt(6))].sort()).toEqual(["county", "prefecture"]);
  });
});
