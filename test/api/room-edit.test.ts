import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { type Body, box, type ErrorBody, send } from "./inventory-edit.support.js";

interface RoomRow {
  id: number;
  number: string;
  usable_area: number;
  status: string;
  occupant_unit_id: number | null;
  version: number;
  floor_id: number;
}

// A quiet corner of 富裕县 (230227), apart from inventory-edit.test.ts's.
const SPOT: [number, number] = [124.72, 47.45];

describe.each(testModes())("rooms: add, delete, split, merge, and revert (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let buildingId: number;
  let floorId: number;
  let unitId: number;
  let personIds: number[];
  const buildings: number[] = [];
  let spots = 0;

  const newBuilding = async (name: string) => {
    const made = await send<{ building: { id: number; version: number } }>(
      planner,
      "POST",
      "/api/buildings",
      {
        name,
        footprint: box(SPOT, 0.002 * spots++, 30, 20),
        floors_above: 2,
      },
    );
    expect(made.status).toBe(201);
    buildings.push(made.body.building.id);
    const floor = await app.database.db
      .selectFrom("floors")
      .select("id")
      .where("building_id", "=", made.body.building.id)
      .where("level", "=", 1)
      .executeTakeFirstOrThrow();
    return { id: made.body.building.id, floorId: floor.id, audit: (made.body as unknown as Body).audit };
  };
  const addRoom = async (
    number: string,
    usable_area: number,
    extra: Record<string, unknown> = {},
    floor = floorId,
  ) => {
    const response = await send<{ room: RoomRow; audit: string[] } & ErrorBody>(
      planner,
      "POST",
      "/api/rooms",
      {
        floor_id: floor,
        number,
        use_category: "office",
        usable_area,
        ...extra,
      },
    );
    return response;
  };
  const floorRooms = (floor: number) =>
    app.database.db
      .selectFrom("rooms")
      .selectAll()
      .where("floor_id", "=", floor)
      .orderBy("id")
      .execute() as Promise<RoomRow[]>;
  const areaCents = async (floor: number) =>
    (await floorRooms(floor)).reduce((sum, room) => sum + Math.round(room.usable_area * 100), 0);

  beforeAll(async () => {
    app = await openTestApp(mode);
    planner = await app.signIn("demo-planner");
    ({ id: buildingId, floorId } = await newBuilding("房间编辑测试楼"));
    const db = app.database.db;
    unitId = (
      await db
        .selectFrom("units")
        .select("id")
        .where("region_code", "=", "230227")
        .orderBy("id")
        .executeTakeFirstOrThrow()
    ).id;
    personIds = (
      await db
        .selectFrom("people")
        .select("id")
        .where("unit_id", "=", unitId)
        .orderBy("id")
        .limit(3)
        .execute()
    ).map((person) => person.id);
  });
  afterAll(async () => {
    for (const id of buildings) await sql`delete from buildings where id = ${id}`.execute(app.database.db);
    await app.database.close();
  });

  it("adds rooms: 201, duplicate number in the building → 409 naming it, status rule → 422, unknown field → 400", async () => {
    const added = await addRoom("101", 30.5);
    expect(added.status).toBe(201);
    expect(added.body.room).toMatchObject({
      number: "101",
      usable_area: 30.5,
      status: "idle",
      occupant_unit_id: null,
      version: 1,
    });
    expect(added.body.audit).toHaveLength(1);
    const upstairs = await app.database.db
      .selectFrom("floors")
      .select("id")
      .where("building_id", "=", buildingId)
      .where("level", "=", 2)
      .executeTakeFirstOrThrow();
    const duplicate = await addRoom("101", 10, {}, upstairs.id);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toMatch(/Room number 101 is already used/);
    const inUse = await addRoom("102", 10, { status: "in_use" });
    expect(inUse.status).toBe(422);
    expect(inUse.body.error.message).toMatch(/needs an occupant unit/);
    const unknown = await addRoom("103", 10, { colour: "blue" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/colour/);
  });

  it("splits a room: areas add up (else 422 naming both sums), the first keeps id and people, total unchanged", async () => {
    const room = (await addRoom("201", 40, { status: "in_use", occupant_unit_id: unitId })).body.room;
    for (const personId of personIds.slice(0, 2))
      await sql`insert into room_occupants (room_id, person_id, region_code) values (${room.id}, ${personId}, '230227')`.execute(
        app.database.db,
      );
    const before = await areaCents(floorId);
    const wrong = await send<ErrorBody>(planner, "POST", `/api/rooms/${room.id}/split`, {
      version: room.version,
      parts: [
        { number: "201", usable_area: 20 },
        { number: "201-2", usable_area: 19 },
      ],
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toMatch(/add up to 39 m² but the room has 40 m²/);
    const stale = await send<ErrorBody>(planner, "POST", `/api/rooms/${room.id}/split`, {
      version: room.version + 1,
      parts: [
        { number: "201", usable_area: 20 },
        { number: "201-2", usable_area: 20 },
      ],
    });
    expect(stale.status).toBe(409);
    const split = await send<{ rooms: RoomRow[]; audit: string[] }>(
      planner,
      "POST",
      `/api/rooms/${room.id}/split`,
      {
        version: room.version,
        parts: [
          { number: "201", usable_area: 13.335 },
          { number: "201-2", usable_area: 13.335 },
          { number: "201-3", usable_area: 13.335, status: "idle" },
        ],
      },
    );
    expect(split.status).toBe(201);
    expect(split.body.rooms.map((part) => [part.number, part.usable_area, part.status])).toEqual([
      ["201", 13.32, "in_use"],
      ["201-2", 13.34, "in_use"],
      ["201-3", 13.34, "idle"],
    ]);
    expect(split.body.rooms[0]?.id).toBe(room.id);
    expect(split.body.rooms[2]?.occupant_unit_id).toBeNull();
    expect(split.body.audit).toHaveLength(3);
    expect(await areaCents(floorId)).toBe(before);
    const people = await app.database.db
      .selectFrom("room_occupants")
      .select(["room_id", "person_id"])
      .where(
        "room_id",
        "in",
        split.body.rooms.map((part) => part.id),
      )
      .orderBy("person_id")
      .execute();
    expect(people).toEqual(personIds.slice(0, 2).map((person_id) => ({ room_id: room.id, person_id })));
  });

  it("merges rooms of one floor: summed area, people moved, conflicts named unless chosen", async () => {
    const a = (await addRoom("301", 12.25, { status: "in_use", occupant_unit_id: unitId })).body.room;
    const b = (await addRoom("302", 7.5)).body.room;
    const personId = personIds[2] as number;
    await sql`insert into room_occupants (room_id, person_id, region_code) values (${b.id}, ${personId}, '230227')`.execute(
      app.database.db,
    );
    const before = await areaCents(floorId);
    const rooms = [
      { id: a.id, version: a.version },
      { id: b.id, version: b.version },
    ];
    const conflicting = await send<ErrorBody>(planner, "POST", "/api/rooms/merge", { rooms });
    expect(conflicting.status).toBe(422);
    expect(conflicting.body.error.message).toMatch(/different status values \(in_use, idle\)/);
    const upstairs = await app.database.db
      .selectFrom("floors")
      .select("id")
      .where("building_id", "=", buildingId)
      .where("level", "=", 2)
      .executeTakeFirstOrThrow();
    const far = (await addRoom("401", 5, {}, upstairs.id)).body.room;
    const floors = await send<ErrorBody>(planner, "POST", "/api/rooms/merge", {
      rooms: [rooms[1], { id: far.id, version: far.version }],
    });
    expect(floors.status).toBe(422);
    expect(floors.body.error.message).toMatch(/one floor/);
    const merged = await send<{ room: RoomRow; audit: string[] }>(planner, "POST", "/api/rooms/merge", {
      rooms,
      status: "in_use",
      number: "301-302",
    });
    expect(merged.status).toBe(201);
    expect(merged.body.room).toMatchObject({
      id: a.id,
      number: "301-302",
      usable_area: 19.75,
      status: "in_use",
      occupant_unit_id: unitId,
      version: a.version + 1,
    });
    // Person out of 302, into 301, 302 deleted, 301 updated.
    expect(merged.body.audit).toHaveLength(4);
    expect(await areaCents(floorId)).toBe(before);
    expect((await planner.request(`/api/rooms/${b.id}`)).status).toBe(404);
    const moved = await app.database.db
      .selectFrom("room_occupants")
      .select("room_id")
      .where("person_id", "=", personId)
      .where("room_id", "in", [a.id, b.id])
      .execute();
    expect(moved).toEqual([{ room_id: a.id }]);
  });

  it("refuses to delete a room in use or with people (422), deletes an idle one", async () => {
    const busy = (await addRoom("501", 10, { status: "in_use", occupant_unit_id: unitId })).body.room;
    const refused = await send<ErrorBody>(planner, "DELETE", `/api/rooms/${busy.id}?version=${busy.version}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/it is in use/);
    const idle = (await addRoom("502", 10)).body.room;
    const deleted = await send<Body>(planner, "DELETE", `/api/rooms/${idle.id}?version=${idle.version}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toEqual({ entity: "room", id: idle.id });
  });

  it("keeps unit users to the function of their own rooms", async () => {
    const unit = await app.signIn("demo-unit");
    const room = (await addRoom("601", 20)).body.room;
    expect(
      (
        await send(unit, "POST", "/api/rooms", {
          floor_id: floorId,
          number: "602",
          use_category: "office",
          usable_area: 5,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await send(unit, "POST", `/api/rooms/${room.id}/split`, {
          version: 1,
          parts: [
            { number: "a", usable_area: 10 },
            { number: "b", usable_area: 10 },
          ],
        })
      ).status,
    ).toBe(403);
    expect((await send(unit, "DELETE", `/api/rooms/${room.id}?version=1`)).status).toBe(403);
    // Someone else's edit is not theirs to undo.
    const patched = await send<Body>(planner, "PATCH", `/api/rooms/${room.id}`, {
      version: 1,
      function: "档案室",
    });
    expect(patched.status).toBe(200);
    expect(patched.body.audit).toHaveLength(1);
    expect((await send(unit, "POST", "/api/edits/revert", { audit: patched.body.audit })).status).toBe(403);
  });

  it("reverts [create building, reshape, split room] in one call to the exact previous state; again → 409", async () => {
    const db = app.database.db;
    const host = await newBuilding("撤销测试宿主楼");
    const room = (
      await addRoom("701", 25, { status: "in_use", occupant_unit_id: unitId, function: "办公" }, host.floorId)
    ).body.room;
    const state = async () =>
      (
        await sql<{ row: Record<string, unknown> }>`
          select to_jsonb(t) - 'version' - 'updated_at' as row from (
            select 'building' as kind, id, to_jsonb(b) - 'footprint_3857' - 'footprint' as fields, st_asewkb(b.footprint)::text as shape, b.version, b.updated_at
              from buildings b where id = ${host.id}
            union all select 'floor', id, to_jsonb(f), null, f.version, null from floors f where building_id = ${host.id}
            union all select 'room', id, to_jsonb(r) - 'plan', st_asewkb(r.plan)::text, r.version, null from rooms r where building_id = ${host.id}
          ) t order by kind, id`.execute(db)
      ).rows.map(({ row }) => {
        const { fields, ...rest } = row as { fields: Record<string, unknown> };
        const { version: _version, updated_at: _updated, ...kept } = fields;
        return { ...rest, fields: kept };
      });
    const before = await state();
    const made = await send<{ building: { id: number; version: number }; audit: string[] }>(
      planner,
      "POST",
      "/api/buildings",
      {
        name: "撤销测试新楼",
        footprint: box(SPOT, 0.002 * spots++, 25, 25),
        floors_above: 3,
      },
    );
    const reshaped = await send<Body>(planner, "PUT", `/api/buildings/${made.body.building.id}/footprint`, {
      version: 1,
      footprint: box(SPOT, 0.002 * (spots - 1), 35, 25),
    });
    const split = await send<Body>(planner, "POST", `/api/rooms/${room.id}/split`, {
      version: room.version,
      parts: [
        { number: "701", usable_area: 15 },
        { number: "702", usable_area: 10 },
      ],
    });
    expect([made.status, reshaped.status, split.status]).toEqual([201, 200, 201]);
    expect(await state()).not.toEqual(before);
    const entries = [...made.body.audit, ...reshaped.body.audit, ...split.body.audit];
    const reverted = await send<{ reverted: number; audit: string[] }>(planner, "POST", "/api/edits/revert", {
      audit: entries,
    });
    expect(reverted.status).toBe(200);
    expect(reverted.body.reverted).toBe(entries.length);
    expect(reverted.body.audit).toHaveLength(entries.length);
    expect(await state()).toEqual(before);
    expect(
      await db.selectFrom("buildings").select("id").where("id", "=", made.body.building.id).execute(),
    ).toEqual([]);
    expect(
      await db.selectFrom("floors").select("id").where("building_id", "=", made.body.building.id).execute(),
    ).toEqual([]);
    const restored = await db
      .selectFrom("rooms")
      .select(["usable_area", "version"])
      .where("id", "=", room.id)
      .executeTakeFirstOrThrow();
    expect(restored).toEqual({ usable_area: 25, version: room.version + 2 });
    const history = await db
      .selectFrom("audit_log")
      .select(["action", "reverted_entry_id"])
      .where("id", "in", reverted.body.audit)
      .execute();
    expect(history.every((entry) => entry.action === "revert")).toBe(true);
    expect(history.map((entry) => String(entry.reverted_entry_id)).sort()).toEqual([...entries].sort());

    const again = await send<ErrorBody>(planner, "POST", "/api/edits/revert", { audit: entries });
    expect(again.status).toBe(409);
    expect(again.body.error.details[0]?.message).toMatch(/already reverted/);
    expect(await state()).toEqual(before);
    // Redo: reverting the reverts puts the edits back.
    const redo = await send<{ reverted: number }>(planner, "POST", "/api/edits/revert", {
      audit: reverted.body.audit,
    });
    expect(redo.status).toBe(200);
    expect((await floorRooms(host.floorId)).map((row) => [row.number, row.usable_area])).toEqual([
      ["701", 15],
      ["702", 10],
    ]);
    buildings.push(made.body.building.id);
  });

  it("refuses a revert when a row changed since (409 naming it) and reverts nothing", async () => {
    const room = (await addRoom("801", 20)).body.room;
    const first = await send<Body>(planner, "PATCH", `/api/rooms/${room.id}`, {
      version: 1,
      function: "会议室",
    });
    const second = await send<Body>(planner, "PATCH", `/api/rooms/${room.id}`, {
      version: 2,
      function: "接待室",
    });
    const other = (await addRoom("802", 20)).body as unknown as Body;
    // The first edit alone: the second changed the room since.
    const refused = await send<ErrorBody>(planner, "POST", "/api/edits/revert", {
      audit: [...other.audit, ...first.body.audit],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual([
      {
        path: `room ${room.id}`,
        message: `audit entry ${first.body.audit[0]}: its version is 3, the entry left version 2`,
      },
    ]);
    expect((await planner.json<RoomRow>(`/api/rooms/${room.id}`)).body.version).toBe(3);
    expect((await floorRooms(floorId)).some((row) => row.number === "802")).toBe(true);
    // Both edits, newest first, go back to the start.
    const both = await send<{ reverted: number }>(planner, "POST", "/api/edits/revert", {
      audit: [...first.body.audit, ...second.body.audit],
    });
    expect(both.status).toBe(200);
    expect(
      (await planner.json<{ function: string | null; version: number }>(`/api/rooms/${room.id}`)).body,
    ).toMatchObject({ function: null, version: 5 });
    expect((await send(planner, "POST", "/api/edits/revert", { audit: ["999999999999"] })).status).toBe(404);
  });

  it("undoes edits one call at a time, as the workbench's undo does: split, then the room's creation", async () => {
    const created = await addRoom("901", 30);
    const room = created.body.room;
    const split = await send<{ rooms: RoomRow[] } & Body>(planner, "POST", `/api/rooms/${room.id}/split`, {
      version: room.version,
      parts: [
        { number: "901-1", usable_area: 10 },
        { number: "901-2", usable_area: 20 },
      ],
    });
    expect(split.status).toBe(201);
    const undoSplit = await send(planner, "POST", "/api/edits/revert", { audit: split.body.audit });
    expect(undoSplit.status).toBe(200);
    expect((await floorRooms(floorId)).filter((row) => row.number.startsWith("901"))).toMatchObject([
      { id: room.id, number: "901", usable_area: 30 },
    ]);
    // The split's revert moved the room's version on; the creation is still the room's last own change.
    const undoCreate = await send(planner, "POST", "/api/edits/revert", { audit: created.body.audit });
    expect(undoCreate.status).toBe(200);
    expect((await floorRooms(floorId)).some((row) => row.number.startsWith("901"))).toBe(false);
  });

  it("still refuses an undo once someone else changed the row after the undone edits", async () => {
    const created = await addRoom("902", 30);
    const room = created.body.room;
    const patched = await send<Body>(planner, "PATCH", `/api/rooms/${room.id}`, {
      version: 1,
      function: "档案室",
    });
    expect((await send(planner, "POST", "/api/edits/revert", { audit: patched.body.audit })).status).toBe(
      200,
    );
    // A third edit nobody undid: the creation can no longer be undone.
    expect(
      (await send<Body>(planner, "PATCH", `/api/rooms/${room.id}`, { version: 3, function: "会议室" }))
        .status,
    ).toBe(200);
    const refused = await send<ErrorBody>(planner, "POST", "/api/edits/revert", {
      audit: created.body.audit,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details?.[0]?.message).toMatch(/its version is 4, the entry left version 1/);
  });

  it("keeps the floor's total area through random sequences of splits and merges (property)", async () => {
    const scratch = await newBuilding("拆并性质测试楼");
    for (const [index, area] of [31.7, 18.05, 44.4].entries())
      expect((await addRoom(`P${index}`, area, {}, scratch.floorId)).status).toBe(201);
    const total = await areaCents(scratch.floorId);
    let serial = 0;
    const step = fc.oneof(
      fc.record({
        kind: fc.constant("split" as const),
        pick: fc.nat(),
        shares: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 4 }),
      }),
      fc.record({
        kind: fc.constant("merge" as const),
        pick: fc.nat(),
        count: fc.integer({ min: 2, max: 3 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 4 }), async (steps) => {
        for (const action of steps) {
          const rooms = await floorRooms(scratch.floorId);
          if (action.kind === "split") {
            const room = rooms[action.pick % rooms.length] as RoomRow;
            const sum = action.shares.reduce((a, b) => a + b, 0);
            const parts = action.shares.map((share) => ({
              number: `S${serial++}`,
              usable_area: (room.usable_area * share) / sum,
            }));
            const response = await send(planner, "POST", `/api/rooms/${room.id}/split`, {
              version: room.version,
              parts,
            });
            // Parts under a cent are refused; anything else must succeed.
            expect([201, 422]).toContain(response.status);
          } else if (rooms.length >= action.count) {
            const start = action.pick % (rooms.length - action.count + 1);
            const chosen = rooms
              .slice(start, start + action.count)
              .map(({ id, version }) => ({ id, version }));
            const response = await send(planner, "POST", "/api/rooms/merge", {
              rooms: chosen,
              number: `M${serial++}`,
            });
            expect(response.status).toBe(201);
          }
          expect(await areaCents(scratch.floorId)).toBe(total);
        }
      }),
      { numRuns: 12 },
    );
  });
});
