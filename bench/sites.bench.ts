import { parseArgs } from "node:util";
import { type Kysely, sql } from "kysely";
import { migrateToLatest, openServer } from "../server/db/database.js";
import { loadReferenceData } from "../server/db/reference-data.js";
import {
  allocateSites,
  findSites,
  type LocationAllocation,
} from "../server/db/repositories/site-analysis.repository.js";
import type { SiteFilters } from "../server/db/repositories/site-candidates.repository.js";
import { siteKinds } from "../server/db/repositories/site-locations.js";
import type { Database } from "../server/db/schema.js";
import { unrestricted } from "../server/db/scope.js";
import type { Polygon } from "../server/domain/geojson.js";
import { Random } from "../server/domain/random.js";
import {
  facilityKindsServing,
  type TargetUse,
  targetProfiles,
} from "../server/domain/sites/site-criteria.js";
import { scoringSettings } from "../server/domain/sites/site-scoring.js";
import { checkedWithin } from "../server/http/routes/sites-support.js";
import {
  databaseExists,
  describeServerMachine,
  dropDatabase,
  format,
  loadSyntheticLogged,
  localUrl,
  METERS_PER_DEGREE,
  percentile,
  recreateDatabase,
  squareAround,
  whole,
  wholeFlag,
  withoutIndexes,
} from "./support.js";

const BENCH_DATABASE = "fangtu_bench_sites";
const WATCHDOG_MS = 60 * 60_000;
const USES: readonly TargetUse[] = [
  "people_home",
  "elderly_club",
  "convenience_service",
  "startup_incubator",
  "other",
];

