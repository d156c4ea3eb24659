import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { featureCollections } from "../../server/db/feature-collections.js";
import { requireOrExplain } from "../support/environment.js";
import { hasGdal, gdal as runGdal, type ServedApp, serveTestApp } from "../support/served-app.js";

/** GDAL sends the personal access token as a QGIS or GDAL user would configure it (docs/api.md). */
let gdalHeaders = "";
const gdal = (command: string, args: string[]) => runGdal(command, args, gdalHeaders);

describe.runIf(requireOrExplain(hasGdal, "GDAL's ogrinfo/ogr2ogr (apt-get install gdal-bin)"))(
  "GDAL as an OGC API – Features client",
  () => {
    let served: ServedApp | undefined;
    let base: string;
    let token = "";
    const directory = mkdtempSync(join(tmpdir(), "fangtu-gdal-"));

    beforeAll(async () => {
      served = await serveTestApp();
      base = served.base;
      token = await served.token();
      gdalHeaders = `Authorization: Bearer ${token}`;
    });

    afterAll(async () => {
      await served?.close();
      rmSync(directory, { recursive: true, force: true });
    });

    const numberMatched = async (query: string) => {
      const response = await fetch(`${base}/ogc/collections/buildings/items?limit=1${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return ((await response.json()) as { numberMatched: number }).numberMatched;
    };

    it("ogrinfo lists the collections and counts as many buildings as numberMatched", async () => {
      const listing = await gdal("ogrinfo", ["-ro", "-so", `OAPIF:${base}/ogc`]);
      for (const id of featureCollections.map((collection) => collection.id)) {
        expect(listing).toMatch(new RegExp(`\\d+: ${id} \\(`));
      }
      const summary = await gdal("ogrinfo", ["-ro", "-so", `OAPIF:${base}/ogc`, "buildings"]);
      const count = Number(summary.match(/Feature Count: (\d+)/)?.[1]);
      expect(count).toBe(await numberMatched(""));
      expect(summary).toMatch(/Geometry: Polygon/);
    });

    it("ogr2ogr copies a bbox of buildings into a GeoPackage with the API's count, following next links", async () => {
      const target = join(directory, "buildings.gpkg");
      // A page size of 20 makes GDAL follow several `next` links.
      await gdal("ogr2ogr", [
        "-f",
        "GPKG",
        target,
        `OAPIF:${base}/ogc`,
        "buildings",
        "-spat",
        "126.60",
        "45.70",
        "126.72",
        "45.80",
        "-oo",
        "PAGE_SIZE=20",
      ]);
      const info = await gdal("ogrinfo", ["-so", target, "buildings"]);
      const copied = Number(info.match(/Feature Count: (\d+)/)?.[1]);
      expect(copied).toBeGreaterThan(20);
      expect(copied).toBe(await numberMatched("&bbox=126.60,45.70,126.72,45.80"));
      const fields = await gdal("ogrinfo", ["-ro", "-al", "-fid", "1", target]);
      expect(fields).toMatch(/gross_area \(Real\)/);
      expect(fields).toMatch(/region_code \(String\) = 2301\d\d/);
    });

    it("is refused without the token", async () => {
      const saved = gdalHeaders;
      gdalHeaders = "";
      try {
        await expect(gdal("ogrinfo", ["-ro", "-so", `OAPIF:${base}/ogc`])).rejects.toThrow(
          /401|Unauthorized|failed/i,
        );
      } finally {
        gdalHeaders = saved;
      }
    });

    it("ogrinfo reads one feature by a property filter", async () => {
      const output = await gdal("ogrinfo", [
        "-ro",
        `OAPIF:${base}/ogc`,
        "regions",
        "-where",
        "code = '230227'",
      ]);
      expect(output).toMatch(/name \(String\) = 富裕县/);
      expect(output).toMatch(/MULTIPOLYGON/);
    });
  },
);
