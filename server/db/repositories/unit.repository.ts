import { type Kysely, sql } from "kysely";
import { type ReadScope, regionPrefix } from "../../domain/auth/access.js";
import type { Database } from "../schema.js";
import { scopeCondition, unitIn } from "../scope.js";

export interface UnitFilter {
  /** A region code: units in it or in any region below it. */
  readonly region?: string | undefined;
  readonly kind?: string | undefined;
  readonly level?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export async function listUnits(db: Kysely<Database>, filter: UnitFilter, scope: ReadScope) {
  let query = db
    .selectFrom("units as u")
    .where(scopeCondition(scope, sql.ref("u.region_code"), (ids) => unitIn(sql.ref("u.id"), ids)));
  if (filter.region) query = query.where("u.region_code", "like", `${regionPrefix(filter.region)}%`);
  if (filter.kind) query = query.where("u.kind", "=", filter.kind);
  if (filter.level) query = query.where("u.admin_level", "=", filter.level);
  const [rows, total] = await Promise.all([
    query
      .select([
        "u.id",
        "u.name",
        "u.kind",
        "u.admin_level",
        "u.region_code",
        "u.supervising_unit_id",
        "u.is_demo",
      ])
      .select([
        sql<number>`coalesce((select sum(s.authorized) from staffing s where s.unit_id = u.id), 0)`.as(
          "authorized_headcount",
        ),
        sql<number>`coalesce((select sum(s.actual) from staffing s where s.unit_id = u.id), 0)`.as(
          "actual_headcount",
        ),
        sql<number>`coalesce((select sum(r.usable_area) from rooms r where r.occupant_unit_id = u.id and r.status = 'in_use'), 0)`.as(
          "usable_area_in_use",
        ),
      ])
      .orderBy("u.id")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
  ]);
  return { units: rows, total: Number(total.count) };
}
