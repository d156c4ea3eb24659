import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import { findingStatuses } from "../../domain/findings/finding-status.js";
import type { Database } from "../schema.js";
import { inRegion, unitOwnedScope } from "../scope.js";

/** The age buckets of the finding ledger's `age` filter: days since the finding was raised. */
export const findingAgeBuckets = ["0-30", "31-90", "91-"] as const;
export type FindingAgeBucket = (typeof findingAgeBuckets)[number];

/**
 * Overdue as the finding ledger defines it (`overdue=1`): a deadline before `today` and the finding
 * still the unit's to act on (not verified, closed or referred). `today` null reads the database's date.
 */
export function findingOverdue(alias: string, today: string | null): RawBuilder<boolean> {
  const day = today === null ? sql`current_date` : sql`${today}::date`;
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${column("deadline")} is not null and ${column("deadline")} < ${day}
    and ${column("status")} not in ('verified', 'closed', 'referred'))`;
}

/** Days since a finding was raised: its `raised_on` day (a calendar day in China), as the ledger's `age` counts. */
export function findingAgeDays(alias: string, today: string): RawBuilder<number> {
  return sql<number>`greatest(${today}::date - ${sql.ref(`${alias}.raised_on`)}, 0)`;
}

/** The age bucket of a finding as SQL text ('0-30', '31-90' or '91-'). */
export function findingAgeBucket(alias: string, today: string): RawBuilder<FindingAgeBucket> {
  const days = findingAgeDays(alias, today);
  return sql<FindingAgeBucket>`(case when ${days} <= 30 then '0-30' when ${days} <= 90 then '31-90' else '91-' end)`;
}

export interface FindingBreakdown {
  /** Every status × age bucket, zeros included, in the ledger's order. */
  cells: Array<{ status: (typeof findingStatuses)[number]; age: FindingAgeBucket; count: number }>;
  /** Findings past their deadline, still the unit's to act on. */
  overdue: number;
}

/**
 * The readable findings of `code`'s subtree counted by status and age bucket (as of `today`); with
 * `unitId`, that unit's findings wherever they were raised.
 */
export async function findingBreakdown(
  db: Kysely<Database>,
  code: string,
  scope: ReadScope,
  today: string,
  unitId?: number,
): Promise<FindingBreakdown> {
  const { rows } = await sql<{ status: string; age: string; n: string | number; overdue: string | number }>`
    select f.status, ${findingAgeBucket("f", today)} as age, count(*) as n,
      sum(case when ${findingOverdue("f", today)} then 1 else 0 end) as overdue
    from findings f
    where ${unitId === undefined ? inRegion(sql.ref("f.region_code"), code) : sql`f.unit_id = ${unitId}`}
      and ${unitOwnedScope(scope, "f")}
    group by 1, 2`.execute(db);
  const counts = new Map(rows.map((row) => [`${row.status}|${row.age}`, Number(row.n)]));
  return {
    cells: findingStatuses.flatMap((status) =>
      findingAgeBuckets.map((age) => ({ status, age, count: counts.get(`${status}|${age}`) ?? 0 })),
    ),
    overdue: rows.reduce((sum, row) => sum + Number(row.overdue), 0),
  };
}
