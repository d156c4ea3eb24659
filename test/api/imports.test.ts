import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { zipSync } from "fflate";
import gcoord from "gcoord";
import iconv from "iconv-lite";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { requireOrExplain } from "../support/environment.js";
import { hasGdal } from "../support/served-app.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

const run = promisify(execFile);

// Everything this suite writes is named 导入测试… (or sits in its own unit), and is deleted afterwards:
// the server-mode database is shared with the other test files.
const PREFIX = "导入测试";
/** 香坊区, Harbin: the test buildings at 126.66E 45.70N lie in it. */
const REGION = "230110";

interface Job {
  id: string;
  state: string;
  processed: number;
  total: number;
  phase?: string;
  result?: {
    valid: number;
    invalid: number;
    errors: Array<{ line: number; field: string; reason: string }>;
    inserted?: number;
    updated?: number;
    warnings: string[];
  };
  error?: { code: string; message: string };
}
interface Staged {
  id: string;
  format: string;
  target: string;
  rowCount: number;
  encoding: string | null;
  columns: string[];
  sample: Array<Record<string, unknown>>;
  suggestedMapping: Record<string, string>;
  targetFields: Array<{ name: string; required: boolean; type: string; label_zh: string }>;
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}

/** A square building footprint of `size` degrees at (lon, lat). */
const square = (lon: number, lat: number, size = 0.0004) => ({
  type: "Polygon",
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

const feature = (properties: Record<string, unknown>, geometry: unknown) => ({
  type: "Feature",
  properties,
  geometry,
});
const collection = (features: unknown[]) =>
  new TextEncoder().encode(JSON.stringify({ type: "FeatureCollection", features }));

/** n buildings on a grid in 南岗区 (the grid's corner at lon0, lat0). */
function buildingsFile(n: number, name: string, lon0 = 126.66, lat0 = 45.7) {
  return collection(
    Array.from({ length: n }, (_, index) =>
      feature(
        { 名称: `${name}${index + 1}`, 地上层数: 5, 建筑面积: 1000 + index, 建成年份: 1990 },
        square(lon0 + (index % 100) * 0.0006, lat0 + Math.floor(index / 100) * 0.0006, 0.0004),
      ),
    ),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function upload(
  client: SignedInClient,
  name: string,
  bytes: Uint8Array,
  target: string,
  encoding?: string,
) {
  const form = new FormData();
  form.append("file", new File([bytes as Uint8Array<ArrayBuffer>], name));
  form.append("target", target);
  if (encoding) form.append("encoding", encoding);
  return client.json<Staged & ErrorBody>("/api/imports", { method: "POST", body: form });
}

async function waitFor(client: SignedInClient, jobId: string): Promise<Job> {
  for (;;) {
    const { body } = await client.json<Job>(`/api/jobs/${jobId}`);
    if (body.state !== "running") return body;
    await sleep(20);
  }
}

async function startJob(client: SignedInClient, id: string, action: "dry-run" | "commit", body: unknown) {
  const response = await client.json<{ jobId: string } & ErrorBody>(`/api/imports/${id}/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return response;
}

async function runJob(client: SignedInClient, id: string, action: "dry-run" | "commit", body: unknown) {
  const started = await startJob(client, id, action, body);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return waitFor(client, started.body.jobId);
}

async function stagedOk(
  client: SignedInClient,
  name: string,
  bytes: Uint8Array,
  target: string,
  encoding?: string,
) {
  const staged = await upload(client, name, bytes, target, encoding);
  expect(staged.status, JSON.stringify(staged.body)).toBe(201);
  return staged.body;
}

/** Zips the shapefile ogr2ogr wrote from `features` (optionally reprojected, optionally without its .cpg). */
async function shapefileZip(features: unknown[], options: { srs?: string; dropCpg?: boolean } = {}) {
  const directory = mkdtempSync(join(tmpdir(), "fangtu-shp-"));
  try {
    writeFileSync(join(directory, "in.geojson"), JSON.stringify({ type: "FeatureCollection", features }));
    const args = ["-f", "ESRI Shapefile", "-lco", "ENCODING=GBK"];
    if (options.srs) args.push("-t_srs", options.srs);
    await run("ogr2ogr", [...args, join(directory, "楼栋.shp"), join(directory, "in.geojson")]);
    const files: Record<string, Uint8Array> = {};
    for (const file of readdirSync(directory)) {
      if (file === "in.geojson" || (options.dropCpg && file.endsWith(".cpg"))) continue;
      files[file] = readFileSync(join(directory, file));
    }
    return zipSync(files);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe.each(testModes())("imports (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let unitUser: SignedInClient;
  let testUnit: number;

  const count = async (
    table: "buildings" | "rooms" | "people" | "non_office_assets",
    like = `${PREFIX}%`,
  ) => {
    const column = table === "rooms" ? "number" : "name";
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
      where ${sql.ref(column)} like ${like}`.execute(app.database.db);
    return rows[0]?.n ?? 0;
  };

  beforeAll(async () => {
    app = await openTestApp(mode);
    [county, unitUser] = await Promise.all([app.signIn("demo-county"), app.signIn("demo-unit")]);
    testUnit = (
      await app.database.db
        .insertInto("units")
        .values({
          region_code: REGION,
          name: `${PREFIX}局`,
          kind: "government_department",
          admin_level: "county",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  });

  afterAll(async () => {
    const db = app.database.db;
    await sql`delete from rooms where building_id in (select id from buildings where name like ${`${PREFIX}%`})`.execute(
      db,
    );
    await sql`delete from floors where building_id in (select id from buildings where name like ${`${PREFIX}%`})`.execute(
      db,
    );
    await sql`delete from buildings where name like ${`${PREFIX}%`}`.execute(db);
    await sql`delete from non_office_assets where name like ${`${PREFIX}%`}`.execute(db);
    await sql`delete from people where unit_id = ${testUnit}`.execute(db);
    await sql`delete from staffing where unit_id = ${testUnit}`.execute(db);
    await sql`delete from units where id = ${testUnit}`.execute(db);
    await app.database.close();
  });

  it("stages a GeoJSON upload with columns, a sample and a mapping suggested from Chinese headings", async () => {
    const staged = await stagedOk(app, "楼栋.geojson", buildingsFile(7, `${PREFIX}甲`), "buildings");
    expect(staged).toMatchObject({ format: "geojson", target: "buildings", rowCount: 7 });
    expect(staged.columns).toEqual(["名称", "地上层数", "建筑面积", "建成年份", "geometry"]);
    expect(staged.sample).toHaveLength(5);
    expect(staged.sample[0]).toEqual({
      名称: `${PREFIX}甲1`,
      地上层数: 5,
      建筑面积: 1000,
      建成年份: 1990,
      geometry: "Polygon",
    });
    expect(staged.suggestedMapping).toEqual({
      name: "名称",
      footprint: "geometry",
      floors_above: "地上层数",
      gross_area: "建筑面积",
      built_year: "建成年份",
    });
    expect(staged.targetFields.find((field) => field.name === "footprint")).toEqual({
      name: "footprint",
      required: true,
      type: "polygon",
      label_zh: "楼栋轮廓",
    });
  });

  it("a good GeoJSON import: the dry run writes nothing, the commit writes every row and one audit entry", async () => {
    const staged = await stagedOk(app, "楼栋.geojson", buildingsFile(7, `${PREFIX}甲`), "buildings");
    const dry = await runJob(app, staged.id, "dry-run", { mapping: staged.suggestedMapping });
    expect(dry).toMatchObject({
      state: "done",
      processed: 7,
      total: 7,
      result: { valid: 7, invalid: 0, errors: [] },
    });
    expect(await count("buildings", `${PREFIX}甲%`)).toBe(0);

    const committed = await runJob(app, staged.id, "commit", { mapping: staged.suggestedMapping });
    expect(committed).toMatchObject({
      state: "done",
      processed: 14,
      total: 14,
      result: { inserted: 7, updated: 0 },
    });
    expect(await count("buildings", `${PREFIX}甲%`)).toBe(7);
    const stored = await app.database.db
      .selectFrom("buildings")
      .select(["region_code", "gross_area", "floors_above", "built_year", "property_class", "condition"])
      .where("name", "=", `${PREFIX}甲3`)
      .executeTakeFirstOrThrow();
    // No region column: the region is the county whose boundary holds the footprint.
    expect(stored).toMatchObject({
      region_code: REGION,
      floors_above: 5,
      built_year: 1990,
      property_class: "office",
      condition: "good",
    });
    expect(Number(stored.gross_area)).toBe(1002);
    const { rows } = await sql<{ after: { rows: number; inserted: number; target: string } }>`
      select after from audit_log where entity = 'import' and entity_id = ${staged.id}`.execute(
      app.database.db,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.after).toMatchObject({ target: "buildings", rows: 7, inserted: 7 });
    // A committed upload is gone: committing it twice cannot double the rows.
    expect((await startJob(app, staged.id, "commit", { mapping: staged.suggestedMapping })).status).toBe(404);
  });

  it("one bad row: the dry run names line, field and reason; the commit fails and writes nothing", async () => {
    const bowtie = {
      type: "Polygon",
      coordinates: [
        [
          [126.67, 45.71],
          [126.671, 45.711],
          [126.671, 45.71],
          [126.67, 45.711],
          [126.67, 45.71],
        ],
      ],
    };
    const file = collection([
      feature({ 名称: `${PREFIX}乙1`, 地上层数: 3, 建筑面积: 800 }, square(126.67, 45.72)),
      feature({ 名称: `${PREFIX}乙2`, 地上层数: 3, 建筑面积: "八百" }, square(126.671, 45.72)),
      feature({ 名称: `${PREFIX}乙3`, 地上层数: 3, 建筑面积: 800 }, bowtie),
      feature({ 名称: `${PREFIX}乙4`, 地上层数: 2.5, 建筑面积: 800 }, square(116.4, 39.9)),
      feature({ 名称: "", 地上层数: 3, 建筑面积: 800 }, square(126.672, 45.72)),
    ]);
    const staged = await stagedOk(app, "bad.geojson", file, "buildings");
    const dry = await runJob(app, staged.id, "dry-run", { mapping: staged.suggestedMapping });
    expect(dry.result).toMatchObject({ valid: 1, invalid: 4 });
    expect(dry.result?.errors).toEqual([
      { line: 2, field: "gross_area", reason: "'八百' is not a number" },
      { line: 3, field: "footprint", reason: expect.stringMatching(/^invalid geometry: Self-intersection/) },
      { line: 4, field: "floors_above", reason: "'2.5' is not a whole number" },
      { line: 5, field: "name", reason: "required, but empty" },
    ]);

    const committed = await runJob(app, staged.id, "commit", { mapping: staged.suggestedMapping });
    expect(committed.state).toBe("failed");
    expect(committed.error).toEqual({
      code: "invalid_rows",
      message: "4 of 5 rows are invalid: nothing was written",
    });
    expect(committed.result?.errors).toHaveLength(4);
    expect(await count("buildings", `${PREFIX}乙%`)).toBe(0);

    // Outside the province (Beijing) with a valid shape and type: the spatial check names it.
    const outside = await stagedOk(
      app,
      "outside.geojson",
      collection([feature({ 名称: `${PREFIX}乙5`, 地上层数: 3, 建筑面积: 800 }, square(116.4, 39.9))]),
      "buildings",
    );
    const outsideRun = await runJob(app, outside.id, "dry-run", { mapping: outside.suggestedMapping });
    expect(outsideRun.result?.errors).toEqual([
      { line: 1, field: "footprint", reason: "lies outside the province 230000" },
    ]);
  });

  it.runIf(requireOrExplain(hasGdal, "GDAL's ogr2ogr (apt-get install gdal-bin)"))(
    "zipped Shapefiles: GBK names via .cpg or detection, refused CRSs named, broken zips explained",
    async () => {
      const features = [1, 2, 3].map((index) =>
        feature(
          { 名称: `${PREFIX}丙${index}号楼`, 层数: 4, 建筑面积: 1500.5, 权属人: "黑龙江省机关事务管理局" },
          square(126.68 + index * 0.001, 45.73),
        ),
      );
      for (const dropCpg of [false, true]) {
        const staged = await stagedOk(
          app,
          "楼栋.zip",
          await shapefileZip(features, { dropCpg }),
          "buildings",
        );
        expect(staged).toMatchObject({ format: "shapefile", encoding: "gbk", rowCount: 3 });
        expect(staged.sample[0]?.名称).toBe(`${PREFIX}丙1号楼`);
        expect(staged.suggestedMapping).toMatchObject({
          name: "名称",
          floors_above: "层数",
          gross_area: "建筑面积",
          title_holder: "权属人",
        });
      }
      const staged = await stagedOk(app, "楼栋.zip", await shapefileZip(features), "buildings");
      const committed = await runJob(app, staged.id, "commit", { mapping: staged.suggestedMapping });
      expect(committed.result).toMatchObject({ inserted: 3 });
      const names = await app.database.db
        .selectFrom("buildings")
        .select(["name", "title_holder"])
        .where("name", "like", `${PREFIX}丙%`)
        .orderBy("name")
        .execute();
      expect(names).toEqual(
        [1, 2, 3].map((index) => ({
          name: `${PREFIX}丙${index}号楼`,
          title_holder: "黑龙江省机关事务管理局",
        })),
      );

      const mercator = await upload(
        app,
        "m.zip",
        await shapefileZip(features, { srs: "EPSG:3857" }),
        "buildings",
      );
      expect(mercator.status).toBe(400);
      expect(mercator.body.error.message).toBe("unknown CRS: WGS_1984_Web_Mercator_Auxiliary_Sphere");
      const gaussKruger = await upload(
        app,
        "gk.zip",
        await shapefileZip(features, { srs: "EPSG:4529" }),
        "buildings",
      );
      expect(gaussKruger.status).toBe(400);
      expect(gaussKruger.body.error.message).toBe("unknown CRS: CGCS2000_3_Degree_GK_Zone_41");

      const good = await shapefileZip(features);
      const corrupt = await upload(app, "c.zip", good.slice(0, good.length / 2), "buildings");
      expect(corrupt.status).toBe(400);
      expect(corrupt.body.error.message).toMatch(/^corrupt zip/);
      const noDbf = await upload(app, "n.zip", zipSync({ "a.shp": new Uint8Array([1, 2, 3]) }), "buildings");
      expect(noDbf.body.error.message).toBe(
        "missing .dbf: the zip has a.shp but no attribute table beside it",
      );
      const notShapefile = await upload(
        app,
        "x.zip",
        zipSync({ "readme.txt": new Uint8Array([65]) }),
        "buildings",
      );
      expect(notShapefile.body.error.message).toBe("not a shapefile: the zip holds no .shp file");
    },
  );

  it("GCJ-02 coordinates are converted to WGS84 when asked: a shift of a few hundred metres, as gcoord computes", async () => {
    const corner: [number, number] = [126.69, 45.74];
    const file = collection([
      feature({ 名称: `${PREFIX}丁1`, 地上层数: 3, 建筑面积: 500 }, square(...corner)),
    ]);
    const staged = await stagedOk(app, "gcj.geojson", file, "buildings");
    const committed = await runJob(app, staged.id, "commit", {
      mapping: staged.suggestedMapping,
      options: { sourceCrs: "GCJ02" },
    });
    expect(committed.state).toBe("done");
    const { rows } = await sql<{ x: number; y: number; shift: number }>`
      select st_x(st_pointn(st_exteriorring(footprint), 1)) as x, st_y(st_pointn(st_exteriorring(footprint), 1)) as y,
        st_distance(st_pointn(st_exteriorring(footprint), 1)::geography,
          st_setsrid(st_makepoint(${corner[0]}, ${corner[1]}), 4326)::geography) as shift
      from buildings where name = ${`${PREFIX}丁1`}`.execute(app.database.db);
    const [x, y] = gcoord.transform(corner, gcoord.GCJ02, gcoord.WGS84);
    expect(rows[0]?.x).toBeCloseTo(x, 7);
    expect(rows[0]?.y).toBeCloseTo(y, 7);
    expect(rows[0]?.shift).toBeGreaterThan(200);
    expect(rows[0]?.shift).toBeLessThan(800);
  });

  it("rooms from a GBK CSV: duplicate room numbers are errors (in the file and against the database)", async () => {
    const building = await app.database.db
      .selectFrom("buildings")
      .select("id")
      .where("name", "=", `${PREFIX}甲1`)
      .executeTakeFirstOrThrow();
    const csv = (lines: string[]) =>
      new Uint8Array(
        iconv.encode(["楼栋,楼层,房间号,用途类别,使用面积,使用单位", ...lines].join("\r\n"), "gbk"),
      );
    const duplicates = await stagedOk(
      app,
      "rooms.csv",
      csv([
        `${building.id},1,${PREFIX}101,办公室,18,${PREFIX}局`,
        `${building.id},1,${PREFIX}101,办公室,20,${PREFIX}局`,
        `${PREFIX}甲1,2,${PREFIX}201,服务用房,40,`,
      ]),
      "rooms",
    );
    expect(duplicates).toMatchObject({ format: "csv", encoding: "gbk", rowCount: 3 });
    expect(duplicates.suggestedMapping).toEqual({
      building: "楼栋",
      floor: "楼层",
      number: "房间号",
      use_category: "用途类别",
      usable_area: "使用面积",
      occupant_unit: "使用单位",
    });
    const dry = await runJob(app, duplicates.id, "dry-run", { mapping: duplicates.suggestedMapping });
    expect(dry.result?.errors).toEqual([
      {
        line: 3,
        field: "number",
        reason: `room ${PREFIX}101 of building ${building.id} also on line 2 of the file`,
      },
    ]);

    const good = await stagedOk(
      app,
      "rooms.csv",
      csv([
        `${building.id},1,${PREFIX}101,办公室,18,${PREFIX}局`,
        `${PREFIX}甲1,-1,${PREFIX}B01,设备用房,40,`,
      ]),
      "rooms",
    );
    expect((await runJob(app, good.id, "commit", { mapping: good.suggestedMapping })).result).toMatchObject({
      inserted: 2,
    });
    const rooms = await sql<{
      number: string;
      level: number;
      status: string;
      occupant_unit_id: number | null;
    }>`
      select r.number, f.level, r.status, r.occupant_unit_id from rooms r join floors f on f.id = r.floor_id
      where r.building_id = ${building.id} order by r.number`.execute(app.database.db);
    expect(rooms.rows).toEqual([
      { number: `${PREFIX}101`, level: 1, status: "in_use", occupant_unit_id: testUnit },
      { number: `${PREFIX}B01`, level: -1, status: "idle", occupant_unit_id: null },
    ]);

    const again = await stagedOk(
      app,
      "rooms.csv",
      csv([`${building.id},3,${PREFIX}101,办公室,18,${PREFIX}局`]),
      "rooms",
    );
    const againRun = await runJob(app, again.id, "dry-run", { mapping: again.suggestedMapping });
    expect(againRun.result?.errors).toEqual([
      { line: 2, field: "number", reason: `room ${PREFIX}101 already exists in building ${building.id}` },
    ]);
  });

  it("staffing and people from XLSX ledgers with a title row; ranks by code or Chinese name", async () => {
    const workbook = (title: string, headings: string[], rows: unknown[][]) => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet("Sheet1");
      sheet.addRow([title]);
      sheet.addRow(headings);
      for (const row of rows) sheet.addRow(row);
      sheet.addRow(["合计", "", 10]);
      return book.xlsx.writeBuffer().then((buffer) => new Uint8Array(buffer as ArrayBuffer));
    };
    const staffing = await stagedOk(
      app,
      "编制.xlsx",
      await workbook(
        "编制定员表",
        ["单位名称", "职级", "编制定员", "实有人数"],
        [
          [`${PREFIX}局`, "正科级", 2, 2],
          [`${PREFIX}局`, "county_below_section", 8, "七"],
        ],
      ),
      "staffing",
    );
    expect(staffing).toMatchObject({ format: "xlsx", rowCount: 2 });
    const badRun = await runJob(app, staffing.id, "dry-run", { mapping: staffing.suggestedMapping });
    expect(badRun.result?.errors).toEqual([
      { line: 4, field: "actual", reason: "'七' is not a whole number" },
    ]);

    const good = await stagedOk(
      app,
      "编制.xlsx",
      await workbook(
        "编制定员表",
        ["单位名称", "职级", "编制定员", "实有人数"],
        [
          [`${PREFIX}局`, "正科级", 2, 2],
          [`${PREFIX}局`, "county_below_section", 8, 7],
        ],
      ),
      "staffing",
    );
    expect((await runJob(app, good.id, "commit", { mapping: good.suggestedMapping })).state).toBe("done");
    const lines = await app.database.db
      .selectFrom("staffing")
      .select(["rank_code", "authorized", "actual"])
      .where("unit_id", "=", testUnit)
      .orderBy("rank_code")
      .execute();
    expect(lines).toEqual([
      { rank_code: "county_below_section", authorized: 8, actual: 7 },
      { rank_code: "county_section_head", authorized: 2, actual: 2 },
    ]);

    const people = await stagedOk(
      app,
      "人员.xlsx",
      await workbook(
        "工作人员名册",
        ["单位", "姓名", "职级", "是否领导", "退休日期"],
        [
          [`${PREFIX}局`, `${PREFIX}张三`, "正科级", "是", null],
          [`${PREFIX}局`, `${PREFIX}李四`, "科级以下", "否", new Date(Date.UTC(2030, 5, 30))],
          [`${PREFIX}局`, `${PREFIX}王五`, "正厅级", "否", null],
        ],
      ),
      "people",
    );
    const peopleRun = await runJob(app, people.id, "dry-run", { mapping: people.suggestedMapping });
    expect(peopleRun.result?.errors).toEqual([
      { line: 5, field: "rank", reason: "no rank '正厅级' for a county organ" },
    ]);
    expect(await count("people")).toBe(0);
  });

  it("non-office assets from a UTF-8 CSV with BOM: 是/否, a parcel around the point, GCJ-02 converted", async () => {
    const text = `\ufeff资产名称,坐落,经度,纬度,建筑面积,土地面积,原用途,是否适合办公,状况\n${PREFIX}原粮库,南岗区,126.70,45.745,3200,10000,粮库,是,一般\n${PREFIX}原招待所,南岗区,126.71,45.746,1800,,招待所,否,差\n`;
    const staged = await stagedOk(app, "assets.csv", new TextEncoder().encode(text), "non_office_assets");
    expect(staged).toMatchObject({
      encoding: "utf-8",
      columns: ["资产名称", "坐落", "经度", "纬度", "建筑面积", "土地面积", "原用途", "是否适合办公", "状况"],
    });
    const committed = await runJob(app, staged.id, "commit", {
      mapping: staged.suggestedMapping,
      options: { sourceCrs: "GCJ02" },
    });
    expect(committed.result).toMatchObject({ inserted: 2 });
    const { rows } = await sql<{
      name: string;
      suits: boolean;
      condition: string;
      region_code: string;
      x: number;
      y: number;
      side: number;
    }>`
      select name, suits_office_use as suits, condition, region_code, st_x(st_centroid(geom)) as x, st_y(st_centroid(geom)) as y,
        st_distance(st_pointn(st_exteriorring(geom), 1)::geography, st_pointn(st_exteriorring(geom), 2)::geography) as side
      from non_office_assets where name like ${`${PREFIX}%`} order by name desc`.execute(app.database.db);
    const [x, y] = gcoord.transform([126.7, 45.745], gcoord.GCJ02, gcoord.WGS84);
    expect(rows[0]).toMatchObject({
      name: `${PREFIX}原粮库`,
      suits: true,
      condition: "fair",
      region_code: REGION,
    });
    expect(rows[0]?.x).toBeCloseTo(x, 6);
    expect(rows[0]?.y).toBeCloseTo(y, 6);
    expect(rows[0]?.side).toBeCloseTo(100, 0); // a 10,000 m² parcel: 100 m a side
    expect(rows[1]).toMatchObject({ name: `${PREFIX}原招待所`, suits: false, condition: "poor" });
  });

  it("mappings: a missing required field, an unknown field or a missing column is a 400 naming it", async () => {
    const staged = await stagedOk(app, "m.geojson", buildingsFile(2, `${PREFIX}戊`), "buildings");
    const { gross_area: _omitted, ...withoutArea } = staged.suggestedMapping;
    const missing = await startJob(app, staged.id, "dry-run", { mapping: withoutArea });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe(
      "Invalid mapping: required field 'gross_area' (建筑面积（m²）) is not mapped to a column",
    );
    const unknown = await startJob(app, staged.id, "dry-run", {
      mapping: { ...staged.suggestedMapping, height: "名称" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]?.path).toBe("mapping.height");
    const column = await startJob(app, staged.id, "dry-run", {
      mapping: { ...staged.suggestedMapping, address: "地址" },
    });
    expect(column.body.error.message).toBe("Invalid mapping: the file has no column '地址'");
    const wrongTarget = await upload(app, "rooms.geojson", buildingsFile(1, PREFIX), "rooms");
    expect(wrongTarget.body.error.message).toBe("rooms are imported from a CSV or XLSX ledger, not geojson");
    const badSheet = await upload(app, "x.xlsx", new TextEncoder().encode("not a workbook"), "staffing");
    expect(badSheet.status).toBe(400);
    expect(badSheet.body.error.message).toMatch(/^unreadable spreadsheet/);
  });

  it("refuses uploads over 50 MB with 413 and the limit, and imports to unit users (403) and anonymous (401)", async () => {
    const big = new Uint8Array(50 * 1024 * 1024 + 1024).fill(32);
    const response = await upload(app, "big.geojson", big, "buildings");
    expect(response.status).toBe(413);
    expect(response.body.error.message).toBe("Uploads are limited to 50 MB (52428800 bytes)");
    const file = buildingsFile(1, PREFIX);
    expect((await upload(unitUser, "a.geojson", file, "buildings")).status).toBe(403);
    const form = new FormData();
    form.append("file", new File([file], "a.geojson"));
    form.append("target", "buildings");
    expect((await app.anonymous.request("/api/imports", { method: "POST", body: form })).status).toBe(401);
    // Other routes keep the 1 MB JSON limit.
    const patch = await app.request("/api/rooms/1", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ version: 1, function: "x".repeat(1_100_000) }),
    });
    expect(patch.status).toBe(413);
  });

  it("a county planner imports only into the county; the job is theirs alone", async () => {
    const staged = await stagedOk(county, "a.geojson", buildingsFile(1, `${PREFIX}己`), "buildings");
    const job = await runJob(county, staged.id, "dry-run", { mapping: staged.suggestedMapping });
    expect(job.result?.errors).toEqual([
      { line: 1, field: "region_code", reason: `region ${REGION} is outside what you may change` },
    ]);
    expect((await app.json(`/api/imports/${staged.id}`)).status).toBe(404);
    expect((await unitUser.json(`/api/jobs/${job.id}`)).status).toBe(404);
  });

  it("cancelling a running commit rolls it back: state cancelled, nothing written", async () => {
    const staged = await stagedOk(
      app,
      "many.geojson",
      buildingsFile(12_000, `${PREFIX}庚`, 126.6, 45.72),
      "buildings",
    );
    const started = await startJob(app, staged.id, "commit", { mapping: staged.suggestedMapping });
    expect(started.status).toBe(202);
    let seen: Job | undefined;
    for (let attempt = 0; attempt < 2000; attempt++) {
      seen = (await app.json<Job>(`/api/jobs/${started.body.jobId}`)).body;
      if (seen.state !== "running" || seen.processed > 0) break;
      await sleep(1);
    }
    expect(seen?.state).toBe("running");
    const cancelled = await app.json<Job>(`/api/jobs/${started.body.jobId}`, { method: "DELETE" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe("cancelled");
    expect(await count("buildings", `${PREFIX}庚%`)).toBe(0);
    expect((await app.json(`/api/jobs/${started.body.jobId}`, { method: "DELETE" })).status).toBe(409);
  });

  it("import → export (OGC items) → import gives the same buildings", async () => {
    const bbox = "126.6595,45.6995,126.6645,45.7015";
    const exported = await app.request(`/ogc/collections/buildings/items?bbox=${bbox}&limit=1000`);
    expect(exported.status).toBe(200);
    const document = (await exported.json()) as {
      features: Array<{ properties: Record<string, unknown>; geometry: unknown }>;
    };
    const mine = document.features.filter((item) => String(item.properties.name).startsWith(`${PREFIX}甲`));
    expect(mine).toHaveLength(7);
    const renamed = mine.map((item) =>
      feature({ ...item.properties, name: String(item.properties.name).replace("甲", "辛") }, item.geometry),
    );
    const staged = await stagedOk(app, "export.geojson", collection(renamed), "buildings");
    expect(staged.suggestedMapping).toMatchObject({
      name: "name",
      footprint: "geometry",
      region_code: "region_code",
      floors_above: "floors_above",
      gross_area: "gross_area",
      condition: "condition",
      property_class: "property_class",
    });
    expect(
      (await runJob(app, staged.id, "commit", { mapping: staged.suggestedMapping })).result,
    ).toMatchObject({ inserted: 7 });
    const compare = await sql<{ same: boolean }>`
      select bool_and(a.gross_area = b.gross_area and a.floors_above = b.floors_above and a.region_code = b.region_code
        and a.built_year = b.built_year and st_equals(st_snaptogrid(a.footprint, 1e-7), st_snaptogrid(b.footprint, 1e-7))) as same
      from buildings a join buildings b on b.name = replace(a.name, '甲', '辛')
      where a.name like ${`${PREFIX}甲%`}`.execute(app.database.db);
    expect(compare.rows[0]?.same).toBe(true);
    expect(await count("buildings", `${PREFIX}辛%`)).toBe(7);
  });

  it("GeoPackage: Fangtu's own export reads back; registered certificates are named as duplicates", async () => {
    const exported = await app.request(`/api/exports/buildings.gpkg?region=${REGION}`);
    expect(exported.status).toBe(200);
    const staged = await stagedOk(
      app,
      "export.gpkg",
      new Uint8Array(await exported.arrayBuffer()),
      "buildings",
    );
    const { rows } = await sql<{ total: number; certified: number }>`select count(*)::int as total,
      count(title_certificate_no)::int as certified from buildings where region_code like ${`${REGION}%`}`.execute(
      app.database.db,
    );
    expect(staged).toMatchObject({ format: "geopackage", rowCount: rows[0]?.total });
    expect(staged.suggestedMapping).toMatchObject({
      name: "name",
      footprint: "geometry",
      gross_area: "gross_area",
    });
    const dry = await runJob(app, staged.id, "dry-run", { mapping: staged.suggestedMapping });
    expect(dry.result?.invalid).toBe(rows[0]?.certified);
    expect(new Set(dry.result?.errors.map((error) => error.field))).toEqual(
      new Set((rows[0]?.certified ?? 0) > 0 ? ["title_certificate_no"] : []),
    );
  });
});
