// Which floors a plan's units take inside the buildings it gives them (DOMAIN.md workflow 5: a plan
// says where a unit goes, down to the floor). The optimiser decides buildings; within a building the
// idle space is spread over floors, and a unit is best kept on one floor, else on as few as possible.

/** Idle usable area on one floor of a target building (m²). */
export interface FloorSpace {
  readonly floorLevel: number;
  readonly idleArea: number;
}

/** A unit's share of one floor (m²). */
export interface FloorShare {
  readonly floorLevel: number;
  readonly area: number;
}

export interface BuildingAssignment {
  readonly unitId: number;
  readonly buildingId: number;
  readonly area: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const EPSILON = 1e-6;

/**
 * Floors for each assignment, in the order given: per building, the largest units first; a unit goes
 * whole to the floor with the least idle area that still holds it (best fit, so large floors stay for
 * large units), else over the floors with the most idle area, largest first. Floors never take more
 * than their idle area; an assignment beyond what the floors hold keeps the rest without a floor
 * (floorLevel null), which a plan within the building's capacity never needs.
 */
export function placeOnFloors(
  assignments: readonly BuildingAssignment[],
  floorsOf: ReadonlyMap<number, readonly FloorSpace[]>,
): Array<Array<FloorShare | { floorLevel: null; area: number }>> {
  const left = new Map<number, Map<number, number>>();
  for (const [buildingId, floors] of floorsOf)
    left.set(buildingId, new Map(floors.map((floor) => [floor.floorLevel, floor.idleArea])));
  const order = assignments
    .map((assignment, index) => ({ assignment, index }))
    .sort((a, b) => b.assignment.area - a.assignment.area || a.assignment.unitId - b.assignment.unitId);
  const placed: Array<Array<FloorShare | { floorLevel: null; area: number }>> = assignments.map(() => []);
  for (const { assignment, index } of order) {
    const floors = left.get(assignment.buildingId) ?? new Map<number, number>();
    const shares = placed[index] as Array<FloorShare | { floorLevel: null; area: number }>;
    const whole = [...floors]
      .filter(([, idle]) => idle + EPSILON >= assignment.area)
      .sort((a, b) => a[1] - b[1] || a[0] - b[0])[0];
    if (whole) {
      floors.set(whole[0], whole[1] - assignment.area);
      shares.push({ floorLevel: whole[0], area: round2(assignment.area) });
      continue;
    }
    let rest = assignment.area;
    for (const [level, idle] of [...floors].sort((a, b) => b[1] - a[1] || a[0] - b[0])) {
      if (rest <= EPSILON) break;
      const take = Math.min(idle, rest);
      if (take <= EPSILON) continue;
      floors.set(level, idle - take);
      shares.push({ floorLevel: level, area: round2(take) });
      rest -= take;
    }
    if (rest > 0.005) shares.push({ floorLevel: null, area: round2(rest) });
  }
  return placed;
}
