import type { Principal } from "../auth/access.js";
import {
  canTransition,
  type FindingStatus,
  type FindingTarget,
  maySendBack,
  mayTransition,
} from "./finding-status.js";

/** What a transition request asks for, in the API's words (POST /api/findings/{id}/transition). */
export interface TransitionRequest {
  readonly to: FindingTarget;
  readonly rectificationPlan?: string | undefined;
  readonly evidence?: string | undefined;
  readonly referredOn?: string | undefined;
  readonly reason?: string | undefined;
}

/** The step a request takes, one variant per actor's move. */
export type FindingAction =
  | { readonly kind: "answer"; readonly rectificationPlan?: string; readonly evidence?: string }
  | { readonly kind: "send_back"; readonly reason: string }
  | { readonly kind: "verify"; readonly note?: string }
  | { readonly kind: "close"; readonly note?: string }
  | { readonly kind: "refer"; readonly referredOn: string; readonly reason: string };

/** The parts of a finding an action changes. */
export interface FindingState {
  readonly status: FindingStatus;
  readonly rectificationPlan: string | null;
  readonly evidence: string | null;
  readonly referredOn: string | null;
  readonly returnedReason: string | null;
}

/** A refusal: the HTTP layer maps `invalid` to 400, `conflict` to 409, `forbidden` to 403. */
export interface ActionRefusal {
  readonly ok: false;
  readonly code: "invalid" | "conflict" | "forbidden";
  readonly path: string;
  readonly message: string;
}

const refuse = (code: ActionRefusal["code"], path: string, message: string): ActionRefusal => ({
  ok: false,
  code,
  path,
  message,
});

/**
 * The action a request means. `to: rectifying` is the unit's answer (plan and/or evidence), or, with a
 * `reason`, the administration sending the answer back; a referral needs its date and reason.
 */
export function actionOf(
  request: TransitionRequest,
): { readonly ok: true; readonly action: FindingAction } | ActionRefusal {
  const { to, rectificationPlan, evidence, referredOn, reason } = request;
  if ((rectificationPlan !== undefined || evidence !== undefined) && (to !== "rectifying" || reason))
    return refuse(
      "invalid",
      rectificationPlan !== undefined ? "rectificationPlan" : "evidence",
      "the plan and the evidence are the unit's answer (to: rectifying, without a reason)",
    );
  if (referredOn !== undefined && to !== "referred")
    return refuse("invalid", "referredOn", "only a referral has a date");
  switch (to) {
    case "rectifying":
      if (reason) return { ok: true, action: { kind: "send_back", reason } };
      return {
        ok: true,
        action: {
          kind: "answer",
          ...(rectificationPlan !== undefined && { rectificationPlan }),
          ...(evidence !== undefined && { evidence }),
        },
      };
    case "verified":
      return { ok: true, action: { kind: "verify", ...(reason && { note: reason }) } };
    case "closed":
      return { ok: true, action: { kind: "close", ...(reason && { note: reason }) } };
    case "referred":
      if (!referredOn)
        return refuse("invalid", "referredOn", "a referral to discipline inspection has its date");
      if (!reason) return refuse("invalid", "reason", "a referral to discipline inspection gives its reason");
      return { ok: true, action: { kind: "refer", referredOn, reason } };
  }
}

export function targetOf(action: FindingAction): FindingTarget {
  switch (action.kind) {
    case "answer":
    case "send_back":
      return "rectifying";
    case "verify":
      return "verified";
    case "close":
      return "closed";
    case "refer":
      return "referred";
  }
}

/**
 * Who may take the action on a finding of `unitId`: the unit user of that unit answers; the inspector
 * verifies; the approver closes (separation of duties: verifying and closing are different people's);
 * either sends back or refers; a system administrator may do everything.
 */
export function mayAct(principal: Principal, unitId: number, action: FindingAction): boolean {
  if (action.kind === "send_back") return maySendBack(principal);
  return mayTransition(principal, unitId, targetOf(action));
}

/**
 * The finding after the action, or why not. A send-back clears the evidence (verification waits for
 * new evidence) and keeps the reason until the unit answers again; a referral is dated no later than
 * `today`.
 */
export function applyAction(
  current: FindingState,
  action: FindingAction,
  today: string,
): { readonly ok: true; readonly next: FindingState } | ActionRefusal {
  const to = targetOf(action);
  if (!canTransition(current.status, to))
    return refuse("conflict", "to", `${current.status} → ${to} is not a transition of the ledger`);
  switch (action.kind) {
    case "answer": {
      const plan = action.rectificationPlan ?? current.rectificationPlan;
      if (!plan)
        return refuse(
          "invalid",
          "rectificationPlan",
          "a unit answering a finding gives its rectification plan",
        );
      if (current.status !== "open" && current.status !== "rectifying")
        return refuse("conflict", "to", `a ${current.status} finding takes no answer`);
      return {
        ok: true,
        next: {
          ...current,
          status: "rectifying",
          rectificationPlan: plan,
          evidence: action.evidence ?? current.evidence,
          returnedReason: null,
        },
      };
    }
    case "send_back":
      if (current.status === "rectifying" && !current.evidence)
        return refuse("conflict", "to", "the unit has given no evidence to send back");
      return {
        ok: true,
        next: { ...current, status: "rectifying", evidence: null, returnedReason: action.reason },
      };
    case "verify":
      if (!current.evidence)
        return refuse("invalid", "evidence", "a rectification is verified against the unit's evidence");
      return { ok: true, next: { ...current, status: "verified", returnedReason: null } };
    case "close":
      return { ok: true, next: { ...current, status: "closed" } };
    case "refer":
      if (action.referredOn > today)
        return refuse("invalid", "referredOn", `${action.referredOn} is after today (${today})`);
      return { ok: true, next: { ...current, status: "referred", referredOn: action.referredOn } };
  }
}
