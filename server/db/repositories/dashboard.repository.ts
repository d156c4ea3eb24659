import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Database, RegionTable } from "../schema.js";
import { buildingScope, inRegion, regionPrefixOf, unitOwnedScope, unitScope } from "../scope.js";

/**
 * The dashboard figures of a region subtree, each defined once here (docs/api.md repeats them):
 * - grossArea: buildings.gross_area of the readable buildings (as the region detail's totals);
 * - officeArea: usable area of the office-category rooms (use_category 'office') of those buildings
 *   still in the office inventory (not converted, not commercial);
 * - idleArea: usable area of their rooms with status 'idle' (as the region detail's totals);
 * - unitsOverStandard / personsOverStandard: the stored standard status (unit_standard_status) of
 *   the readable units: units with status 'over', and the sum of their over-standard persons;
 * - leasesIn / annualRentOutside: the readable leases in (租用) and their annual rent (元);
 * - openFindings: readable findings not closed (open, rectifying, verified or referred).
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
}

export interface Dashboard {
  region: DashboardRegion;
  totals: DashboardTotals;
  children: DashboardChild[];
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
] as const satisfies ReadonlyArray<keyof DashboardTotals>;

/** One row per readable ledger record of the subtree, with what it adds to each figure. */
function facts(code: string, scope: ReadScope) {
  const buildings = sql`${inRegion(sql.ref("b.region_code"), code)} and ${buildingScope(scope)}`;
  return sql`
    select b.region_code, b.gross_area as gross_area, 0 as office_area, 0 as idle_area, 0 as units_over,
      0 as persons_over, 0 as leases_in, 0 as rent, 0 as open_findings
    from buildings b where ${buildings}
    union all
    select b.region_code, 0, case when r.use_category = 'office' and r.status not in ('converted', 'commercial')
        then r.usable_area else 0 end,
      case when r.status = 'idle' then r.usable_area else 0 end, 0, 0, 0, 0, 0
    from rooms r join buildings b on b.id = r.building_id where ${buildings}
    union all
    select u.region_code, 0, 0, 0, case when s.status = 'over' then 1 else 0 end, s.over_standard_persons, 0, 0, 0
    from unit_standard_status s join units u on u.id = s.unit_id
    where ${inRegion(sql.ref("u.region_code"), code)} and ${unitScope(scope)}
    union all
    select l.region_code, 0, 0, 0, 0, 0, 1, coalesce(l.annual_rent, 0), 0 from leases_in l
    where ${inRegion(sql.ref("l.region_code"), code)} and ${unitOwnedScope(scope, "l")}
    union all
    select f.region_code, 0, 0, 0, 0, 0, 0, 0, 1 from findings f
    where f.status <> 'closed' and ${inRegion(sql.ref("f.region_code"), code)} and ${unitOwnedScope(scope, "f")}`;
}

/**
 * The figures of the readable records of `code`'s subtree, one row per region code the records carry
 * (a few hundred rows at most): `region_code` and the snake_case figures, to be rolled up by prefix.
 */
export function figuresByRegion(code: string, scope: ReadScope) {
  return sql`
    select region_code, sum(gross_area) as gross_area, sum(office_area) as office_area,
      sum(idle_area) as idle_area, sum(units_over) as units_over, sum(persons_over) as persons_over,
      sum(leases_in) as leases_in, sum(rent) as rent, sum(open_findings) as open_findings
    from (${facts(code, scope)}) fact group by region_code`;
}

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
    with fact as (${figuresByRegion(code, scope)}),
      child as (select code, ${regionPrefixOf(sql.ref("code"))} || '%' as pattern from regions
        where parent_code = ${code})
    select coalesce((select c.code from child c where fact.region_code like c.pattern limit 1), ${code}) as bucket,
      sum(gross_area) as "grossArea", sum(office_area) as "officeArea", sum(idle_area) as "idleArea",
      sum(units_over) as "unitsOverStandard", sum(persons_over) as "personsOverStandard",
      sum(leases_in) as "leasesIn", sum(rent) as "annualRentOutside", sum(open_findings) as "openFindings"
    from fact group by 1`.execute(db);
  const byBucket = new Map(rows.map((row) => [row.bucket, totalsOf(row)]));
  const childRows: DashboardChild[] = [
    ...children.map((child) => ({
      region: { ...child, own: false },
      ...(byBucket.get(child.code) ?? zero()),
    })),
    { region: { ...region, own: true }, ...(byBucket.get(code) ?? zero()) },
  ];
  const result: Dashboard = { region, totals: sumOf(childRows), children: childRows };
  if (region.level === "county" || region.level === "township")
    result.units = await unitFigures(db, code, scope);
  return result;
}

async function unitFigures(db: Kysely<Database>, code: string, scope: ReadScope): Promise<DashboardUnit[]> {
  const { rows } = await sql<Record<string, string | number | boolean>>`
    select u.id, u.name, u.region_code, coalesce(s.status = 'over', false) as over,
      coalesce(s.over_standard_persons, 0) as persons,
      (select coalesce(sum(r.usable_area), 0) from rooms r where r.occupant_unit_id = u.id
        and r.use_category = 'office' and r.status not in ('converted', 'commercial')) as office_area,
      (select count(*) from leases_in l where l.unit_id = u.id) as leases_in,
      (select coalesce(sum(l.annual_rent), 0) from leases_in l where l.unit_id = u.id) as rent,
      (select count(*) from findings f where f.unit_id = u.id and f.status <> 'closed') as open_findings
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
