/**
 * What each import target accepts: its fields with type, whether required, Chinese label and the
 * headings officials use for it (for the suggested column mapping). Pure data, no framework.
 */

export const importTargets = ["buildings", "rooms", "staffing", "people", "non_office_assets"] as const;
export type ImportTarget = (typeof importTargets)[number];

export type FieldType =
  | "text"
  | "integer"
  | "number"
  | "boolean"
  | "date"
  | "enum"
  /** A GeoJSON Polygon (a one-part MultiPolygon is accepted) in lon/lat. */
  | "polygon"
  /** A record of the database named by its id or its exact name, resolved by the database checks. */
  | "reference";

export interface TargetField {
  readonly name: string;
  readonly required: boolean;
  readonly type: FieldType;
  readonly label_zh: string;
  /** Source headings that mean this field (compared case-, space- and punctuation-insensitively). */
  readonly aliases?: readonly string[];
  /** enum: stored value → words accepted for it (the value itself is always accepted). */
  readonly values?: Readonly<Record<string, readonly string[]>>;
  readonly min?: number;
  readonly max?: number;
  /** number: the minimum is excluded (e.g. a usable area must be > 0). */
  readonly exclusiveMin?: boolean;
  readonly maxLength?: number;
}

const conditionValues = {
  good: ["好", "良好", "完好"],
  fair: ["一般", "中", "较好"],
  poor: ["差", "较差", "破旧"],
  dangerous: ["危房", "危险"],
};

const buildings: readonly TargetField[] = [
  {
    name: "name",
    required: true,
    type: "text",
    label_zh: "名称",
    maxLength: 200,
    aliases: ["楼栋名称", "楼宇名称", "建筑名称", "名字"],
  },
  {
    name: "footprint",
    required: true,
    type: "polygon",
    label_zh: "楼栋轮廓",
    aliases: ["geometry", "geom", "shape", "几何", "轮廓"],
  },
  {
    name: "region_code",
    required: false,
    type: "text",
    label_zh: "行政区划代码",
    aliases: ["区划代码", "adcode", "region"],
  },
  {
    name: "address",
    required: false,
    type: "text",
    label_zh: "地址",
    maxLength: 300,
    aliases: ["坐落", "坐落位置", "详细地址"],
  },
  {
    name: "floors_above",
    required: true,
    type: "integer",
    label_zh: "地上层数",
    min: 1,
    max: 200,
    aliases: ["层数", "floors", "楼层数"],
  },
  { name: "floors_below", required: false, type: "integer", label_zh: "地下层数", min: 0, max: 20 },
  {
    name: "gross_area",
    required: true,
    type: "number",
    label_zh: "建筑面积（m²）",
    min: 0,
    max: 10_000_000,
    aliases: ["建筑面积", "面积", "area"],
  },
  {
    name: "structure",
    required: false,
    type: "enum",
    label_zh: "结构",
    values: {
      brick_concrete: ["砖混", "砖混结构"],
      frame: ["框架", "框架结构"],
      frame_shear_wall: ["框剪", "框架剪力墙", "框架-剪力墙"],
      steel: ["钢", "钢结构"],
      other: ["其他"],
    },
    aliases: ["建筑结构"],
  },
  {
    name: "built_year",
    required: false,
    type: "integer",
    label_zh: "建成年份",
    min: 1800,
    max: 2100,
    aliases: ["建成年代", "竣工年份", "year"],
  },
  {
    name: "net_to_gross",
    required: false,
    type: "number",
    label_zh: "使用系数 K",
    min: 0,
    max: 1,
    exclusiveMin: true,
    aliases: ["k", "使用系数"],
  },
  {
    name: "property_class",
    required: false,
    type: "enum",
    label_zh: "房产类别",
    values: {
      office: ["办公用房", "办公"],
      technical: ["技术业务用房", "技术业务"],
      commercial: ["经营用房", "经营"],
      non_office_asset: ["非办公类资产", "非办公"],
    },
    aliases: ["类别", "用房类别"],
  },
  {
    name: "title_holder",
    required: false,
    type: "text",
    label_zh: "权属人",
    maxLength: 200,
    aliases: ["产权人", "权属单位", "产权单位"],
  },
  {
    name: "title_certificate_no",
    required: false,
    type: "text",
    label_zh: "权属证号",
    maxLength: 100,
    aliases: ["产权证号", "不动产权证号", "房产证号"],
  },
  {
    name: "condition",
    required: false,
    type: "enum",
    label_zh: "状况",
    values: conditionValues,
    aliases: ["房屋状况", "完损状况"],
  },
  { name: "note", required: false, type: "text", label_zh: "备注", maxLength: 2000 },
];

