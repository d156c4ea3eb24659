import {
  type AllocationOptions,
  type Assignment,
  type CandidateUnit,
  coefficientsOf,
  distanceMeters,
  type Objective,
  objectives,
  planCost,
  type TargetBuilding,
} from "./allocation-model.js";
import { greedyAllocation } from "./greedy.js";
import { type SolveStatus, solveWithHighs } from "./highs-solver.js";
import { explainInfeasibility, type Infeasibility, packingShortfall } from "./infeasibility.js";
import { canBeHoused } from "./lp-model.js";

export interface PlanAssignment {
  readonly unitId: number;
  readonly buildingId: number;
  readonly floorLevel?: number;
  readonly area: number;
}

export type UnhousedReason = "demand_above_entitlement" | "no_room";

export interface PlanMetrics {
  readonly unitsHoused: number;
  readonly areaAllocated: number;
  /** 元 per year of leases-in given up by the housed units. */
  readonly rentSavedPerYear: number;
  readonly totalMoveDistanceMeters: number;
  readonly averageMoveDistanceMeters: number;
  readonly buildingsUsed: number;
  /** Sites the housed units occupy now, and will occupy after the plan. */
  readonly sitesBefore: number;
  readonly sitesAfter: number;
  /** Idle m² left in the buildings the plan uses. */
  readonly leftoverIdleArea: number;
}

export interface AllocationPlan {
  readonly name: string;
  readonly objective: Objective;
  readonly assignments: PlanAssignment[];
  readonly unhoused: Array<{ unitId: number; reason: UnhousedReason }>;
  readonly metrics: PlanMetrics;
  /** The plan's objective value, and the greedy baseline's under the same objective. */
  readonly cost: number;
  readonly greedyCost: number;
  readonly gap: number | null;
  readonly status: SolveStatus;
  readonly solveMs: number;
}

export interface AllocationResult {
  readonly plans: AllocationPlan[];
  readonly infeasible?: Infeasibility;
}

export const planNames: Record<Objective, string> = {
  lowest_cost: "最低成本方案 (lowest cost)",
  least_disruption: "最少搬迁方案 (least disruption)",
  most_consolidation: "最集中方案 (most consolidation)",
};

/**
 * At least two alternative plans (DOMAIN.md workflow 5): the requested objective first, then the other
 * styles, each solved with HiGHS within its share of the time limit (the greedy plan stands in when
 * HiGHS finds none in time), plus why not every unit can be housed when that is so.
 */
export async function allocationPlans(
  units: readonly CandidateUnit[],
  targets: readonly TargetBuilding[],
  options: AllocationOptions,
  onPlan: (done: number, total: number) => void = () => {},
): Promise<AllocationResult> {
  const order: Objective[] = [options.objective, ...objectives.filter((o) => o !== options.objective)];
  const explained = explainInfeasibility(units, targets, options.maxBuildingsPerUnit);
  if (options.mustHouse && explained) return { plans: [], infeasible: explained };
  const share = { ...options, timeLimitSeconds: options.timeLimitSeconds / order.length };
  const plans: AllocationPlan[] = [];
  for (const objective of order) {
    const coefficients = coefficientsOf(objective, options.weights);
    const greedy = greedyAllocation(units, targets, options.maxBuildingsPerUnit);
    const solved = await solveWithHighs(units, targets, share, coefficients, greedy);
    const greedyCost = planCost(units, targets, greedy, coefficients);
    const fallback = solved.cost === null && solved.status !== "infeasible";
    const assignments = fallback ? greedy : solved.assignments;
    plans.push({
      name: planNames[objective],
      objective,
      ...describePlan(units, targets, assignments),
      cost: round2(fallback ? greedyCost : (solved.cost ?? Number.NaN)),
      greedyCost: round2(greedyCost),
      gap: fallback ? null : solved.gap,
      status: fallback ? "greedy_fallback" : solved.status,
      solveMs: Math.round(solved.solveMs),
    });
    onPlan(plans.length, order.length);
  }
  if (options.mustHouse) {
    const failed = plans.find((plan) => plan.status === "infeasible");
    if (failed) {
      // Totals fit, packing does not: the plan housing the most demand says by how much.
      const relaxed = await solveWithHighs(
        units,
        targets,
        { ...share, mustHouse: false },
        { unhoused: 1, rent: 0, distance: 0, fragmentation: 0, building: 0, grassroots: 0 },
      );
      return { plans: [], infeasible: packingShortfall(unhousedDemand(units, relaxed.assignments)) };
    }
    return { plans };
  }
  const best = Math.min(...plans.map((plan) => unhousedDemand(units, plan.assignments)));
  const infeasible = explained ?? (best > 1e-6 ? packingShortfall(best) : undefined);
  return infeasible ? { plans, infeasible } : { plans };
}

