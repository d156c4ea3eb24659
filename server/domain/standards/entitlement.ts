import type { AdminLevel } from "../demo/dataset.js";
import { type LimitSource, limitOf } from "./levels.js";
import type { StandardParameters } from "./parameters.js";

/** The rule every entitlement cites. */
export const STANDARD_NAME_ZH = "党政机关办公用房建设标准（发改投资〔2014〕2674号）";
export const STANDARD_NAME_EN =
  "Construction Standard for Office Buildings of Party and Government Organs (NDRC 2014 No. 2674)";

/** One sentence in both languages. */
export interface Explanation {
  readonly zh: string;
  readonly en: string;
}

export interface StaffingLine {
  /** Rank code of ranks.ts. */
  readonly rank: string;
  /** Authorised headcount (编制定员), never the actual one. */
  readonly authorized: number;
}

export interface EntitlementOptions {
  /** m² per authorised person; the parameters' figure for the level when absent. */
  readonly serviceAllowancePerPerson?: number;
  /** K 0.60 instead of 0.65. */
  readonly highRise?: boolean;
  /** C: ancillary rooms (canteen, garage, civil defence, guard rooms), gross m². */
  readonly ancillaryGrossArea?: number;
  /** The organ belongs to a sub-provincial city (note to the table). */
  readonly subProvincial?: boolean;
}

export interface EntitlementLine {
  readonly rank: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** m² per person. */
  readonly limit: number;
  readonly limitSource: LimitSource;
  readonly authorized: number;
  /** limit × authorized, m². */
  readonly area: number;
}

export interface Entitlement {
  readonly level: AdminLevel;
  /** A = Σ limit × authorised, m² usable. */
  readonly officeArea: number;
  /** B = allowance × Σ authorised, m² usable. */
  readonly serviceArea: number;
  /** 9 % of (A + B), m² usable. */
  readonly equipmentArea: number;
  /** A + B + equipment: 基本办公用房, m² usable. */
  readonly coreUsableArea: number;
  readonly netToGross: number;
  /** C, m² gross. */
  readonly ancillaryGrossArea: number;
  /** S = [A + B + (A + B) × 9 %] / K + C, m² gross. */
  readonly grossArea: number;
  readonly authorized: number;
  readonly lines: readonly EntitlementLine[];
  readonly parameters: {
    readonly version: string;
    readonly effectiveFrom: string;
    readonly regionCode: string;
    readonly isDefault: boolean;
    readonly serviceAllowancePerPerson: number;
    readonly serviceAllowanceSource: "request" | "parameters";
    readonly equipmentShare: number;
    readonly netToGross: number;
    readonly highRise: boolean;
    readonly subProvincial: boolean;
  };
  readonly explanation: readonly Explanation[];
}

/** Areas are reported to the hundredth of a m², as the ledgers keep them. */
export const roundArea = (value: number): number => Math.round((value + Number.EPSILON) * 100) / 100;

const format = (value: number) => String(roundArea(value));

