import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { ScenarioAction } from "../../domain/scenarios/scenario-model.js";
import type { Database } from "../schema.js";
import { scopeCondition } from "../scope.js";
import { snapshotChanges, type VersionSnapshot } from "./scenario-snapshot.repository.js";

// Scenarios (置换方案) and their ordered actions as stored: plain rows in, plain rows out.

export const scenarioStatuses = ["draft", "validated", "approved", "applied", "archived"] as const;
export type ScenarioStatus = (typeof scenarioStatuses)[number];

export interface ScenarioRow {
  readonly id: number;
  readonly region_code: string;
  readonly name: string;
  readonly description: string | null;
  readonly status: ScenarioStatus;
  readonly parent_scenario_id: number | null;
  readonly created_by: number | null;
  readonly created_by_name: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly validated_at: string | null;
  readonly approved_by: number | null;
  readonly approved_at: string | null;
  readonly applied_by: number | null;
  readonly applied_at: string | null;
  readonly archived_from: string | null;
  readonly is_demo: boolean;
  readonly version: number;
  readonly action_count: number;
  readonly snapshot: VersionSnapshot | null;
  readonly validation: unknown;
}

/** Scenarios a scope reads: administration staff of the region subtree; unit users none. */
const scenarioScope = (scope: ReadScope) =>
  scopeCondition(scope, sql.ref("s.region_code"), () => sql<boolean>`false`);

const json = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);

function rowOf(row: Record<string, unknown>): ScenarioRow {
  const text = (value: unknown) => (value == null ? null : new Date(value as string).toISOString());
  return {
    ...(row as unknown as ScenarioRow),
    created_at: text(row.created_at) as string,
    updated_at: text(row.updated_at) as string,
    validated_at: text(row.validated_at),
    approved_at: text(row.approved_at),
    applied_at: text(row.applied_at),
    action_count: Number(row.action_count),
    snapshot: json(row.snapshot) as VersionSnapshot | null,
    validation: json(row.validation),
  };
}

/** Scenarios in scope, newest first; `id` for one, `lock` to lock it for the caller's transaction. */
export async function listScenarios(
  db: Kysely<Database>,
  scope: ReadScope,
  filter: { id?: number; ids?: readonly number[]; status?: string; lock?: boolean } = {},
): Promise<ScenarioRow[]> {
  const conditions = [scenarioScope(scope)];
  if (filter.id !== undefined) conditions.push(sql`s.id = ${filter.id}`);
  if (filter.ids !== undefined) conditions.push(sql`s.id = any(${sql.val([...filter.ids])}::int[])`);
  if (filter.status !== undefined) conditions.push(sql`s.status = ${filter.status}`);
  const { rows } = await sql<Record<string, unknown>>`
    select s.id, s.region_code, s.name, s.description, s.status, s.parent_scenario_id, s.created_by,
      u.display_name as created_by_name, s.created_at, s.updated_at, s.validated_at, s.approved_by,
      s.approved_at, s.applied_by, s.applied_at, s.archived_from, s.is_demo, s.version, s.snapshot,
      s.validation, (select count(*) from scenario_actions a where a.scenario_id = s.id) as action_count
    from scenarios s left join users u on u.id = s.created_by
    where ${sql.join(conditions, sql` and `)}
    order by s.id desc ${filter.lock ? sql`for update of s` : sql``}`.execute(db);
  return rows.map(rowOf);
}

/** The ordered actions of a scenario. */
export async function scenarioActions(db: Kysely<Database>, scenarioId: number): Promise<ScenarioAction[]> {
  const rows = await db
    .selectFrom("scenario_actions")
    .select("payload")
    .where("scenario_id", "=", scenarioId)
    .orderBy("seq")
    .execute();
  return rows.map((row) => json(row.payload) as ScenarioAction);
}

/** Replaces a scenario's actions with `actions`, numbered from 0. */
export async function writeActions(
  db: Kysely<Database>,
  scenario: { id: number; region_code: string },
  actions: readonly ScenarioAction[],
): Promise<void> {
  await db.deleteFrom("scenario_actions").where("scenario_id", "=", scenario.id).execute();
  for (let start = 0; start < actions.length; start += 1000) {
    const rows = actions.slice(start, start + 1000).map((action, index) => ({
      scenario_id: scenario.id,
      region_code: scenario.region_code,
      seq: start + index,
      kind: action.kind,
      payload: JSON.stringify(action),
    }));
    await db.insertInto("scenario_actions").values(rows).execute();
  }
}

export interface NewScenario {
  readonly regionCode: string;
  readonly name: string;
  readonly description: string | null;
  readonly createdBy: number | null;
  readonly parentScenarioId?: number | null;
  readonly isDemo?: boolean;
}

/** Inserts a draft scenario with its actions; returns its id. */
export async function insertScenario(
  db: Kysely<Database>,
  scenario: NewScenario,
  actions: readonly ScenarioAction[],
): Promise<number> {
  const { id } = await db
    .insertInto("scenarios")
    .values({
      region_code: scenario.regionCode,
      name: scenario.name,
      description: scenario.description,
      created_by: scenario.createdBy,
      parent_scenario_id: scenario.parentScenarioId ?? null,
      is_demo: scenario.isDemo ?? false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeActions(db, { id, region_code: scenario.regionCode }, actions);
  return id;
}

/** Column changes of a scenario; the version is bumped and updated_at set. */
export type ScenarioChanges = Partial<{
  name: string;
  description: string | null;
  status: ScenarioStatus;
  validated_at: string | null;
  validated_by: number | null;
  validation: string | null;
  snapshot: string | null;
  approved_by: number | null;
  approved_at: string | null;
  applied_by: number | null;
  applied_at: string | null;
  archived_from: string | null;
}>;

export async function updateScenario(db: Kysely<Database>, id: number, changes: ScenarioChanges) {
  await db
    .updateTable("scenarios")
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` } as never)
    .where("id", "=", id)
    .execute();
}

/** Back to draft: what validation and approval recorded no longer holds once the actions change. */
export const backToDraft: ScenarioChanges = {
  status: "draft",
  validated_at: null,
  validated_by: null,
  validation: null,
  snapshot: null,
  approved_by: null,
  approved_at: null,
};

/** Whether live rows a validated or approved scenario touches changed since its snapshot. */
export async function isStale(db: Kysely<Database>, scenario: ScenarioRow): Promise<boolean> {
  if (scenario.snapshot === null || (scenario.status !== "validated" && scenario.status !== "approved"))
    return false;
  return (await snapshotChanges(db, scenario.snapshot)).length > 0;
}