function unhousedDemand(units: readonly CandidateUnit[], assignments: readonly { unitId: number }[]): number {
  const housed = new Set(assignments.map((assignment) => assignment.unitId));
  return units.filter((unit) => !housed.has(unit.unitId)).reduce((sum, unit) => sum + unit.demandArea, 0);
}

/** The assignments by building, the units left out and why, and the plan's metrics. */
export function describePlan(
  units: readonly CandidateUnit[],
  targets: readonly TargetBuilding[],
  assignments: readonly Assignment[],
): Pick<AllocationPlan, "assignments" | "unhoused" | "metrics"> {
  const byUnit = new Map<number, Assignment[]>();
  for (const assignment of assignments)
    byUnit.set(assignment.unitId, [...(byUnit.get(assignment.unitId) ?? []), assignment]);
  const usedArea = new Map<number, number>();
  for (const assignment of assignments)
    usedArea.set(assignment.target, (usedArea.get(assignment.target) ?? 0) + assignment.area);
  let totalDistance = 0;
  let rentSaved = 0;
  let sitesBefore = 0;
  let sitesAfter = 0;
  const unhoused: AllocationPlan["unhoused"] = [];
  for (const unit of units) {
    const parts = byUnit.get(unit.unitId);
    if (!parts) {
      unhoused.push({
        unitId: unit.unitId,
        reason: canBeHoused(unit) ? "no_room" : "demand_above_entitlement",
      });
      continue;
    }
    const area = parts.reduce((sum, part) => sum + part.area, 0);
    // Area-weighted: a unit split over two buildings moves partly to each.
    totalDistance += parts.reduce(
      (sum, part) =>
        sum +
        distanceMeters(unit.currentCenter, (targets[part.target] as TargetBuilding).center) *
          (part.area / area),
      0,
    );
    rentSaved += unit.currentAnnualRent;
    sitesBefore += unit.currentSites ?? 1;
    sitesAfter += new Set(parts.map((part) => (targets[part.target] as TargetBuilding).buildingId)).size;
  }
  const housedCount = byUnit.size;
  const leftover = [...usedArea].reduce(
    (sum, [index, area]) => sum + ((targets[index] as TargetBuilding).idleArea - area),
    0,
  );
  return {
    assignments: assignments.map((assignment) => {
      const target = targets[assignment.target] as TargetBuilding;
      return {
        unitId: assignment.unitId,
        buildingId: target.buildingId,
        ...(target.floorLevel === undefined ? {} : { floorLevel: target.floorLevel }),
        area: assignment.area,
      };
    }),
    unhoused,
    metrics: {
      unitsHoused: housedCount,
      areaAllocated: round2(assignments.reduce((sum, assignment) => sum + assignment.area, 0)),
      rentSavedPerYear: round2(rentSaved),
      totalMoveDistanceMeters: Math.round(totalDistance),
      averageMoveDistanceMeters: housedCount === 0 ? 0 : Math.round(totalDistance / housedCount),
      buildingsUsed: new Set(
        [...usedArea.keys()].map((index) => (targets[index] as TargetBuilding).buildingId),
      ).size,
      sitesBefore,
      sitesAfter,
      leftoverIdleArea: round2(leftover),
    },
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;
