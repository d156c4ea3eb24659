import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { BBox, Geometry } from "../../domain/geojson.js";
import { stAsGeoJSON, stIntersects, stMakeEnvelope } from "../postgis.js";
import type { Database } from "../schema.js";
import { buildingOccupiedBy, scopeCondition } from "../scope.js";

/** Buildings whose footprint meets the bbox, with their room totals, largest first up to `limit`. */
export function buildingsInBBox(db: Kysely<Database>, bbox: BBox, limit: number, scope: ReadScope) {
  return (
    db
      .selectFrom("buildings as b")
      // Per building, after the bbox filter: the cost follows what is in view, not the size of `rooms`.
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom("rooms")
            .select([
              sql<number>`sum(usable_area)`.as("usable_area"),
              sql<number>`sum(usable_area) filter (where status = 'idle')`.as("idle_area"),
              sql<number>`count(*)`.as("room_count"),
            ])
            .whereRef("rooms.building_id", "=", "b.id")
            .as("r"),
        (join) => join.onTrue(),
      )
      .where(stIntersects(sql.ref("b.footprint"), stMakeEnvelope(bbox)))
      .where(
        scopeCondition(scope, sql.ref("b.region_code"), (ids) => buildingOccupiedBy(sql.ref("b.id"), ids)),
      )
      .select([
        "b.id",
        "b.name",
        "b.region_code",
        "b.property_class",
        "b.floors_above",
        "b.gross_area",
        "b.built_year",
        "b.is_demo",
      ])
      .select([
        sql<number>`coalesce(r.usable_area, 0)`.as("usable_area"),
        sql<number>`coalesce(r.idle_area, 0)`.as("idle_area"),
        sql<number>`coalesce(r.room_count, 0)`.as("room_count"),
        stAsGeoJSON(sql.ref("b.footprint")).as("geometry"),
      ])
      .orderBy("b.gross_area", "desc")
      .orderBy("b.id")
      .limit(limit)
      .execute() as Promise<Array<Record<string, unknown> & { id: number; geometry: Geometry }>>
  );
}
