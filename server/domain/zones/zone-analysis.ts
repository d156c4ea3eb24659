// The arithmetic of a consolidation-zone analysis (DOMAIN.md workflow 3, the "East district" case):
// which nearby units are candidates to move in, what they need, what rent the zone saves. Pure: the
// database supplies the facts per unit (zone-analysis.repository.ts).

/** A zone smaller than this is a slip of the mouse, not an office district (m², geodesic). */
export const MIN_ZONE_AREA = 100;
/** A zone larger than this is a district plan, not a consolidation zone (m², geodesic: 50 km²). */
export const MAX_ZONE_AREA = 50_000_000;
/** Candidate units are looked for this far from the zone by default (m). */
export const DEFAULT_RADIUS_METERS = 3000;
export const MAX_RADIUS_METERS = 20_000;
/**
 * The nearest units examined as candidates (by their nearest building or lease). A district takes
 * tens of units; a dense city core holds thousands within 3 km, whose list no one reads and whose
 * sites cost the answer its speed (docs/performance.md). The answer says when the list was cut.
 */
export const DEFAULT_CANDIDATE_LIMIT = 500;
export const MAX_CANDIDATE_LIMIT = 5000;
/** Refurbishing a non-office asset for office use, yuan per m² of gross area (a parameter of the request). */
export const DEFAULT_CONVERSION_COST_PER_M2 = 3000;

/** How a candidate's demand is counted (demandOf): its entitlement gap, or what it uses outside the zone. */
export type DemandMode = "gap" | "current";
export type CandidateReason = "renting_outside" | "split_sites" | "short";

/** What the database knows of one unit near the zone. Areas m², rent yuan per year. */
export interface UnitFacts {
  readonly unitId: number;
  readonly name: string;
  readonly level: string;
  readonly kind: string;
  /** Distinct sites of its in-use rooms: a site (院落) counts once, a building without a site once. */
  readonly ownSites: number;
  /** Of those, the sites with no building intersecting the zone. */
  readonly ownSitesOutside: number;
  /** Usable area of its in-use rooms, everywhere / in buildings outside the zone. */
  readonly currentArea: number;
  readonly outsideArea: number;
  /**
   * The same for the core categories the entitlement covers (office, service, equipment rooms),
   * everywhere / outside the zone.
   */
  readonly coreArea: number;
  readonly outsideCoreArea: number;
  readonly leases: number;
  /** Gross area and annual rent of its leases-in (在外租房). */
  readonly leaseArea: number;
  readonly annualRent: number;
  /** Entitled core usable area; null without staffing (the standard then grants nothing). */
  readonly entitledArea: number | null;
  /** Short of its entitlement by the standard's rule (below its share of it). */
  readonly short: boolean;
  readonly moveDistanceMeters: number | null;
  readonly center: readonly [number, number] | null;
}

