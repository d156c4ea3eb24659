import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Geometry, MultiPolygon } from "../../domain/geojson.js";
import { ASSET_NET_TO_GROSS, type Condition, type FacilityKind } from "../../domain/sites/site-criteria.js";
import { geometryFromGeoJSON } from "../postgis.js";
import type { Database } from "../schema.js";
import { buildingScope, regionOnlyScope, roomScope } from "../scope.js";
import { demandScope, facilitiesOf, type SiteKey, type SiteKind, siteGeometries } from "./site-locations.js";

// The idle-site finder's candidates (issue 9). Each idle room belongs to exactly one candidate: a
// building whose rooms are all idle (vacated, 腾退) is one "building"; elsewhere a floor with two or more
// idle rooms is one "floor" (its idle area together), a lone idle room one "room". Non-office assets
// reported by finance are "asset"s. Then, per distinct location, the spatial facts the score needs.

/** What narrows a search (issue 9: area range, contiguous area, access, condition, title, distances). */
export interface SiteFilters {
  readonly within: MultiPolygon | null;
  readonly minArea: number | null;
  readonly maxArea: number | null;
  readonly minContiguousArea: number | null;
  readonly requireAccessible: boolean;
  readonly requireClearTitle: boolean;
  readonly conditions: readonly Condition[];
  readonly kinds: readonly SiteKind[];
}

/** A candidate before its spatial facts. Areas m². */
export interface SiteCandidate {
  readonly key: SiteKey;
  readonly name: string;
  readonly regionCode: string;
  readonly buildingId: number | null;
  readonly assetId: number | null;
  /** Where the site stands: its building's or asset's key. */
  readonly location: SiteKey;
  readonly usableArea: number;
  readonly grossArea: number | null;
  /** An asset's usable area is estimated from its gross area (ASSET_NET_TO_GROSS). */
  readonly areaEstimated: boolean;
  readonly contiguousArea: number;
  readonly accessible: boolean;
  readonly condition: Condition;
  readonly clearTitle: boolean;
  readonly idleRooms: number;
}

/** The spatial facts of a location. */
export interface LocationFacts {
  readonly populationWithin: number;
  readonly facilityDistance: number | null;
  /** Some demand point lies within `maxDemandDistance` (true when that filter is off). */
  readonly nearDemand: boolean;
  /** Some existing facility lies within `minFacilityDistance` (false when that filter is off). */
  readonly nearFacility: boolean;
  readonly geometry: Geometry;
}

const num = (value: unknown) => Number(value ?? 0);
const METERS_PER_DEGREE = 111_320;

