// `npm run bench:zone [-- --buildings N --units U --zones Z --baseline-zones B --seed 1 --keep]`
//
// Loads N (default 1,000,000) synthetic buildings and U (default 100,000) units — rooms, staffing,
// people — into a fresh `fangtu_bench_zone` database on the local PostgreSQL (DATABASE_URL's server,
// else postgres://postgres@127.0.0.1:5432), adds a lease-in for one unit in 20 near one of its buildings,
// and recomputes every unit's standard status (as POST /api/standards/recompute does). Then it times the
// zone analysis of POST /api/analysis/zone (geometry check + analyseZone, radius 3,000 m, gap demand)
// for Z (default 40) square zones of ~5 km² centred on seeded random buildings (urban spots: the
// synthetic buildings cluster in towns), and, as the in-run baseline, the same analysis of the first B
// (default 5) zones with index and bitmap scans switched off (`set enable_indexscan/bitmapscan = off`
// on one connection): what the query plans cost without the GiST indexes.
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { type Kysely, sql } from "kysely";
import { migrateToLatest, openServer, postgisVersion } from "../server/db/database.js";
import { loadReferenceData } from "../server/db/reference-data.js";
import { recomputeStandardStatus } from "../server/db/repositories/standard-status.repository.js";
import { analyseZone } from "../server/db/repositories/zone-analysis.repository.js";
import type { Database } from "../server/db/schema.js";
import { unrestricted } from "../server/db/scope.js";
import { loadSynthetic } from "../server/db/synth-loader.js";
import type { Polygon } from "../server/domain/geojson.js";
import { Random } from "../server/domain/random.js";
import { checkedZone } from "../server/http/routes/zone-support.js";
import { dropDatabase, format, localUrl, percentile, recreateDatabase, whole } from "./support.js";

const BENCH_DATABASE = "fangtu_bench_zone";
const WATCHDOG_MS = 60 * 60_000;
/** A square of 2,236 m: 5 km². */
const ZONE_SIDE_METERS = Math.sqrt(5_000_000);
const METERS_PER_DEGREE = 111_320;

