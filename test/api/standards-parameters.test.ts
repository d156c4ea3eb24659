import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStandardParameters } from "../../server/db/repositories/standard-parameters.repository.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface VersionsBody {
  province: string;
  inEffect: string | null;
  versions: Array<{
    version: string;
    effectiveFrom: string;
    inEffect: boolean;
    note: string | null;
    parameters: { isDefault: boolean; serviceAllowancePerPerson: Record<string, number> };
  }>;
}
interface CreatedBody {
  id: number;
  parameters: {
    version: string;
    isDefault: boolean;
    regionCode: string;
    serviceAllowancePerPerson: Record<string, number>;
    townshipOfficeLimits: Record<string, number>;
    netToGross: { multiStorey: number; highRise: number };
    equipmentShare: number;
    subProvincialCities: Array<{ code: string }>;
  };
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}

// A set that takes effect in 2099, so the figures every other test uses today stay the defaults (the
// server-mode database is shared between test files).
const FUTURE = "2099-01-01";
const body = (fields: Record<string, unknown>) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ version: "230000-test-2099.1", effectiveFrom: FUTURE, ...fields }),
});

describe.each(testModes())("standard parameter sets (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let county: SignedInClient;

  beforeAll(async () => {
    app = await openTestApp(mode);
    [planner, county] = await Promise.all([app.signIn("demo-planner"), app.signIn("demo-county")]);
  });
  afterAll(() => app?.database.close());

  it("lists the province's versions with the one in effect, for any reader", async () => {
    const { status, body: list } = await county.json<VersionsBody>("/api/standards/parameters");
    expect(status).toBe(200);
    expect(list.province).toBe("230000");
    expect(list.inEffect).toBe("230000-default-2014.1");
    expect(list.versions[0]).toMatchObject({
      version: "230000-default-2014.1",
      effectiveFrom: "2014-12-31",
      inEffect: true,
      parameters: { isDefault: true, serviceAllowancePerPerson: { provincial: 8, county: 6 } },
    });
  });

  it("adds a version for the provincial administration, carrying over what it does not set; the old stays", async () => {
    const created = await planner.json<CreatedBody>(
      "/api/standards/parameters",
      body({
        serviceAllowancePerPerson: { central: 9, provincial: 9, prefecture: 8, county: 7, township: 6 },
        netToGross: { multiStorey: 0.7, highRise: 0.62 },
        note: "测试：2099 年指标",
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body.parameters).toMatchObject({
      version: "230000-test-2099.1",
      regionCode: "230000",
      isDefault: false,
      serviceAllowancePerPerson: { provincial: 9, township: 6 },
      netToGross: { multiStorey: 0.7, highRise: 0.62 },
      townshipOfficeLimits: { township_head: 18, township_deputy: 12, township_staff: 9 },
      equipmentShare: 0.09,
      subProvincialCities: [{ code: "230100" }],
    });

    const list = await app.json<VersionsBody>("/api/standards/parameters?region=230227");
    expect(list.body.versions.map((entry) => [entry.version, entry.inEffect])).toEqual([
      ["230000-test-2099.1", false],
      ["230000-default-2014.1", true],
    ]);
    expect(list.body.versions[0]?.note).toBe("测试：2099 年指标");
    // The engine takes it from its date on, and not before.
    expect((await loadStandardParameters(app.database.db, "230227", "2099-06-01")).version).toBe(
      "230000-test-2099.1",
    );
    expect((await loadStandardParameters(app.database.db, "230227")).version).toBe("230000-default-2014.1");

    const audit = await sql<{ action: string; entity_id: string }>`
      select action, entity_id from audit_log where entity = 'standard_parameters'`.execute(app.database.db);
    expect(audit.rows).toEqual([{ action: "create", entity_id: String(created.body.id) }]);

    const again = await planner.json<ErrorBody>("/api/standards/parameters", body({}));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it("refuses county staff, provincial inspectors, unit users and the anonymous", async () => {
    const inspector = await app.signIn("demo-inspector");
    const unitUser = await app.signIn("demo-unit");
    for (const client of [county, inspector, unitUser]) {
      const response = await client.json<ErrorBody>("/api/standards/parameters", body({ version: "x-1" }));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe("forbidden");
    }
    expect((await app.anonymous.request("/api/standards/parameters", body({}))).status).toBe(401);
  });

  it("validates the figures against the 2014 standard and names the field", async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ netToGross: { multiStorey: 0.5, highRise: 0.6 } }, "netToGross.multiStorey", "at least 0.65"],
      [{ netToGross: { multiStorey: 0.65, highRise: 0.55 } }, "netToGross.highRise", "at least 0.6"],
      [
        { townshipOfficeLimits: { township_head: 30, township_deputy: 12, township_staff: 9 } },
        "townshipOfficeLimits.township_head",
        "may not exceed the county 副职 figure (24 m²)",
      ],
      [
        { serviceAllowancePerPerson: { central: 8, provincial: -1, prefecture: 7, county: 6, township: 5 } },
        "serviceAllowancePerPerson.provincial",
        "may not be negative",
      ],
      [{ effectiveFrom: "2026-02-30" }, "effectiveFrom", "not a calendar date"],
      [{ version: "bad version!" }, "version", "version must be"],
      [{ equipmentShare: 0.2 }, "", "equipmentShare"],
      [{ region: "239999" }, "region", "Unknown region 239999"],
    ];
    for (const [fields, path, message] of cases) {
      const response = await app.json<ErrorBody>("/api/standards/parameters", body(fields));
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(response.body.error.code).toBe("invalid_request");
      expect(JSON.stringify(response.body.error), JSON.stringify(fields)).toContain(message);
      if (path) expect(response.body.error.details.map((detail) => detail.path)).toContain(path);
    }
  });
});
