import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { PropertyClass } from "../../domain/demo/dataset.js";
import type { BuildingExportProperties } from "../../domain/exports/building-export.js";
import type { Database } from "../schema.js";
import { buildingScope, inRegion } from "../scope.js";

/** The buildings of an export: a region subtree within the reader's scope, optionally of one property class. */
export interface BuildingExportFilter {
  readonly region: string;
  readonly propertyClass?: PropertyClass | undefined;
  readonly scope: ReadScope;
}

/** How the footprint comes out of PostGIS: GeoJSON text, or 2D WKB of a MultiPolygon. */
export type FootprintEncoding = "geojson" | "wkb";

export interface ExportedBuilding<Footprint> {
  readonly footprint: Footprint;
  readonly properties: BuildingExportProperties;
}

function conditions(filter: BuildingExportFilter): RawBuilder<boolean> {
  const parts = [buildingScope(filter.scope), inRegion(sql.ref("b.region_code"), filter.region)];
  if (filter.propertyClass) parts.push(sql<boolean>`b.property_class = ${filter.propertyClass}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

/** How many buildings an export would hold. */
export async function countExportBuildings(
  db: Kysely<Database>,
  filter: BuildingExportFilter,
): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from buildings b where ${conditions(filter)}`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

type Row = Record<string, unknown> & { id: number; footprint: unknown };

/**
 * The exported buildings in id order, `batchSize` at a time (keyset pages, so each query is short and
 * PGlite's single connection is never held across batches).
 */
export function exportBuildingBatches(
  db: Kysely<Database>,
  filter: BuildingExportFilter,
  encoding: "geojson",
  batchSize: number,
): AsyncGenerator<ExportedBuilding<string>[]>;
export function exportBuildingBatches(
  db: Kysely<Database>,
  filter: BuildingExportFilter,
  encoding: "wkb",
  batchSize: number,
): AsyncGenerator<ExportedBuilding<Uint8Array>[]>;
export async function* exportBuildingBatches(
  db: Kysely<Database>,
  filter: BuildingExportFilter,
  encoding: FootprintEncoding,
  batchSize: number,
): AsyncGenerator<ExportedBuilding<string | Uint8Array>[]> {
  // Seven decimals of a degree are ~1 cm, as in the OGC API; multipolygons so a GeoPackage layer has one type.
  const footprint =
    encoding === "geojson" ? sql`st_asgeojson(b.footprint, 7)` : sql`st_asbinary(st_multi(b.footprint))`;
  let after = 0;
  for (;;) {
    const { rows } = await sql<Row>`
      select b.id, b.name, b.address, b.region_code, b.property_class, b.floors_above, b.gross_area,
        coalesce(a.usable_area, 0) as usable_area, coalesce(a.idle_area, 0) as idle_area,
        b.built_year, b.condition, b.title_certificate_no, ${footprint} as footprint
      from buildings b
      left join lateral (
        select sum(r.usable_area) as usable_area,
          sum(r.usable_area) filter (where r.status = 'idle') as idle_area
        from rooms r where r.building_id = b.id
      ) a on true
      where ${conditions(filter)} and b.id > ${after}
      order by b.id
      limit ${batchSize}`.execute(db);
    if (rows.length === 0) return;
    yield rows.map(({ footprint: value, ...properties }) => ({
      footprint: encoding === "geojson" ? String(value) : toBytes(value),
      properties: properties as unknown as BuildingExportProperties,
    }));
    if (rows.length < batchSize) return;
    after = rows.at(-1)?.id ?? after;
  }
}

/** bytea arrives as a Buffer from pg and a Uint8Array from PGlite. */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new TypeError(`Expected bytea from st_asbinary, got ${typeof value}`);
}