/** The entitled area of an organ at `level` with this authorised staffing under the 2014 standard. */
export function entitlement(
  level: AdminLevel,
  staffing: readonly StaffingLine[],
  options: EntitlementOptions,
  parameters: StandardParameters,
): Entitlement {
  const subProvincial = options.subProvincial ?? false;
  const lines = staffing.map(({ rank, authorized }): EntitlementLine => {
    const resolved = limitOf(rank, parameters, subProvincial);
    return {
      rank,
      nameZh: resolved.rank.nameZh,
      nameEn: resolved.rank.nameEn,
      limit: resolved.limit,
      limitSource: resolved.source,
      authorized,
      area: resolved.limit * authorized,
    };
  });
  const authorized = lines.reduce((sum, line) => sum + line.authorized, 0);
  const officeArea = lines.reduce((sum, line) => sum + line.area, 0);
  const allowanceFromRequest = options.serviceAllowancePerPerson !== undefined;
  const allowance = options.serviceAllowancePerPerson ?? parameters.serviceAllowancePerPerson[level];
  const serviceArea = allowance * authorized;
  const equipmentArea = (officeArea + serviceArea) * parameters.equipmentShare;
  const coreUsableArea = officeArea + serviceArea + equipmentArea;
  const highRise = options.highRise ?? false;
  const netToGross = highRise ? parameters.netToGross.highRise : parameters.netToGross.multiStorey;
  const ancillaryGrossArea = options.ancillaryGrossArea ?? 0;
  const grossArea = coreUsableArea / netToGross + ancillaryGrossArea;
  const share = `${roundArea(parameters.equipmentShare * 100)}%`;
  const defaultNote = parameters.isDefault && !allowanceFromRequest;
  const explanation: Explanation[] = [
    {
      zh: `依据${STANDARD_NAME_ZH}，按编制定员核定。`,
      en: `Under the ${STANDARD_NAME_EN}, from the authorised headcount.`,
    },
    {
      zh: `办公室 A = ${lines.map((line) => `${line.nameZh} ${line.limit}×${line.authorized}`).join(" + ") || "0"} = ${format(officeArea)} m²（使用面积）。`,
      en: `Offices A = ${lines.map((line) => `${line.nameEn} ${line.limit}×${line.authorized}`).join(" + ") || "0"} = ${format(officeArea)} m² usable.`,
    },
    {
      zh: `服务用房 B = ${allowance} m²/人 × ${authorized} 人 = ${format(serviceArea)} m²${defaultNote ? "（人均指标为系统默认值，待省级确认）" : ""}。`,
      en: `Service rooms B = ${allowance} m²/person × ${authorized} = ${format(serviceArea)} m²${defaultNote ? " (the per-person allowance is Fangtu's default, pending provincial confirmation)" : ""}.`,
    },
    {
      zh: `设备用房 = (A + B) × ${share} = ${format(equipmentArea)} m²；基本办公用房合计 ${format(coreUsableArea)} m²（使用面积）。`,
      en: `Equipment rooms = (A + B) × ${share} = ${format(equipmentArea)} m²; core office space ${format(coreUsableArea)} m² usable.`,
    },
    {
      zh: `总建筑面积 S = [A + B + (A + B) × ${share}] / K + C = ${format(coreUsableArea)} / ${netToGross} + ${format(ancillaryGrossArea)} = ${format(grossArea)} m²（${highRise ? "高层" : "多层"}建筑 K = ${netToGross}）。`,
      en: `Gross area S = [A + B + (A + B) × ${share}] / K + C = ${format(coreUsableArea)} / ${netToGross} + ${format(ancillaryGrossArea)} = ${format(grossArea)} m² (${highRise ? "high-rise" : "multi-storey"}, K = ${netToGross}).`,
    },
  ];
  if (lines.some((line) => line.limitSource === "sub_provincial")) {
    explanation.push({
      zh: "副省级城市：副职按省级副职标准、所属部门正职按正厅（局）级标准执行。",
      en: "Sub-provincial city: deputies take the provincial-deputy figure, department heads the provincial department-head figure.",
    });
  }
  if (lines.some((line) => line.limitSource === "township_parameter")) {
    explanation.push({
      zh: `乡级机关办公室标准由省级确定（不超过县级副职 24 m²），参数版本 ${parameters.version}。`,
      en: `Township office limits are set by the province (at most the county deputy figure, 24 m²), parameter set ${parameters.version}.`,
    });
  }
  return {
    level,
    officeArea: roundArea(officeArea),
    serviceArea: roundArea(serviceArea),
    equipmentArea: roundArea(equipmentArea),
    coreUsableArea: roundArea(coreUsableArea),
    netToGross,
    ancillaryGrossArea: roundArea(ancillaryGrossArea),
    grossArea: roundArea(grossArea),
    authorized,
    lines: lines.map((line) => ({ ...line, area: roundArea(line.area) })),
    parameters: {
      version: parameters.version,
      effectiveFrom: parameters.effectiveFrom,
      regionCode: parameters.regionCode,
      isDefault: parameters.isDefault,
      serviceAllowancePerPerson: allowance,
      serviceAllowanceSource: allowanceFromRequest ? "request" : "parameters",
      equipmentShare: parameters.equipmentShare,
      netToGross,
      highRise,
      subProvincial,
    },
    explanation,
  };
}
