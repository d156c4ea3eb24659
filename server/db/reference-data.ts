import { type Kysely, sql } from "kysely";
import { readDivisions, readRegionPolygons } from "./geodata-files.js";
import type { Database } from "./schema.js";

/**
 * Loads the region hierarchy (real codes and boundaries) into an empty `regions` table. Boundaries
 * decoded from quantised sources can self-touch, so they pass through ST_MakeValid on the way in.
 */
export async function loadReferenceData(db: Kysely<Database>): Promise<number> {
  const existing = await db
    .selectFrom("regions")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .executeTakeFirstOrThrow();
  if (Number(existing.count) > 0) return 0;
  const divisions = readDivisions();
  const polygons = readRegionPolygons();
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < divisions.length; start += 500) {
      const rows = divisions.slice(start, start + 500).map((division) => {
        const polygon = polygons.get(division.code);
        return {
          code: division.code,
          name: division.name,
          level: division.level,
          parent_code: division.parentCode,
          geom: polygon
            ? sql`st_multi(st_collectionextract(st_makevalid(st_setsrid(st_geomfromgeojson(${JSON.stringify(polygon)}), 4326)), 3))`
            : null,
        };
      });
      await trx.insertInto("regions").values(rows).execute();
    }
  });
  return divisions.length;
}
