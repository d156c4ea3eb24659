import { Random } from "../../server/domain/random.js";
import type {
  RoomUse,
  ScenarioAction,
  ScenarioBuilding,
  ScenarioLease,
  ScenarioRoom,
  ScenarioState,
  ScenarioUnit,
  SpaceSelector,
} from "../../server/domain/scenarios/scenario-model.js";

// Seeded random scenario states and action lists for the property tests and the 500-action test.

export interface StateSize {
  readonly buildings: number;
  readonly roomsPerBuilding: number;
  readonly units: number;
}

const uses: readonly RoomUse[] = [
  "office",
  "office",
  "office",
  "service",
  "service",
  "equipment",
  "ancillary",
];

/** Buildings 1…n with rooms b × 1000 + i, about two thirds occupied by units 1…m, the rest idle. */
export function generatedState(random: Random, size: StateSize): ScenarioState {
  const buildings = new Map<number, ScenarioBuilding>();
  const rooms = new Map<number, ScenarioRoom>();
  const units = new Map<number, ScenarioUnit>();
  for (let id = 1; id <= size.units; id += 1) {
    const staffed = random.chance(0.9);
    units.set(id, {
      id,
      name: `单位${id}`,
      regionCode: "230100",
      adminLevel: "provincial",
      kind: "government_department",
      entitledCore: staffed ? random.area(100, 3000) : null,
      overStandardPersons: random.integer(0, 2),
      entitledOffice: staffed ? random.area(50, 1500) : null,
    });
  }
  for (let id = 1; id <= size.buildings; id += 1) {
    buildings.set(id, {
      id,
      name: `楼${id}`,
      regionCode: "230100",
      center: [126.5 + random.between(0, 0.2), 45.6 + random.between(0, 0.2)],
      grossArea: 5000,
      propertyClass: "office",
      administrationTitled: random.chance(0.9),
      version: 1,
    });
    for (let index = 0; index < size.roomsPerBuilding; index += 1) {
      const floorLevel = 1 + Math.floor(index / 10);
      const occupant = random.chance(0.65) ? random.integer(1, size.units) : null;
      const roomId = id * 1000 + index;
      rooms.set(roomId, {
        id: roomId,
        buildingId: id,
        floorId: id * 100 + floorLevel,
        floorLevel,
        number: `${floorLevel}${String(index % 10).padStart(2, "0")}`,
        useCategory: random.pick(uses),
        usableArea: random.area(9, 60),
        status: occupant === null ? "idle" : "in_use",
        occupantUnitId: occupant,
        version: 1,
      });
    }
  }
  const leases: ScenarioLease[] = [];
  for (const unit of units.values()) {
    if (!random.chance(0.2)) continue;
    leases.push({
      id: leases.length + 1,
      unitId: unit.id,
      name: `租赁${leases.length + 1}`,
      location: [126.6, 45.7],
      grossArea: random.area(50, 400),
      annualRent: random.area(50_000, 500_000),
    });
  }
  const baseline = {
    idleArea: 50_000,
    annualRentOutside: 10_000_000,
    sites: 900,
    unitsWithSpace: 500,
    unitsRentingOutside: 60,
    overStandardUnits: 40,
    overStandardPersons: 120,
  };
  return { buildings, rooms, units, leases, baseline };
}

/** Removes and returns up to `count` random items. */
function takeSome<T>(random: Random, items: T[], count: number): T[] {
  const taken: T[] = [];
  while (taken.length < count && items.length > 0) {
    const index = random.integer(0, items.length - 1);
    taken.push(items[index] as T);
    items[index] = items[items.length - 1] as T;
    items.pop();
  }
  return taken;
}

/**
 * A scenario every action of which applies cleanly: explicit rooms only, each room named once in the
 * whole scenario (so the rooms whose occupant changes are exactly the rooms named), destinations idle
 * and titled to the administration.
 */
