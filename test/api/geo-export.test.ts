import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readGeoPackage } from "../../server/formats/geopackage.js";
import { testModes } from "../support/databases.js";
import { requireOrExplain } from "../support/environment.js";
import { gdal, hasGdal } from "../support/served-app.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

// A cap of 300 buildings lets the 413 be tested for real on the demo province (400+ buildings), and
// batches of 7 make every export run through many keyset pages.
vi.mock(import("../../server/domain/exports/building-export.js"), async (importOriginal) => ({
  ...(await importOriginal()),
  MAX_EXPORT_BUILDINGS: 300,
  EXPORT_BATCH_SIZE: 7,
}));

type Footprints = FeatureCollection<Polygon, Record<string, string | number | null>>;
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}

const FUYU_BUILDING = "富裕县原县直机关办公楼（已腾退）";
const asMulti = (polygon: Polygon): MultiPolygon => ({
  type: "MultiPolygon",
  coordinates: [polygon.coordinates],
});

describe.each(testModes())("building exports (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let unitUser: SignedInClient;
  const directory = mkdtempSync(join(tmpdir(), "fangtu-export-"));

  beforeAll(async () => {
    app = await openTestApp(mode);
    [county, unitUser] = await Promise.all([app.signIn("demo-county"), app.signIn("demo-unit")]);
  });
  afterAll(async () => {
    await app.database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const buildingIds = async (condition = sql`true`) => {
    const { rows } = await sql<{ id: number }>`
      select b.id from buildings b where ${condition} order by b.id`.execute(app.database.db);
    return rows.map((row) => row.id);
  };

  const geoJson = async (client: SignedInClient | TestApp, query = "") => {
    const response = await client.request(`/api/exports/buildings.geojson${query}`);
    if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
    return { response, body: (await response.json()) as Footprints };
  };

  it("exports the county's buildings as GeoJSON: every one, in id order, named after the region", async () => {
    const { response, body } = await geoJson(county);
    expect(response.headers.get("content-type")).toBe("application/geo+json");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-disposition")).toMatch(
      new RegExp(
        `^attachment; filename="buildings-230227-\\d{8}\\.geojson"; filename\\*=UTF-8''${encodeURIComponent("富裕县建筑-")}\\d{8}\\.geojson$`,
      ),
    );
    expect(body.type).toBe("FeatureCollection");
    const expected = await buildingIds(sql`b.region_code like '230227%'`);
    expect(expected.length).toBeGreaterThan(7);
    expect(body.features.map((feature) => feature.id)).toEqual(expected);
    expect(body.features.map((feature) => feature.properties.id)).toEqual(expected);
    for (const feature of body.features) {
      expect(feature.geometry.type).toBe("Polygon");
      expect(feature.properties.region_code).toBe("230227");
    }
  });

  it("gives the known Fuyu building its recorded figures and its rooms' usable and idle areas", async () => {
    const { body } = await geoJson(county);
    const feature = body.features.find((candidate) => candidate.properties.name === FUYU_BUILDING);
    const { rows } = await sql<{
      id: number;
      address: string | null;
      floors_above: number;
      title_certificate_no: string | null;
      usable: number;
      idle: number;
      rooms: number;
    }>`
      select b.id, b.address, b.floors_above, b.title_certificate_no,
        (select sum(usable_area) from rooms where building_id = b.id) as usable,
        (select sum(usable_area) from rooms where building_id = b.id and status = 'idle') as idle,
        (select count(*)::int from rooms where building_id = b.id) as rooms
      from buildings b where b.name = ${FUYU_BUILDING}`.execute(app.database.db);
    const building = rows[0]!;
    expect(building.rooms).toBeGreaterThan(0);
    expect(building.idle).toBeGreaterThan(0);
    expect(feature?.properties).toEqual({
      id: building.id,
      name: FUYU_BUILDING,
      address: building.address,
      region_code: "230227",
      property_class: "office",
      floors_above: building.floors_above,
      gross_area: 9019,
      usable_area: building.usable,
      idle_area: building.idle,
      built_year: 1996,
      condition: "fair",
      title_certificate_no: building.title_certificate_no,
    });
    // The vacated building's rooms hold about two thirds of its 9,019 m² (DOMAIN.md's real case).
    expect(Number(feature?.properties.usable_area)).toBeGreaterThan(9019 * 0.6);
    expect(Number(feature?.properties.usable_area)).toBeLessThan(9019 * 0.7);
    const { rows: footprint } = await sql<{ geometry: string }>`
      select st_asgeojson(footprint, 7) as geometry from buildings where id = ${building.id}`.execute(
      app.database.db,
    );
    expect(feature?.geometry).toEqual(JSON.parse(footprint[0]!.geometry));
  });

  it("filters by property class", async () => {
    const { body } = await geoJson(app, "?region=230200&property_class=non_office_asset");
    const expected = await buildingIds(
      sql`b.region_code like '2302%' and b.property_class = 'non_office_asset'`,
    );
    expect(body.features.map((feature) => feature.id)).toEqual(expected);
    const { body: offices } = await geoJson(app, "?region=230200&property_class=office");
    const allOffices = await buildingIds(sql`b.region_code like '2302%' and b.property_class = 'office'`);
    expect(offices.features).toHaveLength(allOffices.length);
    expect(offices.features.length).toBeGreaterThan(0);
  });

  it("gives a unit user only the buildings their unit (or a unit it supervises) occupies", async () => {
    const expected = await buildingIds(sql`exists (
      select 1 from rooms r join units u on u.id = r.occupant_unit_id
      join units own on own.name = '黑龙江省教育厅'
      where r.building_id = b.id and (u.id = own.id or u.supervising_unit_id = own.id))`);
    expect(expected.length).toBeGreaterThan(0);
    // The unit user's own region is the default; the province holds the same buildings for them.
    const { body } = await geoJson(unitUser);
    expect(body.features.map((feature) => feature.id)).toEqual(
      (await buildingIds(sql`b.region_code like '230103%'`)).filter((id) => expected.includes(id)),
    );
    const { body: province } = await geoJson(unitUser, "?region=230000");
    expect(province.features.map((feature) => feature.id)).toEqual(expected);
  });

  it("exports the same buildings as a GeoPackage layer (MultiPolygon footprints, EPSG:4326)", async () => {
    const response = await county.request("/api/exports/buildings.gpkg");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/geopackage+sqlite3");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="buildings-230227-\d{8}\.gpkg"; filename\*=UTF-8''/,
    );
    const { layers } = await readGeoPackage(new Uint8Array(await response.arrayBuffer()));
    expect(layers.map((layer) => [layer.name, layer.srsId, layer.geometryColumn])).toEqual([
      ["buildings", 4326, "geom"],
    ]);
    const { body } = await geoJson(county);
    // The fid is the GeoPackage's own row number; the building id is the `id` property.
    expect(layers[0]?.features.map((feature) => ({ ...feature, id: feature.properties?.id }))).toEqual(
      body.features.map((feature) => ({ ...feature, geometry: asMulti(feature.geometry) })),
    );
  });

  it("refuses more buildings than an export holds with a 413 that suggests a smaller region", async () => {
    const total = (await buildingIds()).length;
    expect(total).toBeGreaterThan(300);
    for (const format of ["geojson", "gpkg"]) {
      const response = await app.request(`/api/exports/buildings.${format}?region=230000`);
      expect(response.status).toBe(413);
      const { error } = (await response.json()) as ErrorBody;
      expect(error.code).toBe("payload_too_large");
      expect(error.message).toBe(
        `${total} buildings match in 黑龙江省, but an export holds at most 300: export a smaller region (a prefecture or county) instead`,
      );
    }
  });

  it("refuses unknown parameters and property classes (400), unknown regions (404) and anonymous callers", async () => {
    const cases: Array<[string, number, string]> = [
      ["?bbox=1,2,3,4", 400, "invalid_request"],
      ["?property_class=palace", 400, "invalid_request"],
      ["?region=23", 400, "invalid_request"],
      ["?region=239999", 404, "not_found"],
    ];
    for (const [query, status, code] of cases) {
      for (const format of ["geojson", "gpkg"]) {
        const response = await app.request(`/api/exports/buildings.${format}${query}`);
        expect(response.status, `${format}${query}`).toBe(status);
        expect(((await response.json()) as ErrorBody).error.code).toBe(code);
      }
    }
    const { body } = await app.json<ErrorBody>("/api/exports/buildings.geojson?property_class=palace");
    expect(body.error.message).toMatch(/property_class must be one of: office, technical, commercial/);
    expect((await app.anonymous.request("/api/exports/buildings.gpkg")).status).toBe(401);
  });

  it("publishes both exports in the OpenAPI document", async () => {
    const { body } = await app.json<{
      paths: Record<string, { get?: { responses?: Record<string, unknown> } }>;
    }>("/api/openapi.json");
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(["/exports/buildings.geojson", "/exports/buildings.gpkg"]),
    );
    expect(JSON.stringify(body.paths["/exports/buildings.gpkg"]?.get?.responses?.["200"])).toContain(
      "application/geopackage+sqlite3",
    );
  });

  it.runIf(requireOrExplain(hasGdal, "GDAL's ogrinfo (apt-get install gdal-bin)"))(
    "ogrinfo opens both exports and counts the county's buildings",
    async () => {
      const expected = (await buildingIds(sql`b.region_code like '230227%'`)).length;
      for (const format of ["geojson", "gpkg"]) {
        const file = join(directory, `buildings-${mode}.${format}`);
        const response = await county.request(`/api/exports/buildings.${format}`);
        writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
        const summary = await gdal("ogrinfo", ["-ro", "-al", "-so", file]);
        expect(summary).toMatch(/^Layer name: buildings$/m);
        expect(summary).toMatch(new RegExp(`^Feature Count: ${expected}$`, "m"));
        expect(summary).toMatch(/ID\["EPSG",4326\]\]/);
        expect(summary).toMatch(/^gross_area: Real/m);
        const feature = await gdal("ogrinfo", ["-ro", "-al", "-where", `name = '${FUYU_BUILDING}'`, file]);
        expect(feature).toContain(`name (String) = ${FUYU_BUILDING}`);
        expect(feature).toMatch(/gross_area \(Real\) = 9019/);
      }
    },
  );
});
