import { applyActions } from "./scenario-apply.js";
import { scenarioFigures } from "./scenario-figures.js";
import { scenarioMetrics } from "./scenario-metrics.js";
import type {
  ActionEffect,
  ScenarioAction,
  ScenarioMetrics,
  ScenarioState,
  ValidationOptions,
  ValidationResult,
} from "./scenario-model.js";
import { validateApplied } from "./scenario-validate.js";

export interface ScenarioEvaluation {
  readonly state: ScenarioState;
  readonly effects: readonly ActionEffect[];
  readonly validation: ValidationResult;
  readonly metrics: ScenarioMetrics;
}

/** Applies a scenario once and derives its validation and metrics from the same application and sums. */
export function evaluateScenario(
  state: ScenarioState,
  actions: readonly ScenarioAction[],
  options: ValidationOptions = {},
): ScenarioEvaluation {
  const applied = applyActions(state, actions);
  const figures = scenarioFigures(state, applied.state);
  return {
    state: applied.state,
    effects: applied.effects,
    validation: validateApplied(state, actions, applied, options, figures),
    metrics: scenarioMetrics(state, applied.state, applied.effects, figures),
  };
}
