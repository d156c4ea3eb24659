import type { AdminLevel } from "../demo/dataset.js";

export interface Rank {
  readonly code: string;
  readonly organLevel: AdminLevel;
  readonly nameZh: string;
  readonly nameEn: string;
  /** Office room usable area per person, m² (maximum). */
  readonly officeLimit: number;
  readonly isLeader: boolean;
  /** May have a washroom of ≤ 6 m² inside the limit (2014 standard, note to the table). */
  readonly washroom: boolean;
}

const rank = (
  code: string,
  organLevel: AdminLevel,
  nameZh: string,
  nameEn: string,
  officeLimit: number,
  isLeader: boolean,
  washroom = false,
): Rank => ({ code, organLevel, nameZh, nameEn, officeLimit, isLeader, washroom });

/**
 * Office-room limits of 党政机关办公用房建设标准 (2014, 发改投资〔2014〕2674号). The migration
 * `2026-11-26-02-standard-ranks` holds a frozen copy in the `ranks` table. Township figures are a
 * provincial parameter (capped at the county 副职 figure, 24 m²); these defaults follow the 科级 figures.
 */
export const ranks: readonly Rank[] = [
  rank("central_minister", "central", "部级正职", "Minister", 54, true, true),
  rank("central_vice_minister", "central", "部级副职", "Vice minister", 42, true, true),
  rank("central_bureau_director", "central", "正司（局）级", "Bureau director", 24, true),
  rank("central_deputy_bureau_director", "central", "副司（局）级", "Deputy bureau director", 18, true),
  rank("central_division", "central", "处级", "Division level", 12, false),
  rank("central_below_division", "central", "处级以下", "Below division level", 9, false),
  rank("provincial_head", "provincial", "省级正职", "Provincial head", 54, true, true),
  rank("provincial_deputy", "provincial", "省级副职", "Provincial deputy", 42, true, true),
  rank("provincial_department_head", "provincial", "正厅（局）级", "Department head", 30, true, true),
  rank("provincial_deputy_department_head", "provincial", "副厅（局）级", "Deputy department head", 24, true),
  rank("provincial_division_head", "provincial", "正处级", "Division head", 18, false),
  rank("provincial_deputy_division_head", "provincial", "副处级", "Deputy division head", 12, false),
  rank("provincial_below_division", "provincial", "处级以下", "Below division level", 9, false),
  rank("prefecture_head", "prefecture", "市级正职", "Prefecture head", 42, true, true),
  rank("prefecture_deputy", "prefecture", "市级副职", "Prefecture deputy", 30, true),
  rank("prefecture_bureau_head", "prefecture", "正局（处）级", "Bureau head", 24, true),
  rank("prefecture_deputy_bureau_head", "prefecture", "副局（处）级", "Deputy bureau head", 18, false),
  rank("prefecture_below_bureau", "prefecture", "局（处）级以下", "Below bureau level", 9, false),
  rank("county_head", "county", "县级正职", "County head", 30, true, true),
  rank("county_deputy", "county", "县级副职", "County deputy", 24, true),
  rank("county_section_head", "county", "正科级", "Section head", 18, false),
  rank("county_deputy_section_head", "county", "副科级", "Deputy section head", 12, false),
  rank("county_below_section", "county", "科级以下", "Below section level", 9, false),
  rank("township_head", "township", "乡级正职", "Township head", 18, true),
  rank("township_deputy", "township", "乡级副职", "Township deputy", 12, false),
  rank("township_staff", "township", "乡级一般工作人员", "Township staff", 9, false),
];

export const rankByCode: ReadonlyMap<string, Rank> = new Map(ranks.map((entry) => [entry.code, entry]));
