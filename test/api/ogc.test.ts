import type { Feature, FeatureCollection } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type TestApp } from "../support/test-app.js";

interface Link {
  href: string;
  rel: string;
  type: string;
}
type Items = FeatureCollection & { numberMatched: number; numberReturned: number; links: Link[] };
interface ErrorBody {
  error: { code: string; message: string };
}

const central = "126.60,45.70,126.72,45.80";

describe.each(testModes())("OGC API – Features (%s)", (mode) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await openTestApp(mode);
  });
  afterAll(() => app.database.close());

  it("landing page links what QGIS and GDAL look for, with their media types", async () => {
    const { status, body } = await app.json<{ links: Link[] }>("/ogc");
    expect(status).toBe(200);
    const byRel = Object.fromEntries(body.links.map((entry) => [entry.rel, entry]));
    expect(byRel["service-desc"]).toMatchObject({
      href: "http://localhost/ogc/api",
      type: "application/vnd.oai.openapi+json;version=3.0",
    });
    expect(byRel.data).toMatchObject({ href: "http://localhost/ogc/collections", type: "application/json" });
    expect(byRel.conformance?.type).toBe("application/json");
    expect(byRel.self?.type).toBe("application/json");

    const api = await app.request("/ogc/api");
    expect(api.headers.get("content-type")).toContain("application/vnd.oai.openapi+json;version=3.0");
    const document = (await api.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.0\./);
    expect(Object.keys(document.paths)).toContain("/collections/buildings/items");

    const conformance = await app.json<{ conformsTo: string[] }>("/ogc/conformance");
    expect(conformance.body.conformsTo).toEqual(
      expect.arrayContaining([
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
      ]),
    );
  });

  it("lists every collection with an extent and typed links", async () => {
    const { body } = await app.json<{
      collections: Array<{ id: string; extent: { spatial: { bbox: number[][] } }; links: Link[] }>;
    }>("/ogc/collections");
    expect(body.collections.map((collection) => collection.id)).toEqual([
      "regions",
      "buildings",
      "rooms",
      "idle-space",
      "units",
      "leases-in",
      "non-office-assets",
      "community-facilities",
      "zones",
      "conversions",
    ]);
    const buildings = body.collections.find((collection) => collection.id === "buildings");
    const [minLng, minLat, maxLng, maxLat] = buildings?.extent.spatial.bbox[0] ?? [];
    // Harbin and Qiqihar: the demo lies between 123.5E–127.5E and 45.2N–48N.
    expect(minLng).toBeGreaterThan(123.5);
    expect(maxLng).toBeLessThan(127.5);
    expect(minLat).toBeGreaterThan(45.2);
    expect(maxLat).toBeLessThan(48);
    expect(buildings?.links.find((entry) => entry.rel === "items")?.type).toBe("application/geo+json");
  });

  it("pages buildings in a bbox with exact numberMatched and next/prev links", async () => {
    const first = await app.request(`/ogc/collections/buildings/items?bbox=${central}&limit=25`);
    expect(first.headers.get("content-type")).toContain("application/geo+json");
    const page1 = (await first.json()) as Items;
    expect(page1.numberReturned).toBe(25);
    expect(page1.numberMatched).toBeGreaterThan(25);
    const next = page1.links.find((entry) => entry.rel === "next");
    expect(next?.type).toBe("application/geo+json");
    expect(page1.links.find((entry) => entry.rel === "prev")).toBeUndefined();

    const seen = new Set(page1.features.map((feature) => feature.id));
    let url: string | undefined = next?.href;
    while (url) {
      const page = (await (await app.request(url.replace("http://localhost", ""))).json()) as Items;
      expect(page.links.find((entry) => entry.rel === "prev")).toBeDefined();
      for (const feature of page.features) {
        expect(seen.has(feature.id)).toBe(false);
        seen.add(feature.id);
      }
      url = page.links.find((entry) => entry.rel === "next")?.href;
    }
    expect(seen.size).toBe(page1.numberMatched);

    const all = await app.json<Items>(`/ogc/collections/buildings/items?bbox=${central}&limit=10000`);
    expect(all.body.numberReturned).toBe(page1.numberMatched);
    expect(all.body.links.find((entry) => entry.rel === "next")).toBeUndefined();
  });

  it("clamps limit above 10000 and returns every feature's id as its featureId", async () => {
    const { status, body } = await app.json<Items>("/ogc/collections/rooms/items?limit=20000");
    expect(status).toBe(200);
    expect(body.numberReturned).toBe(10_000);
    expect(body.numberMatched).toBeGreaterThan(10_000);
    const next = new URL(body.links.find((entry) => entry.rel === "next")?.href ?? "http://x");
    expect(next.searchParams.get("limit")).toBe("10000");
    expect(next.searchParams.get("offset")).toBe("10000");

    const feature = body.features[0] as Feature;
    const single = await app.request(`/ogc/collections/rooms/items/${feature.id}`);
    expect(single.headers.get("content-type")).toContain("application/geo+json");
    const one = (await single.json()) as Feature & { links: Link[] };
    expect(one.id).toBe(feature.id);
    expect(one.properties).toEqual(feature.properties);
  });

  it("filters on queryables and publishes them as JSON Schema", async () => {
    const { body } = await app.json<Items>(
      "/ogc/collections/rooms/items?region_code=230227&use_category=office&status=idle&limit=10000",
    );
    expect(body.numberMatched).toBeGreaterThan(100);
    for (const feature of body.features) {
      expect(feature.properties).toMatchObject({
        region_code: "230227",
        use_category: "office",
        status: "idle",
      });
    }
    const queryables = await app.request("/ogc/collections/rooms/queryables");
    expect(queryables.headers.get("content-type")).toContain("application/schema+json");
    const schema = (await queryables.json()) as { properties: Record<string, { type: string }> };
    expect(schema.properties.use_category?.type).toBe("string");
    expect(schema.properties.building_id?.type).toBe("integer");
    const suits = await app.json<Items>("/ogc/collections/non-office-assets/items?suits_office_use=true");
    expect(suits.body.features.every((feature) => feature.properties?.suits_office_use === true)).toBe(true);
    expect(suits.body.features.map((feature) => feature.properties?.name)).toContain(
      "原黑龙江工程学院南岗校区",
    );
  });

  it("serves idle space, units, leases and regions as valid features", async () => {
    const idle = await app.json<Items>("/ogc/collections/idle-space/items?kind=building&limit=1000");
    const fuyu = idle.body.features.find((feature) =>
      String(feature.properties?.building_name).includes("富裕县原县直机关办公楼"),
    );
    expect(fuyu?.id).toMatch(/^building-\d+$/);
    expect(Number(fuyu?.properties?.idle_area)).toBeGreaterThan(5000);
    const unit = await app.json<Items>("/ogc/collections/units/items?limit=1");
    expect(unit.body.features[0]?.geometry?.type).toBe("Point");
    const leases = await app.json<Items>("/ogc/collections/leases-in/items");
    expect(leases.body.numberMatched).toBeGreaterThanOrEqual(5);
    const region = await app.json<Feature>("/ogc/collections/regions/items/230227");
    expect(region.body.properties?.name).toBe("富裕县");
    expect(region.body.geometry.type).toBe("MultiPolygon");
    const zones = await app.json<Items>("/ogc/collections/zones/items");
    expect(zones.body).toMatchObject({ numberMatched: 0, numberReturned: 0, features: [] });
  });

  it.each([
    ["/ogc/collections/buildings/items?foo=1", 400, /Unknown parameter\(s\): foo/],
    ["/ogc/collections/buildings/items?bbox=1,2,3", 400, /bbox: needs 4 or 6 comma-separated numbers/],
    ["/ogc/collections/buildings/items?bbox=a,b,c,d", 400, /bbox: bbox value "a" is not a number/],
    ["/ogc/collections/buildings/items?bbox=127,45,126,46", 400, /minLng \(127\) is greater than maxLng/],
    ["/ogc/collections/buildings/items?limit=0", 400, /limit: must be at least 1/],
    ["/ogc/collections/buildings/items?limit=-5", 400, /limit: must be a whole number/],
    ["/ogc/collections/buildings/items?offset=x", 400, /offset: must be a whole number/],
    ["/ogc/collections/buildings/items?floors_above=three", 400, /floors_above: must be an integer/],
    ["/ogc/collections/buildings/items?property_class=castle", 400, /property_class: must be one of/],
    ["/ogc/collections/buildings/items?limit=5&limit=6", 400, /limit: may be given only once/],
    ["/ogc/collections/buildings/items?bbox-crs=EPSG:3857", 400, /bbox-crs: only .*CRS84/],
    ["/ogc/collections/buildings/items?f=html", 400, /f: only json/],
    ["/ogc/collections/nothing/items", 404, /No collection "nothing"/],
    ["/ogc/collections/buildings/items/abc", 404, /No feature "abc"/],
    ["/ogc/collections/buildings/items/99999999", 404, /No feature "99999999"/],
  ])("%s → %i", async (path, status, message) => {
    const response = await app.json<ErrorBody>(path);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toMatch(message);
  });

  it("accepts a 6-number bbox (heights ignored) and the standard f and datetime parameters", async () => {
    const four = await app.json<Items>(`/ogc/collections/buildings/items?bbox=${central}`);
    const six = await app.json<Items>(
      "/ogc/collections/buildings/items?bbox=126.60,45.70,0,126.72,45.80,100&f=json&datetime=2026-01-01T00:00:00Z",
    );
    expect(six.status).toBe(200);
    expect(six.body.numberMatched).toBe(four.body.numberMatched);
  });
});
