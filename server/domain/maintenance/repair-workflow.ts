/**
 * The life of a repair request (DOMAIN.md workflow 7; 党政机关办公用房管理办法 2017: maintenance).
 * Routine repairs (日常维修) are the unit's own business: it files them and records them done. Major and
 * medium repairs (大中修) need the administration's approval, and two departments check each other: the
 * approval department (审批: approve, reject, accept, refuse acceptance) and the works department
 * (工程管理: tender, start and complete construction). Nobody acts on both sides of one project, and the
 * approver of a project never accepts it. A major repair recorded done without approval is a violation
 * (违规): an accountability trigger of the 2017 rules ("unapproved construction or major repair").
 */

export const repairKinds = ["routine", "major"] as const;
export type RepairKind = (typeof repairKinds)[number];

export const repairStatuses = [
  "requested",
  "approved",
  "rejected",
  "tendered",
  "in_construction",
  "completed",
  "accepted",
  "done",
] as const;
export type RepairStatus = (typeof repairStatuses)[number];

/** Statuses after which nothing more happens to a request. */
export const finalRepairStatuses: readonly RepairStatus[] = ["accepted", "done", "rejected"];

export const repairSteps = [
  "approve",
  "reject",
  "tender",
  "start",
  "complete",
  "accept",
  "refuse_acceptance",
  "record_done",
] as const;
export type RepairStep = (typeof repairSteps)[number];

/** Who performs a step: the approval department, the works department, or the unit itself. */
export type Department = "approval" | "works" | "unit";

export const stepDepartment: Readonly<Record<RepairStep, Department>> = {
  approve: "approval",
  reject: "approval",
  accept: "approval",
  refuse_acceptance: "approval",
  tender: "works",
  start: "works",
  complete: "works",
  record_done: "unit",
};

interface Transition {
  readonly from: Readonly<Record<RepairKind, readonly RepairStatus[]>>;
  readonly to: RepairStatus;
}

/**
 * Where each step may start and where it leads. A refused acceptance sends the works back to
 * construction (整改) until they complete again. A unit may record a major repair done that was never
 * approved (requested or rejected): the record then tells the truth and is flagged as a violation.
 */
const transitions: Readonly<Record<RepairStep, Transition>> = {
  approve: { from: { routine: [], major: ["requested"] }, to: "approved" },
  reject: { from: { routine: [], major: ["requested"] }, to: "rejected" },
  tender: { from: { routine: [], major: ["approved"] }, to: "tendered" },
  start: { from: { routine: [], major: ["tendered"] }, to: "in_construction" },
  complete: { from: { routine: [], major: ["in_construction"] }, to: "completed" },
  accept: { from: { routine: [], major: ["completed"] }, to: "accepted" },
  refuse_acceptance: { from: { routine: [], major: ["completed"] }, to: "in_construction" },
  record_done: { from: { routine: ["requested"], major: ["requested", "rejected"] }, to: "done" },
};

/** The separation-of-duties rules a step can break (each a 403 with its own words). */
export type SeparationRule = "approver_accepts" | "approval_then_works" | "works_then_approval";

/** Why a step is refused: the wrong department or unit (403), the wrong moment (409), or separation of duties (403). */
export type StepRefusal =
  | { readonly kind: "department"; readonly department: Department }
  | { readonly kind: "status"; readonly status: RepairStatus; readonly repairKind: RepairKind }
  | { readonly kind: "separation"; readonly rule: SeparationRule };

export type StepCheck =
  | { readonly ok: true; readonly to: RepairStatus; readonly unapproved: boolean }
  | { readonly ok: false; readonly refusal: StepRefusal };

export interface StepActor {
  readonly userId: number;
  readonly roles: readonly string[];
  readonly unitId: number | null;
}

export interface RepairState {
  readonly kind: RepairKind;
  readonly status: RepairStatus;
  readonly unitId: number;
  readonly approvedBy: number | null;
}

/** Someone who already acted on the project, and on which side (from its history). */
export interface Participant {
  readonly userId: number;
  readonly department: Department;
}

/** Whether the actor belongs to the department (or, for unit steps, to the request's unit). */
export function inDepartment(actor: StepActor, department: Department, unitId: number): boolean {
  switch (department) {
    case "approval":
      return actor.roles.includes("approver");
    case "works":
      return actor.roles.includes("works");
    case "unit":
      return actor.roles.includes("unit_user") && actor.unitId === unitId;
    default:
      return assertNever(department);
  }
}

/** Whether `step` may be taken now by `actor` on `repair`, whose earlier actors are `participants`. */
export function checkStep(
  step: RepairStep,
  repair: RepairState,
  actor: StepActor,
  participants: readonly Participant[],
): StepCheck {
  const department = stepDepartment[step];
  if (!inDepartment(actor, department, repair.unitId)) return refuse({ kind: "department", department });
  const transition = transitions[step];
  if (!transition.from[repair.kind].includes(repair.status))
    return refuse({ kind: "status", status: repair.status, repairKind: repair.kind });
  const rule = separationBroken(step, repair, actor, participants);
  if (rule) return refuse({ kind: "separation", rule });
  return {
    ok: true,
    to: transition.to,
    unapproved: step === "record_done" && repair.kind === "major",
  };
}

function separationBroken(
  step: RepairStep,
  repair: RepairState,
  actor: StepActor,
  participants: readonly Participant[],
): SeparationRule | undefined {
  const actedOn = (side: Department) =>
    participants.some(
      (participant) => participant.userId === actor.userId && participant.department === side,
    );
  const department = stepDepartment[step];
  if ((step === "accept" || step === "refuse_acceptance") && repair.approvedBy === actor.userId)
    return "approver_accepts";
  if (department === "works" && actedOn("approval")) return "approval_then_works";
  if (department === "approval" && actedOn("works")) return "works_then_approval";
  return undefined;
}

/** The steps an actor could take on the request now, each with the refusal that blocks it if any. */
export function availableSteps(
  repair: RepairState,
  actor: StepActor,
  participants: readonly Participant[],
): Array<{ step: RepairStep; blockedBy: SeparationRule | null }> {
  const steps: Array<{ step: RepairStep; blockedBy: SeparationRule | null }> = [];
  for (const step of repairSteps) {
    const check = checkStep(step, repair, actor, participants);
    if (check.ok) steps.push({ step, blockedBy: null });
    else if (check.refusal.kind === "separation") steps.push({ step, blockedBy: check.refusal.rule });
  }
  return steps;
}

/** Overdue: its planned completion date passed (before `today`) and the request not finished. */
export function isOverdue(status: RepairStatus, dueOn: string | null, today: string): boolean {
  return dueOn !== null && dueOn < today && !finalRepairStatuses.includes(status);
}

const refuse = (refusal: StepRefusal): StepCheck => ({ ok: false, refusal });

function assertNever(value: never): never {
  throw new Error(`unexpected ${String(value)}`);
}
