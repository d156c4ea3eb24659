import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { MultiPolygon } from "../../domain/geojson.js";
import {
  type Candidate,
  candidatesOf,
  type DemandMode,
  rentSaved,
  type UnitFacts,
} from "../../domain/zones/zone-analysis.js";
import { geometryFromGeoJSON } from "../postgis.js";
import type { Database } from "../schema.js";
import { buildingScope, regionOnlyScope, roomScope, unitScope } from "../scope.js";
import { type UnitRow, unitEntitlementSummary } from "./unit-entitlement.repository.js";

const useCategories = ["office", "service", "equipment", "ancillary", "technical"] as const;
export type IdleByCategory = Record<(typeof useCategories)[number], number>;

/** What the zone holds: buildings whose footprint intersects it, counted whole (areas are recorded). */
export interface ZoneContents {
  zoneArea: number;
  buildings: number;
  buildingIds: number[];
  grossArea: number;
  usableArea: number;
  idleUsableArea: number;
  idleByCategory: IdleByCategory;
  unitsHoused: number;
}

export interface ConvertibleAsset {
  id: number;
  /** A non-office asset reported by finance, or a building registered as one. */
  source: "non_office_asset" | "building";
  name: string;
  grossArea: number;
  suitsOfficeUse: boolean;
}

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

/** Buildings in the zone, their recorded areas, idle usable area by category and the units housed. */
export async function zoneContents(
  db: Kysely<Database>,
  zone: MultiPolygon,
  scope: ReadScope,
): Promise<ZoneContents> {
  const { rows } = await sql<Record<string, unknown>>`
    with z as (select ${geometryFromGeoJSON(zone)} as g),
    inb as materialized (
      select b.id, b.gross_area from buildings b, z
      where st_intersects(b.footprint, z.g) and ${buildingScope(scope)}
    ),
    rm as materialized (
      select r.use_category, r.status, r.usable_area, r.occupant_unit_id from rooms r join inb on inb.id = r.building_id
      where ${roomScope(scope)}
    )
    select
      (select st_area(g::geography) from z) as zone_area,
      (select count(*) from inb) as buildings,
      (select coalesce(json_agg(id order by id), '[]') from inb) as building_ids,
      (select coalesce(sum(gross_area), 0) from inb) as gross_area,
      (select coalesce(sum(usable_area), 0) from rm) as usable_area,
      (select json_object_agg(use_category, area) from (
        select use_category, sum(usable_area) as area from rm where status = 'idle' group by use_category) x)
        as idle_by_category,
      (select count(distinct occupant_unit_id) from rm where status = 'in_use') as units_housed`.execute(db);
  const row = rows[0] ?? {};
  const parse = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
  const idle = (parse(row.idle_by_category) ?? {}) as Record<string, unknown>;
  const idleByCategory = Object.fromEntries(
    useCategories.map((category) => [category, num(idle[category])]),
  ) as IdleByCategory;
  return {
    zoneArea: num(row.zone_area),
    buildings: num(row.buildings),
    buildingIds: (parse(row.building_ids) as unknown[]).map(Number),
    grossArea: num(row.gross_area),
    usableArea: num(row.usable_area),
    idleUsableArea: Object.values(idleByCategory).reduce((sum, area) => sum + area, 0),
    idleByCategory,
    unitsHoused: num(row.units_housed),
  };
}

