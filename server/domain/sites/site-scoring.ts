import {
  type Condition,
  type CriterionName,
  conditionValues,
  criterionNames,
  type Influence,
  type TargetUse,
  targetProfiles,
} from "./site-criteria.js";

// Weighted suitability of an idle site: each criterion normalised to 0–100 by its influence, then the
// weighted mean (weights in %, summing to 100). Pure, so the score of a site can be recomputed by hand.

/** What the database knows of one candidate site. Areas m², distances m. */
export interface SiteFacts {
  readonly usableArea: number;
  /** The largest idle area on one floor (room plans are optional, so adjacency is not known). */
  readonly contiguousArea: number;
  /** Ground floor or a floor with lift access. */
  readonly accessible: boolean;
  readonly condition: Condition;
  /** A registered title certificate and holder (buildings) or taken over (non-office assets). */
  readonly clearTitle: boolean;
  /** Population of the demand points within the walking distance, straight-line. */
  readonly populationWithin: number;
  /** To the nearest existing facility serving the target use; null when there is none. */
  readonly facilityDistance: number | null;
}

/** The weights (%) and influences a search scores with. */
export interface ScoringSettings {
  readonly weights: Readonly<Record<CriterionName, number>>;
  readonly influences: Readonly<Record<CriterionName, Influence>>;
}

/** One criterion of a site's score: its value, its 0–100 score and what it adds to the total. */
export interface CriterionScore {
  /** null only for facilityDistance when no facility of the kind exists (scored as far away). */
  readonly value: number | null;
  readonly score: number;
  readonly weight: number;
  /** score × weight / 100: the criteria's contributions sum to the site's score. */
  readonly contribution: number;
  readonly influence: Influence;
}

export interface SiteScore {
  readonly score: number;
  readonly criteria: Record<CriterionName, CriterionScore>;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));
const round2 = (value: number) => Math.round(value * 100) / 100;

/** The value of a criterion (0–100) under its influence; +∞ and null count as beyond every bound. */
export function normalise(value: number | null, rule: Influence): number {
  const x = value ?? Number.POSITIVE_INFINITY;
  switch (rule.influence) {
    case "positive":
      return 100 * clamp01((x - rule.low) / (rule.high - rule.low));
    case "inverse":
      return 100 * clamp01((rule.high - x) / (rule.high - rule.low));
    case "ideal":
      return Number.isFinite(x) ? 100 * clamp01(1 - Math.abs(x - rule.ideal) / rule.tolerance) : 0;
  }
}

/** A criterion's raw value from a site's facts. */
export function criterionValue(facts: SiteFacts, name: CriterionName): number | null {
  switch (name) {
    case "area":
      return facts.usableArea;
    case "contiguousArea":
      return facts.contiguousArea;
    case "accessibility":
      return facts.accessible ? 1 : 0;
    case "condition":
      return conditionValues[facts.condition];
    case "clearTitle":
      return facts.clearTitle ? 1 : 0;
    case "populationWithin":
      return facts.populationWithin;
    case "facilityDistance":
      return facts.facilityDistance;
  }
}

/** The site's weighted score, 0–100, with each criterion's part. */
export function scoreSite(facts: SiteFacts, settings: ScoringSettings): SiteScore {
  let total = 0;
  const criteria = {} as Record<CriterionName, CriterionScore>;
  for (const name of criterionNames) {
    const value = criterionValue(facts, name);
    const influence = settings.influences[name];
    const score = normalise(value, influence);
    const weight = settings.weights[name];
    const contribution = (score * weight) / 100;
    total += contribution;
    criteria[name] = {
      value: value === null ? null : round2(value),
      score: round2(score),
      weight,
      contribution: round2(contribution),
      influence,
    };
  }
  return { score: round2(Math.min(100, Math.max(0, total))), criteria };
}

/** The criteria the database measures around a site (demand and facilities): the costly ones. */
export const spatialCriteria: ReadonlySet<CriterionName> = new Set(["populationWithin", "facilityDistance"]);

/**
 * The highest score a site can reach whatever its spatial facts: its other criteria as they are, the
 * spatial ones at full weight. A search computes spatial facts only while a site could still rank.
 */
export function scoreBound(
  facts: Omit<SiteFacts, "populationWithin" | "facilityDistance">,
  settings: ScoringSettings,
): number {
  const site: SiteFacts = { ...facts, populationWithin: 0, facilityDistance: 0 };
  let bound = 0;
  for (const name of criterionNames) {
    const weight = settings.weights[name];
    bound += spatialCriteria.has(name)
      ? weight
      : (normalise(criterionValue(site, name), settings.influences[name]) * weight) / 100;
  }
  return Math.min(100, bound);
}

/** Weights differing from 100 % by less than this still sum to 100 (decimal input). */
const WEIGHT_TOLERANCE = 0.01;

/** Problems with weights given in a request: unknown criteria aside (the schema rejects those). */
export function weightProblems(weights: Readonly<Partial<Record<CriterionName, number>>>): string[] {
  const sum = Object.values(weights).reduce<number>((total, weight) => total + (weight ?? 0), 0);
  if (Math.abs(sum - 100) > WEIGHT_TOLERANCE)
    return [`The weights must sum to 100 (%); these sum to ${round2(sum)}`];
  return [];
}

/** Problems with an influence given in a request, naming the criterion. */
export function influenceProblems(name: CriterionName, rule: Influence): string[] {
  if (rule.influence === "ideal")
    return rule.tolerance > 0 ? [] : [`${name}: tolerance must be greater than 0`];
  return rule.high > rule.low ? [] : [`${name}: high must be greater than low`];
}

/**
 * The settings of a search: the target use's defaults, its weights replaced wholesale by `weights`
 * when given (a criterion left out weighs 0), influences replaced one by one.
 */
export function scoringSettings(
  use: TargetUse,
  weights?: Readonly<Partial<Record<CriterionName, number>>>,
  influences?: Readonly<Partial<Record<CriterionName, Influence>>>,
): ScoringSettings {
  const profile = targetProfiles[use];
  const chosen = weights
    ? (Object.fromEntries(criterionNames.map((name) => [name, weights[name] ?? 0])) as Record<
        CriterionName,
        number
      >)
    : profile.weights;
  return { weights: chosen, influences: { ...profile.influences, ...influences } };
}
