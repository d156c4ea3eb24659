import type { RoomStatus, UseCategory } from "../demo/dataset.js";
import {
  type AreaTolerance,
  categoryZh,
  compareMismatches,
  exceedsTolerance,
  type LedgerRoom,
  type Mismatch,
  type NameBook,
  ROOM_AREA_TOLERANCE,
  roomPlace,
  squareMetres,
  statusZh,
  unitNameOf,
} from "./mismatch.js";

/** What an inspector recorded in one room; an absent (null) observation was not recorded. */
export interface FieldObservation {
  readonly id: number;
  readonly roomId: number;
  readonly inspectionId: number;
  /** The unit the inspection was of, if any: answerable when neither side names an occupant. */
  readonly inspectionUnitId: number | null;
  /** 'YYYY-MM-DD'. */
  readonly checkedOn: string;
  readonly observedStatus: RoomStatus | null;
  readonly observedUseCategory: UseCategory | null;
  readonly observedUsableArea: number | null;
  readonly observedOccupantUnitId: number | null;
}

/** The latest observation of each room (by check date, then by record id): earlier ones are history. */
export function latestPerRoom(observations: readonly FieldObservation[]): FieldObservation[] {
  const latest = new Map<number, FieldObservation>();
  for (const observation of observations) {
    const current = latest.get(observation.roomId);
    if (
      !current ||
      observation.checkedOn > current.checkedOn ||
      (observation.checkedOn === current.checkedOn && observation.id > current.id)
    ) {
      latest.set(observation.roomId, observation);
    }
  }
  return [...latest.values()];
}

/**
 * 账实相符: the latest field observation of each room against the master ledger, aspect by aspect
 * (status, use category, usable area beyond `tolerance`, occupant unit). The ledger's occupant answers
 * for a difference; for a room the ledger gives no one, the unit found in it, else the inspected unit.
 */
export function compareFieldChecks(
  observations: readonly FieldObservation[],
  ledger: ReadonlyMap<number, LedgerRoom>,
  names: NameBook,
  tolerance: AreaTolerance = ROOM_AREA_TOLERANCE,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  for (const observation of latestPerRoom(observations)) {
    const room = ledger.get(observation.roomId);
    if (!room) continue;
    const subject = {
      kind: "ledger_vs_field" as const,
      code: "value_differs" as const,
      unitId: room.occupantUnitId ?? observation.observedOccupantUnitId ?? observation.inspectionUnitId,
      buildingId: room.buildingId,
      buildingName: room.buildingName,
      roomId: room.roomId,
      roomNumber: room.roomNumber,
    };
    const place = roomPlace(room.buildingName, room.roomNumber);
    const on = `（${observation.checkedOn}实地核查）`;
    const { observedStatus, observedUseCategory, observedUsableArea, observedOccupantUnitId } = observation;
    if (observedStatus !== null && observedStatus !== room.status) {
      mismatches.push({
        ...subject,
        field: "status",
        ledgerValue: room.status,
        otherValue: observedStatus,
        message: `${place}使用状态：台账为${statusZh(room.status)}，实地为${statusZh(observedStatus)}${on}`,
      });
    }
    if (observedUseCategory !== null && observedUseCategory !== room.useCategory) {
      mismatches.push({
        ...subject,
        field: "use_category",
        ledgerValue: room.useCategory,
        otherValue: observedUseCategory,
        message: `${place}用途：台账为${categoryZh(room.useCategory)}，实地为${categoryZh(observedUseCategory)}${on}`,
      });
    }
    if (observedUsableArea !== null && exceedsTolerance(room.usableArea, observedUsableArea, tolerance)) {
      mismatches.push({
        ...subject,
        field: "usable_area",
        ledgerValue: room.usableArea,
        otherValue: observedUsableArea,
        message: `${place}使用面积：台账为${squareMetres(room.usableArea)}，实测为${squareMetres(observedUsableArea)}${on}`,
      });
    }
    if (observedOccupantUnitId !== null && observedOccupantUnitId !== room.occupantUnitId) {
      const recorded = unitNameOf(names, room.occupantUnitId);
      const found = unitNameOf(names, observedOccupantUnitId);
      mismatches.push({
        ...subject,
        code: "occupant_differs",
        field: "occupant_unit",
        ledgerValue: recorded,
        otherValue: found,
        message: `${place}使用单位：台账为${recorded ?? "无（闲置）"}，实地为${found}${on}`,
      });
    }
  }
  return mismatches.sort(compareMismatches);
}
