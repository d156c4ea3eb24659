import type { Principal } from "../auth/access.js";

/**
 * Inspection plans (监督检查计划) of a level and year. The 2017 management rules and the reform ask the
 * administration of each level to inspect at least twice a year (routine rounds), to add unannounced spot
 * checks (随机抽查), and to re-inspect leaders' offices (厅局级 and above) as a key, periodic task.
 */
export const inspectionKinds = ["routine", "spot_check", "key_reinspection"] as const;
export type InspectionKind = (typeof inspectionKinds)[number];

export const inspectionStatuses = ["planned", "in_progress", "done", "cancelled"] as const;
export type InspectionStatus = (typeof inspectionStatuses)[number];

/** Routine inspections a level carries out each year, at least (DOMAIN.md: "at least twice a year"). */
export const ROUTINE_ROUNDS_PER_YEAR = 2;

export interface RoutineRuleInput {
  readonly round: number | null;
  readonly kind: InspectionKind;
  readonly status: "active" | "cancelled";
  /** Inspections of the plan, and how many of them are done. */
  readonly inspections: number;
  readonly done: number;
}

/** Whether a level's year meets the routine rule: planned rounds, and rounds carried out in full. */
export interface RoutineRule {
  readonly required: number;
  /** Active routine rounds with at least one inspection. */
  readonly planned: number;
  /** Routine rounds whose inspections are all done (cancelled ones aside). */
  readonly completed: number;
  /** The plans provide for the required rounds. */
  readonly meetsPlan: boolean;
  /** The required rounds are done. */
  readonly met: boolean;
}

/** The "≥ 2 routine rounds a year" check over the plans of one level and year. */
export function routineRule(plans: readonly RoutineRuleInput[]): RoutineRule {
  const rounds = plans.filter(
    (plan) => plan.kind === "routine" && plan.status === "active" && plan.inspections > 0,
  );
  const planned = rounds.length;
  const completed = rounds.filter((plan) => plan.done === plan.inspections).length;
  return {
    required: ROUTINE_ROUNDS_PER_YEAR,
    planned,
    completed,
    meetsPlan: planned >= ROUTINE_ROUNDS_PER_YEAR,
    met: completed >= ROUTINE_ROUNDS_PER_YEAR,
  };
}

/**
 * Ranks at 厅局级 and above, whose offices a key re-inspection covers: central ministers and 司局级
 * (the provincial 厅局级 equivalents), provincial leaders and 厅局级, and the heads and deputies of
 * prefecture-level cities (正厅/副厅级). A prefecture's 局（处）级 and county ranks are 处级 and below.
 */
export const bureauLevelRanks: ReadonlySet<string> = new Set([
  "central_minister",
  "central_vice_minister",
  "central_bureau_director",
  "central_deputy_bureau_director",
  "provincial_head",
  "provincial_deputy",
  "provincial_department_head",
  "provincial_deputy_department_head",
  "prefecture_head",
  "prefecture_deputy",
]);

/** Whether a rank is at 厅局级 or above. */
export const isBureauLevelOrAbove = (rankCode: string): boolean => bureauLevelRanks.has(rankCode);

/** Who plans and runs inspections: inspectors, planners and system administrators. */
export function mayManageInspections(principal: Principal): boolean {
  return principal.roles.some(
    (role) => role === "system_admin" || role === "planner" || role === "inspector",
  );
}

/**
 * A spot check is unannounced: the inspected unit must not learn of it before it is done. Unit users
 * see inspections of their units, spot checks only once done.
 */
export function unitMaySee(kind: InspectionKind, status: string): boolean {
  return kind !== "spot_check" || status === "done";
}

/** The moves of an inspection: planned → in_progress → done; planned or in progress → cancelled. */
const moves: Readonly<Record<InspectionStatus, readonly InspectionStatus[]>> = {
  planned: ["in_progress", "cancelled"],
  in_progress: ["done", "cancelled"],
  done: [],
  cancelled: [],
};

export function canMove(from: InspectionStatus, to: InspectionStatus): boolean {
  return moves[from].includes(to);
}

/** 'YYYY-MM-DD' plus `days`. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The default rectification deadline of a finding from an inspection: 30 days. */
export const DEFAULT_DEADLINE_DAYS = 30;