/** Non-office assets (finance's reports, and buildings registered as such) intersecting the zone. */
export async function zoneConvertibleAssets(
  db: Kysely<Database>,
  zone: MultiPolygon,
  scope: ReadScope,
): Promise<ConvertibleAsset[]> {
  const { rows } = await sql<{
    id: number;
    source: ConvertibleAsset["source"];
    name: string;
    gross_area: unknown;
    suits: boolean;
  }>`
    with z as (select ${geometryFromGeoJSON(zone)} as g)
    select a.id, 'non_office_asset' as source, a.name, a.gross_area, a.suits_office_use as suits
    from non_office_assets a, z where st_intersects(a.geom, z.g) and ${regionOnlyScope(scope, "a")}
    union all
    select b.id, 'building' as source, b.name, b.gross_area, b.condition <> 'dangerous' as suits
    from buildings b, z
    where b.property_class = 'non_office_asset' and st_intersects(b.footprint, z.g) and ${buildingScope(scope)}
    order by source desc, id`.execute(db);
  return rows.map((row) => ({
    id: Number(row.id),
    source: row.source,
    name: row.name,
    grossArea: num(row.gross_area),
    suitsOfficeUse: Boolean(row.suits),
  }));
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

export interface ZoneAnalysisOptions {
  readonly radiusMeters: number;
  readonly demand: DemandMode;
  /** The nearest units examined (DEFAULT_CANDIDATE_LIMIT). */
  readonly candidateLimit: number;
  /** Yuan per m² of gross area. */
  readonly conversionCostPerM2: number;
}

/** The answer of POST /api/analysis/zone (docs/api.md). Areas m², money yuan, distances m. */
export interface ZoneAnalysis extends Omit<ZoneContents, "zoneArea"> {
  zoneArea: number;
  candidateUnits: Candidate[];
  supplyArea: number;
  demandArea: number;
  balance: number;
  rentSavedPerYear: number;
  rentSavedUnitIds: number[];
  sitesScatter: Array<{ unitId: number; before: number; after: number }>;
  convertibleAssets: Array<ConvertibleAsset & { conversionCost: number }>;
  radiusMeters: number;
  demand: DemandMode;
  candidateLimit: number;
  /** More units than candidateLimit lie within the radius: only the nearest were examined. */
  candidatesCut: boolean;
  conversionCostPerM2: number;
  regionCode: string | null;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The whole analysis of a checked zone: three independent queries (contents, convertible assets,
 * nearby units) run side by side, then the candidate arithmetic (domain/zones/zone-analysis.ts).
 */
export async function analyseZone(
  db: Kysely<Database>,
  zone: { geometry: MultiPolygon; area: number; regionCode: string | null },
  options: ZoneAnalysisOptions,
  scope: ReadScope,
): Promise<ZoneAnalysis> {
  const [contents, assets, units] = await Promise.all([
    zoneContents(db, zone.geometry, scope),
    zoneConvertibleAssets(db, zone.geometry, scope),
    zoneNearbyUnits(db, zone.geometry, options.radiusMeters, scope, { limit: options.candidateLimit }),
  ]);
  const candidateUnits = candidatesOf(units.units, options.demand);
  const supplyArea = round2(contents.idleUsableArea);
  const demandArea = round2(candidateUnits.reduce((sum, unit) => sum + unit.demandArea, 0));
  const saved = rentSaved(candidateUnits, supplyArea);
  return {
    zoneArea: round2(zone.area),
    buildings: contents.buildings,
    grossArea: round2(contents.grossArea),
    usableArea: round2(contents.usableArea),
    idleUsableArea: supplyArea,
    idleByCategory: contents.idleByCategory,
    unitsHoused: contents.unitsHoused,
    buildingIds: contents.buildingIds,
    candidateUnits,
    supplyArea,
    demandArea,
    balance: round2(supplyArea - demandArea),
    rentSavedPerYear: saved.rentSavedPerYear,
    rentSavedUnitIds: saved.housedUnitIds,
    sitesScatter: candidateUnits.map((unit) => ({
      unitId: unit.unitId,
      before: unit.sitesBefore,
      after: unit.sitesAfter,
    })),
    convertibleAssets: assets.map((asset) => ({
      ...asset,
      conversionCost: round2(asset.grossArea * options.conversionCostPerM2),
    })),
    radiusMeters: options.radiusMeters,
    demand: options.demand,
    candidateLimit: options.candidateLimit,
    candidatesCut: units.nearby > options.candidateLimit,
    conversionCostPerM2: options.conversionCostPerM2,
    regionCode: zone.regionCode,
  };
}
