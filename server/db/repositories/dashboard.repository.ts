import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Database, RegionTable } from "../schema.js";
import {
  buildingScope,
  inRegion,
  regionOnlyScope,
  regionPrefixOf,
  unitOwnedScope,
  unitScope,
} from "../scope.js";
import { type FindingBreakdown, findingBreakdown, findingOverdue } from "./dashboard-findings.repository.js";

/**
 * The dashboard figures of a region subtree, each defined once here (docs/api.md repeats them):
 * - grossArea: buildings.gross_area of the readable buildings (as the region detail's totals);
 * - officeArea: usable area of the office-category rooms (use_category 'office') of those buildings
 *   still in the office inventory (not converted, not commercial);
 * - idleArea: usable area of their rooms with status 'idle' (as the region detail's totals);
 * - unitsOverStandard / personsOverStandard: the stored standard status (unit_standard_status) of
 *   the readable units: units with status 'over', and the sum of their over-standard persons;
 * - leasesIn / annualRentOutside: the readable leases in (租用) and their annual rent (元);
 * - openFindings: readable findings not closed (open, rectifying, verified or referred);
 * - activeFindings: readable findings open or being rectified (the finding ledger's `status=active`);
 * - overdueFindings: readable findings past their deadline and not verified, closed or referred (the
 *   finding ledger's `overdue=1`);
 * - unitsRentingOutside: readable units with at least one readable lease in, counted in the unit's region;
 * - conversionsDone / conversionArea: community-use conversions completed (status 'done') and their
 *   area (m²), administration records (unit users read none).
 */
export interface DashboardTotals {
  grossArea: number;
  officeArea: number;
  idleArea: number;
  unitsOverStandard: number;
  personsOverStandard: number;
  leasesIn: number;
  annualRentOutside: number;
  openFindings: number;
  activeFindings: number;
  overdueFindings: number;
  unitsRentingOutside: number;
  conversionsDone: number;
  conversionArea: number;
}

export interface DashboardRegion {
  code: string;
  name: string;
  level: RegionTable["level"];
}

export interface DashboardChild extends DashboardTotals {
  /** A region one level down, or the region itself for its own level (本级, `own: true`). */
  region: DashboardRegion & { own: boolean };
}

/**
 * A unit's own figures (at county and township level): what is attributable to a unit. officeArea is
 * the office-category rooms it occupies wherever they are; gross and idle area belong to buildings and
 * unoccupied rooms, not units, so a unit has none. Not a partition of the totals (see children).
 */
export interface DashboardUnit {
  unit: { id: number; name: string; regionCode: string };
  officeArea: number;
  overStandard: boolean;
  personsOverStandard: number;
  leasesIn: number;
  annualRentOutside: number;
  openFindings: number;
  overdueFindings: number;
}

export interface Dashboard {
  region: DashboardRegion;
  totals: DashboardTotals;
  children: DashboardChild[];
  /** The readable findings of the subtree by status × age, and how many are overdue. */
  findings: FindingBreakdown;
  /** County and township level only: the readable units of the subtree with their own figures. */
  units?: DashboardUnit[];
}

export const dashboardFigures = [
  "grossArea",
  "officeArea",
  "idleArea",
  "unitsOverStandard",
  "personsOverStandard",
  "leasesIn",
  "annualRentOutside",
  "openFindings",
  "activeFindings",
  "overdueFindings",
  "unitsRentingOutside",
  "conversionsDone",
  "conversionArea",
] as const satisfies ReadonlyArray<keyof DashboardTotals>;

/** The columns of a fact row, in order: what one ledger record adds to each figure. */
const factColumns = [
  "gross_area",
  "office_area",
  "idle_area",
  "units_over",
  "persons_over",
  "leases_in",
  "rent",
  "open_findings",
  "active_findings",
  "overdue_findings",
  "units_renting",
  "conversions_done",
  "conversion_area",
] as const;
type FactColumn = (typeof factColumns)[number];

/** The select list of one union branch: the record's region, then its contributions (0 elsewhere). */
function factRow(region: RawBuilder<unknown>, values: Partial<Record<FactColumn, RawBuilder<unknown>>>) {
  return sql.join([
    sql`${region} as region_code`,
    ...factColumns.map((column) => sql`${values[column] ?? sql`0`} as ${sql.id(column)}`),
  ]);
}

