import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Assignment,
  allocationOptions,
  type CandidateUnit,
  coefficientsOf,
  objectives,
  planCost,
  type TargetBuilding,
} from "../../server/domain/allocation/allocation-model.js";
import { allocationPlans } from "../../server/domain/allocation/allocation-plans.js";
import { greedyAllocation } from "../../server/domain/allocation/greedy.js";
import { solveWithHighs } from "../../server/domain/allocation/highs-solver.js";
import { explainInfeasibility } from "../../server/domain/allocation/infeasibility.js";
import { allowedPairs, buildLpModel } from "../../server/domain/allocation/lp-model.js";

const unit = (
  unitId: number,
  demandArea: number,
  center: [number, number],
  extra: Partial<CandidateUnit> = {},
): CandidateUnit => ({
  unitId,
  demandArea,
  entitledArea: demandArea,
  currentArea: demandArea,
  currentAnnualRent: 0,
  currentCenter: center,
  level: "provincial",
  kind: "government_department",
  grassroots: false,
  ...extra,
});
const target = (buildingId: number, idleArea: number, center: [number, number]): TargetBuilding => ({
  buildingId,
  idleArea,
  center,
});

/** Every way of putting each unit whole into one target or nowhere, the cheapest first. */
function bruteForce(
  units: readonly CandidateUnit[],
  targets: readonly TargetBuilding[],
  objective: (typeof objectives)[number],
): number {
  const coefficients = coefficientsOf(objective, allocationOptions().weights);
  let best = Number.POSITIVE_INFINITY;
  const choice = new Array<number>(units.length).fill(-1);
  const visit = (index: number) => {
    if (index === units.length) {
      const used = new Array<number>(targets.length).fill(0);
      const assignments: Assignment[] = [];
      for (const [i, j] of choice.entries()) {
        if (j < 0) continue;
        const u = units[i] as CandidateUnit;
        if (u.demandArea > u.entitledArea) return;
        used[j] = (used[j] ?? 0) + u.demandArea;
        assignments.push({ unitId: u.unitId, target: j, area: u.demandArea });
      }
      if (used.some((area, j) => area > (targets[j] as TargetBuilding).idleArea + 1e-9)) return;
      best = Math.min(best, planCost(units, targets, assignments, coefficients));
      return;
    }
    for (let j = -1; j < targets.length; j++) {
      choice[index] = j;
      visit(index + 1);
    }
  };
  visit(0);
  return best;
}

const position = fc.tuple(
  fc.double({ min: 126.6, max: 126.7, noNaN: true }),
  fc.double({ min: 45.7, max: 45.8, noNaN: true }),
);
const instance = fc.record({
  units: fc.array(
    fc.record({
      demand: fc.integer({ min: 50, max: 900 }),
      overEntitlement: fc.boolean(),
      rent: fc.integer({ min: 0, max: 800_000 }),
      grassroots: fc.boolean(),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      center: position,
    }),
    { minLength: 1, maxLength: 5 },
  ),
  targets: fc.array(fc.record({ idle: fc.integer({ min: 0, max: 1500 }), center: position }), {
    minLength: 1,
    maxLength: 3,
  }),
});
type Instance = typeof instance extends fc.Arbitrary<infer T> ? T : never;
const build = (input: Instance) => ({
  units: input.units.map((u, i) =>
    unit(i + 1, u.demand, u.center, {
      // One in a few units asks for more than its entitlement: it must never be housed.
      entitledArea: u.overEntitlement && i % 2 === 0 ? u.demand - 10 : u.demand + 20,
      currentAnnualRent: u.rent,
      grassroots: u.grassroots,
      ordinaryStaffShare: u.share,
    }),
  ),
  targets: input.targets.map((t, j) => target(100 + j, t.idle, t.center)),
});

