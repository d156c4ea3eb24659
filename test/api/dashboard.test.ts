import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

const figures = [
  "grossArea",
  "officeArea",
  "idleArea",
  "unitsOverStandard",
  "personsOverStandard",
  "leasesIn",
  "annualRentOutside",
  "openFindings",
] as const;
type Totals = Record<(typeof figures)[number], number>;
interface DashboardBody {
  region: { code: string; name: string; level: string };
  totals: Totals;
  children: Array<Totals & { region: { code: string; name: string; level: string; own: boolean } }>;
  units?: Array<{
    unit: { id: number; name: string; regionCode: string };
    overStandard: boolean;
    personsOverStandard: number;
    openFindings: number;
    officeArea: number;
  }>;
}
interface ErrorBody {
  error: { code: string; message: string };
}

function expectChildrenSum(body: DashboardBody) {
  for (const figure of figures) {
    const sum = body.children.reduce((total, child) => total + child[figure], 0);
    expect(body.totals[figure], figure).toBeCloseTo(sum, 2);
  }
}

describe.each(testModes())("dashboard (%s)", (mode) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await openTestApp(mode);
  }, 180_000);
  afterAll(async () => {
    await app?.database.close();
  });

  /** The figures summed straight over the ledger tables for a GB/T 2260 prefix, unscoped. */
  async function directSums(prefix: string): Promise<Totals> {
    const like = `${prefix}%`;
    const { rows } = await sql<Record<string, string | number>>`
      select
        (select coalesce(sum(gross_area), 0) from buildings where region_code like ${like}) as "grossArea",
        (select coalesce(sum(r.usable_area), 0) from rooms r join buildings b on b.id = r.building_id
          where b.region_code like ${like} and r.use_category = 'office'
            and r.status not in ('converted', 'commercial')) as "officeArea",
        (select coalesce(sum(r.usable_area), 0) from rooms r join buildings b on b.id = r.building_id
          where b.region_code like ${like} and r.status = 'idle') as "idleArea",
        (select count(*) from unit_standard_status s join units u on u.id = s.unit_id
          where u.region_code like ${like} and s.status = 'over') as "unitsOverStandard",
        (select coalesce(sum(s.over_standard_persons), 0) from unit_standard_status s join units u on u.id = s.unit_id
          where u.region_code like ${like}) as "personsOverStandard",
        (select count(*) from leases_in where region_code like ${like}) as "leasesIn",
        (select coalesce(sum(annual_rent), 0) from leases_in where region_code like ${like}) as "annualRentOutside",
        (select count(*) from findings where region_code like ${like} and status <> 'closed') as "openFindings"
    `.execute(app.database.db);
    const row = rows[0] ?? {};
    return Object.fromEntries(figures.map((figure) => [figure, Number(row[figure])])) as Totals;
  }

  function expectTotals(actual: Totals, expected: Totals) {
    for (const figure of figures) expect(actual[figure], figure).toBeCloseTo(expected[figure], 2);
  }

  it("gives the province totals as the sums of its prefectures and its own level, and of the ledger", async () => {
    const { status, body } = await app.json<DashboardBody>("/api/dashboard?region=230000");
    expect(status).toBe(200);
    expect(body.region).toMatchObject({ code: "230000", level: "province" });
    expect(
      body.children.filter((child) => !child.region.own).every((c) => c.region.level === "prefecture"),
    ).toBe(true);
    expect(body.children.filter((child) => child.region.own).map((c) => c.region.code)).toEqual(["230000"]);
    expectChildrenSum(body);
    expectTotals(body.totals, await directSums("23"));
    expect(body.totals.grossArea).toBeGreaterThan(0);
    expect(body.totals.officeArea).toBeGreaterThan(0);
    expect(body.totals.officeArea).toBeLessThan(body.totals.grossArea);
    expect(body.totals.unitsOverStandard).toBeGreaterThan(0);
  });

  it("drills down: a prefecture's totals equal its row on the province and the ledger; a county's too", async () => {
    const province = (await app.json<DashboardBody>("/api/dashboard?region=230000")).body;
    const qiqihar = (await app.json<DashboardBody>("/api/dashboard?region=230200")).body;
    const row = province.children.find((child) => child.region.code === "230200");
    expect(row).toBeDefined();
    expectTotals(qiqihar.totals, row as Totals);
    expectChildrenSum(qiqihar);
    expectTotals(qiqihar.totals, await directSums("2302"));
    expect(qiqihar.children.some((child) => child.region.code === "230227")).toBe(true);

    const county = (await app.json<DashboardBody>("/api/dashboard?region=230227")).body;
    expectChildrenSum(county);
    expectTotals(county.totals, await directSums("230227"));
    expectTotals(county.totals, qiqihar.children.find((c) => c.region.code === "230227") as Totals);

    // At county level the units come with their own figures; over-standard units and persons and open
    // findings are the unit's, so they add up to the county's.
    expect(qiqihar.units).toBeUndefined();
    const units = county.units ?? [];
    const countyUnits = await app.database.db
      .selectFrom("units")
      .select("id")
      .where("region_code", "like", "230227%")
      .orderBy("id")
      .execute();
    expect(units.map((unit) => unit.unit.id)).toEqual(countyUnits.map((unit) => unit.id));
    expect(units.filter((unit) => unit.overStandard).length).toBe(county.totals.unitsOverStandard);
    expect(units.reduce((sum, unit) => sum + unit.personsOverStandard, 0)).toBe(
      county.totals.personsOverStandard,
    );
    expect(units.reduce((sum, unit) => sum + unit.openFindings, 0)).toBe(county.totals.openFindings);
    expect(units.some((unit) => unit.officeArea > 0)).toBe(true);
  });

  it("counts findings not closed, in the child region of their unit", async () => {
    const before = (await app.json<DashboardBody>("/api/dashboard?region=230200")).body;
    const unit = await app.database.db
      .selectFrom("units")
      .select(["id", "region_code"])
      .where("region_code", "like", "230227%")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const finding = (status: string) => ({
      region_code: unit.region_code,
      unit_id: unit.id,
      rule: "over_standard_office",
      severity: "medium" as const,
      description: `dashboard test ${status}`,
      status,
      referred_on: status === "referred" ? "2026-11-01" : null,
    });
    await app.database.db
      .insertInto("findings")
      .values([finding("open"), finding("rectifying"), finding("referred"), finding("closed")])
      .execute();
    const after = (await app.json<DashboardBody>("/api/dashboard?region=230200")).body;
    expect(after.totals.openFindings).toBe(before.totals.openFindings + 3);
    const county = (body: DashboardBody) =>
      body.children.find((c) => c.region.code === "230227")?.openFindings;
    expect(county(after)).toBe((county(before) ?? 0) + 3);
    expectTotals(after.totals, await directSums("2302"));
  });

  it("applies the read scope: a county user reads their county, not the levels above (404)", async () => {
    const countyUser = await app.signIn("demo-county");
    const own = await countyUser.json<DashboardBody>("/api/dashboard?region=230227");
    expect(own.status).toBe(200);
    const asAdmin = (await app.json<DashboardBody>("/api/dashboard?region=230227")).body;
    expectTotals(own.body.totals, asAdmin.totals);
    for (const region of ["230000", "230200", "230103"]) {
      const { status, body } = await countyUser.json<ErrorBody>(`/api/dashboard?region=${region}`);
      expect(status, region).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
  });

  it("gives a unit user the figures of their own units only", async () => {
    const unitUser = await app.signIn("demo-unit");
    const { status, body } = await unitUser.json<DashboardBody>("/api/dashboard?region=230000");
    expect(status).toBe(200);
    expectChildrenSum(body);
    const account = await app.database.db
      .selectFrom("users")
      .select("unit_id")
      .where("username", "=", "demo-unit")
      .executeTakeFirstOrThrow();
    const ids = [account.unit_id as number];
    const supervised = await app.database.db
      .selectFrom("units")
      .select("id")
      .where("supervising_unit_id", "=", ids[0] as number)
      .execute();
    const unitIds = [...ids, ...supervised.map((row) => row.id)];
    const leases = await app.database.db
      .selectFrom("leases_in")
      .select((eb) => [eb.fn.countAll<string>().as("n")])
      .where("unit_id", "in", unitIds)
      .executeTakeFirstOrThrow();
    expect(body.totals.leasesIn).toBe(Number(leases.n));
    const province = (await app.json<DashboardBody>("/api/dashboard?region=230000")).body;
    expect(body.totals.grossArea).toBeLessThan(province.totals.grossArea);
  });

  it("answers 400 for a bad or missing region, 404 for an unknown one, 401 without a session", async () => {
    for (const query of ["region=abc", "region=23000", "", "region=230000&extra=1"]) {
      const { status, body } = await app.json<ErrorBody>(`/api/dashboard?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("invalid_request");
    }
    expect((await app.json<ErrorBody>("/api/dashboard?region=239999")).status).toBe(404);
    expect((await app.anonymous.request("/api/dashboard?region=230000")).status).toBe(401);
  });

  describe("snapshots and the idle-space trend", () => {
    interface TrendBody {
      region: string;
      points: Array<Totals & { date: string; demo: boolean }>;
    }
    const takeSnapshot = (client: SignedInClient, body: unknown) =>
      client.json<{ region: string; takenOn: string; regions: number; replaced: number } & ErrorBody>(
        "/api/dashboard/snapshots",
        { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
      );

    it("has six months of demo history, deterministic and labelled as demo data", async () => {
      const { status, body } = await app.json<TrendBody>("/api/dashboard/trend?region=230000");
      expect(status).toBe(200);
      const demo = body.points.filter((point) => point.demo);
      expect(demo.map((point) => point.date)).toEqual([
        "2026-05-01",
        "2026-06-01",
        "2026-07-01",
        "2026-08-01",
        "2026-09-01",
        "2026-10-01",
      ]);
      const now = (await app.json<DashboardBody>("/api/dashboard?region=230000")).body.totals;
      const idle = demo.map((point) => point.idleArea);
      expect(idle).toEqual([...idle].sort((a, b) => b - a));
      expect(demo[0]?.idleArea).toBeCloseTo(now.idleArea * 1.3, 0);
      expect(demo[5]?.idleArea).toBeCloseTo(now.idleArea * 1.03, 0);
      expect(demo[5]?.grossArea).toBeCloseTo(now.grossArea, 2);
      const within = await app.json<TrendBody>(
        "/api/dashboard/trend?region=230227&from=2026-06-01&to=2026-07-31",
      );
      expect(within.body.points.map((point) => point.date)).toEqual(["2026-06-01", "2026-07-01"]);
    });

    it("takes today's snapshot of every region below the writer's, once per day, equal to the dashboard", async () => {
      const regions = await app.database.db
        .selectFrom("regions")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("code", "like", "23%")
        .executeTakeFirstOrThrow();
      const planner = await app.signIn("demo-planner");
      const first = await takeSnapshot(planner, {});
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ region: "230000", regions: Number(regions.n), replaced: 0 });
      const again = await takeSnapshot(planner, {});
      expect(again.body).toMatchObject({ regions: Number(regions.n), replaced: Number(regions.n) });

      for (const region of ["230000", "230200", "230227"]) {
        const trend = (await app.json<TrendBody>(`/api/dashboard/trend?region=${region}`)).body.points;
        const today = trend.filter((point) => point.date === first.body.takenOn);
        expect(today, region).toHaveLength(1);
        expect(today[0]?.demo).toBe(false);
        const totals = (await app.json<DashboardBody>(`/api/dashboard?region=${region}`)).body.totals;
        expectTotals(today[0] as Totals, totals);
      }
    });

    it("lets only planners and administrators take snapshots, within their level", async () => {
      const inspector = await app.signIn("demo-inspector");
      expect((await takeSnapshot(inspector, {})).status).toBe(403);
      const county = await app.signIn("demo-county");
      const own = await takeSnapshot(county, { region: "230227" });
      expect(own.status).toBe(200);
      expect(own.body.regions).toBeGreaterThanOrEqual(1);
      expect((await takeSnapshot(county, { region: "230000" })).status).toBe(404);
      expect((await takeSnapshot(app, { region: "239999" })).status).toBe(404);
      expect((await takeSnapshot(app, { region: "x" })).status).toBe(400);
      expect((await takeSnapshot(app, { region: "230000", extra: 1 })).status).toBe(400);
      expect((await app.anonymous.request("/api/dashboard/snapshots", { method: "POST" })).status).toBe(401);
    });

    it("reads the trend within the reader's level; unit users are refused; bad dates are 400", async () => {
      const county = await app.signIn("demo-county");
      expect((await county.json("/api/dashboard/trend?region=230227")).status).toBe(200);
      expect((await county.json("/api/dashboard/trend?region=230000")).status).toBe(404);
      const unitUser = await app.signIn("demo-unit");
      expect((await unitUser.json("/api/dashboard/trend?region=230000")).status).toBe(403);
      for (const query of [
        "region=230000&from=2026-02-30",
        "region=230000&from=2026-09-01&to=2026-08-01",
        "region=2",
      ])
        expect((await app.json(`/api/dashboard/trend?${query}`)).status, query).toBe(400);
      expect((await app.json("/api/dashboard/trend?region=239999")).status).toBe(404);
    });
  });
});
