import { type Kysely, type RawBuilder, sql } from "kysely";
import type { CandidateUnit } from "../../domain/allocation/allocation-model.js";
import type { FloorSpace } from "../../domain/allocation/floor-placement.js";
import type { ReadScope } from "../../domain/auth/access.js";
import type { AdminLevel, UnitKind } from "../../domain/demo/dataset.js";
import type { Areal, MultiPolygon } from "../../domain/geojson.js";
import { candidatesOf, DEFAULT_CANDIDATE_LIMIT, type DemandMode } from "../../domain/zones/zone-analysis.js";
import { geometryFromGeoJSON } from "../postgis.js";
import type { Database } from "../schema.js";
import { buildingScope, scopeCondition } from "../scope.js";
import { zoneNearbyUnits } from "./zone-nearby-units.repository.js";

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
  /** Idle usable area per floor (levels with idle rooms, lowest first). */
  readonly floors: FloorSpace[];
}

/** Buildings whose footprint meets the areas and that have idle usable area, largest first. */
export async function allocationTargets(
  db: Kysely<Database>,
  areas: readonly Areal[],
  scope: ReadScope,
): Promise<TargetBuildingRow[]> {
  const { rows } = await sql<{
    id: number;
    name: string;
    idle: string;
    lng: number;
    lat: number;
    floors: string | Array<{ level: number; idle: number }>;
  }>`
    with area as (select ${unionOf(areas)} as g),
    per_floor as (
      select b.id, b.name, b.footprint, f.level, sum(r.usable_area) as idle
      from buildings b join rooms r on r.building_id = b.id and r.status = 'idle'
      join floors f on f.id = r.floor_id, area
      where st_intersects(b.footprint, area.g) and ${buildingScope(scope)}
      group by b.id, f.level
    )
    select id, name, sum(idle) as idle, st_x(st_centroid(footprint)) as lng, st_y(st_centroid(footprint)) as lat,
      json_agg(json_build_object('level', level, 'idle', idle) order by level) as floors
    from per_floor group by id, name, footprint
    order by sum(idle) desc, id`.execute(db);
  return rows.map((row) => {
    const floors = typeof row.floors === "string" ? JSON.parse(row.floors) : row.floors;
    return {
      buildingId: row.id,
      name: row.name,
      idleArea: Number(row.idle),
      center: [row.lng, row.lat],
      floors: (floors as Array<{ level: number; idle: number }>).map((floor) => ({
        floorLevel: Number(floor.level),
        idleArea: Number(floor.idle),
      })),
    };
  });
}

/** A candidate unit with its name, for the plans' labels. */
export type NamedCandidate = CandidateUnit & { readonly name: string };

/** The areas as one MultiPolygon (zoneNearbyUnits merges overlapping parts). */
function multiPolygonOf(areas: readonly Areal[]): MultiPolygon {
  return {
    type: "MultiPolygon",
    coordinates: areas.flatMap((area) => (area.type === "Polygon" ? [area.coordinates] : area.coordinates)),
  };
}

/**
 * The units to house in the areas, with the zone analysis's own facts and demand (demandOf in
 * domain/zones/zone-analysis.ts, by `demand` mode), so a plan houses exactly what the analysis of
 * the same area shows: the analysis's candidates within `radiusMeters` (renting outside, split
 * sites, short), or the units `unitIds` names. Units that need no space (demand 0, which includes
 * units without staffing) are left out: there is nothing to allocate to them.
 */
export async function allocationCandidates(
  db: Kysely<Database>,
  areas: readonly Areal[],
  radiusMeters: number,
  scope: ReadScope,
  demand: DemandMode,
  unitIds?: readonly number[],
): Promise<NamedCandidate[]> {
  const { units: facts } = await zoneNearbyUnits(db, multiPolygonOf(areas), radiusMeters, scope, {
    limit: unitIds?.length ?? DEFAULT_CANDIDATE_LIMIT,
    unitIds,
  });
  const candidates = candidatesOf(facts, demand, unitIds !== undefined).filter(
    (candidate) => candidate.demandArea > 0 && candidate.entitledArea !== null && candidate.center !== null,
  );
  if (candidates.length === 0) return [];
  const { rows } = await sql<{ unit_id: number; authorized: number; ordinary: number }>`
    select s.unit_id, sum(s.authorized)::int as authorized,
      (sum(s.authorized) filter (where not k.is_leader))::int as ordinary
    from staffing s join ranks k on k.code = s.rank_code
    where s.unit_id = any(${sql.val(candidates.map((candidate) => candidate.unitId))}::int[])
    group by s.unit_id`.execute(db);
  const staffing = new Map(rows.map((row) => [row.unit_id, row]));
  return candidates.map((candidate) => {
    const ranks = staffing.get(candidate.unitId);
    const authorized = ranks?.authorized ?? 0;
    return {
      unitId: candidate.unitId,
      name: candidate.name,
      demandArea: candidate.demandArea,
      entitledArea: candidate.entitledArea as number,
      currentArea: candidate.currentArea,
      currentAnnualRent: candidate.currentAnnualRent,
      // The main site (largest): where the analysis measures the move from.
      currentCenter: candidate.center as [number, number],
      level: candidate.level as AdminLevel,
      kind: candidate.kind as UnitKind,
      grassroots: candidate.level === "county" || candidate.level === "township",
      ordinaryStaffShare: authorized === 0 ? 0 : (ranks?.ordinary ?? 0) / authorized,
      currentSites: candidate.sitesBefore,
    };
  });
}
