import type { Position } from "../geojson.js";
import type { AdminLevel, UnitKind } from "./dataset.js";

/** Authorised headcount ranges per rank: [rank code, min, max]. */
export type StaffingTemplate = ReadonlyArray<readonly [string, number, number]>;

export const staffingTemplates = {
  provincialGeneralOffice: [
    ["provincial_head", 1, 1],
    ["provincial_deputy", 3, 6],
    ["provincial_department_head", 1, 1],
    ["provincial_deputy_department_head", 3, 5],
    ["provincial_division_head", 8, 14],
    ["provincial_deputy_division_head", 8, 14],
    ["provincial_below_division", 40, 80],
  ],
  provincialDepartment: [
    ["provincial_department_head", 1, 1],
    ["provincial_deputy_department_head", 2, 4],
    ["provincial_division_head", 4, 10],
    ["provincial_deputy_division_head", 4, 10],
    ["provincial_below_division", 15, 60],
  ],
  provincialSmall: [
    ["provincial_department_head", 1, 1],
    ["provincial_deputy_department_head", 1, 3],
    ["provincial_division_head", 2, 5],
    ["provincial_deputy_division_head", 2, 5],
    ["provincial_below_division", 8, 25],
  ],
  restructured: [
    ["provincial_division_head", 1, 1],
    ["provincial_deputy_division_head", 1, 2],
    ["provincial_below_division", 4, 14],
  ],
  centralDispatched: [
    ["central_bureau_director", 1, 1],
    ["central_deputy_bureau_director", 2, 3],
    ["central_division", 6, 12],
    ["central_below_division", 20, 40],
  ],
  prefectureGeneralOffice: [
    ["prefecture_head", 1, 1],
    ["prefecture_deputy", 3, 6],
    ["prefecture_bureau_head", 1, 1],
    ["prefecture_deputy_bureau_head", 2, 4],
    ["prefecture_below_bureau", 25, 50],
  ],
  prefectureDepartment: [
    ["prefecture_bureau_head", 1, 1],
    ["prefecture_deputy_bureau_head", 2, 4],
    ["prefecture_below_bureau", 10, 45],
  ],
  countyGeneralOffice: [
    ["county_head", 1, 1],
    ["county_deputy", 3, 5],
    ["county_section_head", 2, 4],
    ["county_deputy_section_head", 2, 4],
    ["county_below_section", 12, 30],
  ],
  countyDepartment: [
    ["county_section_head", 1, 1],
    ["county_deputy_section_head", 2, 3],
    ["county_below_section", 6, 25],
  ],
  township: [
    ["township_head", 1, 1],
    ["township_deputy", 2, 4],
    ["township_staff", 10, 25],
  ],
} as const satisfies Record<string, StaffingTemplate>;

export type TemplateName = keyof typeof staffingTemplates;

/** Where units of a group are placed: a region polygon and a point to cluster around. */
export interface Anchor {
  readonly regionCode: string;
  readonly center: Position;
  readonly radiusMeters: number;
}

/** Fixed anchors (WGS84). The provincial government sits on 中山路 in 南岗区, Harbin. */
export const anchors = {
  provincialGovernment: { regionCode: "230103", center: [126.655, 45.752], radiusMeters: 1800 },
  provincialDaoli: { regionCode: "230102", center: [126.615, 45.765], radiusMeters: 1500 },
  provincialXiangfang: { regionCode: "230110", center: [126.68, 45.72], radiusMeters: 1500 },
  harbinMunicipal: { regionCode: "230109", center: [126.55, 45.81], radiusMeters: 2000 },
  qiqiharMunicipal: { regionCode: "230202", center: [123.96, 47.35], radiusMeters: 1800 },
  fuyuTown: { regionCode: "230227", center: [124.457, 47.798], radiusMeters: 1500 },
} as const satisfies Record<string, Anchor>;

export interface UnitSpec {
  readonly name: string;
  readonly kind: UnitKind;
  readonly level: AdminLevel;
  readonly template: TemplateName;
  readonly anchor: Anchor;
  /** Units with the same group share one main building. */
  readonly group?: string;
  /** Rents its space outside (在外租房) instead of occupying organ space. */
  readonly rentsOutside?: boolean;
  /** Housed on two sites (a split unit). */
  readonly split?: boolean;
  /** Offices are crowded: a unit short of space. */
  readonly short?: boolean;
  readonly supervisedBy?: string;
  readonly dispatched?: boolean;
  readonly restructured?: boolean;
  readonly note?: string;
}

const P = anchors.provincialGovernment;
const D = anchors.provincialDaoli;

function provincial(
  name: string,
  kind: UnitKind,
  template: TemplateName = "provincialDepartment",
  extra: Partial<UnitSpec> = {},
): UnitSpec {
  return { name, kind, level: "provincial", template, anchor: P, ...extra };
}

