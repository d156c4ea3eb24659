import type { AdminLevel, UnitKind } from "../demo/dataset.js";

// Swap and move scenarios (置换方案, DOMAIN.md workflows 3–4): a scenario is an ordered list of actions
// over a virtual copy of the live ledger. This file is the contract between the pure engine
// (apply, validate, metrics, compare) and the database layer that loads the state and stores actions.
// Areas are usable m², rent is 元 per year, distances are metres on the WGS84 sphere.

export type RoomUse = "office" | "service" | "equipment" | "ancillary" | "technical";
export type RoomStatus = "in_use" | "idle" | "leased_out" | "lent_out" | "vacating" | "pending_disposal";

export interface ScenarioRoom {
  readonly id: number;
  readonly buildingId: number;
  readonly floorId: number;
  readonly floorLevel: number;
  readonly number: string;
  readonly useCategory: RoomUse;
  readonly usableArea: number;
  readonly status: RoomStatus;
  readonly occupantUnitId: number | null;
  /** Converted to another use or disposed of: the room has left the office inventory. */
  readonly leftInventory?: "converted" | "disposed";
  /** Row version in the live ledger, to tell at apply time whether it changed since validation. */
  readonly version: number;
}

export interface ScenarioBuilding {
  readonly id: number;
  readonly name: string;
  readonly regionCode: string;
  /** Footprint centroid, [lon, lat]. */
  readonly center: readonly [number, number];
  readonly grossArea: number;
  readonly propertyClass: "office" | "technical" | "commercial" | "non_office_asset";
  /** Title held by the administration (机关事务管理局): only such space may be allocated. */
  readonly administrationTitled: boolean;
  readonly disposed?: boolean;
  /**
   * Occupied rooms of this building that are NOT in the working set (a building loaded only because a
   * working-set unit has rooms in it). 0 or absent when all its rooms are loaded. Needed to tell whether
   * the building is empty (disposal candidates, dispose).
   */
  readonly unloadedOccupiedRooms?: number;
  readonly version: number;
}

export interface ScenarioUnit {
  readonly id: number;
  readonly name: string;
  readonly regionCode: string;
  readonly adminLevel: AdminLevel;
  readonly kind: UnitKind;
  /** Entitled core usable m² (核定面积) from the standards engine; null when the unit has no staffing. */
  readonly entitledCore: number | null;
  /** People of the unit over their personal office limit in the live ledger (standards engine). */
  readonly overStandardPersons: number;
  /**
   * Entitled office-room area A = Σ rank limit × authorised headcount (unit_standard_status.entitled_office).
   * Used by the over-standard person rule (scenario-standards.ts); the person check is skipped without it.
   */
  readonly entitledOffice?: number | null;
}

export interface ScenarioLease {
  /** Live lease-in id, or a string id for a lease the scenario adds ("a3" = added by action 3). */
  readonly id: number | string;
  readonly unitId: number;
  readonly name: string;
  readonly location: readonly [number, number];
  readonly grossArea: number;
  readonly annualRent: number;
  readonly ended?: boolean;
  readonly version?: number;
}

/**
 * Region-wide sums of the live ledger, computed in SQL. The metrics after a scenario are these sums plus
 * the change inside the working set, so a province never has to be loaded into memory.
 */
export interface BaselineSums {
  readonly idleArea: number;
  readonly annualRentOutside: number;
  /** Sum over units of the sites (buildings and leases) each occupies. */
  readonly sites: number;
  /** Units that occupy at least one site (the denominator of sites per unit). */
  readonly unitsWithSpace: number;
  readonly unitsRentingOutside: number;
  readonly overStandardUnits: number;
  readonly overStandardPersons: number;
}

/**
 * The virtual ledger: a working set, not the whole province. It holds every unit an action names and
 * every unit occupying a building an action names, each with all its rooms and leases; every building
 * an action names with all its rooms; and the buildings those rooms are in. Maps are keyed by id. The
 * engine never mutates a state: it returns a new one.
 */
export interface ScenarioState {
  readonly buildings: ReadonlyMap<number, ScenarioBuilding>;
  readonly rooms: ReadonlyMap<number, ScenarioRoom>;
  readonly units: ReadonlyMap<number, ScenarioUnit>;
  readonly leases: readonly ScenarioLease[];
  readonly baseline: BaselineSums;
}

