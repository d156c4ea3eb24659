import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRuleChecks } from "../../server/db/repositories/rule-checks.repository.js";
import type { Database } from "../../server/db/schema.js";
import { unrestricted } from "../../server/db/scope.js";
import type { ReadScope } from "../../server/domain/auth/access.js";
import type { AdminLevel, UnitKind } from "../../server/domain/demo/dataset.js";
import { ruleCodes } from "../../server/domain/rule-catalogue.js";
import {
  type CandidateFacts,
  explainCandidate,
  type FindingCandidate,
} from "../../server/domain/rule-explanations.js";
import {
  effectiveLevel,
  isSubProvincial,
  limitOf,
  rankAtLevel,
} from "../../server/domain/standards/levels.js";
import { defaultStandardParameters } from "../../server/domain/standards/parameters.js";
import { overStandardOffices } from "../../server/tiles/over-standard.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface ChecksBody {
  asOf: string;
  rules: Array<{ rule: string; name_zh: string; name_en: string; severity: string; count: number }>;
  candidates: FindingCandidate[];
  total: number;
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}

const AS_OF = "2026-11-27";
const REGION = "230103";
const STAFF_RANK = "provincial_below_division"; // 处级以下: 9 m²

class Rollback extends Error {}

interface Scratch {
  readonly unit: number;
  readonly enterprise: number;
  readonly institution: number;
  readonly building: number;
  readonly ownBuilding: number;
  readonly people: Readonly<Record<string, number>>;
  readonly rooms: Readonly<Record<string, number>>;
}

/**
 * A hand-made ledger in one transaction (rolled back afterwards: the server-mode database is shared):
 * each rule's case and its compliant twin.
 */
