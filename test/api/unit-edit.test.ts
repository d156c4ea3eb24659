import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { type Body, box, type ErrorBody, send } from "./inventory-edit.support.js";

interface Versioned {
  id: number;
  version: number;
}

const SPOT: [number, number] = [124.74, 47.5];

describe.each(testModes())("units, staffing, people, occupants and floors (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  const units: number[] = [];
  const buildings: number[] = [];

  beforeAll(async () => {
    app = await openTestApp(mode);
    county = await app.signIn("demo-county");
  });
  afterAll(async () => {
    const db = app.database.db;
    for (const id of buildings) await sql`delete from buildings where id = ${id}`.execute(db);
    for (const id of units) {
      await sql`delete from people where unit_id = ${id}`.execute(db);
      await sql`delete from units where id = ${id}`.execute(db);
    }
    await app.database.close();
  });

  it("adds a unit, sets its staffing by the level's rank codes, and reverts the staffing", async () => {
    const made = await send<{ unit: Versioned & { region_code: string } } & ErrorBody>(
      county,
      "POST",
      "/api/units",
      {
        name: "富裕县编辑测试局",
        kind: "government_department",
        admin_level: "county",
        region_code: "230227",
      },
    );
    expect(made.status).toBe(201);
    const unit = made.body.unit;
    units.push(unit.id);
    expect(
      (
        await send(county, "POST", "/api/units", {
          name: "越界",
          kind: "court",
          admin_level: "county",
          region_code: "230103",
        })
      ).status,
    ).toBe(403);

    const wrongRank = await send<ErrorBody>(county, "PUT", `/api/units/${unit.id}/staffing`, {
      staffing: [{ rank: "department_head", authorized: 1 }],
    });
    expect(wrongRank.status).toBe(400);
    expect(wrongRank.body.error.message).toContain(
      "county_head, county_deputy, section_head, section_deputy, below_section",
    );
    const set = await send<{
      unit: Versioned;
      staffing: Array<{ rank_code: string; authorized: number; actual: number }>;
      audit: string[];
    }>(county, "PUT", `/api/units/${unit.id}/staffing`, {
      version: unit.version,
      staffing: [
        { rank: "section_head", authorized: 2, actual: 1 },
        { rank: "below_section", authorized: 10 },
      ],
    });
    expect(set.status).toBe(200);
    expect(set.body.staffing.map((row) => [row.rank_code, row.authorized, row.actual])).toEqual([
      ["county_below_section", 10, 0],
      ["county_section_head", 2, 1],
    ]);
    expect(set.body.unit.version).toBe(unit.version + 1);
    const stale = await send(county, "PUT", `/api/units/${unit.id}/staffing`, {
      version: unit.version,
      staffing: [],
    });
    expect(stale.status).toBe(409);
    const changed = await send<Body>(county, "PUT", `/api/units/${unit.id}/staffing`, {
      version: unit.version + 1,
      staffing: [{ rank: "section_head", authorized: 3 }],
    });
    expect(changed.status).toBe(200);
    // below_section deleted, section_head updated, the unit's version bumped.
    expect(changed.body.audit).toHaveLength(3);
    const undo = await send<{ reverted: number }>(county, "POST", "/api/edits/revert", {
      audit: changed.body.audit,
    });
    expect(undo.status).toBe(200);
    const rows = await app.database.db
      .selectFrom("staffing")
      .select(["rank_code", "authorized", "actual"])
      .where("unit_id", "=", unit.id)
      .orderBy("rank_code")
      .execute();
    expect(rows).toEqual([
      { rank_code: "county_below_section", authorized: 10, actual: 0 },
      { rank_code: "county_section_head", authorized: 2, actual: 1 },
    ]);
    const renamed = await send<{ unit: { name: string; version: number } }>(
      county,
      "PATCH",
      `/api/units/${unit.id}`,
      {
        version: unit.version + 3,
        name: "富裕县编辑测试局（更名）",
      },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body.unit.name).toBe("富裕县编辑测试局（更名）");
  });

  it("adds and edits people by rank code, seats them in a room, and refuses unit users", async () => {
    const unitId = units[0] as number;
    const person = await send<{ person: Versioned & { rank_code: string; region_code: string } } & ErrorBody>(
      county,
      "POST",
      "/api/people",
      {
        unit_id: unitId,
        name: "测试科长",
        rank: "section_head",
        is_leader: false,
      },
    );
    expect(person.status).toBe(201);
    expect(person.body.person).toMatchObject({
      rank_code: "county_section_head",
      region_code: "230227",
      version: 1,
    });
    const promoted = await send<{ person: { rank_code: string; version: number } }>(
      county,
      "PATCH",
      `/api/people/${person.body.person.id}`,
      {
        version: 1,
        rank: "county_deputy",
      },
    );
    expect(promoted.body.person).toMatchObject({ rank_code: "county_deputy", version: 2 });
    expect(
      (await send(county, "PATCH", `/api/people/${person.body.person.id}`, { version: 2, rank: "minister" }))
        .status,
    ).toBe(400);

    const building = await send<{ building: Versioned }>(county, "POST", "/api/buildings", {
      name: "人员测试楼",
      footprint: box(SPOT, 0, 20, 20),
      floors_above: 2,
    });
    buildings.push(building.body.building.id);
    const floor = await app.database.db
      .selectFrom("floors")
      .select("id")
      .where("building_id", "=", building.body.building.id)
      .where("level", "=", 1)
      .executeTakeFirstOrThrow();
    const room = await send<{ room: Versioned }>(county, "POST", "/api/rooms", {
      floor_id: floor.id,
      number: "101",
      use_category: "office",
      usable_area: 18,
      status: "in_use",
      occupant_unit_id: unitId,
    });
    const seated = await send<{ person_ids: number[]; room: Versioned; audit: string[] }>(
      county,
      "PUT",
      `/api/rooms/${room.body.room.id}/occupants`,
      {
        version: 1,
        person_ids: [person.body.person.id],
      },
    );
    expect(seated.status).toBe(200);
    expect(seated.body.person_ids).toEqual([person.body.person.id]);
    expect(seated.body.room.version).toBe(2);
    expect(
      (await send(county, "PUT", `/api/rooms/${room.body.room.id}/occupants`, { version: 1, person_ids: [] }))
        .status,
    ).toBe(409);
    const unit = await app.signIn("demo-unit");
    expect(
      (await send(unit, "POST", "/api/people", { unit_id: unitId, name: "x", rank: "section_head" })).status,
    ).toBe(403);
    const undo = await send(county, "POST", "/api/edits/revert", { audit: seated.body.audit });
    expect(undo.status).toBe(200);
    expect(
      await app.database.db
        .selectFrom("room_occupants")
        .select("person_id")
        .where("room_id", "=", room.body.room.id)
        .execute(),
    ).toEqual([]);
  });

  it("adds floors (storeys grow, duplicate level → 409) and deletes only empty ones", async () => {
    const building = await send<{ building: Versioned }>(county, "POST", "/api/buildings", {
      name: "楼层测试楼",
      footprint: box(SPOT, 0.002, 20, 20),
      floors_above: 2,
    });
    const id = building.body.building.id;
    buildings.push(id);
    const added = await send<{ floor: Versioned & { name: string; level: number }; audit: string[] }>(
      county,
      "POST",
      `/api/buildings/${id}/floors`,
      { level: 3 },
    );
    expect(added.status).toBe(201);
    expect(added.body.floor).toMatchObject({ level: 3, name: "3层" });
    expect(added.body.audit).toHaveLength(2);
    const detail = await county.json<{ building: { floors_above: number } }>(`/api/buildings/${id}`);
    expect(detail.body.building.floors_above).toBe(3);
    const basement = await send<{ floor: { name: string } }>(county, "POST", `/api/buildings/${id}/floors`, {
      level: -2,
    });
    expect(basement.body.floor.name).toBe("地下2层");
    expect((await send<ErrorBody>(county, "POST", `/api/buildings/${id}/floors`, { level: 3 })).status).toBe(
      409,
    );
    expect((await send(county, "POST", `/api/buildings/${id}/floors`, { level: 0 })).status).toBe(400);
    await send(county, "POST", "/api/rooms", {
      floor_id: added.body.floor.id,
      number: "301",
      use_category: "office",
      usable_area: 9,
    });
    const refused = await send<ErrorBody>(county, "DELETE", `/api/floors/${added.body.floor.id}?version=1`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/has 1 room/);
    const floorId = (
      await app.database.db
        .selectFrom("floors")
        .select("id")
        .where("building_id", "=", id)
        .where("level", "=", -2)
        .executeTakeFirstOrThrow()
    ).id;
    expect((await send(county, "DELETE", `/api/floors/${floorId}?version=1`)).status).toBe(200);
  });
});