/**
 * Which part of a unit's space an action takes: all of it (neither list given), or the rooms it holds in
 * the listed buildings plus the listed rooms (both lists may be given: their union). A move of all of a
 * unit also ends its leases-in (the whole unit relocates); swaps, chains and vacates concern rooms only.
 */
export interface SpaceSelector {
  readonly unitId: number;
  readonly buildingIds?: readonly number[];
  readonly roomIds?: readonly number[];
}

/** Where space goes: listed rooms, or (rooms omitted) idle rooms of the building taken in floor/number order until the moved area is covered. */
export interface Destination {
  readonly buildingId: number;
  readonly roomIds?: readonly number[];
}

export type ScenarioAction =
  /** Move a unit (all or part) to a building or rooms; its old rooms become idle (the re-allocation pool). */
  | {
      readonly kind: "move";
      readonly from: SpaceSelector;
      readonly to: Destination;
      /**
       * An equal-area swap against the pool (等面积置换, the 18-unit machinery building): the area taken
       * is checked against the area left with the swap tolerance, and reported among the swap balances.
       */
      readonly equalArea?: boolean;
    }
  /** Swap spaces between two units (also across levels): each takes the other's selected rooms. */
  | { readonly kind: "swap"; readonly a: SpaceSelector; readonly b: SpaceSelector }
  /** Multi-party chain: unit i takes the selected space of unit i+1, the last takes the first's. */
  | { readonly kind: "chain"; readonly parties: readonly SpaceSelector[] }
  /** Vacate (腾退) space to the re-allocation pool. */
  | { readonly kind: "vacate"; readonly space: SpaceSelector }
  | {
      readonly kind: "lease_in";
      readonly unitId: number;
      readonly name: string;
      readonly location: readonly [number, number];
      readonly grossArea: number;
      readonly annualRent: number;
    }
  | { readonly kind: "end_lease"; readonly leaseId: number | string }
  /** Change of use (e.g. to a 群众之家): the rooms or the whole building leave the office inventory. */
  | {
      readonly kind: "convert";
      readonly buildingId: number;
      readonly roomIds?: readonly number[];
      readonly targetUse: string;
    }
  /** Disposal of a building (auction, transfer, demolition …): it leaves the inventory. Must be empty. */
  | { readonly kind: "dispose"; readonly buildingId: number; readonly method: string }
  /** Assignments of an allocation plan of a consolidation zone (issue 7), each a move into the building. */
  | {
      readonly kind: "allocate";
      readonly zoneId?: number;
      readonly assignments: readonly {
        readonly unitId: number;
        readonly buildingId: number;
        readonly area: number;
      }[];
      /**
       * The whole unit moves in (the zone analysis' "current" demand): its rooms in buildings outside the
       * plan become idle once all its demand is housed. Absent/false: the plan only adds space ("gap").
       */
      readonly releaseCurrentSpace?: boolean;
    };

export type ScenarioActionKind = ScenarioAction["kind"];

export type ValidationCode =
  | "unknown_unit"
  | "unknown_building"
  | "unknown_room"
  | "unknown_lease"
  | "capacity"
  | "room_given_twice"
  | "not_administration_titled"
  | "new_over_standard_unit"
  | "new_over_standard_person"
  | "unequal_swap"
  | "action_order"
  | "not_empty"
  | "nothing_selected"
  /** A destination room held by a unit of the live ledger that no action of the scenario frees. */
  | "room_occupied"
  /** A selected room the unit does not hold (and no earlier action gave it). */
  | "room_not_held"
  /** A room or building already converted or disposed of. */
  | "left_inventory"
  | "lease_ended"
  /** Both sides of a swap (or two parties of a chain) are the same unit. */
  | "same_unit";