async function buildScratch(trx: Kysely<Database>): Promise<Scratch> {
  const unitOf = async (name: string, kind: string) =>
    (
      await sql<{ id: number }>`insert into units (region_code, name, kind, admin_level)
        values (${REGION}, ${name}, ${kind}, 'provincial') returning id`.execute(trx)
    ).rows[0]?.id ?? 0;
  const unit = await unitOf("规则检查测试厅", "government_department");
  const enterprise = await unitOf("规则检查测试集团有限公司", "state_owned_enterprise");
  const institution = await unitOf("规则检查测试中心", "public_institution");
  const buildingOf = async (name: string, titleHolder: string, offset: number) =>
    (
      await sql<{ id: number }>`insert into buildings
        (region_code, name, footprint, floors_above, gross_area, property_class, title_holder)
        values (${REGION}, ${name},
          st_makeenvelope(${126.9 + offset}, 45.5, ${126.9002 + offset}, 45.5001, 4326), 3, 2000, 'office',
          ${titleHolder}) returning id`.execute(trx)
    ).rows[0]?.id ?? 0;
  const building = await buildingOf("规则检查测试楼", "黑龙江省机关事务管理局", 0);
  const ownBuilding = await buildingOf("规则检查测试集团自有楼", "规则检查测试集团有限公司", 0.001);
  const floorOf = async (buildingId: number) =>
    (
      await sql<{ id: number }>`insert into floors (building_id, region_code, level, name)
        values (${buildingId}, ${REGION}, 1, '1层') returning id`.execute(trx)
    ).rows[0]?.id ?? 0;
  const floors = { [building]: await floorOf(building), [ownBuilding]: await floorOf(ownBuilding) };

  const rooms: Record<string, number> = {};
  const room = async (
    number: string,
    area: number,
    occupant: number | null,
    status = "in_use",
    buildingId = building,
  ) => {
    rooms[number] =
      (
        await sql<{ id: number }>`insert into rooms
        (building_id, floor_id, region_code, number, use_category, usable_area, status, occupant_unit_id)
        values (${buildingId}, ${floors[buildingId]}, ${REGION}, ${number}, 'office', ${area}, ${status},
          ${occupant}) returning id`.execute(trx)
      ).rows[0]?.id ?? 0;
  };
  const people: Record<string, number> = {};
  const person = async (key: string, fields: Record<string, unknown> = {}) => {
    const row = await trx
      .insertInto("people")
      .values({ unit_id: unit, region_code: REGION, name: `测试${key}`, rank_code: STAFF_RANK, ...fields })
      .returning("id")
      .executeTakeFirstOrThrow();
    people[key] = row.id;
  };
  const occupy = async (roomNumber: string, ...keys: string[]) => {
    for (const key of keys)
      await sql`insert into room_occupants (room_id, person_id, region_code)
        values (${rooms[roomNumber]}, ${people[key]}, ${REGION})`.execute(trx);
  };

  // 1. 40 m² shared by two 处级以下 staff (9 m² each): 11 m² over each; 18 m² for two is compliant.
  await person("甲");
  await person("乙");
  await person("丙");
  await person("丁");
  await room("101", 40, unit);
  await room("102", 18, unit);
  await occupy("101", "甲", "乙");
  await occupy("102", "丙", "丁");
  // 2. Two offices without approval; the twin has its second office approved.
  await person("戊");
  await person("己", { second_office_approved: true });
  for (const number of ["103", "104", "105", "106"]) await room(number, 9, unit);
  await occupy("103", "戊");
  await occupy("104", "戊");
  await occupy("105", "己");
  await occupy("106", "己");
  // 3. Transferred 2026-09-01 (due 10-01, 57 days overdue), retired 10-10 (due 11-10, 17 days);
  // the twin was transferred 20 days ago.
  await person("庚", { transferred_on: "2026-09-01" });
  await person("辛", { retired_on: "2026-10-10" });
  await person("壬", { transferred_on: "2026-11-07" });
  for (const number of ["107", "108", "109"]) await room(number, 9, unit);
  await occupy("107", "庚");
  await occupy("108", "辛");
  await occupy("109", "壬");
  // 4. Concurrent post ended 08-15 (due 10-15, 43 days overdue); the twin's ended 10-01 (due 12-01).
  const concurrent = { concurrent_post: "兼任测试职务", second_office_approved: true };
  await person("癸", { ...concurrent, concurrent_post_ended_on: "2026-08-15" });
  await person("子", { ...concurrent, concurrent_post_ended_on: "2026-10-01" });
  for (const number of ["110", "111", "112", "113"]) await room(number, 9, unit);
  await occupy("110", "癸");
  await occupy("111", "癸");
  await occupy("112", "子");
  await occupy("113", "子");
  // 5. An enterprise in organ space (30 m²); in its own building it is not.
  await room("114", 30, enterprise);
  await room("201", 50, enterprise, "in_use", ownBuilding);
  // 6. An unapproved lease, an approved one, and a room let with no lease at all.
  await room("115", 25, null, "leased_out");
  await room("116", 26, null, "leased_out");
  await room("117", 27, null, "leased_out");
  const lease = (roomNumber: string, approved: boolean) =>
    sql`insert into leases_out (building_id, room_id, region_code, tenant, area, annual_rent, starts_on,
        ends_on, approved)
      values (${building}, ${rooms[roomNumber]}, ${REGION}, '测试商户', 25, 10000, '2025-01-01',
        '2027-12-31', ${approved})`.execute(trx);
  await lease("115", false);
  await lease("116", true);
  // 7. The unit occupies 40 + 18 + 11 × 9 = 157 m² of the building against a 147 m² certificate;
  // the enterprise's certificate there was revoked; its own building's covers its 50 m².
  const certificate = (
    number: string,
    unitId: number,
    buildingId: number,
    area: number,
    revoked: string | null,
  ) =>
    sql`insert into use_certificates (kind, certificate_no, unit_id, building_id, region_code, area,
        issued_on, revoked_on)
      values ('allocation_certificate', ${number}, ${unitId}, ${buildingId}, ${REGION}, ${area},
        '2024-06-30', ${revoked})`.execute(trx);
  await certificate("规则检查测试〔2024〕1号", unit, building, 147, null);
  await certificate("规则检查测试〔2024〕2号", enterprise, building, 30, "2026-03-01");
  await certificate("规则检查测试〔2024〕3号", enterprise, ownBuilding, 50, null);
  // 8. Two 正处级 in 20 m² each: the department's limit is 18 m² (2 over); the public institution takes
  // the level below (prefecture 正局（处）级, 24 m²), so its 20 m² is within the standard.
  await person("寅", { rank_code: "provincial_division_head" });
  await person("卯", { rank_code: "provincial_division_head", unit_id: institution });
  await room("202", 20, unit, "in_use", ownBuilding);
  await room("203", 20, institution, "in_use", ownBuilding);
  await occupy("202", "寅");
  await occupy("203", "卯");
  await certificate("规则检查测试〔2024〕4号", unit, ownBuilding, 20, null);
  await certificate("规则检查测试〔2024〕5号", institution, ownBuilding, 20, null);
  return { unit, enterprise, institution, building, ownBuilding, people, rooms };
}

