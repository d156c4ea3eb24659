import { type RawBuilder, sql } from "kysely";
import { buildingOccupiedBy, unitIn } from "./scope.js";

/** JSON Schema type of a property, as published in /queryables. */
export type PropertyType = "string" | "integer" | "number" | "boolean";

export interface PropertyDefinition {
  readonly type: PropertyType;
  readonly title: string;
  /** Can be filtered on with ?name=value. */
  readonly queryable?: boolean;
  readonly enum?: readonly string[];
}

/**
 * A collection published through OGC API – Features: a SQL source with an `id`, a WGS84 `geom`
 * and one column per property. Sources stay simple selects so PostgreSQL pushes bbox filters down
 * to the GiST indexes of the underlying tables.
 */
export interface FeatureCollectionDefinition {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly idType: "integer" | "string";
  readonly geometryType: "Polygon" | "MultiPolygon" | "Point" | "Geometry";
  readonly source: RawBuilder<unknown>;
  readonly properties: Readonly<Record<string, PropertyDefinition>>;
  /**
   * Who may read what: public reference data, or rows scoped by their region column (alias `s`) and,
   * for unit users, by the units they belong to (omitted: unit users see none of the collection).
   */
  readonly access:
    | "public"
    | { readonly regionColumn: string; readonly units?: (unitIds: readonly number[]) => RawBuilder<boolean> };
}

const regionScoped = (units?: (unitIds: readonly number[]) => RawBuilder<boolean>) => ({
  regionColumn: "region_code",
  ...(units ? { units } : {}),
});

const string = (title: string, queryable = false, values?: readonly string[]): PropertyDefinition => ({
  type: "string",
  title,
  queryable,
  ...(values ? { enum: values } : {}),
});
const integer = (title: string, queryable = false): PropertyDefinition => ({
  type: "integer",
  title,
  queryable,
});
const number = (title: string): PropertyDefinition => ({ type: "number", title });
const boolean = (title: string, queryable = false): PropertyDefinition => ({
  type: "boolean",
  title,
  queryable,
});

const regionCode = string("行政区划代码 region code (GB/T 2260)", true);
const isDemo = boolean("演示数据 demo record", true);
const useCategories = ["office", "service", "equipment", "ancillary", "technical"] as const;
const roomStatuses = [
  "in_use",
  "idle",
  "leased_out",
  "lent_out",
  "vacating",
  "pending_disposal",
  "converted",
  "commercial",
] as const;
const propertyClasses = ["office", "technical", "commercial", "non_office_asset", "community_use"];

