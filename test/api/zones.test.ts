import type { MultiPolygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { type ErrorBody, send } from "./inventory-edit.support.js";
import { at, rectangle } from "./zone-analysis.support.js";

interface Zone {
  id: number;
  name: string;
  scenario_id: number;
  region_code: string;
  version: number;
  note: string | null;
  area_m2: number;
  geometry: MultiPolygon;
}
type ZoneBody = { zone: Zone; audit: string[] } & ErrorBody;

// Harbin, next to the provincial government (南岗区 230103): outside the 富裕县 planner's region.
const HARBIN = {
  type: "Polygon",
  coordinates: [
    [
      [126.66, 45.75],
      [126.665, 45.75],
      [126.665, 45.754],
      [126.66, 45.754],
      [126.66, 45.75],
    ],
  ],
};

describe.each(testModes())("zones CRUD (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let county: SignedInClient;
  let unitUser: SignedInClient;
  let inspector: SignedInClient;

  beforeAll(async () => {
    app = await openTestApp(mode);
    [planner, county, unitUser, inspector] = await Promise.all([
      app.signIn("demo-planner"),
      app.signIn("demo-county"),
      app.signIn("demo-unit"),
      app.signIn("demo-inspector"),
    ]);
  });
  afterAll(async () => {
    await app.database.close();
  });

  const auditOf = (ids: string[]) =>
    app.database.db
      .selectFrom("audit_log")
      .select(["action", "entity", "user_id"])
      .where("id", "in", ids)
      .orderBy("id")
      .execute();

  it("creates a zone in the author's draft scenario, reads, lists, reshapes and deletes it, all audited", async () => {
    const created = await send<ZoneBody>(county, "POST", "/api/zones", {
      name: "县城集中办公区",
      geometry: rectangle(0, 0, 200, 100),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const zone = created.body.zone;
    expect(zone).toMatchObject({ name: "县城集中办公区", region_code: "230227", version: 1, note: null });
    expect(zone.geometry.type).toBe("MultiPolygon");
    expect(zone.geometry.coordinates[0]?.[0]?.[1]?.[0]).toBeCloseTo(at(200, 0)[0], 6);
    // 200 m × 100 m.
    expect(zone.area_m2).toBeGreaterThan(19_950);
    expect(zone.area_m2).toBeLessThan(20_050);
    // The first zone without a scenario creates the author's 草稿方案, journaled before the zone.
    const scenario = await app.database.db
      .selectFrom("scenarios")
      .selectAll()
      .where("id", "=", zone.scenario_id)
      .executeTakeFirstOrThrow();
    expect(scenario).toMatchObject({ name: "草稿方案", status: "draft", region_code: "230227" });
    expect(await auditOf(created.body.audit)).toEqual([
      { action: "create", entity: "scenario", user_id: scenario.created_by },
      { action: "create", entity: "zone", user_id: scenario.created_by },
    ]);
    // A second zone goes to the same draft.
    const second = await send<ZoneBody>(county, "POST", "/api/zones", {
      name: "第二片区",
      geometry: {
        type: "MultiPolygon",
        coordinates: [rectangle(0, 300, 50, 350).coordinates, rectangle(100, 300, 150, 350).coordinates],
      },
      note: "两块",
    });
    expect(second.status).toBe(201);
    expect(second.body.zone.scenario_id).toBe(zone.scenario_id);
    expect(second.body.audit).toHaveLength(1);
    expect(second.body.zone.area_m2).toBeGreaterThan(4990);
    expect(second.body.zone.area_m2).toBeLessThan(5010);

    const got = await county.json<{ zone: Zone }>(`/api/zones/${zone.id}`);
    expect(got.status).toBe(200);
    expect(got.body.zone).toMatchObject({ id: zone.id, name: "县城集中办公区", version: 1 });
    const list = await county.json<{ zones: Zone[] }>(`/api/zones?scenarioId=${zone.scenario_id}`);
    expect(list.body.zones.map((item) => item.id)).toEqual([zone.id, second.body.zone.id]);
    expect((await county.json<{ zones: Zone[] }>("/api/zones?scenarioId=999999")).body.zones).toEqual([]);

    const renamed = await send<ZoneBody>(county, "PATCH", `/api/zones/${zone.id}`, {
      version: 1,
      name: "县城东区",
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.zone).toMatchObject({ name: "县城东区", version: 2 });
    expect(renamed.body.zone.area_m2).toBeCloseTo(zone.area_m2, 1);
    const stale = await send<ZoneBody>(county, "PATCH", `/api/zones/${zone.id}`, { version: 1, name: "旧" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0]).toEqual({ path: "version", message: "2" });
    const reshaped = await send<ZoneBody>(county, "PATCH", `/api/zones/${zone.id}`, {
      version: 2,
      geometry: rectangle(0, 0, 100, 100),
    });
    expect(reshaped.status).toBe(200);
    expect(reshaped.body.zone.version).toBe(3);
    expect(reshaped.body.zone.area_m2).toBeGreaterThan(9_970);
    expect(reshaped.body.zone.area_m2).toBeLessThan(10_030);
    expect(await auditOf(reshaped.body.audit)).toMatchObject([{ action: "update", entity: "zone" }]);

    expect((await send(county, "DELETE", `/api/zones/${zone.id}?version=2`)).status).toBe(409);
    const deleted = await send<{ audit: string[] }>(county, "DELETE", `/api/zones/${zone.id}?version=3`);
    expect(deleted.status).toBe(200);
    expect(await auditOf(deleted.body.audit)).toMatchObject([{ action: "delete", entity: "zone" }]);
    expect((await county.json(`/api/zones/${zone.id}`)).status).toBe(404);
  });

  it("undoes a zone edit and its creation through POST /api/edits/revert", async () => {
    const created = await send<ZoneBody>(county, "POST", "/api/zones", {
      name: "可撤销",
      geometry: rectangle(0, 1000, 100, 1100),
    });
    const renamed = await send<ZoneBody>(county, "PATCH", `/api/zones/${created.body.zone.id}`, {
      version: 1,
      name: "改名",
    });
    expect(renamed.status).toBe(200);
    const undoRename = await send(county, "POST", "/api/edits/revert", { audit: renamed.body.audit });
    expect(undoRename.status).toBe(200);
    const after = await county.json<{ zone: Zone }>(`/api/zones/${created.body.zone.id}`);
    expect(after.body.zone).toMatchObject({ name: "可撤销", version: 3 });
    expect(after.body.zone.area_m2).toBeCloseTo(created.body.zone.area_m2, 1);
    const zoneEntry = created.body.audit.at(-1) as string;
    expect((await send(county, "POST", "/api/edits/revert", { audit: [zoneEntry] })).status).toBe(200);
    expect((await county.json(`/api/zones/${created.body.zone.id}`)).status).toBe(404);
  });

  it("rejects invalid geometry with the same messages as the analysis", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ type: "Point", coordinates: at(0, 0) }, /is a Point/],
      [{ type: "Polygon", coordinates: [] }, /is empty/],
      [{ ...rectangle(0, 0, 50, 50), crs: { type: "name", properties: { name: "EPSG:4490" } } }, /Wrong CRS/],
      [
        { type: "Polygon", coordinates: [[at(0, 0), at(100, 100), at(100, 0), at(0, 100), at(0, 0)]] },
        /Self-intersection at 124\.\d+ 47\.\d+/,
      ],
      [rectangle(0, 0, 5, 5), /less than the minimum of 100 m²/],
    ];
    for (const [geometry, message] of cases) {
      const { status, body } = await send<ZoneBody>(county, "POST", "/api/zones", { name: "坏区", geometry });
      expect(status, JSON.stringify(geometry)).toBe(400);
      expect(body.error.message).toMatch(message);
    }
    const created = await send<ZoneBody>(county, "POST", "/api/zones", {
      name: "好区",
      geometry: rectangle(0, 500, 60, 560),
    });
    const bad = await send<ZoneBody>(county, "PATCH", `/api/zones/${created.body.zone.id}`, {
      version: 1,
      geometry: rectangle(0, 0, 3, 3),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/less than the minimum/);
    const beijing = rectangle(0, 0, 50, 50);
    beijing.coordinates = [
      beijing.coordinates[0]?.map(([lng, lat]) => [(lng as number) - 8.3, (lat as number) - 7.7]) ?? [],
    ];
    expect((await send(county, "POST", "/api/zones", { name: "北京", geometry: beijing })).status).toBe(422);
  });

  it("keeps zones within the region: the county planner neither sees nor writes Harbin's", async () => {
    const harbin = await send<ZoneBody>(planner, "POST", "/api/zones", {
      name: "省政府机关东区",
      geometry: HARBIN,
    });
    expect(harbin.status).toBe(201);
    expect(harbin.body.zone.region_code).toBe("230103");
    const id = harbin.body.zone.id;
    expect((await county.json(`/api/zones/${id}`)).status).toBe(404);
    expect(
      (await county.json<{ zones: Zone[] }>("/api/zones")).body.zones.map((zone) => zone.id),
    ).not.toContain(id);
    expect((await planner.json<{ zones: Zone[] }>("/api/zones")).body.zones.map((zone) => zone.id)).toContain(
      id,
    );
    expect((await send(county, "PATCH", `/api/zones/${id}`, { version: 1, name: "x" })).status).toBe(404);
    expect((await send(county, "DELETE", `/api/zones/${id}?version=1`)).status).toBe(404);
    expect((await send(county, "POST", "/api/zones", { name: "越界", geometry: HARBIN })).status).toBe(403);
    // Readers of the region see it but do not write; unit users see no zones at all.
    expect((await inspector.json(`/api/zones/${id}`)).status).toBe(200);
    expect((await send(inspector, "PATCH", `/api/zones/${id}`, { version: 1, name: "x" })).status).toBe(403);
    expect((await unitUser.json<{ zones: Zone[] }>("/api/zones")).body.zones).toEqual([]);
    expect((await send(unitUser, "POST", "/api/zones", { name: "单位", geometry: HARBIN })).status).toBe(403);
    // A scenario of another region cannot take the county's zones.
    const other = await send<ZoneBody>(county, "POST", "/api/zones", {
      name: "借方案",
      geometry: rectangle(0, 800, 60, 860),
      scenario_id: harbin.body.zone.scenario_id,
    });
    expect(other.status).toBe(404);
    expect(
      (
        await send(county, "POST", "/api/zones", {
          name: "无方案",
          geometry: rectangle(0, 900, 60, 960),
          scenario_id: 999999,
        })
      ).status,
    ).toBe(404);
  });
});
