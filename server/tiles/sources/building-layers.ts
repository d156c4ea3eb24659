import { type RawBuilder, sql } from "kysely";
import { buildingOccupiedBy, scopeCondition } from "../../db/scope.js";
import type { ReadScope } from "../../domain/auth/access.js";
import { FOOTPRINT_MIN_ZOOM } from "../cell-grid.js";
import { overStandardOffices } from "../over-standard.js";
import type { TileAddress } from "../tile-address.js";
import { tileSearchEnvelope } from "../tile-geometry.js";
import type { FieldType, TileGeometry, TileLayer } from "../tile-layer.js";
import { buildingComplianceOf, unitOfficeCompliance } from "../unit-compliance.js";

const useCategories = ["office", "service", "equipment", "ancillary", "technical"] as const;

/**
 * Most footprints one tile carries. A footprint with its properties takes ~160 bytes (measured with
 * long names, test/tiles/tile-size.test.ts), so a full tile stays near 250 KB, half the 500 KB budget.
 * Only a z14 tile over a very dense district reaches it; the largest buildings are kept and the others
 * appear from the next zoom on.
 */
export const MAX_FOOTPRINTS_PER_TILE = 1500;

/** Rounded shares keep the tile's value table small; 4 decimals are 0.01 %. */
export const share = (part: RawBuilder<unknown>, whole: RawBuilder<unknown>) =>
  sql`case when ${whole} > 0 then round((${part} / ${whole})::numeric, 4)::float8 else 0::float8 end`;

/**
 * The buildings `scope` may read, as the JSON and OGC APIs decide it: within the region subtree, or
 * occupied (any room) by one of the units.
 */
export const buildingInScope = (scope: ReadScope) =>
  scopeCondition(scope, sql.ref("b.region_code"), (ids) => buildingOccupiedBy(sql.ref("b.id"), ids));

/** Room totals of building `b` (lateral): usable, idle and leased-out area, area per use category, idle rooms. */
const roomTotals = sql`left join lateral (
    select coalesce(sum(usable_area), 0)::float8 as usable_area,
      coalesce(sum(usable_area) filter (where status = 'idle'), 0)::float8 as idle_area,
      coalesce(sum(usable_area) filter (where status = 'leased_out'), 0)::float8 as leased_out_area,
      count(*) filter (where status = 'idle')::int as idle_rooms,
      count(*)::int as room_count,
      ${sql.join(
        useCategories.map(
          (category) =>
            sql`coalesce(sum(usable_area) filter (where use_category = ${sql.lit(category)}), 0)::float8
              as ${sql.id(`use_${category}_area`)}`,
        ),
      )}
    from rooms where building_id = b.id) t on true`;

/** Share of a building's usable area at or above which it counts as idle as a whole. */
export const IDLE_BUILDING_SHARE = 0.9;

/**
 * `use_status` of building `b` with room totals `t`, the first that applies: `commercial` (property
 * class commercial, 经营用房), `unrecorded` (no rooms recorded), `idle` (idle rooms ≥ 90 % of the usable
 * area), `leased_out` (any room leased out), `idle_share` (some idle rooms), else `in_use`.
 */
const useStatus = sql`case
    when b.property_class = 'commercial' then 'commercial'
    when t.room_count = 0 then 'unrecorded'
    when t.idle_area >= t.usable_area * ${sql.lit(IDLE_BUILDING_SHARE)} then 'idle'
    when t.leased_out_area > 0 then 'leased_out'
    when t.idle_area > 0 then 'idle_share'
    else 'in_use' end`;

const buildingFields = {
  id: "Number",
  name: "String",
  region_code: "String",
  property_class: "String",
  floors_above: "Number",
  built_year: "Number",
  condition: "String",
  gross_area: "Number",
  usable_area: "Number",
  idle_area: "Number",
  idle_share: "Number",
  leased_out_area: "Number",
  leased_out_share: "Number",
  use_status: "String",
  main_use: "String",
  use_office_area: "Number",
  use_service_area: "Number",
  use_equipment_area: "Number",
  use_ancillary_area: "Number",
  use_technical_area: "Number",
  over_standard: "Boolean",
  compliance: "String",
  main_unit_id: "Number",
  main_unit_name: "String",
  main_unit_kind: "String",
  main_unit_level: "String",
  is_demo: "Boolean",
} as const satisfies Record<string, FieldType>;

/**
 * Footprints with what a map styles and a click shows, computed live from rooms and occupants. The
 * tile's buildings are chosen first (the largest MAX_FOOTPRINTS_PER_TILE), so room totals and the
 * occupants' compliance are computed for those only, each occupant unit once.
 */
