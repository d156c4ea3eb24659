import { regionWithin } from "../auth/access.js";
import type { AdminLevel, UnitKind } from "../demo/dataset.js";
import type { StandardParameters } from "./parameters.js";
import { type Rank, rankByCode } from "./ranks.js";

/**
 * Unit kinds that are public institutions (事业单位): under the note to the 2014 standard's table they,
 * like dispatched bodies (派出机构), take the office figures of the level below. Institutions run like the
 * civil service (参公) and universities are 事业单位 too.
 */
export const lowerLevelKinds: ReadonlySet<UnitKind> = new Set([
  "public_institution",
  "civil_service_institution",
  "university",
]);

/** The organ level one below each (townships have none below and keep their own). */
export const levelBelow: Readonly<Record<AdminLevel, AdminLevel>> = {
  central: "provincial",
  provincial: "prefecture",
  prefecture: "county",
  county: "township",
  township: "township",
};

/** The level whose figures a unit takes: one below its own for dispatched bodies and public institutions. */
export function effectiveLevel(kind: UnitKind, adminLevel: AdminLevel, isDispatched: boolean): AdminLevel {
  return isDispatched || lowerLevelKinds.has(kind) ? levelBelow[adminLevel] : adminLevel;
}

/**
 * Each rank's equivalent one level down, by civil-service grade (central 司局级 bodies use provincial
 * 厅局级 figures; provincial 处级 bodies use prefecture 局处级 figures; …). Where a level has no equal grade
 * the nearest lower row is taken (central 处级 → provincial 副处级, a county's leaders → township head),
 * so taking the level below never invents a higher grade than the person holds.
 */
const rankOneLevelDown: Readonly<Record<string, string>> = {
  central_minister: "provincial_head",
  central_vice_minister: "provincial_deputy",
  central_bureau_director: "provincial_department_head",
  central_deputy_bureau_director: "provincial_deputy_department_head",
  central_division: "provincial_deputy_division_head",
  central_below_division: "provincial_below_division",
  provincial_head: "prefecture_head",
  provincial_deputy: "prefecture_head",
  provincial_department_head: "prefecture_head",
  provincial_deputy_department_head: "prefecture_deputy",
  provincial_division_head: "prefecture_bureau_head",
  provincial_deputy_division_head: "prefecture_deputy_bureau_head",
  provincial_below_division: "prefecture_below_bureau",
  prefecture_head: "county_head",
  prefecture_deputy: "county_head",
  prefecture_bureau_head: "county_head",
  prefecture_deputy_bureau_head: "county_deputy",
  prefecture_below_bureau: "county_below_section",
  county_head: "township_head",
  county_deputy: "township_head",
  county_section_head: "township_head",
  county_deputy_section_head: "township_deputy",
  county_below_section: "township_staff",
  township_head: "township_head",
  township_deputy: "township_deputy",
  township_staff: "township_staff",
};

/** The rank code a holder of `rankCode` counts as when the unit's figures come from `level`. */
export function rankAtLevel(rankCode: string, level: AdminLevel): string {
  let code = rankCode;
  for (let step = 0; step < 4; step++) {
    const rank = rankByCode.get(code);
    if (!rank || rank.organLevel === level || organDepth(rank.organLevel) >= organDepth(level)) return code;
    code = rankOneLevelDown[code] ?? code;
  }
  return code;
}

const organDepth = (level: AdminLevel) =>
  ({ central: 0, provincial: 1, prefecture: 2, county: 3, township: 4 })[level];

/**
 * The note on sub-provincial cities (副省级城市): their deputies take the 省级副职 figure and the heads of
 * their departments the provincial 正厅（局）级 figure. Which cities are sub-provincial is a parameter.
 */
const subProvincialRanks: Readonly<Record<string, string>> = {
  prefecture_deputy: "provincial_deputy",
  prefecture_bureau_head: "provincial_department_head",
};

/** Whether a prefecture-level organ in `regionCode` belongs to a sub-provincial city of the parameters. */
export function isSubProvincial(regionCode: string, parameters: StandardParameters): boolean {
  return parameters.subProvincialCities.some((city) => regionWithin(regionCode, city.code));
}

/** Where a rank's office limit came from, for explanations. */
export type LimitSource = "national" | "township_parameter" | "sub_provincial";

export interface RankLimit {
  readonly rank: Rank;
  /** m² usable area per person, washroom and rest room inside. */
  readonly limit: number;
  readonly source: LimitSource;
  /** For the sub-provincial note: the rank whose figure applies. */
  readonly appliedRank: Rank;
}

/** Thrown for a rank code the 2014 table does not know. */
export class UnknownRankError extends Error {
  constructor(readonly rankCode: string) {
    super(`Unknown rank ${rankCode}`);
  }
}

/** The office limit of a rank under `parameters`, with the sub-provincial note when `subProvincial`. */
export function limitOf(rankCode: string, parameters: StandardParameters, subProvincial = false): RankLimit {
  const rank = rankByCode.get(rankCode);
  if (!rank) throw new UnknownRankError(rankCode);
  if (rank.organLevel === "township") {
    const limit =
      parameters.townshipOfficeLimits[rankCode as keyof StandardParameters["townshipOfficeLimits"]];
    return { rank, limit, source: "township_parameter", appliedRank: rank };
  }
  const higher = subProvincial ? subProvincialRanks[rankCode] : undefined;
  const applied = higher ? rankByCode.get(higher) : undefined;
  if (applied) return { rank, limit: applied.officeLimit, source: "sub_provincial", appliedRank: applied };
  return { rank, limit: rank.officeLimit, source: "national", appliedRank: rank };
}

/** May a holder of this rank have a washroom (provincial/ministerial leaders, department heads, local heads)? */
export const mayHaveWashroom = (rankCode: string): boolean => rankByCode.get(rankCode)?.washroom ?? false;
