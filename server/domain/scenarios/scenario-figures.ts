import type { RoomUse, ScenarioRoom, ScenarioState } from "./scenario-model.js";

// Per-unit and per-building sums over a state, in one pass over its rooms and leases: what the metrics
// and the standards checks compare before and after.

/** Core office space (基本办公用房) as unit_standard_status counts it: in-use office, service, equipment rooms. */
export const CORE_USES: ReadonlySet<RoomUse> = new Set<RoomUse>(["office", "service", "equipment"]);

export interface UnitFigures {
  /** Usable m² of every room the unit holds (any use): the unit's side of the conservation sum. */
  area: number;
  /** In-use core usable m²: compared with the entitlement. */
  core: number;
  /** In-use office-room usable m²: compared with the entitled office area for the person rule. */
  office: number;
  /** Buildings it holds rooms in plus its active leases-in. */
  sites: number;
  activeLeases: number;
  annualRent: number;
}

export interface StateFigures {
  readonly units: ReadonlyMap<number, UnitFigures>;
  /** Occupied usable m² and rooms per building (loaded rooms only). */
  readonly occupied: ReadonlyMap<number, { area: number; rooms: number }>;
  /** Usable m² of idle rooms still in the inventory. */
  readonly idleArea: number;
  readonly annualRent: number;
}

/** Still office inventory: not converted, not in a disposed building. */
export function inInventory(state: ScenarioState, room: ScenarioRoom): boolean {
  return !room.leftInventory && state.buildings.get(room.buildingId)?.disposed !== true;
}

/** The sums of one state. */
export function stateFigures(state: ScenarioState): StateFigures {
  const units = new Map<number, UnitFigures>();
  const buildingsOf = new Map<number, Set<number>>();
  const figuresOf = (unitId: number) => {
    let figures = units.get(unitId);
    if (!figures) {
      figures = { area: 0, core: 0, office: 0, sites: 0, activeLeases: 0, annualRent: 0 };
      units.set(unitId, figures);
    }
    return figures;
  };
  for (const unitId of state.units.keys()) figuresOf(unitId);
  const occupied = new Map<number, { area: number; rooms: number }>();
  let idleArea = 0;
  for (const room of state.rooms.values()) {
    if (!inInventory(state, room)) continue;
    if (room.occupantUnitId === null) {
      if (room.status === "idle") idleArea += room.usableArea;
      continue;
    }
    const figures = figuresOf(room.occupantUnitId);
    figures.area += room.usableArea;
    if (room.status === "in_use" && CORE_USES.has(room.useCategory)) figures.core += room.usableArea;
    if (room.status === "in_use" && room.useCategory === "office") figures.office += room.usableArea;
    const buildings = buildingsOf.get(room.occupantUnitId);
    if (buildings) buildings.add(room.buildingId);
    else buildingsOf.set(room.occupantUnitId, new Set([room.buildingId]));
    const building = occupied.get(room.buildingId);
    if (building) {
      building.area += room.usableArea;
      building.rooms += 1;
    } else occupied.set(room.buildingId, { area: room.usableArea, rooms: 1 });
  }
  let annualRent = 0;
  for (const lease of state.leases) {
    if (lease.ended) continue;
    const figures = figuresOf(lease.unitId);
    figures.activeLeases += 1;
    figures.annualRent += lease.annualRent;
    annualRent += lease.annualRent;
  }
  for (const [unitId, figures] of units) {
    figures.sites = (buildingsOf.get(unitId)?.size ?? 0) + figures.activeLeases;
  }
  return { units, occupied, idleArea, annualRent };
}

/** Per unit: how many in-use office rooms it held before and how many of them it still holds after. */
export function officeRoomsKept(
  before: ScenarioState,
  after: ScenarioState,
): Map<number, { held: number; kept: number }> {
  const kept = new Map<number, { held: number; kept: number }>();
  for (const room of before.rooms.values()) {
    const unitId = room.occupantUnitId;
    if (unitId === null || room.status !== "in_use" || room.useCategory !== "office") continue;
    if (!inInventory(before, room)) continue;
    const entry = kept.get(unitId) ?? { held: 0, kept: 0 };
    entry.held += 1;
    const now = after.rooms.get(room.id);
    if (now && now.occupantUnitId === unitId && inInventory(after, now)) entry.kept += 1;
    kept.set(unitId, entry);
  }
  return kept;
}

/** The sums of a state before and after a scenario, computed once for validation and metrics alike. */
export interface ScenarioFigures {
  readonly before: StateFigures;
  readonly after: StateFigures;
  readonly officeKept: ReadonlyMap<number, { held: number; kept: number }>;
}

export function scenarioFigures(before: ScenarioState, after: ScenarioState): ScenarioFigures {
  return {
    before: stateFigures(before),
    after: stateFigures(after),
    officeKept: officeRoomsKept(before, after),
  };
}
