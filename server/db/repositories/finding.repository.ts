import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import { type AgeBucket, ageRangeOf, DUE_SOON_DAYS } from "../../domain/findings/finding-deadline.js";
import { type FindingStatus, findingStatuses } from "../../domain/findings/finding-status.js";
import type { Database } from "../schema.js";
import { inRegion, unitOwnedScope } from "../scope.js";
import { appendAudit } from "./audit.repository.js";

/** How a list is ordered: newest first (the default), by deadline or by age, either way round. */
export const findingSorts = ["newest", "deadline", "-deadline", "age", "-age"] as const;
export type FindingSort = (typeof findingSorts)[number];

export interface FindingFilter {
  /** A status, or `active` (open and rectifying). */
  status?: string | undefined;
  unitId?: number | undefined;
  region?: string | undefined;
  overdue?: boolean | undefined;
  /** Deadline within the next 7 days, not overdue, still running. */
  dueSoon?: boolean | undefined;
  severity?: string | undefined;
  source?: string | undefined;
  inspectionId?: number | undefined;
  age?: AgeBucket | undefined;
  sort?: FindingSort | undefined;
  /** 'YYYY-MM-DD': the day overdue and age are judged at. */
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
  "f.returned_reason",
  "f.raised_on",
  "f.subject_key",
  "f.created_at",
  "f.updated_at",
  "f.is_demo",
  "f.version",
] as const;

// The SQL twins of finding-deadline.ts (deadlineStateOf, ageOf): a deadline runs while open or
// rectifying; the deadline day itself is still in time.
const running = sql<boolean>`f.status in ('open', 'rectifying')`;

/** Overdue on `today`: a deadline passed and the unit still to act (not verified, closed or referred). */
function overdue(today: string) {
  return sql<boolean>`(f.deadline is not null and f.deadline < ${today}::date and ${running})`;
}

/** Due within the next DUE_SOON_DAYS days (today included), still running. */
function dueSoon(today: string) {
  return sql<boolean>`(f.deadline is not null and f.deadline >= ${today}::date
    and f.deadline <= ${today}::date + ${DUE_SOON_DAYS}::int and ${running})`;
}

/** Whole days since raised (0 on the day). */
function ageDays(today: string) {
  return sql<number>`greatest(${today}::date - f.raised_on, 0)`;
}

function findingsQuery(db: Kysely<Database>, scope: ReadScope, today: string) {
  return db
    .selectFrom("findings as f")
    .innerJoin("units as u", "u.id", "f.unit_id")
    .where(() => unitOwnedScope(scope, "f"))
    .select(findingColumns)
    .select([
      overdue(today).as("overdue"),
      dueSoon(today).as("due_soon"),
      ageDays(today).as("age_days"),
      sql<number>`(select count(*)::int from finding_attachments a where a.finding_id = f.id)`.as(
        "attachments",
      ),
    ]);
}

type FindingsQuery = ReturnType<typeof findingsQuery>;

/** The filter's conditions except the status (the status chips count over the rest). */
function whereFilter(query: FindingsQuery, filter: FindingFilter): FindingsQuery {
  let q = query;
  if (filter.unitId !== undefined) q = q.where("f.unit_id", "=", filter.unitId);
  if (filter.region) q = q.where(() => inRegion(sql.ref("f.region_code"), filter.region as string));
  if (filter.overdue !== undefined) q = q.where(overdue(filter.today), "=", filter.overdue);
  if (filter.dueSoon !== undefined) q = q.where(dueSoon(filter.today), "=", filter.dueSoon);
  if (filter.severity) q = q.where("f.severity", "=", filter.severity as "low" | "medium" | "high");
  if (filter.source) q = q.where("f.source", "=", filter.source as "rule_check" | "inspection");
  if (filter.inspectionId !== undefined) q = q.where("f.inspection_id", "=", filter.inspectionId);
  if (filter.age) {
    const { min, max } = ageRangeOf(filter.age);
    q = q.where(ageDays(filter.today), ">=", min);
    if (max !== null) q = q.where(ageDays(filter.today), "<=", max);
  }
  return q;
}

function whereStatus(query: FindingsQuery, status: string | undefined): FindingsQuery {
  if (!status) return query;
  if (status === "active") return query.where("f.status", "in", ["open", "rectifying"]);
  // Not closed: what the dashboard's open-findings figure counts (referred ones included).
  if (status === "unclosed") return query.where("f.status", "<>", "closed");
  return query.where("f.status", "=", status);
}