describe("allocation optimiser (HiGHS MIP)", () => {
  it("finds the brute-force optimum on small random instances, for every plan style", async () => {
    await fc.assert(
      fc.asyncProperty(instance, fc.constantFrom(...objectives), async (input, objective) => {
        const { units, targets } = build(input);
        const options = allocationOptions({ objective, mipGap: 0 });
        const solved = await solveWithHighs(
          units,
          targets,
          options,
          coefficientsOf(objective, options.weights),
        );
        const optimum = bruteForce(units, targets, objective);
        // "empty": no unit fits anywhere, so there is nothing to decide and nobody is housed.
        expect(["optimal", "empty"]).toContain(solved.status);
        expect(solved.cost).toBeCloseTo(optimum, 4);
        // The assignments read back cost what HiGHS says they cost.
        expect(
          planCost(units, targets, solved.assignments, coefficientsOf(objective, options.weights)),
        ).toBeCloseTo(optimum, 4);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it("never exceeds capacity or entitlement; each housed unit gets exactly its demand in ≤ maxBuildingsPerUnit buildings", async () => {
    await fc.assert(
      fc.asyncProperty(instance, fc.integer({ min: 1, max: 3 }), async (input, maxBuildingsPerUnit) => {
        const { units, targets } = build(input);
        const result = await allocationPlans(units, targets, allocationOptions({ maxBuildingsPerUnit }));
        expect(result.plans.length).toBe(3);
        for (const plan of result.plans) {
          const perBuilding = new Map<number, number>();
          const perUnit = new Map<number, { area: number; buildings: Set<number> }>();
          for (const a of plan.assignments) {
            perBuilding.set(a.buildingId, (perBuilding.get(a.buildingId) ?? 0) + a.area);
            const entry = perUnit.get(a.unitId) ?? { area: 0, buildings: new Set<number>() };
            entry.area += a.area;
            entry.buildings.add(a.buildingId);
            perUnit.set(a.unitId, entry);
          }
          for (const [buildingId, area] of perBuilding) {
            const idle = targets.find((t) => t.buildingId === buildingId)?.idleArea ?? 0;
            expect(area).toBeLessThanOrEqual(idle + 0.01);
          }
          for (const u of units) {
            const entry = perUnit.get(u.unitId);
            if (!entry) {
              expect(plan.unhoused.map((h) => h.unitId)).toContain(u.unitId);
              continue;
            }
            expect(entry.area).toBeCloseTo(u.demandArea, 1);
            expect(entry.area).toBeLessThanOrEqual(u.entitledArea + 0.01);
            expect(entry.buildings.size).toBeLessThanOrEqual(maxBuildingsPerUnit);
          }
          expect(plan.metrics.unitsHoused + plan.unhoused.length).toBe(units.length);
        }
      }),
      { numRuns: 25, seed: 11 },
    );
  });

  it("writes the same LP text for the same input", () => {
    const units = [unit(1, 300, [126.65, 45.75]), unit(2, 200, [126.66, 45.76])];
    const targets = [target(9, 600, [126.64, 45.75])];
    const coefficients = coefficientsOf("lowest_cost", allocationOptions().weights);
    const first = buildLpModel(units, targets, { maxBuildingsPerUnit: 1, mustHouse: false }, coefficients);
    const second = buildLpModel(units, targets, { maxBuildingsPerUnit: 1, mustHouse: false }, coefficients);
    expect(first.text).toBe(second.text);
    // One building per unit: the area is the demand, no a variables.
    expect(first.text).toContain("cap_0: 300 x_0_0 + 200 x_1_0 <= 600");
    expect(first.text).not.toContain("a_0_0");
    const split = buildLpModel(units, targets, { maxBuildingsPerUnit: 2, mustHouse: false }, coefficients);
    expect(split.text).toContain("cap_0: 1 a_0_0 + 1 a_1_0 <= 600");
    expect(split.text).toContain("ent_0: 1 a_0_0 <= 300");
  });

  it("offers each unit only its nearest targets when asked, keeping the starting plan's pairs", () => {
    const units = [unit(1, 100, [126.6, 45.75])];
    const targets = [0, 1, 2, 3].map((k) => target(k, 500, [126.6 + k * 0.01, 45.75]));
    expect(allowedPairs(units, targets, 1)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
    expect(allowedPairs(units, targets, 1, 2)).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(allowedPairs(units, targets, 1, 2, [{ unitId: 1, target: 3 }])).toEqual([
      [0, 0],
      [0, 1],
      [0, 3],
    ]);
    // A building too small for the whole unit is no option with one building per unit.
    expect(allowedPairs(units, [target(9, 99, [126.6, 45.75])], 1)).toEqual([]);
  });
});

describe("infeasibility explained", () => {
  it("names the capacity constraint and the shortfall in m² when the demand exceeds the idle area", async () => {
    const units = [unit(1, 700, [126.65, 45.75]), unit(2, 600, [126.65, 45.75])];
    const targets = [target(1, 500, [126.65, 45.75]), target(2, 400, [126.66, 45.75])];
    const result = await allocationPlans(
      units,
      targets,
      allocationOptions({ mustHouse: true, maxBuildingsPerUnit: 2 }),
    );
    expect(result.plans).toEqual([]);
    expect(result.infeasible).toMatchObject({ constraint: "capacity", shortfallArea: 400 });
    expect(result.infeasible?.message).toContain("400 m² short");
  });

  it("names a unit larger than every building when it may use only one", () => {
    const units = [unit(1, 800, [126.65, 45.75]), unit(2, 100, [126.65, 45.75])];
    const targets = [target(1, 500, [126.65, 45.75]), target(2, 600, [126.66, 45.75])];
    expect(explainInfeasibility(units, targets, 1)).toMatchObject({
      constraint: "maxBuildingsPerUnit",
      unitId: 1,
      shortfallArea: 200,
    });
    // With two buildings allowed it fits (800 ≤ 600 + 500) and nothing is explained.
    expect(explainInfeasibility(units, targets, 2)).toBeUndefined();
  });

  it("names a demand above entitlement", () => {
    const units = [unit(1, 300, [126.65, 45.75], { entitledArea: 240 })];
    expect(explainInfeasibility(units, [target(1, 1000, [126.65, 45.75])], 1)).toMatchObject({
      constraint: "entitlement",
      unitId: 1,
      shortfallArea: 60,
    });
  });

  it("reports a packing shortfall when totals fit but units do not, computed by the best plan", async () => {
    // 3 × 400 m² into two buildings of 600 m²: 1 200 ≤ 1 200 in total, but only one unit fits in each.
    const units = [1, 2, 3].map((id) => unit(id, 400, [126.65, 45.75]));
    const targets = [target(1, 600, [126.65, 45.75]), target(2, 600, [126.66, 45.75])];
    const must = await allocationPlans(units, targets, allocationOptions({ mustHouse: true }));
    expect(must.infeasible).toMatchObject({ constraint: "packing", shortfallArea: 400 });
    const best = await allocationPlans(units, targets, allocationOptions());
    expect(best.infeasible).toMatchObject({ constraint: "packing", shortfallArea: 400 });
    for (const plan of best.plans) expect(plan.metrics.unitsHoused).toBe(2);
  });
});

describe("plan styles", () => {
  // Unit 1 sits next to a big half-empty building A; B is far away and exactly fits it. Unit 2 is small,
  // near B. Least disruption keeps each near home; most consolidation fills one building.
  const units = [unit(1, 500, [126.6, 45.75]), unit(2, 200, [126.7, 45.75])];
  const targets = [target(1, 1000, [126.6, 45.75]), target(2, 700, [126.7, 45.75])];

  it("differ by objective on a crafted instance", async () => {
    const result = await allocationPlans(
      units,
      targets,
      allocationOptions({ objective: "least_disruption" }),
    );
    const byObjective = Object.fromEntries(result.plans.map((plan) => [plan.objective, plan]));
    expect(result.plans.map((plan) => plan.objective)).toEqual([
      "least_disruption",
      "lowest_cost",
      "most_consolidation",
    ]);
    expect(byObjective.least_disruption?.assignments.map((a) => [a.unitId, a.buildingId])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(byObjective.least_disruption?.metrics.buildingsUsed).toBe(2);
    // Consolidation: both units in building 2 (700 m², no idle space left over).
    expect(byObjective.most_consolidation?.assignments.map((a) => [a.unitId, a.buildingId])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(byObjective.most_consolidation?.metrics).toMatchObject({ buildingsUsed: 1, leftoverIdleArea: 0 });
    for (const plan of result.plans) expect(plan.gap).toBeLessThanOrEqual(0.01);
  });

  it("favours grassroots units when space is short", async () => {
    const contenders = [
      unit(1, 400, [126.65, 45.75]),
      unit(2, 400, [126.65, 45.75], { grassroots: true, level: "county" }),
    ];
    const result = await allocationPlans(contenders, [target(1, 500, [126.65, 45.75])], allocationOptions());
    for (const plan of result.plans) expect(plan.assignments.map((a) => a.unitId)).toEqual([2]);
  });

  it("greedy baseline: largest first into the nearest building with room", () => {
    const assignments = greedyAllocation(units, targets, 1);
    expect(assignments).toEqual([
      { unitId: 1, target: 0, area: 500 },
      { unitId: 2, target: 1, area: 200 },
    ]);
  });
});
