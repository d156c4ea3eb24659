import type { Label } from "../labels.js";
import { count, type TableColumn, text } from "../tables/table-columns.js";
import type { MismatchField, MismatchKind } from "./mismatch.js";

/** The three consistencies as the 2017 rules name them. */
export const mismatchKindLabels: Readonly<Record<MismatchKind, Label>> = {
  ledger_vs_subledger: { zh: "账账相符", en: "Ledger vs sub-ledger" },
  ledger_vs_field: { zh: "账实相符", en: "Ledger vs field check" },
  ledger_vs_certificate: { zh: "账证相符", en: "Ledger vs certificates" },
};

export const mismatchFieldLabels: Readonly<Record<MismatchField, Label>> = {
  room: { zh: "房间", en: "Room" },
  use_category: { zh: "用途类别", en: "Use category" },
  usable_area: { zh: "使用面积", en: "Usable area" },
  status: { zh: "使用状态", en: "Status" },
  occupant_unit: { zh: "使用单位", en: "Occupant unit" },
  title_certificate: { zh: "不动产权证", en: "Title certificate" },
  title_holder: { zh: "产权人", en: "Title holder" },
  use_certificate: { zh: "使用凭证", en: "Use certificate" },
  certificate_area: { zh: "凭证面积", en: "Certified area" },
};

export type Conclusion = "consistent" | "inconsistent" | "no_submission";

export const conclusionLabels: Readonly<Record<Conclusion, Label>> = {
  consistent: { zh: "相符", en: "Consistent" },
  inconsistent: { zh: "不相符", en: "Inconsistent" },
  no_submission: { zh: "未报送分台账", en: "No sub-ledger submitted" },
};

/** 三相符核查情况表: one row per unit checked, with its mismatches per kind and the conclusion. */
export const consistencySummaryColumns: readonly TableColumn[] = [
  count("sequence", "序号", "No."),
  text("name", "单位名称", "Unit"),
  text("region_name", "所在区划", "Region"),
  text("submitted_on", "分台账报送日期", "Sub-ledger submitted on"),
  count("ledger_vs_subledger", "账账不符（项）", "Ledger vs sub-ledger"),
  count("ledger_vs_field", "账实不符（项）", "Ledger vs field check"),
  count("ledger_vs_certificate", "账证不符（项）", "Ledger vs certificates"),
  count("mismatches", "不符合计（项）", "Mismatches"),
  text("conclusion", "核查结论", "Conclusion", conclusionLabels),
];

export const consistencySummaryTotals = [
  "ledger_vs_subledger",
  "ledger_vs_field",
  "ledger_vs_certificate",
  "mismatches",
] as const;

/** 不符明细: one row per mismatch. */
export const consistencyDetailColumns: readonly TableColumn[] = [
  count("sequence", "序号", "No."),
  text("unit_name", "单位名称", "Unit"),
  text("kind", "核查类型", "Check", mismatchKindLabels),
  text("building_name", "楼宇", "Building"),
  text("room_number", "房间号", "Room"),
  text("field", "核查项目", "Item", mismatchFieldLabels),
  text("ledger_value", "总台账", "Master ledger"),
  text("other_value", "分台账／实地／证书", "Sub-ledger / field / certificate"),
  text("message", "说明", "Explanation"),
];
