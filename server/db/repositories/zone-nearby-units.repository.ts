import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { MultiPolygon } from "../../domain/geojson.js";
import type { UnitFacts } from "../../domain/zones/zone-analysis.js";
import { geometryFromGeoJSON } from "../postgis.js";
import type { Database } from "../schema.js";
import { unitScope } from "../scope.js";
import { type UnitRow, unitEntitlementSummary } from "./unit-entitlement.repository.js";

// The units near a consolidation zone, with the facts its analysis and the allocation optimiser need
// (sites, areas, leases, main site, entitlement): the costly part of POST /api/analysis/zone.

const num = (value: unknown) => Number(value ?? 0);
/** Nearest buildings looked at per unit wanted (a building houses one or two units, a unit several). */
const BUILDINGS_PER_UNIT = 5;
const METERS_PER_DEGREE = 111_320;

/**
 * Web Mercator (EPSG:3857, the indexed footprint_3857 / location_3857 columns) stretches distances by
 * sec(latitude), and the sphere differs from the WGS84 ellipsoid by under 0.7 %. So over the latitudes
 * within `radius` of the zone, a Mercator distance below `inner` is surely within `radius` metres
 * geodesic, and one above `outer` surely not; only the thin band between needs the geodesic distance.
 */
export function mercatorBand(zone: MultiPolygon, radius: number): { inner: number; outer: number } {
  let minLat = 90;
  let maxLat = -90;
  for (const polygon of zone.coordinates)
    for (const ring of polygon)
      for (const position of ring) {
        minLat = Math.min(minLat, position[1] ?? 0);
        maxLat = Math.max(maxLat, position[1] ?? 0);
      }
  const reach = (radius / METERS_PER_DEGREE) * 1.02;
  const secant = (lat: number) => 1 / Math.cos((Math.min(lat, 89) * Math.PI) / 180);
  // The latitudes (absolute) within reach of the zone: sec grows away from the equator.
  const crossesEquator = minLat <= reach && maxLat >= -reach;
  const nearestToEquator = crossesEquator ? 0 : Math.min(Math.abs(minLat), Math.abs(maxLat)) - reach;
  const farthestFromEquator = Math.max(Math.abs(minLat), Math.abs(maxLat)) + reach;
  return {
    inner: (radius * secant(nearestToEquator)) / 1.01,
    outer: radius * secant(farthestFromEquator) * 1.01 + 1,
  };
}

interface NearUnitRow {
  id: number;
  name: string;
  kind: string;
  admin_level: string;
  region_code: string;
  is_dispatched: boolean;
  own_sites: number;
  own_sites_outside: number;
  current_area: unknown;
  outside_area: unknown;
  core_area: unknown;
  outside_core_area: unknown;
  leases: number;
  lease_area: unknown;
  annual_rent: unknown;
  main_x: number | null;
  main_y: number | null;
  distance: unknown;
  stored: boolean;
  entitled_core: unknown;
  nearby: number;
  standard_status: string | null;
}

/**
 * Units `scope` may read (the administration itself aside) with an in-use room in a building, or a
 * lease-in, within `radius` metres
 * (geodesic) of the zone, with their sites, areas, leases, main site (largest usable area among its
 * buildings and leases) and its distance to the zone's centroid. The entitlement comes from the stored
 * unit_standard_status (POST /api/standards/recompute) or, for units without a row, from the standards
 * engine (unitEntitlementSummary) unit by unit. Only the `limit` units nearest the zone (by their
 * nearest building or lease) are examined: `nearby` says how many were found, at most `limit` + 1
 * (more than `limit`: the list was cut). With `unitIds` (the optimiser's named units) those units
 * instead, wherever they are. The zone's polygons may overlap (several zones): they are merged.
 */
