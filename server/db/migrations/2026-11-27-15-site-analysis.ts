import { type Kysely, sql } from "kysely";

// Frozen in time: the idle-site analysis (POST /api/analysis/sites, /coverage, /location-allocation).
// - Walking distances are straight-line and geodesic: `st_dwithin(location::geography, …, metres)`.
//   Expression indexes on the geography cast let those lookups use an index (the geometry indexes of
//   migration 01 cannot answer a geography predicate).
// - The finder starts from buildings with idle rooms: a partial index of idle rooms per building and
//   floor answers "has idle rooms" and the floor sums without touching the in-use majority.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index residential_demand_geography_idx on residential_demand
    using gist ((location::geography))`.execute(db);
  await sql`create index community_facilities_geography_idx on community_facilities
    using gist ((location::geography))`.execute(db);
  await sql`create index rooms_idle_building_idx on rooms (building_id, floor_id) include (usable_area)
    where status = 'idle'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists rooms_idle_building_idx`.execute(db);
  await sql`drop index if exists community_facilities_geography_idx`.execute(db);
  await sql`drop index if exists residential_demand_geography_idx`.execute(db);
}
