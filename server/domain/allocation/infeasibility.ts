import type { CandidateUnit, TargetBuilding } from "./allocation-model.js";

/** Why not every unit can be housed, and by how many m². */
export interface Infeasibility {
  readonly constraint: "entitlement" | "capacity" | "maxBuildingsPerUnit" | "packing";
  readonly shortfallArea: number;
  readonly message: string;
  readonly unitId?: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const m2 = (value: number) => `${round2(value).toLocaleString("en-US")} m²`;

/**
 * The first constraint that, on its own, rules out housing every unit: a demand above entitlement, the
 * total demand above the total idle area, or a unit larger than its `maxBuildingsPerUnit` largest
 * targets together. Computed directly, not read from the solver. Undefined when none of them bites
 * (bin packing can still fail: see `packingShortfall`).
 */
export function explainInfeasibility(
  units: readonly CandidateUnit[],
  targets: readonly TargetBuilding[],
  maxBuildingsPerUnit: number,
): Infeasibility | undefined {
  for (const unit of units) {
    if (unit.demandArea > unit.entitledArea + 1e-9) {
      const shortfall = unit.demandArea - unit.entitledArea;
      return {
        constraint: "entitlement",
        shortfallArea: round2(shortfall),
        unitId: unit.unitId,
        message: `Unit ${unit.unitId} needs ${m2(unit.demandArea)} but is entitled to ${m2(unit.entitledArea)}: ${m2(shortfall)} above its entitlement, which is never allocated`,
      };
    }
  }
  const demand = units.reduce((sum, unit) => sum + unit.demandArea, 0);
  const capacity = targets.reduce((sum, target) => sum + Math.max(0, target.idleArea), 0);
  if (demand > capacity + 1e-9) {
    return {
      constraint: "capacity",
      shortfallArea: round2(demand - capacity),
      message: `The units need ${m2(demand)} but the target buildings have ${m2(capacity)} idle: ${m2(demand - capacity)} short`,
    };
  }
  const largest = targets
    .map((target) => Math.max(0, target.idleArea))
    .sort((p, q) => q - p)
    .slice(0, maxBuildingsPerUnit)
    .reduce((sum, area) => sum + area, 0);
  const biggest = [...units].sort((p, q) => q.demandArea - p.demandArea || p.unitId - q.unitId)[0];
  if (biggest && biggest.demandArea > largest + 1e-9) {
    return {
      constraint: "maxBuildingsPerUnit",
      shortfallArea: round2(biggest.demandArea - largest),
      unitId: biggest.unitId,
      message: `Unit ${biggest.unitId} needs ${m2(biggest.demandArea)} but its ${maxBuildingsPerUnit} largest target building(s) hold ${m2(largest)} idle: ${m2(biggest.demandArea - largest)} short (allow more buildings per unit or add buildings)`,
    };
  }
  return undefined;
}

/** When the totals fit but the units do not pack: the demand left over by the plan housing the most. */
export function packingShortfall(unhousedDemand: number): Infeasibility {
  return {
    constraint: "packing",
    shortfallArea: round2(unhousedDemand),
    message: `The idle area suffices in total, but the units do not fit whole into the buildings: at best ${m2(unhousedDemand)} of demand stays unhoused`,
  };
}
