import { type Kysely, sql } from "kysely";
import { regionPrefix } from "../../domain/auth/access.js";
import type { Database } from "../schema.js";
import { regionPrefixOf, unrestricted } from "../scope.js";
import { type DashboardTotals, figuresByRegion } from "./dashboard.repository.js";

const columns = sql`region_code, taken_on, gross_area, office_area, idle_area, units_over_standard,
  persons_over_standard, leases_in, annual_rent_outside, open_findings, is_demo`;

/**
 * The dashboard totals of `region` and of every region below it, one row per region (`code` plus the
 * snake_case figures), over the whole ledger: a snapshot is the administration's record, read only by
 * staff whose level covers the region. Records roll up by GB/T 2260 prefix, as the dashboard's do.
 */
function totalsOfSubtree(region: string) {
  return sql`
    select r.code, coalesce(sum(f.gross_area), 0) as gross_area, coalesce(sum(f.office_area), 0) as office_area,
      coalesce(sum(f.idle_area), 0) as idle_area, coalesce(sum(f.units_over), 0) as units_over,
      coalesce(sum(f.persons_over), 0) as persons_over, coalesce(sum(f.leases_in), 0) as leases_in,
      coalesce(sum(f.rent), 0) as rent, coalesce(sum(f.open_findings), 0) as open_findings
    from regions r left join (${figuresByRegion(region, unrestricted)}) f
      on f.region_code like ${regionPrefixOf(sql.ref("r.code"))} || '%'
    where r.code like ${`${regionPrefix(region)}%`}
    group by r.code`;
}

export interface SnapshotResult {
  takenOn: string;
  regions: number;
  /** Regions that already had a snapshot that day: their row now holds the day's latest figures. */
  replaced: number;
}

/**
 * Takes the snapshot of `takenOn` for `region` and every region below it, in one statement. Taking it
 * again the same day replaces that day's rows (one snapshot per region and day).
 */
export async function takeSnapshots(
  db: Kysely<Database>,
  region: string,
  takenOn: string,
): Promise<SnapshotResult> {
  const { rows } = await sql<{ replaced: boolean }>`
    insert into dashboard_snapshots (${columns})
    select code, ${takenOn}::date, gross_area, office_area, idle_area, units_over, persons_over, leases_in, rent,
      open_findings, false
    from (${totalsOfSubtree(region)}) t
    on conflict (region_code, taken_on) do update set gross_area = excluded.gross_area,
      office_area = excluded.office_area, idle_area = excluded.idle_area,
      units_over_standard = excluded.units_over_standard, persons_over_standard = excluded.persons_over_standard,
      leases_in = excluded.leases_in, annual_rent_outside = excluded.annual_rent_outside,
      open_findings = excluded.open_findings, taken_at = now(), is_demo = false
    returning (xmax::text <> '0') as replaced`.execute(db);
  return { takenOn, regions: rows.length, replaced: rows.filter((row) => row.replaced).length };
}

/** Months of demo history before the demo ledger's own state, oldest first, with the idle area then. */
const demoHistory = [
  { takenOn: "2026-05-01", idleFactor: 1.3, overFactor: 1.45 },
  { takenOn: "2026-06-01", idleFactor: 1.24, overFactor: 1.36 },
  { takenOn: "2026-07-01", idleFactor: 1.18, overFactor: 1.27 },
  { takenOn: "2026-08-01", idleFactor: 1.12, overFactor: 1.18 },
  { takenOn: "2026-09-01", idleFactor: 1.07, overFactor: 1.1 },
  { takenOn: "2026-10-01", idleFactor: 1.03, overFactor: 1.04 },
] as const;

/**
 * Seeds six monthly snapshots (2026-05-01 … 2026-10-01) for every region, marked as demo data
 * (is_demo): the demo ledger's figures with more idle space and more over-standard units and persons
 * the further back, as a consolidation drive would leave them. Deterministic: the same ledger gives
 * the same history.
 */
export async function seedDemoSnapshots(db: Kysely<Database>): Promise<number> {
  const history = sql.join(
    demoHistory.map(
      (month) => sql`(${month.takenOn}::date, ${month.idleFactor}::numeric, ${month.overFactor}::numeric)`,
    ),
  );
  const provinces = await db.selectFrom("regions").select("code").where("parent_code", "is", null).execute();
  let written = 0;
  for (const { code } of provinces) {
    const { rows } = await sql<{ code: string }>`
      insert into dashboard_snapshots (${columns})
      select t.code, h.taken_on, t.gross_area, t.office_area, round(t.idle_area * h.idle, 2),
        round(t.units_over * h.over), round(t.persons_over * h.over), t.leases_in, t.rent, 0, true
      from (${totalsOfSubtree(code)}) t cross join (values ${history}) h(taken_on, idle, over)
      on conflict (region_code, taken_on) do nothing
      returning region_code as code`.execute(db);
    written += rows.length;
  }
  return written;
}

/** The figures a snapshot keeps (migration 17): the trend's, not the later per-status findings or conversions. */
export type SnapshotTotals = Pick<
  DashboardTotals,
  | "grossArea"
  | "officeArea"
  | "idleArea"
  | "unitsOverStandard"
  | "personsOverStandard"
  | "leasesIn"
  | "annualRentOutside"
  | "openFindings"
>;

export interface TrendPoint extends SnapshotTotals {
  date: string;
  demo: boolean;
}

/** A region's snapshots, oldest first, optionally within [from, to]. */
export async function trendOf(
  db: Kysely<Database>,
  region: string,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<TrendPoint[]> {
  let query = db
    .selectFrom("dashboard_snapshots")
    .selectAll()
    .where("region_code", "=", region)
    .orderBy("taken_on");
  if (range.from) query = query.where("taken_on", ">=", range.from);
  if (range.to) query = query.where("taken_on", "<=", range.to);
  const rows = await query.execute();
  return rows.map((row) => ({
    date: row.taken_on,
    grossArea: Number(row.gross_area),
    officeArea: Number(row.office_area),
    idleArea: Number(row.idle_area),
    unitsOverStandard: row.units_over_standard,
    personsOverStandard: row.persons_over_standard,
    leasesIn: row.leases_in,
    annualRentOutside: Number(row.annual_rent_outside),
    openFindings: row.open_findings,
    demo: row.is_demo,
  }));
}
