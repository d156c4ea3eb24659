// The criteria of the idle-site suitability score (issue 9, DOMAIN.md workflow 4) and their defaults per
// target use. Pure data: the repository supplies the facts of each candidate, site-scoring.ts the score.

/** Target uses of a converted site: the `conversions.target_use` values (migration 01). */
export const targetUses = [
  "people_home",
  "community_service_center",
  "elderly_club",
  "convenience_service",
  "startup_incubator",
  "other",
] as const;
export type TargetUse = (typeof targetUses)[number];

/** `community_facilities.kind` values. */
export type FacilityKind = TargetUse;

/**
 * The existing facilities that already serve a target use: a 群众之家 and a 社区服务中心 do the same work
 * (the issue lists them as one use), every other use only counts its own kind.
 */
export function facilityKindsServing(use: TargetUse): FacilityKind[] {
  return use === "people_home" || use === "community_service_center"
    ? ["people_home", "community_service_center"]
    : [use];
}

export const criterionNames = [
  "area",
  "contiguousArea",
  "accessibility",
  "condition",
  "clearTitle",
  "populationWithin",
  "facilityDistance",
] as const;
export type CriterionName = (typeof criterionNames)[number];

/**
 * How a criterion's value becomes 0–100: `positive` rises linearly from `low` (0) to `high` (100),
 * `inverse` falls from `low` (100) to `high` (0), `ideal` is 100 at `ideal` and falls linearly to 0 at
 * `tolerance` away from it. Values beyond the bounds are clamped.
 */
export type Influence =
  | { readonly influence: "positive"; readonly low: number; readonly high: number }
  | { readonly influence: "inverse"; readonly low: number; readonly high: number }
  | { readonly influence: "ideal"; readonly ideal: number; readonly tolerance: number };

/** What each criterion measures (the unit of its value). */
export const criterionUnits: Record<CriterionName, string> = {
  area: "m²",
  contiguousArea: "m²",
  accessibility: "0/1 (ground floor or lift access)",
  condition: "0 dangerous · 1 poor · 2 fair · 3 good",
  clearTitle: "0/1 (registered title)",
  populationWithin: "persons within walkMeters (straight-line)",
  facilityDistance: "m to the nearest existing facility of the target use",
};

/** What a target use looks for: its walking distance, weights (%, sum 100), influences and hard filters. */
export interface TargetProfile {
  readonly walkMeters: number;
  readonly weights: Readonly<Record<CriterionName, number>>;
  readonly influences: Readonly<Record<CriterionName, Influence>>;
  /** Only ground-floor or lift-served space (e.g. for the elderly). */
  readonly requireAccessible: boolean;
}

const positive = (low: number, high: number): Influence => ({ influence: "positive", low, high });
const ideal = (value: number, tolerance: number): Influence => ({
  influence: "ideal",
  ideal: value,
  tolerance,
});
const yesNo = positive(0, 1);
const conditionScale = positive(0, 3);

const peopleHome: TargetProfile = {
  // A 15–20 minute walk: the reach of a community centre in the 15-minute community-life circle.
  walkMeters: 1500,
  weights: {
    area: 20,
    contiguousArea: 10,
    accessibility: 10,
    condition: 10,
    clearTitle: 10,
    populationWithin: 25,
    facilityDistance: 15,
  },
  // A county's 群众之家 gathers leisure, learning, fitness and elderly services under one roof: Fuyu's
  // took 9,019 m² (DOMAIN.md), so area counts up to 6,000 m² usable, and a county town's 1.5 km holds
  // up to some 100,000 people.
  influences: {
    area: positive(300, 6000),
    contiguousArea: positive(0, 800),
    accessibility: yesNo,
    condition: conditionScale,
    clearTitle: yesNo,
    populationWithin: positive(0, 100_000),
    facilityDistance: positive(0, 3000),
  },
  requireAccessible: false,
};

/** The defaults of each target use (参数可在请求中覆盖). */
export const targetProfiles: Record<TargetUse, TargetProfile> = {
  people_home: peopleHome,
  community_service_center: peopleHome,
  elderly_club: {
    // Elderly people walk about 1 km (a 10–15 minute walk); the space must be reachable without stairs.
    walkMeters: 1000,
    weights: {
      area: 10,
      contiguousArea: 10,
      accessibility: 20,
      condition: 10,
      clearTitle: 5,
      populationWithin: 25,
      facilityDistance: 20,
    },
    influences: {
      area: ideal(800, 1500),
      contiguousArea: positive(0, 400),
      accessibility: yesNo,
      condition: conditionScale,
      clearTitle: yesNo,
      populationWithin: positive(0, 15_000),
      facilityDistance: positive(0, 2000),
    },
    requireAccessible: true,
  },
  convenience_service: {
    walkMeters: 800,
    weights: {
      area: 15,
      contiguousArea: 5,
      accessibility: 15,
      condition: 10,
      clearTitle: 5,
      populationWithin: 35,
      facilityDistance: 15,
    },
    influences: {
      area: ideal(200, 400),
      contiguousArea: positive(0, 150),
      accessibility: yesNo,
      condition: conditionScale,
      clearTitle: yesNo,
      populationWithin: positive(0, 10_000),
      facilityDistance: positive(0, 1600),
    },
    requireAccessible: false,
  },
  startup_incubator: {
    // Startups need large open floors in sound buildings with a clean title to sign leases on; the
    // catchment is the city, not the block.
    walkMeters: 3000,
    weights: {
      area: 25,
      contiguousArea: 20,
      accessibility: 5,
      condition: 20,
      clearTitle: 15,
      populationWithin: 5,
      facilityDistance: 10,
    },
    influences: {
      area: positive(500, 5000),
      contiguousArea: positive(0, 1500),
      accessibility: yesNo,
      condition: conditionScale,
      clearTitle: yesNo,
      populationWithin: positive(0, 50_000),
      facilityDistance: positive(0, 6000),
    },
    requireAccessible: false,
  },
  other: {
    walkMeters: 1000,
    weights: {
      area: 20,
      contiguousArea: 15,
      accessibility: 10,
      condition: 15,
      clearTitle: 15,
      populationWithin: 15,
      facilityDistance: 10,
    },
    influences: {
      area: positive(100, 2000),
      contiguousArea: positive(0, 500),
      accessibility: yesNo,
      condition: conditionScale,
      clearTitle: yesNo,
      populationWithin: positive(0, 20_000),
      facilityDistance: positive(0, 2000),
    },
    requireAccessible: false,
  },
};

/** Building and asset condition as a criterion value: higher is better. */
export const conditionValues = { dangerous: 0, poor: 1, fair: 2, good: 3 } as const;
export type Condition = keyof typeof conditionValues;
export const conditions = Object.keys(conditionValues) as Condition[];

/** Without a measured net-to-gross ratio, usable area is estimated from gross with the standard's K ≥ 0.65. */
export const ASSET_NET_TO_GROSS = 0.65;
