import { type Kysely, type RawBuilder, sql } from "kysely";
import type { CandidateUnit } from "../../domain/allocation/allocation-model.js";
import type { ReadScope } from "../../domain/auth/access.js";
import type { AdminLevel, UnitKind } from "../../domain/demo/dataset.js";
import type { Areal } from "../../domain/geojson.js";
import { unitEntitlement } from "../../domain/standards/unit-entitlement.js";
import { geometryFromGeoJSON } from "../postgis.js";
import type { Database } from "../schema.js";
import { buildingScope, scopeCondition, unitScope } from "../scope.js";
import { loadStandardParameters } from "./standard-parameters.repository.js";

/** What PostGIS says of a drawn area: valid, or why not and where. */
export type AreaValidity =
  | { readonly valid: true; readonly empty: boolean }
  | { readonly valid: false; readonly reason: string; readonly at: readonly [number, number] | null };

/** ST_IsValidDetail of a GeoJSON Polygon or MultiPolygon in WGS84. */
export async function allocationAreaValidity(db: Kysely<Database>, geometry: Areal): Promise<AreaValidity> {
  const { rows } = await sql<{
    valid: boolean;
    reason: string | null;
    x: number | null;
    y: number | null;
    empty: boolean;
  }>`
    with g as (select ${geometryFromGeoJSON(geometry)} as geom),
    d as (select (st_isvaliddetail(g.geom)).* from g)
    select d.valid, d.reason, round(st_x(d.location)::numeric, 7)::float8 as x,
      round(st_y(d.location)::numeric, 7)::float8 as y, st_isempty(g.geom) as empty
    from g, d`.execute(db);
  const row = rows[0];
  if (!row?.valid) {
    const at = row?.x != null && row.y != null ? ([row.x, row.y] as const) : null;
    return { valid: false, reason: row?.reason ?? "Invalid geometry", at };
  }
  return { valid: true, empty: row.empty };
}

/** The saved zones' geometries (as GeoJSON) the scope reads, by id; missing ids are left out. */
export async function zoneGeometries(
  db: Kysely<Database>,
  zoneIds: readonly number[],
  scope: ReadScope,
): Promise<Map<number, Areal>> {
  const { rows } = await sql<{ id: number; geometry: Areal }>`
    select z.id, st_asgeojson(z.geom, 7)::json as geometry from zones z
    where z.id = any(${sql.val([...zoneIds])}::int[])
      and ${scopeCondition(scope, sql.ref("z.region_code"), () => sql<boolean>`false`)}`.execute(db);
  return new Map(rows.map((row) => [row.id, row.geometry]));
}

/** The union of areas as one PostGIS geometry. */
function unionOf(areas: readonly Areal[]): RawBuilder<unknown> {
  return sql`st_union(array[${sql.join(areas.map((area) => geometryFromGeoJSON(area)))}])`;
}

export interface TargetBuildingRow {
  readonly buildingId: number;
  readonly name: string;
  readonly idleArea: number;
  readonly center: [number, number];
}

/** Buildings whose footprint meets the areas and that have idle usable area, largest first. */
export async function allocationTargets(
  db: Kysely<Database>,
  areas: readonly Areal[],
  scope: ReadScope,
): Promise<TargetBuildingRow[]> {
  const { rows } = await sql<{ id: number; name: string; idle: string; lng: number; lat: number }>`
    with area as (select ${unionOf(areas)} as g)
    select b.id, b.name, sum(r.usable_area) as idle,
      st_x(st_centroid(b.footprint)) as lng, st_y(st_centroid(b.footprint)) as lat
    from buildings b join rooms r on r.building_id = b.id and r.status = 'idle', area
    where st_intersects(b.footprint, area.g) and ${buildingScope(scope)}
    group by b.id
    order by sum(r.usable_area) desc, b.id`.execute(db);
  return rows.map((row) => ({
    buildingId: row.id,
    name: row.name,
    idleArea: Number(row.idle),
    center: [row.lng, row.lat],
  }));
}

interface CandidateRow {
  id: number;
  name: string;
  kind: UnitKind;
  admin_level: AdminLevel;
  region_code: string;
  is_dispatched: boolean;
  rent: string | null;
  lease_area: string | null;
  leases: number | null;
  housed_area: string | null;
  buildings: number | null;
  lng: number | null;
  lat: number | null;
}

/** A candidate unit with its name, for the plans' labels. */
export type NamedCandidate = CandidateUnit & { readonly name: string };

/**
 * Units that could move into the areas: `unitIds` when given, else units within `radiusMeters` that
 * rent space outside (在外租房), are split over two or more buildings, or are short of their
 * entitlement. Demand: the unit moves whole, at its entitled core usable area (never above it).
 * Kept to one function: the zone analysis's richer candidate query replaces it.
 */
