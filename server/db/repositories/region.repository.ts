import { type Kysely, sql } from "kysely";
import type { Geometry } from "../../domain/geojson.js";
import { stAsGeoJSON } from "../postgis.js";
import type { Database, RegionTable } from "../schema.js";

export interface RegionFilter {
  readonly level?: RegionTable["level"] | undefined;
  readonly parent?: string | undefined;
}

export interface RegionRow {
  code: string;
  name: string;
  level: RegionTable["level"];
  parent_code: string | null;
  has_boundary: boolean;
}

function filtered(db: Kysely<Database>, filter: RegionFilter) {
  let query = db.selectFrom("regions");
  if (filter.level) query = query.where("level", "=", filter.level);
  if (filter.parent) query = query.where("parent_code", "=", filter.parent);
  return query;
}

export function listRegions(db: Kysely<Database>, filter: RegionFilter): Promise<RegionRow[]> {
  return filtered(db, filter)
    .select(["code", "name", "level", "parent_code"])
    .select(sql<boolean>`geom is not null`.as("has_boundary"))
    .orderBy("code")
    .execute();
}

/** Boundaries simplified to ~10 m for display (the stored geometry stays exact). */
export function listRegionBoundaries(db: Kysely<Database>, filter: RegionFilter) {
  return filtered(db, filter)
    .where("geom", "is not", null)
    .select(["code", "name", "level", "parent_code"])
    .select(stAsGeoJSON(sql`st_simplifypreservetopology(geom, 0.0001)`).as("geometry"))
    .orderBy("code")
    .execute() as Promise<Array<Omit<RegionRow, "has_boundary"> & { geometry: Geometry }>>;
}

export async function regionExists(db: Kysely<Database>, code: string): Promise<boolean> {
  const row = await db.selectFrom("regions").select("code").where("code", "=", code).executeTakeFirst();
  return row !== undefined;
}