function ordered(query: FindingsQuery, sort: FindingSort = "newest"): FindingsQuery {
  switch (sort) {
    case "newest":
      return query.orderBy("f.id", "desc");
    case "deadline":
      return query.orderBy(sql`f.deadline asc nulls last`).orderBy("f.id");
    case "-deadline":
      return query.orderBy(sql`f.deadline desc nulls last`).orderBy("f.id");
    // Oldest first: the longest-standing findings lead.
    case "age":
      return query.orderBy("f.raised_on", "asc").orderBy("f.id");
    case "-age":
      return query.orderBy("f.raised_on", "desc").orderBy("f.id", "desc");
  }
}

/**
 * The readable findings matching `filter` (newest first unless sorted), with their total and the
 * count per status under the other filters (the status chips).
 */
export async function listFindings(db: Kysely<Database>, scope: ReadScope, filter: FindingFilter) {
  const base = whereFilter(findingsQuery(db, scope, filter.today), filter);
  const query = whereStatus(base, filter.status);
  const [rows, counted] = await Promise.all([
    ordered(query, filter.sort).limit(filter.limit).offset(filter.offset).execute(),
    base
      .clearSelect()
      .select(["f.status", (eb) => eb.fn.countAll<string>().as("n")])
      .groupBy("f.status")
      .execute(),
  ]);
  const counts = Object.fromEntries(findingStatuses.map((status) => [status, 0])) as Record<
    FindingStatus,
    number
  >;
  for (const row of counted) counts[row.status as FindingStatus] = Number(row.n);
  const total =
    filter.status === "active"
      ? counts.open + counts.rectifying
      : filter.status === "unclosed"
        ? counts.open + counts.rectifying + counts.verified + counts.referred
        : filter.status
        ? (counts[filter.status as FindingStatus] ?? 0)
        : Object.values(counts).reduce((sum, n) => sum + n, 0);
  return { findings: rows, total, counts };
}

/** One readable finding, or undefined (unknown or out of scope). */
export function findingById(db: Kysely<Database>, scope: ReadScope, id: number, today: string) {
  return findingsQuery(db, scope, today).where("f.id", "=", id).executeTakeFirst();
}

/**
 * The overdue alert of a reader (their scope, optionally one region): findings past their deadline
 * and those due within 7 days, still waiting for the unit; how many are open (not yet answered) and
 * how many were sent back; the list, most urgent first (at most `limit`).
 */
export async function findingAlerts(
  db: Kysely<Database>,
  scope: ReadScope,
  options: { today: string; region?: string | undefined; limit: number },
) {
  let base = findingsQuery(db, scope, options.today);
  if (options.region) base = base.where(() => inRegion(sql.ref("f.region_code"), options.region as string));
  const [counts, items] = await Promise.all([
    base
      .clearSelect()
      .select([
        sql<string>`count(*) filter (where ${overdue(options.today)})`.as("overdue"),
        sql<string>`count(*) filter (where ${dueSoon(options.today)})`.as("due_soon"),
        sql<string>`count(*) filter (where f.status = 'open')`.as("open"),
        sql<string>`count(*) filter (where f.status = 'rectifying' and f.returned_reason is not null)`.as(
          "returned",
        ),
      ])
      .executeTakeFirstOrThrow(),
    base
      .where((eb) => eb.or([eb(overdue(options.today), "=", true), eb(dueSoon(options.today), "=", true)]))
      .orderBy(sql`f.deadline asc`)
      .orderBy("f.id")
      .limit(options.limit)
      .execute(),
  ]);
  return {
    today: options.today,
    overdue: Number(counts.overdue),
    dueSoon: Number(counts.due_soon),
    open: Number(counts.open),
    returned: Number(counts.returned),
    findings: items,
  };
}

/** A new finding, as an inspection (helper code) or the API raises it. */
export interface NewFinding {
  readonly regionCode: string;
  readonly source: "rule_check" | "inspection";
  readonly inspectionId?: number | null;
  readonly unitId: number;
  readonly buildingId?: number | null;
  readonly roomId?: number | null;
  readonly personId?: number | null;
  readonly rule: string;
  readonly severity: "low" | "medium" | "high";
  readonly description: string;
  readonly deadline?: string | null;
  /** 'YYYY-MM-DD'; today (the database's date) when omitted. */
  readonly raisedOn?: string;
  readonly subjectKey?: string | null;
  readonly isDemo?: boolean;
}

/** The audit entry of a new finding: what it was raised as. */
function createdEntry(finding: NewFinding, raisedOn: string) {
  return {
    source: finding.source,
    ...(finding.inspectionId != null && { inspectionId: finding.inspectionId }),
    unitId: finding.unitId,
    ...(finding.buildingId != null && { buildingId: finding.buildingId }),
    ...(finding.roomId != null && { roomId: finding.roomId }),
    ...(finding.personId != null && { personId: finding.personId }),
    rule: finding.rule,
    severity: finding.severity,
    description: finding.description,
    deadline: finding.deadline ?? null,
    raisedOn,
    status: "open",
  };
}

