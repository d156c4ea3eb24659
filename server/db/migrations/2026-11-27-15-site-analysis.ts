import { type Kysely, sql } from "kysely";

// Frozen in time: the idle-site analysis (POST /api/analysis/sites, /coverage, /location-allocation).
// - Walking distances are straight-line and geodesic: `st_dwithin(location::geography, …, metres)`.
//   Expression indexes on the geography cast let those lookups use an index (the geometry indexes of
//   migration 01 cannot answer a geography predicate).
// - The finder sums the people within reach of hundreds of candidate buildings per search: a generated
//   EPSG:3857 point (like leases_in.location_3857) lets it decide most demand points with a planar
//   distance and check only a thin band geodesically (site-candidates.repository.ts).
// - The finder starts from buildings with idle rooms: a partial index of idle rooms per building and
//   floor answers "has idle rooms" and, with the columns it includes, lists the idle rooms from the index
//   alone (index-only scans), without touching the in-use majority.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index residential_demand_geography_idx on residential_demand
    using gist ((location::geography))`.execute(db);
  await sql`create index community_facilities_geography_idx on community_facilities
    using gist ((location::geography))`.execute(db);
  await sql`alter table residential_demand add column location_3857 geometry(Point, 3857)
    generated always as (st_transform(location, 3857)) stored`.execute(db);
  await sql`create index residential_demand_location_3857_idx on residential_demand
    using gist (location_3857)`.execute(db);
  await sql`create index rooms_idle_building_idx on rooms (building_id, floor_id)
    include (id, number, usable_area, region_code) where status = 'idle'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists rooms_idle_building_idx`.execute(db);
  await sql`alter table residential_demand drop column if exists location_3857`.execute(db);
  await sql`drop index if exists community_facilities_geography_idx`.execute(db);
  await sql`drop index if exists residential_demand_geography_idx`.execute(db);
}
