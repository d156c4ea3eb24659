import {
  adminLevelLabels,
  booleanLabels,
  entitlementStatusLabels,
  structureLabels,
  unitKindLabels,
} from "../labels.js";
import { area, count, type TableColumn, text } from "../tables/table-columns.js";

/**
 * The official ledgers (台账) officials file in the shapes of the 2017 management rules' returns:
 * 办公用房基本情况, 使用单位基本情况, 工作人员办公室使用情况明细表, 超标情况, 清理腾退情况统计表.
 */
export const ledgerNames = [
  "office-buildings",
  "units",
  "staff-offices",
  "over-standard",
  "vacated",
] as const;
export type LedgerName = (typeof ledgerNames)[number];

/** Most units the 使用单位 ledger computes entitlements for: the standards engine runs per unit. */
export const MAX_LEDGER_UNITS: number = 5_000;

export interface LedgerDefinition {
  /** Title after the region name, e.g. 黑龙江省 党政机关办公用房基本情况表. */
  readonly titleZh: string;
  /** Sheet name (≤ 31 characters). */
  readonly sheetName: string;
  /** ASCII file name stem for the Content-Disposition fallback. */
  readonly fileEn: string;
  readonly columns: readonly TableColumn[];
  /** Columns summed in the 合计 row; none when a total would mean nothing (per-person lists). */
  readonly totals?: readonly string[];
}

/** Money columns are in yuan in the rows and printed in 万元 (exportValue), as the returns ask. */
const wan = (key: string, zh: string, en: string): TableColumn => ({
  key,
  label_zh: zh,
  label_en: en,
  type: "money",
  unit: "元",
});
const sequence = count("sequence", "序号", "No.");

const categoryAreas = [
  area("office_area", "办公室使用面积", "Office rooms"),
  area("service_area", "服务用房使用面积", "Service rooms"),
  area("equipment_area", "设备用房使用面积", "Equipment rooms"),
  area("ancillary_area", "附属用房使用面积", "Ancillary rooms"),
  area("technical_area", "业务技术用房使用面积", "Technical rooms"),
];

export const ledgerDefinitions: Readonly<Record<LedgerName, LedgerDefinition>> = {
  "office-buildings": {
    titleZh: "党政机关办公用房基本情况表",
    sheetName: "办公用房基本情况",
    fileEn: "office-buildings",
    columns: [
      sequence,
      text("name", "楼宇名称", "Building"),
      text("region_name", "所在区划", "Region"),
      text("address", "地址", "Address"),
      text("title_holder", "产权人", "Title holder"),
      text("title_certificate_no", "不动产权证号", "Title certificate"),
      count("built_year", "建成年份", "Year built"),
      text("structure", "结构", "Structure", structureLabels),
      count("floors_above", "地上层数", "Floors above ground"),
      area("gross_area", "建筑面积", "Gross area"),
      area("usable_area", "使用面积", "Usable area"),
      ...categoryAreas,
      area("idle_area", "闲置面积", "Idle area"),
      area("leased_area", "出租面积", "Leased-out area"),
      text("unit_names", "使用单位", "Occupant units"),
    ],
    totals: [
      "gross_area",
      "usable_area",
      ...categoryAreas.map((column) => column.key),
      "idle_area",
      "leased_area",
    ],
  },
  units: {
    titleZh: "党政机关办公用房使用单位基本情况表",
    sheetName: "使用单位基本情况",
    fileEn: "units",
    columns: [
      sequence,
      text("name", "单位名称", "Unit"),
      text("kind", "单位类别", "Kind", unitKindLabels),
      text("admin_level", "层级", "Level", adminLevelLabels),
      text("region_name", "所在区划", "Region"),
      { ...count("authorized", "核定编制", "Authorised headcount"), unit: "人" },
      { ...count("actual", "实有人数", "Actual headcount"), unit: "人" },
      area("entitled_office_area", "核定办公室面积", "Entitled office area"),
      area("actual_office_area", "实际办公室面积", "Actual office area"),
      area("entitled_core_area", "核定基本办公用房面积", "Entitled core office area"),
      area("actual_core_area", "实际基本办公用房面积", "Actual core office area"),
      area("core_surplus", "超标（+）/缺口（−）", "Surplus (+) / shortfall (−)"),
      text("status", "达标情况", "Compliance", entitlementStatusLabels),
      count("places", "办公地点数", "Office places"),
      wan("lease_rent", "在外租房年租金", "Annual rent of leases in"),
    ],
    totals: [
      "authorized",
      "actual",
      "entitled_office_area",
      "actual_office_area",
      "entitled_core_area",
      "actual_core_area",
      "core_surplus",
      "lease_rent",
    ],
  },
  "staff-offices": {
    titleZh: "工作人员办公室使用情况明细表",
    sheetName: "工作人员办公室使用情况",
    fileEn: "staff-offices",
    columns: [
      sequence,
      text("unit_name", "单位", "Unit"),
      text("person_name", "姓名", "Name"),
      text("rank_name", "职级", "Rank"),
      area("limit", "标准", "Limit"),
      text("room_number", "房间号", "Room"),
      text("building_name", "楼宇", "Building"),
      area("room_area", "房间使用面积", "Room usable area"),
      count("occupants", "同室人数", "Occupants"),
      area("share", "人均面积", "Area per person"),
      area("excess", "超标面积", "Excess"),
      text("over", "是否超标", "Over standard", booleanLabels),
    ],
  },
  "over-standard": {
    titleZh: "办公用房超标情况表",
    sheetName: "超标情况",
    fileEn: "over-standard",
    columns: [
      sequence,
      text("unit_name", "单位", "Unit"),
      text("person_name", "姓名", "Name"),
      text("rank_name", "职级", "Rank"),
      text("rule_name", "问题类型", "Issue"),
      area("limit", "标准", "Limit"),
      area("actual", "实际", "Actual"),
      area("excess", "超标面积", "Excess"),
      text("explanation", "说明", "Explanation"),
    ],
    totals: ["excess"],
  },
  vacated: {
    titleZh: "党政机关办公用房清理腾退情况统计表",
    sheetName: "清理腾退情况",
    fileEn: "vacated",
    columns: [
      sequence,
      text("name", "地区（单位）", "Region (unit)"),
      area("vacated_area", "腾退办公用房面积", "Vacated office space"),
      area("idle_area", "闲置面积", "Idle area"),
      area("leased_lent_area", "出租/出借面积", "Leased or lent out"),
      count("over_persons", "超标人员数", "Persons over standard"),
      count("leases_in", "在外租房处数", "Leases in"),
      wan("lease_rent", "在外租房年租金", "Annual rent of leases in"),
    ],
    totals: ["vacated_area", "idle_area", "leased_lent_area", "over_persons", "leases_in", "lease_rent"],
  },
};

/** Whether `name` is one of the ledgers. */
export function isLedgerName(name: string): name is LedgerName {
  return (ledgerNames as readonly string[]).includes(name);
}