const { values: flags } = parseArgs({
  options: {
    buildings: { type: "string", default: "1000000" },
    demand: { type: "string", default: "10000" },
    searches: { type: "string", default: "40" },
    "baseline-searches": { type: "string", default: "3" },
    "half-side": { type: "string", default: "1500" },
    candidates: { type: "string", default: "1000" },
    k: { type: "string", default: "10" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
    reuse: { type: "boolean", default: false },
  },
});
type CountFlag =
  | "buildings"
  | "demand"
  | "searches"
  | "baseline-searches"
  | "half-side"
  | "candidates"
  | "k"
  | "seed";
const count = (name: CountFlag, min: number) => wholeFlag("sites", name, flags[name], min);
const options = {
  buildings: count("buildings", 1),
  demand: count("demand", 50),
  searches: count("searches", 1),
  baselineSearches: count("baseline-searches", 0),
  halfSide: count("half-side", 100),
  candidates: count("candidates", 1),
  k: count("k", 1),
  seed: count("seed", 0),
};

const watchdog = setTimeout(() => {
  console.error(`bench:sites: gave up after ${WATCHDOG_MS / 60_000} minutes`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

interface Run {
  ms: number[];
  candidates: number;
}

/** The finder as the route runs it: the area's check, then candidates, facts, scores, top 20. */
async function searchAll(db: Kysely<Database>, areas: readonly Polygon[]): Promise<Run> {
  const run: Run = { ms: [], candidates: 0 };
  for (const [index, area] of areas.entries()) {
    const use = USES[index % USES.length] as TargetUse;
    const started = performance.now();
    const filters: SiteFilters = {
      within: await checkedWithin(db, area),
      minArea: null,
      maxArea: null,
      minContiguousArea: null,
      requireAccessible: targetProfiles[use].requireAccessible,
      requireClearTitle: false,
      conditions: ["good", "fair", "poor"],
      kinds: [...siteKinds],
    };
    const found = await findSites(
      db,
      filters,
      {
        walkMeters: targetProfiles[use].walkMeters,
        facilityKinds: facilityKindsServing(use),
        maxDemandDistance: null,
        minFacilityDistance: null,
      },
      scoringSettings(use),
      20,
      unrestricted,
    );
    run.ms.push(performance.now() - started);
    run.candidates += found.candidates;
  }
  run.ms.sort((a, b) => a - b);
  return run;
}

/** Demand points, facilities and non-office assets near seeded random buildings. */
async function addDemand(db: Kysely<Database>): Promise<void> {
  const started = performance.now();
  const facilities = Math.max(1, Math.floor(options.demand / 50));
  const assets = Math.max(1, Math.floor(options.buildings / 1000));
  // setseed makes random() repeatable: the same seed gives the same demand.
  await sql`select setseed(${(options.seed % 1000) / 1000})`.execute(db);
  const near = (rows: number) => sql`
    select b.region_code, st_translate(st_pointonsurface(b.footprint),
      (random() - 0.5) * 4000 / (${METERS_PER_DEGREE} * cos(radians(st_y(st_pointonsurface(b.footprint))))),
      (random() - 0.5) * 4000 / ${METERS_PER_DEGREE}) as at
    from (select (select min(id) from buildings) + floor(random() * (select count(*) from buildings))::int as id
      from generate_series(1, ${rows})) pick join buildings b on b.id = pick.id`;
  await sql`insert into residential_demand (region_code, name, source, population, location, is_demo)
    select region_code, '居住小区（基准测试）', 'generated', 500 + floor(random() * 5500)::int, at, true
    from (${near(options.demand)}) p`.execute(db);
  await sql`insert into community_facilities (region_code, name, kind, location, is_demo)
    select region_code, '设施（基准测试）',
      (array['people_home','community_service_center','elderly_club','convenience_service','startup_incubator','other'])[1 + floor(random() * 6)::int],
      at, true
    from (${near(facilities)}) p`.execute(db);
  await sql`insert into non_office_assets (region_code, name, geom, gross_area, reported_on, suits_office_use, condition, is_demo)
    select region_code, '资产（基准测试）', st_expand(at, 0.0004), 1000 + floor(random() * 9000), '2025-06-01',
      random() < 0.5, (array['good','fair','poor'])[1 + floor(random() * 3)::int], true
    from (${near(assets)}) p`.execute(db);
  console.log(
    `demand: ${whole(options.demand)} points, ${whole(facilities)} facilities, ${whole(assets)} non-office assets ` +
      `in ${format((performance.now() - started) / 1000)} s`,
  );
}

async function main(): Promise<void> {
  const reusing = flags.reuse && (await databaseExists(BENCH_DATABASE));
  if (!reusing) await recreateDatabase(BENCH_DATABASE);
  const database = await openServer(localUrl(BENCH_DATABASE));
  try {
    const { db } = database;
    await migrateToLatest(db);
    console.log(await describeServerMachine(db));
    if (!reusing) {
      await loadReferenceData(db);
      await loadSyntheticLogged(database, options);
      await addDemand(db);
    }
    await sql`vacuum analyze`.execute(db);
    await timeSearches(db);
    await timeAllocation(db);
  } finally {
    await database.close();
    if (!flags.keep) await dropDatabase(BENCH_DATABASE);
  }
}

/** Seeded random buildings' points on surface. */
async function spots(db: Kysely<Database>, count: number, salt: number): Promise<Array<[number, number]>> {
  const { rows: extent } = await sql<{ buildings: number; first_id: number }>`
    select count(*)::int as buildings, min(id) as first_id from buildings`.execute(db);
  const random = new Random(options.seed + salt);
  const ids = Array.from(
    { length: count },
    () => Number(extent[0]?.first_id ?? 1) + random.integer(0, Number(extent[0]?.buildings ?? 1) - 1),
  );
  const { rows } = await sql<{ lng: number; lat: number }>`
    select st_x(p) as lng, st_y(p) as lat from (
      select id, st_pointonsurface(footprint) as p from buildings where id = any(${sql.val(ids)}::int[])) s
    order by array_position(${sql.val(ids)}::int[], id)`.execute(db);
  return rows.map((row) => [Number(row.lng), Number(row.lat)]);
}

async function timeSearches(db: Kysely<Database>): Promise<void> {
  const areas = (await spots(db, options.searches, 7)).map((spot) => squareAround(spot, options.halfSide));
  await searchAll(db, areas.slice(0, 2)); // warm-up: plans and caches
  const indexed = await searchAll(db, areas);
  const km2 = (2 * options.halfSide) ** 2 / 1e6;
  console.log(
    `per search (${format(km2, 0)} km²): ${format(indexed.candidates / areas.length, 0)} candidate sites (mean); ` +
      `max ${whole(indexed.ms.at(-1) ?? 0)} ms`,
  );
  console.log(
    `site search p50 (indexed, ${whole(areas.length)} searches): ${format(percentile(indexed.ms, 0.5), 1)} ms`,
  );
  console.log(`site search p95 (indexed): ${format(percentile(indexed.ms, 0.95), 1)} ms; target ≤ 500 ms`);
  if (options.baselineSearches === 0) return;

  // Baseline: the same searches without the spatial indexes (GiST on geometry and on the geography
  // casts), dropped inside a transaction that is rolled back.
  const spatialIndexes = [
    "buildings_footprint_idx",
    "buildings_footprint_3857_idx",
    "non_office_assets_geom_idx",
    "residential_demand_location_idx",
    "residential_demand_location_3857_idx",
    "residential_demand_geography_idx",
    "community_facilities_location_idx",
    "community_facilities_location_3857_idx",
    "community_facilities_geography_idx",
    "regions_geom_idx",
  ];
  const sample = areas.slice(0, options.baselineSearches);
  const baseline = await withoutIndexes(db, spatialIndexes, (trx) => searchAll(trx, sample));
  const indexedSample = await searchAll(db, sample);
  for (const [name, fraction] of [
    ["p50", 0.5],
    ["p95", 0.95],
  ] as const) {
    const base = percentile(baseline.ms, fraction);
    const ours = percentile(indexedSample.ms, fraction);
    console.log(
      `site search ${name} on the ${sample.length} baseline searches: ${format(ours, 1)} ms ` +
        `(${format(ours / base, 4)}× vs ${format(base, 1)} ms without the spatial indexes)`,
    );
  }
}

async function timeAllocation(db: Kysely<Database>): Promise<void> {
  const centres = await spots(db, 3, 11);
  for (const [index, [lng, lat]] of centres.entries()) {
    const { rows } = await sql<{ id: number; name: string }>`
      select b.id, b.name from buildings b
      where exists (select 1 from rooms r where r.building_id = b.id and r.status = 'idle')
      order by b.footprint_3857 <-> st_transform(st_setsrid(st_makepoint(${lng}, ${lat}), 4326), 3857)
      limit ${options.candidates}`.execute(db);
    const sites = rows.map((row) => ({
      id: `building:${row.id}`,
      name: row.name,
      location: { kind: "building" as const, id: Number(row.id) },
    }));
    const started = performance.now();
    const result: LocationAllocation = await allocateSites(
      db,
      sites,
      facilityKindsServing("elderly_club"),
      { k: options.k, walkMeters: 1000, timeLimitSeconds: 60 },
      unrestricted,
    );
    const ms = performance.now() - started;
    const ratio = result.greedy.gained > 0 ? result.optimal.gained / result.greedy.gained : Number.NaN;
    console.log(
      `location-allocation ${index + 1} (k = ${options.k}, ${whole(result.candidates)} candidates, ` +
        `${whole(result.demandPoints)} demand points not yet served): ${whole(ms)} ms in all, HiGHS ${whole(result.optimal.solveMs)} ms ` +
        `(${result.optimal.status}, gap ${format(result.optimal.gap ?? Number.NaN, 4)}); newly covered ` +
        `${whole(result.optimal.gained)} (${format(ratio, 4)}× vs greedy ${whole(result.greedy.gained)})`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
