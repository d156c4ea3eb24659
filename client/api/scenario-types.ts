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

export interface ScenarioSummary {
  id: number;
  name: string;
  description: string | null;
  status: ScenarioStatus;
  /** Live data changed under the scenario since it was based or validated. */
  stale: boolean;
  actionCount: number;
  regionCode: string;
  createdAt: string;
  updatedAt: string;
}

/** A stored action: its position in the scenario and the action itself. */
export interface StoredAction {
  id: number;
  position: number;
  action: ScenarioAction;
}

/** Names of what the actions refer to, so the client can show them without asking again. */
export interface ScenarioNames {
  units: Record<string, string>;
  buildings: Record<string, string>;
}

export interface ScenarioDetail {
  scenario: ScenarioSummary;
  actions: StoredAction[];
  names: ScenarioNames;
  validation: ValidationResult | null;
  metrics: ScenarioMetrics | null;
}

export interface ScenarioComparison {
  scenarios: ScenarioSummary[];
  metrics: ComparisonRow[];
}

/** One record that changed in the live ledger since validation (a 409 on apply lists them). */
export interface LiveChange {
  kind: string;
  id: number | string;
  message: string;
}
