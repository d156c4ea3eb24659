import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { BBox } from "../../domain/geojson.js";
import type { Database, RegionTable } from "../schema.js";
import { buildingScope, inRegion, unitOwnedScope, unitScope } from "../scope.js";
import { listRegions } from "./region.repository.js";

type RegionLevel = RegionTable["level"];

export interface RegionTotals {
  buildings: number;
  grossArea: number;
  usableArea: number;
  idleArea: number;
  units: number;
  leasesIn: number;
  annualRentOutside: number;
}

export interface RegionDetail {
  region: { code: string; name: string; level: RegionLevel; parent_code: string | null };
  ancestors: Array<{ code: string; name: string; level: RegionLevel }>;
  children: Array<{ code: string; name: string; level: RegionLevel; has_boundary: boolean }>;
  bbox: BBox | null;
  totals: RegionTotals;
}

/**
 * A region with its place in the hierarchy and the totals of what `scope` may read inside its
 * subtree. Regions are public reference data; only the totals are scoped.
 */
export async function regionDetail(
  db: Kysely<Database>,
  code: string,
  scope: ReadScope,
): Promise<RegionDetail | undefined> {
  const { rows } = await sql<RegionDetail["region"] & { bbox: BBox | null }>`
    select code, name, level, parent_code,
      case when geom is null then null
        else json_build_array(st_xmin(geom), st_ymin(geom), st_xmax(geom), st_ymax(geom)) end as bbox
    from regions where code = ${code}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const [ancestors, children, totals] = await Promise.all([
    ancestorsOf(db, row.parent_code),
    listRegions(db, { parent: code }),
    regionTotals(db, code, scope),
  ]);
  return {
    region: { code: row.code, name: row.name, level: row.level, parent_code: row.parent_code },
    ancestors,
    children: children.map(({ code, name, level, has_boundary }) => ({ code, name, level, has_boundary })),
    bbox: row.bbox,
    totals,
  };
}

/** The chain above a region, province first. */
async function ancestorsOf(db: Kysely<Database>, parentCode: string | null) {
  if (parentCode === null) return [];
  const { rows } = await sql<{ code: string; name: string; level: RegionLevel }>`
    with recursive chain as (
      select code, name, level, parent_code, 0 as depth from regions where code = ${parentCode}
      union all
      select r.code, r.name, r.level, r.parent_code, chain.depth + 1
      from regions r join chain on r.code = chain.parent_code
    )
    select code, name, level from chain order by depth desc`.execute(db);
  return rows;
}

/**
 * Totals over the region subtree, counting only readable records. Room areas are summed over the
 * readable buildings (all their rooms), so they equal the sums of the buildings table's rows.
 */
export async function regionTotals(
  db: Kysely<Database>,
  code: string,
  scope: ReadScope,
): Promise<RegionTotals> {
  const buildings = sql`${inRegion(sql.ref("b.region_code"), code)} and ${buildingScope(scope)}`;
  const { rows } = await sql<RegionTotals>`
    select bt.buildings, bt.gross_area as "grossArea", rt.usable_area as "usableArea",
      rt.idle_area as "idleArea", ut.units, lt.leases_in as "leasesIn", lt.rent as "annualRentOutside"
    from (select count(*) as buildings, coalesce(sum(b.gross_area), 0) as gross_area
          from buildings b where ${buildings}) bt,
      (select coalesce(sum(r.usable_area), 0) as usable_area,
          coalesce(sum(r.usable_area) filter (where r.status = 'idle'), 0) as idle_area
        from rooms r join buildings b on b.id = r.building_id where ${buildings}) rt,
      (select count(*) as units from units u
        where ${inRegion(sql.ref("u.region_code"), code)} and ${unitScope(scope)}) ut,
      (select count(*) as leases_in, coalesce(sum(l.annual_rent), 0) as rent from leases_in l
        where ${inRegion(sql.ref("l.region_code"), code)} and ${unitOwnedScope(scope, "l")}) lt`.execute(db);
  const row = rows[0];
  if (!row) throw new Error("region totals returned no row");
  return {
    buildings: Number(row.buildings),
    grossArea: Number(row.grossArea),
    usableArea: Number(row.usableArea),
    idleArea: Number(row.idleArea),
    units: Number(row.units),
    leasesIn: Number(row.leasesIn),
    annualRentOutside: Number(row.annualRentOutside),
  };
}
