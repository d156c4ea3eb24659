import { type Kysely, sql } from "kysely";

// Frozen in time: allocation requests (调配申报) as filed and decided. A request records who filed it and
// by when the space is needed; a plan records its preference rank among the request's plans and when it
// was prepared (its room versions, in `details`, are what a decision checks for changes since).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table allocation_requests
    add column needed_by date,
    add column filed_by integer references users (id),
    add column decided_by integer references users (id)`.execute(db);
  await sql`create index allocation_requests_unit_idx on allocation_requests (unit_id)`.execute(db);
  await sql`create index allocation_requests_region_idx on allocation_requests (region_code, status)`.execute(
    db,
  );
  await sql`alter table allocation_plans
    add column rank integer not null default 1 check (rank > 0),
    add column created_at timestamptz not null default now()`.execute(db);
  await sql`create index allocation_plans_request_idx on allocation_plans (request_id, rank)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists allocation_plans_request_idx`.execute(db);
  await sql`alter table allocation_plans drop column if exists rank, drop column if exists created_at`.execute(
    db,
  );
  await sql`drop index if exists allocation_requests_region_idx`.execute(db);
  await sql`drop index if exists allocation_requests_unit_idx`.execute(db);
  await sql`alter table allocation_requests drop column if exists needed_by,
    drop column if exists filed_by, drop column if exists decided_by`.execute(db);
}
