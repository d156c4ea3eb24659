import type { Polygon } from "geojson";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../server/db/schema.js";

// A small hand-made fixture in a quiet corner of 富裕县 (230227), 30 km from the county town: no demo
// building, unit or lease within 5 km. Positions are metres east/north of ORIGIN.

export const ORIGIN: [number, number] = [124.7, 47.6];
const METRES_PER_DEGREE = 111_320;

/** The [lng, lat] `east` and `north` metres from ORIGIN (a local flat approximation, < 0.1 % here). */
export function at(east: number, north: number): [number, number] {
  const lat = ORIGIN[1] + north / METRES_PER_DEGREE;
  const lng = ORIGIN[0] + east / (METRES_PER_DEGREE * Math.cos((ORIGIN[1] * Math.PI) / 180));
  return [lng, lat];
}

/** A rectangle from (west, south) to (east, north), metres from ORIGIN. */
export function rectangle(west: number, south: number, east: number, north: number): Polygon {
  return {
    type: "Polygon",
    coordinates: [[at(west, south), at(east, south), at(east, north), at(west, north), at(west, south)]],
  };
}

export interface Fixture {
  units: { a: number; b: number; c: number; d: number };
  buildings: { b1: number; b2: number; b3: number };
  assetId: number;
  /** Around B1 and B2, not B3. */
  zone: Polygon;
}

const geometry = (shape: unknown) => sql`st_setsrid(st_geomfromgeojson(${JSON.stringify(shape)}), 4326)`;

/**
 * Units A (rooms in B1 and B3: split, no staffing), B (a room in B2 and a lease-in of 150 m² at
 * 100,000 元/year, 450 m east: renting outside; stored status short: entitled 220, actual 60), C (rooms in B3, stored status short: entitled 300, actual 90), D (a lease
 * 5 km away: out of range). B1 and B2 are in the zone, B3 600 m east of it; a non-office asset of
 * 5,000 m² lies in the zone.
 */
export async function insertFixture(db: Kysely<Database>): Promise<Fixture> {
  const unit = async (name: string) =>
    (
      await db
        .insertInto("units")
        .values({ region_code: "230227", name, kind: "government_department", admin_level: "county" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const a = await unit("测试甲局");
  const b = await unit("测试乙局");
  const c = await unit("测试丙局");
  const d = await unit("测试丁局");
  const building = async (name: string, footprint: Polygon, grossArea: number, propertyClass = "office") => {
    const { rows } = await sql<{ id: number }>`insert into buildings
      (region_code, name, footprint, floors_above, gross_area, property_class)
      values ('230227', ${name}, ${geometry(footprint)}, 3, ${grossArea}, ${propertyClass}) returning id`.execute(
      db,
    );
    const id = (rows[0] as { id: number }).id;
    const floor = await db
      .insertInto("floors")
      .values({ building_id: id, region_code: "230227", level: 1, name: "1层" })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id, floorId: floor.id };
  };
  const room = async (
    at: { id: number; floorId: number },
    number: string,
    use_category: "office" | "service" | "equipment" | "ancillary" | "technical",
    usable_area: number,
    occupant: number | null,
  ) =>
    db
      .insertInto("rooms")
      .values({
        building_id: at.id,
        floor_id: at.floorId,
        region_code: "230227",
        number,
        use_category,
        usable_area,
        status: occupant === null ? "idle" : "in_use",
        occupant_unit_id: occupant,
      })
      .execute();
  const b1 = await building("测试一号楼", rectangle(0, 0, 40, 25), 3000);
  await room(b1, "101", "office", 100, a);
  await room(b1, "102", "service", 50, null);
  await room(b1, "103", "office", 80, null);
  const b2 = await building("测试二号楼", rectangle(100, 0, 130, 30), 2000);
  await room(b2, "101", "office", 60, b);
  await room(b2, "102", "equipment", 20, null);
  await room(b2, "103", "ancillary", 40, null);
  const b3 = await building("测试三号楼", rectangle(740, 0, 770, 20), 1500);
  await room(b3, "101", "office", 70, a);
  await room(b3, "102", "office", 90, c);
  const lease = (unitId: number, where: [number, number], area: number, rent: number) =>
    sql`insert into leases_in (unit_id, region_code, name, location, gross_area, annual_rent, starts_on, ends_on)
      values (${unitId}, '230227', '测试租用', ${geometry({ type: "Point", coordinates: where })}, ${area}, ${rent},
        '2024-01-01', '2027-12-31')`.execute(db);
  await lease(b, at(450, 15), 150, 100_000);
  await lease(d, at(5000, 15), 300, 200_000);
  await sql`insert into unit_standard_status (unit_id, region_code, parameters_version, computed_at, effective_level,
      takes_level_below, sub_provincial, high_rise, staffing_rows, authorized, entitled_office, entitled_service,
      entitled_equipment, entitled_core, entitled_gross, actual_office, actual_service, actual_equipment,
      actual_ancillary, actual_technical, actual_core, office_surplus, service_surplus, equipment_surplus,
      core_surplus, status, persons_checked, over_standard_persons)
    values (${c}, '230227', 'test', now(), 'county', false, false, false, 1, 20, 200, 75, 25, 300, 460,
      90, 0, 0, 0, 0, 90, -110, -75, -25, -210, 'short', 0, 0),
      (${b}, '230227', 'test', now(), 'county', false, false, false, 1, 15, 150, 50, 20, 220, 340,
      60, 0, 0, 0, 0, 60, -90, -50, -20, -160, 'short', 0, 0)`.execute(db);
  const { rows } = await sql<{ id: number }>`insert into non_office_assets
      (region_code, name, geom, gross_area, reported_on, suits_office_use)
      values ('230227', '测试原粮站', ${geometry(rectangle(50, 35, 90, 45))}, 5000, '2025-03-20', true)
      returning id`.execute(db);
  return {
    units: { a, b, c, d },
    buildings: { b1: b1.id, b2: b2.id, b3: b3.id },
    assetId: (rows[0] as { id: number }).id,
    zone: rectangle(-10, -10, 140, 50),
  };
}