export interface Candidate {
  unitId: number;
  name: string;
  level: string;
  kind: string;
  reasons: CandidateReason[];
  demandArea: number;
  entitledArea: number | null;
  currentArea: number;
  currentAnnualRent: number;
  moveDistanceMeters: number | null;
  sitesBefore: number;
  sitesAfter: number;
  center: [number, number] | null;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Why a unit should move into the zone; empty when it should not. */
export function candidateReasons(unit: UnitFacts): CandidateReason[] {
  const reasons: CandidateReason[] = [];
  if (unit.leases > 0) reasons.push("renting_outside");
  if (unit.ownSites >= 2) reasons.push("split_sites");
  if (unit.short) reasons.push("short");
  return reasons;
}

/**
 * The one definition of what a unit needs if it moves into the district, shared by the zone analysis
 * and the allocation optimiser (which houses exactly this area), in core usable m², never above the
 * entitlement:
 * - "gap": its entitlement gap, E − the core area of its own in-use rooms (which it keeps); what it
 *   rents outside ends, so a renting unit gets up to its entitlement, not its lease on top of it;
 * - "current": the unit moves in: its core rooms outside the zone plus its leases, capped at E − the
 *   core area it already has in the zone.
 * Without staffing (E unknown) the standard grants nothing: 0 in both modes.
 */
export function demandOf(unit: UnitFacts, mode: DemandMode): number {
  if (unit.entitledArea === null) return 0;
  const kept = mode === "gap" ? unit.coreArea : unit.coreArea - unit.outsideCoreArea;
  const room = Math.max(0, unit.entitledArea - kept);
  return round2(mode === "gap" ? room : Math.min(unit.outsideCoreArea + unit.leaseArea, room));
}

/**
 * Sites before: its own sites plus each lease. After: with "current" everything is in the zone (1);
 * with "gap" the leases end and the shortfall is met in the zone, so its own sites outside the zone
 * stay and the zone is one more site (when it has anything there).
 */
export function sitesOf(
  unit: UnitFacts,
  mode: DemandMode,
  demand: number,
): { before: number; after: number } {
  const before = unit.ownSites + unit.leases;
  const inZone = unit.ownSites > unit.ownSitesOutside || demand > 0 ? 1 : 0;
  const after = mode === "current" ? Math.max(1, inZone) : unit.ownSitesOutside + inZone;
  return { before, after };
}

/**
 * The candidates among the units near a zone, nearest first (then by id); with `everyUnit` (units
 * named by the caller) every unit is one, with or without a reason.
 */
export function candidatesOf(units: readonly UnitFacts[], mode: DemandMode, everyUnit = false): Candidate[] {
  const candidates: Candidate[] = [];
  for (const unit of units) {
    const reasons = candidateReasons(unit);
    if (reasons.length === 0 && !everyUnit) continue;
    const demandArea = demandOf(unit, mode);
    const sites = sitesOf(unit, mode, demandArea);
    candidates.push({
      unitId: unit.unitId,
      name: unit.name,
      level: unit.level,
      kind: unit.kind,
      reasons,
      demandArea,
      entitledArea: unit.entitledArea,
      currentArea: round2(unit.currentArea + unit.leaseArea),
      currentAnnualRent: round2(unit.annualRent),
      moveDistanceMeters: unit.moveDistanceMeters === null ? null : Math.round(unit.moveDistanceMeters),
      sitesBefore: sites.before,
      sitesAfter: sites.after,
      center: unit.center ? [unit.center[0], unit.center[1]] : null,
    });
  }
  return candidates.sort(
    (a, b) => (a.moveDistanceMeters ?? Infinity) - (b.moveDistanceMeters ?? Infinity) || a.unitId - b.unitId,
  );
}

const rentDensity = (candidate: Candidate) => candidate.currentAnnualRent / Math.max(candidate.demandArea, 1);

/**
 * The rent the zone saves per year: renting-outside candidates are housed in the zone's idle usable
 * area (supply) in order of rent per m² of demand, highest first (ties: smaller demand, then unit id),
 * each taking its whole demandArea, first fit (one that does not fit is skipped, later ones may fit);
 * the saving is the annual rent of those housed. A greedy bound the optimiser
 * (POST /api/allocation/plans) improves on; candidates without leases save no rent and take no space here.
 */
export function rentSaved(
  candidates: readonly Candidate[],
  supply: number,
): { rentSavedPerYear: number; housedUnitIds: number[] } {
  const renting = candidates
    .filter((candidate) => candidate.currentAnnualRent > 0)
    .sort((a, b) => rentDensity(b) - rentDensity(a) || a.demandArea - b.demandArea || a.unitId - b.unitId);
  let left = supply;
  let saved = 0;
  const housedUnitIds: number[] = [];
  for (const candidate of renting) {
    if (candidate.demandArea > left + 1e-9) continue;
    left -= candidate.demandArea;
    saved += candidate.currentAnnualRent;
    housedUnitIds.push(candidate.unitId);
  }
  return { rentSavedPerYear: round2(saved), housedUnitIds };
}
