import type { AdminLevel } from "../demo/dataset.js";

/**
 * The API's rank codes (issue 6's contract), per organ level, with the rank codes of ranks.ts and the
 * `ranks` table they stand for. The API codes are short because the level is given beside them.
 */
export const apiRankCodes: Readonly<Record<AdminLevel, Readonly<Record<string, string>>>> = {
  central: {
    minister: "central_minister",
    vice_minister: "central_vice_minister",
    bureau_director: "central_bureau_director",
    bureau_deputy: "central_deputy_bureau_director",
    division: "central_division",
    below_division: "central_below_division",
  },
  provincial: {
    provincial_head: "provincial_head",
    provincial_deputy: "provincial_deputy",
    department_head: "provincial_department_head",
    department_deputy: "provincial_deputy_department_head",
    division_head: "provincial_division_head",
    division_deputy: "provincial_deputy_division_head",
    below_division: "provincial_below_division",
  },
  prefecture: {
    city_head: "prefecture_head",
    city_deputy: "prefecture_deputy",
    bureau_head: "prefecture_bureau_head",
    bureau_deputy: "prefecture_deputy_bureau_head",
    below_bureau: "prefecture_below_bureau",
  },
  county: {
    county_head: "county_head",
    county_deputy: "county_deputy",
    section_head: "county_section_head",
    section_deputy: "county_deputy_section_head",
    below_section: "county_below_section",
  },
  township: {
    township_head: "township_head",
    township_deputy: "township_deputy",
    below_township: "township_staff",
  },
};

/** The internal rank code of an API rank code at `level`, or undefined when the level has no such rank. */
export function internalRankCode(level: AdminLevel, apiCode: string): string | undefined {
  return Object.hasOwn(apiRankCodes[level], apiCode) ? apiRankCodes[level][apiCode] : undefined;
}

/** The API rank code of an internal rank code (its level is the rank's own). */
export function apiRankCode(internalCode: string): string | undefined {
  for (const codes of Object.values(apiRankCodes)) {
    for (const [api, internal] of Object.entries(codes)) if (internal === internalCode) return api;
  }
  return undefined;
}

/** The valid API rank codes of a level, in the table's order. */
export const validApiRanks = (level: AdminLevel): string[] => Object.keys(apiRankCodes[level]);
