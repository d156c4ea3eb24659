import { type Kysely, type RawBuilder, sql } from "kysely";
import { type ReportName, reportDefinitions } from "../../domain/reports/report-catalogue.js";
import {
  type FactRow,
  type ReportRegion,
  type ReportTable,
  rollUp,
} from "../../domain/reports/report-table.js";
import type { Database } from "../schema.js";
import { inRegion } from "../scope.js";

// The statistics tables' figures, summed per region code in SQL and rolled up per child region in
// report-table.ts. Where a figure is also on the dashboard it is counted the same way
// (dashboard.repository.ts): buildings and their rooms by the building's region, units, leases and
// findings by their own region code.

interface Period {
  /** 统计时点, YYYY-MM-DD. */
  readonly asOf: string;
  readonly year: number;
}

type Facts = (code: string, period: Period) => RawBuilder<Record<string, unknown>>;

const ledgerRooms = sql`r.status not in ('converted', 'commercial')`;
const roomArea = (condition: RawBuilder<unknown>) =>
  sql`coalesce(sum(case when ${condition} then r.usable_area else 0 end), 0)`;

const officeSpaceBasic: Facts = (code) => sql`
  select b.region_code, count(*) as "buildings", sum(b.gross_area) as "grossArea",
    0 as "coreArea", 0 as "officeArea", 0 as "serviceArea", 0 as "equipmentArea", 0 as "ancillaryArea",
    0 as "technicalArea", 0 as "idleArea", 0 as "leasedOutArea", 0 as "lentOutArea"
  from buildings b where ${inRegion(sql.ref("b.region_code"), code)} group by b.region_code
  union all
  select b.region_code, 0, 0,
    ${roomArea(sql`${ledgerRooms} and r.use_category in ('office', 'service', 'equipment')`)},
    ${roomArea(sql`${ledgerRooms} and r.use_category = 'office'`)},
    ${roomArea(sql`${ledgerRooms} and r.use_category = 'service'`)},
    ${roomArea(sql`${ledgerRooms} and r.use_category = 'equipment'`)},
    ${roomArea(sql`${ledgerRooms} and r.use_category = 'ancillary'`)},
    ${roomArea(sql`${ledgerRooms} and r.use_category = 'technical'`)},
    ${roomArea(sql`r.status = 'idle'`)}, ${roomArea(sql`r.status = 'leased_out'`)},
    ${roomArea(sql`r.status = 'lent_out'`)}
  from rooms r join buildings b on b.id = r.building_id
  where ${inRegion(sql.ref("b.region_code"), code)} group by b.region_code`;

const usageStandard: Facts = (code) => sql`
  select u.region_code, count(*) as "units",
    coalesce(sum((select sum(s.authorized) from staffing s where s.unit_id = u.id)), 0) as "authorized",
    coalesce(sum((select sum(s.actual) from staffing s where s.unit_id = u.id)), 0) as "actual",
    coalesce(sum(st.entitled_office), 0) as "entitledOffice", coalesce(sum(st.actual_office), 0) as "actualOffice",
    coalesce(sum(st.entitled_core), 0) as "entitledCore", coalesce(sum(st.actual_core), 0) as "actualCore",
    count(*) filter (where st.status = 'over') as "unitsOver",
    coalesce(sum(st.over_standard_persons), 0) as "personsOver",
    coalesce(sum(st.core_surplus) filter (where st.status = 'over'), 0) as "overArea",
    count(*) filter (where st.status = 'short') as "unitsShort"
  from units u left join unit_standard_status st on st.unit_id = u.id
  where ${inRegion(sql.ref("u.region_code"), code)} group by u.region_code`;

const leasesIn: Facts = (code, { asOf }) => sql`
  select l.region_code, 0 as "units", count(*) as "leases", sum(l.gross_area) as "area",
    sum(l.annual_rent) / 10000.0 as "rent", count(*) filter (where l.approved) as "approved",
    count(*) filter (where not l.approved) as "unapproved",
    count(*) filter (where l.ends_on < ${asOf}::date) as "expired"
  from leases_in l where ${inRegion(sql.ref("l.region_code"), code)} group by l.region_code
  union all
  select u.region_code, count(*), 0, 0, 0, 0, 0, 0 from units u
  where ${inRegion(sql.ref("u.region_code"), code)}
    and exists (select 1 from leases_in l where l.unit_id = u.id and ${inRegion(sql.ref("l.region_code"), code)})
  group by u.region_code`;

/** The day a disposal was completed: its recorded result date, else when it was recorded. */
const disposalYear = (year: number) =>
  sql`extract(year from coalesce(d.result_on, (d.created_at at time zone 'Asia/Shanghai')::date)) = ${year}`;
const doneDisposals = (method: RawBuilder<unknown>, what: "count" | "area") =>
  what === "count"
    ? sql`count(*) filter (where ${method})`
    : sql`coalesce(sum(d.area) filter (where ${method}), 0)`;

