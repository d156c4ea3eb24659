import {
  type Assignment,
  type CandidateUnit,
  distanceMeters,
  type TargetBuilding,
} from "./allocation-model.js";
import { canBeHoused } from "./lp-model.js";

/**
 * The baseline and fallback: largest demand first, each unit into the nearest target with room for
 * all of it; failing that (when it may be split) into the nearest targets with room, up to
 * `maxBuildingsPerUnit` of them; failing that, unhoused.
 */
export function greedyAllocation(
  units: readonly CandidateUnit[],
  targets: readonly TargetBuilding[],
  maxBuildingsPerUnit: number,
): Assignment[] {
  const room = targets.map((target) => Math.max(0, target.idleArea));
  const order = [...units]
    .filter(canBeHoused)
    .sort((p, q) => q.demandArea - p.demandArea || p.unitId - q.unitId);
  const assignments: Assignment[] = [];
  for (const unit of order) {
    const nearest = targets
      .map((target, index) => ({ index, distance: distanceMeters(unit.currentCenter, target.center) }))
      .sort((p, q) => p.distance - q.distance || p.index - q.index);
    const whole = nearest.find(({ index }) => (room[index] ?? 0) >= unit.demandArea - 1e-9);
    if (whole) {
      room[whole.index] = (room[whole.index] ?? 0) - unit.demandArea;
      assignments.push({ unitId: unit.unitId, target: whole.index, area: unit.demandArea });
      continue;
    }
    if (maxBuildingsPerUnit < 2) continue;
    const parts: Assignment[] = [];
    let left = unit.demandArea;
    for (const { index } of nearest) {
      if (parts.length === maxBuildingsPerUnit || left <= 1e-9) break;
      const take = Math.min(left, room[index] ?? 0);
      if (take <= 1e-9) continue;
      parts.push({ unitId: unit.unitId, target: index, area: round2(take) });
      left -= take;
    }
    if (left > 1e-6) continue;
    for (const part of parts) room[part.target] = (room[part.target] ?? 0) - part.area;
    assignments.push(...parts);
  }
  return assignments.sort((p, q) => p.unitId - q.unitId || p.target - q.target);
}

const round2 = (value: number) => Math.round(value * 100) / 100;
