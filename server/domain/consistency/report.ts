import { type CertificateInput, compareCertificates } from "./certificates.js";
import { compareFieldChecks, type FieldObservation } from "./field-check.js";
import {
  type LedgerRoom,
  type Mismatch,
  type MismatchKind,
  mismatchKinds,
  type NameBook,
} from "./mismatch.js";
import { compareSubLedger, type SubLedgerRow } from "./sub-ledger.js";

/** A unit the report covers, with the date of its latest sub-ledger (null: none submitted). */
export interface CheckedUnit {
  readonly id: number;
  readonly name: string;
  readonly regionCode: string;
  readonly submittedOn: string | null;
}

/** Both sides of the three consistencies for a set of units. */
export interface ConsistencyData {
  readonly units: readonly CheckedUnit[];
  readonly names: NameBook;
  /** Every room the units occupy and every room in the buildings their sub-ledgers name. */
  readonly ledgerRooms: readonly LedgerRoom[];
  /** The rows of each unit's latest sub-ledger. */
  readonly subLedgers: ReadonlyMap<number, readonly SubLedgerRow[]>;
  readonly observations: readonly FieldObservation[];
  readonly certificates: CertificateInput;
  /** Whether mismatches nobody answers for (an unoccupied building's title) belong in the report. */
  readonly includeUnattributed: boolean;
}

/** Every mismatch of the three kinds answered by one of the units (or by no unit, if included). */
export function findMismatches(data: ConsistencyData): Mismatch[] {
  const checked = new Set(data.units.map((unit) => unit.id));
  const relevant = (mismatch: Mismatch) =>
    mismatch.unitId === null ? data.includeUnattributed : checked.has(mismatch.unitId);
  const byOccupant = groupBy(data.ledgerRooms, (room) => room.occupantUnitId);
  const byBuilding = groupBy(data.ledgerRooms, (room) => room.buildingId);
  const subLedger = data.units.flatMap((unit) => {
    const rows = data.subLedgers.get(unit.id);
    if (!rows) return [];
    const rooms = new Set(byOccupant.get(unit.id) ?? []);
    for (const buildingId of new Set(rows.map((row) => row.buildingId))) {
      for (const room of byBuilding.get(buildingId) ?? []) rooms.add(room);
    }
    return compareSubLedger(unit.id, rows, [...rooms], data.names);
  });
  const rooms = new Map(data.ledgerRooms.map((room) => [room.roomId, room]));
  return [
    ...subLedger,
    ...compareFieldChecks(data.observations, rooms, data.names),
    ...compareCertificates(data.certificates),
  ].filter(relevant);
}

export interface UnitMismatches {
  readonly unitId: number | null;
  readonly name: string | null;
  readonly regionCode: string | null;
  readonly submittedOn: string | null;
  readonly mismatches: readonly Mismatch[];
}

export interface ConsistencySummary {
  readonly unitsChecked: number;
  /** Units with a sub-ledger on file and no mismatch of any kind. */
  readonly unitsConsistent: number;
  readonly mismatches: Readonly<Record<MismatchKind, number>>;
  readonly unitsWithoutSubmission: number;
}

/**
 * The report: a summary over every kind, and the units with at least one mismatch of the kinds asked
 * for (all by default), in unit order; mismatches nobody answers for come last under a null unit.
 */
export function consistencyReport(
  units: readonly CheckedUnit[],
  mismatches: readonly Mismatch[],
  kinds: readonly MismatchKind[] = mismatchKinds,
): { summary: ConsistencySummary; units: UnitMismatches[] } {
  const byUnit = groupBy(mismatches, (mismatch) => mismatch.unitId);
  const counts = Object.fromEntries(mismatchKinds.map((kind) => [kind, 0])) as Record<MismatchKind, number>;
  for (const mismatch of mismatches) counts[mismatch.kind] += 1;
  const summary: ConsistencySummary = {
    unitsChecked: units.length,
    unitsConsistent: units.filter((unit) => unit.submittedOn !== null && !byUnit.has(unit.id)).length,
    mismatches: counts,
    unitsWithoutSubmission: units.filter((unit) => unit.submittedOn === null).length,
  };
  const wanted = (mismatch: Mismatch) => kinds.includes(mismatch.kind);
  const listed: UnitMismatches[] = [...units]
    .sort((a, b) => a.id - b.id)
    .map((unit) => ({
      unitId: unit.id,
      name: unit.name,
      regionCode: unit.regionCode,
      submittedOn: unit.submittedOn,
      mismatches: (byUnit.get(unit.id) ?? []).filter(wanted),
    }));
  const unattributed = (byUnit.get(null) ?? []).filter(wanted);
  listed.push({ unitId: null, name: null, regionCode: null, submittedOn: null, mismatches: unattributed });
  return { summary, units: listed.filter((entry) => entry.mismatches.length > 0) };
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
