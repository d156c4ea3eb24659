import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tableColumns } from "../../server/domain/tables/table-columns.js";
import { csvField, exportHeading, exportValue, toCsv } from "../../server/domain/tables/table-export.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

// The demo holds ~11,000 rooms, far from the 50,000 rows an export may hold: a cap of 1,000 here lets
// the refusal be tested for real while buildings (~440) and units (~230) still export whole.
vi.mock(import("../../server/domain/tables/table-export.js"), async (importOriginal) => ({
  ...(await importOriginal()),
  MAX_EXPORT_ROWS: 1000,
}));

interface ErrorBody {
  error: { code: string; message: string };
}
interface TableBody {
  rows: Array<Record<string, unknown> & { id: number }>;
  total: number;
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const buildingHeadings = [
  "编号",
  "楼宇名称",
  "行政区划",
  "房产类别",
  "地上层数",
  "建筑面积（m²）",
  "使用面积（m²）",
  "闲置面积（m²）",
  "建成年份",
  "房屋状况",
  "主要使用单位",
];
const propertyClasses = ["办公用房", "技术业务用房", "经营用房", "非办公类资产"];
const sum = (values: readonly unknown[]) => values.reduce<number>((total, value) => total + Number(value), 0);

/** RFC 4180 parser for the tests: quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ",") {
      fields.push(field);
      field = "";
    } else if (character === "\r" && text[index + 1] === "\n") {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = "";
      index++;
    } else field += character;
  }
  if (field !== "" || fields.length > 0) records.push([...fields, field]);
  return records;
}

/** The file names of a Content-Disposition header: the ASCII fallback and the UTF-8 one. */
function filenames(disposition: string | null) {
  return {
    fallback: /filename="([^"]+)"/.exec(disposition ?? "")?.[1],
    utf8: decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition ?? "")?.[1] ?? ""),
  };
}

describe("export formatting", () => {
  it("quotes CSV fields as RFC 4180 says and never lets text run as a formula", () => {
    expect(csvField("富裕县")).toBe("富裕县");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+86")).toBe("'+86");
    expect(csvField(-12.5)).toBe("-12.5");
    expect(csvField(null)).toBe("");
  });

  it("prints Chinese headings with units, labels for codes and money in 万元", () => {
    const [rent] = tableColumns.units.filter((column) => column.key === "leases_in_rent");
    const [kind] = tableColumns.units.filter((column) => column.key === "kind");
    const [area] = tableColumns.buildings.filter((column) => column.key === "gross_area");
    if (!rent || !kind || !area) throw new Error("columns missing");
    expect(exportHeading(rent)).toBe("在外租房年租金（万元）");
    expect(exportHeading(area)).toBe("建筑面积（m²）");
    expect(exportValue(rent, 940_726.5)).toBe(94.07265);
    expect(exportValue(kind, "supervision_commission")).toBe("监察委员会");
    expect(exportValue(kind, "unheard_of")).toBe("unheard_of");
    expect(exportValue(area, null)).toBeNull();
    const csv = toCsv(tableColumns.buildings.slice(0, 4), [
      { id: 1, name: "甲,乙", region_name: "富裕县", property_class: "non_office_asset" },
    ]);
    expect(csv).toBe('\uFEFF编号,楼宇名称,行政区划,房产类别\r\n1,"甲,乙",富裕县,非办公类资产\r\n');
  });

  it("caps exports at 50,000 rows (mocked to 1,000 in this file)", async () => {
    const actual = await vi.importActual<typeof import("../../server/domain/tables/table-export.js")>(
      "../../server/domain/tables/table-export.js",
    );
    expect(actual.MAX_EXPORT_ROWS).toBe(50_000);
  });
});

