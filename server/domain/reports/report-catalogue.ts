import type { Label } from "../labels.js";

/**
 * The official statistics tables (统计报表) a level of the administration fills in and sends upward
 * (issue 10, DOMAIN.md workflow 6). Each is aggregated per region one level down, plus the level's own
 * organs (本级) and a 合计 row. Stock figures are as of the 统计时点 (the day the table is made); flow
 * figures (inspections done, disposals completed, referrals) count the statistical year.
 */
export const reportNames = [
  "office-space-basic",
  "usage-standard",
  "leases-in",
  "idle-disposal",
  "supervision",
] as const;
export type ReportName = (typeof reportNames)[number];

export const isReportName = (name: string): name is ReportName =>
  (reportNames as readonly string[]).includes(name);

/** How a figure is written: whole counts, areas in m² and money in 万元 (both two decimals in print). */
export type FigureKind = "count" | "area" | "money";

export interface ReportColumn {
  readonly key: string;
  readonly label: Label;
  /** The unit shown in the heading, e.g. m², 万元, 个. */
  readonly unit: string;
  readonly kind: FigureKind;
  /** A heading spanning several columns above this one (e.g. 基本办公用房使用面积). */
  readonly group?: Label;
}

export interface ReportDefinition {
  readonly name: ReportName;
  /** Table number as printed on the form (表一 … 表五). */
  readonly number: string;
  readonly title: Label;
  /** Short sheet name (Excel allows 31 characters). */
  readonly sheetName: string;
  readonly columns: readonly ReportColumn[];
  /** Notes printed under the table (填表说明): what each figure counts. */
  readonly notes: readonly string[];
}

const m2 = (key: string, zh: string, en: string, group?: Label): ReportColumn => ({
  key,
  label: { zh, en },
  unit: "m²",
  kind: "area",
  ...(group ? { group } : {}),
});
const count = (key: string, zh: string, en: string, unit: string, group?: Label): ReportColumn => ({
  key,
  label: { zh, en },
  unit,
  kind: "count",
  ...(group ? { group } : {}),
});

const coreGroup: Label = { zh: "基本办公用房使用面积", en: "Core office space, usable" };
const ofWhichGroup: Label = { zh: "其中", en: "Of which" };
const staffGroup: Label = { zh: "人员", en: "Staff" };
const officeGroup: Label = { zh: "办公室使用面积", en: "Offices, usable" };
const coreAreaGroup: Label = { zh: "基本办公用房使用面积", en: "Core office space, usable" };
const overGroup: Label = { zh: "超标情况", en: "Over standard" };
const leaseGroup: Label = { zh: "其中", en: "Of which" };
const idleGroup: Label = { zh: "现有闲置（统计时点）", en: "Idle now" };
const inspectionGroup: Label = { zh: "本年完成监督检查", en: "Inspections done this year" };
const findingGroup: Label = { zh: "发现问题（按当前状态）", en: "Findings by status" };

const disposalColumns = (key: string, zh: string, en: string): [ReportColumn, ReportColumn] => {
  const group = { zh: `本年${zh}`, en: `${en} this year` };
  return [count(`${key}Count`, "宗数", "Cases", "宗", group), m2(`${key}Area`, "面积", "Area", group)];
};

