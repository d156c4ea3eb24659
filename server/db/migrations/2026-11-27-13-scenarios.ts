import { type Kysely, sql } from "kysely";

// Frozen in time: swap and move scenarios (issue 8). The action kinds follow the engine's contract
// (server/domain/scenarios/scenario-model.ts); a scenario records who validated, approved and applied it,
// and at validation the versions of every row it touches (`snapshot`), which staleness and apply compare
// with the live ledger. Audit entries of an apply name the scenario they carry out.

const newKinds = `'move', 'swap', 'chain', 'vacate', 'lease_in', 'end_lease', 'convert', 'dispose', 'allocate'`;
const oldKinds = `'move_unit', 'swap', 'vacate', 'lease_in', 'end_lease', 'convert', 'dispose', 'zone'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table scenario_actions drop constraint scenario_actions_kind_check`.execute(db);
  await sql`alter table scenario_actions add constraint scenario_actions_kind_check
    check (kind in (${sql.raw(newKinds)}))`.execute(db);
  await sql`alter table scenarios
    add column updated_at timestamptz not null default now(),
    add column validated_at timestamptz,
    add column validated_by integer references users (id),
    add column validation jsonb,
    add column snapshot jsonb,
    add column applied_at timestamptz,
    add column applied_by integer references users (id),
    add column archived_from text,
    add constraint scenarios_applied_check check (status <> 'applied' or applied_at is not null),
    add constraint scenarios_validated_check check (status not in ('validated', 'approved', 'applied')
      or (validated_at is not null and snapshot is not null))`.execute(db);
  await sql`create index scenarios_region_idx on scenarios (region_code, status)`.execute(db);
  // A scenario's working set holds each unit's leases-in.
  await sql`create index leases_in_unit_idx on leases_in (unit_id)`.execute(db);
  // The cache key of the baseline sums reads the last recomputation: an index answers max() at once.
  await sql`create index unit_standard_status_computed_idx on unit_standard_status (computed_at)`.execute(db);
  // No foreign key: the audit log is append-only and outlives what it names.
  await sql`alter table audit_log add column scenario_id integer`.execute(db);
  await sql`create index audit_log_scenario_idx on audit_log (scenario_id) where scenario_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists audit_log_scenario_idx`.execute(db);
  await sql`alter table audit_log drop column if exists scenario_id`.execute(db);
  await sql`drop index if exists unit_standard_status_computed_idx`.execute(db);
  await sql`drop index if exists leases_in_unit_idx`.execute(db);
  await sql`drop index if exists scenarios_region_idx`.execute(db);
  await sql`alter table scenarios drop constraint if exists scenarios_validated_check,
    drop constraint if exists scenarios_applied_check,
    drop column if exists updated_at, drop column if exists validated_at, drop column if exists validated_by,
    drop column if exists validation, drop column if exists snapshot, drop column if exists applied_at,
    drop column if exists applied_by, drop column if exists archived_from`.execute(db);
  await sql`delete from scenario_actions where kind not in (${sql.raw(oldKinds)})`.execute(db);
  await sql`alter table scenario_actions drop constraint scenario_actions_kind_check`.execute(db);
  await sql`alter table scenario_actions add constraint scenario_actions_kind_check
    check (kind in (${sql.raw(oldKinds)}))`.execute(db);
}
