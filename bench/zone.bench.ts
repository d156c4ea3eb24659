import { parseArgs } from "node:util";
import { type Kysely, sql } from "kysely";
import { migrateToLatest, openServer } from "../server/db/database.js";
import { loadReferenceData } from "../server/db/reference-data.js";
import { recomputeStandardStatus } from "../server/db/repositories/standard-status.repository.js";
import { analyseZone } from "../server/db/repositories/zone-analysis.repository.js";
import type { Database } from "../server/db/schema.js";
import { unrestricted } from "../server/db/scope.js";
import type { Polygon } from "../server/domain/geojson.js";
import { Random } from "../server/domain/random.js";
import { DEFAULT_CANDIDATE_LIMIT, MAX_CANDIDATE_LIMIT } from "../server/domain/zones/zone-analysis.js";
import { checkedZone } from "../server/http/routes/zone-support.js";
import {
  databaseExists,
  describeServerMachine,
  dropDatabase,
  format,
  loadSyntheticLogged,
  localUrl,
  percentile,
  recreateDatabase,
  squareAround,
  whole,
  wholeFlag,
  withoutIndexes,
} from "./support.js";

const BENCH_DATABASE = "fangtu_bench_zone";
const WATCHDOG_MS = 60 * 60_000;
/** A square of 2,236 m: 5 km². */
const ZONE_SIDE_METERS = Math.sqrt(5_000_000);

