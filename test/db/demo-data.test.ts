import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { inventoryCounts } from "../../server/db/repositories/stats.repository.js";
import type { Database } from "../../server/db/schema.js";
import { onTestDatabase, testModes } from "../support/databases.js";

describe.each(testModes())("demo data in the database (%s)", (mode) => {
  let db: Kysely<Database>;
  onTestDatabase(mode, (database) => {
    db = database.db;
  });

  it("holds the real region hierarchy with boundaries", async () => {
    const { rows } = await sql<{ level: string; count: number; with_geom: number }>`
      select level, count(*)::int as count, count(geom)::int as with_geom from regions group by level order by level`.execute(
      db,
    );
    const byLevel = Object.fromEntries(rows.map((row) => [row.level, row]));
    expect(byLevel.province).toMatchObject({ count: 1, with_geom: 1 });
    expect(byLevel.prefecture).toMatchObject({ count: 13, with_geom: 13 });
    expect(byLevel.county?.count).toBe(121);
    expect(byLevel.county?.with_geom).toBeGreaterThanOrEqual(34);
    expect(byLevel.township?.count).toBeGreaterThan(1600);
    const fuyu = await db
      .selectFrom("regions")
      .selectAll()
      .where("code", "=", "230227")
      .executeTakeFirstOrThrow();
    expect(fuyu).toMatchObject({ name: "富裕县", level: "county", parent_code: "230200" });
  });

  it("has the size the foundation issue asks for", async () => {
    const counts = await inventoryCounts(db);
    expect(counts.units).toBeGreaterThanOrEqual(150);
    expect(counts.buildings).toBeGreaterThanOrEqual(400);
    expect(counts.rooms).toBeGreaterThanOrEqual(10_000);
    const levels = await db.selectFrom("units").select("admin_level").distinct().execute();
    expect(levels.map((row) => row.admin_level)).toEqual(
      expect.arrayContaining(["provincial", "prefecture", "county"]),
    );
  });

  it("places every building within its region's polygon (PostGIS)", async () => {
    const { rows } = await sql<{ outside: number; checked: number }>`
      select count(*) filter (where not st_coveredby(b.footprint, r.geom))::int as outside, count(*)::int as checked
      from buildings b join regions r on r.code = b.region_code`.execute(db);
    expect(rows[0]?.checked).toBeGreaterThanOrEqual(400);
    expect(rows[0]?.outside).toBe(0);
    const { rows: withoutPolygon } = await sql<{ count: number }>`
      select count(*)::int as count from buildings b join regions r on r.code = b.region_code where r.geom is null`.execute(
      db,
    );
    expect(withoutPolygon[0]?.count).toBe(0);
  });

  it("marks every generated record as demo data", async () => {
    for (const table of [
      "units",
      "buildings",
      "rooms",
      "people",
      "leases_in",
      "non_office_assets",
    ] as const) {
      const row = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("is_demo", "=", false)
        .executeTakeFirstOrThrow();
      expect(Number(row.count), table).toBe(0);
    }
  });

  it("contains the reform's real cases as findable records", async () => {
    const fuyu = await db
      .selectFrom("buildings")
      .selectAll()
      .where("name", "like", "富裕县%腾退%")
      .executeTakeFirstOrThrow();
    expect(fuyu.gross_area).toBe(9019);
    expect(fuyu.region_code).toBe("230227");
    const fuyuRooms = await db
      .selectFrom("rooms")
      .select("status")
      .distinct()
      .where("building_id", "=", fuyu.id)
      .execute();
    expect(fuyuRooms.map((row) => row.status)).toEqual(["idle"]);

    const machinery = await db
      .selectFrom("buildings")
      .select("id")
      .where("name", "=", "原黑龙江省机械工业厅办公楼")
      .executeTakeFirstOrThrow();
    const occupants = await db
      .selectFrom("rooms")
      .innerJoin("units", "units.id", "rooms.occupant_unit_id")
      .select("units.id")
      .distinct()
      .where("rooms.building_id", "=", machinery.id)
      .where("units.is_restructured", "=", true)
      .execute();
    expect(occupants).toHaveLength(18);
    const leasedOut = await db
      .selectFrom("leases_out")
      .select("id")
      .where("building_id", "=", machinery.id)
      .execute();
    expect(leasedOut.length).toBeGreaterThan(0);

    const statistics = await db
      .selectFrom("buildings")
      .select("name")
      .where("name", "like", "国家统计局黑龙江调查总队办公楼%")
      .execute();
    expect(statistics).toHaveLength(2);
    await db
      .selectFrom("buildings")
      .select("id")
      .where("name", "=", "原黑龙江省地方税务局办公楼")
      .executeTakeFirstOrThrow();

    const campus = await db
      .selectFrom("non_office_assets")
      .selectAll()
      .where("name", "=", "原黑龙江工程学院南岗校区")
      .executeTakeFirstOrThrow();
    expect(campus.suits_office_use).toBe(true);
    // "Next to the provincial government": within 2 km of the 中山路 government compound.
    const { rows } = await sql<{ meters: number }>`
      select st_distance(geom::geography, st_setsrid(st_makepoint(126.655, 45.752), 4326)::geography) as meters
      from non_office_assets where id = ${campus.id}`.execute(db);
    expect(rows[0]?.meters).toBeLessThan(2000);
  });

  it("has leader offices over standard, units renting outside and persons with two offices", async () => {
    const { rows: overStandard } = await sql<{ count: number }>`
      select count(*)::int as count from rooms r
      join room_occupants o on o.room_id = r.id join people p on p.id = o.person_id join ranks k on k.code = p.rank_code
      where p.is_leader and r.function = '领导办公室' and r.usable_area > k.office_limit_m2`.execute(db);
    expect(overStandard[0]?.count).toBeGreaterThan(10);
    const { rows: twoOffices } = await sql<{ count: number }>`
      select count(*)::int as count from (select person_id from room_occupants group by person_id having count(*) > 1) t`.execute(
      db,
    );
    expect(twoOffices[0]?.count).toBeGreaterThan(0);
    const leases = await db.selectFrom("leases_in").select(["annual_rent", "gross_area"]).execute();
    expect(leases.length).toBeGreaterThanOrEqual(5);
    for (const lease of leases) expect(lease.annual_rent).toBeGreaterThan(lease.gross_area);
  });
});
