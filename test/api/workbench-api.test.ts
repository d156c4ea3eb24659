import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}
type BBox = [number, number, number, number];
interface RegionBody {
  region: { code: string; name: string; level: string; parent_code: string | null };
  ancestors: Array<{ code: string; name: string; level: string }>;
  children: Array<{ code: string; name: string; level: string; has_boundary: boolean }>;
  bbox: BBox | null;
  totals: {
    buildings: number;
    grossArea: number;
    usableArea: number;
    idleArea: number;
    units: number;
    leasesIn: number;
    annualRentOutside: number;
  };
}
interface Room {
  id: number;
  number: string;
  usable_area: number;
  status: string;
  occupant_unit_id: number | null;
  occupant_unit_name: string | null;
  version: number;
  occupants: Array<{
    person_id: number;
    name: string;
    rank_code: string;
    rank_name_zh: string;
    rank_name_en: string;
    is_leader: boolean;
  }>;
}
interface BuildingBody {
  building: Record<string, unknown> & {
    id: number;
    name: string;
    gross_area: number;
    usable_area: number;
    idle_area: number;
    floors_above: number;
    version: number;
    center: [number, number];
    bbox: BBox;
  };
  floors: Array<{ id: number; level: number; name: string; rooms: Room[] }>;
  certificates: Array<{ id: number; kind: string; unit_id: number; unit_name: string; area: number }>;
  leasesOut: Array<{ id: number; tenant: string; area: number; annual_rent: number; approved: boolean }>;
  history: Array<{
    at: string;
    actor: string | null;
    action: string;
    table: string;
    record_id: number;
    changes: Array<{ field: string; before: unknown; after: unknown }>;
    summary: string;
  }>;
}
interface UnitBody {
  unit: Record<string, unknown> & {
    id: number;
    name: string;
    supervising_unit: { id: number; name: string } | null;
  };
  staffing: Array<{ rank_code: string; rank_name_zh: string; authorized: number; actual: number }>;
  headcount: { authorized: number; actual: number };
  areaByCategory: Record<string, number>;
  totalArea: number;
  sites: Array<{
    building_id: number;
    name: string;
    center: [number, number];
    bbox: BBox;
    usable_area: number;
    room_count: number;
  }>;
  bbox: BBox | null;
  supervised: Array<{ id: number; name: string }>;
  leasesIn: Array<{ id: number; annual_rent: number; gross_area: number; center: [number, number] }>;
  entitlement: unknown;
}
interface TableBody {
  table: string;
  columns: Array<{ key: string; label_zh: string; label_en: string; type: string; unit?: string }>;
  rows: Array<Record<string, unknown> & { id: number }>;
  total: number;
  limit: number;
  offset: number;
}

const fuyuName = "富裕县原县直机关办公楼（已腾退）";
const sum = (values: readonly unknown[]) => values.reduce<number>((total, value) => total + Number(value), 0);
const inside = ([lng, lat]: [number, number], [minLng, minLat, maxLng, maxLat]: BBox) =>
  lng >= minLng && lng <= maxLng && lat >= minLat && lat <= maxLat;

