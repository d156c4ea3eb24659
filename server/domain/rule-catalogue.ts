/**
 * The rule checks Fangtu runs over the ledger (issue 6, part 3): each produces finding candidates that
 * supervision turns into findings. Rules of 党政机关办公用房管理办法 (中办发〔2017〕71号, "the 2017 rules")
 * and limits of 党政机关办公用房建设标准 (发改投资〔2014〕2674号, "the 2014 standard").
 */
export const ruleCodes = [
  "over_standard_office",
  "two_offices_without_approval",
  "office_not_recovered",
  "concurrent_office_not_vacated",
  "non_organ_occupant",
  "leased_out_without_approval",
  "use_not_matching_certificate",
] as const;
export type RuleCode = (typeof ruleCodes)[number];

export type Severity = "high" | "medium" | "low";

export interface RuleDefinition {
  readonly code: RuleCode;
  /** The severity of its candidates (over-standard offices: the highest; see severityOf). */
  readonly severity: Severity;
  readonly nameZh: string;
  readonly nameEn: string;
  /** The provision the rule enforces, as cited in explanations. */
  readonly regulationZh: string;
  readonly regulationEn: string;
}

const RULES_2017 = "《党政机关办公用房管理办法》（2017）";
const STANDARD_2014 = "《党政机关办公用房建设标准》（发改投资〔2014〕2674号）";

export const ruleCatalogue: Readonly<Record<RuleCode, RuleDefinition>> = {
  over_standard_office: {
    code: "over_standard_office",
    severity: "high",
    nameZh: "办公室面积超标",
    nameEn: "Office above the standard",
    regulationZh: `${STANDARD_2014}办公室使用面积标准（卫生间计入标准内）；${RULES_2017}严禁超标准配备、使用办公用房`,
    regulationEn:
      "2014 standard, per-person office usable area by rank (a washroom counts inside the limit); 2017 rules: no office above the standard",
  },
  two_offices_without_approval: {
    code: "two_offices_without_approval",
    severity: "high",
    nameZh: "未经批准多处占用办公室",
    nameEn: "Two offices without approval",
    regulationZh: `${RULES_2017}：工作人员原则上只能使用一处办公室，确因工作需要异地交流任职兼职的，经批准可另行配置一处`,
    regulationEn:
      "2017 rules: one office per person; a second, smaller office only with approval for a distant concurrent post",
  },
  office_not_recovered: {
    code: "office_not_recovered",
    severity: "medium",
    nameZh: "调离或退休后办公室未按期腾退",
    nameEn: "Office not recovered after transfer or retirement",
    regulationZh: `${RULES_2017}：工作人员调离或退休的，应当在1个月内腾退原办公用房`,
    regulationEn: "2017 rules: an office is recovered within 1 month of its user's transfer or retirement",
  },
  concurrent_office_not_vacated: {
    code: "concurrent_office_not_vacated",
    severity: "medium",
    nameZh: "兼职结束后另配办公室未按期腾退",
    nameEn: "Concurrent-post office not vacated",
    regulationZh: `${RULES_2017}：因兼职另行配置的办公室，应当在兼职工作结束后2个月内腾退`,
    regulationEn:
      "2017 rules: a second office for a concurrent post is vacated within 2 months after the post ends",
  },
  non_organ_occupant: {
    code: "non_organ_occupant",
    severity: "high",
    nameZh: "企业等非机关单位占用机关办公用房",
    nameEn: "Non-organ unit occupying organ office space",
    regulationZh: `${RULES_2017}：不得将办公用房提供给企业、行业协会商会和经营类事业单位使用`,
    regulationEn:
      "2017 rules: enterprises, trade associations and business-type public institutions may not use organ office space",
  },
  leased_out_without_approval: {
    code: "leased_out_without_approval",
    severity: "high",
    nameZh: "擅自出租办公用房",
    nameEn: "Space leased out without approval",
    regulationZh: `${RULES_2017}：未经批准不得出租、出借办公用房，使用凭证不得用于出租、出借或经营`,
    regulationEn:
      "2017 rules: office space is leased out only with approval; a use certificate can never be used to lease, lend or run a business",
  },
  use_not_matching_certificate: {
    code: "use_not_matching_certificate",
    severity: "medium",
    nameZh: "使用情况与使用凭证不符",
    nameEn: "Use not matching the certificate",
    regulationZh: `${RULES_2017}：使用单位按照办公用房分配使用凭证（使用协议）核定的面积和用途使用办公用房`,
    regulationEn:
      "2017 rules: a unit uses office space only within the area of its allocation certificate or use agreement",
  },
};

/** Whether `code` names a rule of the catalogue. */
export function isRuleCode(code: string): code is RuleCode {
  return (ruleCodes as readonly string[]).includes(code);
}

const severityRank: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 };

/** Orders severities high → low (for listing candidates). */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank[a] - severityRank[b];
}
