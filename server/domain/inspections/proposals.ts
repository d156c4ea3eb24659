import {
  categoryZh,
  exceedsTolerance,
  ROOM_AREA_TOLERANCE,
  roomPlace,
  round2,
  squareMetres,
  statusZh,
} from "../consistency/mismatch.js";
import type { RoomStatus, UseCategory } from "../demo/dataset.js";
import type { Severity } from "../rule-catalogue.js";

/** A person the ledger seats in a room, with the office limit the standards engine gives them. */
export interface ChecklistOccupant {
  readonly personId: number;
  readonly name: string;
  readonly rankCode: string;
  readonly rankName: string;
  /** Usable m² per person (2014 standard, at the unit's effective level); null when unknown. */
  readonly limit: number | null;
}

/** A room of an inspection's checklist, as the master ledger records it. */
export interface ChecklistRoom {
  readonly roomId: number;
  readonly buildingId: number;
  readonly buildingName: string;
  readonly floorName: string;
  readonly number: string;
  readonly useCategory: UseCategory;
  readonly usableArea: number;
  readonly status: RoomStatus;
  readonly occupantUnitId: number | null;
  readonly occupantUnitName: string | null;
  readonly occupants: readonly ChecklistOccupant[];
}

/** The latest field result of a room within one inspection; null aspects were not recorded. */
export interface RoomObservation {
  readonly resultId: number;
  readonly checkedOn: string;
  readonly observedStatus: RoomStatus | null;
  readonly observedUseCategory: UseCategory | null;
  readonly observedUsableArea: number | null;
  readonly observedOccupantUnitId: number | null;
  readonly observedOccupantUnitName: string | null;
  readonly observedOccupants: string | null;
  readonly note: string | null;
}

export const proposalRules = [
  "field_area_differs",
  "field_use_differs",
  "field_status_differs",
  "field_occupant_differs",
  "field_person_differs",
  "over_standard_office",
] as const;
export type ProposalRule = (typeof proposalRules)[number];

/** A finding the inspection suggests; the inspector reviews it and confirms it into the ledger. */
export interface ProposedFinding {
  /** Stable within the inspection: rule, room and person. */
  readonly key: string;
  readonly rule: ProposalRule;
  readonly unitId: number;
  readonly buildingId: number;
  readonly roomId: number;
  readonly roomNumber: string;
  readonly personId: number | null;
  readonly severity: Severity;
  readonly description: string;
  readonly ledgerValue: string | number | null;
  readonly observedValue: string | number | null;
}

/** The office standard of a room: Σ of its occupants' limits (null when it is no office or has none). */
export function standardAreaOf(room: ChecklistRoom): number | null {
  if (room.useCategory !== "office" || room.occupants.length === 0) return null;
  if (room.occupants.some((occupant) => occupant.limit === null)) return null;
  return round2(room.occupants.reduce((sum, occupant) => sum + (occupant.limit ?? 0), 0));
}

