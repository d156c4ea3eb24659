import { roundArea } from "../standards/entitlement.js";
import type { ActionContext, WeightedPlace } from "./scenario-context.js";
import { AREA_EPSILON } from "./scenario-ledger.js";
import type { ScenarioAction, ScenarioBuilding, SpaceSelector } from "./scenario-model.js";
import { areaOf, destinationBuilding, destinationRooms, isWholeUnit, selectSpace } from "./scenario-space.js";

// Actions that change who holds which rooms: move, swap, chain, vacate, allocate (DOMAIN.md workflows
// 3–4). Rooms a unit leaves go to the re-allocation pool (idle, no occupant); rooms it takes are in use.

type Action<K extends ScenarioAction["kind"]> = Extract<ScenarioAction, { kind: K }>;

const leasePlaces = (leases: readonly { location: readonly [number, number]; grossArea: number }[]) =>
  leases.map((lease): WeightedPlace => ({ at: lease.location, area: lease.grossArea }));

/**
 * Move (all or part of) a unit. Listed destination rooms are taken as given; without them the
 * building's idle core rooms are taken in floor/number order until the area left is covered. When the
 * building has too little, the unit still leaves and takes every idle room there is: the rest is the
 * action's shortfall, reported as a capacity error (the metrics then show the unit short of space).
 * A move of all of a unit also ends its leases-in; their gross area counts in the area to cover.
 */
export function applyMove(context: ActionContext, action: Action<"move">): void {
  const { ledger } = context;
  const unitId = action.from.unitId;
  const left = selectSpace(context, action.from);
  if (left === null) return;
  const leases = isWholeUnit(action.from) ? ledger.activeLeases(unitId) : [];
  if (left.length === 0 && leases.length === 0) {
    context.issue("nothing_selected", { unitId, unit: ledger.unitName(unitId) });
    return;
  }
  if (action.to.roomIds?.length === 0) {
    context.issue("nothing_selected", { unitId: null });
    return;
  }
  const building = destinationBuilding(context, action.to.buildingId, unitId);
  if (!building) return;
  const needed = areaOf(context, left) + leases.reduce((sum, lease) => sum + lease.grossArea, 0);
  let taken: number[];
  if (action.to.roomIds) {
    taken = destinationRooms(context, action.to, new Set(left));
  } else {
    taken = takeIdleRooms(context, building, needed).rooms;
  }
  const leftPlaces = [...context.places(left), ...leasePlaces(leases)];
  for (const roomId of left) context.setOccupant(roomId, null);
  for (const lease of leases) context.endLease(lease.id);
  for (const roomId of taken) context.setOccupant(roomId, unitId);
  context.flow(unitId, leftPlaces, context.places(taken));
}

/** Idle core rooms of the building covering `needed` m², or all there are: the rest is a capacity error. */
function takeIdleRooms(
  context: ActionContext,
  building: ScenarioBuilding,
  needed: number,
): { rooms: number[]; covered: number } {
  const rooms = context.ledger.takeIdle(building.id, needed).map((room) => room.id);
  const covered = areaOf(context, rooms);
  if (covered < needed - AREA_EPSILON) {
    context.shortfall += needed - covered;
    context.issue("capacity", {
      buildingId: building.id,
      building: building.name,
      needed: roundArea(needed),
      available: roundArea(covered),
      shortfall: roundArea(needed - covered),
    });
  }
  return { rooms, covered };
}

/** Swap: each side takes the other's selected rooms (a chain of two). */
export function applySwap(context: ActionContext, action: Action<"swap">): void {
  applyChain(context, { kind: "chain", parties: [action.a, action.b] });
}

/**
 * Multi-party chain: party i takes the selected rooms of party i + 1, the last the first's. Nothing
 * happens unless every party exists, is distinct and gives something. Space outside the
 * administration's title is a warning here: across levels the titles are exchanged with the swap.
 */
export function applyChain(context: ActionContext, action: Action<"chain">): void {
  const { ledger } = context;
  const parties = action.parties;
  if (parties.length < 2) {
    context.issue("nothing_selected", { unitId: parties[0]?.unitId ?? null });
    return;
  }
  const units = new Set<number>();
  for (const party of parties) {
    if (units.has(party.unitId)) {
      context.issue("same_unit", { unitId: party.unitId, unit: ledger.unitName(party.unitId) });
      return;
    }
    units.add(party.unitId);
  }
  reportRoomsNamedTwice(context, parties);
  const selections: number[][] = [];
  for (const party of parties) {
    const rooms = selectSpace(context, party);
    if (rooms === null) return;
    if (rooms.length === 0) {
      context.issue("nothing_selected", { unitId: party.unitId, unit: ledger.unitName(party.unitId) });
      return;
    }
    selections.push(rooms);
  }
  const places = selections.map((rooms) => context.places(rooms));
  const handedOver = parties.map((party, index) =>
    wholeBuildings(context, party.unitId, selections[index] ?? []),
  );
  parties.forEach((party, index) => {
    const next = (index + 1) % parties.length;
    const given = selections[next] ?? [];
    const buildings = new Set(given.map((roomId) => ledger.rooms.get(roomId)?.buildingId));
    for (const buildingId of buildings) {
      if (buildingId !== undefined) destinationBuilding(context, buildingId, party.unitId, "warning");
    }
    for (const roomId of given) context.setOccupant(roomId, party.unitId);
  });
  for (const buildingId of handedOver.flat()) {
    if (ledger.buildings.get(buildingId)?.administrationTitled) continue;
    ledger.takeTitle(buildingId);
    context.titlesTransferred.push(buildingId);
  }
  parties.forEach((party, index) => {
    context.flow(party.unitId, places[index] ?? [], places[(index + 1) % parties.length] ?? []);
  });
}