/** One row per readable ledger record of the subtree, with what it adds to each figure. */
function facts(code: string, scope: ReadScope, today: string | null) {
  const buildings = sql`${inRegion(sql.ref("b.region_code"), code)} and ${buildingScope(scope)}`;
  const n = (expression: RawBuilder<unknown>) => sql`case when ${expression} then 1 else 0 end`;
  return sql`
    select ${factRow(sql.ref("b.region_code"), { gross_area: sql.ref("b.gross_area") })}
    from buildings b where ${buildings}
    union all
    select ${factRow(sql.ref("b.region_code"), {
      office_area: sql`case when r.use_category = 'office' and r.status not in ('converted', 'commercial')
        then r.usable_area else 0 end`,
      idle_area: sql`case when r.status = 'idle' then r.usable_area else 0 end`,
    })}
    from rooms r join buildings b on b.id = r.building_id where ${buildings}
    union all
    select ${factRow(sql.ref("u.region_code"), {
      units_over: n(sql`s.status = 'over'`),
      persons_over: sql.ref("s.over_standard_persons"),
    })}
    from unit_standard_status s join units u on u.id = s.unit_id
    where ${inRegion(sql.ref("u.region_code"), code)} and ${unitScope(scope)}
    union all
    select ${factRow(sql.ref("l.region_code"), { leases_in: sql`1`, rent: sql`coalesce(l.annual_rent, 0)` })}
    from leases_in l
    where ${inRegion(sql.ref("l.region_code"), code)} and ${unitOwnedScope(scope, "l")}
    union all
    select ${factRow(sql.ref("u.region_code"), { units_renting: sql`1` })}
    from units u where ${inRegion(sql.ref("u.region_code"), code)} and ${unitScope(scope)}
      and exists (select 1 from leases_in l where l.unit_id = u.id and ${unitOwnedScope(scope, "l")})
    union all
    select ${factRow(sql.ref("f.region_code"), {
      open_findings: n(sql`f.status <> 'closed'`),
      active_findings: n(sql`f.status in ('open', 'rectifying')`),
      overdue_findings: n(findingOverdue("f", today)),
    })}
    from findings f
    where f.status <> 'closed' and ${inRegion(sql.ref("f.region_code"), code)} and ${unitOwnedScope(scope, "f")}
    union all
    select ${factRow(sql.ref("c.region_code"), { conversions_done: sql`1`, conversion_area: sql.ref("c.area") })}
    from conversions c
    where c.status = 'done' and ${inRegion(sql.ref("c.region_code"), code)} and ${regionOnlyScope(scope, "c")}`;
}

/**
 * The figures of the readable records of `code`'s subtree, one row per region code the records carry
 * (a few hundred rows at most): `region_code` and the snake_case figures, to be rolled up by prefix.
 * `today` decides which findings are overdue (null: the database's date).
 */
export function figuresByRegion(code: string, scope: ReadScope, today: string | null = null) {
  return sql`
    select region_code, ${sql.join(factColumns.map((column) => sql`sum(${sql.ref(column)}) as ${sql.id(column)}`))}
    from (${facts(code, scope, today)}) fact group by region_code`;
}

/** Each figure's fact column. */
const figureColumns: Readonly<Record<keyof DashboardTotals, FactColumn>> = {
  grossArea: "gross_area",
  officeArea: "office_area",
  idleArea: "idle_area",
  unitsOverStandard: "units_over",
  personsOverStandard: "persons_over",
  leasesIn: "leases_in",
  annualRentOutside: "rent",
  openFindings: "open_findings",
  activeFindings: "active_findings",
  overdueFindings: "overdue_findings",
  unitsRentingOutside: "units_renting",
  conversionsDone: "conversions_done",
  conversionArea: "conversion_area",
};

type FigureRow = { bucket: string | null; is_total: number } & Record<keyof DashboardTotals, string | number>;

/**
 * The dashboard of `code` for a reader: its totals and the same figures for each region one level
 * down plus the region's own level (本级: records whose region is `code` itself, e.g. provincial
 * organs). Every record falls in exactly one child, so the totals are the children's sums; one
 * set-based statement groups the records by region code, then by child. Undefined when the region does not exist.
 */
