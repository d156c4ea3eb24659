import type { Kysely } from "kysely";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  isStale,
  listScenarios,
  type ScenarioRow,
  scenarioActions,
} from "../../db/repositories/scenario.repository.js";
import type { SnapshotChange } from "../../db/repositories/scenario-snapshot.repository.js";
import type { Database } from "../../db/schema.js";
import {
  canRead,
  canWrite,
  isAdministrationStaff,
  type Principal,
  type ReadScope,
  readScopeOf,
  regionPrefix,
} from "../../domain/auth/access.js";
import { ApiError, type ErrorDetail } from "../errors.js";
import { staleVersion } from "./edit-support.js";

// What the scenario routes share: who may do what, loading one scenario, and its JSON view.

/** Scenarios are the administration's planning records: unit users and the public never see them. */
export function requireScenarioReader(principal: Principal): ReadScope {
  if (!isAdministrationStaff(principal))
    throw new ApiError(
      "forbidden",
      "Scenarios are the administration's planning records: unit users do not see them",
    );
  return readScopeOf(principal);
}

/** Planners (and system administrators) create and edit scenarios within their region. */
export function requireScenarioEditor(principal: Principal, regionCode: string, id?: number): void {
  if (
    !canWrite(principal, { regionCode }) ||
    !principal.roles.some((role) => role === "planner" || role === "system_admin")
  )
    throw new ApiError(
      "forbidden",
      id === undefined
        ? `You may not plan scenarios in region ${regionCode}: only planners of the region may`
        : `You may not change scenario ${id}: only planners of its region may`,
    );
}

/** Approval and application are a separate duty: the region's approvers only (not the planners). */
export function requireApprover(
  principal: Principal,
  scenario: ScenarioRow,
  verb: "approve" | "apply",
): void {
  if (!principal.roles.includes("approver") || !canRead(principal, { regionCode: scenario.region_code }))
    throw new ApiError(
      "forbidden",
      `Only an approver of region ${scenario.region_code} may ${verb} scenario ${scenario.id}`,
    );
}

/** The audit entry of a scenario's own change (its summary before and after), naming the scenario. */
export async function auditScenario(
  trx: Kysely<Database>,
  principal: Principal,
  action: "create" | "update" | "approve" | "apply",
  before: ScenarioRow | undefined,
  after: ScenarioRow,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const summary = (row: ScenarioRow) => ({
    name: row.name,
    description: row.description,
    status: row.status,
    version: row.version,
    actions: row.action_count,
  });
  return appendAudit(trx, {
    userId: principal.userId,
    regionCode: after.region_code,
    action,
    entity: "scenario",
    entityId: after.id,
    ...(before ? { before: summary(before) } : {}),
    after: { ...summary(after), ...extra },
    scenarioId: after.id,
  });
}

/** The scenario (locked when asked, for the caller's transaction) or a 404 when absent or out of scope. */
export async function findScenario(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  lock = false,
): Promise<ScenarioRow> {
  const [scenario] = await listScenarios(db, requireScenarioReader(principal), { id, lock });
  if (!scenario) throw new ApiError("not_found", `No scenario ${id}`);
  return scenario;
}

/** The version the client saw, or 409 with the current one. */
export function expectScenarioVersion(scenario: ScenarioRow, version: number | undefined): void {
  if (version !== undefined && scenario.version !== version)
    throw staleVersion("scenario", scenario.id, scenario.version);
}

/** Applied scenarios are history and archived ones are shelved: 409 for any edit. */
export function requireEditable(scenario: ScenarioRow): void {
  if (scenario.status === "applied")
    throw new ApiError(
      "conflict",
      `Scenario ${scenario.id} was applied on ${scenario.applied_at ?? "?"}: it no longer changes (copy it to plan further)`,
      [{ path: "status", message: "applied" }],
    );
  if (scenario.status === "archived")
    throw new ApiError("conflict", `Scenario ${scenario.id} is archived: set its status to draft first`, [
      { path: "status", message: "archived" },
    ]);
}

/** The read scope of a scenario's own region: what it loads, whoever asks (validation and apply agree). */
export const regionScope = (scenario: ScenarioRow): ReadScope => ({
  regionPrefix: regionPrefix(scenario.region_code),
  unitIds: null,
});

/** A scenario as the API answers it: no snapshot internals, with its staleness. */
export async function scenarioView(db: Kysely<Database>, scenario: ScenarioRow, withActions = false) {
  const { snapshot: _snapshot, validation, ...fields } = scenario;
  return {
    ...fields,
    validation_summary: validation ?? null,
    stale: await isStale(db, scenario),
    ...(withActions ? { actions: await scenarioActions(db, scenario.id) } : {}),
  };
}

const tableNouns = { rooms: "room", buildings: "building", leases_in: "lease" } as const;

/** Details of a 409: each row that changed since validation, and how. */
export function changeDetails(changes: readonly SnapshotChange[]): ErrorDetail[] {
  return changes.map((change) => ({
    path: `${change.table}.${change.id}`,
    message:
      change.currentVersion === null
        ? `${tableNouns[change.table]} ${change.id} no longer exists (version ${change.snapshotVersion} at validation)`
        : `${tableNouns[change.table]} ${change.id} changed since validation: version ${change.snapshotVersion} → ${change.currentVersion}`,
  }));
}