/**
 * Buildings a unit hands over whole: every occupied room in it is the unit's and selected (idle rooms
 * go with the building), none outside the working set. Across levels (a vertical unit's buildings,
 * titled to its parent department) the title of such a building passes to the administration with
 * the swap, so its space can then be re-allocated (DOMAIN.md: the statistics survey team's buildings).
 */
function wholeBuildings(context: ActionContext, unitId: number, selected: readonly number[]): number[] {
  const { ledger } = context;
  const chosen = new Set(selected);
  const buildings = new Set<number>();
  for (const roomId of selected) {
    const buildingId = ledger.rooms.get(roomId)?.buildingId;
    if (buildingId !== undefined) buildings.add(buildingId);
  }
  return [...buildings].filter((buildingId) => {
    const occupied = ledger.occupiedRooms(buildingId);
    return (
      occupied.unloaded === 0 &&
      occupied.loaded.every((room) => room.occupantUnitId === unitId && chosen.has(room.id))
    );
  });
}

/** The same room listed by two parties of one swap or chain. */
function reportRoomsNamedTwice(context: ActionContext, parties: readonly SpaceSelector[]): void {
  const seen = new Set<number>();
  for (const party of parties) {
    for (const roomId of new Set(party.roomIds ?? [])) {
      if (seen.has(roomId)) {
        const room = context.ledger.rooms.get(roomId);
        context.issue("room_given_twice", {
          roomId,
          room: room ? context.ledger.roomLabel(room) : String(roomId),
        });
      }
      seen.add(roomId);
    }
  }
}

/** Vacate (腾退): the selected rooms go back to the re-allocation pool. */
export function applyVacate(context: ActionContext, action: Action<"vacate">): void {
  const rooms = selectSpace(context, action.space);
  if (rooms === null) return;
  if (rooms.length === 0) {
    const unitId = action.space.unitId;
    context.issue("nothing_selected", { unitId, unit: context.ledger.unitName(unitId) });
    return;
  }
  for (const roomId of rooms) context.setOccupant(roomId, null);
}

interface Housing {
  demand: number;
  housed: number;
  readonly buildings: Set<number>;
  readonly taken: WeightedPlace[];
  /** The unit's space before the action: where its arc starts when it gives nothing up. */
  readonly current: WeightedPlace[];
}

/**
 * An allocation plan (issue 7): each assignment takes idle core rooms of its building in floor/number
 * order until its area is covered (a shortfall is a capacity error). A unit whose whole demand in the
 * plan is housed ends its leases-in (the reason it was a candidate: rent saved); with
 * `releaseCurrentSpace` its rooms outside the plan's buildings also return to the pool. A unit only
 * partly housed keeps its leases and rooms. The arc starts from what the unit gave up, or from its
 * current space when it gave nothing up.
 */
export function applyAllocate(context: ActionContext, action: Action<"allocate">): void {
  const { ledger } = context;
  if (action.assignments.length === 0) {
    context.issue("nothing_selected", { unitId: null });
    return;
  }
  const housing = new Map<number, Housing>();
  for (const assignment of action.assignments) {
    const unitId = assignment.unitId;
    if (!ledger.units.has(unitId)) {
      context.issue("unknown_unit", { unitId });
      continue;
    }
    if (!(assignment.area > 0)) {
      context.issue("nothing_selected", { unitId, unit: ledger.unitName(unitId) });
      continue;
    }
    let entry = housing.get(unitId);
    if (!entry) {
      const current = [...context.places(ledger.held(unitId)), ...leasePlaces(ledger.activeLeases(unitId))];
      entry = { demand: 0, housed: 0, buildings: new Set(), taken: [], current };
      housing.set(unitId, entry);
    }
    entry.demand += assignment.area;
    const building = destinationBuilding(context, assignment.buildingId, unitId);
    if (!building) continue;
    const { rooms, covered } = takeIdleRooms(context, building, assignment.area);
    entry.taken.push(...context.places(rooms));
    for (const roomId of rooms) context.setOccupant(roomId, unitId);
    entry.housed += covered;
    entry.buildings.add(building.id);
  }
  for (const [unitId, entry] of housing) {
    const given: WeightedPlace[] = [];
    if (entry.housed >= entry.demand - AREA_EPSILON) {
      const leases = ledger.activeLeases(unitId);
      given.push(...leasePlaces(leases));
      for (const lease of leases) context.endLease(lease.id);
      if (action.releaseCurrentSpace) {
        const released = [...ledger.held(unitId)].filter(
          (roomId) => !entry.buildings.has(ledger.rooms.get(roomId)?.buildingId ?? -1),
        );
        given.push(...context.places(released));
        for (const roomId of released) context.setOccupant(roomId, null);
      }
    }
    context.flow(unitId, given.length > 0 ? given : entry.current, entry.taken);
  }
}
