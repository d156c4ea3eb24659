import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Department, Participant } from "../../domain/maintenance/repair-workflow.js";
import type { Database } from "../schema.js";
import { inRegion, unitOwnedScope } from "../scope.js";

export interface RepairFilter {
  status?: string | undefined;
  kind?: string | undefined;
  unitId?: number | undefined;
  region?: string | undefined;
  overdue?: boolean | undefined;
  violation?: boolean | undefined;
  today: string;
  limit: number;
  offset: number;
}

/** Overdue: the planned completion date passed (before `today`) and the request not finished. */
function overdue(today: string) {
  return sql<boolean>`(r.due_on is not null and r.due_on < ${today}::date
    and r.status not in ('accepted', 'done', 'rejected'))`;
}

function repairsQuery(db: Kysely<Database>, scope: ReadScope, today: string) {
  return db
    .selectFrom("repair_requests as r")
    .innerJoin("units as u", "u.id", "r.unit_id")
    .innerJoin("buildings as b", "b.id", "r.building_id")
    .leftJoin("users as approver", "approver.id", "r.approved_by")
    .leftJoin("users as acceptor", "acceptor.id", "r.accepted_by")
    .leftJoin("users as filer", "filer.id", "r.requested_by")
    .where(() => unitOwnedScope(scope, "r"))
    .select([
      "r.id",
      "r.region_code",
      "r.unit_id",
      "u.name as unit_name",
      "r.building_id",
      "b.name as building_name",
      "r.room_ids",
      "r.kind",
      "r.title",
      "r.description",
      "r.estimated_cost",
      "r.due_on",
      "r.status",
      "r.unapproved",
      "filer.username as requested_by",
      "r.decision_note",
      "approver.username as approved_by",
      "r.decided_at",
      "r.contractor",
      "r.contract_price",
      "r.tendered_on",
      "r.started_on",
      "r.completed_on",
      "r.actual_cost",
      "r.acceptance_note",
      "acceptor.username as accepted_by",
      "r.accepted_at",
      "r.refusal_count",
      "r.finding_id",
      "r.created_at",
      "r.updated_at",
      "r.is_demo",
      "r.version",
    ])
    .select(overdue(today).as("overdue"))
    .select(
      sql<string[]>`coalesce((select array_agg(rm.number order by rm.number) from rooms rm
        where rm.id = any(r.room_ids)), '{}')`.as("room_numbers"),
    );
}

/** The readable repair requests matching `filter`, newest first, with their total. */
export async function listRepairs(db: Kysely<Database>, scope: ReadScope, filter: RepairFilter) {
  let query = repairsQuery(db, scope, filter.today);
  if (filter.status) query = query.where("r.status", "=", filter.status);
  if (filter.kind) query = query.where("r.kind", "=", filter.kind as "routine" | "major");
  if (filter.unitId !== undefined) query = query.where("r.unit_id", "=", filter.unitId);
  if (filter.region) query = query.where(() => inRegion(sql.ref("r.region_code"), filter.region as string));
  if (filter.overdue !== undefined) query = query.where(overdue(filter.today), "=", filter.overdue);
  if (filter.violation !== undefined) query = query.where("r.unapproved", "=", filter.violation);
  const [rows, count] = await Promise.all([
    query.orderBy("r.id", "desc").limit(filter.limit).offset(filter.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { repairs: rows, total: Number(count.n) };
}

export type RepairRow = NonNullable<Awaited<ReturnType<typeof repairById>>>;

/** One readable repair request, or undefined (unknown or out of scope). */
export function repairById(db: Kysely<Database>, scope: ReadScope, id: number, today: string) {
  return repairsQuery(db, scope, today).where("r.id", "=", id).executeTakeFirst();
}

/** The ids of the users who approved and accepted the request (the usernames are what lists show). */
export function repairActors(db: Kysely<Database>, id: number) {
  return db
    .selectFrom("repair_requests")
    .select(["approved_by", "accepted_by"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

/** Who acted on the request so far, and on which side: read from its audit history. */
export async function repairParticipants(db: Kysely<Database>, id: number): Promise<Participant[]> {
  const rows = await db
    .selectFrom("audit_log")
    .select(["user_id", sql<string | null>`after ->> 'department'`.as("department")])
    .where("entity", "=", "repair_request")
    .where("entity_id", "=", String(id))
    .where("user_id", "is not", null)
    .distinct()
    .execute();
  return rows.flatMap((row) =>
    row.user_id !== null && isDepartment(row.department)
      ? [{ userId: row.user_id, department: row.department }]
      : [],
  );
}

const isDepartment = (value: string | null): value is Department =>
  value === "approval" || value === "works" || value === "unit";

/** The attachments of a request, without their content. */
export function repairAttachments(db: Kysely<Database>, id: number) {
  return db
    .selectFrom("repair_attachments as a")
    .leftJoin("users as u", "u.id", "a.uploaded_by")
    .select([
      "a.id",
      "a.file_name",
      "a.media_type",
      "a.size_bytes",
      "a.created_at",
      "u.username as uploaded_by",
    ])
    .where("a.repair_id", "=", id)
    .orderBy("a.id")
    .execute();
}

/** The buildings where a unit occupies rooms, with those rooms: what it may file repairs for. */
export async function unitRepairPlaces(db: Kysely<Database>, unitId: number) {
  const rows = await db
    .selectFrom("rooms as rm")
    .innerJoin("buildings as b", "b.id", "rm.building_id")
    .innerJoin("floors as f", "f.id", "rm.floor_id")
    .select(["b.id as building_id", "b.name as building_name", "rm.id as room_id", "rm.number", "f.level"])
    .where("rm.occupant_unit_id", "=", unitId)
    .orderBy("b.name")
    .orderBy("f.level")
    .orderBy("rm.number")
    .execute();
  const buildings = new Map<
    number,
    { id: number; name: string; rooms: Array<{ id: number; number: string; floor: number }> }
  >();
  for (const row of rows) {
    const building = buildings.get(row.building_id) ?? {
      id: row.building_id,
      name: row.building_name,
      rooms: [],
    };
    building.rooms.push({ id: row.room_id, number: row.number, floor: row.level });
    buildings.set(row.building_id, building);
  }
  return [...buildings.values()];
}
