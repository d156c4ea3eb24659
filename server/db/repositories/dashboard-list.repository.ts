import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Database } from "../schema.js";
import { buildingScope, inRegion, regionOnlyScope, unitOwnedScope, unitScope } from "../scope.js";
import type { DashboardTotals } from "./dashboard.repository.js";

/**
 * The lists behind the dashboard's numbers (`GET /api/dashboard/list`): each metric names the figure
 * it explains, and its rows' `value`s add up to exactly that figure, because each row is the same
 * readable ledger records the figure sums (dashboard.repository's facts), grouped by what a user
 * opens next: a building, a unit, a lease or a conversion.
 */
export const dashboardListMetrics = {
  gross_area: "grossArea",
  office_area: "officeArea",
  idle_buildings: "idleArea",
  units_over_standard: "unitsOverStandard",
  persons_over_standard: "personsOverStandard",
  leases_in: "leasesIn",
  annual_rent_outside: "annualRentOutside",
  units_renting_outside: "unitsRentingOutside",
  conversions_done: "conversionsDone",
  conversion_area: "conversionArea",
} as const satisfies Record<string, keyof DashboardTotals>;
export type DashboardListMetric = keyof typeof dashboardListMetrics;
export const dashboardListMetricNames = Object.keys(dashboardListMetrics) as [
  DashboardListMetric,
  ...DashboardListMetric[],
];

export interface DashboardListRow {
  kind: "building" | "unit" | "lease" | "conversion";
  id: number;
  name: string;
  regionCode: string;
  regionName: string | null;
  /** The unit the row belongs to (a lease's tenant unit), when there is one. */
  unit: { id: number; name: string } | null;
  /** The building the row stands for or lies in (a conversion's), for opening it on the map. */
  buildingId: number | null;
  /** [lng, lat] of the building or unit, when it has a footprint. */
  center: [number, number] | null;
  /** What the row adds to the figure: m², 元/年, or a count (1 per record, persons per unit). */
  value: number;
  /** Further figures of the row (areas m², rent 元/年, counts), by name. */
  details: Record<string, number | string | null>;
}

type Raw = Record<string, unknown>;

/** The region condition on a row's region column: the subtree, or only the region itself (本级). */
type Within = (column: RawBuilder<unknown>) => RawBuilder<boolean>;

const centerOf = (geometry: string) =>
  sql`case when ${sql.raw(geometry)} is null then null
    else json_build_array(round(st_x(st_pointonsurface(${sql.raw(geometry)}))::numeric, 6),
      round(st_y(st_pointonsurface(${sql.raw(geometry)}))::numeric, 6)) end`;

/** Where a unit is: a point on its occupied buildings' footprints (null without rooms). */
const unitCenter = sql`(select ${centerOf("g.geom")} from (select st_collect(ub.footprint) as geom
  from buildings ub where exists (select 1 from rooms ur where ur.building_id = ub.id
    and ur.occupant_unit_id = u.id)) g)`;

function buildingRows(
  within: Within,
  scope: ReadScope,
  value: RawBuilder<unknown>,
  having: RawBuilder<unknown>,
) {
  return sql`
    select 'building' as kind, b.id, b.name, b.region_code, null::int as unit_id, null as unit_name,
      b.id as building_id, ${centerOf("b.footprint")} as center, ${value} as value,
      json_build_object('grossArea', b.gross_area,
        'officeArea', coalesce(sum(r.usable_area) filter (where r.use_category = 'office'
          and r.status not in ('converted', 'commercial')), 0),
        'idleArea', coalesce(sum(r.usable_area) filter (where r.status = 'idle'), 0),
        'idleRooms', count(r.id) filter (where r.status = 'idle')) as details
    from buildings b left join rooms r on r.building_id = b.id
    where ${within(sql.ref("b.region_code"))} and ${buildingScope(scope)}
    group by b.id having ${having}`;
}

function unitRows(within: Within, scope: ReadScope, metric: "over" | "persons" | "renting") {
  const leases = sql`from leases_in l where l.unit_id = u.id and ${unitOwnedScope(scope, "l")}`;
  const condition = {
    over: sql`s.status = 'over'`,
    persons: sql`s.over_standard_persons > 0`,
    renting: sql`exists (select 1 ${leases})`,
  }[metric];
  const value = {
    over: sql`1`,
    persons: sql`s.over_standard_persons`,
    renting: sql`1`,
  }[metric];
  return sql`
    select 'unit' as kind, u.id, u.name, u.region_code, u.id as unit_id, u.name as unit_name,
      null::int as building_id, ${unitCenter} as center, ${value} as value,
      json_build_object('status', s.status, 'authorized', s.authorized,
        'entitledOffice', s.entitled_office, 'actualOffice', s.actual_office, 'officeSurplus', s.office_surplus,
        'personsOverStandard', s.over_standard_persons,
        'leasesIn', (select count(*) ${leases}),
        'annualRent', (select coalesce(sum(l.annual_rent), 0) ${leases})) as details
    from units u left join unit_standard_status s on s.unit_id = u.id
    where ${within(sql.ref("u.region_code"))} and ${unitScope(scope)} and ${condition}`;
}

