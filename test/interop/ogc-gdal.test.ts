import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FangtuDatabase } from "../../server/db/database.js";
import { createApp } from "../../server/http/app.js";
import { openTestDatabase } from "../support/databases.js";
import { requireOrExplain } from "../support/environment.js";
import { silentLogger } from "../support/logger.js";
import { signIn } from "../support/test-app.js";

const run = promisify(execFile);
/** GDAL sends the personal access token as a QGIS or GDAL user would configure it (docs/api.md). */
let gdalHeaders = "";
const gdal = async (command: string, args: string[]) =>
  (await run(command, args, { timeout: 120_000, env: { ...process.env, GDAL_HTTP_HEADERS: gdalHeaders } }))
    .stdout;
const hasGdal = await run("ogrinfo", ["--version"]).then(
  () => true,
  () => false,
);

describe.runIf(requireOrExplain(hasGdal, "GDAL's ogrinfo/ogr2ogr (apt-get install gdal-bin)"))(
  "GDAL as an OGC API – Features client",
  () => {
    let database: FangtuDatabase;
    let server: ReturnType<typeof serve>;
    let base: string;
    let token = "";
    const directory = mkdtempSync(join(tmpdir(), "fangtu-gdal-"));

    beforeAll(async () => {
      database = await openTestDatabase("embedded");
      const app = createApp({ db: database.db, mode: database.mode, logger: silentLogger });
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
      await new Promise<void>((resolve) => server.once("listening", () => resolve()));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const session = await signIn((path, init) => fetch(`${base}${path}`, init), "demo-admin");
      const created = await session.json<{ token: string }>("/api/tokens", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "GDAL interop test" }),
      });
      token = created.body.token;
      gdalHeaders = `Authorization: Bearer ${token}`;
    });

    afterAll(async () => {
      server?.close();
      await database?.close();
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
      for (const id of [
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
      ]) {
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
