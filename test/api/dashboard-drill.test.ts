import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { buildingId, FUYU_BUILDING, json } from "./outflow.support.js";

// The dashboard's drill-down (issue 10, build item 3): the figures added to the first dashboard
// (overdue findings, units renting outside, conversions done), findings by status × age, the lists
// behind every number, the map and the unit at the bottom of the drill-down.

const figures = [
  "grossArea",
  "officeArea",
  "idleArea",
  "unitsOverStandard",
  "personsOverStandard",
  "leasesIn",
  "annualRentOutside",
  "openFindings",
  "activeFindings",
  "overdueFindings",
  "unitsRentingOutside",
  "conversionsDone",
  "conversionArea",
] as const;
type Figure = (typeof figures)[number];
type Totals = Record<Figure, number>;
interface Cell {
  status: string;
  age: string;
  count: number;
}
interface DashboardBody {
  region: { code: string; level: string };
  totals: Totals;
  children: Array<Totals & { region: { code: string; name: string; own: boolean } }>;
  findings: { cells: Cell[]; overdue: number };
  units?: Array<{ unit: { id: number }; openFindings: number; overdueFindings: number }>;
}
interface ListBody {
  region: string;
  metric: string;
  figure: Figure;
  total: number;
  count: number;
  rows: Array<{
    kind: string;
    id: number;
    name: string;
    regionCode: string;
    unit: { id: number; name: string } | null;
    buildingId: number | null;
    center: [number, number] | null;
    value: number;
    details: Record<string, number | string | null>;
  }>;
}
interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path?: string; message: string }> };
}

const metrics = {
  gross_area: "grossArea",
  office_area: "officeArea",
  idle_buildings: "idleArea",
  units_over_standard: "unitsOverStandard",
  persons_over_standard: "personsOverStandard",
  leases_in: "leasesIn",
  annual_rent_outside: "annualRentOutside",
  units_renting_outside: "unitsRentingOutside",
  conversions_done: "conversionsDone",
  conversion_area: "conversionArea",
} as const satisfies Record<string, Figure>;

