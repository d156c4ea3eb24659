import type { Kysely } from "kysely";
import { type ScenarioRow, scenarioActions } from "../../db/repositories/scenario.repository.js";
import { loadScenarioState } from "../../db/repositories/scenario-state.repository.js";
import type { Database } from "../../db/schema.js";
import { applyActions } from "../../domain/scenarios/scenario-apply.js";
import { scenarioMetrics } from "../../domain/scenarios/scenario-metrics.js";
import type {
  ActionEffect,
  ScenarioAction,
  ScenarioMetrics,
  ScenarioState,
  ValidationOptions,
  ValidationResult,
} from "../../domain/scenarios/scenario-model.js";
import { validateApplied } from "../../domain/scenarios/scenario-validate.js";
import { regionScope } from "./scenario-support.js";

// One run of the engine over the live ledger: load the working set and the region's baseline, apply the
// actions, check them and measure the result. Validation, metrics, comparison and apply all start here.

export interface Evaluation {
  readonly before: ScenarioState;
  readonly after: ScenarioState;
  readonly effects: readonly ActionEffect[];
  readonly validation: ValidationResult;
  readonly metrics: ScenarioMetrics;
}

/** The engine's verdict and figures for `actions` of `scenario` over the ledger as it is now. */
export async function evaluateScenario(
  db: Kysely<Database>,
  scenario: ScenarioRow,
  actions: readonly ScenarioAction[],
  options: ValidationOptions = {},
): Promise<Evaluation> {
  const before = await loadScenarioState(db, actions, scenario.region_code, regionScope(scenario));
  const applied = applyActions(before, actions);
  const { state: after, effects } = applied;
  return {
    before,
    after,
    effects,
    validation: validateApplied(before, actions, applied, options),
    metrics: scenarioMetrics(before, after, effects),
  };
}

/** What validation stores: the verdict's counts and the metrics (an applied scenario's stay its record). */
export interface StoredValidation {
  readonly valid: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly metrics?: ScenarioMetrics;
}

export const storedMetrics = (scenario: ScenarioRow) =>
  (scenario.validation as StoredValidation | null)?.metrics;

export function summaryOf(evaluation: Evaluation): StoredValidation {
  const count = (severity: string) =>
    evaluation.validation.issues.filter((issue) => issue.severity === severity).length;
  return {
    valid: evaluation.validation.valid,
    errors: count("error"),
    warnings: count("warning"),
    metrics: evaluation.metrics,
  };
}

/** The buildings the metrics name, with their centres and names, for the map and the tables. */
export function buildingsOf(evaluation: Evaluation) {
  const ids = new Set(evaluation.metrics.buildingChanges.map((change) => change.buildingId));
  for (const id of evaluation.metrics.after.buildingsEmptied) ids.add(id);
  return [...ids].flatMap((id) => {
    const building = evaluation.after.buildings.get(id);
    return building ? [{ id, name: building.name, center: building.center }] : [];
  });
}

/** Metrics of a scenario: live for a plan, as recorded at application for an applied one. */
export async function metricsOf(db: Kysely<Database>, scenario: ScenarioRow): Promise<ScenarioMetrics> {
  const stored = storedMetrics(scenario);
  if (scenario.status === "applied" && stored) return stored;
  return (await evaluateScenario(db, scenario, await scenarioActions(db, scenario.id))).metrics;
}
