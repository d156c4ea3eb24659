import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Database } from "../schema.js";
import { inRegion, unitOwnedScope } from "../scope.js";

export interface FindingFilter {
  status?: string | undefined;
  unitId?: number | undefined;
  region?: string | undefined;
  overdue?: boolean | undefined;
  today: string;
  limit: number;
  offset: number;
}

const findingColumns = [
  "f.id",
  "f.region_code",
  "f.source",
  "f.inspection_id",
  "f.unit_id",
  "u.name as unit_name",
  "f.building_id",
  "f.room_id",
  "f.person_id",
  "f.rule",
  "f.severity",
  "f.description",
  "f.deadline",
  "f.status",
  "f.referred_on",
  "f.rectification_plan",
  "f.evidence",
  "f.created_at",
  "f.updated_at",
  "f.is_demo",
  "f.version",
] as const;

/** Overdue: a deadline passed (before `today`) and the finding not closed. */
function overdue(today: string) {
  return sql<boolean>`(f.deadline is not null and f.deadline < ${today}::date and f.status <> 'closed')`;
}

function findingsQuery(db: Kysely<Database>, scope: ReadScope, today: string) {
  return db
    .selectFrom("findings as f")
    .innerJoin("units as u", "u.id", "f.unit_id")
    .where(() => unitOwnedScope(scope, "f"))
    .select(findingColumns)
    .select(overdue(today).as("overdue"));
}

/** The readable findings matching `filter`, newest first, with their total. */
export async function listFindings(db: Kysely<Database>, scope: ReadScope, filter: FindingFilter) {
  let query = findingsQuery(db, scope, filter.today);
  if (filter.status) query = query.where("f.status", "=", filter.status);
  if (filter.unitId !== undefined) query = query.where("f.unit_id", "=", filter.unitId);
  if (filter.region) query = query.where(() => inRegion(sql.ref("f.region_code"), filter.region as string));
  if (filter.overdue !== undefined) query = query.where(overdue(filter.today), "=", filter.overdue);
  const [rows, count] = await Promise.all([
    query.orderBy("f.id", "desc").limit(filter.limit).offset(filter.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { findings: rows, total: Number(count.n) };
}

/** One readable finding, or undefined (unknown or out of scope). */
export function findingById(db: Kysely<Database>, scope: ReadScope, id: number, today: string) {
  return findingsQuery(db, scope, today).where("f.id", "=", id).executeTakeFirst();
}