export async function zoneNearbyUnits(
  db: Kysely<Database>,
  zone: MultiPolygon,
  radius: number,
  scope: ReadScope,
  options: { readonly limit: number; readonly unitIds?: readonly number[] | undefined },
): Promise<{ units: UnitFacts[]; nearby: number }> {
  const band = mercatorBand(zone, radius);
  const { limit, unitIds } = options;
  // Nearest first through the GiST indexes (KNN), so a dense city core costs the nearest buildings,
  // not all ~30,000 within 3 km. The nearest `limit` units are among the units of the nearest
  // buildings once those hold that many; BUILDINGS_PER_UNIT of them per unit wanted is ample.
  const mercator = sql`(select m from z)`;
  const within = (column: string, geography: string) => sql`
    st_dwithin(${sql.ref(column)}, ${mercator}, ${band.outer}::float8)
      and (st_dwithin(${sql.ref(column)}, ${mercator}, ${band.inner}::float8)
        or st_dwithin(${sql.ref(geography)}::geography, (select gg from z), ${radius}::float8))`;
  const near = unitIds
    ? sql`select distinct unnest(${sql.val([...unitIds])}::int[]) as unit_id, 0::float8 as d`
    : sql`
      select unit_id, min(d) as d from (
        select r.occupant_unit_id as unit_id, b.d from near_buildings b join rooms r on r.building_id = b.id
        where r.status = 'in_use'
        union all select unit_id, d from near_leases) x
      group by unit_id`;
  const { rows } = await sql<NearUnitRow>`
    with z as materialized (select g, g::geography as gg, st_centroid(g)::geography as c, st_transform(g, 3857) as m
      from (select st_unaryunion(${geometryFromGeoJSON(zone)}) as g) s),
    -- Within the radius: inside the inner Mercator band for sure, outside the outer band surely not,
    -- and the geodesic distance decides the thin band between (mercatorBand).
    near_buildings as materialized (
      select b.id, b.footprint_3857 <-> ${mercator} as d from buildings b
      where ${within("b.footprint_3857", "b.footprint")}
      order by b.footprint_3857 <-> ${mercator} limit ${limit * BUILDINGS_PER_UNIT}
    ),
    near_leases as materialized (
      select l.unit_id, l.location_3857 <-> ${mercator} as d from leases_in l
      where ${within("l.location_3857", "l.location")}
      order by l.location_3857 <-> ${mercator} limit ${limit + 1}
    ),
    near as (${near}),
    found as materialized (
      select u.id, u.name, u.kind, u.admin_level, u.region_code, u.is_dispatched, near.d
      from units u join near on near.unit_id = u.id
      -- The administration allocates the space; it is never a candidate to move in.
      where ${unitScope(scope)} and u.kind <> 'administration'
      order by near.d, u.id limit ${limit + 1}
    ),
    u as materialized (
      select id, name, kind, admin_level, region_code, is_dispatched from found order by d, id limit ${limit}
    ),
    occ as materialized (
      select o.unit_id, o.building_id, o.area, o.core_area, coalesce('s' || b.site_id, 'b' || b.id) as site_key,
        st_intersects(b.footprint, z.g) as in_zone
      from (select r.occupant_unit_id as unit_id, r.building_id, sum(r.usable_area) as area,
          coalesce(sum(r.usable_area) filter (where r.use_category in ('office', 'service', 'equipment')), 0)
            as core_area
        from rooms r join u on u.id = r.occupant_unit_id where r.status = 'in_use' group by 1, 2) o
      join buildings b on b.id = o.building_id, z
    ),
    ls as materialized (
      select l.unit_id, l.id, l.gross_area, l.annual_rent, l.location from leases_in l join u on u.id = l.unit_id
    ),
    main_site as (
      select distinct on (unit_id) unit_id, kind, id from (
        select unit_id, area, 0 as kind, building_id as id from occ
        union all select unit_id, gross_area, 1, id from ls) m
      order by unit_id, area desc, kind, id
    ),
    main as (
      select m.unit_id, case when m.kind = 0
        then (select st_pointonsurface(b.footprint) from buildings b where b.id = m.id)
        else (select l.location from ls l where l.id = m.id) end as at
      from main_site m
    ),
    -- Grouped once per unit (correlated subqueries over the CTEs would rescan them per unit).
    occ_sum as (
      select unit_id, count(distinct site_key)::int as own_sites,
        (count(distinct site_key) filter (where not site_in_zone))::int as own_sites_outside,
        sum(area) as current_area, coalesce(sum(area) filter (where not in_zone), 0) as outside_area,
        sum(core_area) as core_area, coalesce(sum(core_area) filter (where not in_zone), 0) as outside_core_area
      from (select unit_id, site_key, area, core_area, in_zone,
        bool_or(in_zone) over (partition by unit_id, site_key) as site_in_zone from occ) o
      group by unit_id
    ),
    ls_sum as (
      select unit_id, count(*)::int as leases, sum(gross_area) as lease_area, sum(annual_rent) as annual_rent
      from ls group by unit_id
    )
    select u.*, coalesce(o.own_sites, 0) as own_sites, coalesce(o.own_sites_outside, 0) as own_sites_outside,
      coalesce(o.current_area, 0) as current_area, coalesce(o.outside_area, 0) as outside_area,
      coalesce(o.core_area, 0) as core_area, coalesce(o.outside_core_area, 0) as outside_core_area,
      coalesce(l.leases, 0) as leases, coalesce(l.lease_area, 0) as lease_area,
      coalesce(l.annual_rent, 0) as annual_rent,
      st_x(main.at) as main_x, st_y(main.at) as main_y, st_distance(main.at::geography, z.c) as distance,
      s.unit_id is not null as stored, s.entitled_core, s.status as standard_status,
      -- Nearest buildings all taken: units may lie beyond them, so the list counts as cut.
      case when ${unitIds ? sql`false` : sql`(select count(*) from near_buildings) >= ${limit * BUILDINGS_PER_UNIT}`}
        then ${limit + 1}
        else (select count(*) from found) end::int as nearby
    from u cross join z
    left join occ_sum o on o.unit_id = u.id
    left join ls_sum l on l.unit_id = u.id
    left join main on main.unit_id = u.id
    left join unit_standard_status s on s.unit_id = u.id
    order by u.id`.execute(db);
  return {
    units: await Promise.all(rows.map((row) => unitFacts(db, row))),
    nearby: rows.length === 0 ? 0 : Number(rows[0]?.nearby),
  };
}

