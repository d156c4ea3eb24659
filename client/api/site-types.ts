// Shapes of the idle-site analysis (POST /api/analysis/sites, /coverage, /location-allocation) and of the
// conversions register (/api/conversions), as docs/api.md describes them.
import type { MultiPolygon, Point, Polygon } from "geojson";

/** Target uses of a site (`conversions.target_use`). */
export const TARGET_USES = [
  "people_home",
  "elderly_club",
  "convenience_service",
  "startup_incubator",
  "other",
] as const;
export type TargetUse = (typeof TARGET_USES)[number] | "community_service_center";

/** The seven criteria of the weighted suitability score, in the order the panel lists them. */
export const CRITERIA = [
  "area",
  "contiguousArea",
  "accessibility",
  "condition",
  "clearTitle",
  "populationWithin",
  "facilityDistance",
] as const;
export type Criterion = (typeof CRITERIA)[number];
export type Weights = Record<Criterion, number>;

export interface CriterionScore {
  value: number | null;
  /** 0–100 */
  score: number;
  /** % */
  weight: number;
  contribution: number;
}

export interface Site {
  id: string;
  kind: "room" | "floor" | "building" | "asset";
  name: string;
  regionCode: string;
  buildingId: number | null;
  assetId: number | null;
  usableArea: number;
  areaEstimated: boolean;
  score: number;
  criteria: Partial<Record<Criterion, CriterionScore>>;
  populationWithin: number;
  facilityDistance: number | null;
  geometry: Polygon | MultiPolygon | Point;
}

export interface SiteSearchRequest {
  targetUse: TargetUse;
  minArea?: number;
  maxArea?: number;
  walkMeters?: number;
  within?: Polygon;
  weights?: Weights;
  limit?: number;
}

export interface SiteSearch {
  targetUse: TargetUse;
  walkMeters: number;
  distanceKind: "straight_line";
  weights: Weights;
  candidates: number;
  sites: Site[];
}

export interface Coverage {
  facilityKind: TargetUse;
  walkMeters: number;
  before: number;
  after: number;
  gained: number;
}

export interface AllocationChoice {
  siteIds: string[];
  covered: number;
  gained: number;
}

export interface Allocation {
  k: number;
  candidates: number;
  before: number;
  optimal: AllocationChoice & { gap: number; status: string };
  greedy: AllocationChoice;
  sites: { id: string; name: string }[];
}

export type ConversionSource =
  | { kind: "building"; buildingId: number }
  | { kind: "rooms"; buildingId: number; roomIds: number[] }
  | { kind: "asset"; assetId: number };

export interface ConversionDraft {
  name: string;
  source: ConversionSource;
  uses: { kind: TargetUse; name: string; area: number }[];
  /** 万元 */
  estimatedCost?: number;
  publicSummary?: string;
}

export type ConversionStatus = "proposed" | "approved" | "rejected" | "converting" | "done" | "cancelled";

export interface Conversion {
  id: number;
  name: string;
  status: ConversionStatus;
  version: number;
  area: number;
  estimatedCost: number | null;
  isPublished: boolean;
  source: {
    kind: "building" | "rooms" | "asset";
    buildingId: number | null;
    assetId: number | null;
    roomIds: number[] | null;
  };
  uses: { kind: TargetUse; name: string; area: number }[];
}

export type ConversionStep = "approve" | "reject" | "start" | "complete" | "cancel" | "publish" | "unpublish";
