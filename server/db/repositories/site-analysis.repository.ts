import type { Kysely } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Geometry } from "../../domain/geojson.js";
import { greedyCovering, optimalCovering } from "../../domain/sites/maximal-covering.js";
import { type FacilityKind, type TargetUse, targetProfiles } from "../../domain/sites/site-criteria.js";
import {
  type ScoringSettings,
  type SiteScore,
  scoreBound,
  scoreSite,
} from "../../domain/sites/site-scoring.js";
import type { Database } from "../schema.js";
import {
  type FactOptions,
  type LocationFacts,
  locationFacts,
  type SiteCandidate,
  type SiteFilters,
  siteCandidates,
} from "./site-candidates.repository.js";
import { coveringData } from "./site-coverage.repository.js";
import { type SiteKey, siteKeyText } from "./site-locations.js";

// The idle-site finder and location-allocation over the database: candidates, their spatial facts,
// then the pure scoring (domain/sites/site-scoring.ts) or covering (domain/sites/maximal-covering.ts).

/** A search finding more candidates than this must be narrowed (within, minArea, kinds): 422. */
export const MAX_CANDIDATES = 20_000;

export class TooManyCandidates extends Error {
  constructor(readonly cap: number) {
    super(`more than ${cap} candidate sites`);
  }
}

/** One ranked site of POST /api/analysis/sites (docs/api.md). Areas m², distances m. */
export interface FoundSite extends SiteScore {
  id: string;
  kind: SiteKey["kind"];
  name: string;
  regionCode: string;
  buildingId: number | null;
  assetId: number | null;
  usableArea: number;
  grossArea: number | null;
  areaEstimated: boolean;
  contiguousArea: number;
  idleRooms: number;
  accessible: boolean;
  condition: SiteCandidate["condition"];
  clearTitle: boolean;
  populationWithin: number;
  facilityDistance: number | null;
  geometry: Geometry;
}

const hasSpatialFilters = (facts: FactOptions) =>
  facts.maxDemandDistance !== null || facts.minFacilityDistance !== null;
const passes = (located: LocationFacts | undefined): located is LocationFacts =>
  located?.nearDemand === true && !located.nearFacility;

/** Spatial facts are fetched for this many candidates first (with the limit), doubling each round. */
const FIRST_FACT_BATCH = 32;

interface Scored {
  candidate: SiteCandidate;
  located: LocationFacts;
  score: number;
  criteria: SiteScore["criteria"];
}

const ranking = (p: Scored, q: Scored) =>
  q.score - p.score ||
  q.candidate.usableArea - p.candidate.usableArea ||
  siteKeyText(p.candidate.key).localeCompare(siteKeyText(q.candidate.key));

function scored(candidate: SiteCandidate, located: LocationFacts, settings: ScoringSettings): Scored {
  const { score, criteria } = scoreSite(
    { ...candidate, populationWithin: located.populationWithin, facilityDistance: located.facilityDistance },
    settings,
  );
  return { candidate, located, score, criteria };
}

/**
 * The candidates ranked by score (best first; larger, then lower id on ties), the first `limit`. The
 * spatial facts (population within reach, nearest facility) cost a geodesic index probe per location,
 * so they are fetched best bound first (scoreBound) and no more once no unfetched candidate can beat
 * the `limit`-th score; with distance filters every candidate needs them to be counted.
 */
export async function findSites(
  db: Kysely<Database>,
  filters: SiteFilters,
  facts: FactOptions,
  settings: ScoringSettings,
  limit: number,
  scope: ReadScope,
): Promise<{ candidates: number; sites: FoundSite[] }> {
  const candidates = await siteCandidates(db, filters, scope, MAX_CANDIDATES);
  if (candidates.length > MAX_CANDIDATES) throw new TooManyCandidates(MAX_CANDIDATES);
  const exhaustive = hasSpatialFilters(facts);
  const ordered = candidates
    .map((candidate) => ({ candidate, bound: scoreBound(candidate, settings) }))
    .sort((p, q) => q.bound - p.bound);
  const located = new Map<string, LocationFacts>();
  const ranked: Scored[] = [];
  let batchSize = exhaustive ? ordered.length : FIRST_FACT_BATCH + limit;
  for (let next = 0; next < ordered.length; batchSize *= 2) {
    if (!exhaustive && ranked.length >= limit) {
      ranked.sort(ranking);
      // Scores are rounded to 0.01: a bound below the limit-th score by more than that cannot rank.
      if ((ranked[limit - 1]?.score ?? 0) > (ordered[next]?.bound ?? 0) + 0.01) break;
    }
    const batch = ordered.slice(next, next + batchSize);
    next += batch.length;
    const missing = new Map<string, SiteKey>();
    for (const { candidate } of batch) {
      const key = siteKeyText(candidate.location);
      if (!located.has(key)) missing.set(key, candidate.location);
    }
    for (const [key, value] of await locationFacts(db, [...missing.values()], facts, scope))
      located.set(key, value);
    for (const { candidate } of batch) {
      const at = located.get(siteKeyText(candidate.location));
      if (passes(at)) ranked.push(scored(candidate, at, settings));
    }
  }
  ranked.sort(ranking);
  return {
    candidates: exhaustive ? ranked.length : candidates.length,
    sites: ranked.slice(0, limit).map(({ candidate, located: at, score, criteria }) => ({
      id: siteKeyText(candidate.key),
      kind: candidate.key.kind,
      name: candidate.name,
      regionCode: candidate.regionCode,
      buildingId: candidate.buildingId,
      assetId: candidate.assetId,
      usableArea: candidate.usableArea,
      grossArea: candidate.grossArea,
      areaEstimated: candidate.areaEstimated,
      contiguousArea: candidate.contiguousArea,
      idleRooms: candidate.idleRooms,
      accessible: candidate.accessible,
      condition: candidate.condition,
      clearTitle: candidate.clearTitle,
      populationWithin: at.populationWithin,
      facilityDistance: at.facilityDistance === null ? null : Math.round(at.facilityDistance),
      score,
      criteria,
      geometry: at.geometry,
    })),
  };
}

