import type { Kysely } from "kysely";
import type { ScenarioRow } from "../../db/repositories/scenario.repository.js";
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