export const provincialUnits: readonly UnitSpec[] = [
  provincial("中共黑龙江省委办公厅", "party_organ", "provincialGeneralOffice", {
    group: "中共黑龙江省委办公大楼",
  }),
  provincial("中共黑龙江省委组织部", "party_organ", "provincialDepartment", {
    group: "中共黑龙江省委办公大楼",
  }),
  provincial("中共黑龙江省委宣传部", "party_organ", "provincialDepartment", {
    group: "中共黑龙江省委办公大楼",
  }),
  provincial("中共黑龙江省委统战部", "party_organ"),
  provincial("中共黑龙江省委政法委员会", "party_organ"),
  provincial("中共黑龙江省纪律检查委员会", "supervision_commission"),
  provincial("黑龙江省监察委员会", "supervision_commission", "provincialDepartment", {
    rentsOutside: true,
    note: "新组建，原在外租房，迁入省政府机关东区",
  }),
  provincial("黑龙江省人大常委会办公厅", "peoples_congress", "provincialGeneralOffice"),
  provincial("政协黑龙江省委员会办公厅", "cppcc", "provincialGeneralOffice", { anchor: D }),
  provincial("黑龙江省高级人民法院", "court"),
  provincial("黑龙江省人民检察院", "procuratorate"),
  provincial("黑龙江省人民政府办公厅", "government_department", "provincialGeneralOffice", {
    group: "黑龙江省人民政府办公大楼",
  }),
  provincial("黑龙江省发展和改革委员会", "government_department", "provincialDepartment", {
    group: "黑龙江省人民政府办公大楼",
  }),
  provincial("黑龙江省财政厅", "government_department", "provincialDepartment", {
    group: "黑龙江省人民政府办公大楼",
  }),
  provincial("黑龙江省教育厅", "government_department"),
  provincial("黑龙江省科学技术厅", "government_department", "provincialDepartment", { anchor: D }),
  provincial("黑龙江省工业和信息化厅", "government_department", "provincialDepartment", { split: true }),
  provincial("黑龙江省公安厅", "government_department"),
  provincial("黑龙江省民政厅", "government_department", "provincialDepartment", { short: true }),
  provincial("黑龙江省司法厅", "government_department", "provincialDepartment", { anchor: D }),
  provincial("黑龙江省人力资源和社会保障厅", "government_department", "provincialDepartment", {
    split: true,
  }),
  provincial("黑龙江省自然资源厅", "government_department"),
  provincial("黑龙江省生态环境厅", "government_department", "provincialDepartment", { short: true }),
  provincial("黑龙江省住房和城乡建设厅", "government_department"),
  provincial("黑龙江省交通运输厅", "government_department", "provincialDepartment", { anchor: D }),
  provincial("黑龙江省水利厅", "government_department"),
  provincial("黑龙江省农业农村厅", "government_department", "provincialDepartment", { split: true }),
  provincial("黑龙江省商务厅", "government_department", "provincialDepartment", { anchor: D }),
  provincial("黑龙江省文化和旅游厅", "government_department"),
  provincial("黑龙江省卫生健康委员会", "government_department"),
  provincial("黑龙江省退役军人事务厅", "government_department", "provincialDepartment", {
    rentsOutside: true,
  }),
  provincial("黑龙江省应急管理厅", "government_department", "provincialDepartment", { rentsOutside: true }),
  provincial("黑龙江省审计厅", "government_department"),
  provincial("黑龙江省人民政府国有资产监督管理委员会", "government_department", "provincialDepartment", {
    rentsOutside: true,
    note: "原在外租房，迁入原省机械工业厅办公楼",
  }),
  provincial("黑龙江省市场监督管理局", "government_department", "provincialDepartment", { split: true }),
  provincial("黑龙江省广播电视局", "government_department", "provincialSmall"),
  provincial("黑龙江省体育局", "government_department", "provincialSmall", { anchor: D }),
  provincial("黑龙江省统计局", "government_department", "provincialSmall"),
  provincial("黑龙江省医疗保障局", "government_department", "provincialSmall", { rentsOutside: true }),
  provincial("黑龙江省林业和草原局", "government_department"),
  provincial("黑龙江省机关事务管理局", "administration", "provincialSmall", {
    group: "黑龙江省人民政府办公大楼",
  }),
  provincial("黑龙江省地方税务局（原）", "government_department", "provincialDepartment", {
    note: "2018年机构改革前的省地方税务局，其办公楼与国家统计局黑龙江调查总队两处分散楼宇置换",
  }),
  provincial("黑龙江省总工会", "mass_organisation", "provincialSmall", { anchor: D }),
  provincial("共青团黑龙江省委员会", "mass_organisation", "provincialSmall"),
  provincial("黑龙江省妇女联合会", "mass_organisation", "provincialSmall"),
  provincial("黑龙江省档案馆", "civil_service_institution", "provincialSmall"),
  provincial("黑龙江省社会科学院", "public_institution", "provincialSmall", { anchor: D }),
  provincial("黑龙江省农业科学院", "public_institution", "provincialSmall", {
    anchor: anchors.provincialXiangfang,
  }),
  provincial("黑龙江大学", "university", "provincialSmall", {
    supervisedBy: "黑龙江省教育厅",
    anchor: anchors.provincialXiangfang,
  }),
  provincial("黑龙江工程学院", "university", "provincialSmall", {
    supervisedBy: "黑龙江省教育厅",
    anchor: anchors.provincialXiangfang,
    note: "南岗校区已移交，改建为省政府机关东区",
  }),
  provincial("黑龙江省建设投资集团有限公司", "state_owned_enterprise", "provincialSmall", {
    supervisedBy: "黑龙江省人民政府国有资产监督管理委员会",
    anchor: D,
  }),
  {
    name: "国家统计局黑龙江调查总队",
    kind: "vertical_branch",
    level: "central",
    template: "centralDispatched",
    anchor: P,
    dispatched: true,
    note: "两处分散办公楼与原省地方税务局办公楼置换（中省直互换）",
  },
];

