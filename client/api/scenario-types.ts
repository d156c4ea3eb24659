// Shapes of the swap-scenario API (/api/scenarios…, issue 8) as the client uses them. The engine's
// contract types come from the server as types only.

import type {
  ComparisonRow,
  ScenarioAction,
  ScenarioMetrics,
  ValidationResult,
} from "../../server/domain/scenarios/scenario-model.js";

export type {
  ComparisonRow,
  MoveFlow,
  ScenarioAction,
  ScenarioActionKind,
  ScenarioMetrics,
  ScenarioTotals,
  SpaceSelector,
  SwapBalance,
  ValidationIssue,
  ValidationResult,
} from "../../server/domain/scenarios/scenario-model.js";

export type ScenarioStatus = "draft" | "validated" | "approved" | "applied" | "archived";

/** A scenario as the API answers it (scenario-support.ts scenarioView): snake_case record fields. */
export interface ScenarioSummary {
  id: number;
  region_code: string;
  name: string;
  description: string | null;
  status: ScenarioStatus;
  parent_scenario_id: number | null;
  created_by_name: string | null;
  created_at: string;
  updated_at: string;
  validated_at: string | null;
  approved_at: string | null;
  applied_at: string | null;
  is_demo: boolean;
  /** Optimistic version: edits, approval and application send the one the client saw. */
  version: number;
  action_count: number;
  /** Live data changed under the scenario since it was validated. */
  stale: boolean;
}

/** One scenario with its ordered actions (GET /api/scenarios/{id}). */
export interface ScenarioRecord extends ScenarioSummary {
  actions: ScenarioAction[];
}

/** Names of the units and buildings actions refer to, by id, so labels read as words. */
export interface ScenarioNames {
  units: Record<string, string>;
  buildings: Record<string, string>;
}

/** What the client shows of one scenario: the record, the names it refers to, its last evaluation. */
export interface ScenarioDetail {
  scenario: ScenarioRecord;
  names: ScenarioNames;
  validation: ValidationResult | null;
  metrics: ScenarioMetrics | null;
  /** The buildings the metrics name (changed, emptied) with their centres. */
  buildings: ScenarioBuildingRef[];
}

/** A building the metrics name, with its name and footprint centre [lng, lat]. */
export interface ScenarioBuildingRef {
  id: number;
  name: string;
  center: [number, number];
}

/**
 * What validating (or asking for the metrics of) a scenario answers; an applied scenario's metrics are
 * those recorded when it was applied (no validation, no buildings).
 */
export interface ScenarioEvaluation {
  scenario?: ScenarioSummary;
  validation?: ValidationResult;
  metrics?: ScenarioMetrics | null;
  buildings?: ScenarioBuildingRef[];
}

export interface ScenarioComparison {
  /** The columns: the scenarios compared (a column for the live ledger has no id or status). */
  scenarios: Array<{ name: string; id?: number | null; status?: ScenarioStatus }>;
  metrics: ComparisonRow[];
}

/** One record that changed in the live ledger since validation (a 409 on apply lists them). */
export interface LiveChange {
  path: string;
  message: string;
}
