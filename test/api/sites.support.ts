import type { Polygon } from "geojson";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../server/db/schema.js";
import { at, rectangle } from "./zone-analysis.support.js";

// A hand-made fixture for the idle-site analysis, in the quiet corner of 富裕县 (230227) the zone tests
// use (no demo building, demand or facility within 5 km). Positions are metres east/north of ORIGIN.
//
//   F1 (0..40, 0..20)     vacated: every room idle — floor 1 (no lift) 2 × 100 m², floor 2 (no lift) 150 m²
//   F2 (100..140, 0..20)  in use, with a lone idle room of 40 m² on floor 1 and two idle rooms of
//                         60 m² on floor 2 (no lift); its title certificate is missing
//   A1 (2900..2960, -30..30) a non-office asset of 1,000 m² gross, reported (title not clear), poor
//   D1 (20, 500) 1,000 people · D2 (20, 1500) 2,000 · D3 (3000, 0) 4,000 (demand, "survey")
//   E  (20, 2000) an existing elderly club (老年人俱乐部)
//
// Straight-line distances: D1–F1 480 m, D1–F2 √(80² + 480²) ≈ 486.6 m, D2–F1 1,480 m, D2–E 500 m,
// D1–E 1,500 m, D3–A1 40 m, E–F1 1,980 m, E–F2 √(80² + 1980²) ≈ 1,981.6 m.

export interface SitesFixture {
  f1: number;
  f2: number;
  f2Floor2: number;
  f2LoneRoom: number;
  asset: number;
  /** Around all of the above. */
  area: Polygon;
}

const geometry = (shape: unknown) => sql`st_setsrid(st_geomfromgeojson(${JSON.stringify(shape)}), 4326)`;

export async function insertSitesFixture(db: Kysely<Database>): Promise<SitesFixture> {
  const unit = await db
    .insertInto("units")
    .values({
      region_code: "230227",
      name: "测试选址局",
      kind: "government_department",
      admin_level: "county",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const building = async (name: string, footprint: Polygon, certificate: string | null) => {
    const { rows } = await sql<{ id: number }>`insert into buildings
      (region_code, name, footprint, floors_above, gross_area, property_class, title_holder, title_certificate_no,
        condition)
      values ('230227', ${name}, ${geometry(footprint)}, 2, 1000, 'office', '富裕县机关事务服务中心', ${certificate},
        'good') returning id`.execute(db);
    return (rows[0] as { id: number }).id;
  };
  const floor = async (buildingId: number, level: number) =>
    (
      await db
        .insertInto("floors")
        .values({
          building_id: buildingId,
          region_code: "230227",
          level,
          name: `${level}层`,
          has_lift_access: false,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const room = async (buildingId: number, floorId: number, number: string, area: number, occupied: boolean) =>
    (
      await db
        .insertInto("rooms")
        .values({
          building_id: buildingId,
          floor_id: floorId,
          region_code: "230227",
          number,
          use_category: "office",
          usable_area: area,
          status: occupied ? "in_use" : "idle",
          occupant_unit_id: occupied ? unit.id : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const f1 = await building("测试腾退楼", rectangle(0, 0, 40, 20), "测试不动产权第0000001号");
  const f1Ground = await floor(f1, 1);
  const f1Upper = await floor(f1, 2);
  await room(f1, f1Ground, "101", 100, false);
  await room(f1, f1Ground, "102", 100, false);
  await room(f1, f1Upper, "201", 150, false);
  const f2 = await building("测试在用楼", rectangle(100, 0, 140, 20), null);
  const f2Ground = await floor(f2, 1);
  const f2Floor2 = await floor(f2, 2);
  await room(f2, f2Ground, "101", 80, true);
  const f2LoneRoom = await room(f2, f2Ground, "102", 40, false);
  await room(f2, f2Floor2, "201", 60, false);
  await room(f2, f2Floor2, "202", 60, false);
  const { rows } = await sql<{ id: number }>`insert into non_office_assets
      (region_code, name, geom, gross_area, reported_on, suits_office_use, condition)
      values ('230227', '测试原供销社', ${geometry(rectangle(2900, -30, 2960, 30))}, 1000, '2025-03-20', false, 'poor')
      returning id`.execute(db);
  const demand = (name: string, where: [number, number], population: number) =>
    sql`insert into residential_demand (region_code, name, source, population, location)
      values ('230227', ${name}, 'survey', ${population}, ${geometry({ type: "Point", coordinates: where })})`.execute(
      db,
    );
  await demand("测试小区一", at(20, 500), 1000);
  await demand("测试小区二", at(20, 1500), 2000);
  await demand("测试小区三", at(3000, 0), 4000);
  await sql`insert into community_facilities (region_code, name, kind, location)
    values ('230227', '测试老年人俱乐部', 'elderly_club', ${geometry({ type: "Point", coordinates: at(20, 2000) })})`.execute(
    db,
  );
  return {
    f1,
    f2,
    f2Floor2,
    f2LoneRoom,
    asset: (rows[0] as { id: number }).id,
    area: rectangle(-200, -200, 3200, 2200),
  };
}