export interface ValidationIssue {
  /** Index of the action in the scenario (0-based). */
  readonly action: number;
  readonly code: ValidationCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly messageZh: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** The equal-area check of a swap: both sides' areas and whether they are within the tolerance. */
export interface SwapBalance {
  readonly action: number;
  readonly areaA: number;
  readonly areaB: number;
  readonly difference: number;
  /** Tolerance as a share of the larger side (0.05 = 5 %). */
  readonly tolerance: number;
  readonly withinTolerance: boolean;
  /**
   * For a chain: the party whose given (areaA) and taken (areaB) space this compares. Equal-area moves
   * compare the area left (areaA) with the area taken (areaB).
   */
  readonly party?: number;
}

export interface ValidationOptions {
  /** Equal-area swap tolerance as a share of the larger side; default 0.05 (5 %). */
  readonly swapTolerance?: number;
}

/** A room whose occupant an action changed (null = idle, the re-allocation pool). */
export interface RoomChange {
  readonly roomId: number;
  readonly buildingId: number;
  readonly area: number;
  readonly fromUnitId: number | null;
  readonly toUnitId: number | null;
}

/** What one action did to the state, as `applyActions` applied it. */
export interface ActionEffect {
  readonly action: number;
  readonly kind: ScenarioActionKind;
  readonly roomChanges: readonly RoomChange[];
  /** Rooms that left the office inventory (converted, or in a disposed building). */
  readonly roomsLeftInventory: readonly number[];
  readonly buildingsDisposed: readonly number[];
  readonly leasesAdded: readonly (number | string)[];
  readonly leasesEnded: readonly (number | string)[];
  /** Usable m² of rooms taken by units (an action that only returns rooms, a vacate: the m² returned to the pool). */
  readonly areaMoved: number;
  readonly flows: readonly MoveFlow[];
  /** m² of a move or allocation its destination could not cover (0 when covered). */
  readonly shortfall: number;
  /**
   * Buildings outside the administration's title handed over whole in a swap or chain (a vertical
   * unit's buildings swapped across levels): their title passes to the administration with the swap.
   */
  readonly titlesTransferred?: readonly number[];
  /** What could not be applied as asked; validateScenario reports these with its own checks. */
  readonly issues: readonly ValidationIssue[];
}

export interface ValidationResult {
  readonly valid: boolean;
  readonly issues: readonly ValidationIssue[];
  readonly swaps: readonly SwapBalance[];
}

export interface UnitChange {
  readonly unitId: number;
  readonly name: string;
  readonly areaBefore: number;
  readonly areaAfter: number;
  /** Actual minus entitled core area (positive = over standard); null without staffing. */
  readonly gapBefore: number | null;
  readonly gapAfter: number | null;
  readonly sitesBefore: number;
  readonly sitesAfter: number;
}

/** One move for the map's arcs: from the centre of the space left to the centre of the space taken. */
export interface MoveFlow {
  readonly action: number;
  readonly unitId: number;
  readonly from: readonly [number, number];
  readonly to: readonly [number, number];
  readonly area: number;
  readonly distanceMeters: number;
}

export interface ScenarioTotals {
  readonly idleArea: number;
  readonly annualRentOutside: number;
  readonly rentSavedPerYear: number;
  readonly sitesPerUnit: number;
  readonly unitsRentingOutside: number;
  readonly overStandardUnits: number;
  readonly overStandardPersons: number;
  /** Buildings with no occupant left after the scenario (disposal candidates). */
  readonly buildingsEmptied: readonly number[];
  readonly averageMoveDistanceMeters: number;
  readonly buildingsTouched: number;
}

export interface ScenarioMetrics {
  readonly before: ScenarioTotals;
  readonly after: ScenarioTotals;
  readonly units: readonly UnitChange[];
  readonly flows: readonly MoveFlow[];
  /** Buildings whose occupancy changed, with the change of occupied area (m², + gained). */
  readonly buildingChanges: readonly { readonly buildingId: number; readonly occupiedDelta: number }[];
}

/** One row of `GET /api/scenarios/compare`: the value per scenario and the index of the best. */
export interface ComparisonRow {
  readonly key: keyof ScenarioTotals | string;
  readonly label: string;
  readonly labelEn: string;
  readonly unit: "m²" | "元/年" | "万元/年" | "m" | "个" | "人" | "";
  readonly better: "lower" | "higher";
  readonly values: readonly number[];
  /** Index of the best value (null when all are equal). */
  readonly best: number | null;
}
