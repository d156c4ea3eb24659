import { type Kysely, sql } from "kysely";

// Frozen in time: editing the inventory. "Undo" writes new audit entries of action `revert` (the log
// stays append-only), each naming the entry it undid in `reverted_entry_id`, so an entry is undone at
// most once and a revert can itself be reverted (redo).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log drop constraint audit_log_action_check`.execute(db);
  await sql`alter table audit_log add constraint audit_log_action_check check (action in ('create', 'update',
    'delete', 'apply', 'approve', 'publish', 'login', 'logout', 'revert'))`.execute(db);
  await sql`alter table audit_log add column reverted_entry_id bigint references audit_log (id)`.execute(db);
  await sql`create index audit_log_reverted_entry_idx on audit_log (reverted_entry_id)
    where reverted_entry_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_log drop column if exists reverted_entry_id`.execute(db);
  // Reverts cannot be dropped from an append-only log, so the constraint keeps them valid on the way down.
  await sql`alter table audit_log drop constraint audit_log_action_check`.execute(db);
  await sql`alter table audit_log add constraint audit_log_action_check check (action in ('create', 'update',
    'delete', 'apply', 'approve', 'publish', 'login', 'logout', 'revert'))`.execute(db);
}
