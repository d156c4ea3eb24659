import type { RoomStatus, UseCategory } from "../demo/dataset.js";
import { roomStatusLabels, useCategoryLabels } from "../labels.js";

/**
 * The three consistencies (三相符) of the 2017 management rules: the master ledger (总台账) against the
 * units' sub-ledgers (账账相符), against what inspectors find on site (账实相符) and against the title
 * and use certificates (账证相符).
 */
/** The codes rooms are recorded with (rooms table CHECK constraints), for validating submitted rows. */
export const useCategoryCodes = ["office", "service", "equipment", "ancillary", "technical"] as const;
export const roomStatusCodes = [
  "in_use",
  "idle",
  "leased_out",
  "lent_out",
  "vacating",
  "pending_disposal",
] as const;

export const mismatchKinds = ["ledger_vs_subledger", "ledger_vs_field", "ledger_vs_certificate"] as const;
export type MismatchKind = (typeof mismatchKinds)[number];

/** What a mismatch is about; `ledgerValue` and `otherValue` hold that field on either side. */
export type MismatchField =
  | "room"
  | "use_category"
  | "usable_area"
  | "status"
  | "occupant_unit"
  | "title_certificate"
  | "title_holder"
  | "use_certificate"
  | "certificate_area";

/** Stable codes clients translate; `message` is the Chinese reading of the same facts. */
export type MismatchCode =
  /** A room the master ledger gives the unit is not in its sub-ledger. */
  | "missing_in_subledger"
  /** A sub-ledger (or field) room the master ledger does not have at all. */
  | "missing_in_ledger"
  /** The room is the unit's on one side and idle or another unit's on the other. */
  | "occupant_differs"
  /** Use category, status or usable area differ (area beyond the tolerance). */
  | "value_differs"
  /** An office building without a title certificate (不动产权证). */
  | "no_title_certificate"
  /** An office building titled to someone other than an offices administration. */
  | "title_not_administration"
  /** A unit occupies a building without a valid (unrevoked) use certificate. */
  | "no_use_certificate"
  /** The certified area differs from the area the unit uses in the building beyond the tolerance. */
  | "certificate_area_differs"
  /** A valid use certificate for a building the unit no longer uses. */
  | "certificate_without_use";

export type MismatchValue = string | number | null;

export interface Mismatch {
  readonly kind: MismatchKind;
  readonly code: MismatchCode;
  /** The unit answerable for the difference; null for an unoccupied building's title. */
  readonly unitId: number | null;
  readonly buildingId: number;
  readonly buildingName: string;
  readonly roomId?: number;
  readonly roomNumber?: string;
  readonly field: MismatchField;
  /** The master ledger's value (codes for categories and statuses, m² for areas, names for units). */
  readonly ledgerValue: MismatchValue;
  /** The sub-ledger's, the inspector's or the certificate's value. */
  readonly otherValue: MismatchValue;
  readonly message: string;
}

/** An area difference is a mismatch when it exceeds both `absolute` m² and `relative` × the ledger area. */
export interface AreaTolerance {
  readonly absolute: number;
  readonly relative: number;
}

/**
 * Rooms: 0.1 m² or 1 % — both sides copy the same survey, so only rounding may differ. Certificates:
 * 1 m² or 1 % — a certificate states the allocation in whole figures while rooms are surveyed to 0.01 m².
 */
export const ROOM_AREA_TOLERANCE: AreaTolerance = { absolute: 0.1, relative: 0.01 };
export const CERTIFICATE_AREA_TOLERANCE: AreaTolerance = { absolute: 1, relative: 0.01 };

/** Whether `other` differs from `ledger` beyond the tolerance (areas compared at 0.01 m²). */
export function exceedsTolerance(ledger: number, other: number, tolerance: AreaTolerance): boolean {
  const difference = Math.abs(round2(ledger - other));
  return difference > Math.max(tolerance.absolute, tolerance.relative * Math.abs(ledger)) + 1e-9;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A room as the master ledger records it. */
export interface LedgerRoom {
  readonly roomId: number;
  readonly buildingId: number;
  readonly buildingName: string;
  readonly roomNumber: string;
  readonly useCategory: UseCategory;
  readonly usableArea: number;
  readonly status: RoomStatus;
  readonly occupantUnitId: number | null;
}

/** Names the messages print: units and buildings by id. */
export interface NameBook {
  readonly units: ReadonlyMap<number, string>;
  readonly buildings: ReadonlyMap<number, string>;
}

export const unitNameOf = (names: NameBook, unitId: number | null): string | null =>
  unitId === null ? null : (names.units.get(unitId) ?? `单位${unitId}`);

export const buildingNameOf = (names: NameBook, buildingId: number): string =>
  names.buildings.get(buildingId) ?? `楼宇${buildingId}`;

export const categoryZh = (category: UseCategory): string => useCategoryLabels[category].zh;
export const statusZh = (status: RoomStatus): string => roomStatusLabels[status].zh;

/** 12.5 → "12.50 m²", as ledgers print areas. */
export const squareMetres = (area: number): string => `${area.toFixed(2)} m²`;

/** The place a message names: 楼宇 + 房间号. */
export const roomPlace = (buildingName: string, roomNumber: string): string =>
  `${buildingName} ${roomNumber} 室`;

/** Stable order: building, room number, field, unit (none first). */
export function compareMismatches(a: Mismatch, b: Mismatch): number {
  return (
    a.buildingId - b.buildingId ||
    (a.roomNumber ?? "").localeCompare(b.roomNumber ?? "", "en", { numeric: true }) ||
    a.field.localeCompare(b.field) ||
    (a.unitId ?? 0) - (b.unitId ?? 0)
  );
}
