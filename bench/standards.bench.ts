// `npm run bench:standards [-- --buildings N --units U --rooms-per-building R --sample S --seed 1 --keep]`
//
// Loads N (default 1,000,000) synthetic buildings and U (default 100,000) units — with staffing, rooms
// (R per building, default 2) and people seated in the in-use offices — into a fresh
// `fangtu_bench_standards` database on the local PostgreSQL (DATABASE_URL's server, else
// postgres://postgres@127.0.0.1:5432). Then it times the set-based recompute of every unit's entitlement,
// actual use and office checks (recomputeStandardStatus) against the naive baseline in the same run: a
// loop that calls the per-unit repository (unitEntitlementReport) unit by unit. The baseline runs on a
// seeded sample of S units (default 2,000) and is extrapolated to all units; the output says so.
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { migrateToLatest, openServer, postgisVersion } from "../server/db/database.js";
import { loadReferenceData } from "../server/db/reference-data.js";
import { pageRuleChecks } from "../server/db/repositories/rule-checks.repository.js";
import { recomputeStandardStatus } from "../server/db/repositories/standard-status.repository.js";
import { unitEntitlementReport } from "../server/db/repositories/unit-entitlement.repository.js";
import { unrestricted } from "../server/db/scope.js";
import { loadSynthetic } from "../server/db/synth-loader.js";
import { Random } from "../server/domain/random.js";
import { ruleCodes } from "../server/domain/rule-catalogue.js";
import { dropDatabase, format, localUrl, recreateDatabase, whole, wholeFlag } from "./support.js";

const BENCH_DATABASE = "fangtu_bench_standards";
const WATCHDOG_MS = 60 * 60_000;

const { values: flags } = parseArgs({
  options: {
    buildings: { type: "string", default: "1000000" },
    units: { type: "string", default: "100000" },
    "rooms-per-building": { type: "string", default: "2" },
    sample: { type: "string", default: "2000" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
  },
});
const count = (name: "buildings" | "units" | "rooms-per-building" | "sample" | "seed", min: number) =>
  wholeFlag("standards", name, flags[name], min);
const options = {
  buildings: count("buildings", 1),
  units: count("units", 1),
  roomsPerBuilding: count("rooms-per-building", 1),
  sample: count("sample", 1),
  seed: count("seed", 0),
};
const buildingsPerUnit = options.buildings / options.units;
if (!Number.isInteger(buildingsPerUnit)) {
  console.error("bench:standards: --buildings must be a whole multiple of --units (one compound per unit)");
  process.exit(2);
}

const watchdog = setTimeout(() => {
  console.error(`bench:standards: gave up after ${WATCHDOG_MS / 60_000} minutes`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

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
      `generating ${whole(options.buildings)} buildings, ${whole(options.units)} units, ` +
        `${options.roomsPerBuilding} rooms per building, people (seed ${options.seed})…`,
    );
    let reported = 0;
    const load = await loadSynthetic(database, {
      buildings: options.buildings,
      seed: options.seed,
      roomsPerBuilding: options.roomsPerBuilding,
      people: true,
      buildingsPerUnit,
      onProgress: ({ done, total }) => {
        const tenth = Math.floor((done * 10) / total);
        if (tenth > reported) {
          reported = tenth;
          process.stdout.write(`  ${tenth * 10}%`);
        }
      },
    });
    process.stdout.write("\n");
    const rows = Object.values(load.rows).reduce((sum, value) => sum + value, 0);
    console.log(
      `generate+load: ${format(load.milliseconds / 1000)} s, ${whole(rows / (load.milliseconds / 1000))} rows/s ` +
        `(${Object.entries(load.rows)
          .map(([table, value]) => `${whole(value)} ${table}`)
          .join(", ")})`,
    );
    const analysed = performance.now();
    await sql`vacuum analyze`.execute(db);
    console.log(`vacuum analyze: ${format((performance.now() - analysed) / 1000)} s`);

    const units = load.rows.units;
    // Set-based: every unit in one transaction, the way POST /api/standards/recompute runs it.
    const setBased = await recomputeStandardStatus(db);
    if (setBased.units !== units) throw new Error(`recomputed ${setBased.units} of ${units} units`);

    // Baseline: the per-unit repository, unit after unit, on a seeded sample.
    const { rows: ids } = await sql<{ id: number }>`select id from units order by id`.execute(db);
    const random = new Random(options.seed);
    const sample = Math.min(options.sample, ids.length);
    const picked = Array.from({ length: sample }, () => ids[random.integer(0, ids.length - 1)]?.id ?? 0);
    const loopStarted = performance.now();
    let overInSample = 0;
    for (const id of picked) {
      const report = await unitEntitlementReport(db, id, unrestricted);
      if (report?.status === "over") overInSample++;
    }
    const loopMs = performance.now() - loopStarted;
    const perUnitMs = loopMs / sample;
    const extrapolatedMs = perUnitMs * units;

    const setSeconds = setBased.milliseconds / 1000;
    console.log(
      `set-based recompute (entitlement + office checks) of ${whole(units)} units: ${format(setSeconds, 2)} s, ` +
        `${whole(units / setSeconds)} units/s (${format(setBased.milliseconds / extrapolatedMs, 4)}× vs per-unit loop baseline ` +
        `${format(extrapolatedMs / 1000, 1)} s extrapolated)`,
    );
    console.log(
      `per-unit loop baseline (unitEntitlementReport): ${format(perUnitMs, 2)} ms per unit, ` +
        `${whole(1000 / perUnitMs)} units/s, measured on ${whole(sample)} sampled units in ${format(loopMs / 1000, 2)} s ` +
        `and extrapolated to ${whole(units)} units: ${format(extrapolatedMs / 1000, 1)} s ` +
        `(speed-up of the set-based recompute: ${format(extrapolatedMs / setBased.milliseconds, 1)}×)`,
    );
    console.log(
      `recomputed statuses: ${whole(setBased.byStatus.over)} over, ${whole(setBased.byStatus.within)} within, ` +
        `${whole(setBased.byStatus.short)} short, ${whole(setBased.byStatus.no_staffing)} without staffing; ` +
        `${whole(setBased.overStandardPersons)} people over standard (sample: ${overInSample} of ${sample} units over)`,
    );

    // The rule checks as GET /api/checks runs them: every rule over every unit, counted and paged in SQL.
    const checksStarted = performance.now();
    const page = await pageRuleChecks(db, { asOf: "2026-11-27", scope: unrestricted }, ruleCodes, {
      limit: 100,
      offset: 0,
    });
    const checksMs = performance.now() - checksStarted;
    console.log(
      `rule checks, all ${ruleCodes.length} rules over all units, first page of 100: ${format(checksMs / 1000, 2)} s, ` +
        `${whole(page.total)} candidates (${[...page.counts]
          .map(([rule, value]) => `${rule} ${whole(value)}`)
          .join(", ")})`,
    );
  } finally {
    await database.close();
    if (!flags.keep) await dropDatabase(BENCH_DATABASE);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