const rooms: readonly TargetField[] = [
  {
    name: "building",
    required: true,
    type: "reference",
    label_zh: "楼栋（编号或名称）",
    aliases: ["building_id", "楼栋", "楼宇", "楼栋名称", "所在楼栋"],
  },
  {
    name: "floor",
    required: true,
    type: "integer",
    label_zh: "楼层",
    min: -20,
    max: 200,
    aliases: ["floor_level", "层", "所在楼层"],
  },
  {
    name: "number",
    required: true,
    type: "text",
    label_zh: "房间号",
    maxLength: 50,
    aliases: ["房号", "房间编号", "room"],
  },
  {
    name: "use_category",
    required: true,
    type: "enum",
    label_zh: "用途类别",
    values: {
      office: ["办公室", "办公"],
      service: ["服务用房", "服务"],
      equipment: ["设备用房", "设备"],
      ancillary: ["附属用房", "附属"],
      technical: ["技术业务用房", "技术业务"],
    },
    aliases: ["用途", "类别", "房间类别"],
  },
  {
    name: "usable_area",
    required: true,
    type: "number",
    label_zh: "使用面积（m²）",
    min: 0,
    max: 100_000,
    exclusiveMin: true,
    aliases: ["使用面积", "面积", "area"],
  },
  {
    name: "status",
    required: false,
    type: "enum",
    label_zh: "使用状态",
    values: {
      in_use: ["在用", "使用中", "使用"],
      idle: ["闲置", "空置"],
      leased_out: ["出租"],
      lent_out: ["出借"],
      vacating: ["腾退中", "腾退"],
      pending_disposal: ["待处置"],
    },
    aliases: ["状态"],
  },
  {
    name: "occupant_unit",
    required: false,
    type: "reference",
    label_zh: "使用单位（编号或名称）",
    aliases: ["occupant_unit_id", "使用单位", "单位"],
  },
  {
    name: "function",
    required: false,
    type: "text",
    label_zh: "功能",
    maxLength: 100,
    aliases: ["用途说明"],
  },
  { name: "has_rest_room", required: false, type: "boolean", label_zh: "含休息室", aliases: ["休息室"] },
  {
    name: "washroom_area",
    required: false,
    type: "number",
    label_zh: "卫生间面积（m²）",
    min: 0,
    max: 6,
    aliases: ["卫生间面积", "卫生间"],
  },
];

const staffing: readonly TargetField[] = [
  {
    name: "unit",
    required: true,
    type: "reference",
    label_zh: "单位（编号或名称）",
    aliases: ["unit_id", "单位", "单位名称", "使用单位"],
  },
  {
    name: "rank",
    required: true,
    type: "reference",
    label_zh: "职级（代码或名称）",
    aliases: ["rank_code", "职级", "级别"],
  },
  {
    name: "authorized",
    required: true,
    type: "integer",
    label_zh: "编制定员",
    min: 0,
    max: 100_000,
    aliases: ["编制", "编制数", "核定编制", "编制人数"],
  },
  {
    name: "actual",
    required: true,
    type: "integer",
    label_zh: "实有人数",
    min: 0,
    max: 100_000,
    aliases: ["实有", "实有人员", "在编人数"],
  },
];