/** Beijing's calendar date `daysAgo` days ago (negative: ahead); the server counts ages and deadlines in it. */
function beijingDate(daysAgo: number): string {
  return new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

describe.each(testModes())("dashboard drill-down (%s)", (mode) => {
  let app: TestApp;
  let fuyuUnit: { id: number; region_code: string };
  let harbinUnit: { id: number; region_code: string };

  beforeAll(async () => {
    app = await openTestApp(mode);
    const db = app.database.db;
    fuyuUnit = await db
      .selectFrom("units")
      .select(["id", "region_code"])
      .where("region_code", "like", "230227%")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    harbinUnit = await db
      .selectFrom("units")
      .select(["id", "region_code"])
      .where("region_code", "like", "2301%")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    // Findings of every status and age, some past their deadline: the ledger the figures are checked on.
    const finding = (
      unit: { id: number; region_code: string },
      status: string,
      daysAgo: number,
      deadline: string | null,
    ) => ({
      region_code: unit.region_code,
      unit_id: unit.id,
      rule: "over_standard_office",
      severity: "medium" as const,
      description: `drill-down ${status} ${daysAgo}`,
      status,
      deadline,
      referred_on: status === "referred" ? beijingDate(1) : null,
      created_at: new Date(Date.now() - daysAgo * 86_400_000 - 3600_000),
      // The ledger counts a finding's age from the day it was raised.
      raised_on: beijingDate(daysAgo),
    });
    await db
      .insertInto("findings")
      .values([
        finding(fuyuUnit, "open", 5, beijingDate(-10)),
        finding(fuyuUnit, "open", 45, beijingDate(3)),
        finding(fuyuUnit, "rectifying", 120, beijingDate(30)),
        finding(fuyuUnit, "verified", 100, beijingDate(30)),
        finding(fuyuUnit, "referred", 200, beijingDate(60)),
        finding(fuyuUnit, "closed", 10, beijingDate(5)),
        finding(harbinUnit, "open", 95, beijingDate(2)),
        finding(harbinUnit, "rectifying", 31, null),
      ])
      .execute();
    // Fuyu's vacated building converted to a 群众之家 (the real case): one conversion done.
    const planner = await app.signIn("demo-county");
    const approver = await app.signIn("demo-approver");
    const building = await buildingId(app, FUYU_BUILDING);
    const proposal = await planner.json<{ id: number; version: number }>(
      "/api/conversions",
      json({
        name: "富裕县群众之家",
        source: { kind: "building", buildingId: building },
        uses: [{ kind: "people_home", name: "富裕县群众之家", area: 3000 }],
      }),
    );
    expect(proposal.status).toBe(201);
    const id = proposal.body.id;
    expect((await approver.json(`/api/conversions/${id}/approve`, json({ version: 1 }))).status).toBe(200);
    expect((await planner.json(`/api/conversions/${id}/start`, json({ version: 2 }))).status).toBe(200);
    expect((await planner.json(`/api/conversions/${id}/complete`, json({ version: 3 }))).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await app?.database.close();
  });

  /** The new figures summed straight over the ledger for a GB/T 2260 prefix, unscoped. */
  async function ledger(prefix: string, today: string) {
    const like = `${prefix}%`;
    const { rows } = await sql<Record<string, string | number>>`
      select
        (select count(*) from findings where region_code like ${like} and deadline < ${today}::date
          and status in ('open', 'rectifying')) as "overdueFindings",
        (select count(*) from units u where u.region_code like ${like}
          and exists (select 1 from leases_in l where l.unit_id = u.id)) as "unitsRentingOutside",
        (select count(*) from conversions where region_code like ${like} and status = 'done') as "conversionsDone",
        (select coalesce(sum(area), 0) from conversions where region_code like ${like} and status = 'done')
          as "conversionArea",
        (select count(*) from findings where region_code like ${like}) as "findings",
        (select count(*) from findings where region_code like ${like} and status in ('open', 'rectifying'))
          as "activeFindings",
        (select count(*) from findings where region_code like ${like} and status <> 'closed') as "openFindings"
    `.execute(app.database.db);
    const row = rows[0] ?? {};
    return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
  }

  function expectChildrenSum(body: DashboardBody) {
    for (const figure of figures) {
      const sum = body.children.reduce((total, child) => total + child[figure], 0);
      expect(body.totals[figure], figure).toBeCloseTo(sum, 2);
    }
  }

  it("sums every figure over its children (incl. 本级) and the ledger, at each level", async () => {
    const today = beijingDate(0);
    for (const [region, prefix] of [
      ["230000", "23"],
      ["230200", "2302"],
      ["230227", "230227"],
      ["230100", "2301"],
    ] as const) {
      const { status, body } = await app.json<DashboardBody>(`/api/dashboard?region=${region}`);
      expect(status, region).toBe(200);
      expectChildrenSum(body);
      const direct = await ledger(prefix, today);
      for (const figure of [
        "overdueFindings",
        "unitsRentingOutside",
        "conversionsDone",
        "conversionArea",
      ] as const)
        expect(body.totals[figure], `${region} ${figure}`).toBeCloseTo(direct[figure] ?? Number.NaN, 2);
      // Findings by status × age cover the whole ledger of the region; all but closed are the open figure.
      const cells = body.findings.cells;
      expect(cells).toHaveLength(15);
      expect(
        cells.reduce((sum, cell) => sum + cell.count, 0),
        region,
      ).toBe(direct.findings);
      expect(
        cells.filter((cell) => cell.status !== "closed").reduce((sum, cell) => sum + cell.count, 0),
      ).toBe(body.totals.openFindings);
      expect(body.findings.overdue).toBe(body.totals.overdueFindings);
    }
    const province = (await app.json<DashboardBody>("/api/dashboard?region=230000")).body;
    const qiqihar = province.children.find((child) => child.region.code === "230200") as Totals;
    const qiqiharBody = (await app.json<DashboardBody>("/api/dashboard?region=230200")).body;
    for (const figure of figures) expect(qiqiharBody.totals[figure], figure).toBeCloseTo(qiqihar[figure], 2);
  });

  it("buckets Fuyu's findings by status and age and counts the overdue ones", async () => {
    const { body } = await app.json<DashboardBody>("/api/dashboard?region=230227");
    const count = (status: string, age: string) =>
      body.findings.cells.find((cell) => cell.status === status && cell.age === age)?.count;
    expect(count("open", "0-30")).toBe(1);
    expect(count("open", "31-90")).toBe(1);
    expect(count("rectifying", "91-")).toBe(1);
    expect(count("verified", "91-")).toBe(1);
    expect(count("referred", "91-")).toBe(1);
    expect(count("closed", "0-30")).toBe(1);
    // Past their deadline and still the unit's to act on: the open one of 45 days and the rectifying
    // one; the verified and referred ones are not, though their deadlines passed, nor the newest open one.
    expect(body.totals.overdueFindings).toBe(2);
    expect(body.totals.openFindings).toBe(5);
    expect(body.totals.activeFindings).toBe(3);
    expect(body.totals.conversionsDone).toBe(1);
    expect(body.totals.conversionArea).toBeGreaterThan(0);
    const unit = body.units?.find((row) => row.unit.id === fuyuUnit.id);
    expect(unit).toMatchObject({ openFindings: 5, overdueFindings: 2 });
  });

  it("lists the records behind every number; the values sum to the number, at every level", async () => {
    for (const region of ["230000", "230200", "230227"]) {
      const totals = (await app.json<DashboardBody>(`/api/dashboard?region=${region}`)).body.totals;
      for (const [metric, figure] of Object.entries(metrics)) {
        const { status, body } = await app.json<ListBody>(
          `/api/dashboard/list?region=${region}&metric=${metric}`,
        );
        expect(status, `${region} ${metric}`).toBe(200);
        expect(body.figure).toBe(figure);
        const sum = body.rows.reduce((total, row) => total + row.value, 0);
        expect(sum, `${region} ${metric}`).toBeCloseTo(totals[figure], 2);
        expect(body.total, `${region} ${metric}`).toBeCloseTo(totals[figure], 2);
        expect(body.count).toBe(body.rows.length);
        for (const row of body.rows) expect(row.regionCode.startsWith(region.replace(/0+$/, ""))).toBe(true);
      }
    }
    // The 本级 row of each level: its lists hold the region's own records only and sum to that row.
    for (const region of ["230000", "230100", "230227"]) {
      const own = (await app.json<DashboardBody>(`/api/dashboard?region=${region}`)).body.children.find(
        (child) => child.region.own,
      ) as Totals;
      for (const [metric, figure] of Object.entries(metrics)) {
        const { body } = await app.json<ListBody>(
          `/api/dashboard/list?region=${region}&metric=${metric}&own=1`,
        );
        expect(body.total, `${region} 本级 ${metric}`).toBeCloseTo(own[figure], 2);
        expect(body.rows.every((row) => row.regionCode === region)).toBe(true);
      }
    }
    expect((await app.json("/api/dashboard/list?region=230000&metric=gross_area&own=yes")).status).toBe(400);
    // Counted figures list one row per record; units renting outside carry their leases' rent.
    const province = (await app.json<DashboardBody>("/api/dashboard?region=230000")).body.totals;
    const over = (await app.json<ListBody>("/api/dashboard/list?region=230000&metric=units_over_standard"))
      .body;
    expect(over.count).toBe(province.unitsOverStandard);
    expect(over.rows.every((row) => row.kind === "unit" && row.details.status === "over")).toBe(true);
    const renting = (
      await app.json<ListBody>("/api/dashboard/list?region=230000&metric=units_renting_outside")
    ).body;
    expect(renting.rows.reduce((sum, row) => sum + Number(row.details.annualRent), 0)).toBeCloseTo(
      province.annualRentOutside,
      2,
    );
    const leases = (await app.json<ListBody>("/api/dashboard/list?region=230000&metric=leases_in")).body;
    expect(leases.count).toBe(province.leasesIn);
    expect(leases.rows.every((row) => row.unit !== null)).toBe(true);
    const idle = (await app.json<ListBody>("/api/dashboard/list?region=230227&metric=idle_buildings")).body;
    expect(idle.rows.length).toBeGreaterThan(0);
    expect(idle.rows.every((row) => row.kind === "building" && row.buildingId === row.id && row.center)).toBe(
      true,
    );
    // Largest first.
    expect(idle.rows.map((row) => row.value)).toEqual(
      [...idle.rows.map((row) => row.value)].sort((a, b) => b - a),
    );
    const done = (await app.json<ListBody>("/api/dashboard/list?region=230227&metric=conversions_done")).body;
    expect(done.rows.map((row) => row.name)).toEqual(["富裕县群众之家"]);
  });

  it("applies the read scope to the lists: a county user gets Fuyu's, not Harbin's (404)", async () => {
    const county: SignedInClient = await app.signIn("demo-county");
    const own = await county.json<ListBody>("/api/dashboard/list?region=230227&metric=units_over_standard");
    expect(own.status).toBe(200);
    const asAdmin = await app.json<ListBody>("/api/dashboard/list?region=230227&metric=units_over_standard");
    expect(own.body.rows.map((row) => row.id)).toEqual(asAdmin.body.rows.map((row) => row.id));
    expect((await county.json("/api/dashboard/list?region=230100&metric=gross_area")).status).toBe(404);
    const unitUser = await app.signIn("demo-unit");
    const conversions = await unitUser.json<ListBody>(
      "/api/dashboard/list?region=230000&metric=conversions_done",
    );
    expect(conversions.body.rows).toEqual([]);
    const totals = (await unitUser.json<DashboardBody>("/api/dashboard?region=230000")).body.totals;
    expect(totals.conversionsDone).toBe(0);
  });

  it("answers 400 for a bad metric, region or extra field, naming it; 404 for an unknown region", async () => {
    for (const [query, field] of [
      ["region=230000&metric=everything", "metric"],
      ["region=230000", "metric"],
      ["region=23&metric=gross_area", "region"],
      ["region=230000&metric=gross_area&limit=5", "limit"],
    ] as const) {
      const { status, body } = await app.json<ErrorBody>(`/api/dashboard/list?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(JSON.stringify(body.error), query).toContain(field);
    }
    expect((await app.json("/api/dashboard/list?region=239999&metric=gross_area")).status).toBe(404);
    expect((await app.anonymous.request("/api/dashboard/list?region=230000&metric=gross_area")).status).toBe(
      401,
    );
    expect((await app.json("/api/dashboard/map?region=230000&x=1")).status).toBe(400);
    expect((await app.json("/api/dashboard/units/abc")).status).toBe(400);
    expect((await app.json("/api/dashboard/units/999999")).status).toBe(404);
  });

  it("draws the children on the map, and the units as points at county level", async () => {
    const province = await app.request("/api/dashboard/map?region=230000");
    expect(province.status).toBe(200);
    expect(province.headers.get("content-type")).toContain("application/geo+json");
    const features = (await province.json()) as {
      type: string;
      features: Array<{
        id: string;
        geometry: { type: string };
        properties: { kind: string; code?: string; id?: number };
      }>;
    };
    expect(features.type).toBe("FeatureCollection");
    const codes = features.features.map((feature) => feature.properties.code);
    expect(codes).toContain("230200");
    expect(features.features.every((feature) => feature.properties.kind === "region")).toBe(true);
    const qiqihar = (await app.json<typeof features>("/api/dashboard/map?region=230200")).body;
    expect(qiqihar.features.map((feature) => feature.properties.code)).toContain("230227");
    const fuyu = (await app.json<typeof features>("/api/dashboard/map?region=230227")).body;
    const units = fuyu.features.filter((feature) => feature.properties.kind === "unit");
    expect(units.length).toBeGreaterThan(0);
    expect(units.every((feature) => feature.geometry.type === "Point")).toBe(true);
    expect(units.map((feature) => feature.properties.id)).toContain(fuyuUnit.id);
  });

  it("gives a unit's own figures at the bottom: areas by category, entitlement, leases, findings", async () => {
    const { status, body } = await app.json<{
      unit: { id: number; regionCode: string };
      areaByCategory: Record<string, number>;
      entitlement: { status: string; actualOffice: number; entitledOffice: number } | null;
      leases: unknown[];
      findings: { cells: Cell[]; overdue: number };
    }>(`/api/dashboard/units/${fuyuUnit.id}`);
    expect(status).toBe(200);
    expect(body.unit).toMatchObject({ id: fuyuUnit.id, regionCode: fuyuUnit.region_code });
    const { rows } = await sql<{ area: string }>`select coalesce(sum(usable_area), 0) as area from rooms
      where occupant_unit_id = ${fuyuUnit.id} and use_category = 'office'
        and status not in ('converted', 'commercial')`.execute(app.database.db);
    expect(body.areaByCategory.office).toBeCloseTo(Number(rows[0]?.area), 2);
    expect(body.entitlement).not.toBeNull();
    expect(body.findings.cells.reduce((sum, cell) => sum + cell.count, 0)).toBe(6);
    expect(body.findings.overdue).toBe(2);
    const county = await app.signIn("demo-county");
    expect((await county.json(`/api/dashboard/units/${harbinUnit.id}`)).status).toBe(404);
  });
});
