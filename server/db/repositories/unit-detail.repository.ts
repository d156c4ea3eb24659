import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { AdminLevel, UnitKind, UseCategory } from "../../domain/demo/dataset.js";
import type { BBox, Position } from "../../domain/geojson.js";
import type { Database } from "../schema.js";
import { buildingScope, unitOwnedScope, unitScope } from "../scope.js";
import { type EntitlementSummary, unitEntitlementSummary } from "./unit-entitlement.repository.js";

const useCategories: readonly UseCategory[] = ["office", "service", "equipment", "ancillary", "technical"];

export interface UnitDetail {
  unit: {
    id: number;
    name: string;
    short_name: string | null;
    kind: string;
    admin_level: string;
    region_code: string;
    region_name: string;
    is_dispatched: boolean;
    supervising_unit: { id: number; name: string } | null;
  };
  staffing: Array<{
    rank_code: string;
    rank_name_zh: string;
    rank_name_en: string;
    authorized: number;
    actual: number;
  }>;
  headcount: { authorized: number; actual: number };
  areaByCategory: Record<UseCategory, number>;
  totalArea: number;
  sites: Array<{
    building_id: number;
    name: string;
    region_code: string;
    center: Position;
    bbox: BBox;
    usable_area: number;
    room_count: number;
  }>;
  bbox: BBox | null;
  supervised: Array<{ id: number; name: string; kind: string; admin_level: string }>;
  leasesIn: Array<Record<string, unknown> & { center: Position }>;
  /**
   * The unit's entitlement under the 2014 standard against its actual use, in brief (the full report is
   * GET /api/units/{id}/entitlement); null for a unit without staffing rows.
   */
  entitlement: EntitlementSummary | null;
}

/**
 * One unit: staffing by rank, the usable area it occupies (rooms in use, by use category), the
 * buildings it occupies, the units it supervises and its leases in. Its own figures (staffing,
 * areas) are the unit's whole, as in /api/units; the records listed (sites, supervised units,
 * leases) are those `scope` may read. Undefined when missing or out of scope alike.
 */
export async function unitDetail(
  db: Kysely<Database>,
  id: number,
  scope: ReadScope,
): Promise<UnitDetail | undefined> {
  const { rows } = await sql<
    Omit<UnitDetail["unit"], "supervising_unit"> & {
      supervising_unit_id: number | null;
      supervising_unit_name: string | null;
    }
  >`
    select u.id, u.name, u.short_name, u.kind, u.admin_level, u.region_code, g.name as region_name,
      u.is_dispatched, s.id as supervising_unit_id, s.name as supervising_unit_name
    from units u join regions g on g.code = u.region_code left join units s on s.id = u.supervising_unit_id
    where u.id = ${id} and ${unitScope(scope)}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const { supervising_unit_id, supervising_unit_name, ...unit } = row;
  const [staffing, areas, sites, supervised, leasesIn] = await Promise.all([
    sql<UnitDetail["staffing"][number]>`
      select s.rank_code, k.name_zh as rank_name_zh, k.name_en as rank_name_en, s.authorized, s.actual
      from staffing s join ranks k on k.code = s.rank_code
      where s.unit_id = ${id} order by k.sort_order, s.rank_code`.execute(db),
    sql<{ use_category: UseCategory; area: number }>`
      select use_category, sum(usable_area) as area from rooms
      where occupant_unit_id = ${id} and status = 'in_use' group by use_category`.execute(db),
    sql<UnitDetail["sites"][number]>`
      select b.id as building_id, b.name, b.region_code,
        json_build_array(round(st_x(st_pointonsurface(b.footprint))::numeric, 7),
          round(st_y(st_pointonsurface(b.footprint))::numeric, 7)) as center,
        json_build_array(st_xmin(b.footprint), st_ymin(b.footprint), st_xmax(b.footprint),
          st_ymax(b.footprint)) as bbox,
        o.usable_area, o.room_count
      from (select building_id, sum(usable_area) as usable_area, count(*)::int as room_count
            from rooms where occupant_unit_id = ${id} group by building_id) o
      join buildings b on b.id = o.building_id
      where ${buildingScope(scope)}
      order by o.usable_area desc, b.id`.execute(db),
    sql<UnitDetail["supervised"][number]>`
      select u.id, u.name, u.kind, u.admin_level from units u
      where u.supervising_unit_id = ${id} and ${unitScope(scope)} order by u.id`.execute(db),
    sql<UnitDetail["leasesIn"][number]>`
      select l.id, l.name, l.address, l.gross_area, l.annual_rent, l.starts_on, l.ends_on, l.approved,
        json_build_array(round(st_x(l.location)::numeric, 7), round(st_y(l.location)::numeric, 7)) as center
      from leases_in l where l.unit_id = ${id} and ${unitOwnedScope(scope, "l")}
      order by l.starts_on, l.id`.execute(db),
  ]);
  const entitlement = await unitEntitlementSummary(
    db,
    {
      id: unit.id,
      name: unit.name,
      kind: unit.kind as UnitKind,
      admin_level: unit.admin_level as AdminLevel,
      region_code: unit.region_code,
      is_dispatched: unit.is_dispatched,
    },
    staffing.rows,
  );
  const areaByCategory = Object.fromEntries(useCategories.map((category) => [category, 0])) as Record<
    UseCategory,
    number
  >;
  for (const { use_category, area } of areas.rows) areaByCategory[use_category] = Number(area);
  const headcount = { authorized: 0, actual: 0 };
  for (const rank of staffing.rows) {
    headcount.authorized += rank.authorized;
    headcount.actual += rank.actual;
  }
  return {
    unit: {
      ...unit,
      supervising_unit:
        supervising_unit_id === null ? null : { id: supervising_unit_id, name: supervising_unit_name ?? "" },
    },
    staffing: staffing.rows,
    headcount,
    areaByCategory,
    // Summed in SQL's exact numeric per category; rounding to the cent keeps float noise out.
    totalArea: Math.round(Object.values(areaByCategory).reduce((sum, area) => sum + area, 0) * 100) / 100,
    sites: sites.rows,
    bbox: unionOf(sites.rows.map((site) => site.bbox)),
    supervised: supervised.rows,
    leasesIn: leasesIn.rows,
    entitlement,
  };
}

/** The bbox covering all of `boxes`, or null for none. */
function unionOf(boxes: readonly BBox[]): BBox | null {
  if (boxes.length === 0) return null;
  return [
    Math.min(...boxes.map((box) => box[0])),
    Math.min(...boxes.map((box) => box[1])),
    Math.max(...boxes.map((box) => box[2])),
    Math.max(...boxes.map((box) => box[3])),
  ];
}
