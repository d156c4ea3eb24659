import type { ActionContext } from "./scenario-context.js";
import type { ScenarioAction, ScenarioRoom } from "./scenario-model.js";

// Actions on the inventory itself rather than on who holds it: leases-in, change of use, disposal
// (DOMAIN.md workflow 4, the outflow).

type Action<K extends ScenarioAction["kind"]> = Extract<ScenarioAction, { kind: K }>;

/** A new lease-in (在外租房); its id is "a" + the action's index, so later actions can end it. */
export function applyLeaseIn(context: ActionContext, action: Action<"lease_in">): void {
  if (!context.ledger.units.has(action.unitId)) {
    context.issue("unknown_unit", { unitId: action.unitId });
    return;
  }
  const id = `a${context.action}`;
  context.ledger.addLease({
    id,
    unitId: action.unitId,
    name: action.name,
    location: action.location,
    grossArea: action.grossArea,
    annualRent: action.annualRent,
  });
  context.leasesAdded.push(id);
}

export function applyEndLease(context: ActionContext, action: Action<"end_lease">): void {
  const lease = context.ledger.lease(action.leaseId);
  if (!lease) context.issue("unknown_lease", { leaseId: action.leaseId });
  else if (lease.ended) context.issue("lease_ended", { leaseId: action.leaseId });
  else context.endLease(lease.id);
}

/**
 * Change of use (e.g. to a 群众之家): the listed rooms, or all of the building's, leave the office
 * inventory. Occupied rooms are an error and stay: a unit must vacate them first.
 */
export function applyConvert(context: ActionContext, action: Action<"convert">): void {
  const { ledger } = context;
  const building = ledger.buildings.get(action.buildingId);
  if (!building) {
    context.issue("unknown_building", { buildingId: action.buildingId });
    return;
  }
  if (building.disposed) {
    context.issue("left_inventory", { buildingId: building.id, label: building.name });
    return;
  }
  const rooms: ScenarioRoom[] = [];
  if (action.roomIds) {
    for (const roomId of new Set(action.roomIds)) {
      const room = ledger.rooms.get(roomId);
      if (!room || room.buildingId !== building.id) {
        context.issue("unknown_room", { roomId, buildingId: building.id });
      } else if (room.leftInventory) {
        context.issue("left_inventory", { roomId, label: ledger.roomLabel(room) });
      } else rooms.push(room);
    }
  } else {
    rooms.push(...ledger.roomsOf(building.id).filter((room) => !room.leftInventory));
  }
  const occupied = rooms.filter((room) => room.occupantUnitId !== null);
  for (const room of rooms) {
    if (room.occupantUnitId !== null) continue;
    ledger.leaveInventory(room.id, "converted");
    context.roomsLeftInventory.push(room.id);
  }
  const unloaded = action.roomIds ? 0 : (building.unloadedOccupiedRooms ?? 0);
  if (occupied.length + unloaded > 0) {
    context.issue("not_empty", {
      buildingId: building.id,
      building: building.name,
      occupiedRooms: occupied.length + unloaded,
      roomIds: occupied.map((room) => room.id),
    });
  }
}

/** Disposal (auction, transfer, demolition …): an empty building leaves the inventory with all its rooms. */
export function applyDispose(context: ActionContext, action: Action<"dispose">): void {
  const { ledger } = context;
  const building = ledger.buildings.get(action.buildingId);
  if (!building) {
    context.issue("unknown_building", { buildingId: action.buildingId });
    return;
  }
  if (building.disposed) {
    context.issue("left_inventory", { buildingId: building.id, label: building.name });
    return;
  }
  const occupied = ledger.occupiedRooms(building.id);
  if (occupied.loaded.length + occupied.unloaded > 0) {
    context.issue("not_empty", {
      buildingId: building.id,
      building: building.name,
      occupiedRooms: occupied.loaded.length + occupied.unloaded,
      roomIds: occupied.loaded.map((room) => room.id),
    });
    return;
  }
  for (const room of ledger.roomsOf(building.id)) {
    if (room.leftInventory) continue;
    ledger.leaveInventory(room.id, "disposed");
    context.roomsLeftInventory.push(room.id);
  }
  ledger.dispose(building.id);
  context.buildingsDisposed.push(building.id);
}