export const buildingsLayer: TileLayer = {
  id: "buildings",
  description:
    "Building footprints with room totals, use mix, over-standard flag, main occupant, built year and " +
    "condition. use_status: commercial (property class commercial) | unrecorded (no rooms) | idle (idle ≥ 90 % " +
    "of usable area) | leased_out (any room leased out) | idle_share (some idle rooms) | in_use, the first that " +
    "applies. compliance of the occupant units (office area only, pending the standards engine: entitled = " +
    "Σ authorised × rank office limit, actual = in-use office rooms; over if actual > entitled, short if " +
    "< 90 % or no office room, units without staffing not counted): over if any is over, else short, else " +
    "within, else none",
  geometryType: "polygon",
  minzoom: FOOTPRINT_MIN_ZOOM,
  maxzoom: 16,
  usesAggregates: false,
  fields: buildingFields,
  query: (tile: TileAddress, geometry: TileGeometry, scope: ReadScope) => sql`
    with chosen as materialized (
      select b.id, b.name, b.region_code, b.property_class, b.floors_above, b.built_year, b.condition,
        b.gross_area, b.is_demo, b.footprint_3857
      from buildings b
      where b.footprint_3857 && ${tileSearchEnvelope(tile)} and ${buildingInScope(scope)}
      order by b.gross_area desc, b.id
      limit ${MAX_FOOTPRINTS_PER_TILE}),
    occupancy as (
      select distinct r.building_id, r.occupant_unit_id as unit_id from rooms r
      where r.building_id in (select id from chosen) and r.occupant_unit_id is not null),
    judged as ${unitOfficeCompliance(sql`select distinct unit_id from occupancy`)},
    compliance as (
      select o.building_id, ${buildingComplianceOf(sql`j.compliance`)} as compliance
      from occupancy o left join judged j on j.unit_id = o.unit_id
      group by o.building_id)
    select b.id::bigint as feature_id, ${geometry(sql`b.footprint_3857`)} as geom,
      b.id, b.name, b.region_code, b.property_class, b.floors_above, b.built_year, b.condition,
      b.gross_area::float8 as gross_area, t.usable_area, t.idle_area,
      ${share(sql`t.idle_area`, sql`t.usable_area`)} as idle_share, t.leased_out_area,
      ${share(sql`t.leased_out_area`, sql`t.usable_area`)} as leased_out_share, ${useStatus} as use_status,
      (select r.use_category from rooms r where r.building_id = b.id
        group by r.use_category order by sum(r.usable_area) desc, r.use_category limit 1) as main_use,
      t.use_office_area, t.use_service_area, t.use_equipment_area, t.use_ancillary_area, t.use_technical_area,
      exists (select 1 from ${overStandardOffices} o where o.building_id = b.id) as over_standard,
      coalesce(c.compliance, 'none') as compliance,
      m.id as main_unit_id, m.name as main_unit_name, m.kind as main_unit_kind, m.admin_level as main_unit_level,
      b.is_demo
    from chosen b
    ${roomTotals}
    left join compliance c on c.building_id = b.id
    left join lateral (
      select u.id, u.name, u.kind, u.admin_level from rooms r join units u on u.id = r.occupant_unit_id
      where r.building_id = b.id group by u.id order by sum(r.usable_area) desc, u.id limit 1) m on true`,
};

/** Buildings with idle rooms, with their idle area (footprints from zoom 14). */
export const idleSpaceLayer: TileLayer = {
  id: "idle-space",
  description: "Buildings with idle rooms and their idle usable area",
  geometryType: "polygon",
  minzoom: FOOTPRINT_MIN_ZOOM,
  maxzoom: 16,
  usesAggregates: false,
  fields: {
    id: "Number",
    name: "String",
    region_code: "String",
    property_class: "String",
    usable_area: "Number",
    idle_area: "Number",
    idle_share: "Number",
    idle_rooms: "Number",
    wholly_idle: "Boolean",
    is_demo: "Boolean",
  },
  query: (tile: TileAddress, geometry: TileGeometry, scope: ReadScope) => sql`
    select b.id::bigint as feature_id, ${geometry(sql`b.footprint_3857`)} as geom,
      b.id, b.name, b.region_code, b.property_class, t.usable_area, t.idle_area,
      ${share(sql`t.idle_area`, sql`t.usable_area`)} as idle_share, t.idle_rooms,
      t.idle_rooms = t.room_count as wholly_idle, b.is_demo
    from buildings b
    ${roomTotals}
    where b.footprint_3857 && ${tileSearchEnvelope(tile)} and t.idle_rooms > 0 and ${buildingInScope(scope)}
    order by t.idle_area desc, b.id
    limit ${MAX_FOOTPRINTS_PER_TILE}`,
};