const { values: flags } = parseArgs({
  options: {
    buildings: { type: "string", default: "1000000" },
    units: { type: "string", default: "100000" },
    zones: { type: "string", default: "40" },
    "baseline-zones": { type: "string", default: "5" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
    reuse: { type: "boolean", default: false },
  },
});
const count = (name: "buildings" | "units" | "zones" | "baseline-zones" | "seed", min: number) =>
  wholeFlag("zone", name, flags[name], min);
const options = {
  buildings: count("buildings", 1),
  units: count("units", 1),
  zones: count("zones", 1),
  baselineZones: count("baseline-zones", 0),
  seed: count("seed", 0),
};
if (!Number.isInteger(options.buildings / options.units)) {
  console.error("bench:zone: --buildings must be a whole multiple of --units (one compound per unit)");
  process.exit(2);
}

const watchdog = setTimeout(() => {
  console.error(`bench:zone: gave up after ${WATCHDOG_MS / 60_000} minutes`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

interface Run {
  ms: number[];
  buildings: number;
  candidates: number;
  /** Zones whose candidate list was cut at the limit. */
  cut: number;
}

async function analyseAll(
  db: Kysely<Database>,
  zones: readonly Polygon[],
  candidateLimit = DEFAULT_CANDIDATE_LIMIT,
): Promise<Run> {
  const run: Run = { ms: [], buildings: 0, candidates: 0, cut: 0 };
  for (const geometry of zones) {
    const started = performance.now();
    const zone = await checkedZone(db, geometry);
    const analysis = await analyseZone(
      db,
      zone,
      { radiusMeters: 3000, demand: "gap", conversionCostPerM2: 3000, candidateLimit },
      unrestricted,
    );
    run.ms.push(performance.now() - started);
    run.buildings += analysis.buildings;
    run.candidates += analysis.candidateUnits.length;
    if (analysis.candidatesCut) run.cut++;
  }
  run.ms.sort((a, b) => a - b);
  return run;
}

async function main(): Promise<void> {
  const reusing = flags.reuse && (await databaseExists(BENCH_DATABASE));
  if (!reusing) await recreateDatabase(BENCH_DATABASE);
  const database = await openServer(localUrl(BENCH_DATABASE));
  try {
    const { db } = database;
    await migrateToLatest(db);
    if (reusing) {
      await sql`vacuum analyze`.execute(db);
      await timeZones(db);
      return;
    }
    await loadReferenceData(db);
    console.log(await describeServerMachine(db));
    await loadSyntheticLogged(database, { ...options, people: true });
    // One unit in 20 rents outside, a few hundred metres from one of its buildings.
    const leased = performance.now();
    const { numAffectedRows } = await sql`
      insert into leases_in (unit_id, region_code, name, location, gross_area, annual_rent, starts_on, ends_on, is_demo)
      select u.id, u.region_code, u.name || '租用办公场所',
        st_translate(st_pointonsurface(b.footprint), ((u.id::bigint * 7919) % 1000 - 500) / 80000.0, ((u.id::bigint * 104729) % 1000 - 500) / 111320.0),
        200 + (u.id % 30) * 10, (200 + (u.id % 30) * 10) * 600, '2024-01-01', '2028-12-31', true
      from units u
      join lateral (select r.building_id from rooms r where r.occupant_unit_id = u.id limit 1) r on true
      join buildings b on b.id = r.building_id
      where u.id % 20 = 0`.execute(db);
    console.log(
      `leases-in: ${whole(Number(numAffectedRows ?? 0))} in ${format((performance.now() - leased) / 1000)} s`,
    );
    const recomputed = await recomputeStandardStatus(db);
    console.log(
      `standard status of ${whole(recomputed.units)} units: ${format(recomputed.milliseconds / 1000)} s`,
    );
    await sql`vacuum analyze`.execute(db);

    await timeZones(db);
  } finally {
    await database.close();
    if (!flags.keep) await dropDatabase(BENCH_DATABASE);
  }
}

/** Times the analysis of seeded zones and the baseline, and prints the figures. */
async function timeZones(db: Kysely<Database>): Promise<void> {
  const { rows: extent } = await sql<{ buildings: number; first_id: number }>`
    select count(*)::int as buildings, min(id) as first_id from buildings`.execute(db);
  const buildings = Number(extent[0]?.buildings ?? 0);
  const firstId = Number(extent[0]?.first_id ?? 1);
  const { rows: spots } = await sql<{ lng: number; lat: number }>`
      select st_x(p) as lng, st_y(p) as lat from (
        select st_pointonsurface(footprint) as p from buildings
        where id = any(${sql.val(pickIds(options.zones, buildings, firstId))}::int[])) s`.execute(db);
  const zones = spots.map((spot) => squareAround([Number(spot.lng), Number(spot.lat)], ZONE_SIDE_METERS / 2));
  await analyseAll(db, zones.slice(0, 2)); // warm-up: plans and caches
  const indexed = await analyseAll(db, zones);
  const p50 = percentile(indexed.ms, 0.5);
  const p95 = percentile(indexed.ms, 0.95);
  console.log(
    `per zone: ${format(indexed.buildings / zones.length, 0)} buildings in the zone, ` +
      `${format(indexed.candidates / zones.length, 0)} candidate units within 3 km (mean); ` +
      `max ${whole(indexed.ms.at(-1) ?? 0)} ms`,
  );
  console.log(`zone analysis p50 (indexed, ${whole(zones.length)} zones): ${format(p50, 1)} ms`);
  console.log(`zone analysis p95 (indexed): ${format(p95, 1)} ms; target ≤ 200 ms`);
  console.log(
    `candidate cap ${whole(DEFAULT_CANDIDATE_LIMIT)} nearest units: list cut in ${whole(indexed.cut)} of ${whole(zones.length)} zones`,
  );
  const uncapped = await analyseAll(db, zones, MAX_CANDIDATE_LIMIT);
  for (const [name, share] of [
    ["p50", 0.5],
    ["p95", 0.95],
  ] as const) {
    const capped = percentile(indexed.ms, share);
    const base = percentile(uncapped.ms, share);
    console.log(
      `zone analysis ${name}, cap ${whole(DEFAULT_CANDIDATE_LIMIT)}: ${format(capped, 1)} ms ` +
        `(${format(capped / base, 4)}× vs ${format(base, 1)} ms with cap ${whole(MAX_CANDIDATE_LIMIT)}: ` +
        `${format(uncapped.candidates / zones.length, 0)} candidates per zone, cut in ${whole(uncapped.cut)})`,
    );
  }
  if (options.baselineZones === 0) return;

  // Baseline: the same zones without the spatial (GiST) indexes, dropped inside a transaction that is
  // rolled back. Switching off all index scans instead sends the planner into nested loops over
  // sequential scans of rooms that run for minutes per zone: not a baseline anyone would ship.
  const spatialIndexes = [
    "buildings_footprint_idx",
    "buildings_footprint_3857_idx",
    "leases_in_location_idx",
    "leases_in_location_3857_idx",
    "non_office_assets_geom_idx",
    "regions_geom_idx",
  ];
  const sample = zones.slice(0, options.baselineZones);
  const baseline = await withoutIndexes(db, spatialIndexes, (trx) => analyseAll(trx, sample));
  const indexedSample = await analyseAll(db, sample);
  const baseP50 = percentile(baseline.ms, 0.5);
  const sampleP50 = percentile(indexedSample.ms, 0.5);
  console.log(
    `zone analysis p50 on the ${sample.length} baseline zones: ${format(sampleP50, 1)} ms ` +
      `(${format(sampleP50 / baseP50, 4)}× vs ${format(baseP50, 1)} ms without the spatial indexes)`,
  );
  const baseP95 = percentile(baseline.ms, 0.95);
  const sampleP95 = percentile(indexedSample.ms, 0.95);
  console.log(
    `zone analysis p95 on the ${sample.length} baseline zones: ${format(sampleP95, 1)} ms ` +
      `(${format(sampleP95 / baseP95, 4)}× vs ${format(baseP95, 1)} ms without the spatial indexes)`,
  );
}

/** `count` seeded building ids among the loaded ones. */
function pickIds(count: number, buildings: number, firstId: number): number[] {
  const random = new Random(options.seed + 7);
  return Array.from({ length: count }, () => firstId + random.integer(0, buildings - 1));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
