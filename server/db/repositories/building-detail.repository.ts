import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { BBox, Position } from "../../domain/geojson.js";
import type { Database, RoomTable } from "../schema.js";
import { buildingScope, regionOnlyScope, roomScope, unitOwnedScope } from "../scope.js";
import { type HistoryEntry, historyOf } from "./history.repository.js";

export interface Occupant {
  person_id: number;
  name: string;
  rank_code: string;
  rank_name_zh: string;
  rank_name_en: string;
  is_leader: boolean;
}

export interface StackRoom {
  id: number;
  number: string;
  use_category: RoomTable["use_category"];
  function: string | null;
  usable_area: number;
  status: RoomTable["status"];
  occupant_unit_id: number | null;
  occupant_unit_name: string | null;
  has_rest_room: boolean;
  washroom_area: number;
  version: number;
  occupants: Occupant[];
}

export interface StackFloor {
  id: number;
  level: number;
  name: string;
  gross_area: number | null;
  has_lift_access: boolean;
  version: number;
  rooms: StackRoom[];
}

export interface BuildingDetail {
  /** The footprint comes as GeoJSON (7 decimals) so the workbench can reshape it. */
  building: Record<string, unknown> & { id: number; center: Position; bbox: BBox; footprint: unknown };
  floors: StackFloor[];
  certificates: Array<Record<string, unknown>>;
  leasesOut: Array<Record<string, unknown>>;
  history: HistoryEntry[];
}

/** Entries of the history a detail page shows (newest first). */
const HISTORY_LIMIT = 50;

/**
 * One building as a stack plan: floors top first, the rooms `scope` may read on each (a unit user
 * sees its own units' rooms in a shared building), their occupants with ranks, the building's
 * certificates, leases out and recent changes. Undefined when missing or out of scope alike.
 */
export async function buildingDetail(
  db: Kysely<Database>,
  id: number,
  scope: ReadScope,
): Promise<BuildingDetail | undefined> {
  const building = await buildingRecord(db, id, scope);
  if (!building) return undefined;
  const [floors, rooms, certificates, leasesOut] = await Promise.all([
    db
      .selectFrom("floors")
      .select(["id", "level", "name", "gross_area", "has_lift_access", "version"])
      .where("building_id", "=", id)
      .orderBy("level", "desc")
      .execute(),
    sql<Omit<StackRoom, "occupants"> & { floor_id: number }>`
      select r.id, r.floor_id, r.number, r.use_category, r.function, r.usable_area, r.status,
        r.occupant_unit_id, u.name as occupant_unit_name, r.has_rest_room, r.washroom_area, r.version
      from rooms r left join units u on u.id = r.occupant_unit_id
      where r.building_id = ${id} and ${roomScope(scope)}
      -- Room numbers are text: shorter first keeps "901" before "1001".
      order by length(r.number), r.number, r.id`.execute(db),
    sql<Record<string, unknown>>`
      select c.id, c.kind, c.certificate_no, c.unit_id, u.name as unit_name, c.area, c.issued_on, c.revoked_on
      from use_certificates c join units u on u.id = c.unit_id
      where c.building_id = ${id} and ${unitOwnedScope(scope, "c")}
      order by c.issued_on desc, c.id`.execute(db),
    sql<Record<string, unknown>>`
      select o.id, o.room_id, o.tenant, o.area, o.annual_rent, o.starts_on, o.ends_on, o.approved
      from leases_out o where o.building_id = ${id} and ${regionOnlyScope(scope, "o")}
      order by o.starts_on, o.id`.execute(db),
  ]);
  const roomIds = rooms.rows.map((room) => room.id);
  const [occupants, history] = await Promise.all([
    occupantsOf(db, roomIds),
    historyOf(
      db,
      [
        { entity: "building", ids: [id] },
        { entity: "floor", ids: floors.map((floor) => floor.id) },
        { entity: "room", ids: roomIds },
      ],
      HISTORY_LIMIT,
    ),
  ]);
  const roomsByFloor = new Map<number, StackRoom[]>();
  for (const { floor_id, ...room } of rooms.rows) {
    const list = roomsByFloor.get(floor_id) ?? [];
    list.push({ ...room, occupants: occupants.get(room.id) ?? [] });
    roomsByFloor.set(floor_id, list);
  }
  return {
    building,
    floors: floors.map((floor) => ({ ...floor, rooms: roomsByFloor.get(floor.id) ?? [] })),
    certificates: certificates.rows,
    leasesOut: leasesOut.rows,
    history,
  };
}

async function buildingRecord(db: Kysely<Database>, id: number, scope: ReadScope) {
  const { rows } = await sql<BuildingDetail["building"]>`
    select b.id, b.name, b.address, b.region_code, g.name as region_name, b.site_id, b.property_class,
      b.floors_above, b.floors_below, b.gross_area, t.usable_area, t.idle_area, b.built_year, b.structure,
      b.net_to_gross, b.condition, b.title_holder, b.title_certificate_no, b.note, b.is_demo, b.version,
      b.updated_at,
      json_build_array(round(st_x(p.point)::numeric, 7), round(st_y(p.point)::numeric, 7)) as center,
      json_build_array(st_xmin(b.footprint), st_ymin(b.footprint), st_xmax(b.footprint),
        st_ymax(b.footprint)) as bbox,
      st_asgeojson(b.footprint, 7)::json as footprint
    from buildings b
    join regions g on g.code = b.region_code
    cross join lateral (select st_pointonsurface(b.footprint) as point) p
    left join lateral (
      select coalesce(sum(usable_area), 0) as usable_area,
        coalesce(sum(usable_area) filter (where status = 'idle'), 0) as idle_area
      from rooms where building_id = b.id) t on true
    where b.id = ${id} and ${buildingScope(scope)}`.execute(db);
  return rows[0];
}

/** The people in each room, leaders first, then by rank and name. */
export async function occupantsOf(
  db: Kysely<Database>,
  roomIds: readonly number[],
): Promise<Map<number, Occupant[]>> {
  const byRoom = new Map<number, Occupant[]>();
  if (roomIds.length === 0) return byRoom;
  const { rows } = await sql<Occupant & { room_id: number }>`
    select o.room_id, p.id as person_id, p.name, p.rank_code, k.name_zh as rank_name_zh,
      k.name_en as rank_name_en, p.is_leader
    from room_occupants o join people p on p.id = o.person_id join ranks k on k.code = p.rank_code
    where o.room_id = any(${sql.val([...roomIds])}::int[])
    order by p.is_leader desc, k.sort_order, p.name, p.id`.execute(db);
  for (const { room_id, ...occupant } of rows) {
    const list = byRoom.get(room_id) ?? [];
    list.push(occupant);
    byRoom.set(room_id, list);
  }
  return byRoom;
}
