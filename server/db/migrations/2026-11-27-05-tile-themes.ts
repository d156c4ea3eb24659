import { type Kysely, sql } from "kysely";

// Frozen in time: what the map workbench's thematic styles and extra tile layers read.
// - Non-office assets and community facilities become tile sources: like leases_in.location_3857, each
//   gets a generated EPSG:3857 point (a non-office asset's polygon is served as its point on surface)
//   with a GiST index, so tiles never transform per request.
// - Tiles now also read staffing (the buildings' `compliance`), non_office_assets and
//   community_facilities: their writes bump the tile data version like the tables of migration 03.
// - Region names get one label point each (point on surface), so a name shows once per region rather
//   than once per tile the boundary crosses.
// The unit-compliance lookups use indexes that already exist: rooms (occupant_unit_id) from the initial
// schema and staffing's primary key (unit_id, rank_code).

const watchedTables = ["staffing", "non_office_assets", "community_facilities"];

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`alter table non_office_assets add column location_3857 geometry(Point, 3857)
      generated always as (st_transform(st_pointonsurface(geom), 3857)) stored`,
    sql`create index non_office_assets_location_3857_idx on non_office_assets using gist (location_3857)`,
    sql`alter table community_facilities add column location_3857 geometry(Point, 3857)
      generated always as (st_transform(location, 3857)) stored`,
    sql`create index community_facilities_location_3857_idx on community_facilities using gist (location_3857)`,
    sql`alter table regions add column label_3857 geometry(Point, 3857)
      generated always as (st_transform(st_pointonsurface(geom), 3857)) stored`,
    sql`create index regions_label_3857_idx on regions using gist (label_3857)`,
    ...watchedTables.map(
      (table) => sql`create trigger ${sql.id(`${table}_tile_data_version`)}
        after insert or update or delete or truncate on ${sql.table(table)}
        for each statement execute function tiles.bump_data_version()`,
    ),
  ];
  for (const statement of statements) await statement.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of watchedTables) {
    await sql`drop trigger if exists ${sql.id(`${table}_tile_data_version`)} on ${sql.table(table)}`.execute(
      db,
    );
  }
  await sql`alter table regions drop column if exists label_3857`.execute(db);
  await sql`alter table community_facilities drop column if exists location_3857`.execute(db);
  await sql`alter table non_office_assets drop column if exists location_3857`.execute(db);
}