/** A site offered to location-allocation: its id, name and where it stands. */
export interface AllocationSite {
  readonly id: string;
  readonly name: string;
  readonly location: SiteKey;
}

/** Candidates with more locations than this are too many for one MIP here: 422. */
export const MAX_ALLOCATION_LOCATIONS = 5000;

/**
 * The search's candidates as allocation sites: per location the one with the largest usable area (the
 * distance filters applied when given).
 */
export async function allocationSitesOf(
  db: Kysely<Database>,
  filters: SiteFilters,
  facts: FactOptions,
  scope: ReadScope,
): Promise<AllocationSite[]> {
  const candidates = await siteCandidates(db, filters, scope, MAX_CANDIDATES);
  if (candidates.length > MAX_CANDIDATES) throw new TooManyCandidates(MAX_CANDIDATES);
  const best = new Map<string, SiteCandidate>();
  for (const candidate of candidates) {
    const key = siteKeyText(candidate.location);
    const held = best.get(key);
    if (!held || candidate.usableArea > held.usableArea) best.set(key, candidate);
  }
  let chosen = [...best.values()];
  if (hasSpatialFilters(facts)) {
    const located = await locationFacts(
      db,
      chosen.map((candidate) => candidate.location),
      facts,
      scope,
    );
    chosen = chosen.filter((candidate) => passes(located.get(siteKeyText(candidate.location))));
  }
  return chosen.map((candidate) => ({
    id: siteKeyText(candidate.key),
    name: candidate.name,
    location: candidate.location,
  }));
}

export interface AllocationChoice {
  siteIds: string[];
  /** Population within reach of the existing facilities or the chosen sites. */
  covered: number;
  /** Of which newly within reach. */
  gained: number;
}

export interface LocationAllocation {
  candidates: number;
  demandPoints: number;
  before: number;
  optimal: AllocationChoice & { gap: number | null; status: string; solveMs: number };
  greedy: AllocationChoice;
  sites: Array<{ id: string; name: string }>;
}

/**
 * Location-allocation (maximal covering): of `sites`, the k that bring the most people within
 * `walkMeters` of a facility of `kinds`, solved with HiGHS and compared with the greedy choice.
 */
export async function allocateSites(
  db: Kysely<Database>,
  sites: readonly AllocationSite[],
  kinds: readonly FacilityKind[],
  options: { k: number; walkMeters: number; timeLimitSeconds: number },
  scope: ReadScope,
): Promise<LocationAllocation> {
  // Sites sharing a location reach the same people: the first stands for them in the model.
  const locations = new Map<string, SiteKey>();
  const standsFor = new Map<string, AllocationSite>();
  for (const site of sites) {
    const key = siteKeyText(site.location);
    if (!locations.has(key)) {
      locations.set(key, site.location);
      standsFor.set(key, site);
    }
  }
  const data = await coveringData(db, [...locations.values()], kinds, options.walkMeters, scope);
  const greedy = greedyCovering(data.instance, options.k);
  const optimal = await optimalCovering(data.instance, options.k, options.timeLimitSeconds, greedy.sites);
  const idsOf = (chosen: readonly number[]) =>
    chosen.map((j) => standsFor.get(data.locations[j] ?? "")?.id ?? "").filter((id) => id !== "");
  const chosenIds = new Set([...idsOf(optimal.sites), ...idsOf(greedy.sites)]);
  return {
    candidates: locations.size,
    demandPoints: data.demandPoints,
    before: data.before,
    optimal: {
      siteIds: idsOf(optimal.sites),
      covered: data.before + optimal.covered,
      gained: optimal.covered,
      gap: optimal.gap,
      status: optimal.status,
      solveMs: Math.round(optimal.solveMs),
    },
    greedy: { siteIds: idsOf(greedy.sites), covered: data.before + greedy.covered, gained: greedy.covered },
    sites: sites.filter((site) => chosenIds.has(site.id)).map(({ id, name }) => ({ id, name })),
  };
}

/** The walking distance of a request, or the target use's default. */
export const walkOf = (use: TargetUse, walkMeters: number | undefined) =>
  walkMeters ?? targetProfiles[use].walkMeters;
