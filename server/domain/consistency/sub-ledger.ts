import type { RoomStatus, UseCategory } from "../demo/dataset.js";
import {
  type AreaTolerance,
  buildingNameOf,
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

/** One row of a unit's sub-ledger (分台账): a room as the unit reports it. */
export interface SubLedgerRow {
  readonly buildingId: number;
  readonly roomNumber: string;
  readonly useCategory: UseCategory;
  readonly usableArea: number;
  readonly status: RoomStatus;
}

/** Building and room number: how a sub-ledger names a room (it does not know the master ledger's ids). */
export const roomKey = (buildingId: number, roomNumber: string): string =>
  `${buildingId}/${roomNumber.trim()}`;

/**
 * 账账相符 for one unit: its latest sub-ledger against the master ledger. `ledger` holds at least every
 * room the master ledger gives the unit and every room in the buildings its sub-ledger names. A room
 * missing on either side, given to someone else, or differing in category, status or usable area
 * (beyond `tolerance`) is a mismatch.
 */
export function compareSubLedger(
  unitId: number,
  rows: readonly SubLedgerRow[],
  ledger: readonly LedgerRoom[],
  names: NameBook,
  tolerance: AreaTolerance = ROOM_AREA_TOLERANCE,
): Mismatch[] {
  // Room numbers are unique per floor, not per building: the first room of a key (lowest id) answers.
  const byKey = new Map<string, LedgerRoom>();
  for (const room of [...ledger].sort((a, b) => a.roomId - b.roomId)) {
    const key = roomKey(room.buildingId, room.roomNumber);
    if (!byKey.has(key)) byKey.set(key, room);
  }
  const unitName = unitNameOf(names, unitId) ?? "";
  const matched = new Set<number>();
  const mismatches: Mismatch[] = [];
  for (const row of rows) {
    const room = byKey.get(roomKey(row.buildingId, row.roomNumber));
    if (!room) {
      const buildingName = buildingNameOf(names, row.buildingId);
      mismatches.push({
        kind: "ledger_vs_subledger",
        code: "missing_in_ledger",
        unitId,
        buildingId: row.buildingId,
        buildingName,
        roomNumber: row.roomNumber,
        field: "room",
        ledgerValue: null,
        otherValue: row.roomNumber,
        message: `分台账列报的${roomPlace(buildingName, row.roomNumber)}在总台账中无登记`,
      });
      continue;
    }
    const subject = {
      kind: "ledger_vs_subledger" as const,
      unitId,
      buildingId: room.buildingId,
      buildingName: room.buildingName,
      roomId: room.roomId,
      roomNumber: room.roomNumber,
    };
    const place = roomPlace(room.buildingName, room.roomNumber);
    if (room.occupantUnitId !== unitId) {
      const holder = unitNameOf(names, room.occupantUnitId);
      mismatches.push({
        ...subject,
        code: "occupant_differs",
        field: "occupant_unit",
        ledgerValue: holder,
        otherValue: unitName,
        message:
          holder === null
            ? `分台账列报${place}为本单位使用，总台账登记为${statusZh(room.status)}（无使用单位）`
            : `分台账列报${place}为本单位使用，总台账登记为${holder}使用`,
      });
      continue;
    }
    matched.add(room.roomId);
    if (row.useCategory !== room.useCategory) {
      mismatches.push({
        ...subject,
        code: "value_differs",
        field: "use_category",
        ledgerValue: room.useCategory,
        otherValue: row.useCategory,
        message: `${place}用途：总台账为${categoryZh(room.useCategory)}，分台账为${categoryZh(row.useCategory)}`,
      });
    }
    if (row.status !== room.status) {
      mismatches.push({
        ...subject,
        code: "value_differs",
        field: "status",
        ledgerValue: room.status,
        otherValue: row.status,
        message: `${place}使用状态：总台账为${statusZh(room.status)}，分台账为${statusZh(row.status)}`,
      });
    }
    if (exceedsTolerance(room.usableArea, row.usableArea, tolerance)) {
      mismatches.push({
        ...subject,
        code: "value_differs",
        field: "usable_area",
        ledgerValue: room.usableArea,
        otherValue: row.usableArea,
        message: `${place}使用面积：总台账为${squareMetres(room.usableArea)}，分台账为${squareMetres(row.usableArea)}`,
      });
    }
  }
  for (const room of ledger) {
    if (room.occupantUnitId !== unitId || matched.has(room.roomId)) continue;
    mismatches.push({
      kind: "ledger_vs_subledger",
      code: "missing_in_subledger",
      unitId,
      buildingId: room.buildingId,
      buildingName: room.buildingName,
      roomId: room.roomId,
      roomNumber: room.roomNumber,
      field: "room",
      ledgerValue: room.roomNumber,
      otherValue: null,
      message: `总台账登记本单位使用的${roomPlace(room.buildingName, room.roomNumber)}（${categoryZh(room.useCategory)}，${squareMetres(room.usableArea)}）未列入分台账`,
    });
  }
  return mismatches.sort(compareMismatches);
}