async function unitFacts(db: Kysely<Database>, row: NearUnitRow): Promise<UnitFacts> {
  let entitled: number | null = null;
  let short = false;
  if (row.stored) {
    if (row.standard_status !== "no_staffing") {
      entitled = num(row.entitled_core);
      short = row.standard_status === "short";
    }
  } else {
    const staffing = await db
      .selectFrom("staffing")
      .select(["rank_code", "authorized"])
      .where("unit_id", "=", row.id)
      .orderBy("rank_code")
      .execute();
    const unit: UnitRow = {
      id: row.id,
      name: row.name,
      kind: row.kind as UnitRow["kind"],
      admin_level: row.admin_level as UnitRow["admin_level"],
      region_code: row.region_code,
      is_dispatched: row.is_dispatched,
    };
    const summary = await unitEntitlementSummary(db, unit, staffing);
    if (summary) {
      entitled = summary.coreUsableArea;
      short = summary.status === "short";
    }
  }
  const hasMain = row.main_x !== null && row.main_y !== null;
  return {
    unitId: row.id,
    name: row.name,
    level: row.admin_level,
    kind: row.kind,
    ownSites: num(row.own_sites),
    ownSitesOutside: num(row.own_sites_outside),
    currentArea: num(row.current_area),
    outsideArea: num(row.outside_area),
    coreArea: num(row.core_area),
    outsideCoreArea: num(row.outside_core_area),
    leases: num(row.leases),
    leaseArea: num(row.lease_area),
    annualRent: num(row.annual_rent),
    entitledArea: entitled,
    short,
    moveDistanceMeters: hasMain ? num(row.distance) : null,
    center: hasMain ? [Number(row.main_x), Number(row.main_y)] : null,
  };
}
