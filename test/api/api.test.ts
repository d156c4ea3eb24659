import type { FeatureCollection, Polygon } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type TestApp } from "../support/test-app.js";

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}
interface SearchBody {
  results: Array<{
    type: string;
    id: number;
    name: string;
    region_code: string;
    center: [number, number] | null;
  }>;
}

const central = "126.60,45.70,126.72,45.80";

describe.each(testModes())("HTTP API (%s)", (mode) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await openTestApp(mode);
  });
  afterAll(() => app.database.close());

  it("GET /api/health reports mode, PostGIS version and counts", async () => {
    const { status, body } = await app.json<{
      mode: string;
      postgis: string;
      counts: Record<string, number>;
    }>("/api/health");
    expect(status).toBe(200);
    expect(body.mode).toBe(mode);
    expect(body.postgis).toMatch(/^3\.\d+\.\d+/);
    expect(body.counts.regions).toBeGreaterThan(1700);
    expect(body.counts.units).toBeGreaterThanOrEqual(150);
    expect(body.counts.buildings).toBeGreaterThanOrEqual(400);
    expect(body.counts.rooms).toBeGreaterThanOrEqual(10_000);
  });

  it.each([
    ["富裕", "富裕县原县直机关办公楼（已腾退）"],
    ["工程学院", "原黑龙江工程学院南岗校区教学楼"],
    ["机械工业厅", "原黑龙江省机械工业厅办公楼"],
    ["调查总队", "国家统计局黑龙江调查总队办公楼（一）"],
    ["调查总队", "国家统计局黑龙江调查总队办公楼（二）"],
    ["地方税务局", "原黑龙江省地方税务局办公楼"],
  ])("GET /api/search?q=%s finds %s", async (query, expected) => {
    const { status, body } = await app.json<SearchBody>(`/api/search?q=${encodeURIComponent(query)}`);
    expect(status).toBe(200);
    const hit = body.results.find((result) => result.name === expected);
    expect(hit?.type).toBe("building");
    expect(hit?.center).toHaveLength(2);
  });

  it("search takes several terms, escapes wildcards and ranks prefix matches first", async () => {
    const both = await app.json<SearchBody>(`/api/search?q=${encodeURIComponent("富裕 腾退")}`);
    expect(both.body.results.map((result) => result.name)).toEqual(["富裕县原县直机关办公楼（已腾退）"]);
    const wildcard = await app.json<SearchBody>("/api/search?q=%25");
    expect(wildcard.body.results).toEqual([]);
    const unit = await app.json<SearchBody>(`/api/search?q=${encodeURIComponent("黑龙江省教育厅")}`);
    expect(unit.body.results[0]).toMatchObject({ type: "unit", name: "黑龙江省教育厅" });
    expect(unit.body.results[1]).toMatchObject({ type: "building", name: "黑龙江省教育厅办公楼" });
    const limited = await app.json<SearchBody>(`/api/search?q=${encodeURIComponent("富裕")}&limit=3`);
    expect(limited.body.results).toHaveLength(3);
  });

  it("search finds buildings by their title certificate and use certificate numbers", async () => {
    const title = await app.json<SearchBody>(`/api/search?q=${encodeURIComponent("不动产权第0000084号")}`);
    expect(title.body.results.map((result) => result.name)).toEqual(["富裕县原县直机关办公楼（已腾退）"]);
    const certificate = await app.database.db
      .selectFrom("use_certificates as c")
      .innerJoin("buildings as b", "b.id", "c.building_id")
      .select(["c.certificate_no", "b.name"])
      .orderBy("c.id")
      .executeTakeFirstOrThrow();
    const byUse = await app.json<SearchBody>(
      `/api/search?q=${encodeURIComponent(certificate.certificate_no)}`,
    );
    expect(byUse.body.results.map((result) => result.name)).toContain(certificate.name);
  });

  it("GET /api/buildings returns a GeoJSON FeatureCollection inside the bbox", async () => {
    const response = await app.request(`/api/buildings?bbox=${central}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/geo+json");
    const body = (await response.json()) as FeatureCollection<
      Polygon,
      { id: number; gross_area: number; usable_area: number }
    >;
    expect(body.type).toBe("FeatureCollection");
    expect(body.features.length).toBeGreaterThan(50);
    for (const feature of body.features) {
      expect(feature.geometry.type).toBe("Polygon");
      expect(feature.id).toBe(feature.properties.id);
      const ring = feature.geometry.coordinates[0] ?? [];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      // Every footprint meets the bbox.
      const lngs = ring.map(([lng]) => lng as number);
      const lats = ring.map(([, lat]) => lat as number);
      expect(Math.max(...lngs)).toBeGreaterThanOrEqual(126.6);
      expect(Math.min(...lngs)).toBeLessThanOrEqual(126.72);
      expect(Math.max(...lats)).toBeGreaterThanOrEqual(45.7);
      expect(Math.min(...lats)).toBeLessThanOrEqual(45.8);
      expect(feature.properties.gross_area).toBeGreaterThan(0);
    }
    const limited = await app.json<FeatureCollection>(`/api/buildings?bbox=${central}&limit=5`);
    expect(limited.body.features).toHaveLength(5);
    const empty = await app.json<FeatureCollection>("/api/buildings?bbox=0,0,1,1");
    expect(empty.body.features).toEqual([]);
  });

  it.each([
    ["bbox=abc", /4 comma-separated numbers/],
    ["bbox=1,2,3", /4 comma-separated numbers.*got 3/],
    ["bbox=126,45,x,46", /"x" is not a number/],
    ["bbox=127,45,126,46", /minLng \(127\) is greater than maxLng \(126\)/],
    ["bbox=126,46,127,45", /minLat \(46\) is greater than maxLat \(45\)/],
    ["bbox=126,45,200,46", /longitudes must lie within -180\.\.180/],
    ["bbox=126,-95,127,46", /latitudes must lie within -90\.\.90/],
    ["", /bbox/],
    [`bbox=${central}&limit=0`, /limit must be at least 1/],
    [`bbox=${central}&limit=abc`, /limit must be a whole number/],
    [`bbox=${central}&limit=10001`, /limit must be at most 10000/],
    [`bbox=${central}&foo=1`, /unknown parameter\(s\): foo/],
  ])("GET /api/buildings?%s → 400 saying what is wrong", async (query, message) => {
    const { status, body } = await app.json<ErrorBody>(`/api/buildings?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toMatch(message);
  });

  it("GET /api/regions lists the hierarchy and serves boundaries as GeoJSON", async () => {
    const counties = await app.json<{
      regions: Array<{ code: string; name: string; has_boundary: boolean }>;
    }>("/api/regions?level=county&parent=230200");
    expect(counties.status).toBe(200);
    expect(counties.body.regions).toHaveLength(16);
    expect(counties.body.regions.find((region) => region.code === "230227")).toMatchObject({
      name: "富裕县",
      has_boundary: true,
    });
    const boundaries = await app.request("/api/regions?level=prefecture&format=geojson");
    expect(boundaries.headers.get("content-type")).toContain("application/geo+json");
    const collection = (await boundaries.json()) as FeatureCollection;
    expect(collection.features).toHaveLength(13);
    const invalid = await app.json<ErrorBody>("/api/regions?level=galaxy");
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details[0]?.path).toBe("level");
    const badParent = await app.json<ErrorBody>("/api/regions?parent=23");
    expect(badParent.status).toBe(400);
    expect(badParent.body.error.message).toMatch(/6-digit/);
  });

  it("GET /api/units filters by region subtree and pages", async () => {
    const fuyu = await app.json<{
      units: Array<{ region_code: string; authorized_headcount: number }>;
      total: number;
    }>("/api/units?region=230227&limit=5");
    expect(fuyu.status).toBe(200);
    expect(fuyu.body.units).toHaveLength(5);
    expect(fuyu.body.total).toBeGreaterThanOrEqual(15);
    for (const unit of fuyu.body.units) {
      expect(unit.region_code).toBe("230227");
      expect(unit.authorized_headcount).toBeGreaterThan(0);
    }
    const qiqihar = await app.json<{ total: number }>("/api/units?region=230200");
    expect(qiqihar.body.total).toBeGreaterThan(fuyu.body.total);
    const provincial = await app.json<{ units: Array<{ admin_level: string }> }>(
      "/api/units?level=provincial&limit=1000",
    );
    expect(provincial.body.units.every((unit) => unit.admin_level === "provincial")).toBe(true);
    expect((await app.request("/api/units?offset=-1")).status).toBe(400);
  });

  it("unknown routes get a 404 JSON error, malformed input never a 500", async () => {
    const missing = await app.json<ErrorBody>("/api/nothing-here");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const page = await app.json<ErrorBody>("/no/such/page");
    expect(page.status).toBe(404);
    const long = await app.json<ErrorBody>(`/api/search?q=${"长".repeat(60)}`);
    expect(long.status).toBe(400);
    const blank = await app.json<ErrorBody>("/api/search?q=%20%20");
    expect(blank.status).toBe(400);
    const tooBig = await app.request("/api/search?q=a", {
      method: "POST",
      body: "x".repeat(2 * 1024 * 1024),
      headers: { "content-type": "text/plain" },
    });
    expect(tooBig.status).toBe(413);
  });

  it("publishes an OpenAPI document of the API", async () => {
    const { status, body } = await app.json<{ openapi: string; paths: Record<string, unknown> }>(
      "/api/openapi.json",
    );
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(["/health", "/regions", "/units", "/buildings", "/search"]),
    );
  });
});
