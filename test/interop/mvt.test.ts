import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FeatureCollection, Geometry, Polygon } from "geojson";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FangtuDatabase } from "../../server/db/database.js";
import { tileAt, tileBounds } from "../../server/tiles/tile-address.js";
import { requireOrExplain } from "../support/environment.js";
import { hasGdal, gdal as runGdal, type ServedApp, serveTestApp } from "../support/served-app.js";
import { decodeTile } from "../tiles/mvt-decoding.js";

/** GDAL sends the personal access token as a QGIS or GDAL user would configure it (docs/api.md). */
let gdalHeaders = "";
const gdal = (command: string, args: string[]) => runGdal(command, args, gdalHeaders);

type Footprints = FeatureCollection<Polygon, { id: number; name: string; over_standard?: boolean }>;

describe.runIf(requireOrExplain(hasGdal, "GDAL's ogrinfo/ogr2ogr (apt-get install gdal-bin)"))(
  "GDAL's MVT driver reading Fangtu's vector tiles",
  () => {
    let database: FangtuDatabase;
    let served: ServedApp | undefined;
    let base: string;
    let token = "";
    /** `Authorization: Bearer …` of a token of demo-admin's, for Node's own requests. */
    let authorization: Record<string, string> = {};
    const directory = mkdtempSync(join(tmpdir(), "fangtu-mvt-"));
    const tile = tileAt(126.655, 45.752, 15);
    const tilePath = `${tile.z}/${tile.x}/${tile.y}`;

    beforeAll(async () => {
      served = await serveTestApp();
      database = served.database;
      base = served.base;
      token = await served.token();
      gdalHeaders = `Authorization: Bearer ${token}`;
      authorization = { authorization: `Bearer ${token}` };
    });

    afterAll(async () => {
      await served?.close();
      rmSync(directory, { recursive: true, force: true });
    });

    it("opens a saved tile, georeferences it from its z/x/y path and reads the features and fields", async () => {
      const response = await fetch(`${base}/tiles/buildings/${tilePath}`, { headers: authorization });
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const decoded = decodeTile(bytes).buildings?.features ?? [];
      expect(decoded.length).toBeGreaterThanOrEqual(10);
      // GDAL takes zoom, column and row from the file's path.
      mkdirSync(join(directory, `${tile.z}`, `${tile.x}`), { recursive: true });
      const file = join(directory, `${tilePath}.pbf`);
      writeFileSync(file, bytes);

      const summary = await gdal("ogrinfo", ["-ro", "-so", file, "buildings"]);
      expect(summary).toMatch(/using driver `MVT' successful/);
      expect(summary).toMatch(/Geometry: Polygon/);
      expect(Number(summary.match(/Feature Count: (\d+)/)?.[1])).toBe(decoded.length);
      expect(summary).toMatch(/ID\["EPSG",3857\]/);
      expect(summary).toMatch(/^name: String/m);
      expect(summary).toMatch(/^gross_area: Real/m);
      expect(summary).toMatch(/^over_standard: Integer\(Boolean\)/m);

      const collection = JSON.parse(
        await gdal("ogr2ogr", ["-f", "GeoJSON", "-t_srs", "EPSG:4326", "/vsistdout/", file, "buildings"]),
      ) as Footprints;
      expect(collection.features.map((feature) => feature.properties.id).sort((a, b) => a - b)).toEqual(
        decoded.map((feature) => feature.id),
      );
      for (const feature of collection.features) {
        const twin = decoded.find((candidate) => candidate.id === feature.properties.id);
        expect(feature.properties.name).toBe(twin?.properties.name);
      }

      // Georeferenced: footprints inside the tile match the stored WGS84 ones to a tile unit (~0.8 m).
      const [west, south, east, north] = tileBounds(tile);
      const { rows: footprints } = await sql<{ id: number; geometry: Polygon }>`
        select id, st_asgeojson(footprint)::json as geometry from buildings
        where footprint && st_makeenvelope(${west}, ${south}, ${east}, ${north}, 4326)`.execute(database.db);
      const extent = (polygon: Polygon) => {
        const ring = polygon.coordinates[0] ?? [];
        const xs = ring.map(([x]) => x ?? 0);
        const ys = ring.map(([, y]) => y ?? 0);
        return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      };
      const unit = (east - west) / 4096;
      let compared = 0;
      for (const footprint of footprints) {
        const [minX = 0, minY = 0, maxX = 0, maxY = 0] = extent(footprint.geometry);
        if (minX < west || maxX > east || minY < south || maxY > north) continue;
        const read = collection.features.find((feature) => feature.properties.id === footprint.id);
        expect(read, `building ${footprint.id}`).toBeDefined();
        extent(read?.geometry as Polygon).forEach((value, index) => {
          expect(Math.abs(value - ([minX, minY, maxX, maxY][index] ?? 0))).toBeLessThan(1.5 * unit);
        });
        compared++;
      }
      expect(compared).toBeGreaterThanOrEqual(5);
    });

    it("reads a tile straight from the server over HTTP (/vsicurl/), as QGIS and GDAL users would", async () => {
      const url = `${base}/tiles/buildings/${tilePath}.pbf`;
      const summary = await gdal("ogrinfo", ["-ro", "-so", `/vsicurl/${url}`, "buildings"]);
      expect(summary).toMatch(/using driver `MVT' successful/);
      const response = await fetch(url, { headers: authorization });
      const expected = decodeTile(new Uint8Array(await response.arrayBuffer())).buildings?.features;
      expect(expected?.length).toBeGreaterThanOrEqual(10);
      expect(Number(summary.match(/Feature Count: (\d+)/)?.[1])).toBe(expected?.length);
      // Clients that accept gzip get the tile gzipped.
      const zipped = await fetch(url, { headers: { ...authorization, "Accept-Encoding": "gzip" } });
      expect(zipped.headers.get("content-encoding")).toBe("gzip");
    });

    it("reads the layers' schema from the server's metadata.json when it opens a tile over HTTP", async () => {
      const { rows } = await sql<{ id: number; name: string; longitude: number; latitude: number }>`
        select id, name, st_x(st_transform(location_3857, 4326)) as longitude,
          st_y(st_transform(location_3857, 4326)) as latitude
        from non_office_assets where name = '原富裕县招待所'`.execute(database.db);
      const asset = rows[0];
      if (!asset) throw new Error("no demo asset 原富裕县招待所");
      const assetTile = tileAt(asset.longitude, asset.latitude, 14);
      const url = `${base}/tiles/non-office-assets/${assetTile.z}/${assetTile.x}/${assetTile.y}.pbf`;
      const summary = await gdal("ogrinfo", ["-ro", "-so", `/vsicurl/${url}`, "non-office-assets"]);
      expect(summary).toMatch(/using driver `MVT' successful/);
      // Typed from metadata.json (two levels above z/x/y): the tilestats geometry and the declared fields.
      expect(summary).toMatch(/Geometry: Multi Point/);
      expect(summary).toMatch(/^id: Real/m);
      expect(summary).toMatch(/^suits_office_use: Integer\(Boolean\)/m);
      expect(summary).toMatch(/^former_use: String/m);
      const collection = JSON.parse(
        await gdal("ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", `/vsicurl/${url}`, "non-office-assets"]),
      ) as FeatureCollection<Geometry, { id: number; name: string }>;
      expect(collection.features.find((feature) => feature.properties.id === asset.id)?.properties.name).toBe(
        asset.name,
      );
    });

    it("gets nothing from the server without the token", async () => {
      const url = `${base}/tiles/buildings/${tilePath}.pbf`;
      expect((await fetch(url)).status).toBe(401);
      const previous = gdalHeaders;
      gdalHeaders = "";
      try {
        await expect(gdal("ogrinfo", ["-ro", "-so", `/vsicurl/${url}`])).rejects.toThrow();
      } finally {
        gdalHeaders = previous;
      }
    });
  },
);
