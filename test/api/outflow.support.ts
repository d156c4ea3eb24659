import { sql } from "kysely";
import type { TestApp } from "../support/test-app.js";

// Shared by the tests of the outflow of idle space: conversions, the commercial register, disposals and
// the public listing.

export interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}

export const json = (body: unknown, method = "POST"): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** The id of the demo building with this name. */
export async function buildingId(app: TestApp, name: string): Promise<number> {
  const row = await app.database.db
    .selectFrom("buildings")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A whole idle Harbin building the demo marks for startup space (哈尔滨市…办公楼（闲置…）). */
export async function harbinStartupBuilding(app: TestApp): Promise<{ id: number; name: string }> {
  const { rows } = await sql<{ id: number; name: string }>`
    select id, name from buildings where note like '%创业孵化%' and name like '哈尔滨市%' order by id limit 1`.execute(
    app.database.db,
  );
  if (!rows[0]) throw new Error("the demo has no Harbin startup building");
  return rows[0];
}

export async function auditActions(app: TestApp, entity: string, id: number | string): Promise<string[]> {
  const { rows } = await sql<{ action: string }>`select action from audit_log
    where entity = ${entity} and entity_id = ${String(id)} order by id`.execute(app.database.db);
  return rows.map((row) => row.action);
}

export const FUYU_BUILDING = "富裕县原县直机关办公楼（已腾退）";
export const MACHINERY_BUILDING = "原黑龙江省机械工业厅办公楼";
