import { type Kysely, sql } from "kysely";

// Frozen in time: the zone analysis (POST /api/analysis/zone). It asks, for every building within a few
// kilometres of a zone, which units use it, and for each of those units, its in-use area per building:
// two partial indexes over in-use rooms answer both from the index alone (index-only scans), where the
// plain rooms (building_id) / (occupant_unit_id) indexes fetched every row from the heap (1,000,000
// buildings: 558 → 366 ms for a dense city core, docs/performance.md).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index rooms_in_use_building_idx on rooms (building_id, occupant_unit_id)
    where status = 'in_use'`.execute(db);
  await sql`create index rooms_in_use_occupant_idx on rooms (occupant_unit_id, building_id) include (usable_area)
    where status = 'in_use'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists rooms_in_use_occupant_idx`.execute(db);
  await sql`drop index if exists rooms_in_use_building_idx`.execute(db);
}
