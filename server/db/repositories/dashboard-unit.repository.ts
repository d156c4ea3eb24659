import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Feature, Geometry } from "../../domain/geojson.js";
import { stAsGeoJSON } from "../postgis.js";
import type { Database } from "../schema.js";
import { inRegion, unitOwnedScope, unitScope } from "../scope.js";
import { type FindingBreakdown, findingBreakdown } from "./dashboard-findings.repository.js";

const useCategories = ["office", "service", "equipment", "ancillary", "technical"] as const;

/** The bottom of the drill-down: one unit's own figures (areas m², rent 元/年). */
export interface DashboardUnitDetail {
  unit: { id: number; name: string; kind: string; regionCode: string; regionName: string | null };
  /** Usable area of the rooms it occupies, still in the office inventory, by use category. */
  areaByCategory: Record<(typeof useCategories)[number], number>;
  /** Its stored standard position (unit_standard_status), null before the first computation. */
  entitlement: {
    status: string;
    authorized: number;
    entitledOffice: number;
    actualOffice: number;
    officeSurplus: number;
    entitledCore: number;
    actualCore: number;
    coreSurplus: number;
    entitledGross: number;
    personsOverStandard: number;
  } | null;
  leases: Array<{
    id: number;
    name: string;
    grossArea: number;
    annualRent: number;
    startsOn: string;
    endsOn: string;
  }>;
  findings: FindingBreakdown;
}

/** A unit the reader may read, with its dashboard figures; undefined when unknown or out of scope. */
export async function dashboardUnit(
  db: Kysely<Database>,
  id: number,
  scope: ReadScope,
  today: string,
): Promise<DashboardUnitDetail | undefined> {
  const unit = await db
    .selectFrom("units as u")
    .leftJoin("regions as r", "r.code", "u.region_code")
    .select(["u.id", "u.name", "u.kind", "u.region_code", "r.name as region_name"])
    .where("u.id", "=", id)
    .where(() => unitScope(scope))
    .executeTakeFirst();
  if (!unit) return undefined;
  const [areas, status, leases, findings] = await Promise.all([
    db
      .selectFrom("rooms")
      .select(["use_category", (eb) => eb.fn.sum<string>("usable_area").as("area")])
      .where("occupant_unit_id", "=", id)
      .where("status", "not in", ["converted", "commercial"])
      .groupBy("use_category")
      .execute(),
    db.selectFrom("unit_standard_status").selectAll().where("unit_id", "=", id).executeTakeFirst(),
    db
      .selectFrom("leases_in as l")
      .select(["l.id", "l.name", "l.gross_area", "l.annual_rent", "l.starts_on", "l.ends_on"])
      .where("l.unit_id", "=", id)
      .where(() => unitOwnedScope(scope, "l"))
      .orderBy("l.id")
      .execute(),
    findingBreakdown(db, unit.region_code, scope, today, id),
  ]);
  const areaByCategory = Object.fromEntries(useCategories.map((category) => [category, 0])) as Record<
    (typeof useCategories)[number],
    number
  >;
  for (const row of areas)
    if ((useCategories as readonly string[]).includes(row.use_category))
      areaByCategory[row.use_category as (typeof useCategories)[number]] = Number(row.area);
  return {
    unit: {
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      regionCode: unit.region_code,
      regionName: unit.region_name ?? null,
    },
    areaByCategory,
    entitlement: status
      ? {
          status: status.status,
          authorized: status.authorized,
          entitledOffice: Number(status.entitled_office),
          actualOffice: Number(status.actual_office),
          officeSurplus: Number(status.office_surplus),
          entitledCore: Number(status.entitled_core),
          actualCore: Number(status.actual_core),
          coreSurplus: Number(status.core_surplus),
          entitledGross: Number(status.entitled_gross),
          personsOverStandard: status.over_standard_persons,
        }
      : null,
    leases: leases.map((lease) => ({
      id: lease.id,
      name: lease.name,
      grossArea: Number(lease.gross_area),
      annualRent: Number(lease.annual_rent),
      startsOn: String(lease.starts_on),
      endsOn: String(lease.ends_on),
    })),
    findings,
  };
}

/** Simplification tolerance in degrees per level shown: coarse for a province's prefectures. */
const tolerance: Record<string, number> = {
  province: 0.01,
  prefecture: 0.003,
  county: 0.0005,
  township: 0.0005,
};

export type DashboardMapFeature = Feature<
  Geometry,
  | { kind: "region"; code: string; name: string }
  | { kind: "outline"; code: string; name: string }
  | { kind: "unit"; id: number; name: string; regionCode: string }
>;

/**
 * What the dashboard's map draws for `code`: its children's boundaries (simplified for display), and
 * at county and township level the readable units as points on their occupied buildings.
 */
export async function dashboardMap(
  db: Kysely<Database>,
  code: string,
  level: string,
  scope: ReadScope,
): Promise<DashboardMapFeature[]> {
  const regions = await db
    .selectFrom("regions")
    .select(["code", "name"])
    .select(
      stAsGeoJSON(sql`st_simplifypreservetopology(geom, ${tolerance[level] ?? 0.001}::float8)`).as(
        "geometry",
      ),
    )
    .where("parent_code", "=", code)
    .where("geom", "is not", null)
    .orderBy("code")
    .execute();
  const features: DashboardMapFeature[] = regions.map((region) => ({
    type: "Feature",
    id: region.code,
    geometry: region.geometry,
    properties: { kind: "region", code: region.code, name: region.name },
  }));
  if (level !== "county" && level !== "township") return features;
  // Townships carry no boundary in the demo data: the county's own outline frames its units.
  const outline = await db
    .selectFrom("regions")
    .select(["code", "name"])
    .select(
      stAsGeoJSON(sql`st_simplifypreservetopology(geom, ${tolerance[level] ?? 0.001}::float8)`).as(
        "geometry",
      ),
    )
    .where("code", "=", code)
    .where("geom", "is not", null)
    .executeTakeFirst();
  if (outline)
    features.push({
      type: "Feature",
      id: outline.code,
      geometry: outline.geometry,
      properties: { kind: "outline", code: outline.code, name: outline.name },
    });
  const { rows } = await sql<{ id: number; name: string; region_code: string; geometry: Geometry | string }>`
    select u.id, u.name, u.region_code, ${stAsGeoJSON(sql`st_pointonsurface(g.geom)`)} as geometry
    from units u cross join lateral (select st_collect(b.footprint) as geom from buildings b
      where exists (select 1 from rooms r where r.building_id = b.id and r.occupant_unit_id = u.id)) g
    where g.geom is not null and ${inRegion(sql.ref("u.region_code"), code)} and ${unitScope(scope)}
    order by u.id`.execute(db);
  for (const row of rows)
    features.push({
      type: "Feature",
      id: `unit-${row.id}`,
      geometry: typeof row.geometry === "string" ? (JSON.parse(row.geometry) as Geometry) : row.geometry,
      properties: { kind: "unit", id: Number(row.id), name: row.name, regionCode: row.region_code },
    });
  return features;
}
