import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { type ErrorBody, send } from "./inventory-edit.support.js";
import { insertSitesFixture, type SitesFixture } from "./sites.support.js";
import { at, ORIGIN } from "./zone-analysis.support.js";

interface Criterion {
  value: number | null;
  score: number;
  weight: number;
  contribution: number;
  influence: Record<string, unknown>;
}
interface Site {
  id: string;
  kind: string;
  name: string;
  usableArea: number;
  grossArea: number | null;
  areaEstimated: boolean;
  contiguousArea: number;
  accessible: boolean;
  clearTitle: boolean;
  score: number;
  criteria: Record<string, Criterion>;
  populationWithin: number;
  facilityDistance: number | null;
  geometry: { type: string; coordinates: unknown[] };
}
interface Search {
  distanceKind: string;
  walkMeters: number;
  candidates: number;
  sites: Site[];
}
interface Coverage {
  distanceKind: string;
  facilityKinds: string[];
  before: number;
  after: number;
  gained: number;
  gainedPoints: number;
  gainedBySource: { geonames: number; generated: number; survey: number };
}
interface Choice {
  siteIds: string[];
  covered: number;
  gained: number;
}
interface Allocation {
  before: number;
  candidates: number;
  optimal: Choice & { gap: number; status: string };
  greedy: Choice;
}

/** A square of 2 × `half` metres around [lng, lat]. */
function square([lng, lat]: [number, number], half: number) {
  const dy = half / 111_320;
  const dx = dy / Math.cos((lat * Math.PI) / 180);
  return {
    type: "Polygon",
    coordinates: [
      [
        [lng - dx, lat - dy],
        [lng + dx, lat - dy],
        [lng + dx, lat + dy],
        [lng - dx, lat + dy],
        [lng - dx, lat - dy],
      ],
    ],
  };
}

/** 富裕镇, the seat of 富裕县 (the demo's anchor). */
const FUYU_TOWN: [number, number] = [124.457, 47.798];
const FUYU_VACATED = "富裕县原县直机关办公楼（已腾退）";

