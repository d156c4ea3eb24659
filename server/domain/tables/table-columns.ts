import {
  adminLevelLabels,
  conditionLabels,
  type Label,
  propertyClassLabels,
  roomStatusLabels,
  unitKindLabels,
  useCategoryLabels,
} from "../labels.js";

/** The ledgers of the workbench's bottom panel. */
export const tableNames = ["buildings", "units", "rooms"] as const;
export type TableName = (typeof tableNames)[number];

export type ColumnType = "text" | "number" | "area" | "money" | "date" | "boolean";

/** A column as clients render it; `unit` is the unit of the values in the rows. */
export interface TableColumn {
  readonly key: string;
  readonly label_zh: string;
  readonly label_en: string;
  readonly type: ColumnType;
  readonly unit?: "m²" | "万元" | "元" | "人";
  /** Code columns: the label of each code (exports print the Chinese one). */
  readonly codes?: Readonly<Record<string, Label>>;
}

export const text = (
  key: string,
  zh: string,
  en: string,
  codes?: Readonly<Record<string, Label>>,
): TableColumn => ({
  key,
  label_zh: zh,
  label_en: en,
  type: "text",
  ...(codes ? { codes } : {}),
});
export const count = (key: string, zh: string, en: string): TableColumn => ({
  key,
  label_zh: zh,
  label_en: en,
  type: "number",
});
/** Areas are recorded survey values in m² (DESIGN.md), never footprint geometry. */
export const area = (key: string, zh: string, en: string): TableColumn => ({
  key,
  label_zh: zh,
  label_en: en,
  type: "area",
  unit: "m²",
});
/** Money is stored in yuan; exports show it in 万元 as the administration's ledgers do. */
export const money = (key: string, zh: string, en: string): TableColumn => ({
  key,
  label_zh: zh,
  label_en: en,
  type: "money",
  unit: "元",
});

export const tableColumns: Readonly<Record<TableName, readonly TableColumn[]>> = {
  buildings: [
    count("id", "编号", "ID"),
    text("name", "楼宇名称", "Building"),
    text("region_name", "行政区划", "Region"),
    text("property_class", "房产类别", "Property class", propertyClassLabels),
    count("floors_above", "地上层数", "Floors above ground"),
    area("gross_area", "建筑面积", "Gross area"),
    area("usable_area", "使用面积", "Usable area"),
    area("idle_area", "闲置面积", "Idle area"),
    count("built_year", "建成年份", "Year built"),
    text("condition", "房屋状况", "Condition", conditionLabels),
    text("main_unit_name", "主要使用单位", "Main occupant unit"),
  ],
  units: [
    count("id", "编号", "ID"),
    text("name", "单位名称", "Unit"),
    text("region_name", "行政区划", "Region"),
    text("kind", "单位类别", "Kind", unitKindLabels),
    text("admin_level", "机构级别", "Level", adminLevelLabels),
    count("authorized_headcount", "编制定员", "Authorised headcount"),
    count("actual_headcount", "实有人数", "Actual headcount"),
    area("usable_area", "在用使用面积", "Usable area in use"),
    count("sites", "办公楼宇数", "Buildings occupied"),
    money("leases_in_rent", "在外租房年租金", "Annual rent of leases in"),
  ],
  rooms: [
    count("id", "编号", "ID"),
    text("building_name", "楼宇", "Building"),
    text("floor_name", "楼层", "Floor"),
    text("number", "房间号", "Room"),
    text("use_category", "用途类别", "Use category", useCategoryLabels),
    area("usable_area", "使用面积", "Usable area"),
    text("status", "使用状态", "Status", roomStatusLabels),
    text("occupant_unit_name", "使用单位", "Occupant unit"),
    text("occupants", "使用人", "Occupants"),
  ],
};

/** What a sort parameter may name: every column of the table. */
export function sortKeysOf(table: TableName): [string, ...string[]] {
  const keys = tableColumns[table].map((column) => column.key);
  return keys as [string, ...string[]];
}

/** Ledger titles, used as sheet names and file names of exports. */
export const tableTitles: Readonly<Record<TableName, Label>> = {
  buildings: { zh: "楼宇台账", en: "buildings" },
  units: { zh: "单位台账", en: "units" },
  rooms: { zh: "房间台账", en: "rooms" },
};
