import { CORE_USES } from "./scenario-figures.js";
import type {
  RoomChange,
  ScenarioBuilding,
  ScenarioLease,
  ScenarioRoom,
  ScenarioState,
  ScenarioUnit,
} from "./scenario-model.js";

// The engine's private working copy of a scenario state: copied once per applyActions call (never the
// caller's maps) and indexed by unit and by building, so an action costs the rooms it touches, not a
// scan of the tens of thousands in the working set.

const collator = new Intl.Collator("en", { numeric: true });

/** Floor, then room number ("2" before "10"), then id: the order idle rooms are taken in. */
export const roomOrder = (a: ScenarioRoom, b: ScenarioRoom): number =>
  a.floorLevel - b.floorLevel || collator.compare(a.number, b.number) || a.id - b.id;

/** Half a hundredth of a m²: areas are surveyed to 2 decimals. */
export const AREA_EPSILON = 0.005;

export class WorkingLedger {
  readonly rooms: Map<number, ScenarioRoom>;
  readonly buildings: Map<number, ScenarioBuilding>;
  readonly units: ReadonlyMap<number, ScenarioUnit>;
  readonly leases: ScenarioLease[];
  readonly #base: ScenarioState;
  readonly #roomsByUnit = new Map<number, Set<number>>();
  readonly #roomsByBuilding = new Map<number, ScenarioRoom["id"][]>();
  readonly #sortedBuildings = new Set<number>();
  readonly #leaseIndex = new Map<string, number>();
  /** The action that last gave each room to a unit in this scenario. */
  readonly givenAt = new Map<number, number>();
  /** Where the current action's room changes are recorded. */
  changes: RoomChange[] = [];

  constructor(state: ScenarioState) {
    this.#base = state;
    this.rooms = new Map(state.rooms);
    this.buildings = new Map(state.buildings);
    this.units = state.units;
    this.leases = [...state.leases];
    for (const room of state.rooms.values()) {
      const ids = this.#roomsByBuilding.get(room.buildingId);
      if (ids) ids.push(room.id);
      else this.#roomsByBuilding.set(room.buildingId, [room.id]);
      if (room.occupantUnitId !== null && !room.leftInventory) this.#hold(room.occupantUnitId, room.id);
    }
    this.leases.forEach((lease, index) => {
      this.#leaseIndex.set(String(lease.id), index);
    });
  }

  /** The state as it now stands (new maps; the input state is untouched). */
  toState(): ScenarioState {
    return {
      buildings: this.buildings,
      rooms: this.rooms,
      units: this.units,
      leases: this.leases,
      baseline: this.#base.baseline,
    };
  }

  /** "Building 3F 305": how a room is named in messages. */
  roomLabel(room: ScenarioRoom): string {
    return `${this.buildings.get(room.buildingId)?.name ?? room.buildingId} ${room.number}`;
  }

  unitName(unitId: number): string {
    return this.units.get(unitId)?.name ?? String(unitId);
  }

  inInventory(room: ScenarioRoom): boolean {
    return !room.leftInventory && this.buildings.get(room.buildingId)?.disposed !== true;
  }

  /** Idle, unassigned and still office inventory: the re-allocation pool. */
  isFree(room: ScenarioRoom): boolean {
    return room.status === "idle" && room.occupantUnitId === null && this.inInventory(room);
  }

  /** Ids of the rooms a unit holds now. */
  held(unitId: number): ReadonlySet<number> {
    return this.#roomsByUnit.get(unitId) ?? new Set();
  }

  /** The loaded rooms of a building in floor/number order. */
  roomsOf(buildingId: number): ScenarioRoom[] {
    const ids = this.#roomsByBuilding.get(buildingId) ?? [];
    if (!this.#sortedBuildings.has(buildingId)) {
      ids.sort((a, b) => roomOrder(this.rooms.get(a) as ScenarioRoom, this.rooms.get(b) as ScenarioRoom));
      this.#sortedBuildings.add(buildingId);
    }
    return ids.map((id) => this.rooms.get(id) as ScenarioRoom);
  }

