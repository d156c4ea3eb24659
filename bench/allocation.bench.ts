// `npm run bench:allocation [-- --units 300 --buildings 100 --seed 1 --time-limit 60 --objective lowest_cost --nearest 10]`
//
// The allocation optimiser (HiGHS MIP, WASM) on a seeded synthetic instance — U units (default 300)
// renting or split around a city centre, B buildings (default 100) with idle space — against the
// greedy heuristic (largest demand first into the nearest building with room) in the same run:
// time to a ≤ 1 % gap, the gap reached, and the ratio of plan costs (greedy / HiGHS) under the same
// objective. No database: the model is pure.
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import {
  allocationOptions,
  type CandidateUnit,
  coefficientsOf,
  type Objective,
  objectives,
  planCost,
  type TargetBuilding,
} from "../server/domain/allocation/allocation-model.js";
import { greedyAllocation } from "../server/domain/allocation/greedy.js";
import { loadHighs, solveWithHighs } from "../server/domain/allocation/highs-solver.js";
import { buildLpModel } from "../server/domain/allocation/lp-model.js";
import { Random } from "../server/domain/random.js";
import { format, whole } from "./support.js";

const { values: flags } = parseArgs({
  options: {
    units: { type: "string", default: "300" },
    buildings: { type: "string", default: "100" },
    seed: { type: "string", default: "1" },
    "time-limit": { type: "string", default: "60" },
    objective: { type: "string", default: "all" },
    nearest: { type: "string", default: "all" },
    slack: { type: "string", default: "0.15" },
  },
});
const unitCount = Number(flags.units);
const buildingCount = Number(flags.buildings);
const timeLimit = Number(flags["time-limit"]);
const nearest = flags.nearest === "all" ? undefined : Number(flags.nearest);
const chosen: Objective[] =
  flags.objective === "all"
    ? [...objectives]
    : objectives.filter((objective) => objective === flags.objective);
if (!(unitCount > 0 && buildingCount > 0 && timeLimit > 0) || chosen.length === 0) {
  console.error(
    `bench:allocation: --units, --buildings, --time-limit > 0; --objective all|${objectives.join("|")}`,
  );
  process.exit(2);
}

/** Units of 150–2 400 m² within ~8 km of Harbin's centre; buildings of 400–4 000 m² idle, 15 % more than the demand (--slack). */
function instance(seed: number): { units: CandidateUnit[]; targets: TargetBuilding[] } {
  const random = new Random(seed);
  const around = (km: number): [number, number] => {
    const angle = random.between(0, 2 * Math.PI);
    const distance = Math.sqrt(random.next()) * km;
    return [126.65 + (distance / 78) * Math.cos(angle), 45.75 + (distance / 111) * Math.sin(angle)];
  };
  const units = Array.from({ length: unitCount }, (_, index): CandidateUnit => {
    const demand = Math.round(random.between(150, 2400));
    const grassroots = random.chance(0.25);
    return {
      unitId: index + 1,
      demandArea: demand,
      entitledArea: demand,
      currentArea: demand,
      currentAnnualRent: random.chance(0.4) ? Math.round(demand * random.between(400, 800)) : 0,
      currentCenter: around(8),
      level: grassroots ? "county" : "provincial",
      kind: "government_department",
      grassroots,
      ordinaryStaffShare: random.between(0.5, 0.9),
      currentSites: random.integer(1, 3),
    };
  });
  const demand = units.reduce((sum, unit) => sum + unit.demandArea, 0);
  const raw = Array.from({ length: buildingCount }, () => random.between(400, 4000));
  const scale = (demand * (1 + Number(flags.slack))) / raw.reduce((sum, area) => sum + area, 0);
  const targets = raw.map(
    (area, index): TargetBuilding => ({
      buildingId: 1000 + index,
      idleArea: Math.round(area * scale),
      center: around(4),
    }),
  );
  return { units, targets };
}

const { units, targets } = instance(Number(flags.seed));
await loadHighs();
console.log(
  `machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${format(totalmem() / 2 ** 30)} GiB, load ${loadavg()
    .map((value) => format(value, 2))
    .join(" ")}, node ${process.version}`,
);
console.log(
  `instance: ${unitCount} units (${whole(units.reduce((s, u) => s + u.demandArea, 0))} m² demand) × ${buildingCount} buildings (${whole(targets.reduce((s, t) => s + t.idleArea, 0))} m² idle), seed ${flags.seed}`,
);
for (const objective of chosen) {
  const options = allocationOptions({
    objective,
    timeLimitSeconds: timeLimit,
    mipGap: 0.01,
    ...(nearest === undefined ? {} : { nearestTargets: nearest }),
  });
  const coefficients = coefficientsOf(objective, options.weights);
  const greedyStarted = performance.now();
  const greedy = greedyAllocation(units, targets, options.maxBuildingsPerUnit);
  const greedyMs = performance.now() - greedyStarted;
  const model = buildLpModel(units, targets, options, coefficients, greedy);
  const greedyCost = planCost(units, targets, greedy, coefficients);
  console.log(`[${objective}] nearest targets per unit: ${nearest ?? "all"}`);
  const cold = await solveWithHighs(units, targets, options, coefficients);
  const warm = await solveWithHighs(units, targets, options, coefficients, greedy);
  const housed = (list: readonly { unitId: number }[]) => new Set(list.map((a) => a.unitId)).size;
  // Costs are shifted by the cost of housing nobody so that both are positive "penalty left" figures.
  const ratio = (cost: number | null) => (cost === null ? "n/a" : format(greedyCost / cost, 3));
  console.log(
    `[${objective}] model: ${whole(model.pairs.length)} unit–building pairs, LP text ${format(model.text.length / 1024)} KiB`,
  );
  console.log(
    `[${objective}] greedy: ${format(greedyMs, 1)} ms, cost ${format(greedyCost)}, ${housed(greedy)} units housed (baseline)`,
  );
  for (const [label, solved] of [
    ["highs cold", cold],
    ["highs warm (greedy start)", warm],
  ] as const) {
    console.log(
      `[${objective}] ${label}: ${format(solved.solveMs / 1000, 2)} s (${format(solved.solveMs / greedyMs, 0)}× greedy time), status ${solved.status}, gap ${solved.gap === null ? "n/a" : `${format(solved.gap * 100, 2)} %`}, cost ${solved.cost === null ? "n/a" : format(solved.cost)}, ${housed(solved.assignments)} units housed, greedy cost / highs cost: ${ratio(solved.cost)}`,
    );
  }
}
