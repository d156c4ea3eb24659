import { type Kysely, sql } from "kysely";

// Frozen in time: vector-tile support. WGS84 stays the stored truth; the 3857 columns are generated
// from it so tiles never transform per request. The `tiles` schema holds the data version (bumped by
// statement-level triggers on every table a tile reads) and the precomputed low-zoom aggregates.

/** Tables whose rows end up in a tile (directly or through an aggregate). */
const watchedTables = [
  "regions",
  "ranks",
  "units",
  "people",
  "buildings",
  "rooms",
  "room_occupants",
  "leases_in",
];

const statements = [
  sql`alter table buildings add column footprint_3857 geometry(Polygon, 3857)
    generated always as (st_transform(footprint, 3857)) stored`,
  sql`create index buildings_footprint_3857_idx on buildings using gist (footprint_3857)`,
  sql`alter table regions add column geom_3857 geometry(MultiPolygon, 3857)
    generated always as (st_transform(geom, 3857)) stored`,
  sql`create index regions_geom_3857_idx on regions using gist (geom_3857)`,
  sql`alter table leases_in add column location_3857 geometry(Point, 3857)
    generated always as (st_transform(location, 3857)) stored`,
  sql`create index leases_in_location_3857_idx on leases_in using gist (location_3857)`,

  sql`create schema tiles`,
  // One row. `epoch` tells databases apart, so an ETag of one never matches a tile of another.
  sql`create table tiles.state (
    singleton boolean primary key default true check (singleton),
    data_version bigint not null default 1 check (data_version > 0),
    epoch text not null default substr(md5(random()::text || clock_timestamp()::text), 1, 12)
  )`,
  sql`insert into tiles.state default values`,
  // The data version the aggregates below were built from (0: never built).
  sql`create table tiles.aggregate_state (
    singleton boolean primary key default true check (singleton),
    data_version bigint not null default 0 check (data_version >= 0)
  )`,
  sql`insert into tiles.aggregate_state default values`,
  // The bump joins the writing transaction: readers see the new version exactly when they see the data.
  sql`create function tiles.bump_data_version() returns trigger language plpgsql as $$
    begin
      update tiles.state set data_version = data_version + 1;
      return null;
    end
  $$`,
  ...watchedTables.map(
    (table) => sql`create trigger ${sql.id(`${table}_tile_data_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function tiles.bump_data_version()`,
  ),

  // Buildings per cell of the XYZ grid at a few levels and per region: cell (level, cell_x, cell_y) is
  // tile (level, x, y) of EPSG:3857; `region_code` is the buildings' own (county-level) code, so a
  // reader scoped to a region subtree sums only its rows; `geom` is the buildings' mean centroid.
  sql`create table tiles.building_cells (
    level smallint not null check (level between 0 and 24),
    cell_x integer not null check (cell_x >= 0),
    cell_y integer not null check (cell_y >= 0),
    region_code text not null,
    geom geometry(Point, 3857) not null,
    building_count integer not null check (building_count > 0),
    gross_area double precision not null,
    usable_area double precision not null,
    idle_area double precision not null,
    idle_building_count integer not null,
    over_standard_count integer not null,
    primary key (level, cell_x, cell_y, region_code)
  )`,
  // Per region (any level), totals over the region and everything below it.
  sql`create table tiles.region_stats (
    region_code text primary key,
    building_count integer not null,
    gross_area double precision not null,
    usable_area double precision not null,
    idle_area double precision not null,
    units_over_standard integer not null,
    leases_in_count integer not null,
    leases_in_rent double precision not null
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of watchedTables) {
    await sql`drop trigger if exists ${sql.id(`${table}_tile_data_version`)} on ${sql.table(table)}`.execute(
      db,
    );
  }
  await sql`drop schema if exists tiles cascade`.execute(db);
  await sql`alter table leases_in drop column if exists location_3857`.execute(db);
  await sql`alter table regions drop column if exists geom_3857`.execute(db);
  await sql`alter table buildings drop column if exists footprint_3857`.execute(db);
}