/** The scratch ledger's candidates under a scope, computed inside the rolled-back transaction. */
async function scratchCandidates(
  db: Kysely<Database>,
  scopeOf: (scratch: Scratch) => ReadScope = () => unrestricted,
  asOf = AS_OF,
): Promise<{ scratch: Scratch; candidates: FindingCandidate[] }> {
  let result: { scratch: Scratch; candidates: FindingCandidate[] } | undefined;
  await expect(
    db.transaction().execute(async (trx) => {
      const scratch = await buildScratch(trx);
      const byRule = await runRuleChecks(trx, { asOf, region: REGION, scope: scopeOf(scratch) }, ruleCodes);
      const mine = (candidate: CandidateFacts) =>
        candidate.unitId === scratch.unit ||
        candidate.unitId === scratch.enterprise ||
        candidate.buildingId === scratch.building ||
        candidate.buildingId === scratch.ownBuilding;
      result = { scratch, candidates: [...byRule.values()].flat().filter(mine).map(explainCandidate) };
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
  if (!result) throw new Error("no result");
  return result;
}

describe.each(testModes())("rule checks (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let unitUser: SignedInClient;
  let scratch: Scratch;
  let candidates: FindingCandidate[];

  beforeAll(async () => {
    app = await openTestApp(mode);
    [county, unitUser] = await Promise.all([app.signIn("demo-county"), app.signIn("demo-unit")]);
    ({ scratch, candidates } = await scratchCandidates(app.database.db));
  });
  afterAll(() => app?.database.close());

  const of = (rule: string) => candidates.filter((candidate) => candidate.rule === rule);
  const personOf = (key: string) => scratch.people[key];

  it("finds a person's share of an office above the rank's limit, with the excess", () => {
    const found = of("over_standard_office");
    expect(found.map((candidate) => candidate.personId)).toEqual([
      personOf("甲"),
      personOf("乙"),
      personOf("寅"),
    ]);
    expect(found[0]).toMatchObject({
      severity: "high",
      unitId: scratch.unit,
      unitName: "规则检查测试厅",
      regionCode: REGION,
      buildingId: scratch.building,
      roomNumber: "101",
      rankCode: STAFF_RANK,
      figures: { roomArea: 40, occupants: 2, share: 20, limit: 9, excess: 11, washroomArea: 0 },
    });
    expect(found[0]?.explanation.zh).toContain("超标 11 m²");
    expect(found[0]?.explanation.zh).toContain("2674号");
    expect(found[0]?.explanation.en).toContain("11 m² over");
  });

  it("takes the limit from the standards engine: a public institution takes the level below", () => {
    const found = of("over_standard_office");
    expect(found.find((candidate) => candidate.personId === personOf("寅"))).toMatchObject({
      unitId: scratch.unit,
      roomNumber: "202",
      rankCode: "provincial_division_head",
      severity: "medium",
      figures: { roomArea: 20, occupants: 1, share: 20, limit: 18, excess: 2 },
    });
    // 20 m² against the prefecture 正局（处）级 figure of 24 m² (the plain 正处级 figure would be 18).
    expect(found.some((candidate) => candidate.personId === personOf("卯"))).toBe(false);
    expect(found.some((candidate) => candidate.unitId === scratch.institution)).toBe(false);
  });

  it("finds two offices without approval, not the approved second office", () => {
    const found = of("two_offices_without_approval");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      personId: personOf("戊"),
      personName: "测试戊",
      figures: { offices: 2, usableArea: 18, roomNumbers: ["103", "104"] },
    });
  });

  it("finds offices not recovered a month after transfer or retirement, with the days overdue", () => {
    const found = of("office_not_recovered");
    expect(found.map((candidate) => [candidate.personId, candidate.figures])).toEqual([
      [
        personOf("庚"),
        {
          reason: "transferred",
          leftOn: "2026-09-01",
          dueBy: "2026-10-01",
          daysOverdue: 57,
          offices: 1,
          usableArea: 9,
        },
      ],
      [
        personOf("辛"),
        {
          reason: "retired",
          leftOn: "2026-10-10",
          dueBy: "2026-11-10",
          daysOverdue: 17,
          offices: 1,
          usableArea: 9,
        },
      ],
    ]);
  });

  it("finds a concurrent-post office kept two months after the post ended", () => {
    const found = of("concurrent_office_not_vacated");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      personId: personOf("癸"),
      severity: "medium",
      figures: {
        postEndedOn: "2026-08-15",
        dueBy: "2026-10-15",
        daysOverdue: 43,
        offices: 2,
        secondOfficeApproved: true,
      },
    });
  });

  it("finds an enterprise in organ office space, not in its own building", () => {
    const found = of("non_organ_occupant");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      unitId: scratch.enterprise,
      buildingId: scratch.building,
      figures: { basis: "enterprise", unitKind: "state_owned_enterprise", rooms: 1, usableArea: 30 },
    });
  });

  it("finds an unapproved lease and a room let with no lease, not the approved lease", () => {
    const found = of("leased_out_without_approval");
    expect(
      found.map((candidate) => [candidate.roomNumber, (candidate.figures as { basis: string }).basis]),
    ).toEqual([
      ["115", "unapproved_lease"],
      ["117", "no_lease_record"],
    ]);
    expect(found[0]).toMatchObject({
      regionCode: REGION,
      figures: { tenant: "测试商户", area: 25, annualRent: 10000 },
    });
    expect(found[1]?.figures).toEqual({ basis: "no_lease_record", area: 27 });
    // The title holder answers for the building's leasing.
    expect(found[0]?.unitName).toBe("黑龙江省机关事务管理局");
  });

  it("finds use beyond the certificate and use without a valid one", () => {
    const found = of("use_not_matching_certificate");
    expect(found.map((candidate) => [candidate.unitId, candidate.buildingId, candidate.figures])).toEqual([
      [
        scratch.unit,
        scratch.building,
        { basis: "area_exceeds", occupiedArea: 157, certifiedArea: 147, excess: 10, certificates: 1 },
      ],
      [
        scratch.enterprise,
        scratch.building,
        { basis: "no_certificate", occupiedArea: 30, certifiedArea: 0, excess: 30, certificates: 0 },
      ],
    ]);
  });

  it("judges deadlines at asOf", async () => {
    const { candidates: early } = await scratchCandidates(app.database.db, () => unrestricted, "2026-10-05");
    const notRecovered = early.filter((candidate) => candidate.rule === "office_not_recovered");
    expect(notRecovered.map((candidate) => candidate.figures)).toMatchObject([{ daysOverdue: 4 }]);
    expect(early.some((candidate) => candidate.rule === "concurrent_office_not_vacated")).toBe(false);
  });

  it("keeps to the reader's scope: another region sees nothing, a unit its own candidates without leases", async () => {
    const { candidates: county } = await scratchCandidates(app.database.db, () => ({
      regionPrefix: "230227",
      unitIds: null,
    }));
    expect(county).toEqual([]);
    const { scratch: own, candidates: unitOnly } = await scratchCandidates(app.database.db, (own) => ({
      regionPrefix: null,
      unitIds: [own.enterprise],
    }));
    expect(unitOnly.length).toBeGreaterThan(0);
    expect(unitOnly.every((candidate) => candidate.unitId === own.enterprise)).toBe(true);
    expect(unitOnly.some((candidate) => candidate.rule === "leased_out_without_approval")).toBe(false);
  });

  it("answers GET /api/checks with rule counts, candidates and the demo's over-standard leader offices", async () => {
    const pages: FindingCandidate[] = [];
    let body: ChecksBody | undefined;
    for (let offset = 0; ; offset += 1000) {
      const response = await app.json<ChecksBody>(
        `/api/checks?rule=over_standard_office&asOf=${AS_OF}&limit=1000&offset=${offset}`,
      );
      expect(response.status).toBe(200);
      body = response.body;
      pages.push(...body.candidates);
      if (pages.length >= body.total) break;
    }
    expect(body?.asOf).toBe(AS_OF);
    expect(body?.rules).toEqual([
      expect.objectContaining({
        rule: "over_standard_office",
        name_zh: "办公室面积超标",
        count: body?.total,
      }),
    ]);
    // Exactly the office shares above the engine's limit (levels.ts limitOf: the level below for
    // dispatched bodies and public institutions, Harbin's sub-provincial figures), computed here in JS.
    const occupancy = await sql<{
      room_id: number;
      person_id: number;
      usable_area: number;
      occupants: number;
      rank_code: string;
      kind: UnitKind;
      admin_level: AdminLevel;
      is_dispatched: boolean;
      region_code: string;
      is_leader: boolean;
    }>`
      select r.id as room_id, p.id as person_id, r.usable_area,
        (select count(*)::int from room_occupants c where c.room_id = r.id) as occupants, p.rank_code,
        u.kind, u.admin_level, u.is_dispatched, u.region_code, p.is_leader
      from rooms r join room_occupants o on o.room_id = r.id join people p on p.id = o.person_id
      join units u on u.id = p.unit_id where r.use_category = 'office'`.execute(app.database.db);
    const expected = new Set<string>();
    let leaders = 0;
    for (const row of occupancy.rows) {
      const level = effectiveLevel(row.kind, row.admin_level, row.is_dispatched);
      const subProvincial =
        level === "prefecture" && isSubProvincial(row.region_code, defaultStandardParameters);
      const { limit } = limitOf(rankAtLevel(row.rank_code, level), defaultStandardParameters, subProvincial);
      if (Number(row.usable_area) > limit * row.occupants) {
        expected.add(`${row.room_id}:${row.person_id}`);
        if (row.is_leader) leaders++;
      }
    }
    const found = new Set(pages.map((candidate) => `${candidate.roomId}:${candidate.personId}`));
    expect(found).toEqual(expected);
    // The demo's over-standard leader offices are among them.
    expect(leaders).toBeGreaterThan(0);
    const leaderRooms = await sql<{ room_id: number; person_id: number }>`
      select room_id, person_id from ${overStandardOffices} x`.execute(app.database.db);
    expect(
      leaderRooms.rows.filter((row) => found.has(`${row.room_id}:${row.person_id}`)).length,
    ).toBeGreaterThan(0);

    const all = await app.json<ChecksBody>(`/api/checks?asOf=${AS_OF}&limit=5`);
    expect(all.body.rules.map((rule) => rule.rule)).toEqual([...ruleCodes]);
    expect(all.body.total).toBe(all.body.rules.reduce((sum, rule) => sum + rule.count, 0));
    expect(all.body.candidates).toHaveLength(5);
    expect(all.body.candidates[0]).toMatchObject({
      severity: "high",
      explanation: { zh: expect.any(String) },
    });
  });

  it("pages in the database: pages join up to the whole list, most severe first, totals on every page", async () => {
    const whole = await app.json<ChecksBody>(`/api/checks?region=230227&asOf=${AS_OF}&limit=1000`);
    expect(whole.body.total).toBeGreaterThan(10);
    expect(whole.body.total).toBeLessThanOrEqual(1000);
    expect(whole.body.candidates).toHaveLength(whole.body.total);
    const severities = whole.body.candidates.map((candidate) =>
      ["high", "medium", "low"].indexOf(candidate.severity),
    );
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
    const joined: FindingCandidate[] = [];
    for (let offset = 0; offset < whole.body.total; offset += 7) {
      const page = await app.json<ChecksBody>(
        `/api/checks?region=230227&asOf=${AS_OF}&limit=7&offset=${offset}`,
      );
      expect(page.body.total).toBe(whole.body.total);
      expect(page.body.rules).toEqual(whole.body.rules);
      joined.push(...page.body.candidates);
    }
    expect(joined).toEqual(whole.body.candidates);
    const beyond = await app.json<ChecksBody>(
      `/api/checks?region=230227&asOf=${AS_OF}&offset=${whole.body.total}`,
    );
    expect(beyond.body.candidates).toEqual([]);
    expect(beyond.body.total).toBe(whole.body.total);
    expect(beyond.body.rules).toEqual(whole.body.rules);
  });

  it("shows a county reader none of Harbin's candidates and a unit user only their unit's", async () => {
    const mine = await county.json<ChecksBody>(`/api/checks?asOf=${AS_OF}&limit=1000`);
    expect(mine.status).toBe(200);
    expect(mine.body.candidates.every((candidate) => candidate.regionCode.startsWith("230227"))).toBe(true);
    const harbin = await county.json<ChecksBody>(`/api/checks?region=230100&asOf=${AS_OF}`);
    expect(harbin.body.total).toBe(0);

    const unit = await unitUser.json<ChecksBody>(`/api/checks?asOf=${AS_OF}&limit=1000`);
    expect(unit.status).toBe(200);
    // Their own unit and the units it supervises (universities under the education department).
    const readable = await sql<{ id: number }>`select id from units where name = '黑龙江省教育厅'
      or supervising_unit_id in (select id from units where name = '黑龙江省教育厅')`.execute(
      app.database.db,
    );
    const readableIds = new Set(readable.rows.map((row) => row.id));
    expect(unit.body.total).toBeGreaterThan(0);
    expect(unit.body.candidates.every((candidate) => readableIds.has(candidate.unitId ?? 0))).toBe(true);
    expect(unit.body.rules.find((rule) => rule.rule === "leased_out_without_approval")?.count).toBe(0);
  });

  it("rejects an unknown rule, a bad date, a bad or unknown region and unknown parameters", async () => {
    const cases: Array<[string, string]> = [
      ["rule=too_big", "rule must be one of"],
      ["asOf=2026-02-30", "asOf is not a calendar date"],
      ["asOf=27.11.2026", "asOf must be a date written YYYY-MM-DD"],
      ["region=2301", "region must be a 6-digit"],
      ["region=239999", "Unknown region 239999"],
      ["severity=high", "unknown parameter(s): severity"],
      ["limit=0", "limit must be at least 1"],
    ];
    for (const [query, message] of cases) {
      const response = await app.json<ErrorBody>(`/api/checks?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe("invalid_request");
      expect(response.body.error.message, query).toContain(message);
    }
    expect((await app.anonymous.request("/api/checks")).status).toBe(401);
  });
});
