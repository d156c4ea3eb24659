import { type Kysely, sql } from "kysely";

// Frozen in time: the zone analysis and the optimiser count a unit's demand in core usable area (office,
// service and equipment rooms: what the entitlement covers, domain/zones/zone-analysis.ts demandOf), so
// the per-unit sums of in-use rooms need the use category too. The in-use occupant index of migration 10
// carries it along with the area, so those sums stay index-only scans.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index rooms_in_use_occupant_category_idx on rooms (occupant_unit_id, building_id)
    include (usable_area, use_category) where status = 'in_use'`.execute(db);
  await sql`drop index if exists rooms_in_use_occupant_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists rooms_in_use_occupant_idx on rooms (occupant_unit_id, building_id)
    include (usable_area) where status = 'in_use'`.execute(db);
  await sql`drop index if exists rooms_in_use_occupant_category_idx`.execute(db);
}
