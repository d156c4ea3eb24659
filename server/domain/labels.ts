import type { AdminLevel, PropertyClass, RoomStatus, UnitKind, UseCategory } from "./demo/dataset.js";

/**
 * The server's one vocabulary of code labels (zh-CN first, English second): ledgers, exports and
 * reports translate stored codes through these maps, never through ad-hoc strings. Terms follow
 * DOMAIN.md's glossary and the wording of the 2014 standard and the 2017 management rules.
 */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

const label = (zh: string, en: string): Label => ({ zh, en });

export const propertyClassLabels: Readonly<Record<PropertyClass, Label>> = {
  office: label("办公用房", "Office property"),
  technical: label("技术业务用房", "Technical property"),
  commercial: label("经营用房", "Commercial property"),
  non_office_asset: label("非办公类资产", "Non-office asset"),
  community_use: label("社区公益用房", "Community public use"),
};

export const useCategoryLabels: Readonly<Record<UseCategory, Label>> = {
  office: label("办公室", "Office"),
  service: label("服务用房", "Service room"),
  equipment: label("设备用房", "Equipment room"),
  ancillary: label("附属用房", "Ancillary room"),
  technical: label("技术业务用房", "Technical room"),
};

export const roomStatusLabels: Readonly<Record<RoomStatus, Label>> = {
  in_use: label("在用", "In use"),
  idle: label("闲置", "Idle"),
  leased_out: label("出租", "Leased out"),
  lent_out: label("出借", "Lent out"),
  vacating: label("腾退中", "Vacating"),
  pending_disposal: label("待处置", "Pending disposal"),
  converted: label("已转为公益用房", "Converted to public use"),
  commercial: label("已剥离为经营用房", "Separated as commercial"),
};

export const unitKindLabels: Readonly<Record<UnitKind, Label>> = {
  party_organ: label("党委机关", "Party organ"),
  government_department: label("政府部门", "Government department"),
  peoples_congress: label("人大机关", "People's congress"),
  cppcc: label("政协机关", "CPPCC"),
  court: label("法院", "Court"),
  procuratorate: label("检察院", "Procuratorate"),
  supervision_commission: label("监察委员会", "Supervision commission"),
  mass_organisation: label("群团组织", "Mass organisation"),
  civil_service_institution: label("参公事业单位", "Civil-service-managed institution"),
  public_institution: label("事业单位", "Public institution"),
  university: label("高等院校", "University"),
  state_owned_enterprise: label("国有企业", "State-owned enterprise"),
  vertical_branch: label("垂直管理单位", "Vertical branch"),
  administration: label("机关事务管理机构", "Offices administration"),
};

export const adminLevelLabels: Readonly<Record<AdminLevel, Label>> = {
  central: label("中央", "Central"),
  provincial: label("省级", "Provincial"),
  prefecture: label("市级", "Prefecture"),
  county: label("县级", "County"),
  township: label("乡级", "Township"),
};

export const regionLevelLabels: Readonly<Record<"province" | "prefecture" | "county" | "township", Label>> = {
  province: label("省", "Province"),
  prefecture: label("市（地区）", "Prefecture"),
  county: label("县（市、区）", "County"),
  township: label("乡镇（街道）", "Township"),
};

export const conditionLabels: Readonly<Record<"good" | "fair" | "poor" | "dangerous", Label>> = {
  good: label("良好", "Good"),
  fair: label("一般", "Fair"),
  poor: label("较差", "Poor"),
  dangerous: label("危房", "Dangerous"),
};

export const structureLabels: Readonly<
  Record<"brick_concrete" | "frame" | "frame_shear_wall" | "steel" | "other", Label>
> = {
  brick_concrete: label("砖混结构", "Brick and concrete"),
  frame: label("框架结构", "Frame"),
  frame_shear_wall: label("框架剪力墙结构", "Frame with shear walls"),
  steel: label("钢结构", "Steel"),
  other: label("其他", "Other"),
};

export const certificateKindLabels: Readonly<Record<"use_agreement" | "allocation_certificate", Label>> = {
  use_agreement: label("使用协议", "Use agreement"),
  allocation_certificate: label("办公用房分配使用凭证", "Allocation and use certificate"),
};

export const booleanLabels: Readonly<Record<"true" | "false", Label>> = {
  true: label("是", "Yes"),
  false: label("否", "No"),
};

/** The Chinese label of `code` in `labels`, or the code itself when the vocabulary lacks it. */
export function labelZh(labels: Readonly<Record<string, Label>>, code: string): string {
  return labels[code]?.zh ?? code;
}

/** 达标情况 of a unit's 基本办公用房 against its entitlement (UnitStatus of the standards engine). */
export const entitlementStatusLabels: Readonly<Record<"over" | "within" | "short", Label>> = {
  over: label("超标", "Over standard"),
  within: label("符合标准", "Within standard"),
  short: label("面积不足", "Short of standard"),
};
