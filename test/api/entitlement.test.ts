import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}
interface Explanation {
  zh: string;
  en: string;
}
interface EntitlementBody {
  level: string;
  officeArea: number;
  serviceArea: number;
  equipmentArea: number;
  coreUsableArea: number;
  grossArea: number;
  netToGross: number;
  lines: Array<{
    rank: string;
    rankCode: string;
    nameZh: string;
    limit: number;
    authorized: number;
    area: number;
  }>;
  parameters: {
    version: string;
    serviceAllowancePerPerson: number;
    isDefault: boolean;
    subProvincial: boolean;
  };
  explanation: Explanation[];
}
interface PersonCheck {
  personId: number;
  name: string;
  limit: number;
  area: number;
  excess: number;
  status: string;
  explanation: Explanation[];
}
interface UnitEntitlementBody {
  unit: { id: number; name: string };
  effectiveLevel: string;
  takesLevelBelow: boolean;
  headcount: { authorized: number; actual: number };
  entitlement: EntitlementBody;
  actual: Record<string, number>;
  comparison: Array<{ category: string; entitled: number; actual: number; surplus: number }>;
  status: string;
  personChecks: PersonCheck[];
  overStandardPersons: number;
  explanation: Explanation[];
  parametersVersion: string;
}

const post = (client: SignedInClient, body: unknown) =>
  client.json<EntitlementBody & ErrorBody>("/api/standards/entitlement", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const issueExample = {
  level: "provincial",
  staffing: [
    { rank: "department_head", authorized: 1 },
    { rank: "department_deputy", authorized: 3 },
    { rank: "division_head", authorized: 8 },
    { rank: "division_deputy", authorized: 10 },
    { rank: "below_division", authorized: 40 },
  ],
};

describe.each(testModes())("standards engine API (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let unitUser: SignedInClient;
  let educationId: number;

  beforeAll(async () => {
    app = await openTestApp(mode);
    [county, unitUser] = await Promise.all([app.signIn("demo-county"), app.signIn("demo-unit")]);
    educationId = (
      await app.database.db
        .selectFrom("units")
        .select("id")
        .where("name", "=", "黑龙江省教育厅")
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => app.database.close());

  describe("POST /api/standards/entitlement", () => {
    it("computes issue 6's provincial department", async () => {
      const { status, body } = await post(app, issueExample);
      expect(status).toBe(200);
      // A = 726; B = 8 × 62 = 496; equipment = 1222 × 9 % = 109.98; S = 1331.98 / 0.65 = 2049.2
      expect(body).toMatchObject({ officeArea: 726, serviceArea: 496, netToGross: 0.65 });
      expect(body.equipmentArea).toBeCloseTo(109.98, 2);
      expect(body.coreUsableArea).toBeCloseTo(1331.98, 2);
      expect(body.grossArea).toBeCloseTo(2049.2, 2);
      expect(body.lines[0]).toMatchObject({
        rank: "department_head",
        rankCode: "provincial_department_head",
        limit: 30,
        authorized: 1,
        area: 30,
      });
      expect(body.parameters).toMatchObject({ version: "230000-default-2014.1", isDefault: true });
      expect(body.explanation[0]?.zh).toContain("2674");
    });

    it("takes the caller's allowance, high-rise K and ancillary area", async () => {
      const { status, body } = await post(app, {
        ...issueExample,
        serviceAllowancePerPerson: 9,
        highRise: true,
        ancillaryGrossArea: 200,
      });
      // B = 9 × 62 = 558; A + B = 1284; equipment = 115.56; core = 1399.56; S = 1399.56 / 0.6 + 200 = 2532.6
      expect(status).toBe(200);
      expect(body.serviceArea).toBe(558);
      expect(body.grossArea).toBeCloseTo(2532.6, 2);
    });

    it("applies the sub-provincial note for a Harbin prefecture organ", async () => {
      const staffing = [
        { rank: "city_deputy", authorized: 2 },
        { rank: "bureau_head", authorized: 1 },
      ];
      const harbin = await post(app, { level: "prefecture", staffing, region: "230100" });
      const qiqihar = await post(app, { level: "prefecture", staffing, region: "230200" });
      expect(harbin.body.officeArea).toBe(42 * 2 + 30);
      expect(qiqihar.body.officeArea).toBe(30 * 2 + 24);
    });

    it("computes township figures from the province's parameters", async () => {
      const { body } = await post(app, {
        level: "township",
        staffing: [
          { rank: "township_head", authorized: 1 },
          { rank: "below_township", authorized: 10 },
        ],
      });
      // A = 18 + 9 × 10 = 108; B = 5 × 11 = 55
      expect(body).toMatchObject({ officeArea: 108, serviceArea: 55 });
    });

    it.each([
      [
        "an unknown rank for the level, naming the valid ranks",
        { level: "county", staffing: [{ rank: "department_head", authorized: 1 }] },
        "staffing.0.rank",
        /county_head, county_deputy, section_head, section_deputy, below_section/,
      ],
      [
        "a negative headcount",
        { level: "county", staffing: [{ rank: "county_head", authorized: -1 }] },
        "staffing.0.authorized",
        /negative/,
      ],
      [
        "a fractional headcount",
        { level: "county", staffing: [{ rank: "county_head", authorized: 1.5 }] },
        "staffing.0.authorized",
        /whole/,
      ],
      [
        "a rank listed twice",
        {
          level: "county",
          staffing: [
            { rank: "county_head", authorized: 1 },
            { rank: "county_head", authorized: 2 },
          ],
        },
        "staffing.1.rank",
        /twice/,
      ],
      ["empty staffing", { level: "county", staffing: [] }, "staffing", /at least one/],
      ["an unknown level", { level: "village", staffing: [{ rank: "x", authorized: 1 }] }, "level", /./],
      ["an unknown key", { ...issueExample, extra: 1 }, "", /unknown parameter\(s\): extra/],
      [
        "an unknown key in a line",
        { level: "county", staffing: [{ rank: "county_head", authorized: 1, actual: 2 }] },
        "staffing.0",
        /actual/,
      ],
      ["a negative ancillary area", { ...issueExample, ancillaryGrossArea: -5 }, "ancillaryGrossArea", /./],
    ])("rejects %s with 400", async (_name, body, path, message) => {
      const response = await post(app, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("invalid_request");
      const detail = response.body.error.details.find((entry) => entry.path === path);
      expect(detail?.message).toMatch(message);
    });

    it("needs a signed-in reader", async () => {
      const response = await app.anonymous.request("/api/standards/entitlement", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(issueExample),
      });
      expect(response.status).toBe(401);
    });
  });

  describe("GET /api/units/{id}/entitlement", () => {
    it("gives the education department's entitlement from its authorised staffing", async () => {
      const { status, body } = await app.json<UnitEntitlementBody>(`/api/units/${educationId}/entitlement`);
      expect(status).toBe(200);
      const staffing = await app.database.db
        .selectFrom("staffing")
        .innerJoin("ranks", "ranks.code", "staffing.rank_code")
        .select(["staffing.authorized", "ranks.office_limit_m2"])
        .where("staffing.unit_id", "=", educationId)
        .execute();
      // A government department of the province: its own (provincial) figures, Σ limit × authorised.
      const expectedA = staffing.reduce((sum, row) => sum + row.authorized * Number(row.office_limit_m2), 0);
      const authorised = staffing.reduce((sum, row) => sum + row.authorized, 0);
      expect(body.effectiveLevel).toBe("provincial");
      expect(body.takesLevelBelow).toBe(false);
      expect(body.entitlement.officeArea).toBeCloseTo(expectedA, 2);
      expect(body.entitlement.serviceArea).toBeCloseTo(8 * authorised, 2);
      expect(body.headcount.authorized).toBe(authorised);
      const rooms = await sql<{ use_category: string; area: number }>`
        select use_category, sum(usable_area)::float8 as area from rooms
        where occupant_unit_id = ${educationId} and status = 'in_use' group by use_category`.execute(
        app.database.db,
      );
      for (const row of rooms.rows) expect(body.actual[row.use_category]).toBeCloseTo(row.area, 2);
      const office = body.comparison.find((row) => row.category === "office");
      expect(office?.surplus).toBeCloseTo((body.actual.office ?? 0) - expectedA, 2);
      expect(["over", "within", "short"]).toContain(body.status);
      expect(body.parametersVersion).toBe("230000-default-2014.1");
      expect(body.explanation.some((line) => line.zh.includes("办公室：核定"))).toBe(true);

      // The unit detail carries the same figures in brief.
      const detail = await app.json<{ entitlement: Record<string, unknown> }>(`/api/units/${educationId}`);
      expect(detail.body.entitlement).toMatchObject({
        officeArea: body.entitlement.officeArea,
        coreUsableArea: body.entitlement.coreUsableArea,
        grossArea: body.entitlement.grossArea,
        actualOfficeArea: body.actual.office,
        status: body.status,
        overStandardPersons: body.overStandardPersons,
      });
    });

    it("lists a demo leader with an over-standard office, with an explanation", async () => {
      // A leader alone in an office larger than their rank's limit (the demo makes some).
      const { rows } = await sql<{ unit_id: number; person_id: number; name: string }>`
        select p.unit_id, p.id as person_id, p.name from people p
        join room_occupants o on o.person_id = p.id join rooms r on r.id = o.room_id
        join ranks k on k.code = p.rank_code join units u on u.id = p.unit_id
        where p.is_leader and r.use_category = 'office' and r.status = 'in_use'
          and u.kind = 'government_department' and u.admin_level = 'provincial'
          and r.usable_area > k.office_limit_m2
          and (select count(*) from room_occupants c where c.room_id = r.id) = 1
        order by p.id limit 1`.execute(app.database.db);
      const leader = rows[0];
      expect(leader).toBeDefined();
      if (!leader) return;
      const { body } = await app.json<UnitEntitlementBody>(`/api/units/${leader.unit_id}/entitlement`);
      const check = body.personChecks.find((entry) => entry.personId === leader.person_id);
      expect(check).toMatchObject({ status: "over", name: leader.name });
      expect(check?.excess).toBeGreaterThan(0);
      expect(check?.explanation.some((line) => line.zh.includes("超标") || line.zh.includes("腾退"))).toBe(
        true,
      );
      expect(body.overStandardPersons).toBeGreaterThanOrEqual(1);
      expect(body.explanation.some((line) => line.zh.includes(leader.name))).toBe(true);
    });

    it("takes the level below for a public institution", async () => {
      const institution = await app.database.db
        .selectFrom("units")
        .select("id")
        .where("kind", "=", "public_institution")
        .where("admin_level", "=", "provincial")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      const { body } = await app.json<UnitEntitlementBody>(`/api/units/${institution.id}/entitlement`);
      expect(body).toMatchObject({ effectiveLevel: "prefecture", takesLevelBelow: true });
      expect(body.entitlement.lines.every((line) => line.rank.startsWith("prefecture_"))).toBe(true);
    });

    it("answers 404 out of scope or missing, and lets a unit user read its own unit", async () => {
      expect((await county.request(`/api/units/${educationId}/entitlement`)).status).toBe(404);
      expect((await app.request("/api/units/999999999/entitlement")).status).toBe(404);
      const own = await unitUser.json<UnitEntitlementBody>(`/api/units/${educationId}/entitlement`);
      expect(own.status).toBe(200);
      expect(own.body.unit.name).toBe("黑龙江省教育厅");
      expect((await app.request(`/api/units/${educationId}/entitlement?x=1`)).status).toBe(400);
    });
  });
});
