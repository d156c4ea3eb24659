import { distanceMeters } from "../allocation/allocation-model.js";
import { type IssueDetails, scenarioIssue } from "./scenario-issues.js";
import type { WorkingLedger } from "./scenario-ledger.js";
import type {
  ActionEffect,
  MoveFlow,
  RoomChange,
  ScenarioActionKind,
  ValidationCode,
  ValidationIssue,
} from "./scenario-model.js";

/** A place and the m² there: a room's building centre or a lease's location. */
export interface WeightedPlace {
  readonly at: readonly [number, number];
  readonly area: number;
}

/**
 * The area-weighted centre of some places. A plain weighted mean of longitudes and latitudes: the places
 * of one move lie within a city, where this is metres from the geodesic centre.
 */
export function centreOf(places: readonly WeightedPlace[]): [number, number] | null {
  if (places.length === 0) return null;
  const total = places.reduce((sum, place) => sum + place.area, 0);
  const weight = (place: WeightedPlace) => (total > 0 ? place.area : 1);
  const weights = total > 0 ? total : places.length;
  let lng = 0;
  let lat = 0;
  for (const place of places) {
    lng += place.at[0] * weight(place);
    lat += place.at[1] * weight(place);
  }
  return [toCentimetres(lng / weights), toCentimetres(lat / weights)];
}

/** 1e-7 degrees (about a centimetre): enough for an arc, and one building's centre comes out exact. */
const toCentimetres = (degrees: number) => Math.round(degrees * 1e7) / 1e7;

/** m² taken by units; for an action that only returns rooms (a vacate), the m² returned to the pool. */
function areaMoved(changes: readonly RoomChange[]): number {
  const taken = changes.reduce((sum, change) => sum + (change.toUnitId === null ? 0 : change.area), 0);
  return taken > 0 ? taken : changes.reduce((sum, change) => sum + change.area, 0);
}

/** One action being applied: the ledger plus what the action did, collected into its ActionEffect. */
export class ActionContext {
  readonly issues: ValidationIssue[] = [];
  readonly flows: MoveFlow[] = [];
  readonly roomsLeftInventory: number[] = [];
  readonly buildingsDisposed: number[] = [];
  readonly leasesAdded: (number | string)[] = [];
  readonly leasesEnded: (number | string)[] = [];
  readonly titlesTransferred: number[] = [];
  shortfall = 0;

  constructor(
    readonly ledger: WorkingLedger,
    readonly action: number,
    readonly kind: ScenarioActionKind,
  ) {
    ledger.changes = [];
  }

  issue<C extends ValidationCode>(
    code: C,
    detail: IssueDetails[C],
    severity: ValidationIssue["severity"] = "error",
  ): void {
    this.issues.push(scenarioIssue(this.action, code, detail, severity));
  }

  setOccupant(roomId: number, unitId: number | null): void {
    this.ledger.setOccupant(roomId, unitId, this.action);
  }

  endLease(id: number | string): void {
    this.ledger.endLease(id);
    this.leasesEnded.push(id);
  }

  /** A flow for the map from the centre of the space left to the centre of the space taken. */
  flow(unitId: number, left: readonly WeightedPlace[], taken: readonly WeightedPlace[]): void {
    const from = centreOf(left);
    const to = centreOf(taken);
    if (!from || !to) return;
    this.flows.push({
      action: this.action,
      unitId,
      from,
      to,
      area: taken.reduce((sum, place) => sum + place.area, 0),
      distanceMeters: distanceMeters(from, to),
    });
  }

  /** Rooms as places: each at its building's centre. */
  places(roomIds: Iterable<number>): WeightedPlace[] {
    const places: WeightedPlace[] = [];
    for (const id of roomIds) {
      const room = this.ledger.rooms.get(id);
      const building = room && this.ledger.buildings.get(room.buildingId);
      if (room && building) places.push({ at: building.center, area: room.usableArea });
    }
    return places;
  }

  effect(): ActionEffect {
    const roomChanges = this.ledger.changes;
    return {
      action: this.action,
      kind: this.kind,
      roomChanges,
      roomsLeftInventory: this.roomsLeftInventory,
      buildingsDisposed: this.buildingsDisposed,
      leasesAdded: this.leasesAdded,
      leasesEnded: this.leasesEnded,
      areaMoved: areaMoved(roomChanges),
      flows: this.flows,
      shortfall: this.shortfall,
      ...(this.titlesTransferred.length > 0 ? { titlesTransferred: this.titlesTransferred } : {}),
      issues: this.issues,
    };
  }
}
