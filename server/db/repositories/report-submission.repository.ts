import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.js";

export interface SubmissionSummary {
  readonly id: number;
  readonly regionCode: string;
  readonly year: number;
  readonly revision: number;
  readonly submittedTo: string | null;
  readonly asOf: string;
  readonly note: string | null;
  readonly totals: unknown;
  readonly packageBytes: number;
  readonly packageSha256: string;
  readonly submittedAt: Date;
  readonly submittedBy: { readonly username: string; readonly displayName: string };
  readonly packageUrl: string;
}

interface SubmissionRow {
  id: number;
  region_code: string;
  year: number;
  revision: number;
  submitted_to: string | null;
  as_of: string;
  note: string | null;
  totals: unknown;
  package_bytes: number;
  package_sha256: string;
  submitted_at: Date;
  username: string;
  display_name: string;
}

function summaryOf(row: SubmissionRow): SubmissionSummary {
  return {
    id: row.id,
    regionCode: row.region_code,
    year: row.year,
    revision: row.revision,
    submittedTo: row.submitted_to,
    asOf: row.as_of,
    note: row.note,
    totals: row.totals,
    packageBytes: row.package_bytes,
    packageSha256: row.package_sha256,
    submittedAt: row.submitted_at,
    submittedBy: { username: row.username, displayName: row.display_name },
    packageUrl: `/api/reports/annual/submissions/${row.id}/package.zip`,
  };
}

const summaryColumns = sql`s.id, s.region_code, s.year, s.revision, s.submitted_to, s.as_of, s.note, s.totals,
  s.package_bytes, s.package_sha256, s.submitted_at, u.username, u.display_name`;

/** The latest revision of each region's submission for a year among `codes`. */
export async function latestSubmissions(
  db: Kysely<Database>,
  codes: readonly string[],
  year: number,
): Promise<Map<string, SubmissionSummary & { revisions: number }>> {
  if (codes.length === 0) return new Map();
  const { rows } = await sql<SubmissionRow>`
    select distinct on (s.region_code) ${summaryColumns}
    from annual_report_submissions s join users u on u.id = s.submitted_by
    where s.year = ${year} and s.region_code = any(${sql.val([...codes])}::text[])
    order by s.region_code, s.revision desc`.execute(db);
  return new Map(rows.map((row) => [row.region_code, { ...summaryOf(row), revisions: row.revision }]));
}

/** Inserts a submission as the next revision of (region, year); the unique key refuses a concurrent twin. */
export async function insertSubmission(
  db: Kysely<Database>,
  values: {
    regionCode: string;
    year: number;
    submittedTo: string | null;
    asOf: string;
    note: string | null;
    totals: unknown;
    bytes: Uint8Array;
    sha256: string;
    userId: number;
  },
): Promise<SubmissionSummary> {
  const { rows } = await sql<{ id: number }>`
    insert into annual_report_submissions (region_code, year, revision, submitted_to, as_of, note, totals,
      package, package_bytes, package_sha256, submitted_by)
    select ${values.regionCode}::text, ${values.year}::int, coalesce(max(revision), 0) + 1,
      ${values.submittedTo}::text, ${values.asOf}::date, ${values.note}::text,
      ${JSON.stringify(values.totals)}::jsonb, ${values.bytes}::bytea, ${values.bytes.byteLength}::int,
      ${values.sha256}::text, ${values.userId}::int
    from annual_report_submissions where region_code = ${values.regionCode} and year = ${values.year}
    returning id`.execute(db);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error("insert returned no id");
  const summary = await submissionById(db, id);
  if (!summary) throw new Error(`submission ${id} vanished`);
  return summary;
}

export async function submissionById(
  db: Kysely<Database>,
  id: number,
): Promise<SubmissionSummary | undefined> {
  const { rows } = await sql<SubmissionRow>`
    select ${summaryColumns} from annual_report_submissions s join users u on u.id = s.submitted_by
    where s.id = ${id}`.execute(db);
  return rows[0] ? summaryOf(rows[0]) : undefined;
}

export async function submissionPackage(
  db: Kysely<Database>,
  id: number,
): Promise<{ regionCode: string; year: number; revision: number; bytes: Uint8Array } | undefined> {
  const row = await db
    .selectFrom("annual_report_submissions")
    .select(["region_code", "year", "revision", "package"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row
    ? { regionCode: row.region_code, year: row.year, revision: row.revision, bytes: row.package }
    : undefined;
}
