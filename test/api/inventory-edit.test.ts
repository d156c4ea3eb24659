import type { FeatureCollection, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tileAt } from "../../server/tiles/tile-address.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { decodeTile } from "../tiles/mvt-decoding.js";
import { type Body, box, type ErrorBody, send } from "./inventory-edit.support.js";

interface BuildingBody {
  building: {
    id: number;
    name: string;
    region_code: string;
    version: number;
    gross_area: number;
    floors_above: number;
    floors_below: number;
    property_class: string;
    footprint: Polygon;
  };
  audit: string[];
}

// A quiet corner of 富裕县 (230227): no demo building within a kilometre. Each test draws its own spot.
const FUYU: [number, number] = [124.7, 47.6];

describe.each(testModes())("creating, reshaping and deleting buildings (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let county: SignedInClient;
  let unit: SignedInClient;
  let inspector: SignedInClient;
  /** Everything this file creates, deleted at the end (the server database is shared). */
  const created: Array<{ id: number }> = [];

  beforeAll(async () => {
    app = await openTestApp(mode);
    [planner, county, unit, inspector] = await Promise.all([
      app.signIn("demo-planner"),
      app.signIn("demo-county"),
      app.signIn("demo-unit"),
      app.signIn("demo-inspector"),
    ]);
  });
  afterAll(async () => {
    for (const { id } of created)
      await app.database.db.deleteFrom("buildings").where("id", "=", id).execute();
    await app.database.close();
  });

  const create = async (client: SignedInClient, body: Record<string, unknown>) => {
    const response = await send<BuildingBody & ErrorBody>(client, "POST", "/api/buildings", body);
    if (response.status === 201) created.push({ id: response.body.building.id });
    return response;
  };

  it("creates a building from a polygon: region, floors, gross area, audit, GET, bbox and tiles", async () => {
    const footprint = box(FUYU, 0, 40, 25);
    const { status, body } = await create(county, {
      name: "测试新建办公楼",
      footprint,
      floors_above: 5,
      floors_below: 1,
      structure: "frame",
      built_year: 2020,
    });
    expect(status).toBe(201);
    const { building } = body;
    expect(building).toMatchObject({
      name: "测试新建办公楼",
      region_code: "230227",
      version: 1,
      floors_above: 5,
      floors_below: 1,
      property_class: "office",
      condition: "good",
    });
    // 40 m × 25 m ≈ 1,000 m² on 5 storeys.
    expect(building.gross_area).toBeGreaterThan(4950);
    expect(building.gross_area).toBeLessThan(5050);
    expect(Math.round(building.gross_area * 100)).toBe(building.gross_area * 100);
    expect(building.footprint.type).toBe("Polygon");
    expect(building.footprint.coordinates[0]?.[0]?.[0]).toBeCloseTo(FUYU[0], 9);
    // One building entry and six floor entries.
    expect(body.audit).toHaveLength(7);

    const detail = await county.json<{
      building: { id: number; name: string };
      floors: Array<{ name: string; level: number }>;
    }>(`/api/buildings/${building.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.building).toMatchObject({ id: building.id, name: "测试新建办公楼" });
    expect(detail.body.floors.map((floor) => floor.name).sort()).toEqual(
      ["1层", "2层", "3层", "4层", "5层", "地下1层"].sort(),
    );

    const [lng, lat] = FUYU;
    const bbox = await county.json<FeatureCollection>(
      `/api/buildings?bbox=${lng - 0.001},${lat - 0.001},${lng + 0.002},${lat + 0.002}`,
    );
    expect(bbox.body.features.map((feature) => feature.id)).toEqual([building.id]);

    const { z, x, y } = tileAt(lng + 0.0002, lat + 0.0001, 16);
    const tile = await county.request(`/tiles/buildings/${z}/${x}/${y}`);
    expect(tile.status).toBe(200);
    const layers = decodeTile(new Uint8Array(await tile.arrayBuffer()));
    expect(layers.buildings?.features.map((feature) => feature.properties.id)).toContain(building.id);

    const history = await county.json<{
      entries: Array<{ id: unknown; action: string; after: { name: string } }>;
    }>(`/api/audit?entity=building&id=${building.id}`);
    expect(history.body.entries).toHaveLength(1);
    expect(history.body.entries[0]).toMatchObject({ action: "create", after: { name: "测试新建办公楼" } });
    expect(String(history.body.entries[0]?.id)).toBe(body.audit[0]);
  });

  it("names what is wrong with a footprint: 400 self-intersection at a point, 400 shapes, 422 outside", async () => {
    const [lng, lat] = FUYU;
    const bowtie = {
      type: "Polygon",
      coordinates: [
        [
          [lng, lat + 0.01],
          [lng + 0.001, lat + 0.011],
          [lng + 0.001, lat + 0.01],
          [lng, lat + 0.011],
          [lng, lat + 0.01],
        ],
      ],
    };
    const crossed = await create(planner, { name: "蝴蝶", footprint: bowtie, floors_above: 2 });
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.message).toMatch(/Self-intersection at 124\.7005 47\.6105/);

    const cases: Array<[unknown, RegExp]> = [
      [{ type: "Point", coordinates: [lng, lat] }, /Polygon or MultiPolygon/],
      [{ type: "Polygon", coordinates: [] }, /empty/],
      [
        {
          type: "Polygon",
          coordinates: [
            [
              [lng, 95],
              [lng + 1, 95],
              [lng + 1, 96],
              [lng, 95],
            ],
          ],
        },
        /out of longitude\/latitude range/,
      ],
      [
        {
          type: "Polygon",
          coordinates: [
            [
              [lng, lat],
              [lng + 0.001, lat],
              [lng, lat + 0.001],
            ],
          ],
        },
        /at least 4/,
      ],
      [
        {
          type: "MultiPolygon",
          coordinates: [box(FUYU, 0.02, 10, 10).coordinates, box(FUYU, 0.03, 10, 10).coordinates],
        },
        /one footprint/,
      ],
      [box(FUYU, 0.04, 2, 2), /less than 10 m²/],
    ];
    for (const [footprint, message] of cases) {
      const response = await create(planner, { name: "坏楼", footprint, floors_above: 2 });
      expect(response.status, JSON.stringify(footprint)).toBe(400);
      expect(response.body.error.message).toMatch(message);
    }
    const beijing = await create(planner, {
      name: "北京",
      footprint: box([116.4, 39.9], 0, 30, 30),
      floors_above: 2,
    });
    expect(beijing.status).toBe(422);
    expect(beijing.body.error.message).toMatch(/outside Heilongjiang/);
    const unknown = await create(planner, {
      name: "多余",
      footprint: box(FUYU, 0.05, 20, 20),
      floors_above: 2,
      colour: "red",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/colour/);
    // A MultiPolygon of one polygon is that polygon.
    const single = await create(planner, {
      name: "单体",
      footprint: { type: "MultiPolygon", coordinates: [box(FUYU, 0.06, 20, 20).coordinates] },
      floors_above: 1,
    });
    expect(single.status).toBe(201);
    expect(single.body.building.footprint.type).toBe("Polygon");
  });

  it("keeps creation within write scope: county users in their county, no unit users or inspectors", async () => {
    const harbin = box([126.75, 45.65], 0, 20, 20);
    expect((await create(county, { name: "越界", footprint: harbin, floors_above: 1 })).status).toBe(403);
    expect(
      (await create(unit, { name: "单位", footprint: box(FUYU, 0.07, 20, 20), floors_above: 1 })).status,
    ).toBe(403);
    expect(
      (await create(inspector, { name: "检查", footprint: box(FUYU, 0.07, 20, 20), floors_above: 1 })).status,
    ).toBe(403);
  });

  it("reshapes a footprint with its version: 409 when stale and nothing changes", async () => {
    const made = await create(planner, {
      name: "改形楼",
      footprint: box(FUYU, 0.08, 20, 20),
      floors_above: 2,
    });
    const { id, version } = made.body.building;
    const bigger = box(FUYU, 0.08, 30, 20);
    const reshaped = await send<BuildingBody>(planner, "PUT", `/api/buildings/${id}/footprint`, {
      version,
      footprint: bigger,
    });
    expect(reshaped.status).toBe(200);
    expect(reshaped.body.building.version).toBe(version + 1);
    expect(reshaped.body.building.footprint.coordinates[0]?.[1]?.[0]).toBeCloseTo(
      bigger.coordinates[0]?.[1]?.[0] ?? 0,
      9,
    );
    expect(reshaped.body.audit).toHaveLength(1);
    const history = await planner.json<{
      entries: Array<{ before: { footprint: Polygon }; after: { footprint: Polygon } }>;
    }>(`/api/audit?entity=building&id=${id}`);
    expect(history.body.entries.at(-1)?.before.footprint.coordinates[0]?.[1]?.[0]).toBeCloseTo(
      made.body.building.footprint.coordinates[0]?.[1]?.[0] ?? 0,
      12,
    );
    const stale = await send<ErrorBody>(planner, "PUT", `/api/buildings/${id}/footprint`, {
      version,
      footprint: box(FUYU, 0.08, 50, 50),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual([{ path: "version", message: String(version + 1) }]);
    const now = await planner.json<{ building: { version: number } }>(`/api/buildings/${id}`);
    expect(now.body.building.version).toBe(version + 1);
  });

  it("deletes an idle building with its floors and rooms, and refuses one in use (422, nothing deleted)", async () => {
    const made = await create(planner, {
      name: "待拆楼",
      footprint: box(FUYU, 0.09, 20, 20),
      floors_above: 2,
    });
    const { id, version } = made.body.building;
    const floors = await app.database.db
      .selectFrom("floors")
      .select(["id", "level"])
      .where("building_id", "=", id)
      .execute();
    const first = floors.find((floor) => floor.level === 1)?.id;
    const room = await send<Body>(planner, "POST", "/api/rooms", {
      floor_id: first,
      number: "101",
      use_category: "office",
      usable_area: 20,
    });
    expect(room.status).toBe(201);
    const unitId =
      (
        await app.database.db
          .selectFrom("units")
          .select("id")
          .where("name", "=", "富裕县人民政府办公室")
          .executeTakeFirst()
      )?.id ??
      (
        await app.database.db
          .selectFrom("units")
          .select("id")
          .where("region_code", "=", "230227")
          .executeTakeFirstOrThrow()
      ).id;
    const roomId = (room.body.room as { id: number }).id;
    const inUse = await send<Body>(planner, "PATCH", `/api/rooms/${roomId}`, {
      version: 1,
      status: "in_use",
      occupant_unit_id: unitId,
    });
    expect(inUse.status).toBe(200);
    const refused = await send<ErrorBody>(planner, "DELETE", `/api/buildings/${id}?version=${version}`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/1 room\(s\) are not idle \(101\)/);
    expect((await planner.request(`/api/buildings/${id}`)).status).toBe(200);
    const idle = await send<Body>(planner, "PATCH", `/api/rooms/${roomId}`, {
      version: 2,
      status: "idle",
      occupant_unit_id: null,
    });
    expect(idle.status).toBe(200);
    expect((await send(planner, "DELETE", `/api/buildings/${id}?version=${version + 5}`)).status).toBe(409);
    const deleted = await send<{ deleted: unknown; audit: string[] }>(
      planner,
      "DELETE",
      `/api/buildings/${id}?version=${version}`,
    );
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toEqual({ entity: "building", id });
    // The room, two floors, the building.
    expect(deleted.body.audit).toHaveLength(4);
    expect((await planner.request(`/api/buildings/${id}`)).status).toBe(404);
    expect(
      await app.database.db.selectFrom("floors").select("id").where("building_id", "=", id).execute(),
    ).toEqual([]);
  });
});