export const reportDefinitions: Readonly<Record<ReportName, ReportDefinition>> = {
  "office-space-basic": {
    name: "office-space-basic",
    number: "表一",
    title: { zh: "党政机关办公用房基本情况统计表", en: "Office space of Party and government organs" },
    sheetName: "办公用房基本情况",
    columns: [
      count("buildings", "楼栋数", "Buildings", "栋"),
      m2("grossArea", "总建筑面积", "Gross area"),
      m2("coreArea", "小计", "Subtotal", coreGroup),
      m2("officeArea", "办公室", "Offices", coreGroup),
      m2("serviceArea", "服务用房", "Service rooms", coreGroup),
      m2("equipmentArea", "设备用房", "Equipment rooms", coreGroup),
      m2("ancillaryArea", "附属用房使用面积", "Ancillary rooms, usable"),
      m2("technicalArea", "技术业务用房使用面积", "Technical rooms, usable"),
      m2("idleArea", "闲置面积", "Idle", ofWhichGroup),
      m2("leasedOutArea", "出租面积", "Leased out", ofWhichGroup),
      m2("lentOutArea", "出借面积", "Lent out", ofWhichGroup),
    ],
    notes: [
      "总建筑面积为楼栋登记的建筑面积；各类用房为房间登记的使用面积，不含已转为公益用房和已剥离为经营用房的房间。",
      "基本办公用房＝办公室＋服务用房＋设备用房（《党政机关办公用房建设标准》发改投资〔2014〕2674号）。",
      "闲置、出租、出借面积按房间当前状态统计，含各用途类别。",
    ],
  },
  "usage-standard": {
    name: "usage-standard",
    number: "表二",
    title: { zh: "办公用房使用及超标情况统计表", en: "Use of office space against the standard" },
    sheetName: "使用及超标情况",
    columns: [
      count("units", "单位数", "Units", "个"),
      count("authorized", "编制定员", "Authorised headcount", "人", staffGroup),
      count("actual", "实有人数", "Actual headcount", "人", staffGroup),
      m2("entitledOffice", "核定面积", "Entitled", officeGroup),
      m2("actualOffice", "实际使用面积", "Actual", officeGroup),
      m2("entitledCore", "核定面积", "Entitled", coreAreaGroup),
      m2("actualCore", "实际使用面积", "Actual", coreAreaGroup),
      count("unitsOver", "超标单位数", "Units over", "个", overGroup),
      count("personsOver", "超标人数", "Persons over", "人", overGroup),
      m2("overArea", "超标面积", "Area over", overGroup),
      count("unitsShort", "面积不足单位数", "Units short", "个"),
    ],
    notes: [
      "核定面积按编制定员和各职级标准计算（发改投资〔2014〕2674号），服务用房人均指标为省级可配置参数。",
      "超标单位数为基本办公用房实际使用面积超过核定面积的单位；超标人数为办公室面积超过本人职级标准的人员。",
      "超标面积为超标单位实际使用面积超出核定面积部分之和。",
    ],
  },
  "leases-in": {
    name: "leases-in",
    number: "表三",
    title: { zh: "租用办公用房情况统计表", en: "Office space leased in" },
    sheetName: "租用办公用房",
    columns: [
      count("units", "租用单位数", "Units renting", "个"),
      count("leases", "租用处数", "Leases", "处"),
      m2("area", "租用建筑面积", "Gross area leased"),
      { key: "rent", label: { zh: "年租金", en: "Annual rent" }, unit: "万元", kind: "money" },
      count("approved", "经批准", "Approved", "处", leaseGroup),
      count("unapproved", "未经批准", "Not approved", "处", leaseGroup),
      count("expired", "租期已满", "Term ended", "处", leaseGroup),
    ],
    notes: [
      "租用办公用房指在外租用的办公用房（在外租房），租金为合同约定的年租金，1万元＝10,000元。",
      "租期已满指统计时点合同已到期、仍在登记中的租用房。",
    ],
  },
  "idle-disposal": {
    name: "idle-disposal",
    number: "表四",
    title: { zh: "闲置办公用房处置情况统计表", en: "Disposal of idle office space" },
    sheetName: "闲置处置情况",
    columns: [
      count("idleRooms", "房间数", "Rooms", "间", idleGroup),
      m2("idleArea", "面积", "Area", idleGroup),
      ...disposalColumns("reallocated", "调剂使用", "Re-allocated"),
      ...disposalColumns("converted", "转为公益用房", "Converted to community use"),
      ...disposalColumns("leased", "出租", "Leased"),
      ...disposalColumns("auctioned", "拍卖", "Auctioned"),
      ...disposalColumns("other", "置换及其他", "Swapped or other"),
    ],
    notes: [
      "现有闲置为统计时点状态为闲置的房间使用面积；处置按本年完成的处置事项统计（《党政机关办公用房管理办法》：调剂、置换、出租、拍卖、改变用途、拆除）。",
      "转为公益用房含本年完成的公益用房转换项目和改变用途的处置；置换及其他含置换、拆除。",
    ],
  },
  supervision: {
    name: "supervision",
    number: "表五",
    title: { zh: "监督检查及整改情况统计表", en: "Inspections and rectification" },
    sheetName: "监督检查及整改",
    columns: [
      count("inspections", "合计", "Total", "次", inspectionGroup),
      count("routine", "例行检查", "Routine", "次", inspectionGroup),
      count("spotChecks", "抽查", "Spot checks", "次", inspectionGroup),
      count("keyReinspections", "重点复查", "Key re-inspections", "次", inspectionGroup),
      count("findings", "合计", "Total", "个", findingGroup),
      count("open", "待整改", "Open", "个", findingGroup),
      count("rectifying", "整改中", "Rectifying", "个", findingGroup),
      count("verified", "已核验", "Verified", "个", findingGroup),
      count("closed", "已销号", "Closed", "个", findingGroup),
      count("referred", "已移交", "Referred", "个", findingGroup),
      count("openFindings", "未销号问题", "Not closed", "个"),
      count("overdue", "逾期未整改", "Overdue", "个"),
      count("referralsThisYear", "本年移交纪检监察机关", "Referred this year", "件"),
    ],
    notes: [
      "监督检查按本年完成日期统计（例行检查每年不少于两次、抽查、厅局级以上领导办公室重点复查）。",
      "问题按台账当前状态统计；未销号问题＝合计－已销号；逾期未整改为超过整改期限仍待整改或整改中的问题。",
    ],
  },
};

/** Heading text of a column as printed: label and unit, e.g. 总建筑面积（m²）. */
export function columnHeading(column: ReportColumn, language: "zh" | "en" = "zh"): string {
  return language === "zh" ? `${column.label.zh}（${column.unit}）` : `${column.label.en} (${column.unit})`;
}
