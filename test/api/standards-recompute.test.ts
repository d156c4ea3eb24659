import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface RecomputeBody {
  region: string | null;
  units: number;
  byStatus: { over: number; within: number; short: number; no_staffing: number };
  overStandardPersons: number;
  parametersVersions: string[];
  elapsedMs: number;
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}
interface UnitEntitlementBody {
  status: string;
  overStandardPersons: number;
  entitlement: { coreUsableArea: number; grossArea: number };
  actual: { core: number };
}

const post = { method: "POST" };

describe.each(testModes())("POST /api/standards/recompute (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let unitUser: SignedInClient;

  beforeAll(async () => {
    app = await openTestApp(mode);
    [county, unitUser] = await Promise.all([app.signIn("demo-county"), app.signIn("demo-unit")]);
  });
  afterAll(() => app?.database.close());

  const unitsIn = async (prefix: string) =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from units where region_code like ${`${prefix}%`}`.execute(app.database.db)
    ).rows[0]?.n ?? 0;

  it("recomputes every unit for a system administrator, with counts, the parameter set and the time", async () => {
    const { status, body } = await app.json<RecomputeBody>("/api/standards/recompute", post);
    expect(status).toBe(200);
    expect(body.region).toBeNull();
    expect(body.units).toBe(await unitsIn(""));
    const { over, within, short, no_staffing } = body.byStatus;
    expect(over + within + short + no_staffing).toBe(body.units);
    expect(over).toBeGreaterThan(0);
    expect(short).toBeGreaterThan(0);
    expect(body.overStandardPersons).toBeGreaterThan(0);
    expect(body.parametersVersions).toEqual(["230000-default-2014.1"]);
    expect(body.elapsedMs).toBeGreaterThanOrEqual(0);

    // The stored row of a unit says what the per-unit report says.
    const stored = await app.database.db
      .selectFrom("unit_standard_status")
      .selectAll()
      .where("status", "=", "over")
      .where("over_standard_persons", ">", 0)
      .orderBy("unit_id")
      .executeTakeFirstOrThrow();
    const report = await app.json<UnitEntitlementBody>(`/api/units/${stored.unit_id}/entitlement`);
    expect(report.body).toMatchObject({
      status: "over",
      overStandardPersons: stored.over_standard_persons,
      entitlement: { coreUsableArea: Number(stored.entitled_core), grossArea: Number(stored.entitled_gross) },
      actual: { core: Number(stored.actual_core) },
    });

    // Audited in the same transaction.
    const audit = await sql<{ user_id: number; action: string; after: unknown }>`
      select user_id, action, after from audit_log
      where entity = 'unit_standard_status' and entity_id = 'all' order by id desc limit 1`.execute(
      app.database.db,
    );
    const after = audit.rows[0]?.after;
    expect(audit.rows[0]?.action).toBe("apply");
    expect(typeof after === "string" ? JSON.parse(after) : after).toMatchObject({ units: body.units });
  });

  it("recomputes the staff's own region by default, a region below on request, and refuses others", async () => {
    const own = await county.json<RecomputeBody>("/api/standards/recompute", post);
    expect(own.status).toBe(200);
    expect(own.body.region).toBe("230227");
    expect(own.body.units).toBe(await unitsIn("230227"));
    expect(own.body.units).toBeGreaterThan(0);

    const harbin = await county.json<ErrorBody>("/api/standards/recompute?region=230100", post);
    expect(harbin.status).toBe(403);
    expect(harbin.body.error.code).toBe("forbidden");

    const planner = await app.signIn("demo-planner");
    const prefecture = await planner.json<RecomputeBody>("/api/standards/recompute?region=230100", post);
    expect(prefecture.status).toBe(200);
    expect(prefecture.body.units).toBe(await unitsIn("2301"));

    const unit = await unitUser.json<ErrorBody>("/api/standards/recompute", post);
    expect(unit.status).toBe(403);
    expect((await app.anonymous.request("/api/standards/recompute", post)).status).toBe(401);
  });

  it("rejects a bad or unknown region and unknown parameters", async () => {
    const cases: Array<[string, string]> = [
      ["region=2301", "region must be a 6-digit"],
      ["region=239999", "Unknown region 239999"],
      ["all=1", "unknown parameter(s): all"],
    ];
    for (const [query, message] of cases) {
      const response = await app.json<ErrorBody>(`/api/standards/recompute?${query}`, post);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe("invalid_request");
      expect(response.body.error.message, query).toContain(message);
    }
  });
});
