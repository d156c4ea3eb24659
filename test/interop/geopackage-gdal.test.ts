import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { readGeoPackage, writeGeoPackage } from "../../server/formats/geopackage.js";
import { requireOrExplain } from "../support/environment.js";
import { buildingFeatures, buildingLayer } from "../support/geopackage-fixtures.js";
import { hasGdal } from "../support/served-app.js";

const run = promisify(execFile);

/** Runs a GDAL tool; returns stdout and stderr so warnings about the file are visible to the test. */
async function gdal(command: string, args: string[]) {
  const { stdout, stderr } = await run(command, args, { timeout: 60_000 });
  return { stdout, stderr };
}

describe.runIf(requireOrExplain(hasGdal, "GDAL's ogrinfo/ogr2ogr (apt-get install gdal-bin)"))(
  "GeoPackage files and GDAL",
  () => {
    const directory = mkdtempSync(join(tmpdir(), "fangtu-gpkg-"));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));

    it("ogrinfo opens a written GeoPackage: layer, feature count, fields and EPSG:4326, without warnings", async () => {
      const file = join(directory, "buildings.gpkg");
      writeFileSync(file, await writeGeoPackage(buildingLayer()));
      const { stdout, stderr } = await gdal("ogrinfo", ["-ro", "-al", "-so", file]);
      expect(stderr).toBe("");
      expect(stdout).toMatch(/using driver `GPKG' successful/);
      expect(stdout).toMatch(/^Layer name: 建筑$/m);
      expect(stdout).toMatch(/^Geometry: Multi Polygon$/m);
      expect(stdout).toMatch(/^Feature Count: 3$/m);
      expect(stdout).toMatch(/^Extent: \(124\.470000, 47\.790000\) - \(124\.491200, 47\.810400\)$/m);
      expect(stdout).toMatch(/ID\["EPSG",4326\]\]/);
      expect(stdout).toMatch(/^FID Column = fid$/m);
      expect(stdout).toMatch(/^Geometry Column = geom$/m);
      for (const field of ["name: String", "floors: Integer64", "gross_area: Real", "note: String"]) {
        expect(stdout).toContain(`\n${field} `);
      }
      const features = await gdal("ogrinfo", ["-ro", "-al", "-fid", "1", file]);
      expect(features.stdout).toContain("name (String) = 富裕县原县直机关办公楼（已腾退）");
      expect(features.stdout).toContain("gross_area (Real) = 9019.5");
      expect(features.stdout).toContain("MULTIPOLYGON (((124.47 47.79,124.4712 47.79,");
    });

    it("reads the features of a GeoPackage that ogr2ogr made from GeoJSON with Chinese properties", async () => {
      const source = join(directory, "房屋.geojson");
      const target = join(directory, "房屋.gpkg");
      writeFileSync(source, JSON.stringify({ type: "FeatureCollection", features: buildingFeatures }));
      await gdal("ogr2ogr", ["-f", "GPKG", target, source]);
      const { layers } = await readGeoPackage(readFileSync(target));
      expect(layers.map((layer) => [layer.name, layer.srsId, layer.geometryColumn])).toEqual([
        ["房屋", 4326, "geom"],
      ]);
      expect(layers[0]?.features).toEqual(
        buildingFeatures.map((feature, index) => ({ ...feature, id: index + 1 })),
      );
    });
  },
);
