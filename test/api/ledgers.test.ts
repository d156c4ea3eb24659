import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

// The units ledger runs the standards engine per unit and is capped at 5,000 units; a cap of 150 here
// lets the refusal be tested for real on the demo (~230 units in the province).
vi.mock(import("../../server/domain/ledgers/ledger-columns.js"), async (importOriginal) => ({
  ...(await importOriginal()),
  MAX_LEDGER_UNITS: 150,
}));

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface ErrorBody {
  error: { code: string; message: string };
}
interface Sheet {
  name: string;
  title: string;
  headings: string[];
  /** Data rows (without the totals row), by heading. */
  rows: Array<Record<string, unknown>>;
  totals: Record<string, unknown> | undefined;
}

async function sheetOf(client: SignedInClient | TestApp, path: string): Promise<Sheet> {
  const response = await client.request(path);
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  expect(response.headers.get("content-type")).toBe(XLSX);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("no sheet");
  expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
  expect(sheet.getRow(2).font?.bold).toBe(true);
  const headings = (sheet.getRow(2).values as unknown[]).slice(1).map(String);
  const all: Array<Record<string, unknown>> = [];
  for (let index = 3; index <= sheet.rowCount; index++) {
    const values = (sheet.getRow(index).values as unknown[]).slice(1);
    all.push(Object.fromEntries(headings.map((heading, column) => [heading, values[column] ?? null])));
  }
  const last = all.at(-1);
  const totals = last?.[headings[0] ?? ""] === "合计" ? last : undefined;
  return {
    name: sheet.name,
    title: String(sheet.getCell(1, 1).value),
    headings,
    rows: totals ? all.slice(0, -1) : all,
    totals,
  };
}

const sum = (rows: ReadonlyArray<Record<string, unknown>>, heading: string) =>
  Math.round(rows.reduce((total, row) => total + Number(row[heading] ?? 0), 0) * 100) / 100;

