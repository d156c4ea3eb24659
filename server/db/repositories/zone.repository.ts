import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { MultiPolygon } from "../../domain/geojson.js";
import type { Database } from "../schema.js";
import { regionOnlyScope } from "../scope.js";
import { insertRow, type Journal, type Row } from "./journal.repository.js";

/** A zone as the API returns it; area_m2 is geodesic. */
export interface Zone {
  id: number;
  name: string;
  scenario_id: number | null;
  region_code: string;
  version: number;
  note: string | null;
  created_by: number | null;
  area_m2: number;
  geometry: MultiPolygon;
}

/** The name of each user's own draft scenario, where zones drawn without a scenario go. */
export const DRAFT_SCENARIO_NAME = "草稿方案";

interface ZoneRow {
  id: number;
  name: string;
  scenario_id: number | null;
  region_code: string;
  version: number;
  note: string | null;
  created_by: number | null;
  area_m2: unknown;
  geometry: unknown;
}

const toZone = (row: ZoneRow): Zone => ({
  id: Number(row.id),
  name: row.name,
  scenario_id: row.scenario_id === null ? null : Number(row.scenario_id),
  region_code: row.region_code,
  version: Number(row.version),
  note: row.note,
  created_by: row.created_by === null ? null : Number(row.created_by),
  area_m2: Math.round(Number(row.area_m2) * 100) / 100,
  geometry: (typeof row.geometry === "string" ? JSON.parse(row.geometry) : row.geometry) as MultiPolygon,
});

/** Zones `scope` reads (the administration's planning records: unit users read none), by id. */
export async function listZones(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: { scenarioId?: number | undefined; id?: number | undefined } = {},
): Promise<Zone[]> {
  const { rows } = await sql<ZoneRow>`
    select z.id, z.name, z.scenario_id, z.region_code, z.version, z.note, z.created_by,
      st_area(z.geom::geography) as area_m2, st_asgeojson(z.geom, 7)::json as geometry
    from zones z
    where ${regionOnlyScope(scope, "z")}
      ${filter.scenarioId === undefined ? sql`` : sql`and z.scenario_id = ${filter.scenarioId}`}
      ${filter.id === undefined ? sql`` : sql`and z.id = ${filter.id}`}
    order by z.id`.execute(db);
  return rows.map(toZone);
}

/** The zone a journal snapshot describes, with its geodesic area. */
export function zoneOf(row: Row, area: number): Zone {
  return toZone({ ...(row as unknown as ZoneRow), area_m2: area, geometry: row.geom });
}

/**
 * The user's draft scenario (草稿方案) in their region, created (and journaled) when missing: zones
 * drawn before any scenario exists still belong to one (zones.scenario_id), of their author's.
 */
export async function draftScenario(
  db: Kysely<Database>,
  journal: Journal,
  user: { userId: number; regionCode: string },
): Promise<Row> {
  const found = await db
    .selectFrom("scenarios")
    .select("id")
    .where("created_by", "=", user.userId)
    .where("name", "=", DRAFT_SCENARIO_NAME)
    .where("status", "=", "draft")
    .where("region_code", "=", user.regionCode)
    .orderBy("id")
    .executeTakeFirst();
  if (found) return { id: found.id };
  const scenario = await insertRow(db, "scenario", {
    region_code: user.regionCode,
    name: DRAFT_SCENARIO_NAME,
    description: "未指定方案时绘制的集中办公区 (zones drawn without a scenario)",
    created_by: user.userId,
  });
  await journal.created("scenario", scenario);
  return scenario;
}