export async function allocationCandidates(
  db: Kysely<Database>,
  areas: readonly Areal[],
  radiusMeters: number,
  scope: ReadScope,
  unitIds?: readonly number[],
): Promise<NamedCandidate[]> {
  const { rows } = await sql<CandidateRow>`
    with area as (select ${unionOf(areas)}::geography as g),
    renting as (
      select l.unit_id, sum(l.annual_rent) as rent, sum(l.gross_area) as lease_area, count(*)::int as leases,
        st_collect(l.location) as points,
        bool_or(st_dwithin(l.location::geography, area.g, ${radiusMeters})) as near
      from leases_in l, area group by l.unit_id),
    occupied as (
      select r.occupant_unit_id as unit_id, r.building_id,
        sum(r.usable_area) filter (where r.use_category in ('office', 'service', 'equipment')) as core_area
      from rooms r where r.status = 'in_use' group by r.occupant_unit_id, r.building_id),
    housed as (
      select o.unit_id, sum(o.core_area) as housed_area, count(*)::int as buildings,
        st_collect(st_centroid(b.footprint)) as points,
        bool_or(st_dwithin(b.footprint::geography, area.g, ${radiusMeters})) as near
      from occupied o join buildings b on b.id = o.building_id, area group by o.unit_id)
    select u.id, u.name, u.kind, u.admin_level, u.region_code, u.is_dispatched,
      renting.rent, renting.lease_area, renting.leases, housed.housed_area, housed.buildings,
      st_x(st_centroid(coalesce(st_collect(renting.points, housed.points), renting.points, housed.points))) as lng,
      st_y(st_centroid(coalesce(st_collect(renting.points, housed.points), renting.points, housed.points))) as lat
    from units u
      left join renting on renting.unit_id = u.id
      left join housed on housed.unit_id = u.id
    where ${unitScope(scope)} and u.kind <> 'administration'
      and ${
        unitIds
          ? sql`u.id = any(${sql.val([...unitIds])}::int[])`
          : sql`(coalesce(renting.near, false) or coalesce(housed.near, false))`
      }
    order by u.id`.execute(db);
  if (rows.length === 0) return [];
  const staffing = await sql<{ unit_id: number; rank_code: string; authorized: number; is_leader: boolean }>`
    select s.unit_id, s.rank_code, s.authorized, k.is_leader from staffing s join ranks k on k.code = s.rank_code
    where s.unit_id = any(${sql.val(rows.map((row) => row.id))}::int[]) order by s.unit_id, s.rank_code`.execute(
    db,
  );
  const staffingOf = new Map<number, typeof staffing.rows>();
  for (const row of staffing.rows) staffingOf.set(row.unit_id, [...(staffingOf.get(row.unit_id) ?? []), row]);
  const parameters = new Map<string, Awaited<ReturnType<typeof loadStandardParameters>>>();
  const candidates: NamedCandidate[] = [];
  for (const row of rows) {
    const ranks = staffingOf.get(row.id) ?? [];
    if (ranks.length === 0 || row.lng === null || row.lat === null) continue;
    if (!parameters.has(row.region_code))
      parameters.set(row.region_code, await loadStandardParameters(db, row.region_code));
    const entitled = unitEntitlement(
      {
        kind: row.kind,
        adminLevel: row.admin_level,
        isDispatched: row.is_dispatched,
        regionCode: row.region_code,
      },
      ranks.map((rank) => ({ rank: rank.rank_code, authorized: rank.authorized })),
      // The core usable area does not depend on K (only the gross area does).
      { highRise: false },
      parameters.get(row.region_code) as Awaited<ReturnType<typeof loadStandardParameters>>,
    ).coreUsableArea;
    const housedArea = Number(row.housed_area ?? 0);
    const leases = row.leases ?? 0;
    const buildings = row.buildings ?? 0;
    const short = housedArea < entitled * 0.95;
    if (!unitIds && leases === 0 && buildings < 2 && !short) continue;
    const authorized = ranks.reduce((sum, rank) => sum + rank.authorized, 0);
    const ordinary = ranks.filter((rank) => !rank.is_leader).reduce((sum, rank) => sum + rank.authorized, 0);
    candidates.push({
      unitId: row.id,
      name: row.name,
      demandArea: entitled,
      entitledArea: entitled,
      currentArea: Math.round((housedArea + Number(row.lease_area ?? 0)) * 100) / 100,
      currentAnnualRent: Number(row.rent ?? 0),
      currentCenter: [row.lng, row.lat],
      level: row.admin_level,
      kind: row.kind,
      grassroots: row.admin_level === "county" || row.admin_level === "township",
      ordinaryStaffShare: authorized === 0 ? 0 : ordinary / authorized,
      currentSites: leases + buildings,
    });
  }
  return candidates;
}
