import type { Label } from "../labels.js";
import { ruleCatalogue, ruleCodes } from "../rule-catalogue.js";
import type { FindingStatus } from "./finding-status.js";

// The finding ledger's codes in words, for its XLSX export (the UI has its own catalogue).

const label = (zh: string, en: string): Label => ({ zh, en });

export const findingStatusLabels: Readonly<Record<FindingStatus, Label>> = {
  open: label("待整改", "Open"),
  rectifying: label("整改中", "Rectifying"),
  verified: label("已核验", "Verified"),
  closed: label("已销号", "Closed"),
  referred: label("已移交纪检监察", "Referred"),
};

export const severityLabels: Readonly<Record<"low" | "medium" | "high", Label>> = {
  high: label("严重", "High"),
  medium: label("较重", "Medium"),
  low: label("一般", "Low"),
};

export const findingSourceLabels: Readonly<Record<"rule_check" | "inspection", Label>> = {
  rule_check: label("规则核查", "Rule check"),
  inspection: label("监督检查", "Inspection"),
};

/** The rule checks' names, what inspections find on site and the maintenance violation; others as they are. */
export const findingRuleLabels: Readonly<Record<string, Label>> = {
  ...Object.fromEntries(
    ruleCodes.map((code) => [code, label(ruleCatalogue[code].nameZh, ruleCatalogue[code].nameEn)]),
  ),
  field_area_differs: label("面积与台账不符", "Area differs from the ledger"),
  field_use_differs: label("擅自改变用途", "Unauthorised change of use"),
  field_status_differs: label("使用状态与台账不符", "Status differs from the ledger"),
  field_occupant_differs: label("使用单位与台账不符", "Occupant unit differs"),
  field_person_differs: label("使用人与台账不符", "Occupants differ"),
  unapproved_major_repair: label("未经批准实施大中修", "Major repair without approval"),
};