/** Names written on site, split at Chinese or Latin separators, trimmed, deduplicated. */
export function occupantNames(text: string | null): string[] {
  if (text === null) return [];
  return [
    ...new Set(
      text
        .split(/[,，、;；\s]+/)
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ].sort();
}

/** Over-standard grading as the rule checks grade it: > 20 % high, > 5 % medium, else low. */
function overStandardSeverity(share: number, limit: number): Severity {
  if (share > limit * 1.2) return "high";
  return share > limit * 1.05 ? "medium" : "low";
}

/**
 * What an inspection's field results suggest for the finding ledger, room by room: a usable area beyond
 * the rooms' tolerance (0.1 m² or 1 %), another use, another status, another unit or other people in
 * the room than the ledger says, and offices whose per-person share (the area found, else the ledger's,
 * over the ledger's occupants) exceeds an occupant's limit. Rooms without a result suggest nothing. The
 * ledger's occupant unit answers, else the inspected unit.
 */
export function proposeFindings(
  rooms: readonly ChecklistRoom[],
  observations: ReadonlyMap<number, RoomObservation>,
  inspectedUnitId: number | null,
): ProposedFinding[] {
  const proposals: ProposedFinding[] = [];
  for (const room of rooms) {
    const seen = observations.get(room.roomId);
    if (!seen) continue;
    const unitId = inspectedUnitId ?? room.occupantUnitId ?? seen.observedOccupantUnitId;
    if (unitId === null) continue;
    const place = roomPlace(room.buildingName, room.number);
    const on = `（${seen.checkedOn}实地检查）`;
    const propose = (
      rule: ProposalRule,
      severity: Severity,
      description: string,
      ledgerValue: string | number | null,
      observedValue: string | number | null,
      personId: number | null = null,
    ) =>
      proposals.push({
        key: `${rule}:${room.roomId}${personId === null ? "" : `:${personId}`}`,
        rule,
        unitId,
        buildingId: room.buildingId,
        roomId: room.roomId,
        roomNumber: room.number,
        personId,
        severity,
        description: `${description}${on}`,
        ledgerValue,
        observedValue,
      });

    const area = seen.observedUsableArea;
    if (area !== null && exceedsTolerance(room.usableArea, area, ROOM_AREA_TOLERANCE)) {
      const relative = Math.abs(area - room.usableArea) / room.usableArea;
      propose(
        "field_area_differs",
        relative > 0.1 ? "medium" : "low",
        `${place}使用面积：台账为${squareMetres(room.usableArea)}，实测为${squareMetres(area)}`,
        room.usableArea,
        area,
      );
    }
    const use = seen.observedUseCategory;
    if (use !== null && use !== room.useCategory)
      propose(
        "field_use_differs",
        "medium",
        `${place}用途：台账为${categoryZh(room.useCategory)}，实地为${categoryZh(use)}（擅自改变使用功能）`,
        room.useCategory,
        use,
      );
    const status = seen.observedStatus;
    if (status !== null && status !== room.status)
      propose(
        "field_status_differs",
        status === "leased_out" || status === "lent_out" ? "high" : "medium",
        `${place}使用状态：台账为${statusZh(room.status)}，实地为${statusZh(status)}`,
        room.status,
        status,
      );
    const unit = seen.observedOccupantUnitId;
    if (unit !== null && unit !== room.occupantUnitId)
      propose(
        "field_occupant_differs",
        "high",
        `${place}使用单位：台账为${room.occupantUnitName ?? "无（闲置）"}，实地为${seen.observedOccupantUnitName ?? `单位${unit}`}`,
        room.occupantUnitName,
        seen.observedOccupantUnitName,
      );
    if (seen.observedOccupants !== null) {
      const found = occupantNames(seen.observedOccupants);
      const recorded = occupantNames(room.occupants.map((occupant) => occupant.name).join("、"));
      if (found.join("、") !== recorded.join("、"))
        propose(
          "field_person_differs",
          "low",
          `${place}使用人：台账为${recorded.join("、") || "无"}，实地为${found.join("、") || "无人"}`,
          recorded.join("、") || null,
          found.join("、") || null,
        );
    }
    const category = use ?? room.useCategory;
    if (category === "office" && room.occupants.length > 0) {
      const share = round2((area ?? room.usableArea) / room.occupants.length);
      for (const occupant of room.occupants) {
        if (occupant.limit === null || share <= occupant.limit + 1e-9) continue;
        propose(
          "over_standard_office",
          overStandardSeverity(share, occupant.limit),
          `${place}${occupant.name}（${occupant.rankName}）办公室人均${squareMetres(share)}，超出标准（${squareMetres(occupant.limit)}）${squareMetres(round2(share - occupant.limit))}`,
          occupant.limit,
          share,
          occupant.personId,
        );
      }
    }
  }
  return proposals;
}
