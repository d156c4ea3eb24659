import { loadHighs } from "../allocation/highs-solver.js";

// Location-allocation as the maximal covering location problem (Church & ReVelle 1974): choose at most
// k sites so that the population newly within walking distance is largest. Demand already served by an
// existing facility is left out beforehand, so "newly covered" and "covered in all" rank plans alike.

/** Demand points (their population) and, per candidate site, the demand points within reach. */
export interface CoveringInstance {
  readonly population: readonly number[];
  /** reach[j]: indices into `population` within walking distance of site j. */
  readonly reach: ReadonlyArray<readonly number[]>;
}

export interface CoveringChoice {
  /** Indices of the chosen sites, ascending. */
  readonly sites: number[];
  readonly covered: number;
}

export interface OptimalChoice extends CoveringChoice {
  readonly status: "optimal" | "time_limit" | "empty" | "solver_error";
  /** HiGHS's relative MIP gap: 0 when proved optimal. */
  readonly gap: number | null;
  readonly solveMs: number;
}

/** The population within reach of any of `sites` (each demand point counted once). */
export function coveredPopulation(instance: CoveringInstance, sites: readonly number[]): number {
  const seen = new Set<number>();
  let covered = 0;
  for (const site of sites)
    for (const point of instance.reach[site] ?? []) {
      if (seen.has(point)) continue;
      seen.add(point);
      covered += instance.population[point] ?? 0;
    }
  return covered;
}

/**
 * The greedy choice: k times, the site adding the most population not yet covered (the lower index on
 * ties); stops early when no site adds anyone. Within (1 − 1/e) of the optimum (Nemhauser et al. 1978).
 */
export function greedyCovering(instance: CoveringInstance, k: number): CoveringChoice {
  const covered = new Set<number>();
  const chosen: number[] = [];
  let total = 0;
  while (chosen.length < k) {
    let best = -1;
    let bestGain = 0;
    instance.reach.forEach((points, site) => {
      let gain = 0;
      for (const point of points) if (!covered.has(point)) gain += instance.population[point] ?? 0;
      if (gain > bestGain) {
        best = site;
        bestGain = gain;
      }
    });
    if (best < 0) break;
    chosen.push(best);
    for (const point of instance.reach[best] ?? []) covered.add(point);
    total += bestGain;
  }
  return { sites: chosen.sort((a, b) => a - b), covered: total };
}

/**
 * The MIP in CPLEX LP text: max Σ wᵢ yᵢ subject to yᵢ ≤ Σ_{j reaches i} xⱼ, Σ xⱼ ≤ k, x binary,
 * 0 ≤ y ≤ 1 (integral at the optimum). Demand no site reaches, and sites reaching nobody, are left out.
 */
export function coveringLp(instance: CoveringInstance, k: number): { text: string; sites: number[] } {
  const reachedBy = new Map<number, number[]>();
  instance.reach.forEach((points, site) => {
    for (const point of new Set(points)) {
      if ((instance.population[point] ?? 0) <= 0) continue;
      const list = reachedBy.get(point) ?? [];
      list.push(site);
      reachedBy.set(point, list);
    }
  });
  const points = [...reachedBy.keys()].sort((a, b) => a - b);
  const sites = [...new Set([...reachedBy.values()].flat())].sort((a, b) => a - b);
  const objective = points.map((point) => `${instance.population[point]} y${point}`).join(" + ");
  const rows = points.map(
    (point) =>
      ` c${point}: y${point} ${(reachedBy.get(point) ?? []).map((site) => `- x${site}`).join(" ")} <= 0`,
  );
  const text = [
    "Maximize",
    ` obj: ${objective}`,
    "Subject To",
    ...rows,
    ` k: ${sites.map((site) => `x${site}`).join(" + ")} <= ${k}`,
    "Bounds",
    ...points.map((point) => ` 0 <= y${point} <= 1`),
    "Binary",
    ` ${sites.map((site) => `x${site}`).join(" ")}`,
    "End",
  ].join("\n");
  return { text, sites };
}

const statusNames: Record<number, OptimalChoice["status"]> = { 7: "optimal", 13: "time_limit" };

/**
 * The optimal choice of at most k sites, solved by HiGHS within `timeLimitSeconds`. `start` (e.g. the
 * greedy choice) is HiGHS's first incumbent, so a solve cut short by the time limit is never worse.
 */
export async function optimalCovering(
  instance: CoveringInstance,
  k: number,
  timeLimitSeconds = 10,
  start: readonly number[] = [],
): Promise<OptimalChoice> {
  const started = performance.now();
  const { text, sites } = coveringLp(instance, k);
  if (sites.length === 0 || k === 0)
    return { sites: [], covered: 0, status: "empty", gap: 0, solveMs: performance.now() - started };
  const highs = await loadHighs();
  const model = highs.createModel({ format: "lp", data: text });
  try {
    model.options.set({ output_flag: false, time_limit: timeLimitSeconds, mip_rel_gap: 0, random_seed: 0 });
    if (start.length > 0 && start.length <= k) setStart(model, instance, start);
    model.run();
    const status = statusNames[model.getModelStatus()] ?? "solver_error";
    if (Number(model.info.get("primal_solution_status")) !== 2)
      return {
        sites: [],
        covered: 0,
        status: "solver_error",
        gap: null,
        solveMs: performance.now() - started,
      };
    const values = model.getSolution().colValue;
    const chosen: number[] = [];
    for (let column = 0; column < values.length; column++) {
      const match = /^x(\d+)$/.exec(model.getColName(column));
      if (match && (values[column] ?? 0) > 0.5) chosen.push(Number(match[1]));
    }
    chosen.sort((a, b) => a - b);
    const gap = Number(model.info.get("mip_gap"));
    return {
      sites: chosen,
      // Counted from the chosen sites, not read from the objective: exact whole persons.
      covered: coveredPopulation(instance, chosen),
      status,
      gap: Number.isFinite(gap) && gap >= 0 ? gap : status === "optimal" ? 0 : null,
      solveMs: performance.now() - started,
    };
  } finally {
    model.dispose();
  }
}

type HighsModel = ReturnType<Awaited<ReturnType<typeof loadHighs>>["createModel"]>;

/** Every column of the model set from a known choice: x of its sites, y of the points they reach. */
function setStart(model: HighsModel, instance: CoveringInstance, start: readonly number[]): void {
  const chosen = new Set(start);
  const reached = new Set(start.flatMap((site) => instance.reach[site] ?? []));
  const indices: number[] = [];
  const values: number[] = [];
  for (let column = 0; column < model.getDimensions().numCols; column++) {
    const match = /^([xy])(\d+)$/.exec(model.getColName(column));
    if (!match) continue;
    const index = Number(match[2]);
    indices.push(column);
    values.push((match[1] === "x" ? chosen.has(index) : reached.has(index)) ? 1 : 0);
  }
  model.setSolution({ indices, values });
}
