import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { RoomStatus, UseCategory } from "../../domain/demo/dataset.js";
import { isBureauLevelOrAbove } from "../../domain/inspections/inspection-plans.js";
import type { ChecklistRoom, RoomObservation } from "../../domain/inspections/proposals.js";
import type { Database } from "../schema.js";
import { inRegion } from "../scope.js";
import {
  effectiveLevelOf,
  provinceColumn,
  provinceParameters,
  rankLimitsRelation,
  subProvincialOf,
} from "../standards-sql.js";

/** An inspection with the names a list shows; `plan_kind` is null for inspections without a plan. */
export interface InspectionRow {
  id: number;
  plan_id: number | null;
  region_code: string;
  kind: "routine" | "spot_check" | "key_reinspection";
  unit_id: number | null;
  unit_name: string | null;
  building_id: number | null;
  building_name: string | null;
  planned_on: string;
  started_on: string | null;
  done_on: string | null;
  status: "planned" | "in_progress" | "done" | "cancelled";
  inspector_id: number | null;
  inspector_name: string | null;
  note: string | null;
  version: number;
  results: number;
  photos: number;
  findings: number;
}

/**
 * Inspections a scope reads: staff their region subtree; unit users their units' inspections, spot
 * checks only once done (unannounced, inspection-plans.ts unitMaySee).
 */