describe.each(testModes())("official ledgers (%s)", (mode) => {
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

  it("办公用房基本情况: one row per building of the county, official headings, a 合计 row of the sums", async () => {
    const response = await county.request("/api/ledgers/office-buildings.xlsx");
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(
      /^attachment; filename="office-buildings-230227-\d{8}\.xlsx"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? "")).toMatch(
      /^富裕县党政机关办公用房基本情况表-\d{8}\.xlsx$/,
    );
    const sheet = await sheetOf(county, "/api/ledgers/office-buildings.xlsx");
    expect(sheet.name).toBe("办公用房基本情况");
    expect(sheet.title).toContain("富裕县 党政机关办公用房基本情况表");
    expect(sheet.headings).toEqual([
      "序号",
      "楼宇名称",
      "所在区划",
      "地址",
      "产权人",
      "不动产权证号",
      "建成年份",
      "结构",
      "地上层数",
      "建筑面积（m²）",
      "使用面积（m²）",
      "办公室使用面积（m²）",
      "服务用房使用面积（m²）",
      "设备用房使用面积（m²）",
      "附属用房使用面积（m²）",
      "业务技术用房使用面积（m²）",
      "闲置面积（m²）",
      "出租面积（m²）",
      "使用单位",
    ]);
    const { count, gross } = await app.database.db
      .selectFrom("buildings")
      .select([sql<number>`count(*)::int`.as("count"), sql<number>`sum(gross_area)`.as("gross")])
      .where("region_code", "like", "230227%")
      .executeTakeFirstOrThrow();
    expect(sheet.rows).toHaveLength(count);
    expect(sheet.rows.map((row) => row.序号)).toEqual(sheet.rows.map((_, index) => index + 1));
    expect(sheet.totals?.["建筑面积（m²）"]).toBeCloseTo(Number(gross), 2);
    for (const heading of ["使用面积（m²）", "办公室使用面积（m²）", "闲置面积（m²）"])
      expect(sheet.totals?.[heading]).toBeCloseTo(sum(sheet.rows, heading), 2);
    const { usable } = await app.database.db
      .selectFrom("rooms")
      .select(sql<number>`coalesce(sum(usable_area), 0)`.as("usable"))
      .where("region_code", "like", "230227%")
      .executeTakeFirstOrThrow();
    expect(sheet.totals?.["使用面积（m²）"]).toBeCloseTo(Number(usable), 2);
    expect(sheet.rows.every((row) => row.所在区划 === "富裕县" || String(row.所在区划).length > 0)).toBe(
      true,
    );
  });

  it("scopes a county user to 230227 even when asking for the province", async () => {
    const province = await sheetOf(county, "/api/ledgers/office-buildings.xlsx?region=230000");
    const own = await sheetOf(county, "/api/ledgers/office-buildings.xlsx?region=230227");
    expect(province.rows.map((row) => row.楼宇名称)).toEqual(own.rows.map((row) => row.楼宇名称));
  });

  it("使用单位基本情况: the entitlement columns equal GET /api/units/{id}'s summary", async () => {
    const sheet = await sheetOf(app, "/api/ledgers/units.xlsx?region=230103");
    expect(sheet.headings).toEqual([
      "序号",
      "单位名称",
      "单位类别",
      "层级",
      "所在区划",
      "核定编制（人）",
      "实有人数（人）",
      "核定办公室面积（m²）",
      "实际办公室面积（m²）",
      "核定基本办公用房面积（m²）",
      "实际基本办公用房面积（m²）",
      "超标（+）/缺口（−）（m²）",
      "达标情况",
      "办公地点数",
      "在外租房年租金（万元）",
    ]);
    const { body } = await app.json<{
      entitlement: {
        officeArea: number;
        coreUsableArea: number;
        actualOfficeArea: number;
        actualCoreUsableArea: number;
        coreSurplus: number;
        status: string;
      };
    }>(`/api/units/${educationId}`);
    const row = sheet.rows.find((candidate) => candidate.单位名称 === "黑龙江省教育厅");
    expect(row).toBeDefined();
    expect(row?.["核定办公室面积（m²）"]).toBeCloseTo(body.entitlement.officeArea, 2);
    expect(row?.["实际办公室面积（m²）"]).toBeCloseTo(body.entitlement.actualOfficeArea, 2);
    expect(row?.["核定基本办公用房面积（m²）"]).toBeCloseTo(body.entitlement.coreUsableArea, 2);
    expect(row?.["实际基本办公用房面积（m²）"]).toBeCloseTo(body.entitlement.actualCoreUsableArea, 2);
    expect(row?.["超标（+）/缺口（−）（m²）"]).toBeCloseTo(body.entitlement.coreSurplus, 2);
    expect(row?.达标情况).toBe(
      { over: "超标", within: "符合标准", short: "面积不足" }[body.entitlement.status],
    );
    const { authorized } = await app.database.db
      .selectFrom("staffing")
      .select(sql<number>`sum(authorized)::int`.as("authorized"))
      .where("unit_id", "=", educationId)
      .executeTakeFirstOrThrow();
    expect(row?.["核定编制（人）"]).toBe(authorized);
    expect(sheet.totals?.["核定编制（人）"]).toBe(sum(sheet.rows, "核定编制（人）"));
    // A unit user reads only its own (and supervised) units.
    const own = await sheetOf(unitUser, "/api/ledgers/units.xlsx?region=230000");
    expect(own.rows.map((entry) => entry.单位名称)).toContain("黑龙江省教育厅");
    expect(own.rows.length).toBeLessThan(sheet.rows.length + 10);
  });

  it("refuses a units ledger above the unit cap with a 400 saying to narrow the region", async () => {
    const { status, body } = await app.json<ErrorBody>("/api/ledgers/units.xlsx?region=230000");
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/narrow the region/);
  });

  it("工作人员办公室使用情况明细表: one row per person and office room in scope", async () => {
    const sheet = await sheetOf(county, "/api/ledgers/staff-offices.xlsx");
    expect(sheet.headings).toEqual([
      "序号",
      "单位",
      "姓名",
      "职级",
      "标准（m²）",
      "房间号",
      "楼宇",
      "房间使用面积（m²）",
      "同室人数",
      "人均面积（m²）",
      "超标面积（m²）",
      "是否超标",
    ]);
    expect(sheet.totals).toBeUndefined();
    const { count } = await app.database.db
      .selectFrom("room_occupants as o")
      .innerJoin("rooms as r", "r.id", "o.room_id")
      .innerJoin("people as p", "p.id", "o.person_id")
      .innerJoin("units as u", "u.id", "p.unit_id")
      .select(sql<number>`count(*)::int`.as("count"))
      .where("r.use_category", "=", "office")
      .where("u.region_code", "like", "230227%")
      .executeTakeFirstOrThrow();
    expect(sheet.rows).toHaveLength(count);
    for (const row of sheet.rows) {
      const over = Number(row["超标面积（m²）"]) > 0;
      expect(row.是否超标).toBe(over ? "是" : "否");
    }
  });

  it("超标情况: the demo's over-standard leaders with explanations, totals of the excess", async () => {
    const sheet = await sheetOf(app, "/api/ledgers/over-standard.xlsx");
    expect(sheet.headings).toEqual([
      "序号",
      "单位",
      "姓名",
      "职级",
      "问题类型",
      "标准（m²）",
      "实际（m²）",
      "超标面积（m²）",
      "说明",
    ]);
    const { body } = await app.json<{ total: number; candidates: Array<{ personName: string }> }>(
      "/api/checks?rule=over_standard_office&limit=1000",
    );
    const names = new Set(
      sheet.rows.filter((row) => row.问题类型 === "办公室面积超标").map((row) => row.姓名),
    );
    expect(names.size).toBeGreaterThan(0);
    expect(sheet.rows.filter((row) => row.问题类型 === "办公室面积超标")).toHaveLength(body.total);
    for (const candidate of body.candidates) expect(names.has(candidate.personName)).toBe(true);
    // The demo's over-standard leaders: alone in an office larger than their rank's limit, in units
    // whose limit is their rank's own (not a public institution or dispatched body, which take the level
    // below, nor a prefecture organ of Harbin, a sub-provincial city).
    const { rows: leaders } = await sql<{ name: string }>`
      select p.name from people p
      join units u on u.id = p.unit_id
      join room_occupants o on o.person_id = p.id join rooms r on r.id = o.room_id
      join ranks k on k.code = p.rank_code
      where p.is_leader and r.use_category = 'office' and r.usable_area > k.office_limit_m2
        and u.kind not in ('public_institution', 'civil_service_institution', 'university')
        and not u.is_dispatched and not (u.admin_level = 'prefecture' and u.region_code like '2301%')
        and (select count(*) from room_occupants c where c.room_id = r.id) = 1`.execute(app.database.db);
    expect(leaders.length).toBeGreaterThan(0);
    for (const leader of leaders) expect(names.has(leader.name)).toBe(true);
    expect(sheet.rows.every((row) => String(row.说明).includes("依据"))).toBe(true);
    expect(sheet.totals?.["超标面积（m²）"]).toBeCloseTo(sum(sheet.rows, "超标面积（m²）"), 2);
    const own = await sheetOf(county, "/api/ledgers/over-standard.xlsx");
    expect(own.rows.every((row) => sheet.rows.some((other) => other.姓名 === row.姓名))).toBe(true);
  });

  it("清理腾退情况: per prefecture for the province, per unit for a county; 腾退 = idle + vacating + pending disposal", async () => {
    const province = await sheetOf(app, "/api/ledgers/vacated.xlsx");
    expect(province.headings).toEqual([
      "序号",
      "地区（单位）",
      "腾退办公用房面积（m²）",
      "闲置面积（m²）",
      "出租/出借面积（m²）",
      "超标人员数",
      "在外租房处数",
      "在外租房年租金（万元）",
    ]);
    const { prefectures } = await app.database.db
      .selectFrom("regions")
      .select(sql<number>`count(*)::int`.as("prefectures"))
      .where("parent_code", "=", "230000")
      .executeTakeFirstOrThrow();
    expect(province.rows).toHaveLength(prefectures);
    const { vacated } = await app.database.db
      .selectFrom("rooms")
      .select(sql<number>`coalesce(sum(usable_area), 0)`.as("vacated"))
      .where("status", "in", ["idle", "vacating", "pending_disposal"])
      .executeTakeFirstOrThrow();
    expect(province.totals?.["腾退办公用房面积（m²）"]).toBeCloseTo(Number(vacated), 2);
    const countySheet = await sheetOf(county, "/api/ledgers/vacated.xlsx");
    const { vacatedCounty } = await app.database.db
      .selectFrom("rooms")
      .select(sql<number>`coalesce(sum(usable_area), 0)`.as("vacatedCounty"))
      .where("status", "in", ["idle", "vacating", "pending_disposal"])
      .where("region_code", "like", "230227%")
      .executeTakeFirstOrThrow();
    expect(countySheet.totals?.["腾退办公用房面积（m²）"]).toBeCloseTo(Number(vacatedCounty), 2);
  });

  it("answers 404 listing the ledgers for an unknown name, 400 for a bad region or parameter", async () => {
    const unknown = await app.json<ErrorBody>("/api/ledgers/rooms.xlsx");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain(
      "office-buildings, units, staff-offices, over-standard, vacated",
    );
    expect((await app.json<ErrorBody>("/api/ledgers/units.xlsx?region=999999")).status).toBe(400);
    expect((await app.json<ErrorBody>("/api/ledgers/units.xlsx?region=abc")).status).toBe(400);
    expect((await app.json<ErrorBody>("/api/ledgers/units.xlsx?limit=5")).status).toBe(400);
    expect((await app.anonymous.request("/api/ledgers/units.xlsx")).status).toBe(401);
  });

  it("prints a unit's entitlement sheet as self-contained, escaped HTML", async () => {
    const response = await app.request(`/api/units/${educationId}/entitlement.html`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    const { body } = await app.json<{ entitlement: { officeArea: number } }>(
      `/api/units/${educationId}/entitlement`,
    );
    expect(html).toContain("黑龙江省教育厅");
    expect(html).toContain("发改投资〔2014〕2674号");
    expect(html).toContain("@page");
    expect(html).toContain(body.entitlement.officeArea.toLocaleString("zh-CN", { maximumFractionDigits: 2 }));
    expect(html).not.toMatch(/<script|src=|href=/i);
    expect((await county.request(`/api/units/${educationId}/entitlement.html`)).status).toBe(404);
    expect((await unitUser.request(`/api/units/${educationId}/entitlement.html`)).status).toBe(200);
  });

  it("escapes a unit name holding markup", async () => {
    const { escapeHtml } = await import("../../server/http/entitlement-sheet.js");
    expect(escapeHtml(`<img src=x onerror="a">&'`)).toBe("&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;");
  });
});
