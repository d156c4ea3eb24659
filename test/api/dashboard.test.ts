import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type TestApp } from "../support/test-app.js";

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
});
