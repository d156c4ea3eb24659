// `npm run bench:db [-- --buildings N --queries Q --pglite-buildings M --keep]`
//
// Loads N (default 1,000,000) synthetic buildings into a fresh `fangtu_bench` database on the local
// PostgreSQL (DATABASE_URL's server, else postgres://postgres@127.0.0.1:5432), then times bbox queries
// through the real repository function. Baselines run in the same run: the multi-row INSERT with
// GeoJSON the demo loader uses (for loading), and the same bbox queries with index scans disabled.
// Optionally repeats the query part on embedded PGlite at M (default 100,000) buildings.
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { type Kysely, sql } from "kysely";
import {
  type FangtuDatabase,
  migrateToLatest,
  openEmbedded,
  openServer,
  postgisVersion,
} from "../server/db/database.js";
import { readCountyPolygons, readPlaces } from "../server/db/geodata-files.js";
import { geometryFromGeoJSON } from "../server/db/postgis.js";
import { loadReferenceData } from "../server/db/reference-data.js";
import { buildingsInBBox } from "../server/db/repositories/building.repository.js";
import type { Database } from "../server/db/schema.js";
import { unrestricted } from "../server/db/scope.js";
import { loadSynthetic, nextSynthIds } from "../server/db/synth-loader.js";
import { RegionGrid } from "../server/domain/demo/region-grid.js";
import { synthesize } from "../server/domain/demo/synth.js";
import type { BBox } from "../server/domain/geojson.js";
import { Random } from "../server/domain/random.js";
import {
  dropDatabase,
  format,
  localUrl,
  nullOnTimeout,
  percentile,
  recreateDatabase,
  whole,
  wholeFlag,
} from "./support.js";

const BENCH_DATABASE = "fangtu_bench";
const LIMIT = 5000;
const PGLITE_BUDGET_MS = 180_000;
const WATCHDOG_MS = 45 * 60_000;