export function cleanScenario(
  random: Random,
  state: ScenarioState,
  count: number,
): { actions: ScenarioAction[]; named: Set<number> } {
  const held = new Map<number, number[]>();
  const idle = new Map<number, number[]>();
  for (const room of state.rooms.values()) {
    if (room.occupantUnitId !== null)
      held.set(room.occupantUnitId, [...(held.get(room.occupantUnitId) ?? []), room.id]);
    else if (state.buildings.get(room.buildingId)?.administrationTitled) {
      idle.set(room.buildingId, [...(idle.get(room.buildingId) ?? []), room.id]);
    }
  }
  const unitIds = [...state.units.keys()];
  const buildingIds = [...idle.keys()];
  const named = new Set<number>();
  const give = (unitId: number, most: number): SpaceSelector | null => {
    const rooms = takeSome(random, held.get(unitId) ?? [], random.integer(1, most));
    return rooms.length > 0 ? { unitId, roomIds: rooms } : null;
  };
  const distinctUnits = (n: number) => takeSome(random, [...unitIds], n);
  const actions: ScenarioAction[] = [];
  // Rooms count as named only once their action is kept (a half-built action's rooms are not reused).
  const keep = (
    action: ScenarioAction,
    selectors: readonly SpaceSelector[],
    destination: readonly number[] = [],
  ) => {
    for (const id of [...selectors.flatMap((selector) => selector.roomIds ?? []), ...destination])
      named.add(id);
    actions.push(action);
  };
  for (let attempt = 0; actions.length < count && attempt < count * 20; attempt += 1) {
    const kind = random.pick(["move", "swap", "chain", "vacate"] as const);
    if (kind === "move") {
      const buildingId = random.pick(buildingIds.length > 0 ? buildingIds : [0]);
      const from = give(random.pick(unitIds), 3);
      const to = takeSome(random, idle.get(buildingId) ?? [], random.integer(1, 2));
      if (!from || to.length === 0) continue;
      keep({ kind, from, to: { buildingId, roomIds: to } }, [from], to);
    } else if (kind === "vacate") {
      const space = give(random.pick(unitIds), 2);
      if (space) keep({ kind, space }, [space]);
    } else {
      const parties = distinctUnits(kind === "swap" ? 2 : 3).map((unitId) => give(unitId, 2));
      if (parties.some((party) => party === null)) continue;
      const [a, b] = parties as SpaceSelector[];
      const selectors = parties as SpaceSelector[];
      if (kind === "swap" && a && b) keep({ kind, a, b }, selectors);
      else keep({ kind: "chain", parties: selectors }, selectors);
    }
  }
  return { actions, named };
}

/**
 * Anything goes: whole units, buildings, listed rooms held or not, unknown ids, automatic and listed
 * destinations (occupied or not), allocations, leases. What does not resolve is reported, never thrown.
 */
export function messyScenario(random: Random, state: ScenarioState, count: number): ScenarioAction[] {
  const unitIds = [...state.units.keys(), 999_999];
  const buildingIds = [...state.buildings.keys(), 999_999];
  const roomIds = [...state.rooms.keys(), 999_999];
  const roomsByBuilding = new Map<number, number[]>();
  for (const room of state.rooms.values()) {
    roomsByBuilding.set(
      room.buildingId,
      [...(roomsByBuilding.get(room.buildingId) ?? []), room.id].slice(0, 3),
    );
  }
  const selector = (): SpaceSelector => {
    const unitId = random.pick(unitIds);
    const choice = random.integer(0, 2);
    if (choice === 0) return { unitId };
    if (choice === 1) return { unitId, buildingIds: [random.pick(buildingIds)] };
    return { unitId, roomIds: [random.pick(roomIds), random.pick(roomIds)] };
  };
  const actions: ScenarioAction[] = [];
  for (let index = 0; index < count; index += 1) {
    const kind = random.pick([
      "move",
      "move",
      "swap",
      "chain",
      "vacate",
      "allocate",
      "lease_in",
      "end_lease",
    ] as const);
    const buildingId = random.pick(buildingIds);
    if (kind === "move") {
      const listed = random.chance(0.4);
      actions.push({
        kind,
        from: selector(),
        to: listed ? { buildingId, roomIds: roomsByBuilding.get(buildingId) ?? [] } : { buildingId },
      });
    } else if (kind === "swap") actions.push({ kind, a: selector(), b: selector() });
    else if (kind === "chain") actions.push({ kind, parties: [selector(), selector(), selector()] });
    else if (kind === "vacate") actions.push({ kind, space: selector() });
    else if (kind === "allocate") {
      actions.push({
        kind,
        assignments: [{ unitId: random.pick(unitIds), buildingId, area: random.area(10, 300) }],
        releaseCurrentSpace: random.chance(0.5),
      });
    } else if (kind === "lease_in") {
      actions.push({
        kind,
        unitId: random.pick(unitIds),
        name: "新租",
        location: [126.6, 45.7],
        grossArea: 100,
        annualRent: 1,
      });
    } else
      actions.push({
        kind,
        leaseId: random.chance(0.5) ? random.integer(1, 5) : `a${random.integer(0, count)}`,
      });
  }
  return actions;
}

export { Random };