function leaseRows(within: Within, scope: ReadScope, value: RawBuilder<unknown>) {
  return sql`
    select 'lease' as kind, l.id, l.name, l.region_code, u.id as unit_id, u.name as unit_name,
      null::int as building_id, ${centerOf("l.location")} as center, ${value} as value,
      json_build_object('grossArea', l.gross_area, 'annualRent', coalesce(l.annual_rent, 0),
        'startsOn', l.starts_on::text, 'endsOn', l.ends_on::text, 'address', l.address) as details
    from leases_in l join units u on u.id = l.unit_id
    where ${within(sql.ref("l.region_code"))} and ${unitOwnedScope(scope, "l")}`;
}

function conversionRows(within: Within, scope: ReadScope, value: RawBuilder<unknown>) {
  return sql`
    select 'conversion' as kind, c.id, c.name, c.region_code, null::int as unit_id, null as unit_name,
      c.building_id, (select ${centerOf("cb.footprint")} from buildings cb where cb.id = c.building_id) as center,
      ${value} as value,
      json_build_object('area', c.area, 'targetUse', c.target_use,
        'completedAt', c.completed_at::text) as details
    from conversions c
    where c.status = 'done' and ${within(sql.ref("c.region_code"))} and ${regionOnlyScope(scope, "c")}`;
}

function rowsOf(metric: DashboardListMetric, within: Within, scope: ReadScope) {
  switch (metric) {
    case "gross_area":
      return buildingRows(within, scope, sql`b.gross_area`, sql`true`);
    case "office_area": {
      const office = sql`coalesce(sum(r.usable_area) filter (where r.use_category = 'office'
        and r.status not in ('converted', 'commercial')), 0)`;
      return buildingRows(within, scope, office, sql`${office} > 0`);
    }
    case "idle_buildings": {
      const idle = sql`coalesce(sum(r.usable_area) filter (where r.status = 'idle'), 0)`;
      return buildingRows(within, scope, idle, sql`${idle} > 0`);
    }
    case "units_over_standard":
      return unitRows(within, scope, "over");
    case "persons_over_standard":
      return unitRows(within, scope, "persons");
    case "units_renting_outside":
      return unitRows(within, scope, "renting");
    case "leases_in":
      return leaseRows(within, scope, sql`1`);
    case "annual_rent_outside":
      return leaseRows(within, scope, sql`coalesce(l.annual_rent, 0)`);
    case "conversions_done":
      return conversionRows(within, scope, sql`1`);
    case "conversion_area":
      return conversionRows(within, scope, sql`c.area`);
  }
}

/**
 * The rows behind one dashboard figure of `code`'s subtree, largest first; with `own`, of the records
 * of `code` itself only (the 本级 row of the children table).
 */
export async function dashboardList(
  db: Kysely<Database>,
  code: string,
  scope: ReadScope,
  metric: DashboardListMetric,
  own = false,
): Promise<DashboardListRow[]> {
  const within: Within = own
    ? (column) => sql<boolean>`${column} = ${code}`
    : (column) => inRegion(column, code);
  const { rows } = await sql<Raw>`
    select x.*, rg.name as region_name from (${rowsOf(metric, within, scope)}) x
    left join regions rg on rg.code = x.region_code
    order by x.value desc, x.name, x.id`.execute(db);
  return rows.map((row) => {
    const center = parseJson<[unknown, unknown]>(row.center);
    return {
      kind: row.kind as DashboardListRow["kind"],
      id: Number(row.id),
      name: String(row.name),
      regionCode: String(row.region_code),
      regionName: row.region_name === null ? null : String(row.region_name),
      unit: row.unit_id === null ? null : { id: Number(row.unit_id), name: String(row.unit_name) },
      buildingId: row.building_id === null ? null : Number(row.building_id),
      center: center ? [Number(center[0]), Number(center[1])] : null,
      value: Number(row.value),
      details: numbersOf(parseJson<Record<string, unknown>>(row.details) ?? {}),
    };
  });
}

/** PGlite and pg both parse json columns, but a json value inside a subquery may arrive as text. */
function parseJson<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** Numeric columns arrive as strings from pg: numbers where they read as numbers, text otherwise. */
function numbersOf(details: Record<string, unknown>): Record<string, number | string | null> {
  const result: Record<string, number | string | null> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === null || value === undefined) result[key] = null;
    else if (typeof value === "number") result[key] = value;
    else if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) && !/On$|At$/.test(key))
      result[key] = Number(value);
    else result[key] = String(value);
  }
  return result;
}
