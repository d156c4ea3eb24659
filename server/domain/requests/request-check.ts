import { type Explanation, roundArea } from "../standards/entitlement.js";

/** How a request stands against the unit's core entitlement (基本办公用房, usable m²). */
export interface RequestCheck {
  readonly requestedArea: number;
  /** entitled − actual core area, never below 0. */
  readonly shortfall: number;
  /** What may be allocated: the request capped at the shortfall (never above the entitlement). */
  readonly allocatableArea: number;
  readonly exceedsEntitlement: boolean;
  readonly explanation: readonly Explanation[];
}

/**
 * The check of a request: the system never allocates above entitlement, so a request that would take
 * the unit above it is flagged and capped at the shortfall.
 */
export function checkRequest(
  core: { readonly entitled: number; readonly actual: number },
  requestedArea: number,
): RequestCheck {
  const shortfall = roundArea(Math.max(0, core.entitled - core.actual));
  const allocatableArea = roundArea(Math.min(requestedArea, shortfall));
  const exceedsEntitlement = requestedArea > shortfall + 0.005;
  const head = `基本办公用房核定 ${core.entitled} m²，现有 ${core.actual} m²`;
  const headEn = `Core office space entitled ${core.entitled} m², actual ${core.actual} m²`;
  let explanation: Explanation;
  if (shortfall === 0)
    explanation = {
      zh: `${head}，已达到或超过核定面积，不能再调配办公用房（申报 ${requestedArea} m²）。`,
      en: `${headEn}: at or above the entitlement, so no space can be allocated (requested ${requestedArea} m²).`,
    };
  else if (exceedsEntitlement)
    explanation = {
      zh: `${head}，缺口 ${shortfall} m²。申报 ${requestedArea} m² 将超过核定面积，按规定最多调配 ${allocatableArea} m²。`,
      en: `${headEn}, short by ${shortfall} m². The request of ${requestedArea} m² would exceed the entitlement: at most ${allocatableArea} m² can be allocated.`,
    };
  else
    explanation = {
      zh: `${head}，缺口 ${shortfall} m²，申报 ${requestedArea} m² 在核定面积以内。`,
      en: `${headEn}, short by ${shortfall} m²; the request of ${requestedArea} m² is within the entitlement.`,
    };
  return { requestedArea, shortfall, allocatableArea, exceedsEntitlement, explanation: [explanation] };
}