const { values: flags } = parseArgs({
  options: {
    buildings: { type: "string", default: "1000000" },
    queries: { type: "string", default: "200" },
    "baseline-queries": { type: "string", default: "20" },
    "pglite-buildings": { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
  },
});
const count = (name: keyof typeof flags) => wholeFlag("db", name, flags[name]);
const options = {
  buildings: count("buildings"),
  queries: count("queries"),
  baselineQueries: Math.max(1, count("baseline-queries")),
  pgliteBuildings: count("pglite-buildings"),
  seed: count("seed"),
};

const watchdog = setTimeout(() => {
  console.error(`bench:db: gave up after ${WATCHDOG_MS / 60_000} minutes`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

const recreateBenchDatabase = () => recreateDatabase(BENCH_DATABASE);
const dropBenchDatabase = () => dropDatabase(BENCH_DATABASE);

interface Timings {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly meanFeatures: number;
  readonly atLimit: number;
}

function summarise(samples: ReadonlyArray<{ milliseconds: number; features: number }>): Timings {
  const times = samples.map((sample) => sample.milliseconds).sort((a, b) => a - b);
  const features = samples.reduce((sum, sample) => sum + sample.features, 0);
  return {
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    meanFeatures: features / Math.max(1, samples.length),
    atLimit: samples.filter((sample) => sample.features === LIMIT).length,
  };
}

/** Square bboxes of `km` around the centroids of seeded random buildings (so they cover populated land). */
async function bboxesAround(db: Kysely<Database>, km: number, total: number, seed: number): Promise<BBox[]> {
  const { min, max } = await db
    .selectFrom("buildings")
    .select((eb) => [eb.fn.min<number>("id").as("min"), eb.fn.max<number>("id").as("max")])
    .executeTakeFirstOrThrow();
  const random = new Random(seed);
  const ids = Array.from({ length: total }, () => random.integer(min, max));
  const { rows } = await sql<{ x: number; y: number }>`
    select st_x(st_centroid(b.footprint)) as x, st_y(st_centroid(b.footprint)) as y
    from unnest(${ids}::int4[]) with ordinality as t(id, n) join buildings b on b.id = t.id
    order by t.n`.execute(db);
  return rows.map(({ x, y }) => {
    const north = km / 2 / 111.32;
    const east = north / Math.cos((y * Math.PI) / 180);
    return [x - east, y - north, x + east, y + north] as const;
  });
}

type Settings = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * The baseline: the GiST index out of the planner's reach (sequential scans). A sequential scan's cost
 * passes jit_above_cost, and compiling (~0.2 s) would flatter the index, so JIT is off for it.
 */
const withoutIndex: Settings = [
  ["enable_indexscan", "off"],
  ["enable_bitmapscan", "off"],
  ["jit", "off"],
];
const withoutJit: Settings = [["jit", "off"]];

/** One bbox query through the repository; with settings, inside a transaction that SETs them LOCAL. */
async function timeOne(db: Kysely<Database>, bbox: BBox, settings: Settings | null) {
  const run = async (executor: Kysely<Database>) => {
    const started = performance.now();
    const rows = await buildingsInBBox(executor, bbox, LIMIT, unrestricted);
    return { milliseconds: performance.now() - started, features: rows.length };
  };
  if (settings === null) return run(db);
  return db.transaction().execute(async (trx) => {
    for (const [name, value] of settings) await sql`select set_config(${name}, ${value}, true)`.execute(trx);
    return run(trx);
  });
}

const WARM_UP = 20;

/**
 * Times `queries` bboxes of 1 and 5 km. The variants run interleaved with the default query on the
 * same bbox (alternating which goes first), so load on the machine hits them alike: the no-index
 * baseline on the first `baselineQueries` bboxes, the JIT-off variant (PostgreSQL) on all of them.
 */
async function benchQueries(
  label: string,
  db: Kysely<Database>,
  queries: number,
  baselineQueries: number,
  compareJit: boolean,
) {
  // Steady state: the rolled-back baseline load leaves dead rows, and a fresh bulk load has no hint bits.
  await sql`vacuum analyze`.execute(db);
  for (const km of [1, 5]) {
    const bboxes = await bboxesAround(db, km, queries + WARM_UP, options.seed * 100 + km);
    type Sample = { milliseconds: number; features: number };
    const samples = { indexed: [] as Sample[], baseline: [] as Sample[], noJit: [] as Sample[] };
    for (const [index, bbox] of bboxes.entries()) {
      const runs: Array<[keyof typeof samples, Settings | null]> = [["indexed", null]];
      if (compareJit) runs.push(["noJit", withoutJit]);
      // The baseline gets one warm-up query of its own, just before its measured ones.
      if (index >= WARM_UP - 1 && index < WARM_UP + baselineQueries) runs.push(["baseline", withoutIndex]);
      if (index % 2 === 1) runs.reverse();
      for (const [kind, settings] of runs) {
        const sample = await timeOne(db, bbox, settings);
        if (index >= WARM_UP) samples[kind].push(sample);
      }
    }
    const [indexed, baseline, noJit] = [
      summarise(samples.indexed),
      summarise(samples.baseline),
      summarise(samples.noJit),
    ];
    const name = `${label} bbox ${km}×${km} km`;
    for (const key of ["p50", "p95", "p99"] as const) {
      console.log(
        `${name} ${key}: ${format(indexed[key], 2)} ms ` +
          `(${format(indexed[key] / baseline[key], 3)}× vs no-index baseline ${format(baseline[key])} ms)`,
      );
    }
    console.log(
      `${name} features: ${whole(indexed.meanFeatures)} per query on average, ` +
        `${indexed.atLimit} of ${queries} queries hit the limit of ${LIMIT} ` +
        `(${queries} queries after ${WARM_UP} warm-up; baseline ${baselineQueries} queries)`,
    );
    if (!compareJit) continue;
    for (const key of ["p50", "p95"] as const) {
      console.log(
        `${name} ${key} with jit=off: ${format(noJit[key], 2)} ms ` +
          `(${format(noJit[key] / indexed[key], 3)}× vs default settings ${format(indexed[key], 2)} ms)`,
      );
    }
  }
}

/**
 * Baseline loader: the demo loader's way (Kysely multi-row INSERT, 1,000 rows a statement,
 * ST_GeomFromGeoJSON) for a slice of synthetic data, rolled back afterwards.
 */
async function baselineLoad(db: Kysely<Database>, buildings: number, grid: RegionGrid): Promise<number> {
  const firstIds = await nextSynthIds(db);
  const rollback = new Error("rollback");
  let milliseconds = 0;
  await db
    .transaction()
    .execute(async (trx) => {
      const started = performance.now();
      for (const batch of synthesize({
        regions: readCountyPolygons(),
        towns: readPlaces(),
        buildings,
        seed: options.seed + 1,
        firstIds,
        batchSize: 1000,
        grid,
      })) {
        await trx
          .insertInto("units")
          .values(batch.units.map((unit) => ({ ...unit, is_demo: true })))
          .execute();
        await trx
          .insertInto("staffing")
          .values(batch.staffing.map((row) => ({ ...row, is_demo: true })))
          .execute();
        await trx
          .insertInto("buildings")
          .values(
            batch.buildings.map((building) => ({
              ...building,
              footprint: geometryFromGeoJSON(building.footprint),
              is_demo: true,
            })),
          )
          .execute();
      }
      milliseconds = performance.now() - started;
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return milliseconds;
}

async function relationSizes(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ table_size: string; index_size: string }>`
    select pg_size_pretty(pg_table_size('buildings')) as table_size,
           pg_size_pretty(pg_relation_size('buildings_footprint_idx')) as index_size`.execute(db);
  return `buildings table ${rows[0]?.table_size}, GiST index ${rows[0]?.index_size}`;
}

async function loadWithProgress(
  database: FangtuDatabase,
  buildings: number,
  grid: RegionGrid,
  signal?: AbortSignal,
) {
  let reported = 0;
  return loadSynthetic(database, {
    buildings,
    seed: options.seed,
    grid,
    ...(signal ? { signal } : {}),
    onProgress: ({ done, total }) => {
      const tenth = Math.floor((done * 10) / total);
      if (tenth > reported) {
        reported = tenth;
        process.stdout.write(`  ${tenth * 10}%`);
        if (done === total) process.stdout.write("\n");
      }
    },
  });
}

async function benchServer(grid: RegionGrid): Promise<void> {
  await recreateBenchDatabase();
  const database = await openServer(localUrl(BENCH_DATABASE));
  try {
    const { db } = database;
    await migrateToLatest(db);
    await loadReferenceData(db);
    const { rows: version } = await sql<{
      version: string;
    }>`select current_setting('server_version') as version`.execute(db);
    console.log(
      `machine: ${cpus().length} cores, ${format(totalmem() / 2 ** 30, 0)} GiB, Node ${process.versions.node}, ` +
        `PostgreSQL ${version[0]?.version}, PostGIS ${await postgisVersion(db)}`,
    );
    console.log(`loading ${whole(options.buildings)} synthetic buildings into ${BENCH_DATABASE}…`);
    const result = await loadWithProgress(database, options.buildings, grid);
    const seconds = result.milliseconds / 1000;
    const rows = Object.values(result.rows).reduce((sum, rowCount) => sum + rowCount, 0);
    const perSecond = result.rows.buildings / seconds;
    const baselineBuildings = Math.min(20_000, options.buildings);
    const baselineSeconds = (await baselineLoad(db, baselineBuildings, grid)) / 1000;
    const baselinePerSecond = baselineBuildings / baselineSeconds;
    const baselineEstimate = options.buildings / baselinePerSecond;
    console.log(
      `generate+load ${whole(result.rows.buildings)} buildings: ${format(seconds)} s ` +
        `(${format(seconds / baselineEstimate, 3)}× vs multi-row INSERT + GeoJSON baseline ` +
        `${format(baselineEstimate)} s, extrapolated from ${whole(baselineBuildings)} buildings in ${format(baselineSeconds)} s)`,
    );
    console.log(
      `load rate: ${whole(perSecond)} buildings/s (${format(perSecond / baselinePerSecond, 2)}× vs baseline ` +
        `${whole(baselinePerSecond)} buildings/s); ${whole(rows / seconds)} rows/s including ` +
        `${whole(result.rows.units)} units and ${whole(result.rows.staffing)} staffing rows`,
    );
    console.log(await relationSizes(db));
    await benchQueries("postgresql", db, options.queries, options.baselineQueries, true);
  } finally {
    await database.close();
    if (!flags.keep) await dropBenchDatabase();
  }
}

async function benchEmbedded(grid: RegionGrid): Promise<void> {
  const started = performance.now();
  const database = await openEmbedded();
  try {
    await migrateToLatest(database.db);
    await loadReferenceData(database.db);
    const setUp = (performance.now() - started) / 1000;
    const remaining = PGLITE_BUDGET_MS - (performance.now() - started);
    console.log(`pglite: set up in ${format(setUp)} s; loading ${whole(options.pgliteBuildings)} buildings…`);
    const result = await nullOnTimeout(
      loadWithProgress(
        database,
        options.pgliteBuildings,
        grid,
        AbortSignal.timeout(Math.max(1, Math.round(remaining))),
      ),
    );
    if (result === null) {
      console.log(`\npglite: skipped, loading took longer than ${PGLITE_BUDGET_MS / 1000} s`);
      return;
    }
    const seconds = result.milliseconds / 1000;
    console.log(
      `pglite generate+load ${whole(result.rows.buildings)} buildings: ${format(seconds)} s, ` +
        `${whole(result.rows.buildings / seconds)} buildings/s`,
    );
    const queries = Math.min(options.queries, 50);
    await benchQueries("pglite", database.db, queries, Math.min(options.baselineQueries, 5), false);
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:db ${new Date().toISOString()} seed ${options.seed}; ` +
      `load average (1/5/15 min): ${loadavg()
        .map((value) => format(value, 2))
        .join(" ")}`,
  );
  const grid = new RegionGrid(readCountyPolygons());
  await benchServer(grid);
  if (options.pgliteBuildings > 0) await benchEmbedded(grid);
  console.log(
    `load average at the end (1/5/15 min): ${loadavg()
      .map((value) => format(value, 2))
      .join(" ")}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(message.length > 2000 ? `${message.slice(0, 2000)}…` : message);
    process.exit(1);
  },
);
