import { type Kysely, sql } from "kysely";

// Frozen in time: each unit's entitlement under the 2014 standard (党政机关办公用房建设标准,
// 发改投资〔2014〕2674号) against its actual use, as last computed in bulk (POST /api/standards/recompute),
// with the parameter set it was computed under. Areas are m² (entitled and actual offices, service and
// equipment rooms: usable area; gross: the standard's S). A derived table: recomputing rewrites its rows.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table unit_standard_status (
    unit_id integer primary key references units (id) on delete cascade,
    region_code text not null,
    parameters_version text not null,
    computed_at timestamptz not null,
    effective_level text not null
      check (effective_level in ('central', 'provincial', 'prefecture', 'county', 'township')),
    takes_level_below boolean not null,
    sub_provincial boolean not null,
    high_rise boolean not null,
    staffing_rows integer not null check (staffing_rows >= 0),
    authorized integer not null check (authorized >= 0),
    entitled_office numeric(14, 2) not null,
    entitled_service numeric(14, 2) not null,
    entitled_equipment numeric(14, 2) not null,
    entitled_core numeric(14, 2) not null,
    entitled_gross numeric(14, 2) not null,
    actual_office numeric(14, 2) not null,
    actual_service numeric(14, 2) not null,
    actual_equipment numeric(14, 2) not null,
    actual_ancillary numeric(14, 2) not null,
    actual_technical numeric(14, 2) not null,
    actual_core numeric(14, 2) not null,
    office_surplus numeric(14, 2) not null,
    service_surplus numeric(14, 2) not null,
    equipment_surplus numeric(14, 2) not null,
    core_surplus numeric(14, 2) not null,
    -- no_staffing: no staffing rows, hence no entitlement (the unit summary shows none either).
    status text not null check (status in ('over', 'within', 'short', 'no_staffing')),
    persons_checked integer not null check (persons_checked >= 0),
    over_standard_persons integer not null check (over_standard_persons >= 0)
  )`.execute(db);
  await sql`create index unit_standard_status_region_idx on unit_standard_status (region_code text_pattern_ops)`.execute(
    db,
  );
  await sql`create index unit_standard_status_status_idx on unit_standard_status (status)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists unit_standard_status`.execute(db);
}