export async function dashboard(
  db: Kysely<Database>,
  code: string,
  scope: ReadScope,
  today: string,
): Promise<Dashboard | undefined> {
  const region = await db
    .selectFrom("regions")
    .select(["code", "name", "level"])
    .where("code", "=", code)
    .executeTakeFirst();
  if (!region) return undefined;
  const children = await db
    .selectFrom("regions")
    .select(["code", "name", "level"])
    .where("parent_code", "=", code)
    .orderBy("code")
    .execute();
  const { rows } = await sql<FigureRow>`
    with fact as (${figuresByRegion(code, scope, today)}),
      child as (select code, ${regionPrefixOf(sql.ref("code"))} || '%' as pattern from regions
        where parent_code = ${code})
    select coalesce((select c.code from child c where fact.region_code like c.pattern limit 1), ${code}) as bucket,
      ${sql.join(dashboardFigures.map((figure) => sql`sum(${sql.ref(figureColumns[figure])}) as ${sql.id(figure)}`))}
    from fact group by 1`.execute(db);
  const byBucket = new Map(rows.map((row) => [row.bucket, totalsOf(row)]));
  const childRows: DashboardChild[] = [
    ...children.map((child) => ({
      region: { ...child, own: false },
      ...(byBucket.get(child.code) ?? zero()),
    })),
    { region: { ...region, own: true }, ...(byBucket.get(code) ?? zero()) },
  ];
  const result: Dashboard = {
    region,
    totals: sumOf(childRows),
    children: childRows,
    findings: await findingBreakdown(db, code, scope, today),
  };
  if (region.level === "county" || region.level === "township")
    result.units = await unitFigures(db, code, scope, today);
  return result;
}

async function unitFigures(
  db: Kysely<Database>,
  code: string,
  scope: ReadScope,
  today: string,
): Promise<DashboardUnit[]> {
  const { rows } = await sql<Record<string, string | number | boolean>>`
    select u.id, u.name, u.region_code, coalesce(s.status = 'over', false) as over,
      coalesce(s.over_standard_persons, 0) as persons,
      (select coalesce(sum(r.usable_area), 0) from rooms r where r.occupant_unit_id = u.id
        and r.use_category = 'office' and r.status not in ('converted', 'commercial')) as office_area,
      (select count(*) from leases_in l where l.unit_id = u.id) as leases_in,
      (select coalesce(sum(l.annual_rent), 0) from leases_in l where l.unit_id = u.id) as rent,
      (select count(*) from findings f where f.unit_id = u.id and f.status <> 'closed') as open_findings,
      (select count(*) from findings f where f.unit_id = u.id and ${findingOverdue("f", today)}) as overdue
    from units u left join unit_standard_status s on s.unit_id = u.id
    where ${inRegion(sql.ref("u.region_code"), code)} and ${unitScope(scope)}
    order by u.id`.execute(db);
  return rows.map((row) => ({
    unit: { id: Number(row.id), name: String(row.name), regionCode: String(row.region_code) },
    officeArea: Number(row.office_area),
    overStandard: row.over === true,
    personsOverStandard: Number(row.persons),
    leasesIn: Number(row.leases_in),
    annualRentOutside: Number(row.rent),
    openFindings: Number(row.open_findings),
    overdueFindings: Number(row.overdue),
  }));
}

function zero(): DashboardTotals {
  return Object.fromEntries(dashboardFigures.map((figure) => [figure, 0])) as unknown as DashboardTotals;
}

function totalsOf(row: Partial<Record<keyof DashboardTotals, string | number | null>>): DashboardTotals {
  const totals = zero();
  for (const figure of dashboardFigures) totals[figure] = Number(row[figure] ?? 0);
  return totals;
}

/** Areas and rent are rounded to 0.01 so that sums read exactly (the ledger stores two decimals). */
function sumOf(children: readonly DashboardTotals[]): DashboardTotals {
  const totals = zero();
  for (const child of children)
    for (const figure of dashboardFigures)
      totals[figure] = Math.round((totals[figure] + child[figure]) * 100) / 100;
  return totals;
}