/** The 18 restructured units that co-occupied the former provincial machinery department building. */
export const restructuredUnitNames = [
  "黑龙江省机械研究院",
  "黑龙江省农业机械工程科学研究院",
  "黑龙江省机电设备总公司",
  "黑龙江省机械工业信息中心",
  "黑龙江省机械工程学会",
  "黑龙江省汽车工业公司",
  "黑龙江省轴承研究所",
  "黑龙江省电工仪器仪表研究所",
  "黑龙江省焊接技术研究所",
  "黑龙江省机械产品质量监督检验站",
  "黑龙江省机械工业学校",
  "黑龙江省工程机械公司",
  "黑龙江省机床工具公司",
  "黑龙江省重型机械公司",
  "黑龙江省机械工业供销公司",
  "黑龙江省机械设备进出口公司",
  "黑龙江省机械工业设计院",
  "黑龙江省机械工业技术培训中心",
] as const;

export const harbinMunicipalUnits: readonly string[] = [
  "中共哈尔滨市委办公厅",
  "哈尔滨市人民政府办公厅",
  "哈尔滨市人大常委会办公厅",
  "政协哈尔滨市委员会办公厅",
  "哈尔滨市中级人民法院",
  "哈尔滨市人民检察院",
  "哈尔滨市纪委监委",
  "哈尔滨市发展和改革委员会",
  "哈尔滨市教育局",
  "哈尔滨市公安局",
  "哈尔滨市民政局",
  "哈尔滨市财政局",
  "哈尔滨市人力资源和社会保障局",
  "哈尔滨市自然资源和规划局",
  "哈尔滨市住房和城乡建设局",
  "哈尔滨市交通运输局",
  "哈尔滨市卫生健康委员会",
  "哈尔滨市市场监督管理局",
  "哈尔滨市统计局",
  "哈尔滨市机关事务管理局",
  "哈尔滨市商务局",
  "哈尔滨市科学技术局",
  "哈尔滨市文化广电和旅游局",
  "哈尔滨市审计局",
];

export const qiqiharMunicipalUnits: readonly string[] = [
  "中共齐齐哈尔市委办公室",
  "齐齐哈尔市人民政府办公室",
  "齐齐哈尔市人大常委会办公室",
  "政协齐齐哈尔市委员会办公室",
  "齐齐哈尔市中级人民法院",
  "齐齐哈尔市人民检察院",
  "齐齐哈尔市纪委监委",
  "齐齐哈尔市发展和改革委员会",
  "齐齐哈尔市教育局",
  "齐齐哈尔市公安局",
  "齐齐哈尔市民政局",
  "齐齐哈尔市财政局",
  "齐齐哈尔市自然资源局",
  "齐齐哈尔市住房和城乡建设局",
  "齐齐哈尔市机关事务服务中心",
];

/** County-level organs created in each district or county (prefix with the district's name). */
export const countyUnitSuffixes: ReadonlyArray<readonly [string, UnitKind]> = [
  ["委办公室", "party_organ"],
  ["人民政府办公室", "government_department"],
  ["人大常委会办公室", "peoples_congress"],
  ["政协办公室", "cppcc"],
  ["人民法院", "court"],
  ["人民检察院", "procuratorate"],
  ["纪委监委", "supervision_commission"],
  ["财政局", "government_department"],
  ["教育局", "government_department"],
  ["民政局", "government_department"],
  ["卫生健康局", "government_department"],
  ["农业农村局", "government_department"],
];

/** Harbin districts with county-level organs in the demo. */
export const harbinDistricts = [
  "230102",
  "230103",
  "230104",
  "230108",
  "230109",
  "230110",
  "230111",
  "230112",
  "230113",
];

/** Kind of a municipal or county organ from its name. */
export function kindFromName(name: string): UnitKind {
  if (name.includes("法院")) return "court";
  if (name.includes("检察院")) return "procuratorate";
  if (name.includes("纪委监委")) return "supervision_commission";
  if (name.includes("人大")) return "peoples_congress";
  if (name.includes("政协")) return "cppcc";
  if (name.startsWith("中共") || name.includes("委办公")) return "party_organ";
  if (name.includes("机关事务")) return "administration";
  return "government_department";
}

export const surnames =
  "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
export const givenNameCharacters =
  "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红鹏辉建国志立新东海波斌宇浩凯健俊晨博文卓哲彬鑫琳雪梅林晓颖倩婷慧宁欣";
