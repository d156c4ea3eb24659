import type { Highs } from "highs";
import type {
  AllocationOptions,
  Assignment,
  CandidateUnit,
  Coefficients,
  TargetBuilding,
} from "./allocation-model.js";
import { buildLpModel } from "./lp-model.js";

/** How a solve ended. `greedy_fallback`: HiGHS found no plan in time, the greedy one stands in. */
export type SolveStatus =
  | "optimal"
  | "time_limit"
  | "infeasible"
  | "greedy_fallback"
  | "empty"
  | "solver_error";

export interface Solved {
  readonly status: SolveStatus;
  readonly assignments: Assignment[];
  /** The objective with its constant, comparable with planCost. */
  readonly cost: number | null;
  /** HiGHS's relative MIP gap: 0 when proved optimal, null when no bound is known. */
  readonly gap: number | null;
  readonly solveMs: number;
}

let loaded: Promise<Highs> | undefined;

/** The HiGHS WASM instance, loaded once per process. */
export function loadHighs(): Promise<Highs> {
  loaded ??= import("highs").then((module) => module.default());
  return loaded;
}

const statusNames: Record<number, SolveStatus> = {
  7: "optimal",
  8: "infeasible",
  13: "time_limit",
  6: "empty",
};

/**
 * Solves one plan style with HiGHS and reads the assignments back. `start` (e.g. the greedy plan) is
 * handed to HiGHS as its first incumbent, so a plan cut short by the time limit is never worse.
 */
export async function solveWithHighs(
  units: readonly CandidateUnit[],
  targets: readonly TargetBuilding[],
  options: AllocationOptions,
  coefficients: Coefficients,
  start?: readonly Assignment[],
): Promise<Solved> {
  const started = performance.now();
  const model = buildLpModel(units, targets, options, coefficients, start);
  if (model.pairs.length === 0) {
    return {
      status: options.mustHouse && units.length > 0 ? "infeasible" : "empty",
      assignments: [],
      cost: options.mustHouse && units.length > 0 ? null : model.constant,
      gap: options.mustHouse && units.length > 0 ? null : 0,
      solveMs: performance.now() - started,
    };
  }
  const highs = await loadHighs();
  const instance = highs.createModel({ format: "lp", data: model.text });
  try {
    instance.options.set({
      output_flag: false,
      time_limit: options.timeLimitSeconds,
      mip_rel_gap: options.mipGap,
      // A fixed seed: the same input gives the same plan (the WASM build is single-threaded anyway).
      random_seed: 0,
    });
    if (start && start.length > 0) setStart(instance, units, model.columns, start);
    instance.run();
    const code = instance.getModelStatus();
    const status = statusNames[code] ?? "solver_error";
    const hasSolution = Number(instance.info.get("primal_solution_status")) === 2;
    if (!hasSolution) {
      return { status, assignments: [], cost: null, gap: null, solveMs: performance.now() - started };
    }
    const values = instance.getSolution().colValue;
    const assignments: Assignment[] = [];
    for (let column = 0; column < values.length; column++) {
      const name = instance.getColName(column);
      const match = (model.single ? /^x_(\d+)_(\d+)$/ : /^a_(\d+)_(\d+)$/).exec(name);
      const value = values[column] ?? 0;
      if (!match || value <= (model.single ? 0.5 : 1e-6)) continue;
      const unit = units[Number(match[1])] as CandidateUnit;
      const area = model.single ? unit.demandArea : value;
      assignments.push({ unitId: unit.unitId, target: Number(match[2]), area: Math.round(area * 100) / 100 });
    }
    assignments.sort((p, q) => p.unitId - q.unitId || p.target - q.target);
    const gap = Number(instance.info.get("mip_gap"));
    return {
      status,
      assignments,
      cost: instance.getObjectiveValue(),
      gap: Number.isFinite(gap) && gap >= 0 ? gap : null,
      solveMs: performance.now() - started,
    };
  } finally {
    instance.dispose();
  }
}

/** x, a, h and y of a known plan, every column given, as HiGHS's starting solution (it checks feasibility itself). */
function setStart(
  instance: ReturnType<Highs["createModel"]>,
  units: readonly CandidateUnit[],
  columns: readonly string[],
  start: readonly Assignment[],
): void {
  const indexOf = new Map(units.map((unit, i) => [unit.unitId, i]));
  const values = new Map<string, number>(columns.map((name) => [name, 0]));
  const set = (name: string, value: number) => {
    if (values.has(name)) values.set(name, value);
  };
  for (const assignment of start) {
    const i = indexOf.get(assignment.unitId);
    if (i === undefined || !values.has(`x_${i}_${assignment.target}`)) return; // not this model's plan
    set(`h_${i}`, 1);
    set(`x_${i}_${assignment.target}`, 1);
    set(`a_${i}_${assignment.target}`, assignment.area);
    set(`y_${assignment.target}`, 1);
  }
  const indices: number[] = [];
  const numbers: number[] = [];
  for (const [name, value] of values) {
    indices.push(instance.getColByName(name));
    numbers.push(value);
  }
  instance.setSolution({ indices, values: numbers });
}
