import ExcelJS from "exceljs";
import { strFromU8, unzipSync } from "fflate";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportDefinitions, reportNames } from "../../server/domain/reports/report-catalogue.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

type Values = Record<string, number>;
interface ReportBody {
  region: { code: string; name: string };
  asOf: string;
  year: number;
  rows: Array<{ region: { code: string; name: string; own: boolean }; values: Values }>;
  totals: Values;
}
interface DashboardBody {
  totals: Values;
  children: Array<Values & { region: { code: string; own: boolean } }>;
}

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe.each(testModes())("official statistics tables (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  /** The province's supervision table before the fixture's findings. */
  let supervisionBefore: Values = {};
  let planner: SignedInClient;
  let inspector: SignedInClient;
  let unitUser: SignedInClient;
  const year = Number(
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date()),
  );

  beforeAll(async () => {
    app = await openTestApp(mode);
    [county, planner, inspector, unitUser] = await Promise.all([
      app.signIn("demo-county"),
      app.signIn("demo-planner"),
      app.signIn("demo-inspector"),
      app.signIn("demo-unit"),
    ]);
    // The demo's own findings (the finding ledger's demo) are counted too: the test checks what its
    // fixture adds to them.
    supervisionBefore = (await planner.json<ReportBody>("/api/reports/supervision?region=230000")).body
      .totals;
    // Flows of the statistical year, so the disposal and supervision tables are not all zeros: a
    // finding per status (one overdue, one referred), a done auction and a done conversion.
    const db = app.database.db;
    const unit = await db
      .selectFrom("units")
      .select(["id", "region_code"])
      .where("region_code", "like", "2302%")
      .executeTakeFirstOrThrow();
    const building = await db
      .selectFrom("buildings")
      .select(["id", "region_code"])
      .where("region_code", "like", "2301%")
      .executeTakeFirstOrThrow();
    for (const [status, deadline, referred] of [
      ["open", "2020-01-31", null],
      ["rectifying", "2999-12-31", null],
      ["closed", null, null],
      ["referred", null, `${year}-03-01`],
    ] as const)
      await sql`insert into findings (region_code, unit_id, rule, severity, description, deadline, status, referred_on)
        values (${unit.region_code}, ${unit.id}, 'over_standard', 'medium', '测试问题', ${deadline}, ${status}, ${referred})`.execute(
        db,
      );
    await sql`insert into disposals (region_code, building_id, method, status, area, reserve_price, result_on)
      values (${building.region_code}, ${building.id}, 'auction', 'done', 812.5, 300, ${`${year}-06-30`})`.execute(
      db,
    );
  }, 180_000);
  afterAll(async () => {
    await app?.database.close();
  });

  const report = async (client: SignedInClient, name: string, region: string) => {
    const { status, body } = await client.json<ReportBody>(`/api/reports/${name}?region=${region}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  };

  it("lists the five tables in the catalogue", async () => {
    const { status, body } = await planner.json<{ reports: Array<{ name: string; title: { zh: string } }> }>(
      "/api/reports",
    );
    expect(status).toBe(200);
    expect(body.reports.map((entry) => entry.name)).toEqual([...reportNames]);
    expect(body.reports.map((entry) => entry.title.zh)).toContain("党政机关办公用房基本情况统计表");
  });

  it("makes every 合计 the sum of its rows, one row per prefecture plus 本级", async () => {
    for (const name of reportNames) {
      for (const region of ["230000", "230200", "230227"]) {
        const body = await report(planner, name, region);
        expect(body.rows.at(-1)?.region).toMatchObject({ code: region, own: true });
        for (const column of reportDefinitions[name].columns) {
          const sum = body.rows.reduce((total, row) => total + (row.values[column.key] ?? 0), 0);
          expect(body.totals[column.key], `${name} ${region} ${column.key}`).toBeCloseTo(sum, 4);
        }
      }
    }
    const province = await report(planner, "office-space-basic", "230000");
    expect(province.rows).toHaveLength(14);
    expect(province.totals.grossArea).toBeGreaterThan(0);
  });

  it("agrees with the dashboard wherever they overlap, in total and per child region", async () => {
    for (const region of ["230000", "230200", "230100"]) {
      const { body: dashboard } = await planner.json<DashboardBody>(`/api/dashboard?region=${region}`);
      const [basic, usage, leases, idle, supervision] = await Promise.all(
        ["office-space-basic", "usage-standard", "leases-in", "idle-disposal", "supervision"].map((name) =>
          report(planner, name, region),
        ),
      );
      const pairs: Array<[ReportBody, string, string, number]> = [
        [basic as ReportBody, "grossArea", "grossArea", 1],
        [basic as ReportBody, "officeArea", "officeArea", 1],
        [basic as ReportBody, "idleArea", "idleArea", 1],
        [idle as ReportBody, "idleArea", "idleArea", 1],
        [usage as ReportBody, "unitsOver", "unitsOverStandard", 1],
        [usage as ReportBody, "personsOver", "personsOverStandard", 1],
        [leases as ReportBody, "leases", "leasesIn", 1],
        [leases as ReportBody, "rent", "annualRentOutside", 10_000],
        [supervision as ReportBody, "openFindings", "openFindings", 1],
      ];
      for (const [table, key, figure, scale] of pairs) {
        expect((table.totals[key] ?? NaN) * scale, `${region} ${key}`).toBeCloseTo(
          dashboard.totals[figure] ?? NaN,
          2,
        );
        for (const child of dashboard.children) {
          const row = table.rows.find((candidate) => candidate.region.code === child.region.code);
          expect((row?.values[key] ?? NaN) * scale, `${region}/${child.region.code} ${key}`).toBeCloseTo(
            child[figure] ?? NaN,
            2,
          );
        }
      }
    }
  });

  it("counts the year's findings, referrals and disposals", async () => {
    const supervision = await report(planner, "supervision", "230000");
    const added = (key: string) => (supervision.totals[key] ?? 0) - (supervisionBefore[key] ?? 0);
    expect(
      Object.fromEntries(
        ["findings", "open", "rectifying", "closed", "referred"].map((key) => [key, added(key)]),
      ),
    ).toEqual({ findings: 4, open: 1, rectifying: 1, closed: 1, referred: 1 });
    expect(added("openFindings")).toBe(3);
    expect(added("overdue")).toBe(1);
    expect(added("referralsThisYear")).toBe(1);
    const idle = await report(planner, "idle-disposal", "230000");
    expect(idle.totals).toMatchObject({ auctionedCount: 1, auctionedArea: 812.5 });
    const lastYear = await planner.json<ReportBody>(
      `/api/reports/idle-disposal?region=230000&year=${year - 1}`,
    );
    expect(lastYear.body.totals.auctionedCount).toBe(0);
  });

  it("writes the XLSX with the official headings, title, 合计 and signature lines", async () => {
    const response = await planner.request("/api/reports/office-space-basic.xlsx?region=230000");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("办公用房基本情况");
    expect(sheet).toBeDefined();
    if (!sheet) return;
    expect(String(sheet.getCell(1, 1).value)).toBe("黑龙江省党政机关办公用房基本情况统计表");
    expect(String(sheet.getCell(2, 1).value)).toContain("填报单位");
    const headings = [3, 4].flatMap((row) => (sheet.getRow(row).values as unknown[]).map(String));
    for (const heading of [
      "地区",
      "楼栋数（栋）",
      "总建筑面积（m²）",
      "基本办公用房使用面积",
      "办公室（m²）",
      "服务用房（m²）",
      "设备用房（m²）",
      "附属用房使用面积（m²）",
      "闲置面积（m²）",
      "出租面积（m²）",
    ])
      expect(headings, heading).toContain(heading);
    const { body } = await planner.json<ReportBody>("/api/reports/office-space-basic?region=230000");
    const totalRow = sheet.getRow(5 + body.rows.length);
    expect(totalRow.getCell(1).value).toBe("合计");
    expect(Number(totalRow.getCell(4).value)).toBeCloseTo(body.totals.grossArea ?? NaN, 2);
    let texts = "";
    sheet.eachRow((row) => {
      texts += `${String(row.getCell(1).value)}\n`;
    });
    expect(texts).toContain("填表人");
    expect(texts).toContain("审核人");
    expect(sheet.pageSetup.orientation).toBe("landscape");
  });

  it("serves the printable page with print CSS and the totals", async () => {
    const response = await planner.request("/api/reports/leases-in.html?region=230000");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("@page { size: A4 landscape");
    expect(html).toContain("table-header-group");
    expect(html).toContain("租用办公用房情况统计表");
    expect(html).toContain("年租金（万元）");
  });

  it("packs the annual report: every table as XLSX and page, the combined workbook, 报送说明 and manifest", async () => {
    const response = await county.request(`/api/reports/annual.zip?region=230227&year=${year}`);
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const names = Object.keys(files);
    for (const name of reportNames) {
      const title = reportDefinitions[name].title.zh;
      expect(
        names.some((file) => file.endsWith(`${title}.xlsx`)),
        title,
      ).toBe(true);
      expect(
        names.some((file) => file.endsWith(`${title}（打印版）.html`)),
        title,
      ).toBe(true);
    }
    expect(names).toContain("报送说明.txt");
    expect(names).toContain("manifest.json");
    expect(names.some((file) => file.includes("汇总"))).toBe(true);
    const note = strFromU8(files["报送说明.txt"] ?? new Uint8Array());
    expect(note).toContain("齐齐哈尔市机关事务管理局");
    expect(note).toContain(`${year}年度`);
    const manifest = JSON.parse(strFromU8(files["manifest.json"] ?? new Uint8Array())) as {
      totals: Record<string, Values>;
    };
    const basic = await report(county, "office-space-basic", "230227");
    expect(manifest.totals["office-space-basic"]).toEqual(basic.totals);
  });

  it("submits the package upward as an audited act the level above sees, and refuses others", async () => {
    const submitted = await county.json<{
      submission: { id: number; revision: number; packageSha256: string };
      audit: string[];
    }>("/api/reports/annual/submissions", json({ region: "230227", year, note: "请审阅" }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body.submission.revision).toBe(1);
    const audit = await app.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("id", "=", submitted.body.audit[0] ?? "0")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: "create",
      entity: "annual_report_submission",
      region_code: "230227",
    });
    expect(audit.after).toMatchObject({
      year,
      revision: 1,
      submittedTo: "230200",
      packageSha256: submitted.body.submission.packageSha256,
    });

    const again = await county.json<{ submission: { revision: number } }>(
      "/api/reports/annual/submissions",
      json({ year }),
    );
    expect(again.body.submission.revision).toBe(2);

    const listing = await planner.json<{
      children: Array<{ region: { code: string }; submission: { revision: number } | null }>;
      submitted: number;
    }>(`/api/reports/annual/submissions?region=230200&year=${year}`);
    expect(listing.status).toBe(200);
    expect(listing.body.submitted).toBe(1);
    expect(listing.body.children.find((child) => child.region.code === "230227")?.submission?.revision).toBe(
      2,
    );
    const packageResponse = await planner.request(
      `/api/reports/annual/submissions/${submitted.body.submission.id}/package.zip`,
    );
    expect(packageResponse.status).toBe(200);
    expect(Object.keys(unzipSync(new Uint8Array(await packageResponse.arrayBuffer())))).toContain(
      "报送说明.txt",
    );

    // Only the level itself submits, only planners and approvers, never a future year or unknown fields.
    expect(
      (await planner.request("/api/reports/annual/submissions", json({ region: "230227", year }))).status,
    ).toBe(403);
    expect((await inspector.request("/api/reports/annual/submissions", json({ year }))).status).toBe(403);
    expect((await county.request("/api/reports/annual/submissions", json({ year: year + 1 }))).status).toBe(
      400,
    );
    const unknown = await county.json<{ error: { message: string } }>(
      "/api/reports/annual/submissions",
      json({ year, extra: 1 }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("extra");
    expect(
      (await county.request("/api/reports/annual/submissions", json({ region: "230100", year }))).status,
    ).toBe(404);
  });

  it("keeps reports from unit users and regions out of reach, and rejects bad queries", async () => {
    expect((await unitUser.request("/api/reports/office-space-basic?region=230000")).status).toBe(403);
    expect((await unitUser.request("/api/reports")).status).toBe(403);
    expect((await county.request("/api/reports/office-space-basic.xlsx?region=230100")).status).toBe(404);
    expect((await app.anonymous.request("/api/reports/office-space-basic.html?region=230000")).status).toBe(
      401,
    );
    const bad = await planner.json<{ error: { message: string } }>(
      "/api/reports/office-space-basic?region=230000&colour=red",
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("colour");
    expect((await planner.request("/api/reports/office-space-basic?region=230000&year=1999")).status).toBe(
      400,
    );
    const unknown = await planner.json<{ error: { message: string } }>("/api/reports/rooms.xlsx");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("office-space-basic");
  });
});
