import { parseArgs } from "node:util";
import { type Kysely, sql } from "kysely";
import { migrateToLatest, openServer } from "../server/db/database.js";
import { loadReferenceData } from "../server/db/reference-data.js";
import { baselineSums, cachedBaselineSums } from "../server/db/repositories/scenario-baseline.repository.js";
import { loadWorkingSet } from "../server/db/repositories/scenario-state.repository.js";
import { recomputeStandardStatus } from "../server/db/repositories/standard-status.repository.js";
import type { Database } from "../server/db/schema.js";
import { unrestricted } from "../server/db/scope.js";
import { Random } from "../server/domain/random.js";
import { applyActions } from "../server/domain/scenarios/scenario-apply.js";
import { scenarioMetrics } from "../server/domain/scenarios/scenario-metrics.js";
import type {
  ScenarioAction,
  ScenarioMetrics,
  ScenarioState,
} from "../server/domain/scenarios/scenario-model.js";
import { validateApplied } from "../server/domain/scenarios/scenario-validate.js";
import {
  describeServerMachine,
  dropDatabase,
  format,
  loadSyntheticLogged,
  localUrl,
  percentile,
  recreateDatabase,
  whole,
  wholeFlag,
} from "./support.js";

const BENCH_DATABASE = "fangtu_bench_scenario";
const PROVINCE = "230000";

