import type { Polygon } from "geojson";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { type ErrorBody, send } from "./inventory-edit.support.js";
import { at, type Fixture, insertFixture, ORIGIN, rectangle } from "./zone-analysis.support.js";

interface Candidate {
  unitId: number;
  name: string;
  reasons: string[];
  demandArea: number;
  entitledArea: number | null;
  currentArea: number;
  currentAnnualRent: number;
  moveDistanceMeters: number | null;
  sitesBefore: number;
  sitesAfter: number;
  center: [number, number] | null;
}
interface Analysis {
  zoneArea: number;
  buildings: number;
  buildingIds: number[];
  grossArea: number;
  usableArea: number;
  idleUsableArea: number;
  idleByCategory: Record<string, number>;
  unitsHoused: number;
  candidateUnits: Candidate[];
  supplyArea: number;
  demandArea: number;
  balance: number;
  rentSavedPerYear: number;
  sitesScatter: Array<{ unitId: number; before: number; after: number }>;
  convertibleAssets: Array<{
    id: number;
    source: string;
    name: string;
    grossArea: number;
    conversionCost: number;
  }>;
  radiusMeters: number;
  candidateLimit: number;
  candidatesCut: boolean;
}

describe.each(testModes())("POST /api/analysis/zone (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let county: SignedInClient;
  let unitUser: SignedInClient;
  let fixture: Fixture;

  beforeAll(async () => {
    app = await openTestApp(mode);
    [planner, county, unitUser] = await Promise.all([
      app.signIn("demo-planner"),
      app.signIn("demo-county"),
      app.signIn("demo-unit"),
    ]);
    fixture = await insertFixture(app.database.db);
  });
  afterAll(async () => {
    await app.database.close();
  });

  const analyse = (client: SignedInClient, body: Record<string, unknown>) =>
    send<Analysis & ErrorBody>(client, "POST", "/api/analysis/zone", body);
  const byUnit = (analysis: Analysis) => new Map(analysis.candidateUnits.map((unit) => [unit.unitId, unit]));

  it("sums the buildings in the zone and finds the candidates within the radius (demand = gap)", async () => {
    const { status, body } = await analyse(county, { geometry: fixture.zone, radiusMeters: 1000 });
    expect(status, JSON.stringify(body)).toBe(200);
    // 150 m × 60 m.
    expect(body.zoneArea).toBeGreaterThan(8990);
    expect(body.zoneArea).toBeLessThan(9010);
    expect(body.buildings).toBe(2);
    expect(body.buildingIds).toEqual([fixture.buildings.b1, fixture.buildings.b2]);
    expect(body.grossArea).toBe(3000 + 2000);
    expect(body.usableArea).toBe(100 + 50 + 80 + 60 + 20 + 40);
    expect(body.idleUsableArea).toBe(50 + 80 + 20 + 40);
    expect(body.idleByCategory).toEqual({
      office: 80,
      service: 50,
      equipment: 20,
      ancillary: 40,
      technical: 0,
    });
    expect(body.unitsHoused).toBe(2);
    expect(body.radiusMeters).toBe(1000);

    const units = byUnit(body);
    expect([...units.keys()].sort((x, y) => x - y)).toEqual([
      fixture.units.a,
      fixture.units.b,
      fixture.units.c,
    ]);
    // A: rooms in B1 (in the zone) and B3 (outside), no staffing: split, but the standard grants it nothing.
    expect(units.get(fixture.units.a)).toMatchObject({
      name: "测试甲局",
      reasons: ["split_sites"],
      demandArea: 0,
      entitledArea: null,
      currentArea: 170,
      currentAnnualRent: 0,
      sitesBefore: 2,
      sitesAfter: 2,
    });
    // B: a room in B2 and a 150 m² lease 450 m east (its largest site: the main one); entitled 220 with
    // 60 in its own room, its gap is 160 (the lease ends, it does not come on top of the gap).
    const b = units.get(fixture.units.b) as Candidate;
    expect(b).toMatchObject({
      reasons: ["renting_outside", "short"],
      demandArea: 160,
      currentArea: 210,
      currentAnnualRent: 100_000,
      sitesBefore: 2,
      sitesAfter: 1,
    });
    expect(b.center?.[0]).toBeCloseTo(at(450, 15)[0], 6);
    // From (450, 15) to the zone's centroid (65, 20): √(385² + 5²) ≈ 385 m.
    expect(b.moveDistanceMeters).toBeGreaterThanOrEqual(383);
    expect(b.moveDistanceMeters).toBeLessThanOrEqual(387);
    // C: short by the stored status (entitled 300, actual 90): the gap is 210.
    expect(units.get(fixture.units.c)).toMatchObject({
      reasons: ["short"],
      demandArea: 210,
      entitledArea: 300,
      currentArea: 90,
      sitesBefore: 1,
      sitesAfter: 2,
    });
    expect(body.supplyArea).toBe(190);
    expect(body.demandArea).toBe(0 + 160 + 210);
    expect(body.balance).toBe(190 - 370);
    // B's 160 m² fit in the 190 m² idle: its lease ends.
    expect(body.rentSavedPerYear).toBe(100_000);
    expect(body.sitesScatter).toContainEqual({ unitId: fixture.units.b, before: 2, after: 1 });
    expect(body.convertibleAssets).toEqual([
      {
        id: fixture.assetId,
        source: "non_office_asset",
        name: "测试原粮站",
        grossArea: 5000,
        suitsOfficeUse: true,
        conversionCost: 15_000_000,
      },
    ]);
  });

  it("counts current area with demand = current, and takes the radius and cost parameters", async () => {
    const { status, body } = await analyse(county, {
      geometry: fixture.zone,
      radiusMeters: 1000,
      demand: "current",
      conversionCostPerM2: 2500,
    });
    expect(status).toBe(200);
    const units = byUnit(body);
    // Everything outside the zone moves in, within the entitlement: B's lease (150 ≤ 220 − 60), C's
    // 90 m² in B3; A (no staffing) is granted nothing.
    expect(units.get(fixture.units.a)).toMatchObject({ demandArea: 0, sitesAfter: 1 });
    expect(units.get(fixture.units.b)).toMatchObject({ demandArea: 150, sitesAfter: 1 });
    expect(units.get(fixture.units.c)).toMatchObject({ demandArea: 90, sitesAfter: 1 });
    expect(body.demandArea).toBe(240);
    expect(body.balance).toBe(-50);
    expect(body.convertibleAssets[0]?.conversionCost).toBe(12_500_000);

    // 300 m: B3 (600 m east of the zone) is out of reach, so C drops out; A and B stay, near through
    // B1 and B2, and their sites and leases count wherever they are.
    const near = await analyse(county, { geometry: fixture.zone, radiusMeters: 300 });
    expect(near.status).toBe(200);
    const nearUnits = byUnit(near.body);
    expect([...nearUnits.keys()].sort((x, y) => x - y)).toEqual([fixture.units.a, fixture.units.b]);
    expect(nearUnits.get(fixture.units.a)).toMatchObject({ reasons: ["split_sites"], sitesBefore: 2 });
    expect(near.body).toMatchObject({ candidateLimit: 500, candidatesCut: false });

    // Only the nearest units are examined when asked: A and B have rooms in the zone, C is 600 m off.
    const capped = await analyse(county, { geometry: fixture.zone, radiusMeters: 1000, maxCandidates: 2 });
    expect(capped.status).toBe(200);
    expect(capped.body).toMatchObject({ candidateLimit: 2, candidatesCut: true });
    expect([...byUnit(capped.body).keys()].sort((x, y) => x - y)).toEqual([fixture.units.a, fixture.units.b]);
    const exact = await analyse(county, { geometry: fixture.zone, radiusMeters: 1000, maxCandidates: 3 });
    expect(exact.body).toMatchObject({ candidateLimit: 3, candidatesCut: false });
    expect(exact.body.candidateUnits).toHaveLength(3);
  });

  it("rejects each kind of invalid geometry with a message naming the problem", async () => {
    const bowtie: Polygon = {
      type: "Polygon",
      coordinates: [[at(0, 0), at(100, 100), at(100, 0), at(0, 100), at(0, 0)]],
    };
    const cases: Array<[unknown, RegExp]> = [
      [{ type: "Point", coordinates: ORIGIN }, /is a Point; it must be a GeoJSON Polygon or MultiPolygon/],
      [{ type: "LineString", coordinates: [ORIGIN, at(10, 10)] }, /is a LineString/],
      [{ type: "Polygon", coordinates: [] }, /The zone is empty/],
      [{ type: "MultiPolygon", coordinates: [] }, /The zone is empty/],
      [
        { ...fixture.zone, crs: { type: "name", properties: { name: "EPSG:3857" } } },
        /Wrong CRS: the zone names EPSG:3857/,
      ],
      [
        {
          type: "Polygon",
          coordinates: [
            [
              [13_881_000, 6_040_000],
              [13_882_000, 6_040_000],
              [13_882_000, 6_041_000],
              [13_881_000, 6_040_000],
            ],
          ],
        },
        /Wrong CRS: the outer ring has a position out of longitude\/latitude range/,
      ],
      [bowtie, /Self-intersection at 124\.70\d* 47\.60\d*/],
      [rectangle(0, 0, 5, 5), /covers 25\.\d+ m², less than the minimum of 100 m²/],
      [rectangle(0, 0, 10_000, 10_000), /more than the maximum of 50,000,000 m²/],
    ];
    for (const [geometry, message] of cases) {
      const { status, body } = await analyse(planner, { geometry });
      expect(status, JSON.stringify(geometry)).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toMatch(message);
      expect(body.error.details[0]?.path).toBe("geometry");
    }
    // The bowtie crosses itself at (50, 50).
    const { body } = await analyse(planner, { geometry: bowtie });
    const [lng, lat] = (body.error.message.match(/at ([\d.]+) ([\d.]+)/) ?? []).slice(1).map(Number);
    expect(lng).toBeCloseTo(at(50, 50)[0], 5);
    expect(lat).toBeCloseTo(at(50, 50)[1], 5);
    for (const extra of [
      { radiusMeters: 20_001 },
      { radiusMeters: -1 },
      { demand: "all" },
      { maxCandidates: 0 },
      { maxCandidates: 5001 },
      { maxCandidates: 1.5 },
      { colour: "red" },
    ]) {
      const response = await analyse(planner, { geometry: fixture.zone, ...extra });
      expect(response.status, JSON.stringify(extra)).toBe(400);
    }
    expect((await analyse(planner, {})).status).toBe(400);
  });

  it("answers within the caller's scope", async () => {
    // A unit user of 230103 reads none of the fixture.
    const { status, body } = await analyse(unitUser, { geometry: fixture.zone, radiusMeters: 1000 });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      buildings: 0,
      grossArea: 0,
      unitsHoused: 0,
      candidateUnits: [],
      convertibleAssets: [],
    });
    const anonymous = await app.anonymous.json("/api/analysis/zone", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ geometry: fixture.zone }),
    });
    expect(anonymous.status).toBe(401);
  });

  it("the demo's East district: a zone around the former engineering-college campus", async () => {
    const { rows } = await sql<{ zone: string; ids: number[] }>`
      with campus as (
        select footprint as g, id from buildings where name like '原黑龙江工程学院南岗校区%'
        union all select geom, null from non_office_assets where name = '原黑龙江工程学院南岗校区')
      select st_asgeojson(st_buffer(st_convexhull(st_collect(g))::geography, 40)::geometry, 7) as zone,
        array_agg(id order by id) filter (where id is not null) as ids from campus`.execute(app.database.db);
    const campus = rows[0] as { zone: string; ids: number[] };
    expect(campus.ids).toHaveLength(4);
    const zone = JSON.parse(campus.zone) as Polygon;
    const { status, body } = await analyse(planner, { geometry: zone });
    expect(status, JSON.stringify(body)).toBe(200);
    for (const id of campus.ids) expect(body.buildingIds).toContain(id);
    expect(body.idleUsableArea).toBeGreaterThan(4 * 3500 * 0.9);
    const renting = body.candidateUnits.filter((unit) => unit.reasons.includes("renting_outside"));
    const split = body.candidateUnits.filter((unit) => unit.reasons.includes("split_sites"));
    expect(renting.length).toBeGreaterThanOrEqual(1);
    expect(split.length).toBeGreaterThanOrEqual(1);
    for (const unit of renting) {
      expect(unit.currentAnnualRent).toBeGreaterThan(0);
      expect(unit.demandArea).toBeGreaterThan(0);
    }
    for (const unit of split) expect(unit.sitesBefore).toBeGreaterThanOrEqual(2);
    expect(body.demandArea).toBeCloseTo(
      body.candidateUnits.reduce((sum, unit) => sum + unit.demandArea, 0),
      1,
    );
    expect(body.rentSavedPerYear).toBeGreaterThan(0);
    expect(body.convertibleAssets.map((asset) => asset.name)).toContain("原黑龙江工程学院南岗校区");
    // The county planner of 富裕县 reads nothing in Harbin.
    const outside = await analyse(county, { geometry: zone });
    expect(outside.body).toMatchObject({ buildings: 0, candidateUnits: [], convertibleAssets: [] });
  });
});
