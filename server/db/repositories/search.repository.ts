import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Database } from "../schema.js";
import { buildingOccupiedBy, scopeCondition, unitIn } from "../scope.js";

export interface SearchHit {
  type: "unit" | "building";
  id: number;
  name: string;
  region_code: string;
  region_name: string;
  /** [lng, lat] to fly to: the building's point on surface, or the unit's largest building. */
  center: [number, number] | null;
}

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Every whitespace-separated term must occur in the name (e.g. "富裕 腾退"). */
function nameMatches(column: RawBuilder<unknown>, terms: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(
    terms.map((term) => sql`${column} ilike ${`%${escapeLike(term)}%`}`),
    sql` and `,
  )})`;
}

/**
 * Every term occurs in building `b`'s name, address, title certificate number or the number of a use
 * certificate issued for it: officials look buildings up by any of them.
 */
function buildingMatches(terms: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(
    terms.map((term) => {
      const pattern = `%${escapeLike(term)}%`;
      return sql`(b.name ilike ${pattern} or b.address ilike ${pattern} or b.title_certificate_no ilike ${pattern}
        or exists (select 1 from use_certificates c where c.building_id = b.id and c.certificate_no ilike ${pattern}))`;
    }),
    sql` and `,
  )})`;
}

/**
 * Units whose name contains every term, and buildings whose name, address or certificate numbers do. Names starting with the first term rank
 * first, ancillary buildings (附属楼) last, units before buildings, then shorter names.
 */
export async function search(
  db: Kysely<Database>,
  text: string,
  limit: number,
  scope: ReadScope,
): Promise<SearchHit[]> {
  const terms = text.split(/\s+/).filter(Boolean).slice(0, 5);
  const first = escapeLike(terms[0] ?? "");
  const { rows } = await sql<SearchHit>`
    select type, id, name, region_code, region_name, center from (
      select 'unit' as type, u.id, u.name, u.region_code, g.name as region_name,
        (select json_build_array(round(st_x(p)::numeric, 6), round(st_y(p)::numeric, 6))
           from (select st_pointonsurface(b.footprint) as p, sum(r.usable_area) as area
                 from rooms r join buildings b on b.id = r.building_id
                 where r.occupant_unit_id = u.id group by b.id) best
           order by area desc limit 1) as center,
        false as ancillary
      from units u join regions g on g.code = u.region_code
      where ${nameMatches(sql.ref("u.name"), terms)}
        and ${scopeCondition(scope, sql.ref("u.region_code"), (ids) => unitIn(sql.ref("u.id"), ids))}
      union all
      select 'building' as type, b.id, b.name, b.region_code, g.name as region_name,
        json_build_array(round(st_x(st_pointonsurface(b.footprint))::numeric, 6),
                         round(st_y(st_pointonsurface(b.footprint))::numeric, 6)) as center,
        b.name like '%附属楼' as ancillary
      from buildings b join regions g on g.code = b.region_code
      where ${buildingMatches(terms)}
        and ${scopeCondition(scope, sql.ref("b.region_code"), (ids) => buildingOccupiedBy(sql.ref("b.id"), ids))}
    ) hits
    order by (name ilike ${`${first}%`}) desc, ancillary, type desc, length(name), id
    limit ${limit}`.execute(db);
  return rows;
}
