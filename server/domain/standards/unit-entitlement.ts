import type { AdminLevel, UnitKind, UseCategory } from "../demo/dataset.js";
import { adminLevelLabels } from "../labels.js";
import { type Entitlement, type Explanation, entitlement, roundArea } from "./entitlement.js";
import { effectiveLevel, isSubProvincial, rankAtLevel } from "./levels.js";
import type { PersonOfficeCheck } from "./office-check.js";
import type { StandardParameters } from "./parameters.js";

export interface UnitFacts {
  readonly kind: UnitKind;
  readonly adminLevel: AdminLevel;
  readonly isDispatched: boolean;
  readonly regionCode: string;
}

/** A room the unit could give back, for the vacate suggestions. */
export interface VacatableRoom {
  readonly id: number;
  readonly number: string;
  readonly buildingName: string;
  readonly category: UseCategory;
  readonly usableArea: number;
}

export interface CategoryComparison {
  readonly category: "office" | "service" | "equipment" | "core";
  readonly entitled: number;
  readonly actual: number;
  /** actual − entitled: positive over standard (超标), negative short (缺). */
  readonly surplus: number;
  readonly vacate: ReadonlyArray<{ id: number; number: string; buildingName: string; usableArea: number }>;
}

export type UnitStatus = "over" | "within" | "short";

/** The level a unit's figures come from and its staffing as ranks of that level (authorised headcount). */
export function unitStaffingAtLevel(
  unit: UnitFacts,
  staffing: ReadonlyArray<{ rank: string; authorized: number }>,
  parameters: StandardParameters,
): {
  level: AdminLevel;
  takesLevelBelow: boolean;
  subProvincial: boolean;
  staffing: Array<{ rank: string; authorized: number }>;
} {
  const level = effectiveLevel(unit.kind, unit.adminLevel, unit.isDispatched);
  const merged = new Map<string, number>();
  for (const row of staffing) {
    const rank = rankAtLevel(row.rank, level);
    merged.set(rank, (merged.get(rank) ?? 0) + row.authorized);
  }
  return {
    level,
    takesLevelBelow: level !== unit.adminLevel,
    subProvincial: level === "prefecture" && isSubProvincial(unit.regionCode, parameters),
    staffing: [...merged].map(([rank, authorized]) => ({ rank, authorized })),
  };
}

/** The unit's entitlement (its staffing at its effective level). */
export function unitEntitlement(
  unit: UnitFacts,
  staffing: ReadonlyArray<{ rank: string; authorized: number }>,
  options: { highRise: boolean },
  parameters: StandardParameters,
): Entitlement & { takesLevelBelow: boolean } {
  const atLevel = unitStaffingAtLevel(unit, staffing, parameters);
  const result = entitlement(
    atLevel.level,
    atLevel.staffing,
    { highRise: options.highRise, subProvincial: atLevel.subProvincial },
    parameters,
  );
  const explanation: Explanation[] = [...result.explanation];
  if (atLevel.takesLevelBelow) {
    explanation.splice(1, 0, {
      zh: `派出机构和事业单位按下一级标准执行：本单位为${adminLevelLabels[unit.adminLevel].zh}，按${adminLevelLabels[atLevel.level].zh}机关标准核定。`,
      en: `Dispatched bodies and public institutions take the level below: this ${adminLevelLabels[unit.adminLevel].en.toLowerCase()} unit takes the ${adminLevelLabels[atLevel.level].en.toLowerCase()} figures.`,
    });
  }
  return { ...result, explanation, takesLevelBelow: atLevel.takesLevelBelow };
}

/**
 * The fewest rooms (largest first) whose area covers `surplus`, the last one swapped for the smallest
 * room that still covers it, so the suggestion gives back little more than the surplus.
 */
export function roomsToVacate<T extends { usableArea: number; id: number }>(
  rooms: readonly T[],
  surplus: number,
): T[] {
  if (surplus <= 0) return [];
  const sorted = [...rooms].sort((a, b) => b.usableArea - a.usableArea || a.id - b.id);
  const chosen: T[] = [];
  let covered = 0;
  for (const room of sorted) {
    if (covered >= surplus) break;
    chosen.push(room);
    covered += room.usableArea;
  }
  const last = chosen.at(-1);
  if (last && covered >= surplus) {
    const needed = surplus - (covered - last.usableArea);
    const smaller = sorted.filter((room) => !chosen.includes(room) && room.usableArea >= needed);
    const best = smaller.at(-1);
    if (best && best.usableArea < last.usableArea) chosen[chosen.length - 1] = best;
  }
  return chosen;
}

