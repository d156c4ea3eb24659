import { type Kysely, sql } from "kysely";
import type { Areal } from "../../domain/geojson.js";
import { geometryFromGeoJSON } from "../postgis.js";
import type { Database } from "../schema.js";

/** What PostGIS says about a drawn footprint. */
export type FootprintFacts =
  | { readonly valid: false; readonly reason: string; readonly at: readonly [number, number] | null }
  | {
      readonly valid: true;
      /** Geodesic area in m². */
      readonly area: number;
      /** The lowest-level region with a boundary containing the footprint's point on surface. */
      readonly regionCode: string | null;
      /** The lowest-level region whose boundary covers the whole shape (a zone across counties). */
      readonly coveringRegionCode: string | null;
    };

/** Validity (ST_IsValidDetail), geodesic area and region of a drawn polygon (or zone) in WGS84. */
export async function footprintFacts(db: Kysely<Database>, polygon: Areal): Promise<FootprintFacts> {
  const { rows } = await sql<{
    valid: boolean;
    reason: string | null;
    x: number | null;
    y: number | null;
    area: number | null;
    region_code: string | null;
    covering_region_code: string | null;
  }>`
    with g as (select ${geometryFromGeoJSON(polygon)} as geom),
    d as (select (st_isvaliddetail(g.geom)).* from g)
    select d.valid, d.reason, st_x(d.location) as x, st_y(d.location) as y,
      case when d.valid then st_area(g.geom::geography) end as area,
      case when d.valid then (
        select r.code from regions r
        where r.geom is not null and r.level <> 'township' and st_contains(r.geom, st_pointonsurface(g.geom))
        order by case r.level when 'county' then 0 when 'prefecture' then 1 else 2 end
        limit 1
      ) end as region_code,
      case when d.valid then (
        select r.code from regions r
        where r.geom is not null and r.level <> 'township' and st_covers(r.geom, g.geom)
        order by case r.level when 'county' then 0 when 'prefecture' then 1 else 2 end
        limit 1
      ) end as covering_region_code
    from g, d`.execute(db);
  const row = rows[0];
  if (!row?.valid) {
    const at = row?.x != null && row.y != null ? ([row.x, row.y] as const) : null;
    return { valid: false, reason: row?.reason ?? "Invalid geometry", at };
  }
  return {
    valid: true,
    area: Number(row.area),
    regionCode: row.region_code,
    coveringRegionCode: row.covering_region_code,
  };
}

const count = (value: unknown) => Number(value ?? 0);

/** Why a building cannot be deleted: rooms in use, people, certificates, leases and other references. */
export async function buildingDeleteObstacles(db: Kysely<Database>, buildingId: number): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select
      (select count(*) from rooms where building_id = ${buildingId} and status <> 'idle') as busy_rooms,
      (select string_agg(number, ', ' order by number) from (select number from rooms
        where building_id = ${buildingId} and status <> 'idle' order by number limit 5) s) as busy_numbers,
      (select count(*) from room_occupants o join rooms r on r.id = o.room_id where r.building_id = ${buildingId}) as people,
      (select count(*) from use_certificates where building_id = ${buildingId}) as certificates,
      (select count(*) from leases_out where building_id = ${buildingId}) as leases_out,
      (select count(*) from community_facilities where source_building_id = ${buildingId}) as facilities,
      (select count(*) from conversions where building_id = ${buildingId}) as conversions,
      (select count(*) from disposals where building_id = ${buildingId}) as disposals,
      (select count(*) from inspections where building_id = ${buildingId}) as inspections,
      (select count(*) from findings f where f.building_id = ${buildingId}
        or f.room_id in (select id from rooms where building_id = ${buildingId})) as findings`.execute(db);
  const facts = rows[0] ?? {};
  const obstacles: string[] = [];
  if (count(facts.busy_rooms) > 0)
    obstacles.push(`${count(facts.busy_rooms)} room(s) are not idle (${String(facts.busy_numbers)})`);
  const references: Array<[string, string]> = [
    ["people", "people are recorded in its rooms"],
    ["certificates", "use agreements / certificates name it"],
    ["leases_out", "leases out name it"],
    ["facilities", "community facilities were converted from it"],
    ["conversions", "conversions name it"],
    ["disposals", "disposals name it"],
    ["inspections", "inspections name it"],
    ["findings", "inspection findings name it or its rooms"],
  ];
  for (const [field, words] of references)
    if (count(facts[field]) > 0) obstacles.push(`${count(facts[field])} ${words}`);
  return obstacles;
}

/** Why rooms cannot be deleted or merged away: people in them, leases, findings, conversions, disposals. */
export async function roomReferenceObstacles(
  db: Kysely<Database>,
  roomIds: readonly number[],
): Promise<string[]> {
  if (roomIds.length === 0) return [];
  const ids = sql.join(roomIds.map((id) => sql`${id}::integer`));
  const { rows } = await sql<Record<string, unknown>>`
    select
      (select count(*) from room_occupants where room_id in (${ids})) as people,
      (select count(*) from leases_out where room_id in (${ids})) as leases_out,
      (select count(*) from findings where room_id in (${ids})) as findings,
      (select count(*) from conversions where room_ids && array[${ids}]) as conversions,
      (select count(*) from disposals where room_ids && array[${ids}]) as disposals`.execute(db);
  const facts = rows[0] ?? {};
  const words: Array<[string, string]> = [
    ["people", "people are recorded in it"],
    ["leases_out", "leases out name it"],
    ["findings", "inspection findings name it"],
    ["conversions", "conversions name it"],
    ["disposals", "disposals name it"],
  ];
  return words
    .filter(([field]) => count(facts[field]) > 0)
    .map(([field, text]) => `${count(facts[field])} ${text}`);
}

/** Room numbers already used in a building (other than by `exceptRoomIds`), among `numbers`. */
export async function takenRoomNumbers(
  db: Kysely<Database>,
  buildingId: number,
  numbers: readonly string[],
  exceptRoomIds: readonly number[] = [],
): Promise<string[]> {
  if (numbers.length === 0) return [];
  let query = db
    .selectFrom("rooms")
    .select("number")
    .where("building_id", "=", buildingId)
    .where("number", "in", [...numbers]);
  if (exceptRoomIds.length > 0) query = query.where("id", "not in", [...exceptRoomIds]);
  return (await query.orderBy("number").execute()).map((row) => row.number);
}
