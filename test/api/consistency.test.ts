import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mismatch } from "../../server/domain/consistency/mismatch.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

const AS_OF = "2026-11-27";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface ReportBody {
  region: string;
  summary: {
    unitsChecked: number;
    unitsConsistent: number;
    mismatches: { ledger_vs_subledger: number; ledger_vs_field: number; ledger_vs_certificate: number };
    unitsWithoutSubmission: number;
  };
  units: Array<{
    unitId: number | null;
    name: string | null;
    submittedOn: string | null;
    mismatches: Mismatch[];
  }>;
  total: number;
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}

const post = (client: SignedInClient, path: string, body: unknown) =>
  client.json<Record<string, unknown> & ErrorBody>(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** Every page of a report. */
async function allUnits(client: SignedInClient, query: string): Promise<ReportBody> {
  const first = await client.json<ReportBody>(`/api/consistency?${query}&limit=1000`);
  expect(first.status).toBe(200);
  const units = [...first.body.units];
  while (units.length < first.body.total) {
    const next = await client.json<ReportBody>(`/api/consistency?${query}&limit=1000&offset=${units.length}`);
    units.push(...next.body.units);
  }
  return { ...first.body, units };
}

describe.each(testModes())("三相符 (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let unitUser: SignedInClient;
  const ids: Record<string, number> = {};
  const created = { submissions: [] as number[], inspections: [] as number[] };

  beforeAll(async () => {
    app = await openTestApp(mode);
    [county, unitUser] = await Promise.all([app.signIn("demo-county"), app.signIn("demo-unit")]);
    const units = await app.database.db
      .selectFrom("units")
      .select(["id", "name"])
      .where("name", "in", [
        "黑龙江省教育厅",
        "黑龙江大学",
        "中共黑龙江省委办公厅",
        "富裕县统计局",
        "富裕县自然资源局",
      ])
      .execute();
    for (const unit of units) ids[unit.name] = unit.id;
  });
  afterAll(async () => {
    // The server-mode database is shared by the run's test files: take back what this file wrote.
    const db = app.database.db;
    if (created.submissions.length > 0)
      await db.deleteFrom("sub_ledger_submissions").where("id", "in", created.submissions).execute();
    if (created.inspections.length > 0)
      await db.deleteFrom("field_check_results").where("inspection_id", "in", created.inspections).execute();
    if (created.inspections.length > 0)
      await db.deleteFrom("inspections").where("id", "in", created.inspections).execute();
    await app.database.close();
  });

  it("reports the demo's mismatches as counted independently in SQL", async () => {
    const db = app.database.db;
    const { rows: subLedger } = await sql<Record<string, number>>`
      with latest as (
        select distinct on (unit_id) id, unit_id from sub_ledger_submissions
        order by unit_id, submitted_on desc, id desc),
      sub as (select l.unit_id, w.building_id, w.room_number, w.use_category, w.status, w.usable_area
        from sub_ledger_rows w join latest l on l.id = w.submission_id),
      matched as (
        select s.unit_id, s.use_category as s_category, s.status as s_status, s.usable_area as s_area, r.*
        from sub s left join lateral (select * from rooms r where r.building_id = s.building_id
          and r.number = s.room_number order by r.id limit 1) r on true)
      select
        (select count(*)::int from matched where id is null) as missing_in_ledger,
        (select count(*)::int from matched where id is not null and occupant_unit_id is distinct from unit_id)
          as occupant,
        (select count(*)::int from matched where occupant_unit_id = unit_id and s_category <> use_category)
          as category,
        (select count(*)::int from matched where occupant_unit_id = unit_id and s_status <> status) as status,
        (select count(*)::int from matched where occupant_unit_id = unit_id
          and abs(s_area - usable_area) > greatest(0.1, 0.01 * usable_area)) as area,
        (select count(*)::int from rooms r join latest l on l.unit_id = r.occupant_unit_id
          where not exists (select 1 from sub s where s.unit_id = l.unit_id and s.building_id = r.building_id
            and s.room_number = r.number)) as missing_in_subledger`.execute(db);
    const { rows: field } = await sql<{ count: number }>`
      with latest as (select distinct on (room_id) * from field_check_results
        order by room_id, checked_on desc, id desc)
      select coalesce(sum(
        (f.observed_status is not null and f.observed_status <> r.status)::int
        + (f.observed_use_category is not null and f.observed_use_category <> r.use_category)::int
        + (f.observed_usable_area is not null
          and abs(f.observed_usable_area - r.usable_area) > greatest(0.1, 0.01 * r.usable_area))::int
        + (f.observed_occupant_unit_id is not null
          and f.observed_occupant_unit_id is distinct from r.occupant_unit_id)::int), 0)::int as count
      from latest f join rooms r on r.id = f.room_id`.execute(db);
    const { rows: certificates } = await sql<Record<string, number>>`
      with occupied as (select occupant_unit_id as unit_id, building_id, sum(usable_area) as area from rooms
          where status in ('in_use', 'vacating') and occupant_unit_id is not null group by 1, 2),
        valid as (select unit_id, building_id, sum(area) as area, string_agg(certificate_no, '') as numbers
          from use_certificates where issued_on <= ${AS_OF}::date
            and (revoked_on is null or revoked_on > ${AS_OF}::date) group by 1, 2),
        office as (select b.*, (select count(*)::int from occupied o where o.building_id = b.id) as occupants,
            not exists (select 1 from occupied o join units u on u.id = o.unit_id where o.building_id = b.id
              and u.kind not in ('vertical_branch', 'university', 'state_owned_enterprise')) as own_title_only
          from buildings b where b.property_class = 'office')
      select
        (select count(*)::int from occupied o left join valid v using (unit_id, building_id) where v.area is null)
          as no_certificate,
        (select count(*)::int from occupied o join valid v using (unit_id, building_id)
          where abs(o.area - v.area) > greatest(1, 0.01 * o.area)) as area,
        (select count(*)::int from valid v left join occupied o using (unit_id, building_id) where o.area is null)
          as stale,
        (select coalesce(sum(greatest(occupants, 1)), 0)::int from office where title_certificate_no is null)
          as no_title,
        (select coalesce(sum(greatest(occupants, 1)), 0)::int from office where title_certificate_no is not null
          and title_holder !~ '机关事务(管理局|服务中心|管理中心|管理办公室|服务局)$'
          and title_holder not in (select name from units where kind = 'administration')
          and not (occupants > 0 and own_title_only)) as foreign_title`.execute(db);
    const sumOf = (row: Record<string, number> | undefined) =>
      Object.values(row ?? {}).reduce((total, value) => total + Number(value), 0);

    const report = await allUnits(app, `region=230000&asOf=${AS_OF}`);
    expect(report.region).toBe("230000");
    expect(report.summary.mismatches).toEqual({
      ledger_vs_subledger: sumOf(subLedger[0]),
      ledger_vs_field: field[0]?.count,
      ledger_vs_certificate: sumOf(certificates[0]),
    });
    // The demo's documented cases (server/domain/demo/consistency-cases.ts).
    expect(report.summary.mismatches).toEqual({
      ledger_vs_subledger: 22,
      ledger_vs_field: 5,
      ledger_vs_certificate: 8,
    });
    expect(subLedger[0]).toEqual({
      missing_in_ledger: 0,
      occupant: 4,
      category: 3,
      status: 0,
      area: 10,
      missing_in_subledger: 5,
    });
    const { units, submitted } = await db
      .selectFrom("units")
      .select([
        sql<number>`count(*)::int`.as("units"),
        sql<number>`count(*) filter (where exists (select 1 from sub_ledger_submissions s
          where s.unit_id = units.id))::int`.as("submitted"),
      ])
      .executeTakeFirstOrThrow();
    const withMismatches = new Set(
      report.units.flatMap((entry) => (entry.unitId === null ? [] : [entry.unitId])),
    );
    expect(report.summary.unitsChecked).toBe(units);
    expect(report.summary.unitsWithoutSubmission).toBe(units - submitted);
    expect(report.summary.unitsConsistent).toBe(
      submitted - report.units.filter((entry) => entry.unitId !== null && entry.submittedOn !== null).length,
    );
    expect(report.total).toBe(report.units.length);
    expect(report.units.flatMap((entry) => entry.mismatches)).toHaveLength(35);
    expect(withMismatches.size).toBe(report.units.length);
    const kinds = report.units.flatMap((entry) => entry.mismatches.map((mismatch) => mismatch.kind));
    expect(kinds.filter((kind) => kind === "ledger_vs_field")).toHaveLength(5);
    const area = report.units
      .flatMap((entry) => entry.mismatches)
      .find((mismatch) => mismatch.kind === "ledger_vs_subledger" && mismatch.field === "usable_area");
    expect(area?.message).toMatch(/使用面积：总台账为[\d.]+ m²，分台账为[\d.]+ m²$/);

    const onlyField = await app.json<ReportBody>(
      `/api/consistency?region=230000&kind=ledger_vs_field&asOf=${AS_OF}`,
    );
    expect(onlyField.body.summary).toEqual(report.summary);
    expect(onlyField.body.units.flatMap((entry) => entry.mismatches)).toHaveLength(5);
  });

  it("scopes the report: a county sees its county, a unit user its own and supervised units", async () => {
    const own = await allUnits(county, `asOf=${AS_OF}`);
    expect(own.region).toBe("230227");
    const { count } = await app.database.db
      .selectFrom("units")
      .select(sql<number>`count(*)::int`.as("count"))
      .where("region_code", "like", "230227%")
      .executeTakeFirstOrThrow();
    expect(own.summary.unitsChecked).toBe(count);
    expect(own.summary.mismatches).toEqual({
      ledger_vs_subledger: 0,
      ledger_vs_field: 1,
      ledger_vs_certificate: 3,
    });
    const harbin = await county.json<ReportBody>("/api/consistency?region=230100");
    expect(harbin.body.summary.unitsChecked).toBe(0);

    const mine = await allUnits(unitUser, `asOf=${AS_OF}`);
    const readable = await sql<{ id: number }>`select id from units where name = '黑龙江省教育厅'
      or supervising_unit_id in (select id from units where name = '黑龙江省教育厅')`.execute(
      app.database.db,
    );
    expect(mine.summary.unitsChecked).toBe(readable.rows.length);
    expect(mine.units.map((entry) => entry.unitId)).toEqual([ids.黑龙江省教育厅]);
    expect(mine.units[0]?.mismatches.map((mismatch) => [mismatch.kind, mismatch.field])).toEqual([
      ["ledger_vs_field", "usable_area"],
    ]);
    const other = await unitUser.json<ErrorBody>(`/api/consistency?unitId=${ids.中共黑龙江省委办公厅}`);
    expect(other.status).toBe(404);
  });

  it("rejects unknown parameters, kinds, regions and bad numbers with a 400", async () => {
    const cases: Array<[string, string]> = [
      ["severity=high", "unknown parameter(s): severity"],
      ["kind=ledger_vs_map", "kind must be one of"],
      ["region=239999", "Unknown region 239999"],
      ["region=23", "region must be a 6-digit"],
      ["unitId=abc", "unitId must be a whole number"],
      ["limit=0", "limit must be at least 1"],
      ["asOf=2026-02-30", "asOf is not a calendar date"],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await app.json<ErrorBody>(`/api/consistency?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.message, query).toContain(message);
    }
    const workbook = await app.json<ErrorBody>("/api/consistency.xlsx?limit=5");
    expect(workbook.status).toBe(400);
    expect((await app.anonymous.request("/api/consistency")).status).toBe(401);
    const spec = await app.json<{ paths: Record<string, unknown> }>("/api/openapi.json");
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        "/consistency",
        "/consistency.xlsx",
        "/units/{id}/sub-ledger",
        "/inspections/{id}/field-results",
      ]),
    );
  });

  it("takes a unit's sub-ledger and compares its latest submission", async () => {
    const unitId = ids.富裕县统计局 ?? 0;
    const rooms = await app.database.db
      .selectFrom("rooms")
      .select(["id", "building_id", "number", "use_category", "usable_area", "status"])
      .where("occupant_unit_id", "=", unitId)
      .orderBy("id")
      .execute();
    expect(rooms.length).toBeGreaterThan(3);
    const rows = rooms.map((room) => ({
      buildingId: room.building_id,
      roomNumber: room.number,
      useCategory: room.use_category,
      usableArea: room.usable_area,
      status: room.status,
    }));
    const subLedgerOf = async () =>
      (await county.json<ReportBody>(`/api/consistency?unitId=${unitId}&kind=ledger_vs_subledger`)).body;
    const before = await subLedgerOf();
    expect(before.units).toEqual([]);

    const mirrored = await post(county, `/api/units/${unitId}/sub-ledger`, {
      rows,
      submittedOn: "2026-11-20",
    });
    expect(mirrored.status).toBe(201);
    expect(mirrored.body).toMatchObject({
      unitId,
      submittedOn: "2026-11-20",
      rowCount: rows.length,
      version: 1,
    });
    created.submissions.push(Number(mirrored.body.id));
    const consistent = await subLedgerOf();
    expect(consistent.units).toEqual([]);
    expect(consistent.summary).toEqual({
      unitsChecked: 1,
      unitsConsistent: 1,
      mismatches: { ledger_vs_subledger: 0, ledger_vs_field: 0, ledger_vs_certificate: 0 },
      unitsWithoutSubmission: 0,
    });

    // Later the same day: one area 5 m² larger, the last room left out.
    const changed = rows
      .slice(0, -1)
      .map((row, index) => (index === 0 ? { ...row, usableArea: row.usableArea + 5 } : row));
    const second = await post(county, `/api/units/${unitId}/sub-ledger`, {
      rows: changed,
      submittedOn: "2026-11-20",
    });
    expect(second.status).toBe(201);
    created.submissions.push(Number(second.body.id));
    const after = await subLedgerOf();
    expect(after.units).toHaveLength(1);
    expect(after.units[0]?.submittedOn).toBe("2026-11-20");
    expect(
      after.units[0]?.mismatches.map((mismatch) => [mismatch.code, mismatch.field, mismatch.roomId]),
    ).toEqual(
      expect.arrayContaining([
        ["value_differs", "usable_area", rooms[0]?.id],
        ["missing_in_subledger", "room", rooms.at(-1)?.id],
      ]),
    );
    expect(after.units[0]?.mismatches).toHaveLength(2);

    const audit = await app.database.db
      .selectFrom("audit_log")
      .select(["action", "user_id"])
      .where("entity", "=", "sub_ledger_submission")
      .where("entity_id", "=", String(second.body.id))
      .execute();
    expect(audit).toEqual([{ action: "create", user_id: expect.any(Number) }]);
  });

  it("refuses bad sub-ledgers with a 400 naming the row, and writes nothing", async () => {
    const unitId = ids.富裕县自然资源局 ?? 0;
    const good = { buildingId: 1, roomNumber: "101", useCategory: "office", usableArea: 18 };
    const cases: Array<[unknown, string, string]> = [
      [
        { rows: [good, { ...good, roomNumber: "102", buildingId: 99_999_999 }] },
        "rows.1.buildingId",
        "row 2: no building 99999999",
      ],
      [{ rows: [{ ...good, usableArea: -3 }] }, "rows.0.usableArea", "usableArea must be above 0"],
      [
        { rows: [good, { ...good, useCategory: "canteen" }] },
        "rows.1.useCategory",
        "useCategory must be one of",
      ],
      [{ rows: [good, good] }, "rows.1", "row 2 repeats building 1 room 101 of row 1"],
      [{ rows: [{ ...good, colour: "red" }] }, "rows.0", "unknown parameter(s): colour"],
      [{ rows: [good], submittedOn: "2099-01-01" }, "submittedOn", "after today"],
      [{ lines: [] }, "", "unknown parameter(s): lines"],
    ];
    for (const [body, path, message] of cases) {
      const response = await post(county, `/api/units/${unitId}/sub-ledger`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details, JSON.stringify(body)).toContainEqual({
        path,
        message: expect.stringContaining(message),
      });
    }
    const { count } = await app.database.db
      .selectFrom("sub_ledger_submissions")
      .select(sql<number>`count(*)::int`.as("count"))
      .where("unit_id", "=", unitId)
      .executeTakeFirstOrThrow();
    const demoSubmissions = await app.database.db
      .selectFrom("sub_ledger_submissions")
      .select(sql<number>`count(*)::int`.as("count"))
      .where("unit_id", "=", unitId)
      .where("is_demo", "=", true)
      .executeTakeFirstOrThrow();
    expect(count).toBe(demoSubmissions.count);
  });

  it("lets a unit user submit only its own sub-ledger", async () => {
    const row = { buildingId: 1, roomNumber: "101", useCategory: "office", usableArea: 18 };
    const supervised = await post(unitUser, `/api/units/${ids.黑龙江大学}/sub-ledger`, { rows: [row] });
    expect(supervised.status).toBe(403);
    const foreign = await post(unitUser, `/api/units/${ids.中共黑龙江省委办公厅}/sub-ledger`, {
      rows: [row],
    });
    expect(foreign.status).toBe(404);
    const countyOutside = await post(county, `/api/units/${ids.黑龙江省教育厅}/sub-ledger`, { rows: [row] });
    expect(countyOutside.status).toBe(404);
    const own = await post(unitUser, `/api/units/${ids.黑龙江省教育厅}/sub-ledger`, { rows: [row] });
    expect(own.status).toBe(201);
    created.submissions.push(Number(own.body.id));
    const fieldResults = await post(unitUser, "/api/inspections/1/field-results", {
      results: [{ roomId: 1, observedStatus: "idle" }],
    });
    expect(fieldResults.status).toBe(403);
  });

  it("records field-check results for staff and compares the latest of each room", async () => {
    const db = app.database.db;
    const unitId = ids.富裕县自然资源局 ?? 0;
    const room = await db
      .selectFrom("rooms")
      .select(["id", "building_id", "region_code", "usable_area", "status"])
      .where("occupant_unit_id", "=", unitId)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const inspection = await db
      .insertInto("inspections")
      .values({
        region_code: room.region_code,
        kind: "spot_check",
        unit_id: unitId,
        building_id: room.building_id,
        planned_on: "2026-11-20",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    created.inspections.push(inspection.id);
    const fieldOf = async () =>
      (await county.json<ReportBody>(`/api/consistency?unitId=${unitId}&kind=ledger_vs_field`)).body.units;
    expect(await fieldOf()).toEqual([]);

    const recorded = await post(county, `/api/inspections/${inspection.id}/field-results`, {
      checkedOn: "2026-11-21",
      results: [
        {
          roomId: room.id,
          observedUsableArea: room.usable_area + 3,
          observedStatus: room.status,
          note: "实测",
        },
      ],
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ inspectionId: inspection.id, checkedOn: "2026-11-21" });
    const found = await fieldOf();
    expect(
      found[0]?.mismatches.map((mismatch) => [
        mismatch.roomId,
        mismatch.field,
        mismatch.ledgerValue,
        mismatch.otherValue,
      ]),
    ).toEqual([[room.id, "usable_area", room.usable_area, room.usable_area + 3]]);
    // A later check that agrees with the ledger supersedes it.
    const again = await post(county, `/api/inspections/${inspection.id}/field-results`, {
      checkedOn: "2026-11-22",
      results: [{ roomId: room.id, observedUsableArea: room.usable_area }],
    });
    expect(again.status).toBe(201);
    expect(await fieldOf()).toEqual([]);

    const bad = await post(county, `/api/inspections/${inspection.id}/field-results`, {
      results: [
        { roomId: room.id, observedStatus: "in_use" },
        { roomId: 99_999_999, observedStatus: "idle" },
        { roomId: room.id },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toContainEqual({
      path: "results.2",
      message: expect.stringContaining("record at least one observation"),
    });
    const unknownRoom = await post(county, `/api/inspections/${inspection.id}/field-results`, {
      results: [
        { roomId: room.id, observedStatus: "in_use" },
        { roomId: 99_999_999, observedStatus: "idle" },
      ],
    });
    expect(unknownRoom.status).toBe(400);
    expect(unknownRoom.body.error.details).toEqual([
      { path: "results.1.roomId", message: "result 2: no room 99999999 in your region" },
    ]);
    const missing = await post(county, "/api/inspections/99999999/field-results", {
      results: [{ roomId: room.id, observedStatus: "idle" }],
    });
    expect(missing.status).toBe(404);
    const { count } = await db
      .selectFrom("field_check_results")
      .select(sql<number>`count(*)::int`.as("count"))
      .where("inspection_id", "=", inspection.id)
      .executeTakeFirstOrThrow();
    expect(count).toBe(2);
  });

  it("exports 三相符核查情况表 as XLSX: a row per unit with a 合计 row, and the mismatches in detail", async () => {
    const report = await allUnits(county, `region=230227&asOf=${AS_OF}`);
    const response = await county.request(`/api/consistency.xlsx?region=230227&asOf=${AS_OF}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(XLSX);
    expect(
      decodeURIComponent(response.headers.get("content-disposition")?.split("UTF-8''")[1] ?? ""),
    ).toMatch(/^富裕县三相符核查情况表-\d{8}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["三相符核查情况", "不符明细"]);
    const [summary, detail] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(String(summary.getCell(1, 1).value)).toContain("富裕县 三相符核查情况表");
    expect(summary.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(summary.getRow(2).font?.bold).toBe(true);
    const headings = (summary.getRow(2).values as unknown[]).slice(1);
    expect(headings).toEqual([
      "序号",
      "单位名称",
      "所在区划",
      "分台账报送日期",
      "账账不符（项）",
      "账实不符（项）",
      "账证不符（项）",
      "不符合计（项）",
      "核查结论",
    ]);
    const rows: unknown[][] = [];
    for (let index = 3; index <= summary.rowCount; index++)
      rows.push((summary.getRow(index).values as unknown[]).slice(1));
    const totals = rows.at(-1) ?? [];
    const data = rows.slice(0, -1);
    expect(totals[0]).toBe("合计");
    expect(data).toHaveLength(report.summary.unitsChecked);
    const { mismatches } = report.summary;
    expect(totals.slice(4, 8)).toEqual([
      mismatches.ledger_vs_subledger,
      mismatches.ledger_vs_field,
      mismatches.ledger_vs_certificate,
      mismatches.ledger_vs_subledger + mismatches.ledger_vs_field + mismatches.ledger_vs_certificate,
    ]);
    expect(data.filter((row) => row[8] === "未报送分台账")).toHaveLength(
      report.summary.unitsWithoutSubmission -
        report.units.filter((entry) => entry.unitId !== null && entry.submittedOn === null).length,
    );
    expect(data.filter((row) => row[8] === "相符")).toHaveLength(report.summary.unitsConsistent);
    expect((detail.getRow(2).values as unknown[]).slice(1)).toEqual([
      "序号",
      "单位名称",
      "核查类型",
      "楼宇",
      "房间号",
      "核查项目",
      "总台账",
      "分台账／实地／证书",
      "说明",
    ]);
    expect(detail.rowCount - 2).toBe(totals[7]);
    const kinds: unknown[] = [];
    for (let index = 3; index <= detail.rowCount; index++) kinds.push(detail.getRow(index).getCell(3).value);
    expect(kinds.filter((kind) => kind === "账账相符")).toHaveLength(mismatches.ledger_vs_subledger);
    expect(kinds.filter((kind) => kind === "账实相符")).toHaveLength(mismatches.ledger_vs_field);
    expect(kinds.filter((kind) => kind === "账证相符")).toHaveLength(mismatches.ledger_vs_certificate);
  });
});
