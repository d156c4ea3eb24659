// `npm run bench:import [-- --buildings N --baseline-sample S]`
//
// Generates a GeoJSON of N (default 100,000) buildings inside Harbin and imports it into a fresh
// `fangtu_bench_import` database on the local PostgreSQL (server mode) through the import pipeline the
// API runs: parse, convert, set-based checks, set-based insert in one transaction. The baseline runs in
// the same run: one INSERT per row (a loop of single-row statements) on a sample of S rows (default
// 5,000), extrapolated to N — said so in its line.
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { migrateToLatest, openServer, postgisVersion } from "../server/db/database.js";
import { loadReferenceData } from "../server/db/reference-data.js";
import { suggestMapping } from "../server/domain/imports/mapping.js";
import { targetFields } from "../server/domain/imports/targets.js";
import { readGeoJson } from "../server/formats/geojson-source.js";
import { commitImport, dryRunImport, type ImportRun } from "../server/imports/run-import.js";
import type { JobContext } from "../server/jobs/job-registry.js";
import { dropDatabase, format, localUrl, recreateDatabase, whole } from "./support.js";

const BENCH_DATABASE = "fangtu_bench_import";
const { values: flags } = parseArgs({
  options: {
    buildings: { type: "string", default: "100000" },
    "baseline-sample": { type: "string", default: "5000" },
  },
});
const count = Number(flags.buildings);
const sample = Math.min(count, Number(flags["baseline-sample"]));

/** Square footprints on a grid in Harbin's urban districts (126.55–126.75E, 45.68–45.80N). */
function geojsonOf(n: number): Uint8Array {
  const side = Math.ceil(Math.sqrt(n));
  const step = 0.2 / side;
  const features = Array.from({ length: n }, (_, index) => {
    const lon = 126.55 + (index % side) * step;
    const lat = 45.68 + Math.floor(index / side) * step * 0.6;
    const size = step * 0.6;
    return {
      type: "Feature",
      properties: {
        名称: `基准楼${index + 1}`,
        地上层数: 1 + (index % 20),
        建筑面积: 500 + (index % 5000),
        建成年份: 1980 + (index % 40),
      },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [lon, lat],
            [lon + size, lat],
            [lon + size, lat + size * 0.6],
            [lon, lat + size * 0.6],
            [lon, lat],
          ],
        ],
      },
    };
  });
  return new TextEncoder().encode(JSON.stringify({ type: "FeatureCollection", features }));
}

const job: JobContext = { signal: new AbortController().signal, progress: () => {} };

async function main() {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${whole(totalmem() / 2 ** 30)} GiB`);
  await recreateDatabase(BENCH_DATABASE);
  const database = await openServer(localUrl(BENCH_DATABASE));
  try {
    await migrateToLatest(database.db);
    await loadReferenceData(database.db);
    console.log(`PostGIS ${await postgisVersion(database.db)}, ${whole(count)} buildings`);

    let started = performance.now();
    const bytes = geojsonOf(count);
    console.log(
      `generate GeoJSON: ${format((performance.now() - started) / 1000, 2)} s (${format(bytes.length / 2 ** 20)} MB)`,
    );

    started = performance.now();
    const source = readGeoJson(bytes);
    const parseSeconds = (performance.now() - started) / 1000;
    const mapping = suggestMapping(targetFields.buildings, source.columns);
    const run: ImportRun = {
      staged: {
        id: "bench",
        ownerId: 0,
        target: "buildings",
        format: "geojson",
        fileName: "bench.geojson",
        bytes,
        source,
        stagedAt: 0,
      },
      mapping,
      options: {},
      userId: null,
      context: { namePrefix: "", provinceCode: "230000", canWrite: () => true },
    };
    started = performance.now();
    await dryRunImport(database.db, run, job);
    console.log(`dry run (all checks, no writes): ${format((performance.now() - started) / 1000, 2)} s`);
    started = performance.now();
    const result = await commitImport(database.db, run, job);
    const importSeconds = (performance.now() - started) / 1000;
    const total = parseSeconds + importSeconds;
    console.log(`import parse: ${format(parseSeconds, 2)} s`);
    console.log(
      `import check + insert (set-based, one transaction): ${format(importSeconds, 2)} s, ${whole(result.inserted)} rows`,
    );
    console.log(`import total: ${format(total, 2)} s, ${whole(count / total)} rows/s`);

    // Baseline: the same rows, converted the same way, one INSERT statement per row in a transaction.
    const rows = source.rows.slice(0, sample);
    started = performance.now();
    await database.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const cells = row.cells as Record<string, unknown>;
        await sql`insert into buildings (region_code, name, footprint, floors_above, gross_area, built_year, property_class)
          values ('230103', ${`基线${String(cells.名称)}`}, st_setsrid(st_geomfromgeojson(${JSON.stringify(cells.geometry)}), 4326),
            ${cells.地上层数 as number}, ${cells.建筑面积 as number}, ${cells.建成年份 as number}, 'office')`.execute(
          trx,
        );
      }
    });
    const baselineSeconds = ((performance.now() - started) / 1000) * (count / sample);
    const extrapolated = sample < count ? ` (measured on ${whole(sample)} rows, extrapolated)` : "";
    console.log(
      `baseline one INSERT per row: ${format(baselineSeconds, 2)} s${extrapolated}, ${whole(count / baselineSeconds)} rows/s`,
    );
    console.log(`import vs baseline: ${format(baselineSeconds / total, 1)}× faster (baseline has no checks)`);
  } finally {
    await database.close();
    await dropDatabase(BENCH_DATABASE);
  }
}

await main();