export const featureCollections: readonly FeatureCollectionDefinition[] = [
  {
    id: "regions",
    access: "public",
    title: "行政区划 Regions",
    description:
      "Province, prefectures and counties of Heilongjiang with their boundaries (GB/T 2260 codes).",
    idType: "string",
    geometryType: "MultiPolygon",
    source: sql`select code as id, geom, code, name, level, parent_code from regions where geom is not null`,
    properties: {
      code: string("代码 code", true),
      name: string("名称 name", true),
      level: string("级别 level", true, ["province", "prefecture", "county"]),
      parent_code: string("上级代码 parent code", true),
    },
  },
  {
    id: "buildings",
    access: regionScoped((ids) => buildingOccupiedBy(sql.ref("s.id"), ids)),
    title: "楼宇 Buildings",
    description:
      "Office and other buildings of the inventory with their footprints; areas are recorded survey values.",
    idType: "integer",
    geometryType: "Polygon",
    source: sql`select id, footprint as geom, name, region_code, site_id, property_class, floors_above, floors_below,
      gross_area, built_year, condition, title_holder, is_demo from buildings`,
    properties: {
      name: string("名称 name"),
      region_code: regionCode,
      site_id: integer("院落 site id", true),
      property_class: string("房产类别 property class", true, propertyClasses),
      floors_above: integer("地上层数 floors above ground", true),
      floors_below: integer("地下层数 floors below ground"),
      gross_area: number("建筑面积 gross area (m²)"),
      built_year: integer("建成年份 year built", true),
      condition: string("状况 condition", true, ["good", "fair", "poor", "dangerous"]),
      title_holder: string("权属人 title holder", true),
      is_demo: isDemo,
    },
  },
  {
    id: "rooms",
    access: regionScoped((ids) => unitIn(sql.ref("s.occupant_unit_id"), ids)),
    title: "房间 Rooms",
    description:
      "Rooms with use category, usable area and status; geometry is the floor-plan polygon where surveyed, else the building's point.",
    idType: "integer",
    geometryType: "Geometry",
    source: sql`select r.id, coalesce(r.plan, st_pointonsurface(b.footprint)) as geom, r.building_id, r.floor_id,
      f.level as floor_level, r.number, r.use_category, r.function, r.usable_area, r.status, r.occupant_unit_id,
      r.region_code, r.is_demo
      from rooms r join buildings b on b.id = r.building_id join floors f on f.id = r.floor_id`,
    properties: {
      building_id: integer("楼宇 building id", true),
      floor_id: integer("楼层 floor id", true),
      floor_level: integer("楼层 floor level", true),
      number: string("房间号 room number", true),
      use_category: string("用途类别 use category", true, useCategories),
      function: string("功能 function"),
      usable_area: number("使用面积 usable area (m²)"),
      status: string("状态 status", true, roomStatuses),
      occupant_unit_id: integer("使用单位 occupant unit id", true),
      region_code: regionCode,
      is_demo: isDemo,
    },
  },
  {
    id: "idle-space",
    access: regionScoped(),
    title: "闲置房源 Idle space",
    description:
      "Idle usable area: wholly idle buildings, and floors with idle rooms in buildings still partly in use.",
    idType: "string",
    geometryType: "Polygon",
    // A wholly idle building is one feature; otherwise each floor with idle rooms is one.
    source: sql`select idle.id, b.footprint as geom, idle.kind, b.id as building_id, b.name as building_name,
        idle.floor_level, idle.idle_area, idle.idle_rooms, b.region_code, b.property_class, b.is_demo
      from (
        select case when t.whole then 'building-' || r.building_id else 'floor-' || r.floor_id end as id,
          case when t.whole then 'building' else 'floor' end as kind,
          r.building_id, case when t.whole then null else f.level end as floor_level,
          sum(r.usable_area) as idle_area, count(*)::int as idle_rooms
        from rooms r
        join floors f on f.id = r.floor_id
        join (select building_id, bool_and(status = 'idle') as whole from rooms group by building_id) t
          on t.building_id = r.building_id
        where r.status = 'idle'
        group by 1, 2, 3, 4) idle
      join buildings b on b.id = idle.building_id`,
    properties: {
      kind: string("类型 kind", true, ["building", "floor"]),
      building_id: integer("楼宇 building id", true),
      building_name: string("楼宇名称 building name"),
      floor_level: integer("楼层 floor level", true),
      idle_area: number("闲置使用面积 idle usable area (m²)"),
      idle_rooms: integer("闲置房间数 idle rooms"),
      region_code: regionCode,
      property_class: string("房产类别 property class", true, propertyClasses),
      is_demo: isDemo,
    },
  },
  {
    id: "units",
    access: regionScoped((ids) => unitIn(sql.ref("s.id"), ids)),
    title: "使用单位 Units",
    description:
      "Using units located at their main site (the building where they use most space; a leased-in site otherwise).",
    idType: "integer",
    geometryType: "Point",
    source: sql`select u.id,
      coalesce(
        (select st_pointonsurface(b.footprint) from rooms r join buildings b on b.id = r.building_id
          where r.occupant_unit_id = u.id group by b.id order by sum(r.usable_area) desc, b.id limit 1),
        (select l.location from leases_in l where l.unit_id = u.id order by l.gross_area desc, l.id limit 1)) as geom,
      u.name, u.kind, u.admin_level, u.region_code, u.supervising_unit_id, u.is_demo,
      (select coalesce(sum(s.authorized), 0)::int from staffing s where s.unit_id = u.id) as authorized_headcount,
      (select coalesce(sum(s.actual), 0)::int from staffing s where s.unit_id = u.id) as actual_headcount
      from units u`,
    properties: {
      name: string("名称 name"),
      kind: string("单位类型 kind", true),
      admin_level: string("级别 level", true, ["central", "provincial", "prefecture", "county", "township"]),
      region_code: regionCode,
      supervising_unit_id: integer("监管单位 supervising unit id", true),
      authorized_headcount: integer("编制定员 authorised headcount"),
      actual_headcount: integer("实有人数 actual headcount"),
      is_demo: isDemo,
    },
  },
  {
    id: "leases-in",
    access: regionScoped((ids) => unitIn(sql.ref("s.unit_id"), ids)),
    title: "在外租房 Leases in",
    description: "Space units rent from the market (在外租房), with area and annual rent in yuan.",
    idType: "integer",
    geometryType: "Point",
    source: sql`select id, location as geom, unit_id, name, address, gross_area, annual_rent, starts_on::text as starts_on,
      ends_on::text as ends_on, approved, region_code, is_demo from leases_in`,
    properties: {
      unit_id: integer("单位 unit id", true),
      name: string("名称 name"),
      address: string("地址 address"),
      gross_area: number("建筑面积 gross area (m²)"),
      annual_rent: number("年租金 annual rent (元)"),
      starts_on: string("起租 start date"),
      ends_on: string("到期 end date"),
      approved: boolean("已审批 approved", true),
      region_code: regionCode,
      is_demo: isDemo,
    },
  },
  {
    id: "non-office-assets",
    access: regionScoped(),
    title: "非办公类资产 Non-office assets",
    description: "State assets reported by the finance department, candidates for conversion to office use.",
    idType: "integer",
    geometryType: "Polygon",
    source: sql`select id, geom, name, address, gross_area, land_area, former_use, reported_on::text as reported_on,
      suits_office_use, condition, status, region_code, is_demo from non_office_assets`,
    properties: {
      name: string("名称 name"),
      address: string("地址 address"),
      gross_area: number("建筑面积 gross area (m²)"),
      land_area: number("占地面积 land area (m²)"),
      former_use: string("原用途 former use"),
      reported_on: string("报送日期 reported on"),
      suits_office_use: boolean("适合办公 suits office use", true),
      condition: string("状况 condition", true, ["good", "fair", "poor", "dangerous"]),
      status: string("状态 status", true, ["reported", "under_review", "taken_over", "rejected"]),
      region_code: regionCode,
      is_demo: isDemo,
    },
  },
  {
    id: "community-facilities",
    access: regionScoped(),
    title: "社区公益设施 Community facilities",
    description:
      "Community venues (群众之家, elderly clubs, service centres, incubators) that serve residents.",
    idType: "integer",
    geometryType: "Point",
    source: sql`select id, location as geom, name, kind, usable_area, opened_on::text as opened_on, source_building_id,
      region_code, is_demo from community_facilities`,
    properties: {
      name: string("名称 name"),
      kind: string("类型 kind", true, [
        "people_home",
        "elderly_club",
        "community_service_center",
        "convenience_service",
        "startup_incubator",
        "other",
      ]),
      usable_area: number("使用面积 usable area (m²)"),
      opened_on: string("启用日期 opened on"),
      source_building_id: integer("原办公楼 source building id", true),
      region_code: regionCode,
      is_demo: isDemo,
    },
  },
  {
    id: "zones",
    access: regionScoped(),
    title: "集中办公区 Consolidation zones",
    description: "Planned centralised office districts drawn by planners.",
    idType: "integer",
    geometryType: "MultiPolygon",
    source: sql`select id, geom, name, scenario_id, note, region_code, is_demo from zones`,
    properties: {
      name: string("名称 name"),
      scenario_id: integer("方案 scenario id", true),
      note: string("备注 note"),
      region_code: regionCode,
      is_demo: isDemo,
    },
  },
  {
    id: "conversions",
    access: regionScoped(),
    title: "公益用房转换 Conversions",
    description: "Idle office space converted to community use, startup space or other uses.",
    idType: "integer",
    geometryType: "Polygon",
    source: sql`select c.id, coalesce(b.footprint, a.geom) as geom, c.name, c.target_use, c.area, c.status, c.building_id,
      c.asset_id, c.region_code, c.is_demo
      from conversions c left join buildings b on b.id = c.building_id left join non_office_assets a on a.id = c.asset_id`,
    properties: {
      name: string("名称 name"),
      target_use: string("目标用途 target use", true),
      area: number("面积 area (m²)"),
      status: string("状态 status", true, [
        "proposed",
        "approved",
        "converting",
        "done",
        "rejected",
        "cancelled",
      ]),
      building_id: integer("楼宇 building id", true),
      asset_id: integer("资产 asset id", true),
      region_code: regionCode,
      is_demo: isDemo,
    },
  },
];

export const featureCollectionById: ReadonlyMap<string, FeatureCollectionDefinition> = new Map(
  featureCollections.map((collection) => [collection.id, collection]),
);
