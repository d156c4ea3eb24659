import type { AdminLevel, UnitKind } from "../demo/dataset.js";

/**
 * The parameters of allocation-request planning (调配申报). Every figure is a labelled, configurable
 * default (createApp's `allocationSettings`), never a hidden constant.
 */
export interface AllocationSettings {
  /**
   * Market office rent, 元 per m² of gross area per day. Default 1.2: the order of Harbin's ordinary office
   * rents; a demo figure, not a survey. The lease option quotes it; Fangtu holds no real listings.
   */
  readonly rentPerSquareMetrePerDay: number;
  /** Construction cost, 元 per m² of gross area (default 4,500: an ordinary multi-storey office building). */
  readonly constructionCostPerSquareMetre: number;
  /** Years a new building's cost is spread over for its annual figure (default 50: the design life). */
  readonly constructionDesignLifeYears: number;
  /** Usable-to-gross coefficient K for leased and new space (default 0.65, the standard's multi-storey minimum). */
  readonly netToGross: number;
  /** Grassroots units (基层单位) by level: default county and township organs. */
  readonly grassrootsLevels: readonly AdminLevel[];
  /** More grassroots units by kind (default none), e.g. a province listing units that serve townships. */
  readonly grassrootsKinds: readonly UnitKind[];
  /** A re-allocation plan covering at least this share of the need counts as meeting it (default 0.9). */
  readonly adequateShare: number;
  /** How many of the nearest same-level units are checked as swap partners (default 12). */
  readonly swapNeighbours: number;
}

export const defaultAllocationSettings: AllocationSettings = {
  rentPerSquareMetrePerDay: 1.2,
  constructionCostPerSquareMetre: 4500,
  constructionDesignLifeYears: 50,
  netToGross: 0.65,
  grassrootsLevels: ["county", "township"],
  grassrootsKinds: [],
  adequateShare: 0.9,
  swapNeighbours: 12,
};

/** Whether a unit is grassroots (基层): its plans claim contested idle rooms first. */
export function isGrassroots(
  unit: { readonly kind: UnitKind; readonly adminLevel: AdminLevel },
  settings: Pick<AllocationSettings, "grassrootsLevels" | "grassrootsKinds">,
): boolean {
  return settings.grassrootsLevels.includes(unit.adminLevel) || settings.grassrootsKinds.includes(unit.kind);
}

/** A request's place when requests compete for the same idle rooms. */
export interface ClaimPosition {
  readonly requestId: number;
  readonly grassroots: boolean;
  readonly submittedAt: Date;
}

/**
 * The claim order of competing requests (DOMAIN.md workflow 5, favouring grassroots units): grassroots
 * requests first, then the earlier filed, then the lower id. Negative when `a` claims before `b`.
 */
export function claimOrder(a: ClaimPosition, b: ClaimPosition): number {
  if (a.grassroots !== b.grassroots) return a.grassroots ? -1 : 1;
  const time = a.submittedAt.getTime() - b.submittedAt.getTime();
  return time !== 0 ? time : a.requestId - b.requestId;
}

/** The GB/T 2260 prefix of the stock a unit's administration allocates from: its own level's region. */
export function poolPrefix(regionCode: string, adminLevel: AdminLevel): string {
  switch (adminLevel) {
    case "central":
    case "provincial":
      return regionCode.slice(0, 2);
    case "prefecture":
      return regionCode.slice(0, 4);
    case "county":
    case "township":
      return regionCode.slice(0, 6);
    default: {
      const unreachable: never = adminLevel;
      return unreachable;
    }
  }
}

/** The administration level that allocates to a unit of `adminLevel` (townships are served by the county). */
export function poolLevel(adminLevel: AdminLevel): AdminLevel {
  if (adminLevel === "central") return "provincial";
  return adminLevel === "township" ? "county" : adminLevel;
}
