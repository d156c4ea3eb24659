import { type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { AdminLevel, PropertyClass, RoomStatus, UseCategory } from "../../domain/demo/dataset.js";
import type { TableName } from "../../domain/tables/table-columns.js";
import { buildingScope, inRegion, roomScope, unitScope } from "../scope.js";
import { escapeLike } from "./search.repository.js";

/** The filters of the ledgers; each table reads the ones that apply to it. */
export interface TableFilter {
  /** A region code: rows in it or below it. */
  readonly region?: string | undefined;
  /** Case-insensitive text contained in a name, number, address or certificate number. */
  readonly q?: string | undefined;
  readonly property_class?: PropertyClass | undefined;
  /** true: only buildings with idle rooms; false: only buildings without. */
  readonly idle?: boolean | undefined;
  readonly kind?: string | undefined;
  readonly level?: AdminLevel | undefined;
  readonly use_category?: UseCategory | undefined;
  readonly status?: RoomStatus | undefined;
  readonly building_id?: number | undefined;
  readonly unit_id?: number | undefined;
}

export interface SortKey {
  readonly expression: RawBuilder<unknown>;
  /** Joins the expression needs when choosing the page (none for plain columns). */
  readonly joins?: readonly RawBuilder<unknown>[];
}

/** How a ledger is read: its table and alias, its filters and sort keys, and the columns of a row. */
export interface TableSource {
  readonly table: RawBuilder<unknown>;
  readonly alias: string;
  /** `table alias`, for the count and the page. */
  readonly from: RawBuilder<unknown>;
  /** Conditions on the table alone (no joins), so that counting stays a scan of one table. */
  readonly conditions: (filter: TableFilter, scope: ReadScope) => RawBuilder<boolean>[];
  readonly sorts: Readonly<Record<string, SortKey>>;
  /** Joins of the row query, computed only for the rows of the page. */
  readonly joins: readonly RawBuilder<unknown>[];
  readonly select: RawBuilder<unknown>;
}

const pattern = (q: string) => `%${escapeLike(q)}%`;
const column = (name: string): SortKey => ({ expression: sql.ref(name) });
const centerOf = (geometry: RawBuilder<unknown>) =>
  sql`json_build_array(round(st_x(st_pointonsurface(${geometry}))::numeric, 6),
    round(st_y(st_pointonsurface(${geometry}))::numeric, 6))`;

const buildingRegion = sql`join regions g on g.code = b.region_code`;
const buildingTotals = sql`left join lateral (
    select coalesce(sum(usable_area), 0) as usable_area,
      coalesce(sum(usable_area) filter (where status = 'idle'), 0) as idle_area
    from rooms where building_id = b.id) t on true`;
/** The unit occupying the most usable area of the building, as the map's buildings layer names it. */
const mainUnit = sql`left join lateral (
    select u.name from rooms r join units u on u.id = r.occupant_unit_id
    where r.building_id = b.id group by u.id order by sum(r.usable_area) desc, u.id limit 1) m on true`;

const buildings: TableSource = {
  table: sql.table("buildings"),
  alias: "b",
  from: sql`buildings b`,
  conditions: (filter, scope) => {
    const parts = [buildingScope(scope)];
    if (filter.region) parts.push(inRegion(sql.ref("b.region_code"), filter.region));
    if (filter.q) {
      const like = pattern(filter.q);
      parts.push(sql<boolean>`(b.name ilike ${like} or b.address ilike ${like}
        or b.title_certificate_no ilike ${like})`);
    }
    if (filter.property_class) parts.push(sql<boolean>`b.property_class = ${filter.property_class}`);
    if (filter.idle !== undefined) {
      parts.push(sql<boolean>`${filter.idle ? sql`` : sql`not`} exists (
        select 1 from rooms idle where idle.building_id = b.id and idle.status = 'idle')`);
    }
    return parts;
  },
  sorts: {
    id: column("b.id"),
    name: column("b.name"),
    region_name: { expression: sql.ref("g.name"), joins: [buildingRegion] },
    property_class: column("b.property_class"),
    floors_above: column("b.floors_above"),
    gross_area: column("b.gross_area"),
    usable_area: { expression: sql.ref("t.usable_area"), joins: [buildingTotals] },
    idle_area: { expression: sql.ref("t.idle_area"), joins: [buildingTotals] },
    built_year: column("b.built_year"),
    condition: column("b.condition"),
    main_unit_name: { expression: sql.ref("m.name"), joins: [mainUnit] },
  },
  joins: [buildingRegion, buildingTotals, mainUnit],
  select: sql`b.id, b.name, g.name as region_name, b.property_class, b.floors_above, b.gross_area,
    t.usable_area, t.idle_area, b.built_year, b.condition, m.name as main_unit_name,
    ${centerOf(sql.ref("b.footprint"))} as center`,
};

const unitRegion = sql`join regions g on g.code = u.region_code`;
const unitStaffing = sql`left join lateral (
    select coalesce(sum(authorized), 0) as authorized, coalesce(sum(actual), 0) as actual
    from staffing where unit_id = u.id) s on true`;
const unitSpace = sql`left join lateral (
    select coalesce(sum(usable_area) filter (where status = 'in_use'), 0) as usable_area,
      count(distinct building_id) as sites
    from rooms where occupant_unit_id = u.id) a on true`;
const unitLeases = sql`left join lateral (
    select coalesce(sum(annual_rent), 0) as rent from leases_in where unit_id = u.id) l on true`;

const units: TableSource = {
  table: sql.table("units"),
  alias: "u",
  from: sql`units u`,
  conditions: (filter, scope) => {
    const parts = [unitScope(scope)];
    if (filter.region) parts.push(inRegion(sql.ref("u.region_code"), filter.region));
    if (filter.q) {
      const like = pattern(filter.q);
      parts.push(sql<boolean>`(u.name ilike ${like} or u.short_name ilike ${like})`);
    }
    if (filter.kind) parts.push(sql<boolean>`u.kind = ${filter.kind}`);
    if (filter.level) parts.push(sql<boolean>`u.admin_level = ${filter.level}`);
    return parts;
  },
  sorts: {
    id: column("u.id"),
    name: column("u.name"),
    region_name: { expression: sql.ref("g.name"), joins: [unitRegion] },
    kind: column("u.kind"),
    admin_level: column("u.admin_level"),
    authorized_headcount: { expression: sql.ref("s.authorized"), joins: [unitStaffing] },
    actual_headcount: { expression: sql.ref("s.actual"), joins: [unitStaffing] },
    usable_area: { expression: sql.ref("a.usable_area"), joins: [unitSpace] },
    sites: { expression: sql.ref("a.sites"), joins: [unitSpace] },
    leases_in_rent: { expression: sql.ref("l.rent"), joins: [unitLeases] },
  },
  joins: [unitRegion, unitStaffing, unitSpace, unitLeases],
  select: sql`u.id, u.name, g.name as region_name, u.kind, u.admin_level,
    s.authorized as authorized_headcount, s.actual as actual_headcount, a.usable_area, a.sites,
    l.rent as leases_in_rent`,
};

const roomBuilding = sql`join buildings b on b.id = r.building_id`;
const roomFloor = sql`join floors f on f.id = r.floor_id`;
const roomUnit = sql`left join units u on u.id = r.occupant_unit_id`;
/** Names joined with the Chinese enumeration comma (、), leaders first. */
const roomOccupants = sql`left join lateral (
    select string_agg(p.name, '、' order by p.is_leader desc, p.name) as names
    from room_occupants ro join people p on p.id = ro.person_id where ro.room_id = r.id) o on true`;

const rooms: TableSource = {
  table: sql.table("rooms"),
  alias: "r",
  from: sql`rooms r`,
  conditions: (filter, scope) => {
    const parts = [roomScope(scope)];
    if (filter.region) parts.push(inRegion(sql.ref("r.region_code"), filter.region));
    if (filter.q) {
      const like = pattern(filter.q);
      parts.push(sql<boolean>`(r.number ilike ${like} or r.function ilike ${like}
        or exists (select 1 from buildings qb where qb.id = r.building_id and qb.name ilike ${like})
        or exists (select 1 from units qu where qu.id = r.occupant_unit_id and qu.name ilike ${like}))`);
    }
    if (filter.use_category) parts.push(sql<boolean>`r.use_category = ${filter.use_category}`);
    if (filter.status) parts.push(sql<boolean>`r.status = ${filter.status}`);
    if (filter.building_id !== undefined) parts.push(sql<boolean>`r.building_id = ${filter.building_id}`);
    if (filter.unit_id !== undefined) parts.push(sql<boolean>`r.occupant_unit_id = ${filter.unit_id}`);
    return parts;
  },
  sorts: {
    id: column("r.id"),
    building_name: { expression: sql.ref("b.name"), joins: [roomBuilding] },
    // Floors sort by level, not by their names ("10层" would come before "2层").
    floor_name: { expression: sql.ref("f.level"), joins: [roomFloor] },
    number: column("r.number"),
    use_category: column("r.use_category"),
    usable_area: column("r.usable_area"),
    status: column("r.status"),
    occupant_unit_name: { expression: sql.ref("u.name"), joins: [roomUnit] },
    occupants: { expression: sql.ref("o.names"), joins: [roomOccupants] },
  },
  joins: [roomBuilding, roomFloor, roomUnit, roomOccupants],
  select: sql`r.id, r.building_id, b.name as building_name, r.floor_id, f.name as floor_name,
    f.level as floor_level, r.number, r.use_category, r.usable_area, r.status, r.occupant_unit_id,
    u.name as occupant_unit_name, o.names as occupants, ${centerOf(sql.ref("b.footprint"))} as center`,
};

export const tableSources: Readonly<Record<TableName, TableSource>> = { buildings, units, rooms };
