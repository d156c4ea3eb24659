import { roundArea } from "../standards/entitlement.js";
import type { UnitFigures } from "./scenario-figures.js";
import type { ScenarioUnit } from "./scenario-model.js";

// The standards engine's verdicts, re-derived for a virtual state. A unit is over standard exactly as
// unit_standard_status decides (standard-status.repository.ts): its in-use core usable area, rounded to
// 2 decimals, above its entitled core area (already rounded by the engine); a unit without staffing
// (entitledCore null) is never over.

/** Over standard (超标) with this core area. */
export function isOverStandard(unit: ScenarioUnit, core: number): boolean {
  return unit.entitledCore !== null && roundArea(core) > unit.entitledCore;
}

/** Actual − entitled core area, m² (positive = over); null without staffing. */
export function standardGap(unit: ScenarioUnit, core: number): number | null {
  return unit.entitledCore === null ? null : roundArea(roundArea(core) - unit.entitledCore);
}

export interface OfficeChange {
  /** In-use office-room usable m² before and after. */
  readonly before: number;
  readonly after: number;
  /** The unit gave up every office room it held: its people are all re-seated in other rooms. */
  readonly reseated: boolean;
}

/**
 * Over-standard persons of a unit after a scenario (the state holds rooms per unit, not people).
 *
 * The rule: the unit's entitled office area A is Σ rank limit × authorised headcount. If its office
 * rooms exceed A, its people cannot all sit within their limits (pigeonhole over the authorised
 * headcount), so at least one of them is over. Hence, with the live count L:
 * - office area unchanged (and no office room given up) → L;
 * - re-seated (the unit gave up every office room it held, so all its people sit in other rooms): above A
 *   after → at least 1, and at least L (max(L, 1)); within A → 0, as the administration seats everyone
 *   within their limit;
 * - some office rooms kept: above A after and larger than before → L + 1 (the added office space beyond
 *   the entitlement seats at least one more person over the limit); otherwise L (the people in the rooms
 *   kept are as they were).
 * Without A (entitledOffice absent or null) the live count stands.
 */
export function overStandardPersonsAfter(unit: ScenarioUnit, office: OfficeChange): number {
  const live = unit.overStandardPersons;
  const entitled = unit.entitledOffice;
  const before = roundArea(office.before);
  const after = roundArea(office.after);
  if (entitled === undefined || entitled === null || (before === after && !office.reseated)) return live;
  if (office.reseated) return after > entitled ? Math.max(live, 1) : 0;
  return after > entitled && after > before ? live + 1 : live;
}

/** A unit's office change from its figures before and after and the office rooms it kept. */
export function officeChange(
  before: UnitFigures | undefined,
  after: UnitFigures | undefined,
  kept: { held: number; kept: number } | undefined,
): OfficeChange {
  return {
    before: before?.office ?? 0,
    after: after?.office ?? 0,
    reseated: kept !== undefined && kept.held > 0 && kept.kept === 0,
  };
}
