import type { ActionContext } from "./scenario-context.js";
import type { Destination, ScenarioBuilding, SpaceSelector } from "./scenario-model.js";

// Resolving what an action names: the space a unit gives (a selector) and the space it takes (a
// destination). Anything that does not resolve is reported on the action and left out, so the rest
// of the action still applies and validation can list every problem at once.

/** All of the unit: neither buildings nor rooms listed. */
export const isWholeUnit = (selector: SpaceSelector): boolean =>
  selector.buildingIds === undefined && selector.roomIds === undefined;

/**
 * Ids of the rooms the selector takes from its unit now: all it holds, or those in the listed buildings
 * plus the listed rooms. Null when the unit does not exist.
 */
export function selectSpace(context: ActionContext, selector: SpaceSelector): number[] | null {
  const { ledger } = context;
  const unitId = selector.unitId;
  if (!ledger.units.has(unitId)) {
    context.issue("unknown_unit", { unitId });
    return null;
  }
  const held = ledger.held(unitId);
  if (isWholeUnit(selector)) return [...held];
  const chosen = new Set<number>();
  for (const buildingId of selector.buildingIds ?? []) {
    if (!ledger.buildings.has(buildingId)) {
      context.issue("unknown_building", { buildingId });
      continue;
    }
    for (const roomId of held) {
      if (ledger.rooms.get(roomId)?.buildingId === buildingId) chosen.add(roomId);
    }
  }
  const listed = new Set<number>();
  for (const roomId of selector.roomIds ?? []) {
    const room = ledger.rooms.get(roomId);
    if (!room) {
      context.issue("unknown_room", { roomId });
      continue;
    }
    const label = ledger.roomLabel(room);
    if (listed.has(roomId)) {
      context.issue("room_given_twice", { roomId, room: label });
      continue;
    }
    listed.add(roomId);
    if (held.has(roomId)) chosen.add(roomId);
    else if (!ledger.inInventory(room)) context.issue("left_inventory", { roomId, label });
    else context.issue("room_not_held", { roomId, room: label, unitId, unit: ledger.unitName(unitId) });
  }
  return [...chosen];
}

/**
 * The building space goes to, or null when it does not exist or has left the inventory. Space that is not
 * titled to the administration is reported with `titleSeverity` (an error for allocations; a warning
 * for swaps, where the titles are exchanged as part of the swap) and still applied, so the metrics show it.
 */
export function destinationBuilding(
  context: ActionContext,
  buildingId: number,
  unitId: number,
  titleSeverity: "error" | "warning" = "error",
): ScenarioBuilding | null {
  const building = context.ledger.buildings.get(buildingId);
  if (!building) {
    context.issue("unknown_building", { buildingId });
    return null;
  }
  if (building.disposed) {
    context.issue("left_inventory", { buildingId, label: building.name });
    return null;
  }
  if (!building.administrationTitled) {
    context.issue(
      "not_administration_titled",
      { buildingId, building: building.name, unitId },
      titleSeverity,
    );
  }
  return building;
}

/**
 * The listed destination rooms that are free to take. `named` holds the rooms the action already names
 * (the space being left): a room named twice in one action is reported, as is one an earlier action
 * of the scenario gave to a unit that still holds it.
 */
export function destinationRooms(
  context: ActionContext,
  destination: Destination,
  named: Set<number>,
): number[] {
  const { ledger } = context;
  const free: number[] = [];
  for (const roomId of destination.roomIds ?? []) {
    const room = ledger.rooms.get(roomId);
    if (!room) {
      context.issue("unknown_room", { roomId });
      continue;
    }
    const label = ledger.roomLabel(room);
    if (named.has(roomId)) {
      context.issue("room_given_twice", { roomId, room: label });
      continue;
    }
    named.add(roomId);
    if (room.buildingId !== destination.buildingId) {
      context.issue("unknown_room", { roomId, buildingId: destination.buildingId });
    } else if (!ledger.inInventory(room)) {
      context.issue("left_inventory", { roomId, label });
    } else if (ledger.isFree(room)) {
      free.push(roomId);
    } else {
      const firstAction = ledger.givenAt.get(roomId);
      if (firstAction !== undefined && room.occupantUnitId !== null) {
        context.issue("room_given_twice", { roomId, room: label, firstAction });
      } else {
        context.issue("room_occupied", {
          roomId,
          room: label,
          occupantUnitId: room.occupantUnitId,
          ...(room.occupantUnitId === null ? {} : { occupant: ledger.unitName(room.occupantUnitId) }),
          status: room.status,
        });
      }
    }
  }
  return free;
}

/** Total usable m² of some rooms. */
export function areaOf(context: ActionContext, roomIds: Iterable<number>): number {
  let area = 0;
  for (const id of roomIds) area += context.ledger.rooms.get(id)?.usableArea ?? 0;
  return area;
}
