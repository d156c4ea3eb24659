import { type Kysely, sql } from "kysely";

// Frozen copy of the office-room limits of 党政机关办公用房建设标准 (2014, 发改投资〔2014〕2674号),
// usable m² per person. Township figures are set by the province (capped at the county 副职 figure, 24);
// the defaults here follow the county 科级 figures and are a provincial parameter, not the national table.
const ranks: ReadonlyArray<readonly [string, string, string, string, number, boolean]> = [
  ["central_minister", "central", "部级正职", "Minister", 54, true],
  ["central_vice_minister", "central", "部级副职", "Vice minister", 42, true],
  ["central_bureau_director", "central", "正司（局）级", "Bureau director", 24, true],
  ["central_deputy_bureau_director", "central", "副司（局）级", "Deputy bureau director", 18, true],
  ["central_division", "central", "处级", "Division level", 12, false],
  ["central_below_division", "central", "处级以下", "Below division level", 9, false],
  ["provincial_head", "provincial", "省级正职", "Provincial head", 54, true],
  ["provincial_deputy", "provincial", "省级副职", "Provincial deputy", 42, true],
  ["provincial_department_head", "provincial", "正厅（局）级", "Department head", 30, true],
  ["provincial_deputy_department_head", "provincial", "副厅（局）级", "Deputy department head", 24, true],
  ["provincial_division_head", "provincial", "正处级", "Division head", 18, false],
  ["provincial_deputy_division_head", "provincial", "副处级", "Deputy division head", 12, false],
  ["provincial_below_division", "provincial", "处级以下", "Below division level", 9, false],
  ["prefecture_head", "prefecture", "市级正职", "Prefecture head", 42, true],
  ["prefecture_deputy", "prefecture", "市级副职", "Prefecture deputy", 30, true],
  ["prefecture_bureau_head", "prefecture", "正局（处）级", "Bureau head", 24, true],
  ["prefecture_deputy_bureau_head", "prefecture", "副局（处）级", "Deputy bureau head", 18, false],
  ["prefecture_below_bureau", "prefecture", "局（处）级以下", "Below bureau level", 9, false],
  ["county_head", "county", "县级正职", "County head", 30, true],
  ["county_deputy", "county", "县级副职", "County deputy", 24, true],
  ["county_section_head", "county", "正科级", "Section head", 18, false],
  ["county_deputy_section_head", "county", "副科级", "Deputy section head", 12, false],
  ["county_below_section", "county", "科级以下", "Below section level", 9, false],
  ["township_head", "township", "乡级正职", "Township head", 18, true],
  ["township_deputy", "township", "乡级副职", "Township deputy", 12, false],
  ["township_staff", "township", "乡级一般工作人员", "Township staff", 9, false],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto("ranks")
    .values(
      ranks.map(([code, organ_level, name_zh, name_en, office_limit_m2, is_leader], sort_order) => ({
        code,
        organ_level,
        name_zh,
        name_en,
        office_limit_m2,
        is_leader,
        sort_order,
      })),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from ranks`.execute(db);
}