  /** Occupied rooms of a building (in no particular order), the loaded ones and those outside the working set. */
  occupiedRooms(buildingId: number): { loaded: ScenarioRoom[]; unloaded: number } {
    const loaded: ScenarioRoom[] = [];
    for (const id of this.#roomsByBuilding.get(buildingId) ?? []) {
      const room = this.rooms.get(id) as ScenarioRoom;
      if (room.occupantUnitId !== null && !room.leftInventory) loaded.push(room);
    }
    return { loaded, unloaded: this.buildings.get(buildingId)?.unloadedOccupiedRooms ?? 0 };
  }

  /**
   * Free core rooms of a building (ancillary and technical rooms follow other rules) in floor/number
   * order until `area` is covered (the last room may overshoot): all of them when it has too little.
   */
  takeIdle(buildingId: number, area: number): ScenarioRoom[] {
    const taken: ScenarioRoom[] = [];
    let covered = 0;
    for (const room of this.roomsOf(buildingId)) {
      if (covered >= area - AREA_EPSILON) break;
      if (!CORE_USES.has(room.useCategory) || !this.isFree(room)) continue;
      taken.push(room);
      covered += room.usableArea;
    }
    return taken;
  }

  /** Free core area of a building. */
  idleCoreArea(buildingId: number): number {
    let area = 0;
    for (const room of this.roomsOf(buildingId)) {
      if (CORE_USES.has(room.useCategory) && this.isFree(room)) area += room.usableArea;
    }
    return area;
  }

  /** Gives a room to a unit (in use) or returns it to the pool (idle), recording the change. */
  setOccupant(roomId: number, unitId: number | null, action: number): void {
    const room = this.rooms.get(roomId);
    if (!room || room.occupantUnitId === unitId) return;
    if (room.occupantUnitId !== null) this.#roomsByUnit.get(room.occupantUnitId)?.delete(roomId);
    if (unitId !== null) {
      this.#hold(unitId, roomId);
      this.givenAt.set(roomId, action);
    }
    this.rooms.set(roomId, { ...room, occupantUnitId: unitId, status: unitId === null ? "idle" : "in_use" });
    this.changes.push({
      roomId,
      buildingId: room.buildingId,
      area: room.usableArea,
      fromUnitId: room.occupantUnitId,
      toUnitId: unitId,
    });
  }

  leaveInventory(roomId: number, how: "converted" | "disposed"): void {
    const room = this.rooms.get(roomId);
    if (!room || room.leftInventory) return;
    if (room.occupantUnitId !== null) this.#roomsByUnit.get(room.occupantUnitId)?.delete(roomId);
    this.rooms.set(roomId, { ...room, leftInventory: how });
  }

  /** The administration takes the title of a building (handed over whole in a cross-level swap). */
  takeTitle(buildingId: number): void {
    const building = this.buildings.get(buildingId);
    if (building) this.buildings.set(buildingId, { ...building, administrationTitled: true });
  }

  dispose(buildingId: number): void {
    const building = this.buildings.get(buildingId);
    if (building) this.buildings.set(buildingId, { ...building, disposed: true });
  }

  lease(id: number | string): ScenarioLease | undefined {
    const index = this.#leaseIndex.get(String(id));
    return index === undefined ? undefined : this.leases[index];
  }

  activeLeases(unitId: number): ScenarioLease[] {
    return this.leases.filter((lease) => lease.unitId === unitId && !lease.ended);
  }

  addLease(lease: ScenarioLease): void {
    this.#leaseIndex.set(String(lease.id), this.leases.length);
    this.leases.push(lease);
  }

  endLease(id: number | string): void {
    const index = this.#leaseIndex.get(String(id));
    const lease = index === undefined ? undefined : this.leases[index];
    if (index !== undefined && lease) this.leases[index] = { ...lease, ended: true };
  }

  #hold(unitId: number, roomId: number): void {
    const ids = this.#roomsByUnit.get(unitId);
    if (ids) ids.add(roomId);
    else this.#roomsByUnit.set(unitId, new Set([roomId]));
  }
}