describe.each(testModes())("idle-site analysis (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let fixture: SitesFixture;

  beforeAll(async () => {
    app = await openTestApp(mode);
    county = await app.signIn("demo-county");
    // The fixture's numbers hold only if no demo demand or facility lies within 5 km of it.
    const { rows } = await sql<{ n: number }>`select
      (select count(*) from residential_demand d where st_dwithin(d.location::geography,
        st_setsrid(st_makepoint(${ORIGIN[0]}, ${ORIGIN[1]}), 4326)::geography, 5000))
      + (select count(*) from community_facilities f where st_dwithin(f.location::geography,
        st_setsrid(st_makepoint(${ORIGIN[0]}, ${ORIGIN[1]}), 4326)::geography, 5000)) as n`.execute(
      app.database.db,
    );
    expect(Number(rows[0]?.n)).toBe(0);
    fixture = await insertSitesFixture(app.database.db);
  });
  afterAll(async () => {
    await app.database.close();
  });

  const search = (body: Record<string, unknown>, client = county) =>
    send<Search & ErrorBody>(client, "POST", "/api/analysis/sites", body);
  const cover = (body: Record<string, unknown>) =>
    send<Coverage & ErrorBody>(county, "POST", "/api/analysis/coverage", body);
  const allocate = (body: Record<string, unknown>) =>
    send<Allocation & ErrorBody>(county, "POST", "/api/analysis/location-allocation", body);

  it("ranks Fuyu's vacated 9,019 m² building among the top three community-use sites near 富裕镇, explained", async () => {
    const { status, body } = await search({ targetUse: "people_home", within: square(FUYU_TOWN, 5000) });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.distanceKind).toBe("straight_line");
    expect(body.walkMeters).toBe(1500);
    const scores = body.sites.map((site) => site.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const rank = body.sites.findIndex((site) => site.name === FUYU_VACATED);
    expect(rank, body.sites.map((site) => `${site.name} ${site.score}`).join("\n")).toBeGreaterThanOrEqual(0);
    expect(rank).toBeLessThan(3);
    const fuyu = body.sites[rank] as Site;
    expect(fuyu.kind).toBe("building");
    expect(fuyu.grossArea).toBe(9019);
    // Its rooms: 66 % of the gross area, surveyed room by room (demo generator).
    expect(fuyu.usableArea).toBeGreaterThan(5900);
    expect(fuyu.usableArea).toBeLessThan(6000);
    expect(fuyu.populationWithin).toBeGreaterThan(0);
    expect(fuyu.geometry.type).toBe("Polygon");
    // The score explained: every criterion's value, 0–100 score and weight; the parts add up.
    expect(Object.keys(fuyu.criteria).sort()).toEqual(
      [
        "accessibility",
        "area",
        "clearTitle",
        "condition",
        "contiguousArea",
        "facilityDistance",
        "populationWithin",
      ].sort(),
    );
    const parts = Object.values(fuyu.criteria);
    expect(parts.reduce((sum, part) => sum + part.weight, 0)).toBe(100);
    expect(parts.reduce((sum, part) => sum + part.contribution, 0)).toBeCloseTo(fuyu.score, 1);
    expect(fuyu.criteria.area?.value).toBe(fuyu.usableArea);
    expect(fuyu.criteria.condition?.value).toBe(2); // fair
  });

  it("shows the population newly covered by converting it into a 群众之家 and an 老年人俱乐部", async () => {
    const found = await search({ targetUse: "people_home", within: square(FUYU_TOWN, 5000), limit: 10 });
    const fuyu = found.body.sites.find((site) => site.name === FUYU_VACATED) as Site;
    for (const facilityKind of ["people_home", "elderly_club"]) {
      const { status, body } = await cover({ siteIds: [fuyu.id], facilityKind });
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.distanceKind).toBe("straight_line");
      expect(body.gained).toBeGreaterThan(0);
      expect(body.after).toBe(body.before + body.gained);
      expect(body.gainedBySource.geonames + body.gainedBySource.generated).toBe(body.gained);
    }
    const home = await cover({ siteIds: [fuyu.id], facilityKind: "people_home" });
    expect(home.body.facilityKinds).toEqual(["people_home", "community_service_center"]);
  });

  it("ranks the same when spatial facts are fetched best bound first as when every candidate has them", async () => {
    for (const targetUse of ["people_home", "elderly_club", "startup_incubator"]) {
      // Province-wide (demo-admin): more candidates than the first batch of facts (limit + 32 = 35), so
      // the bound prunes.
      const pruned = await search({ targetUse, limit: 3 }, app);
      expect(pruned.status, JSON.stringify(pruned.body)).toBe(200);
      expect(pruned.body.candidates, targetUse).toBeGreaterThan(35);
      // A distance filter makes the finder fetch the facts of every candidate (it may drop a remote one).
      const exhaustive = await search({ targetUse, limit: 3, maxDemandDistance: 50_000 }, app);
      expect(exhaustive.body.candidates).toBeLessThanOrEqual(pruned.body.candidates);
      const summary = (sites: Site[]) => sites.map((site) => [site.id, site.score, site.populationWithin]);
      expect(summary(pruned.body.sites)).toEqual(summary(exhaustive.body.sites));
    }
  });

  it("offers each idle room once: the vacated building whole, a floor's idle rooms together, a lone room, the asset", async () => {
    const { status, body } = await search({
      targetUse: "other",
      within: fixture.area,
      walkMeters: 1000,
      weights: { area: 50, populationWithin: 50 },
      criteria: {
        area: { influence: "positive", low: 0, high: 700 },
        populationWithin: { influence: "positive", low: 0, high: 2000 },
      },
    });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.candidates).toBe(4);
    const byId = new Map(body.sites.map((site) => [site.id, site]));
    expect([...byId.keys()]).toEqual([
      `asset:${fixture.asset}`,
      `building:${fixture.f1}`,
      `floor:${fixture.f2Floor2}`,
      `room:${fixture.f2LoneRoom}`,
    ]);
    // Asset: 1,000 m² gross × 0.65 = 650 m² (estimated), 4,000 people 40 m away: 50 × 650/700 + 50 × 1.
    expect(byId.get(`asset:${fixture.asset}`)).toMatchObject({
      usableArea: 650,
      areaEstimated: true,
      clearTitle: false,
      populationWithin: 4000,
      score: 96.43,
    });
    // F1: 350 m², 200 m² on floor 1 (ground), 1,000 people at 480 m: 50 × 350/700 + 50 × 1000/2000 = 50.
    expect(byId.get(`building:${fixture.f1}`)).toMatchObject({
      usableArea: 350,
      contiguousArea: 200,
      accessible: true,
      clearTitle: true,
      populationWithin: 1000,
      score: 50,
    });
    const f1 = byId.get(`building:${fixture.f1}`) as Site;
    expect(f1.facilityDistance).toBeNull(); // no 其他 facility anywhere in the county
    // F2's second floor (no lift): 2 × 60 m²; 50 × 120/700 + 25 = 33.57.
    expect(byId.get(`floor:${fixture.f2Floor2}`)).toMatchObject({
      usableArea: 120,
      accessible: false,
      clearTitle: false,
      score: 33.57,
    });
    // The lone 40 m² room on the ground floor: 50 × 40/700 + 25 = 27.86.
    expect(byId.get(`room:${fixture.f2LoneRoom}`)).toMatchObject({
      usableArea: 40,
      accessible: true,
      score: 27.86,
    });
  });

  it("filters by area, access, title, kind and distances to demand and to existing facilities", async () => {
    const ids = async (extra: Record<string, unknown>) => {
      const { status, body } = await search({ targetUse: "other", within: fixture.area, ...extra });
      expect(status, JSON.stringify(body)).toBe(200);
      return body.sites.map((site) => site.id).sort();
    };
    const f1 = `building:${fixture.f1}`;
    const floor = `floor:${fixture.f2Floor2}`;
    const room = `room:${fixture.f2LoneRoom}`;
    const asset = `asset:${fixture.asset}`;
    expect(await ids({ minArea: 100 })).toEqual([asset, f1, floor].sort());
    expect(await ids({ minArea: 100, maxArea: 400 })).toEqual([f1, floor].sort());
    expect(await ids({ minContiguousArea: 150 })).toEqual([asset, f1].sort());
    expect(await ids({ requireAccessible: true })).toEqual([asset, f1, room].sort());
    expect(await ids({ requireClearTitle: true })).toEqual([f1]);
    expect(await ids({ kinds: ["floor", "room"] })).toEqual([floor, room].sort());
    expect(await ids({ conditions: ["good", "fair"] })).toEqual([f1, floor, room].sort());
    expect(await ids({ maxDemandDistance: 100 })).toEqual([asset]);
    // The elderly club E is 1,980 m from F1 and 1,982 m from F2.
    const elderly = await search({
      targetUse: "elderly_club",
      within: fixture.area,
      requireAccessible: false,
    });
    const f1Found = elderly.body.sites.find((site) => site.id === f1) as Site;
    expect(f1Found.facilityDistance).toBeGreaterThan(1975);
    expect(f1Found.facilityDistance).toBeLessThan(1985);
    const far = await search({
      targetUse: "elderly_club",
      within: fixture.area,
      requireAccessible: false,
      minFacilityDistance: 2500,
    });
    expect(far.body.sites.map((site) => site.id)).toEqual([asset]);
    // Elderly centres want ground floor or lift by default: F2's second floor drops out.
    const accessible = await search({ targetUse: "elderly_club", within: fixture.area });
    expect(accessible.body.sites.map((site) => site.id).sort()).toEqual([asset, f1, room].sort());
  });

  it("counts coverage before and after, and adding a site never lowers it", async () => {
    // Existing elderly club E reaches D2 (500 m); F1 reaches D1 (480 m); A1 reaches D3 (40 m).
    const one = await cover({
      siteIds: [`building:${fixture.f1}`],
      facilityKind: "elderly_club",
      walkMeters: 1000,
    });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body).toMatchObject({ before: 2000, after: 3000, gained: 1000, gainedPoints: 1 });
    expect(one.body.gainedBySource).toEqual({ geonames: 0, generated: 0, survey: 1000 });
    const two = await cover({
      siteIds: [`building:${fixture.f1}`, `asset:${fixture.asset}`],
      facilityKind: "elderly_club",
      walkMeters: 1000,
    });
    expect(two.body).toMatchObject({ before: 2000, after: 7000, gained: 5000, gainedPoints: 2 });
    // F2's lone room stands in F2, which reaches only D1, already gained by F1: nothing more.
    const three = await cover({
      siteIds: [`building:${fixture.f1}`, `asset:${fixture.asset}`, `room:${fixture.f2LoneRoom}`],
      facilityKind: "elderly_club",
      walkMeters: 1000,
    });
    expect(three.body.after).toBe(7000);
    // 470 m: D1 (480 m from F1) is out of reach.
    const short = await cover({
      siteIds: [`building:${fixture.f1}`],
      facilityKind: "elderly_club",
      walkMeters: 470,
    });
    expect(short.body).toMatchObject({ before: 0, gained: 0 });
  });

  it("chooses k sites with HiGHS and compares them with the greedy choice", async () => {
    const candidateIds = [
      `building:${fixture.f1}`,
      `floor:${fixture.f2Floor2}`,
      `room:${fixture.f2LoneRoom}`,
      `asset:${fixture.asset}`,
    ];
    const one = await allocate({ targetUse: "elderly_club", k: 1, walkMeters: 1000, candidateIds });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body.before).toBe(2000);
    expect(one.body.candidates).toBe(3); // F2's floor and room stand at one place
    expect(one.body.optimal).toMatchObject({
      siteIds: [`asset:${fixture.asset}`],
      covered: 6000,
      gained: 4000,
      status: "optimal",
      gap: 0,
    });
    expect(one.body.greedy).toMatchObject({ siteIds: [`asset:${fixture.asset}`], covered: 6000 });
    const two = await allocate({ targetUse: "elderly_club", k: 2, walkMeters: 1000, candidateIds });
    expect(two.body.optimal.gained).toBe(5000);
    expect(two.body.optimal.siteIds).toContain(`asset:${fixture.asset}`);
    // From the finder's own candidates in the area (elderly: accessible ones).
    const found = await allocate({ targetUse: "elderly_club", k: 3, walkMeters: 1000, within: fixture.area });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body.optimal.gained).toBe(5000);
    expect(found.body.greedy.gained).toBe(5000);
  });

  it("answers bad input with a precise 400, unknown sites with 404, non-staff with 403 and 401", async () => {
    const expect400 = async (
      response: Promise<{ status: number; body: ErrorBody }>,
      path: string,
      message: RegExp,
    ) => {
      const { status, body } = await response;
      expect(status, JSON.stringify(body)).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.details.some((detail) => detail.path === path && message.test(detail.message))).toBe(
        true,
      );
    };
    await expect400(search({ targetUse: "people_home", radius: 5 }), "", /unknown parameter\(s\): radius/);
    await expect400(search({ targetUse: "school" }), "targetUse", /targetUse must be one of/);
    await expect400(
      search({ targetUse: "people_home", weights: { area: 50, populationWithin: 40 } }),
      "weights",
      /sum to 100 \(%\); these sum to 90/,
    );
    await expect400(
      search({ targetUse: "people_home", weights: { area: 50, parking: 50 } }),
      "weights",
      /unknown parameter\(s\): parking/,
    );
    await expect400(
      search({
        targetUse: "people_home",
        criteria: { area: { influence: "positive", low: 500, high: 100 } },
      }),
      "criteria.area",
      /high must be greater than low/,
    );
    await expect400(search({ targetUse: "people_home", minArea: 500, maxArea: 100 }), "maxArea", /minArea/);
    const bowtie = {
      type: "Polygon",
      coordinates: [[at(0, 0), at(100, 100), at(100, 0), at(0, 100), at(0, 0)]],
    };
    await expect400(search({ targetUse: "people_home", within: bowtie }), "within", /Self-intersection at/);
    await expect400(
      search({ targetUse: "people_home", within: { type: "Point", coordinates: at(0, 0) } }),
      "within",
      /is a Point; it must be a GeoJSON Polygon or MultiPolygon/,
    );
    await expect400(search({ targetUse: "people_home", walkMeters: 20 }), "walkMeters", /between 50 and/);
    await expect400(
      cover({ siteIds: ["building-1"], facilityKind: "elderly_club" }),
      "siteIds.0",
      /site ids look like/,
    );
    await expect400(cover({ siteIds: [], facilityKind: "elderly_club" }), "siteIds", /at least one/);
    await expect400(allocate({ targetUse: "elderly_club", k: 0 }), "k", /k is 1 to 50/);

    const missing = await cover({ siteIds: ["building:999999999"], facilityKind: "elderly_club" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/No site building:999999999/);

    const unitUser = await app.signIn("demo-unit");
    const forbidden = await search({ targetUse: "people_home" }, unitUser);
    expect(forbidden.status).toBe(403);
    const anonymous = await app.anonymous.json<ErrorBody>("/api/analysis/sites", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetUse: "people_home" }),
    });
    expect(anonymous.status).toBe(401);
  });
});