describe.each(testModes())("workbench read API (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let unitUser: SignedInClient;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    app = await openTestApp(mode);
    [county, unitUser] = await Promise.all([app.signIn("demo-county"), app.signIn("demo-unit")]);
    const db = app.database.db;
    for (const name of [
      fuyuName,
      "黑龙江省教育厅办公楼",
      "黑龙江省人民政府办公大楼",
      "原黑龙江省机械工业厅办公楼",
      "富裕县原二轻局办公楼（闲置·3）",
    ]) {
      ids[name] = (
        await db.selectFrom("buildings").select("id").where("name", "=", name).executeTakeFirstOrThrow()
      ).id;
    }
    for (const name of [
      "黑龙江省教育厅",
      "黑龙江大学",
      "黑龙江工程学院",
      "黑龙江省财政厅",
      "黑龙江省监察委员会",
    ]) {
      ids[name] = (
        await db.selectFrom("units").select("id").where("name", "=", name).executeTakeFirstOrThrow()
      ).id;
    }
  });
  afterAll(() => app.database.close());

  const table = (client: SignedInClient | TestApp, name: string, query = "") =>
    client.json<TableBody>(`/api/tables/${name}${query ? `?${query}` : ""}`);

  it("answers 401 to anonymous requests and 400 to unknown parameters", async () => {
    const paths = [
      "/api/regions/230227",
      `/api/buildings/${ids[fuyuName]}`,
      `/api/units/${ids.黑龙江省教育厅}`,
      "/api/tables/buildings",
      "/api/tables/rooms.csv",
    ];
    for (const path of paths) {
      const { status, body } = await app.anonymous.json<ErrorBody>(path);
      expect(status, path).toBe(401);
      expect(body.error.code).toBe("unauthorized");
    }
    for (const path of paths) {
      const { status, body } = await app.json<ErrorBody>(`${path}?foo=1`);
      expect(status, path).toBe(400);
      expect(body.error.message).toMatch(/unknown parameter\(s\): foo/);
    }
  });

  describe("GET /api/regions/{code}", () => {
    it("gives 富裕县 its ancestors, children, boundary bbox and totals", async () => {
      const { status, body } = await app.json<RegionBody>("/api/regions/230227");
      expect(status).toBe(200);
      expect(body.region).toEqual({ code: "230227", name: "富裕县", level: "county", parent_code: "230200" });
      expect(body.ancestors).toEqual([
        { code: "230000", name: "黑龙江省", level: "province" },
        { code: "230200", name: "齐齐哈尔市", level: "prefecture" },
      ]);
      expect(body.children.length).toBeGreaterThan(5);
      expect(
        body.children.every((child) => child.code.startsWith("230227") && child.level === "township"),
      ).toBe(true);
      const codes = body.children.map((child) => child.code);
      expect(codes).toEqual([...codes].sort());
      // 富裕县 lies around 124.5°E, 47.8°N.
      const [minLng, minLat, maxLng, maxLat] = body.bbox ?? [0, 0, 0, 0];
      expect(inside([124.44, 47.8], [minLng, minLat, maxLng, maxLat])).toBe(true);
      expect(maxLng - minLng).toBeLessThan(2);
      expect(body.totals.buildings).toBeGreaterThanOrEqual(10);
      expect(body.totals.grossArea).toBeGreaterThanOrEqual(9019);
      expect(body.totals.idleArea).toBeGreaterThan(0);
      expect(body.totals.idleArea).toBeLessThanOrEqual(body.totals.usableArea);
      for (const value of Object.values(body.totals)) expect(typeof value).toBe("number");
    });

    it("totals equal the sums over the ledgers' rows", async () => {
      // Not the whole province: another test file adds a building in 大兴安岭 for a moment (server mode).
      for (const code of ["230227", "230200", "230100"]) {
        const { body } = await app.json<RegionBody>(`/api/regions/${code}`);
        const buildings = await table(app, "buildings", `region=${code}&limit=500`);
        expect(buildings.body.total).toBe(body.totals.buildings);
        expect(buildings.body.rows).toHaveLength(body.totals.buildings);
        expect(sum(buildings.body.rows.map((row) => row.gross_area))).toBeCloseTo(body.totals.grossArea, 2);
        expect(sum(buildings.body.rows.map((row) => row.usable_area))).toBeCloseTo(body.totals.usableArea, 2);
        expect(sum(buildings.body.rows.map((row) => row.idle_area))).toBeCloseTo(body.totals.idleArea, 2);
        const units = await table(app, "units", `region=${code}&limit=500`);
        expect(units.body.total).toBe(body.totals.units);
        expect(sum(units.body.rows.map((row) => row.leases_in_rent))).toBeCloseTo(
          body.totals.annualRentOutside,
          2,
        );
      }
      const province = await app.json<RegionBody>("/api/regions/230000");
      expect(province.body.totals.leasesIn).toBeGreaterThan(0);
      expect(province.body.region.parent_code).toBeNull();
      expect(province.body.ancestors).toEqual([]);
    });

    it("counts only what the reader may read: a county user's province is its county", async () => {
      const [own, province, all] = await Promise.all([
        county.json<RegionBody>("/api/regions/230227"),
        county.json<RegionBody>("/api/regions/230000"),
        app.json<RegionBody>("/api/regions/230000"),
      ]);
      expect(province.body.totals).toEqual(own.body.totals);
      expect(province.body.children.length).toBe(all.body.children.length);
      expect(all.body.totals.buildings).toBeGreaterThan(province.body.totals.buildings);
      const harbin = await county.json<RegionBody>("/api/regions/230100");
      expect(harbin.status).toBe(200);
      expect(harbin.body.totals).toMatchObject({ buildings: 0, grossArea: 0, units: 0, leasesIn: 0 });
      // A unit user counts its own and its supervised units' buildings only.
      const unitTotals = await unitUser.json<RegionBody>("/api/regions/230000");
      const unitBuildings = await table(unitUser, "buildings", "limit=500");
      expect(unitTotals.body.totals.buildings).toBe(unitBuildings.body.total);
      expect(unitTotals.body.totals.units).toBe(3);
    });

    it("answers 404 for an unknown code and 400 for a malformed one", async () => {
      const missing = await app.json<ErrorBody>("/api/regions/239999");
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe("not_found");
      for (const code of ["23", "abc", "2302270"]) {
        const bad = await app.json<ErrorBody>(`/api/regions/${code}`);
        expect(bad.status, code).toBe(400);
        expect(bad.body.error.message).toMatch(/6-digit/);
      }
    });
  });

  describe("GET /api/buildings/{id}", () => {
    it("shows the 富裕县 building's 9,019 m² and its floors top first with rooms", async () => {
      const { status, body } = await app.json<BuildingBody>(`/api/buildings/${ids[fuyuName]}`);
      expect(status).toBe(200);
      expect(body.building).toMatchObject({
        id: ids[fuyuName],
        name: fuyuName,
        region_code: "230227",
        region_name: "富裕县",
        gross_area: 9019,
        property_class: "office",
        built_year: 1996,
      });
      expect(typeof body.building.usable_area).toBe("number");
      expect(body.building.idle_area).toBe(body.building.usable_area);
      expect(body.building.bbox).toHaveLength(4);
      expect(inside(body.building.center, body.building.bbox)).toBe(true);
      const levels = body.floors.map((floor) => floor.level);
      expect(levels[0]).toBe(body.building.floors_above);
      expect(levels).toEqual([...levels].sort((a, b) => b - a));
      const rooms = body.floors.flatMap((floor) => floor.rooms);
      expect(rooms.length).toBeGreaterThan(50);
      expect(rooms.every((room) => room.status === "idle" && room.occupant_unit_id === null)).toBe(true);
      expect(sum(rooms.map((room) => room.usable_area))).toBeCloseTo(body.building.usable_area, 2);
      for (const floor of body.floors) {
        const numbers = floor.rooms.map((room) => room.number);
        expect(numbers).toEqual(
          [...numbers].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)),
        );
      }
      expect(body.leasesOut).toEqual([]);
    });

    it("lists occupants with rank names, certificates and leases out", async () => {
      const { body } = await app.json<BuildingBody>(`/api/buildings/${ids.黑龙江省教育厅办公楼}`);
      const occupants = body.floors.flatMap((floor) => floor.rooms.flatMap((room) => room.occupants));
      expect(occupants.length).toBeGreaterThan(10);
      expect(occupants.find((person) => person.rank_code === "provincial_department_head")).toMatchObject({
        rank_name_zh: "正厅（局）级",
        rank_name_en: expect.any(String),
        is_leader: true,
      });
      expect(occupants.every((person) => person.rank_name_zh.length > 0)).toBe(true);
      expect(body.certificates.length).toBeGreaterThan(0);
      expect(body.certificates[0]).toMatchObject({
        unit_id: ids.黑龙江省教育厅,
        unit_name: "黑龙江省教育厅",
      });
      expect(typeof body.certificates[0]?.area).toBe("number");
      const machinery = await app.json<BuildingBody>(`/api/buildings/${ids.原黑龙江省机械工业厅办公楼}`);
      const leases = await app.database.db
        .selectFrom("leases_out")
        .select(["id", "annual_rent"])
        .where("building_id", "=", ids.原黑龙江省机械工业厅办公楼!)
        .execute();
      expect(leases.length).toBeGreaterThan(0);
      expect(machinery.body.leasesOut.map((lease) => lease.id).sort()).toEqual(
        leases.map((lease) => lease.id).sort(),
      );
      expect(sum(machinery.body.leasesOut.map((lease) => lease.annual_rent))).toBeCloseTo(
        sum(leases.map((lease) => lease.annual_rent)),
        2,
      );
      expect(machinery.body.leasesOut.every((lease) => typeof lease.area === "number")).toBe(true);
    });

    it("shows the latest changes of the building's rooms with who made them", async () => {
      const id = ids["富裕县原二轻局办公楼（闲置·3）"]!;
      const before = await app.json<BuildingBody>(`/api/buildings/${id}`);
      const room = before.body.floors[0]?.rooms[0];
      if (!room) throw new Error("no room");
      const edited = await app.request(`/api/rooms/${room.id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ version: room.version, function: "群众之家活动室（工作台测试）" }),
      });
      expect(edited.status).toBe(200);
      const after = await app.json<BuildingBody>(`/api/buildings/${id}`);
      expect(after.body.history.length).toBeLessThanOrEqual(50);
      expect(after.body.history[0]).toMatchObject({
        actor: "演示·系统管理员",
        action: "update",
        table: "rooms",
        record_id: room.id,
      });
      expect(after.body.history[0]?.changes).toContainEqual(
        expect.objectContaining({ field: "function", after: "群众之家活动室（工作台测试）" }),
      );
      expect(after.body.history[0]?.summary).toContain("群众之家活动室（工作台测试）");
      expect(Number.isNaN(Date.parse(after.body.history[0]?.at ?? ""))).toBe(false);
    });

    it("hides what is out of scope as 404 and shows unit users only their units' rooms", async () => {
      expect((await county.request(`/api/buildings/${ids[fuyuName]}`)).status).toBe(200);
      const harbin = await county.json<ErrorBody>(`/api/buildings/${ids.黑龙江省教育厅办公楼}`);
      expect(harbin.status).toBe(404);
      expect(harbin.body.error.code).toBe("not_found");
      const missing = await app.json<ErrorBody>("/api/buildings/99999999");
      expect(missing.status).toBe(404);
      // The same answer as for a record that does not exist: nothing to probe.
      expect(harbin.body.error.message).toBe(`No building ${ids.黑龙江省教育厅办公楼}`);
      expect(missing.body.error.message).toBe("No building 99999999");
      expect((await app.request("/api/buildings/abc")).status).toBe(400);

      const own = await unitUser.json<BuildingBody>(`/api/buildings/${ids.黑龙江省教育厅办公楼}`);
      expect(own.status).toBe(200);
      const all = await app.json<BuildingBody>(`/api/buildings/${ids.黑龙江省教育厅办公楼}`);
      const ownRooms = own.body.floors.flatMap((floor) => floor.rooms);
      const allRooms = all.body.floors.flatMap((floor) => floor.rooms);
      expect(ownRooms.length).toBeGreaterThan(0);
      expect(ownRooms.every((room) => room.occupant_unit_id === ids.黑龙江省教育厅)).toBe(true);
      expect(ownRooms.length).toBe(
        allRooms.filter((room) => room.occupant_unit_id === ids.黑龙江省教育厅).length,
      );
      // The building's own figures stay whole; the floors are all there.
      expect(own.body.building.usable_area).toBe(all.body.building.usable_area);
      expect(own.body.floors.length).toBe(all.body.floors.length);
      // The provincial government's building holds the finance department, not the education department.
      expect((await unitUser.request(`/api/buildings/${ids.黑龙江省人民政府办公大楼}`)).status).toBe(404);
    });
  });

  describe("GET /api/units/{id}", () => {
    it("gives the education department's staffing, areas, sites and supervised units", async () => {
      const { status, body } = await app.json<UnitBody>(`/api/units/${ids.黑龙江省教育厅}`);
      expect(status).toBe(200);
      expect(body.unit).toMatchObject({
        id: ids.黑龙江省教育厅,
        name: "黑龙江省教育厅",
        admin_level: "provincial",
        region_name: "南岗区",
        supervising_unit: null,
      });
      expect(body.supervised.map((unit) => unit.name).sort()).toEqual(
        ["黑龙江大学", "黑龙江工程学院"].sort(),
      );
      const ranks = await app.database.db.selectFrom("ranks").select(["code", "sort_order"]).execute();
      const order = new Map(ranks.map((rank) => [rank.code, rank.sort_order]));
      const positions = body.staffing.map((rank) => order.get(rank.rank_code) ?? -1);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(body.headcount.authorized).toBe(sum(body.staffing.map((rank) => rank.authorized)));
      expect(body.headcount.actual).toBe(sum(body.staffing.map((rank) => rank.actual)));
      expect(Object.keys(body.areaByCategory).sort()).toEqual([
        "ancillary",
        "equipment",
        "office",
        "service",
        "technical",
      ]);
      const inUse = await app.database.db
        .selectFrom("rooms")
        .select(["usable_area"])
        .where("occupant_unit_id", "=", ids.黑龙江省教育厅!)
        .where("status", "=", "in_use")
        .execute();
      expect(body.totalArea).toBeCloseTo(sum(inUse.map((room) => room.usable_area)), 2);
      expect(body.totalArea).toBeCloseTo(sum(Object.values(body.areaByCategory)), 2);
      expect(body.sites.map((site) => site.name)).toContain("黑龙江省教育厅办公楼");
      for (const site of body.sites) {
        expect(site.room_count).toBeGreaterThan(0);
        expect(inside(site.center, body.bbox ?? [0, 0, 0, 0])).toBe(true);
      }
      // The standards engine's summary (test/api/entitlement.test.ts checks its figures).
      expect(body.entitlement).toMatchObject({
        officeArea: expect.any(Number),
        coreUsableArea: expect.any(Number),
        grossArea: expect.any(Number),
        status: expect.stringMatching(/^(over|within|short)$/),
        overStandardPersons: expect.any(Number),
      });
      // The ledger says the same.
      const row = (await table(app, "units", `q=${encodeURIComponent("黑龙江省教育厅")}`)).body.rows.find(
        (candidate) => candidate.id === ids.黑龙江省教育厅,
      );
      expect(row).toMatchObject({
        authorized_headcount: body.headcount.authorized,
        actual_headcount: body.headcount.actual,
        sites: body.sites.length,
      });
      expect(row?.usable_area).toBeCloseTo(body.totalArea, 2);
    });

    it("names the supervising unit and lists leases in with their rent", async () => {
      const university = await app.json<UnitBody>(`/api/units/${ids.黑龙江大学}`);
      expect(university.body.unit.supervising_unit).toEqual({
        id: ids.黑龙江省教育厅,
        name: "黑龙江省教育厅",
      });
      const renting = await app.json<UnitBody>(`/api/units/${ids.黑龙江省监察委员会}`);
      expect(renting.body.leasesIn.length).toBeGreaterThan(0);
      for (const lease of renting.body.leasesIn) {
        expect(typeof lease.annual_rent).toBe("number");
        expect(lease.center).toHaveLength(2);
      }
      const row = (await table(app, "units", `q=${encodeURIComponent("黑龙江省监察委员会")}`)).body.rows[0];
      expect(row?.leases_in_rent).toBeCloseTo(
        sum(renting.body.leasesIn.map((lease) => lease.annual_rent)),
        2,
      );
    });

    it("answers 404 out of scope and for unknown ids", async () => {
      expect((await county.request(`/api/units/${ids.黑龙江省教育厅}`)).status).toBe(404);
      expect((await unitUser.request(`/api/units/${ids.黑龙江大学}`)).status).toBe(200);
      expect((await unitUser.request(`/api/units/${ids.黑龙江省财政厅}`)).status).toBe(404);
      expect((await app.request("/api/units/99999999")).status).toBe(404);
      expect((await app.request("/api/units/-1")).status).toBe(400);
    });
  });

  describe("GET /api/tables/{table}", () => {
    it("describes its columns and pages consistently", async () => {
      const first = await table(app, "buildings", "limit=10");
      expect(first.status).toBe(200);
      expect(first.body.columns.map((column) => column.key)).toEqual([
        "id",
        "name",
        "region_name",
        "property_class",
        "floors_above",
        "gross_area",
        "usable_area",
        "idle_area",
        "built_year",
        "condition",
        "main_unit_name",
      ]);
      expect(first.body.columns.find((column) => column.key === "gross_area")).toEqual({
        key: "gross_area",
        label_zh: "建筑面积",
        label_en: "Gross area",
        type: "area",
        unit: "m²",
      });
      expect(first.body).toMatchObject({ table: "buildings", limit: 10, offset: 0 });
      expect(first.body.rows).toHaveLength(10);
      const second = await table(app, "buildings", "limit=10&offset=10");
      const both = await table(app, "buildings", "limit=20");
      expect([...first.body.rows, ...second.body.rows].map((row) => row.id)).toEqual(
        both.body.rows.map((row) => row.id),
      );
      expect(second.body.total).toBe(first.body.total);
      const count = await app.database.db
        .selectFrom("buildings")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      expect(first.body.total).toBe(Number(count.n));
      const last = await table(app, "buildings", `limit=500&offset=${first.body.total - 3}`);
      expect(last.body.rows).toHaveLength(3);
      for (const row of first.body.rows) {
        expect(row.center).toHaveLength(2);
        expect(typeof row.gross_area).toBe("number");
        expect(typeof row.usable_area).toBe("number");
      }
    });

    it("sorts by plain and computed columns, both ways", async () => {
      const descending = await table(app, "buildings", "sort=gross_area&order=desc&limit=50");
      const gross = descending.body.rows.map((row) => Number(row.gross_area));
      expect(gross).toEqual([...gross].sort((a, b) => b - a));
      expect(descending.body.rows[0]?.gross_area).toBeGreaterThanOrEqual(9019);
      const idle = await table(app, "buildings", "sort=idle_area&order=desc&limit=50&region=230227");
      const idleAreas = idle.body.rows.map((row) => Number(row.idle_area));
      expect(idleAreas).toEqual([...idleAreas].sort((a, b) => b - a));
      expect(idle.body.rows[0]?.name).toBe(fuyuName);
      const units = await table(app, "units", "sort=authorized_headcount&order=asc&limit=100");
      const heads = units.body.rows.map((row) => Number(row.authorized_headcount));
      expect(heads).toEqual([...heads].sort((a, b) => a - b));
      const rooms = await table(
        app,
        "rooms",
        `sort=usable_area&order=desc&limit=20&building_id=${ids[fuyuName]}`,
      );
      const areas = rooms.body.rows.map((row) => Number(row.usable_area));
      expect(areas).toEqual([...areas].sort((a, b) => b - a));
    });

    it("filters by region, text and each table's own filters", async () => {
      const assets = await table(app, "buildings", "property_class=non_office_asset&limit=500");
      expect(assets.body.total).toBeGreaterThanOrEqual(4);
      expect(assets.body.rows.every((row) => row.property_class === "non_office_asset")).toBe(true);
      const idle = await table(app, "buildings", "idle=true&limit=500");
      const busy = await table(app, "buildings", "idle=false&limit=500");
      expect(idle.body.rows.every((row) => Number(row.idle_area) > 0)).toBe(true);
      expect(busy.body.rows.every((row) => Number(row.idle_area) === 0)).toBe(true);
      const all = await table(app, "buildings", "limit=1");
      expect(idle.body.total + busy.body.total).toBe(all.body.total);
      const fuyu = await table(app, "buildings", `q=${encodeURIComponent("腾退")}&region=230227`);
      expect(fuyu.body.rows.map((row) => row.name)).toEqual([fuyuName]);
      const certificate = await table(
        app,
        "buildings",
        `q=${encodeURIComponent(`第${String(ids[fuyuName]).padStart(7, "0")}号`)}`,
      );
      expect(certificate.body.rows.map((row) => row.id)).toContain(ids[fuyuName]);
      const universities = await table(app, "units", "kind=university&limit=500");
      expect(universities.body.rows.map((row) => row.name)).toEqual(
        expect.arrayContaining(["黑龙江大学", "黑龙江工程学院"]),
      );
      expect(universities.body.rows.every((row) => row.kind === "university")).toBe(true);
      const countyUnits = await table(app, "units", "level=county&region=230227&limit=500");
      expect(countyUnits.body.total).toBeGreaterThanOrEqual(15);
      expect(
        countyUnits.body.rows.every((row) => row.admin_level === "county" && row.region_name === "富裕县"),
      ).toBe(true);

      const detail = await app.json<BuildingBody>(`/api/buildings/${ids[fuyuName]}`);
      const fuyuRooms = await table(app, "rooms", `building_id=${ids[fuyuName]}&limit=500`);
      expect(fuyuRooms.body.total).toBe(detail.body.floors.flatMap((floor) => floor.rooms).length);
      expect(
        fuyuRooms.body.rows.every((row) => row.building_id === ids[fuyuName] && row.status === "idle"),
      ).toBe(true);
      const offices = await table(app, "rooms", "use_category=office&status=idle&limit=500");
      expect(offices.body.rows.every((row) => row.use_category === "office" && row.status === "idle")).toBe(
        true,
      );
      const education = await table(app, "rooms", `unit_id=${ids.黑龙江省教育厅}&limit=500`);
      expect(education.body.rows.every((row) => row.occupant_unit_name === "黑龙江省教育厅")).toBe(true);
      const named = await app.json<BuildingBody>(`/api/buildings/${ids.黑龙江省教育厅办公楼}`);
      const room = named.body.floors
        .flatMap((floor) => floor.rooms)
        .find((candidate) => candidate.occupants.length > 1);
      const ledgerRoom = education.body.rows.find((row) => row.id === room?.id);
      expect(String(ledgerRoom?.occupants).split("、").sort()).toEqual(
        room?.occupants.map((person) => person.name).sort(),
      );
    });

    it("keeps each reader to their scope", async () => {
      const own = await table(county, "buildings", "limit=500");
      expect(own.body.total).toBeGreaterThan(10);
      expect(own.body.rows.every((row) => row.region_name === "富裕县")).toBe(true);
      const harbin = await table(county, "buildings", "region=230100");
      expect(harbin.body).toMatchObject({ total: 0, rows: [] });
      const occupied = await app.database.db
        .selectFrom("rooms")
        .select("building_id")
        .distinct()
        .where("occupant_unit_id", "in", [ids.黑龙江省教育厅!, ids.黑龙江大学!, ids.黑龙江工程学院!])
        .execute();
      const unitBuildings = await table(unitUser, "buildings", "limit=500");
      expect(unitBuildings.body.rows.map((row) => row.id).sort()).toEqual(
        occupied.map((row) => row.building_id).sort(),
      );
      const unitRooms = await table(unitUser, "rooms", "limit=500");
      expect(new Set(unitRooms.body.rows.map((row) => row.occupant_unit_name))).toEqual(
        new Set(["黑龙江省教育厅", "黑龙江大学", "黑龙江工程学院"]),
      );
      const units = await table(unitUser, "units", "limit=500");
      expect(units.body.total).toBe(3);
    });

    it("refuses unknown sort keys naming the valid ones, and other bad input", async () => {
      const sort = await app.json<ErrorBody>("/api/tables/buildings?sort=height");
      expect(sort.status).toBe(400);
      expect(sort.body.error.code).toBe("invalid_request");
      expect(sort.body.error.message).toMatch(/sort must be one of: id, name, .*gross_area/);
      for (const query of [
        "limit=501",
        "limit=0",
        "offset=-1",
        "order=up",
        "idle=yes",
        "region=23",
        "q=%20",
      ]) {
        expect((await app.request(`/api/tables/buildings?${query}`)).status, query).toBe(400);
      }
      // Filters belong to their table.
      expect((await app.request("/api/tables/units?property_class=office")).status).toBe(400);
      expect((await app.request("/api/tables/rooms?kind=court")).status).toBe(400);
      expect((await app.request("/api/tables/rooms?sort=gross_area")).status).toBe(400);
      expect((await app.request("/api/tables/galaxies")).status).toBe(404);
    });
  });

  it("publishes the workbench routes in the OpenAPI document", async () => {
    const { body } = await app.json<{ paths: Record<string, unknown> }>("/api/openapi.json");
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        "/regions/{code}",
        "/buildings/{id}",
        "/units/{id}",
        "/tables/buildings",
        "/tables/units.csv",
        "/tables/rooms.xlsx",
      ]),
    );
  });
});