function inspectionScope(scope: ReadScope) {
  const parts = [sql`true`];
  if (scope.regionPrefix !== null) parts.push(sql`i.region_code like ${`${scope.regionPrefix}%`}`);
  if (scope.unitIds !== null)
    parts.push(
      scope.unitIds.length === 0
        ? sql`false`
        : sql`(i.unit_id = any(${sql.val([...scope.unitIds])}::int[]) and (i.kind <> 'spot_check' or i.status = 'done'))`,
    );
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

const inspectionSelect = sql`
  select i.id, i.plan_id, i.region_code, i.kind, i.unit_id, u.name as unit_name, i.building_id,
    b.name as building_name, i.planned_on::text as planned_on, i.started_on::text as started_on,
    i.done_on::text as done_on, i.status, i.inspector_id, coalesce(us.display_name, us.username) as inspector_name,
    i.note, i.version,
    (select count(distinct f.room_id)::int from field_check_results f where f.inspection_id = i.id) as results,
    (select count(*)::int from inspection_photos p where p.inspection_id = i.id) as photos,
    (select count(*)::int from findings x where x.inspection_id = i.id) as findings
  from inspections i
  left join units u on u.id = i.unit_id
  left join buildings b on b.id = i.building_id
  left join users us on us.id = i.inspector_id`;

/** One readable inspection, or undefined (unknown, out of scope, or an unannounced spot check). */
export async function inspectionById(
  db: Kysely<Database>,
  scope: ReadScope,
  id: number,
): Promise<InspectionRow | undefined> {
  const { rows } = await sql<InspectionRow>`${inspectionSelect}
    where i.id = ${id} and ${inspectionScope(scope)}`.execute(db);
  return rows[0];
}

export interface InspectionFilter {
  readonly planIds?: readonly number[];
  readonly region?: string;
  readonly unitId?: number;
  readonly status?: string;
}

/** Readable inspections, by planned date. */
export async function listInspections(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: InspectionFilter,
): Promise<InspectionRow[]> {
  const conditions = [inspectionScope(scope)];
  if (filter.planIds) conditions.push(sql`i.plan_id = any(${sql.val([...filter.planIds])}::int[])`);
  if (filter.region) conditions.push(inRegion(sql.ref("i.region_code"), filter.region));
  if (filter.unitId !== undefined) conditions.push(sql`i.unit_id = ${filter.unitId}`);
  if (filter.status) conditions.push(sql`i.status = ${filter.status}`);
  const { rows } = await sql<InspectionRow>`${inspectionSelect}
    where ${sql.join(conditions, sql` and `)}
    order by i.planned_on, i.id
    limit 2000`.execute(db);
  return rows;
}

export interface PlanRow {
  id: number;
  region_code: string;
  region_name: string;
  year: number;
  kind: "routine" | "spot_check" | "key_reinspection";
  round: number | null;
  title: string;
  starts_on: string;
  ends_on: string;
  status: "active" | "cancelled";
  note: string | null;
  created_by: number | null;
  version: number;
  is_demo: boolean;
}

const planSelect = sql`
  select p.id, p.region_code, g.name as region_name, p.year, p.kind, p.round, p.title,
    p.starts_on::text as starts_on, p.ends_on::text as ends_on, p.status, p.note, p.created_by,
    p.version, p.is_demo
  from inspection_plans p join regions g on g.code = p.region_code`;

/** Plans of the levels a staff scope reads (a level's plans are its administration's records). */
export async function listPlans(
  db: Kysely<Database>,
  regionPrefix: string | null,
  filter: { region?: string | undefined; year?: number | undefined },
): Promise<PlanRow[]> {
  const conditions = [sql`true`];
  if (regionPrefix !== null) conditions.push(sql`p.region_code like ${`${regionPrefix}%`}`);
  if (filter.region) conditions.push(sql`p.region_code = ${filter.region}`);
  if (filter.year !== undefined) conditions.push(sql`p.year = ${filter.year}`);
  const { rows } = await sql<PlanRow>`${planSelect}
    where ${sql.join(conditions, sql` and `)}
    order by p.year desc, p.region_code, p.kind = 'routine' desc, p.round nulls last, p.starts_on, p.id`.execute(
    db,
  );
  return rows;
}

export async function planById(db: Kysely<Database>, id: number): Promise<PlanRow | undefined> {
  const { rows } = await sql<PlanRow>`${planSelect} where p.id = ${id}`.execute(db);
  return rows[0];
}

interface RoomRow {
  room_id: number;
  building_id: number;
  building_name: string;
  floor_name: string;
  number: string;
  use_category: UseCategory;
  usable_area: number;
  status: RoomStatus;
  occupant_unit_id: number | null;
  occupant_unit_name: string | null;
}

interface OccupantRow {
  room_id: number;
  person_id: number;
  name: string;
  rank_code: string;
  rank_name: string | null;
  limit_m2: number | null;
}

/**
 * The ledger's rooms an inspection covers: the unit's rooms (in its building, when one is named), or
 * every room of the building; for a key re-inspection only the offices seating someone at 厅局级 or
 * above. Each with its occupants and their office limits from the standards engine (standards-sql.ts).
 */
export async function checklistRooms(
  db: Kysely<Database>,
  inspection: { unit_id: number | null; building_id: number | null; kind: string; region_code: string },
): Promise<ChecklistRoom[]> {
  const conditions = [sql`r.status not in ('converted', 'commercial')`];
  if (inspection.unit_id !== null) conditions.push(sql`r.occupant_unit_id = ${inspection.unit_id}`);
  if (inspection.building_id !== null) conditions.push(sql`r.building_id = ${inspection.building_id}`);
  if (inspection.unit_id === null && inspection.building_id === null) return [];
  const { rows } = await sql<RoomRow>`
    select r.id as room_id, r.building_id, b.name as building_name, f.name as floor_name, r.number,
      r.use_category, r.usable_area, r.status, r.occupant_unit_id, u.name as occupant_unit_name
    from rooms r
    join buildings b on b.id = r.building_id
    join floors f on f.id = r.floor_id
    left join units u on u.id = r.occupant_unit_id
    where ${sql.join(conditions, sql` and `)}
    order by b.id, f.level, r.number, r.id`.execute(db);
  if (rows.length === 0) return [];
  const sets = await provinceParameters(db, inspection.region_code);
  const { rows: occupantRows } = await sql<OccupantRow>`
    select o.room_id, p.id as person_id, p.name, p.rank_code, k.name_zh as rank_name, l.limit_m2
    from room_occupants o
    join people p on p.id = o.person_id
    join units pu on pu.id = p.unit_id
    left join ranks k on k.code = p.rank_code
    cross join lateral (select ${provinceColumn(sql.ref("pu.region_code"))} as province,
      ${effectiveLevelOf("pu")} as level) e
    left join ${rankLimitsRelation(sets)} l on l.province = e.province and l.level = e.level
      and l.sub_provincial = ${subProvincialOf(sql.ref("pu.region_code"), sql.ref("e.level"), sets)}
      and l.rank_code = p.rank_code
    where o.room_id = any(${sql.val(rows.map((row) => row.room_id))}::int[])
    order by o.room_id, p.id`.execute(db);
  const occupants = new Map<number, OccupantRow[]>();
  for (const row of occupantRows) {
    const list = occupants.get(row.room_id) ?? [];
    list.push(row);
    occupants.set(row.room_id, list);
  }
  const rooms = rows.map(
    (row): ChecklistRoom => ({
      roomId: row.room_id,
      buildingId: row.building_id,
      buildingName: row.building_name,
      floorName: row.floor_name,
      number: row.number,
      useCategory: row.use_category,
      usableArea: Number(row.usable_area),
      status: row.status,
      occupantUnitId: row.occupant_unit_id,
      occupantUnitName: row.occupant_unit_name,
      occupants: (occupants.get(row.room_id) ?? []).map((occupant) => ({
        personId: occupant.person_id,
        name: occupant.name,
        rankCode: occupant.rank_code,
        rankName: occupant.rank_name ?? occupant.rank_code,
        limit: occupant.limit_m2 === null ? null : Number(occupant.limit_m2),
      })),
    }),
  );
  if (inspection.kind !== "key_reinspection") return rooms;
  return rooms.filter(
    (room) =>
      room.useCategory === "office" &&
      room.occupants.some((occupant) => isBureauLevelOrAbove(occupant.rankCode)),
  );
}

/** The latest result of each room within one inspection (by check date, then record). */
export async function inspectionObservations(
  db: Kysely<Database>,
  inspectionId: number,
): Promise<Map<number, RoomObservation>> {
  const { rows } = await sql<{
    id: number;
    room_id: number;
    checked_on: string;
    observed_status: RoomStatus | null;
    observed_use_category: UseCategory | null;
    observed_usable_area: number | null;
    observed_occupant_unit_id: number | null;
    observed_occupant_unit_name: string | null;
    observed_occupants: string | null;
    note: string | null;
  }>`
    select distinct on (f.room_id) f.id, f.room_id, f.checked_on::text as checked_on, f.observed_status,
      f.observed_use_category, f.observed_usable_area, f.observed_occupant_unit_id,
      u.name as observed_occupant_unit_name, f.observed_occupants, f.note
    from field_check_results f left join units u on u.id = f.observed_occupant_unit_id
    where f.inspection_id = ${inspectionId}
    order by f.room_id, f.checked_on desc, f.id desc`.execute(db);
  return new Map(
    rows.map((row) => [
      row.room_id,
      {
        resultId: row.id,
        checkedOn: row.checked_on,
        observedStatus: row.observed_status,
        observedUseCategory: row.observed_use_category,
        observedUsableArea: row.observed_usable_area === null ? null : Number(row.observed_usable_area),
        observedOccupantUnitId: row.observed_occupant_unit_id,
        observedOccupantUnitName: row.observed_occupant_unit_name,
        observedOccupants: row.observed_occupants,
        note: row.note,
      },
    ]),
  );
}

/** The photos of an inspection, without their bytes. */
export function inspectionPhotos(db: Kysely<Database>, inspectionId: number) {
  return db
    .selectFrom("inspection_photos")
    .select(["id", "room_id", "file_name", "media_type", "size_bytes", "caption", "created_at"])
    .where("inspection_id", "=", inspectionId)
    .orderBy("id")
    .execute();
}

/** Keys (rule:room[:person]) of the findings already raised from an inspection. */
export async function confirmedKeys(db: Kysely<Database>, inspectionId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom("findings")
    .select(["rule", "room_id", "person_id"])
    .where("inspection_id", "=", inspectionId)
    .execute();
  return new Set(
    rows.map((row) => `${row.rule}:${row.room_id ?? ""}${row.person_id === null ? "" : `:${row.person_id}`}`),
  );
}