const { values: flags } = parseArgs({
  options: {
    buildings: { type: "string", default: "1000000" },
    units: { type: "string", default: "100000" },
    actions: { type: "string", default: "500" },
    runs: { type: "string", default: "7" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
    reuse: { type: "boolean", default: false },
  },
});
const count = (name: "buildings" | "units" | "actions" | "runs" | "seed", min: number) =>
  wholeFlag("scenario", name, flags[name], min);
const options = {
  buildings: count("buildings", 1),
  units: count("units", 1),
  actions: count("actions", 10),
  runs: count("runs", 1),
  seed: count("seed", 0),
};

async function loadData(database: Awaited<ReturnType<typeof openServer>>): Promise<void> {
  const { db } = database;
  await loadReferenceData(db);
  await loadSyntheticLogged(database, { ...options, people: true });
  await sql`
    insert into leases_in (unit_id, region_code, name, location, gross_area, annual_rent, starts_on, ends_on, is_demo)
    select u.id, u.region_code, u.name || '租用办公场所', st_pointonsurface(b.footprint),
      200 + (u.id % 30) * 10, (200 + (u.id % 30) * 10) * 600, '2024-01-01', '2028-12-31', true
    from units u
    join lateral (select r.building_id from rooms r where r.occupant_unit_id = u.id limit 1) r on true
    join buildings b on b.id = r.building_id
    where u.id % 20 = 0`.execute(db);
  const recomputed = await recomputeStandardStatus(db);
  console.log(
    `standard status of ${whole(recomputed.units)} units: ${format(recomputed.milliseconds / 1000)} s`,
  );
  await sql`vacuum analyze`.execute(db);
}

/** A seeded scenario: 60 % moves, 30 % swaps (two actions' worth of units each), 10 % ended leases. */
async function seededActions(db: Kysely<Database>): Promise<ScenarioAction[]> {
  const random = new Random(options.seed + 11);
  const wanted = options.actions * 2;
  // Seeded ids drawn in JS, then looked up by index: no sort of the province's rooms.
  const { rows: range } = await sql<{ units: [number, number]; buildings: [number, number] }>`
    select array[min(u.id), max(u.id)] as units, (select array[min(id), max(id)] from buildings) as buildings
    from units u`.execute(db);
  const draw = (bounds: [number, number] | undefined, n: number) =>
    Array.from({ length: n }, () => random.integer(bounds?.[0] ?? 1, bounds?.[1] ?? 1));
  const { rows: held } = await sql<{ unit_id: number; building_id: number }>`
    select distinct on (occupant_unit_id) occupant_unit_id as unit_id, building_id from rooms
    where occupant_unit_id = any(${sql.val(draw(range[0]?.units, wanted * 2))}::int[]) and status = 'in_use'
    order by occupant_unit_id, building_id limit ${wanted}`.execute(db);
  const { rows: destinations } = await sql<{ building_id: number }>`
    select building_id from rooms where building_id = any(${sql.val(draw(range[0]?.buildings, wanted * 10))}::int[])
      and status = 'idle' and occupant_unit_id is null
    group by building_id limit ${wanted}`.execute(db);
  const { rows: leases } = await sql<{ id: number }>`
    select id from leases_in where unit_id <> all(${sql.val(held.map((row) => row.unit_id))}::int[])
    order by id limit ${options.actions}`.execute(db);
  const actions: ScenarioAction[] = [];
  let next = 0;
  const take = () => held[next++];
  while (actions.length < options.actions) {
    const draw = random.next();
    if (draw < 0.1 && leases.length > 0) {
      const lease = leases.pop();
      if (lease) actions.push({ kind: "end_lease", leaseId: lease.id });
      continue;
    }
    const a = take();
    if (!a) break;
    if (draw < 0.4) {
      const b = take();
      if (!b) break;
      actions.push({
        kind: "swap",
        a: { unitId: a.unit_id, buildingIds: [a.building_id] },
        b: { unitId: b.unit_id, buildingIds: [b.building_id] },
      });
    } else {
      const to = destinations[random.integer(0, destinations.length - 1)]?.building_id ?? a.building_id;
      actions.push({
        kind: "move",
        from: { unitId: a.unit_id, buildingIds: [a.building_id] },
        to: { buildingId: to },
      });
    }
  }
  return actions;
}

interface Timing {
  total: number;
  load: number;
  baseline: number;
  engine: number;
  metrics: ScenarioMetrics;
  before: ScenarioState;
  after: ScenarioState;
}

/** The API's path: working set, baseline sums (computed or cached), apply, validate, metrics. */
async function engineMetrics(
  db: Kysely<Database>,
  actions: readonly ScenarioAction[],
  cold: boolean,
): Promise<Timing> {
  const started = performance.now();
  const workingSet = await loadWorkingSet(db, actions, unrestricted);
  const loaded = performance.now();
  const baseline = cold ? await baselineSums(db, PROVINCE) : await cachedBaselineSums(db, PROVINCE);
  const summed = performance.now();
  const before: ScenarioState = { ...workingSet, baseline };
  const applied = applyActions(before, actions);
  validateApplied(before, actions, applied);
  const metrics = scenarioMetrics(before, applied.state, applied.effects);
  const done = performance.now();
  return {
    total: done - started,
    load: loaded - started,
    baseline: summed - loaded,
    engine: done - summed,
    metrics,
    before,
    after: applied.state,
  };
}

/** Province totals over all rooms and leases, in SQL (the over-standard units from core area vs entitlement). */
async function sqlTotals(db: Kysely<Database>) {
  const { rows } = await sql<{
    idle: string;
    rent: string;
    sites: string;
    units: string;
    renting: string;
    over: string;
  }>`
    with unit_sites as (
      select unit_id, count(*) as sites, bool_or(lease) as renting from (
        select distinct occupant_unit_id as unit_id, building_id as site, false as lease from rooms
        where occupant_unit_id is not null
        union all select unit_id, id, true from leases_in) s group by unit_id),
    core as (
      select occupant_unit_id as unit_id, round(sum(usable_area), 2) as area from rooms
      where occupant_unit_id is not null and status = 'in_use' and use_category in ('office', 'service', 'equipment')
      group by occupant_unit_id)
    select (select sum(usable_area) from rooms where status = 'idle') as idle,
      (select coalesce(sum(annual_rent), 0) from leases_in) as rent,
      (select sum(sites) from unit_sites) as sites, (select count(*) from unit_sites) as units,
      (select count(*) from unit_sites where renting) as renting,
      (select count(*) from core c join unit_standard_status s on s.unit_id = c.unit_id
        where s.status <> 'no_staffing' and c.area > s.entitled_core) as over`.execute(db);
  const row = rows[0];
  return {
    idleArea: Number(row?.idle),
    annualRent: Number(row?.rent),
    sitesPerUnit: Number(row?.sites) / Number(row?.units),
    renting: Number(row?.renting),
    overStandardUnits: Number(row?.over),
  };
}

/** The baseline: write the scenario's changes, recompute the totals over everything, roll back. */
async function sqlRecompute(db: Kysely<Database>, timing: Timing) {
  const changes = [...timing.after.rooms.values()].filter((room) => {
    const was = timing.before.rooms.get(room.id);
    return was && (was.occupantUnitId !== room.occupantUnitId || was.status !== room.status);
  });
  const ended = timing.after.leases
    .filter((lease) => lease.ended && typeof lease.id === "number")
    .map((lease) => lease.id as number);
  return db
    .transaction()
    .execute(async (trx) => {
      const started = performance.now();
      if (changes.length > 0)
        await sql`update rooms r set occupant_unit_id = c.occupant, status = c.status
          from unnest(${sql.val(changes.map((room) => room.id))}::int[], ${sql.val(changes.map((room) => room.occupantUnitId))}::int[],
            ${sql.val(changes.map((room) => room.status))}::text[]) as c(id, occupant, status)
          where r.id = c.id`.execute(trx);
      if (ended.length > 0)
        await sql`delete from leases_in where id = any(${sql.val(ended)}::int[])`.execute(trx);
      const written = performance.now();
      const totals = await sqlTotals(trx);
      const finished = performance.now();
      throw Object.assign(new Error("rollback"), {
        result: {
          write: written - started,
          totals: finished - written,
          changes: changes.length,
          totalsAfter: totals,
        },
      });
    })
    .catch(
      (error: {
        result?: {
          write: number;
          totals: number;
          changes: number;
          totalsAfter: Awaited<ReturnType<typeof sqlTotals>>;
        };
      }) => {
        if (!error.result) throw error;
        return error.result;
      },
    );
}

async function timeScenario(db: Kysely<Database>): Promise<void> {
  const actions = await seededActions(db);
  const kinds: Record<string, number> = {};
  for (const action of actions) kinds[action.kind] = (kinds[action.kind] ?? 0) + 1;
  console.log(
    `scenario: ${actions.length} actions (${Object.entries(kinds)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(", ")})`,
  );
  await engineMetrics(db, actions, true); // warm-up: plans and caches
  const cold: Timing[] = [];
  const warm: Timing[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    cold.push(await engineMetrics(db, actions, true));
    warm.push(await engineMetrics(db, actions, false));
  }
  const p50 = (list: Timing[], pick: (timing: Timing) => number) =>
    percentile(
      list.map(pick).sort((a, b) => a - b),
      0.5,
    );
  const last = warm.at(-1) as Timing;
  console.log(
    `working set: ${whole(last.before.rooms.size)} rooms, ${whole(last.before.units.size)} units, ${whole(last.before.buildings.size)} buildings, ${whole(last.before.leases.length)} leases`,
  );
  const baselineRuns = [];
  for (let run = 0; run < Math.min(3, options.runs); run += 1)
    baselineRuns.push(await sqlRecompute(db, last));
  const sqlTotal = percentile(
    baselineRuns.map((run) => run.write + run.totals).sort((a, b) => a - b),
    0.5,
  );
  const sqlOnlyTotals = percentile(
    baselineRuns.map((run) => run.totals).sort((a, b) => a - b),
    0.5,
  );
  const ratio = (value: number) =>
    `${format(value / sqlTotal, 3)}× vs ${format(sqlTotal, 1)} ms full SQL recomputation`;
  console.log(
    `scenario metrics p50, warm (baseline sums cached): ${format(p50(warm, (t) => t.total))} ms (${ratio(p50(warm, (t) => t.total))}); target ≤ 500 ms`,
  );
  console.log(
    `  working set ${format(p50(warm, (t) => t.load))} ms, engine (apply + validate + metrics) ${format(p50(warm, (t) => t.engine))} ms`,
  );
  console.log(
    `scenario metrics p50, cold (baseline sums computed): ${format(p50(cold, (t) => t.total))} ms (${ratio(p50(cold, (t) => t.total))})`,
  );
  console.log(`  province baseline sums ${format(p50(cold, (t) => t.baseline))} ms`);
  const run = baselineRuns[0];
  console.log(
    `baseline: ${whole(run?.changes ?? 0)} room changes written in ${format(run?.write ?? 0)} ms, totals over all rooms ${format(sqlOnlyTotals)} ms`,
  );
  const after = last.metrics.after;
  console.log(
    `check: idle area engine ${format(after.idleArea, 2)} m² vs SQL ${format(run?.totalsAfter.idleArea ?? 0, 2)} m²; ` +
      `rent ${format(after.annualRentOutside, 0)} vs ${format(run?.totalsAfter.annualRent ?? 0, 0)} 元/年; ` +
      `sites per unit ${format(after.sitesPerUnit, 2)} vs ${format(run?.totalsAfter.sitesPerUnit ?? 0, 2)}; ` +
      `renting ${after.unitsRentingOutside} vs ${run?.totalsAfter.renting}; over-standard units ${after.overStandardUnits} vs ${run?.totalsAfter.overStandardUnits}`,
  );
}

async function main(): Promise<void> {
  const reusing = flags.reuse;
  if (!reusing) await recreateDatabase(BENCH_DATABASE);
  const database = await openServer(localUrl(BENCH_DATABASE));
  try {
    await migrateToLatest(database.db);
    console.log(await describeServerMachine(database.db));
    if (!reusing) await loadData(database);
    await timeScenario(database.db);
  } finally {
    await database.close();
    if (!flags.keep && !flags.reuse) await dropDatabase(BENCH_DATABASE);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