function areaFilters(filters: SiteFilters): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`c.kind = any(${sql.val([...filters.kinds])}::text[])`];
  if (filters.minArea !== null) parts.push(sql`c.usable_area >= ${filters.minArea}`);
  if (filters.maxArea !== null) parts.push(sql`c.usable_area <= ${filters.maxArea}`);
  if (filters.minContiguousArea !== null) parts.push(sql`c.contiguous >= ${filters.minContiguousArea}`);
  if (filters.requireAccessible) parts.push(sql`c.accessible`);
  if (filters.requireClearTitle) parts.push(sql`c.clear_title`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/** The query of siteCandidates (exported for EXPLAIN in benchmarks). */
export function siteCandidatesQuery(filters: SiteFilters, scope: ReadScope, cap: number) {
  // Written out per case: `area is null or st_intersects(…)` would keep the planner off the GiST index.
  const inArea = (geometry: RawBuilder<unknown>) =>
    filters.within ? sql`st_intersects(${geometry}, area.g)` : sql`true`;
  const within = filters.within ? geometryFromGeoJSON(filters.within) : sql`null::geometry`;
  const conditions = sql`${sql.val([...filters.conditions])}::text[]`;
  return sql<Record<string, unknown>>`
    with area as (select ${within} as g),
    -- Buildings with idle rooms: through the partial index of idle rooms (migration 15).
    b_in as materialized (
      select b.id, b.name, b.region_code, b.gross_area, b.condition,
        (b.title_certificate_no is not null and b.title_holder is not null) as clear_title
      from buildings b, area
      where ${inArea(sql.ref("b.footprint"))} and ${buildingScope(scope)}
        and b.condition = any(${conditions})
        and exists (select 1 from rooms i where i.building_id = b.id and i.status = 'idle')
    ),
    idle as materialized (
      select r.id, r.building_id, r.floor_id, r.number, r.usable_area, f.name as floor_name,
        (f.level = 1 or f.has_lift_access) as accessible
      from b_in join rooms r on r.building_id = b_in.id join floors f on f.id = r.floor_id
      where r.status = 'idle' and ${roomScope(scope)}
    ),
    whole as (
      select b.id, not exists (select 1 from rooms o where o.building_id = b.id and o.status <> 'idle') as whole
      from b_in b
    ),
    fl as (
      select building_id, floor_id, min(floor_name) as floor_name, count(*)::int as rooms,
        sum(usable_area) as area, bool_or(accessible) as accessible
      from idle group by building_id, floor_id
    ),
    c as (
      select 'building' as kind, b.id, b.id as building_id, null::int as asset_id, b.name, b.region_code,
        sum(fl.area) as usable_area, b.gross_area, max(fl.area) as contiguous, bool_or(fl.accessible) as accessible,
        b.condition, b.clear_title, sum(fl.rooms)::int as idle_rooms
      from b_in b join whole w on w.id = b.id and w.whole join fl on fl.building_id = b.id
      group by b.id, b.name, b.region_code, b.gross_area, b.condition, b.clear_title
      union all
      select 'floor', fl.floor_id, b.id, null, b.name || ' ' || fl.floor_name, b.region_code, fl.area, null,
        fl.area, fl.accessible, b.condition, b.clear_title, fl.rooms
      from fl join b_in b on b.id = fl.building_id join whole w on w.id = b.id and not w.whole
      where fl.rooms >= 2
      union all
      select 'room', i.id, b.id, null, b.name || ' ' || i.number || '室', b.region_code, i.usable_area, null,
        i.usable_area, i.accessible, b.condition, b.clear_title, 1
      from idle i join fl on fl.floor_id = i.floor_id and fl.rooms = 1
        join b_in b on b.id = i.building_id join whole w on w.id = b.id and not w.whole
      union all
      -- Whole properties: reached at ground level; usable area estimated from gross.
      select 'asset', a.id, null, a.id, a.name, a.region_code, a.gross_area * ${ASSET_NET_TO_GROSS},
        a.gross_area, a.gross_area * ${ASSET_NET_TO_GROSS}, true, a.condition, a.status = 'taken_over', 0
      from non_office_assets a, area
      where ${inArea(sql.ref("a.geom"))} and ${regionOnlyScope(scope, "a")}
        and a.status <> 'rejected' and a.condition = any(${conditions})
    )
    select * from c where ${areaFilters(filters)}
    order by kind, id
    limit ${cap + 1}`;
}

/** Candidates `scope` reads that pass the non-spatial filters, at most `cap` + 1 of them (to tell "too many"). */
export async function siteCandidates(
  db: Kysely<Database>,
  filters: SiteFilters,
  scope: ReadScope,
  cap: number,
): Promise<SiteCandidate[]> {
  const { rows } = await siteCandidatesQuery(filters, scope, cap).execute(db);
  return rows.map((row) => {
    const kind = row.kind as SiteKind;
    const buildingId = row.building_id === null ? null : num(row.building_id);
    const assetId = row.asset_id === null ? null : num(row.asset_id);
    return {
      key: { kind, id: num(row.id) },
      name: String(row.name),
      regionCode: String(row.region_code),
      buildingId,
      assetId,
      location: assetId !== null ? { kind: "asset", id: assetId } : { kind: "building", id: buildingId ?? 0 },
      usableArea: Math.round(num(row.usable_area) * 100) / 100,
      grossArea: row.gross_area === null ? null : num(row.gross_area),
      areaEstimated: kind === "asset",
      contiguousArea: Math.round(num(row.contiguous) * 100) / 100,
      accessible: Boolean(row.accessible),
      condition: row.condition as Condition,
      clearTitle: Boolean(row.clear_title),
      idleRooms: num(row.idle_rooms),
    };
  });
}

export interface FactOptions {
  readonly walkMeters: number;
  readonly facilityKinds: readonly FacilityKind[];
  readonly maxDemandDistance: number | null;
  readonly minFacilityDistance: number | null;
}

/**
 * Per location (a building or an asset): the population of the demand points within `walkMeters`
 * (straight-line, geodesic, to the footprint's nearest edge), the distance to the nearest existing
 * facility of the kinds (the five nearest in Web Mercator, then geodesic), and the distance filters.
 */
export async function locationFacts(
  db: Kysely<Database>,
  locations: readonly SiteKey[],
  options: FactOptions,
  scope: ReadScope,
): Promise<Map<string, LocationFacts>> {
  if (locations.length === 0) return new Map();
  const nearDemand =
    options.maxDemandDistance === null
      ? sql`true`
      : sql`exists (select 1 from residential_demand d
          where st_dwithin(d.location::geography, l.gg, ${options.maxDemandDistance}::float8) and ${demandScope(scope)})`;
  const nearFacility =
    options.minFacilityDistance === null
      ? sql`false`
      : sql`exists (select 1 from community_facilities f
          where st_dwithin(f.location::geography, l.gg, ${options.minFacilityDistance}::float8)
            and ${facilitiesOf(options.facilityKinds, scope)})`;
  const walk = sql`${options.walkMeters}::float8`;
  // Web Mercator stretches distances by sec(latitude) (and the sphere differs from the ellipsoid by
  // under 0.7 %): over the latitudes within reach of a footprint, a planar distance below `inner` is
  // surely within the walk, one above `outer` surely not; only the band between is measured
  // geodesically (the reasoning of mercatorBand, zone-analysis.repository.ts, per location).
  const { rows } = await sql<Record<string, unknown>>`
    with s as (
      select key, geom, st_ymin(geom) as south, st_ymax(geom) as north,
        ${options.walkMeters}::float8 / ${METERS_PER_DEGREE} * 1.02 as reach
      from (${siteGeometries(locations, scope)}) x
    ),
    l as materialized (
      select key, geom, geom::geography as gg, st_transform(geom, 3857) as m,
        ${walk} / cos(radians(least(89, case when south <= reach and north >= -reach then 0
          else least(abs(south), abs(north)) - reach end))) / 1.01 as inner_m,
        ${walk} / cos(radians(least(89, greatest(abs(south), abs(north)) + reach))) * 1.01 + 1 as outer_m
      from s
    )
    select l.key, st_asgeojson(l.geom, 7)::json as geometry,
      (select coalesce(sum(d.population), 0) from residential_demand d
        where st_dwithin(d.location_3857, l.m, l.outer_m)
          and (st_dwithin(d.location_3857, l.m, l.inner_m) or st_dwithin(d.location::geography, l.gg, ${walk}))
          and ${demandScope(scope)})
        as population,
      (select min(st_distance(n.location::geography, l.gg)) from (
        select f.location from community_facilities f where ${facilitiesOf(options.facilityKinds, scope)}
        order by f.location_3857 <-> l.m limit 5) n) as facility_distance,
      ${nearDemand} as near_demand,
      ${nearFacility} as near_facility
    from l`.execute(db);
  const parse = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value) as Geometry;
  return new Map(
    rows.map((row) => [
      String(row.key),
      {
        populationWithin: num(row.population),
        facilityDistance: row.facility_distance === null ? null : num(row.facility_distance),
        nearDemand: Boolean(row.near_demand),
        nearFacility: Boolean(row.near_facility),
        geometry: parse(row.geometry),
      },
    ]),
  );
}