const people: readonly TargetField[] = [
  {
    name: "unit",
    required: true,
    type: "reference",
    label_zh: "单位（编号或名称）",
    aliases: ["unit_id", "单位", "单位名称", "所在单位"],
  },
  { name: "name", required: true, type: "text", label_zh: "姓名", maxLength: 100, aliases: ["名字"] },
  {
    name: "rank",
    required: true,
    type: "reference",
    label_zh: "职级（代码或名称）",
    aliases: ["rank_code", "职级", "级别"],
  },
  {
    name: "position_title",
    required: false,
    type: "text",
    label_zh: "职务",
    maxLength: 200,
    aliases: ["职务名称"],
  },
  {
    name: "is_leader",
    required: false,
    type: "boolean",
    label_zh: "领导干部",
    aliases: ["是否领导", "领导"],
  },
  {
    name: "concurrent_post",
    required: false,
    type: "text",
    label_zh: "兼职",
    maxLength: 200,
    aliases: ["兼任职务"],
  },
  { name: "concurrent_post_ended_on", required: false, type: "date", label_zh: "兼职结束日期" },
  { name: "second_office_approved", required: false, type: "boolean", label_zh: "第二办公室已批准" },
  { name: "transferred_on", required: false, type: "date", label_zh: "调离日期", aliases: ["调动日期"] },
  { name: "retired_on", required: false, type: "date", label_zh: "退休日期" },
];

const nonOfficeAssets: readonly TargetField[] = [
  {
    name: "name",
    required: true,
    type: "text",
    label_zh: "资产名称",
    maxLength: 200,
    aliases: ["名称", "房产名称"],
  },
  {
    name: "address",
    required: false,
    type: "text",
    label_zh: "地址",
    maxLength: 300,
    aliases: ["坐落", "坐落位置"],
  },
  {
    name: "lon",
    required: true,
    type: "number",
    label_zh: "经度",
    min: -180,
    max: 180,
    aliases: ["lng", "longitude", "x", "东经"],
  },
  {
    name: "lat",
    required: true,
    type: "number",
    label_zh: "纬度",
    min: -90,
    max: 90,
    aliases: ["latitude", "y", "北纬"],
  },
  {
    name: "gross_area",
    required: true,
    type: "number",
    label_zh: "建筑面积（m²）",
    min: 0,
    max: 10_000_000,
    aliases: ["建筑面积", "面积"],
  },
  {
    name: "land_area",
    required: false,
    type: "number",
    label_zh: "土地面积（m²）",
    min: 0,
    max: 100_000_000,
    aliases: ["土地面积", "占地面积", "用地面积"],
  },
  {
    name: "former_use",
    required: false,
    type: "text",
    label_zh: "原用途",
    maxLength: 200,
    aliases: ["原用途说明", "用途"],
  },
  {
    name: "suits_office_use",
    required: true,
    type: "boolean",
    label_zh: "是否适合办公",
    aliases: ["适合办公", "是否适合办公用房", "可用于办公"],
  },
  {
    name: "condition",
    required: false,
    type: "enum",
    label_zh: "状况",
    values: conditionValues,
    aliases: ["房屋状况", "完损状况"],
  },
  { name: "reported_on", required: false, type: "date", label_zh: "报送日期", aliases: ["填报日期"] },
  {
    name: "region_code",
    required: false,
    type: "text",
    label_zh: "行政区划代码",
    aliases: ["区划代码", "adcode"],
  },
];

export const targetFields: Readonly<Record<ImportTarget, readonly TargetField[]>> = {
  buildings,
  rooms,
  staffing,
  people,
  non_office_assets: nonOfficeAssets,
};

/** Targets read from map formats (GeoJSON, Shapefile, GeoPackage); the others from CSV/XLSX ledgers. */
export const spatialTargets: ReadonlySet<ImportTarget> = new Set(["buildings"]);

export const isImportTarget = (value: string): value is ImportTarget =>
  (importTargets as readonly string[]).includes(value);
