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
const METERS_PER_DEGREE = 111_320;

/**
 * A box around the zone at least `radius` metres wide on every side, in degrees, so the GiST indexes
 * prefilter before the exact geodesic ST_DWithin (a degree of longitude shrinks with cos(latitude)).
 */
export function radiusInDegrees(zone: MultiPolygon, radius: number): { dx: number; dy: number } {
  let maxLat = 0;
  for (const polygon of zone.coordinates)
    for (const ring of polygon)
      for (const position of ring) maxLat = Math.max(maxLat, Math.abs(position[1] ?? 0));
  const dy = (radius / METERS_PER_DEGREE) * 1.01 + 1e-6;
  const dx = dy / Math.max(Math.cos(((Math.min(maxLat, 89) + dy) * Math.PI) / 180), 1e-6);
  return { dx, dy };
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
  leases: number;
  lease_area: unknown;
  annual_rent: unknown;
  main_x: number | null;
  main_y: number | null;
  distance: unknown;
  stored: boolean;
  entitled_core: unknown;
  actual_core: unknown;
  standard_status: string | null;
}

/**
 * Units `scope` may read with an in-use room in a building, or a lease-in, within `radius` metres
 * (geodesic) of the zone, with their sites, areas, leases, main site (largest usable area among its
 * buildings and leases) and its distance to the zone's centroid. The entitlement comes from the stored
 * unit_standard_status (POST /api/standards/recompute) or, for units without a row, from the standards
 * engine (unitEntitlementSummary) unit by unit.
 */
export async function zoneNearbyUnits(
  db: Kysely<Database>,
  zone: MultiPolygon,
  radius: number,
  scope: ReadScope,
): Promise<UnitFacts[]> {
  const { dx, dy } = radiusInDegrees(zone, radius);
  const { rows } = await sql<NearUnitRow>`
    with z as (select g, g::geography as gg, st_centroid(g)::geography as c, st_expand(g, ${dx}::float8, ${dy}::float8) as box
      from (select ${geometryFromGeoJSON(zone)} as g) s),
    near as (
      select r.occupant_unit_id as unit_id from buildings b join rooms r on r.building_id = b.id, z
      where b.footprint && z.box and st_dwithin(b.footprint::geography, z.gg, ${radius}::float8)
        and r.status = 'in_use'
      union
      select l.unit_id from leases_in l, z
      where l.location && z.box and st_dwithin(l.location::geography, z.gg, ${radius}::float8)
    ),
    u as materialized (
      select u.id, u.name, u.kind, u.admin_level, u.region_code, u.is_dispatched
      from units u join near on near.unit_id = u.id where ${unitScope(scope)}
    ),
    occ as materialized (
      select o.unit_id, o.building_id, o.area, coalesce('s' || b.site_id, 'b' || b.id) as site_key,
        st_intersects(b.footprint, z.g) as in_zone, st_pointonsurface(b.footprint) as at
      from (select r.occupant_unit_id as unit_id, r.building_id, sum(r.usable_area) as area
        from rooms r join u on u.id = r.occupant_unit_id where r.status = 'in_use' group by 1, 2) o
      join buildings b on b.id = o.building_id, z
    ),
    ls as materialized (
      select l.unit_id, l.id, l.gross_area, l.annual_rent, l.location from leases_in l join u on u.id = l.unit_id
    ),
    main as (
      select distinct on (unit_id) unit_id, at from (
        select unit_id, area, at, 0 as kind, building_id as id from occ
        union all select unit_id, gross_area, location, 1, id from ls) m
      order by unit_id, area desc, kind, id
    )
    select u.*,
      (select count(distinct site_key)::int from occ where occ.unit_id = u.id) as own_sites,
      (select count(distinct site_key)::int from occ where occ.unit_id = u.id
        and site_key not in (select site_key from occ i where i.unit_id = u.id and i.in_zone)) as own_sites_outside,
      (select coalesce(sum(area), 0) from occ where occ.unit_id = u.id) as current_area,
      (select coalesce(sum(area), 0) from occ where occ.unit_id = u.id and not in_zone) as outside_area,
      (select count(*)::int from ls where ls.unit_id = u.id) as leases,
      (select coalesce(sum(gross_area), 0) from ls where ls.unit_id = u.id) as lease_area,
      (select coalesce(sum(annual_rent), 0) from ls where ls.unit_id = u.id) as annual_rent,
      st_x(main.at) as main_x, st_y(main.at) as main_y, st_distance(main.at::geography, z.c) as distance,
      s.unit_id is not null as stored, s.entitled_core, s.actual_core, s.status as standard_status
    from u cross join z
    left join main on main.unit_id = u.id
    left join unit_standard_status s on s.unit_id = u.id
    order by u.id`.execute(db);
  return Promise.all(rows.map((row) => unitFacts(db, row)));
}

async function unitFacts(db: Kysely<Database>, row: NearUnitRow): Promise<UnitFacts> {
  let entitled: number | null = null;
  let actual = 0;
  let short = false;
  if (row.stored) {
    if (row.standard_status !== "no_staffing") {
      entitled = num(row.entitled_core);
      actual = num(row.actual_core);
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
      actual = summary.actualCoreUsableArea;
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
    leases: num(row.leases),
    leaseArea: num(row.lease_area),
    annualRent: num(row.annual_rent),
    entitledArea: entitled,
    short,
    shortfall: short && entitled !== null ? Math.max(0, Math.round((entitled - actual) * 100) / 100) : 0,
    moveDistanceMeters: hasMain ? num(row.distance) : null,
    center: hasMain ? [Number(row.main_x), Number(row.main_y)] : null,
  };
}

export interface ZoneAnalysisOptions {
  readonly radiusMeters: number;
  readonly demand: DemandMode;
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
    zoneNearbyUnits(db, zone.geometry, options.radiusMeters, scope),
  ]);
  const candidateUnits = candidatesOf(units, options.demand);
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
    conversionCostPerM2: options.conversionCostPerM2,
    regionCode: zone.regionCode,
  };
}
