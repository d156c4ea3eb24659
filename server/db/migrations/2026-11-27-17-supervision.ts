import { type Kysely, sql } from "kysely";

// Frozen in time: issue 10's first slice. The idle-space trend needs the dashboard's figures as they
// were, so a region's totals are kept once a day (taking them again the same day replaces that day's
// row). The finding ledger (立账整改) records where a finding came from, the unit's rectification plan
// and evidence, and when it was raised; its history is the audit log.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table dashboard_snapshots (
    region_code text not null references regions (code),
    taken_on date not null,
    gross_area numeric(16, 2) not null check (gross_area >= 0),
    office_area numeric(16, 2) not null check (office_area >= 0),
    idle_area numeric(16, 2) not null check (idle_area >= 0),
    units_over_standard integer not null check (units_over_standard >= 0),
    persons_over_standard integer not null check (persons_over_standard >= 0),
    leases_in integer not null check (leases_in >= 0),
    annual_rent_outside numeric(16, 2) not null check (annual_rent_outside >= 0),
    open_findings integer not null check (open_findings >= 0),
    taken_at timestamptz not null default now(),
    is_demo boolean not null default false,
    primary key (region_code, taken_on)
  )`.execute(db);
  await sql`alter table findings
    add column source text not null default 'inspection' check (source in ('rule_check', 'inspection')),
    add column rectification_plan text,
    add column evidence text,
    add column created_at timestamptz not null default now(),
    add column updated_at timestamptz not null default now()`.execute(db);
  await sql`create index findings_region_status_idx on findings (region_code, status)`.execute(db);
  await sql`create index findings_unit_idx on findings (unit_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists findings_unit_idx`.execute(db);
  await sql`drop index if exists findings_region_status_idx`.execute(db);
  await sql`alter table findings drop column if exists source, drop column if exists rectification_plan,
    drop column if exists evidence, drop column if exists created_at, drop column if exists updated_at`.execute(
    db,
  );
  await sql`drop table if exists dashboard_snapshots`.execute(db);
}
