import type { AdminLevel, UnitKind } from "../demo/dataset.js";

// The allocation problem of DOMAIN.md workflows 3 and 5: house candidate units in the idle space of
// target buildings, within capacity and never above a unit's entitlement. Areas are usable m²,
// rent is 元 per year, distances are metres on the WGS84 sphere.

/** A unit that could move into the target buildings. */
export interface CandidateUnit {
  readonly unitId: number;
  /** Usable m² the unit needs if it moves (all of it goes to the target buildings). */
  readonly demandArea: number;
  /** Entitled core usable m² (核定面积); nothing above it is ever allocated. */
  readonly entitledArea: number;
  readonly currentArea: number;
  /** Rent paid for space leased in (在外租房), saved when the unit is housed. */
  readonly currentAnnualRent: number;
  readonly currentCenter: readonly [number, number];
  readonly level: AdminLevel;
  readonly kind: UnitKind;
  /** County and township units: favoured by the management rules ("向基层倾斜"). */
  readonly grassroots: boolean;
  /** Share of the authorised headcount below leader ranks (0..1): favoured too. */
  readonly ordinaryStaffShare?: number;
  /** Sites (buildings and leases) the unit occupies now. */
  readonly currentSites?: number;
}

/** A target building (or one floor of it: then `buildingId` names the building, `floorLevel` the floor). */
export interface TargetBuilding {
  readonly buildingId: number;
  readonly floorLevel?: number;
  readonly idleArea: number;
  readonly center: readonly [number, number];
}

export const objectives = ["lowest_cost", "least_disruption", "most_consolidation"] as const;
export type Objective = (typeof objectives)[number];

/** Multipliers of the plan style's own weights (1 = the style as designed). */
export interface Weights {
  readonly rent: number;
  readonly distance: number;
  readonly fragmentation: number;
  readonly grassroots: number;
}

export interface AllocationOptions {
  readonly objective: Objective;
  readonly maxBuildingsPerUnit: number;
  readonly weights: Weights;
  /**
   * Every unit must be housed (the model fails, with an explanation, when it cannot be). Off by
   * default: an unhoused unit then costs a penalty per m² of demand, which outweighs every other term,
   * so the plan houses as much demand as fits before it looks at rent, distance or fragmentation.
   */
  readonly mustHouse: boolean;
  readonly timeLimitSeconds: number;
  readonly mipGap: number;
  /** Each unit is offered only its this many nearest targets with room (undefined: all of them). */
  readonly nearestTargets?: number;
}

export const defaultWeights: Weights = { rent: 1, distance: 1, fragmentation: 1, grassroots: 1 };

/** Options with their defaults filled in. */
export function allocationOptions(partial: Partial<AllocationOptions> = {}): AllocationOptions {
  return {
    objective: partial.objective ?? "lowest_cost",
    maxBuildingsPerUnit: partial.maxBuildingsPerUnit ?? 1,
    weights: { ...defaultWeights, ...partial.weights },
    mustHouse: partial.mustHouse ?? false,
    timeLimitSeconds: partial.timeLimitSeconds ?? 5,
    mipGap: partial.mipGap ?? 0.01,
    ...(partial.nearestTargets === undefined ? {} : { nearestTargets: partial.nearestTargets }),
  };
}

/**
 * Objective coefficients of one plan style (minimised), per unit of:
 * unhoused — m² of demand left unhoused; rent — 万元 of yearly rent still paid; distance — km moved
 * per 100 m² moved; fragmentation — 100 m² of idle space left over in a building the plan uses;
 * building — each building the plan uses; grassroots — 100 m² of a favoured unit left unhoused.
 */
export interface Coefficients {
  readonly unhoused: number;
  readonly rent: number;
  readonly distance: number;
  readonly fragmentation: number;
  readonly building: number;
  readonly grassroots: number;
}

const styles: Record<Objective, Omit<Coefficients, "unhoused">> = {
  // Rent saved first; short moves and tidy buildings only break ties.
  lowest_cost: { rent: 10, distance: 0.2, fragmentation: 0.1, building: 0, grassroots: 2 },
  // Each unit as close as possible to where it is now.
  least_disruption: { rent: 1, distance: 10, fragmentation: 0, building: 0, grassroots: 2 },
  // Few buildings, each filled up: leftover idle space is what is left to dispose of.
  most_consolidation: { rent: 1, distance: 0.2, fragmentation: 5, building: 20, grassroots: 2 },
};

/** A plan style's coefficients scaled by the caller's weights. */
export function coefficientsOf(objective: Objective, weights: Weights): Coefficients {
  const style = styles[objective];
  return {
    // Housing demand dominates: 1 000 m² unhoused outweighs 50 km of moves of 1 000 m² at weight 1.
    unhoused: 10,
    rent: style.rent * weights.rent,
    distance: style.distance * weights.distance,
    fragmentation: style.fragmentation * weights.fragmentation,
    building: style.building * weights.fragmentation,
    grassroots: style.grassroots * weights.grassroots,
  };
}

/** How much a unit is favoured: 1 for a grassroots unit plus its share of ordinary staff. */
export function favour(unit: CandidateUnit): number {
  return (unit.grassroots ? 1 : 0) + Math.min(1, Math.max(0, unit.ordinaryStaffShare ?? 0));
}

const EARTH_RADIUS_METERS = 6_371_008.8;

/** Great-circle distance in metres between two [lng, lat] positions. */
export function distanceMeters(a: readonly [number, number], b: readonly [number, number]): number {
  const radians = Math.PI / 180;
  const dLat = (b[1] - a[1]) * radians;
  const dLng = (b[0] - a[0]) * radians;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * radians) * Math.cos(b[1] * radians) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** One unit's area in one target. */
export interface Assignment {
  readonly unitId: number;
  /** Index into the targets. */
  readonly target: number;
  readonly area: number;
}

/** The cost of a set of assignments under a plan style's coefficients (the MIP's objective, constant included). */
export function planCost(
  units: readonly CandidateUnit[],
  targets: readonly TargetBuilding[],
  assignments: readonly Assignment[],
  coefficients: Coefficients,
): number {
  const housed = new Set(assignments.map((assignment) => assignment.unitId));
  const used = new Map<number, number>();
  let cost = 0;
  for (const unit of units) {
    // Favour is a cost of leaving a favoured unit out (not a bonus for housing it): every cost stays ≥ 0.
    if (!housed.has(unit.unitId))
      cost +=
        coefficients.unhoused * unit.demandArea +
        coefficients.rent * (unit.currentAnnualRent / 10_000) +
        coefficients.grassroots * favour(unit) * (unit.demandArea / 100);
  }
  const byUnit = new Map(units.map((unit) => [unit.unitId, unit]));
  for (const assignment of assignments) {
    const unit = byUnit.get(assignment.unitId);
    const target = targets[assignment.target];
    if (!unit || !target) continue;
    cost += coefficients.distance * moveCoefficient(unit, target);
    used.set(assignment.target, (used.get(assignment.target) ?? 0) + assignment.area);
  }
  for (const [index, area] of used) {
    const target = targets[index] as TargetBuilding;
    cost += coefficients.fragmentation * ((target.idleArea - area) / 100) + coefficients.building;
  }
  return cost;
}

/** km moved × hundreds of m² moved: a move of a big unit disturbs more people. */
export function moveCoefficient(unit: CandidateUnit, target: TargetBuilding): number {
  return (distanceMeters(unit.currentCenter, target.center) / 1000) * (unit.demandArea / 100);
}