describe.each(testModes())("ledger exports (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let fuyuId: number;

  beforeAll(async () => {
    app = await openTestApp(mode);
    county = await app.signIn("demo-county");
    fuyuId = (
      await app.database.db
        .selectFrom("buildings")
        .select("id")
        .where("name", "=", "富裕县原县直机关办公楼（已腾退）")
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => app.database.close());

  const csvOf = async (client: SignedInClient | TestApp, path: string) => {
    const response = await client.request(path);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { response, bytes, records: parseCsv(new TextDecoder().decode(bytes.slice(3))) };
  };

  it("exports the buildings ledger as CSV with BOM, Chinese headings, labels and the JSON's rows in order", async () => {
    const query = "region=230200&sort=gross_area&order=desc";
    const { response, bytes, records } = await csvOf(app, `/api/tables/buildings.csv?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toMatch(/\r\n$/);
    const names = filenames(response.headers.get("content-disposition"));
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; /);
    expect(names.fallback).toMatch(/^buildings-\d{8}\.csv$/);
    expect(names.utf8).toMatch(/^楼宇台账-\d{8}\.csv$/);
    expect(names.utf8.slice(5, 13)).toBe(names.fallback?.slice(10, 18));

    const [headings, ...rows] = records;
    expect(headings).toEqual(buildingHeadings);
    const json = await app.json<TableBody>(`/api/tables/buildings?${query}&limit=500`);
    expect(rows).toHaveLength(json.body.total);
    expect(rows.map((row) => Number(row[0]))).toEqual(json.body.rows.map((row) => row.id));
    expect(sum(rows.map((row) => row[5]))).toBeCloseTo(sum(json.body.rows.map((row) => row.gross_area)), 2);
    expect(sum(rows.map((row) => row[7]))).toBeCloseTo(sum(json.body.rows.map((row) => row.idle_area)), 2);
    const fuyu = rows.find((row) => Number(row[0]) === fuyuId);
    expect(fuyu?.slice(1, 6)).toEqual([
      "富裕县原县直机关办公楼（已腾退）",
      "富裕县",
      "办公用房",
      "11",
      "9019",
    ]);
    const classes = new Set(rows.map((row) => row[3]));
    expect(classes).toContain("办公用房");
    expect([...classes].every((label) => propertyClasses.includes(label ?? ""))).toBe(true);
    for (const row of rows) expect(["良好", "一般", "较差", "危房"]).toContain(row[9]);
  });

  it("translates room codes and unit codes, and prints rent in 万元", async () => {
    const rooms = await csvOf(app, `/api/tables/rooms.csv?building_id=${fuyuId}`);
    const [roomHeadings, ...roomRows] = rooms.records;
    expect(roomHeadings).toEqual([
      "编号",
      "楼宇",
      "楼层",
      "房间号",
      "用途类别",
      "使用面积（m²）",
      "使用状态",
      "使用单位",
      "使用人",
    ]);
    expect(roomRows.length).toBeGreaterThan(50);
    expect(roomRows.every((row) => row[6] === "闲置")).toBe(true);
    expect(new Set(roomRows.map((row) => row[4]))).toContain("办公室");
    expect(
      roomRows.every((row) =>
        ["办公室", "服务用房", "设备用房", "附属用房", "技术业务用房"].includes(row[4] ?? ""),
      ),
    ).toBe(true);

    const units = await csvOf(app, `/api/tables/units.csv?q=${encodeURIComponent("黑龙江省监察委员会")}`);
    const [unitHeadings, supervision] = units.records;
    expect(unitHeadings).toContain("在外租房年租金（万元）");
    expect(unitHeadings).toContain("在用使用面积（m²）");
    const json = await app.json<TableBody>(`/api/tables/units?q=${encodeURIComponent("黑龙江省监察委员会")}`);
    const rent = Number(json.body.rows[0]?.leases_in_rent);
    expect(rent).toBeGreaterThan(10_000);
    expect(Number(supervision?.[9])).toBeCloseTo(rent / 10_000, 6);
    expect(supervision?.slice(3, 5)).toEqual(["监察委员会", "省级"]);
  });

  it("exports XLSX with a title, a bold frozen header, number formats and the JSON's rows", async () => {
    const query = "region=230200&sort=gross_area&order=desc";
    const response = await app.request(`/api/tables/buildings.xlsx?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(XLSX);
    const names = filenames(response.headers.get("content-disposition"));
    expect(names.fallback).toMatch(/^buildings-\d{8}\.xlsx$/);
    expect(names.utf8).toMatch(/^楼宇台账-\d{8}\.xlsx$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("楼宇台账");
    if (!sheet) throw new Error("no sheet named 楼宇台账");
    expect(String(sheet.getCell(1, 1).value)).toMatch(/^楼宇台账/);
    expect(String(sheet.getCell(1, 1).value)).toContain("region=230200");
    const header = sheet.getRow(2);
    expect(buildingHeadings.map((_, index) => header.getCell(index + 1).value)).toEqual(buildingHeadings);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(sheet.getColumn(6).width).toBeGreaterThanOrEqual(8);

    const json = await app.json<TableBody>(`/api/tables/buildings?${query}&limit=500`);
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row, number) => {
      if (number > 2) rows.push(row);
    });
    expect(rows).toHaveLength(json.body.total);
    expect(rows.map((row) => row.getCell(1).value)).toEqual(json.body.rows.map((row) => row.id));
    const grossCells = rows.map((row) => row.getCell(6));
    expect(grossCells.every((cell) => typeof cell.value === "number")).toBe(true);
    expect(grossCells[0]?.numFmt).toBe("#,##0.00");
    expect(rows[0]?.getCell(8).numFmt).toBe("#,##0.00");
    expect(sum(grossCells.map((cell) => cell.value))).toBeCloseTo(
      sum(json.body.rows.map((row) => row.gross_area)),
      2,
    );
    expect(rows.every((row) => propertyClasses.includes(String(row.getCell(4).value)))).toBe(true);
    expect(rows.find((row) => row.getCell(1).value === fuyuId)?.getCell(4).value).toBe("办公用房");
  });

  it("exports only what the reader may read", async () => {
    const own = await csvOf(county, "/api/tables/buildings.csv");
    const json = await county.json<TableBody>("/api/tables/buildings?limit=500");
    expect(own.records.length - 1).toBe(json.body.total);
    expect(own.records.slice(1).every((row) => row[2] === "富裕县")).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      await (await county.request("/api/tables/units.xlsx?region=230100")).arrayBuffer(),
    );
    expect(workbook.getWorksheet("单位台账")?.rowCount).toBe(2);
  });

  it("refuses an export of more rows than the cap, saying to narrow the filter", async () => {
    for (const format of ["csv", "xlsx"]) {
      const { status, body } = await app.json<ErrorBody>(`/api/tables/rooms.${format}`);
      expect(status).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.message).toMatch(
        /^\d+ rows match, but an export holds at most 1000: narrow the filter/,
      );
    }
    for (const query of ["limit=10", "offset=5", "sort=nope", "status=lost"]) {
      expect((await app.request(`/api/tables/rooms.csv?${query}`)).status, query).toBe(400);
    }
    expect((await app.anonymous.request("/api/tables/buildings.xlsx")).status).toBe(401);
  });
});