function findingRow(finding: NewFinding) {
  return {
    region_code: finding.regionCode,
    source: finding.source,
    inspection_id: finding.inspectionId ?? null,
    unit_id: finding.unitId,
    building_id: finding.buildingId ?? null,
    room_id: finding.roomId ?? null,
    person_id: finding.personId ?? null,
    rule: finding.rule,
    severity: finding.severity,
    description: finding.description,
    deadline: finding.deadline ?? null,
    subject_key: finding.subjectKey ?? null,
    ...(finding.raisedOn !== undefined && { raised_on: finding.raisedOn }),
    ...(finding.isDemo !== undefined && { is_demo: finding.isDemo }),
  };
}

/**
 * Inserts a finding (status open) and its audit entry ('create', entity 'finding'); returns its id.
 * Call it inside the transaction of the write that raises it. References are the caller's to check.
 */
export async function createFinding(
  db: Kysely<Database>,
  finding: NewFinding,
  userId: number | null,
): Promise<number> {
  const row = await db
    .insertInto("findings")
    .values(findingRow(finding))
    .returning(["id", "raised_on"])
    .executeTakeFirstOrThrow();
  await appendAudit(db, {
    userId,
    regionCode: finding.regionCode,
    action: "create",
    entity: "finding",
    entityId: row.id,
    after: createdEntry(finding, row.raised_on),
  });
  return row.id;
}

/** Rows per INSERT when raising many findings at once (well under PostgreSQL's parameter limit). */
const CHUNK = 500;

/**
 * Inserts many findings with one audit entry each, as {@link createFinding} writes them, a few
 * statements in all (raising a province's rule-check violations: a thousand findings); returns the ids
 * in the order given. Call it inside the write's transaction.
 */
export async function createFindings(
  db: Kysely<Database>,
  findings: readonly NewFinding[],
  userId: number | null,
): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < findings.length; start += CHUNK) {
    const chunk = findings.slice(start, start + CHUNK);
    const rows = await db
      .insertInto("findings")
      .values(chunk.map(findingRow))
      .returning(["id", "raised_on"])
      .execute();
    // INSERT … RETURNING answers in the order of the VALUES list.
    await db
      .insertInto("audit_log")
      .values(
        chunk.map((finding, index) => {
          const row = rows[index] as { id: number; raised_on: string };
          return {
            user_id: userId,
            region_code: finding.regionCode,
            action: "create",
            entity: "finding",
            entity_id: String(row.id),
            before: null,
            after: JSON.stringify(createdEntry(finding, row.raised_on)),
          };
        }),
      )
      .execute();
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

/** Of `keys`, the subject keys that a finding not yet closed already records. */
export async function pendingSubjectKeys(
  db: Kysely<Database>,
  keys: readonly string[],
): Promise<ReadonlySet<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom("findings")
    .select("subject_key")
    .where("subject_key", "in", [...keys])
    .where("status", "<>", "closed")
    .execute();
  return new Set(rows.map((row) => row.subject_key as string));
}

/** Evidence files of a finding (without their content), oldest first. */
export function findingAttachments(db: Kysely<Database>, findingId: number) {
  return db
    .selectFrom("finding_attachments as a")
    .leftJoin("users as u", "u.id", "a.uploaded_by")
    .select(["a.id", "a.file_name", "a.media_type", "a.size_bytes", "a.created_at", "u.username"])
    .where("a.finding_id", "=", findingId)
    .orderBy("a.id")
    .execute();
}

/**
 * The full history of a finding, oldest first: its own audit entries and those of its evidence files
 * (entity 'finding_attachment', whose entry names the finding), with who wrote each.
 */
export function findingHistory(db: Kysely<Database>, findingId: number) {
  const attachmentOf: RawBuilder<boolean> = sql<boolean>`(a.entity = 'finding_attachment'
    and a.after ->> 'findingId' = ${String(findingId)})`;
  return db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.user_id")
    .select(["a.id", "a.at", "a.action", "a.entity", "a.entity_id", "a.before", "a.after", "u.username"])
    .select("u.display_name")
    .where((eb) =>
      eb.or([
        eb.and([eb("a.entity", "=", "finding"), eb("a.entity_id", "=", String(findingId))]),
        eb(attachmentOf, "=", true),
      ]),
    )
    .orderBy("a.id")
    .execute();
}