const { values: flags } = parseArgs({
  options: {
    buildings: { type: "string", default: "1000000" },
    units: { type: "string", default: "100000" },
    zones: { type: "string", default: "40" },
    "baseline-zones": { type: "string", default: "5" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
  },
});
const count = (name: "buildings" | "units" | "zones" | "baseline-zones" | "seed", min: number) => {
  const value = Number(flags[name]);
  if (!Number.isSafeInteger(value) || value < min) {
    console.error(`bench:zone: --${name} must be a whole number ≥ ${min}, got "${flags[name]}"`);
    process.exit(2);
  }
  return value;
};
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

/** A square of ZONE_SIDE_METERS centred on [lng, lat]. */
function squareAround([lng, lat]: [number, number]): Polygon {
  const dy = ZONE_SIDE_METERS / 2 / METERS_PER_DEGREE;
  const dx = dy / Math.cos((lat * Math.PI) / 180);
  return {
    type: "Polygon",
    coordinates: [
      [
        [lng - dx, lat - dy],
        [lng + dx, lat - dy],
        [lng + dx, lat + dy],
        [lng - dx, lat + dy],
        [lng - dx, lat - dy],
      ],
    ],
  };
}

interface Run {
  ms: number[];
  buildings: number;
  candidates: number;
}

async function analyseAll(db: Kysely<Database>, zones: readonly Polygon[]): Promise<Run> {
  const run: Run = { ms: [], buildings: 0, candidates: 0 };
  for (const geometry of zones) {
    const started = performance.now();
    const zone = await checkedZone(db, geometry);
    const analysis = await analyseZone(
      db,
      zone,
      { radiusMeters: 3000, demand: "gap", conversionCostPerM2: 3000 },
      unrestricted,
    );
    run.ms.push(performance.now() - started);
    run.buildings += analysis.buildings;
    run.candidates += analysis.candidateUnits.length;
  }
  run.ms.sort((a, b) => a - b);
  return run;
}

async function main(): Promise<void> {
  await recreateDatabase(BENCH_DATABASE);
  const database = await openServer(localUrl(BENCH_DATABASE));
  try {
    const { db } = database;
    await migrateToLatest(db);
    await loadReferenceData(db);
    const { rows: version } = await sql<{ version: string }>`
      select current_setting('server_version') as version`.execute(db);
    console.log(
      `machine: ${cpus().length} cores, ${format(totalmem() / 2 ** 30, 0)} GiB, Node ${process.versions.node}, ` +
        `PostgreSQL ${version[0]?.version}, PostGIS ${await postgisVersion(db)}; load average ` +
        loadavg()
          .map((value) => format(value, 1))
          .join(" "),
    );
    console.log(
      `generating ${whole(options.buildings)} buildings, ${whole(options.units)} units (seed ${options.seed})…`,
    );
    const load = await loadSynthetic(database, {
      buildings: options.buildings,
      seed: options.seed,
      roomsPerBuilding: 2,
      people: true,
      buildingsPerUnit: options.buildings / options.units,
    });
    console.log(
      `generate+load: ${format(load.milliseconds / 1000)} s (${Object.entries(load.rows)
        .map(([table, value]) => `${whole(value)} ${table}`)
        .join(", ")})`,
    );
    // One unit in 20 rents outside, a few hundred metres from one of its buildings.
    const leased = performance.now();
    const { numAffectedRows } = await sql`
      insert into leases_in (unit_id, region_code, name, location, gross_area, annual_rent, starts_on, ends_on, is_demo)
      select u.id, u.region_code, u.name || '租用办公场所',
        st_translate(st_pointonsurface(b.footprint), ((u.id * 7919) % 1000 - 500) / 80000.0, ((u.id * 104729) % 1000 - 500) / 111320.0),
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

    const { rows: spots } = await sql<{ lng: number; lat: number }>`
      select st_x(p) as lng, st_y(p) as lat from (
        select st_pointonsurface(footprint) as p from buildings
        where id = any(${sql.val(pickIds(options.zones, load.rows.buildings, load.firstIds.building))}::int[])) s`.execute(
      db,
    );
    const zones = spots.map((spot) => squareAround([Number(spot.lng), Number(spot.lat)]));
    await analyseAll(db, zones.slice(0, 2)); // warm-up: plans and caches
    const indexed = await analyseAll(db, zones);
    const p50 = percentile(indexed.ms, 0.5);
    const p95 = percentile(indexed.ms, 0.95);

    let baseline: Run | null = null;
    if (options.baselineZones > 0)
      baseline = await db.connection().execute(async (connection) => {
        await sql`set enable_indexscan = off`.execute(connection);
        await sql`set enable_bitmapscan = off`.execute(connection);
        try {
          return await analyseAll(connection, zones.slice(0, options.baselineZones));
        } finally {
          await sql`reset enable_indexscan`.execute(connection);
          await sql`reset enable_bitmapscan`.execute(connection);
        }
      });
    const basePart = (value: number, base: number | undefined) =>
      base === undefined
        ? "no baseline"
        : `${format(value / base, 4)}× vs ${format(base, 1)} ms without index scans`;
    const baseP50 = baseline ? percentile(baseline.ms, 0.5) : undefined;
    const baseP95 = baseline ? percentile(baseline.ms, 0.95) : undefined;
    console.log(
      `zone analysis p50 (${whole(zones.length)} zones of 5 km², radius 3 km, ${whole(load.rows.buildings)} buildings): ` +
        `${format(p50, 1)} ms (${basePart(p50, baseP50)})`,
    );
    console.log(`zone analysis p95: ${format(p95, 1)} ms (${basePart(p95, baseP95)}); target ≤ 200 ms`);
    console.log(
      `per zone: ${format(indexed.buildings / zones.length, 0)} buildings in the zone, ` +
        `${format(indexed.candidates / zones.length, 0)} candidate units within 3 km (mean); ` +
        `baseline on ${baseline?.ms.length ?? 0} zones`,
    );
  } finally {
    await database.close();
    if (!flags.keep) await dropDatabase(BENCH_DATABASE);
  }
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