const idleDisposal: Facts = (code, { year }) => sql`
  select b.region_code, count(*) as "idleRooms", sum(r.usable_area) as "idleArea", ${sql.raw(
    [
      "reallocatedCount",
      "reallocatedArea",
      "convertedCount",
      "convertedArea",
      "leasedCount",
      "leasedArea",
      "auctionedCount",
      "auctionedArea",
      "otherCount",
      "otherArea",
    ]
      .map((key) => `0 as "${key}"`)
      .join(", "),
  )}
  from rooms r join buildings b on b.id = r.building_id
  where r.status = 'idle' and ${inRegion(sql.ref("b.region_code"), code)} group by b.region_code
  union all
  select d.region_code, 0, 0,
    ${doneDisposals(sql`d.method = 'reallocation'`, "count")}, ${doneDisposals(sql`d.method = 'reallocation'`, "area")},
    ${doneDisposals(sql`d.method = 'change_of_use'`, "count")}, ${doneDisposals(sql`d.method = 'change_of_use'`, "area")},
    ${doneDisposals(sql`d.method = 'lease'`, "count")}, ${doneDisposals(sql`d.method = 'lease'`, "area")},
    ${doneDisposals(sql`d.method = 'auction'`, "count")}, ${doneDisposals(sql`d.method = 'auction'`, "area")},
    ${doneDisposals(sql`d.method in ('swap', 'demolition')`, "count")},
    ${doneDisposals(sql`d.method in ('swap', 'demolition')`, "area")}
  from disposals d
  where d.status = 'done' and ${disposalYear(year)} and ${inRegion(sql.ref("d.region_code"), code)}
  group by d.region_code
  union all
  select c.region_code, 0, 0, 0, 0, count(*), sum(c.area), 0, 0, 0, 0, 0, 0 from conversions c
  where c.status = 'done' and c.completed_at is not null
    and extract(year from c.completed_at at time zone 'Asia/Shanghai') = ${year}
    and ${inRegion(sql.ref("c.region_code"), code)}
  group by c.region_code`;

const supervision: Facts = (code, { asOf, year }) => sql`
  select i.region_code, count(*) as "inspections", count(*) filter (where i.kind = 'routine') as "routine",
    count(*) filter (where i.kind = 'spot_check') as "spotChecks",
    count(*) filter (where i.kind = 'key_reinspection') as "keyReinspections",
    0 as "findings", 0 as "open", 0 as "rectifying", 0 as "verified", 0 as "closed", 0 as "referred",
    0 as "openFindings", 0 as "overdue", 0 as "referralsThisYear"
  from inspections i
  where i.status = 'done' and i.done_on is not null and extract(year from i.done_on) = ${year}
    and ${inRegion(sql.ref("i.region_code"), code)}
  group by i.region_code
  union all
  select f.region_code, 0, 0, 0, 0, count(*), count(*) filter (where f.status = 'open'),
    count(*) filter (where f.status = 'rectifying'), count(*) filter (where f.status = 'verified'),
    count(*) filter (where f.status = 'closed'), count(*) filter (where f.status = 'referred'),
    count(*) filter (where f.status <> 'closed'),
    count(*) filter (where f.status in ('open', 'rectifying') and f.deadline < ${asOf}::date),
    count(*) filter (where f.referred_on is not null and extract(year from f.referred_on) = ${year})
  from findings f where ${inRegion(sql.ref("f.region_code"), code)} group by f.region_code`;

const factsOf: Readonly<Record<ReportName, Facts>> = {
  "office-space-basic": officeSpaceBasic,
  "usage-standard": usageStandard,
  "leases-in": leasesIn,
  "idle-disposal": idleDisposal,
  supervision,
};

export async function reportRegion(db: Kysely<Database>, code: string): Promise<ReportRegion | undefined> {
  return db
    .selectFrom("regions")
    .select(["code", "name", "level"])
    .where("code", "=", code)
    .executeTakeFirst();
}

/**
 * The statistics table `name` of region `code` (every record of its subtree: reports are the
 * administration's, whose scope is its whole region), undefined when the region does not exist.
 */
export async function reportTable(
  db: Kysely<Database>,
  name: ReportName,
  code: string,
  period: Period,
): Promise<ReportTable | undefined> {
  const region = await reportRegion(db, code);
  if (!region) return undefined;
  const children = await db
    .selectFrom("regions")
    .select(["code", "name", "level"])
    .where("parent_code", "=", code)
    .orderBy("code")
    .execute();
  const definition = reportDefinitions[name];
  const { rows } = await sql<Record<string, unknown>>`${factsOf[name](code, period)}`.execute(db);
  const facts: FactRow[] = rows.map((row) => ({
    regionCode: String(row.region_code),
    values: Object.fromEntries(
      definition.columns.map((column) => [column.key, Number(row[column.key] ?? 0)]),
    ),
  }));
  return {
    name,
    region,
    asOf: period.asOf,
    year: period.year,
    ...rollUp(definition, region, children, facts),
  };
}
