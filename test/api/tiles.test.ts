import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTileAddress, type TileAddress, tileAt } from "../../server/tiles/tile-address.js";
import type { TileJson } from "../../server/tiles/tilejson.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type TestApp } from "../support/test-app.js";
import { decodeTile } from "../tiles/mvt-decoding.js";
import { observeWhileStable } from "../tiles/stable-version.js";

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}

const MVT = "application/vnd.mapbox-vector-tile";
const ORIGIN = "http://fangtu.example:8080";
/** Central Harbin, the densest part of the demo data. */
const harbin = (z: number) => tileAt(126.655, 45.752, z);
const path = (source: string, { z, x, y }: TileAddress) => `/tiles/${source}/${z}/${x}/${y}`;

describe.each(testModes())("vector tiles over HTTP (%s)", (mode) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await openTestApp(mode);
  });
  afterAll(() => app.database.close());

  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await app.request(url, { headers });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  it("lists the sources with TileJSON and tile URLs on the request's origin", async () => {
    const response = await app.request(`${ORIGIN}/tiles`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      tilesets: Array<{ id: string; tilejson: string; tiles: string }>;
    };
    expect(body.tilesets.map((tileset) => tileset.id)).toEqual([
      "buildings",
      "regions",
      "idle-space",
      "leases-in",
      "non-office-assets",
      "community-facilities",
    ]);
    for (const tileset of body.tilesets) {
      expect(tileset.tilejson).toBe(`${ORIGIN}/tiles/${tileset.id}`);
      expect(tileset.tiles).toBe(`${ORIGIN}/tiles/${tileset.id}/{z}/{x}/{y}`);
    }
  });

  it("describes each source as TileJSON 3.0.0 with its vector layers and their fields", async () => {
    const response = await app.request(`${ORIGIN}/tiles/buildings`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as TileJson;
    expect(body).toMatchObject({
      tilejson: "3.0.0",
      scheme: "xyz",
      tiles: [`${ORIGIN}/tiles/buildings/{z}/{x}/{y}`],
      minzoom: 0,
      maxzoom: 16,
    });
    // Heilongjiang, with central Harbin inside.
    const [west, south, east, north] = body.bounds;
    expect(west).toBeGreaterThan(120);
    expect(east).toBeLessThan(136);
    expect(south).toBeGreaterThan(43);
    expect(north).toBeLessThan(54);
    expect(west < 126.655 && 126.655 < east && south < 45.752 && 45.752 < north).toBe(true);
    expect(body.center).toHaveLength(3);
    expect(body.vector_layers.map(({ id, minzoom, maxzoom }) => [id, minzoom, maxzoom])).toEqual([
      ["building-cells", 0, 13],
      ["buildings", 14, 16],
    ]);
    expect(body.vector_layers[1]?.fields).toMatchObject({
      id: "Number",
      name: "String",
      property_class: "String",
      usable_area: "Number",
      idle_area: "Number",
      idle_share: "Number",
      main_use: "String",
      over_standard: "Boolean",
      main_unit_kind: "String",
      main_unit_level: "String",
    });
    expect(body.vector_layers[0]?.fields).toMatchObject({ building_count: "Number", idle_area: "Number" });

    const others = await Promise.all(
      ["regions", "idle-space", "leases-in"].map(
        async (id) => (await app.json<TileJson>(`/tiles/${id}`)).body,
      ),
    );
    expect(others.map((tileJson) => tileJson.vector_layers.map((layer) => layer.id))).toEqual([
      ["regions", "region-labels"],
      ["idle-space-cells", "idle-space"],
      ["leases-in"],
    ]);
    expect(others[0]?.vector_layers[0]?.fields).toMatchObject({
      idle_area: "Number",
      units_over_standard: "Number",
      leases_in_rent: "Number",
    });
    expect(others.every((tileJson) => tileJson.tiles[0]?.startsWith("http://localhost/tiles/"))).toBe(true);
  });

  it("serves a decodable MVT of central Harbin at z15", async () => {
    const { response, bytes } = await get(path("buildings", harbin(15)));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(MVT);
    const layers = decodeTile(bytes);
    expect(Object.keys(layers)).toEqual(["buildings"]);
    const layer = layers.buildings!;
    expect(layer.extent).toBe(4096);
    expect(layer.features.length).toBeGreaterThanOrEqual(10);
    for (const feature of layer.features) {
      expect(feature.type).toBe(3);
      expect(feature.id).toBe(feature.properties.id);
      expect(feature.properties).toMatchObject({
        name: expect.any(String),
        property_class: expect.stringMatching(/^(office|technical|commercial|non_office_asset)$/),
        gross_area: expect.any(Number),
        usable_area: expect.any(Number),
        idle_area: expect.any(Number),
        over_standard: expect.any(Boolean),
        is_demo: true,
      });
      const share = feature.properties.idle_share as number;
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
      for (const [x, y] of feature.rings.flat()) {
        expect(x).toBeGreaterThanOrEqual(-64);
        expect(x).toBeLessThanOrEqual(4096 + 64);
        expect(y).toBeGreaterThanOrEqual(-64);
        expect(y).toBeLessThanOrEqual(4096 + 64);
      }
    }
  });

  it("accepts a .pbf or .mvt suffix and answers an empty tile where there is nothing", async () => {
    const plain = await get(path("buildings", harbin(15)));
    const suffixed = await get(`${path("buildings", harbin(15))}.pbf`);
    expect(suffixed.response.status).toBe(200);
    expect(suffixed.bytes).toEqual(plain.bytes);
    expect((await get(`${path("buildings", harbin(15))}.mvt`)).bytes).toEqual(plain.bytes);
    // Over the Atlantic.
    const empty = await get("/tiles/buildings/15/10000/12000");
    expect(empty.response.status).toBe(200);
    expect(empty.bytes.length).toBe(0);
  });

  it.each([
    ["/tiles/buildings/23/0/0", 400, /z must be a whole number from 0 to 22/],
    ["/tiles/buildings/-1/0/0", 400, /z must be/],
    ["/tiles/buildings/1.5/0/0", 400, /z must be/],
    ["/tiles/buildings/2/4/0", 400, /x must be a whole number from 0 to 3 at zoom 2/],
    ["/tiles/buildings/2/0/4", 400, /y must be a whole number from 0 to 3 at zoom 2/],
    ["/tiles/buildings/15/27912/11690.png", 400, /optionally with \.pbf or \.mvt/],
    ["/tiles/buildings/a/b/c", 400, /z must be/],
    [`/tiles/buildings/${"9".repeat(40)}/0/0`, 400, /z:/],
    ["/tiles/nowhere/0/0/0", 404, /No tile source "nowhere"; the sources are buildings, regions/],
    ["/tiles/nowhere", 404, /No tile source "nowhere"/],
    ["/tiles/buildings/0/0", 404, /No route/],
  ])("GET %s → %i with the error format", async (url, status, message) => {
    const { status: actual, body } = await app.json<ErrorBody>(url);
    expect(actual).toBe(status);
    expect(body.error.code).toBe(status === 400 ? "invalid_request" : "not_found");
    expect(body.error.message).toMatch(message);
  });

  it("never answers a 500, whatever the path segments (property)", async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 12 }).filter((text) => text !== "." && text !== ".."),
      fc.integer({ min: -5, max: 2 ** 24 }).map(String),
      fc.constantFrom("0", "1", "22", "23", "0.pbf", "1.mvt", "%00", "-0", "1e3"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("buildings", "regions", "idle-space", "leases-in", "x"),
        segment,
        segment,
        segment,
        async (source, z, x, y) => {
          const url = `/tiles/${source}/${[z, x, y].map(encodeURIComponent).join("/")}`;
          const response = await app.request(url);
          expect([200, 400, 404]).toContain(response.status);
          const parsed = parseTileAddress(z, x, y);
          if (response.status === 200) expect(parsed.ok && source !== "x").toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("answers If-None-Match with 304 for the tile's ETag, strong or weak", async () => {
    const url = path("buildings", harbin(15));
    const seen = await observeWhileStable(app.database.db, async () => {
      const first = await get(url);
      const etag = first.response.headers.get("etag") ?? "";
      const conditional = [];
      for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*", '"other"']) {
        const again = await get(url, { "If-None-Match": header });
        conditional.push([header, again.response.status, again.bytes.length]);
      }
      return { first, etag, conditional };
    });
    // Epoch, data version, the reader's scope (the administrator reads everything), source and tile.
    expect(seen.etag).toMatch(/^"[0-9a-f]{12}-\d+-all-buildings-15-27912-11690"$/);
    // The reader's own tile: browsers may keep it, shared caches must not.
    expect(seen.first.response.headers.get("cache-control")).toBe("private, no-cache");
    expect(seen.first.response.headers.get("vary")).toBe("Accept-Encoding, Authorization, Cookie");
    expect(seen.conditional).toEqual([
      [seen.etag, 304, 0],
      [`W/${seen.etag}`, 304, 0],
      [`"other", ${seen.etag}`, 304, 0],
      ["*", 304, 0],
      ['"other"', 200, seen.first.bytes.length],
    ]);
    // Another tile has another tag.
    const other = await get(path("buildings", { ...harbin(15), x: harbin(15).x + 1 }));
    expect(other.response.headers.get("etag")).not.toBe(seen.etag);
  });

  it("gzips tiles for clients that accept gzip, with their own ETag", async () => {
    const url = path("buildings", harbin(15));
    const seen = await observeWhileStable(app.database.db, async () => {
      const plain = await get(url);
      const zipped = await get(url, { "Accept-Encoding": "gzip, deflate, br" });
      const again = await get(url, { "Accept-Encoding": "gzip" });
      const notModified = await get(url, {
        "Accept-Encoding": "gzip",
        "If-None-Match": zipped.response.headers.get("etag") ?? "",
      });
      return { plain, zipped, again, notModified };
    });
    const { plain, zipped, again, notModified } = seen;
    expect(plain.response.headers.get("content-encoding")).toBeNull();
    expect(zipped.response.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.response.headers.get("content-type")).toBe(MVT);
    expect(new Uint8Array(gunzipSync(zipped.bytes))).toEqual(plain.bytes);
    const etag = plain.response.headers.get("etag") ?? "";
    expect(zipped.response.headers.get("etag")).toBe(`${etag.slice(0, -1)}-gzip"`);
    // Served again from the cache: the same bytes.
    expect(again.bytes).toEqual(zipped.bytes);
    expect(notModified.response.status).toBe(304);
    const refused = await get(url, { "Accept-Encoding": "gzip;q=0, identity" });
    expect(refused.response.headers.get("content-encoding")).toBeNull();
    expect((await get(url, { "Accept-Encoding": "*" })).response.headers.get("content-encoding")).toBe(
      "gzip",
    );
  });

  it("keeps every tile of the busiest demo areas under 500 KB", async () => {
    const checks: string[] = [];
    for (let z = 12; z <= 16; z++) {
      const center = harbin(z);
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          const tile = { z, x: center.x + dx, y: center.y + dy };
          checks.push(path("buildings", tile), path("idle-space", tile));
        }
      }
    }
    for (let z = 0; z <= 12; z++) checks.push(path("regions", harbin(z)), path("leases-in", harbin(z)));
    for (let z = 0; z <= 11; z++) checks.push(path("buildings", harbin(z)));
    let largest = 0;
    for (const url of checks) {
      const { response, bytes } = await get(url);
      expect(response.status).toBe(200);
      expect(bytes.length, url).toBeLessThan(500 * 1024);
      largest = Math.max(largest, bytes.length);
    }
    // The check looked at real tiles, not empty ones.
    expect(largest).toBeGreaterThan(10 * 1024);
  });
});
