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
 * - office area above A after and larger than before (new office space beyond the entitlement): at
 *   least one more person over, L + 1; when the unit was re-seated (it gave up every office room it held,
 *   so all its people sit in new rooms) the live count no longer applies: max(L, 1);
 * - above A after but not larger than before: the unit was already beyond A, nothing new: L;
 * - within A after: 0 when re-seated (the administration seats everyone within their limit), else L (the
 *   people in the rooms kept are as they were).
 * Without A (entitledOffice absent or null) the live count stands.
 */
export function overStandardPersonsAfter(unit: ScenarioUnit, office: OfficeChange): number {
  const live = unit.overStandardPersons;
  const entitled = unit.entitledOffice;
  const before = roundArea(office.before);
  const after = roundArea(office.after);
  if (entitled === undefined || entitled === null) return live;
  if (after > entitled) {
    if (after <= before) return live;
    return office.reseated ? Math.max(live, 1) : live + 1;
  }
  return office.reseated ? 0 : live;
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