/** Actual − entitled per category and for the core total, each with the rooms that would clear a surplus. */
export function compareCategories(
  entitled: Pick<Entitlement, "officeArea" | "serviceArea" | "equipmentArea" | "coreUsableArea">,
  actual: Readonly<Record<UseCategory, number>>,
  rooms: readonly VacatableRoom[],
  checks: readonly PersonOfficeCheck[],
): CategoryComparison[] {
  const secondOffices = new Set(checks.flatMap((check) => check.vacateRoomIds));
  const occupied = new Set(checks.flatMap((check) => check.rooms.map((room) => room.roomId)));
  // Offices: unassigned offices first, then unapproved second offices; never someone's only office.
  const officeCandidates = rooms.filter(
    (room) => room.category === "office" && (!occupied.has(room.id) || secondOffices.has(room.id)),
  );
  const compare = (
    category: CategoryComparison["category"],
    entitledArea: number,
    actualArea: number,
    candidates: readonly VacatableRoom[],
  ): CategoryComparison => {
    const surplus = roundArea(actualArea - entitledArea);
    return {
      category,
      entitled: entitledArea,
      actual: roundArea(actualArea),
      surplus,
      vacate: roomsToVacate(candidates, surplus).map(({ id, number, buildingName, usableArea }) => ({
        id,
        number,
        buildingName,
        usableArea,
      })),
    };
  };
  const core = actual.office + actual.service + actual.equipment;
  return [
    compare("office", entitled.officeArea, actual.office, officeCandidates),
    compare(
      "service",
      entitled.serviceArea,
      actual.service,
      rooms.filter((room) => room.category === "service"),
    ),
    compare(
      "equipment",
      entitled.equipmentArea,
      actual.equipment,
      rooms.filter((room) => room.category === "equipment"),
    ),
    compare("core", entitled.coreUsableArea, core, []),
  ];
}

/** Over when the core area exceeds the entitlement, short below `shortBelowShare` of it, else within. */
export function unitStatus(
  entitledCore: number,
  actualCore: number,
  parameters: Pick<StandardParameters, "shortBelowShare">,
): UnitStatus {
  if (actualCore > entitledCore) return "over";
  if (actualCore < entitledCore * parameters.shortBelowShare) return "short";
  return "within";
}

const categoryZh = {
  office: "办公室",
  service: "服务用房",
  equipment: "设备用房",
  core: "基本办公用房合计",
} as const;
const categoryEn = {
  office: "Offices",
  service: "Service rooms",
  equipment: "Equipment rooms",
  core: "Core office space",
} as const;

/** One line per category: over or short, and the rooms that would clear a surplus. */
export function explainComparisons(comparisons: readonly CategoryComparison[]): Explanation[] {
  return comparisons.map((row) => {
    const head = `${categoryZh[row.category]}：核定 ${row.entitled} m²，实际 ${row.actual} m²`;
    const headEn = `${categoryEn[row.category]}: entitled ${row.entitled} m², actual ${row.actual} m²`;
    if (row.surplus <= 0) {
      return row.surplus < 0
        ? { zh: `${head}，缺口 ${-row.surplus} m²。`, en: `${headEn}, short by ${-row.surplus} m².` }
        : { zh: `${head}，符合标准。`, en: `${headEn}, at the standard.` };
    }
    const rooms = row.vacate.map((room) => `${room.buildingName} ${room.number}（${room.usableArea} m²）`);
    const roomsEn = row.vacate.map((room) => `${room.buildingName} ${room.number} (${room.usableArea} m²)`);
    return {
      zh: `${head}，超标 ${row.surplus} m²${rooms.length > 0 ? `；腾退 ${rooms.join("、")} 即可达标` : ""}。`,
      en: `${headEn}, ${row.surplus} m² over${roomsEn.length > 0 ? `; vacating ${roomsEn.join(", ")} would comply` : ""}.`,
    };
  });
}
