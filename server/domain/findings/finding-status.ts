import type { Principal } from "../auth/access.js";

/** The finding ledger's statuses (立账整改): open → rectifying → verified → closed, or referred. */
export const findingStatuses = ["open", "rectifying", "verified", "closed", "referred"] as const;
export type FindingStatus = (typeof findingStatuses)[number];
export type FindingTarget = Exclude<FindingStatus, "open">;

/** The findings still waiting for the unit's rectification ("active" in the tab's links). */
export const activeStatuses: readonly FindingStatus[] = ["open", "rectifying"];

/**
 * Where each status may go. A unit answers (rectifying; again while rectifying, to add its plan or
 * evidence); the inspector verifies the rectification or sends it back (rectifying again); the approver
 * closes a verified finding or sends it back; a finding not yet closed may be referred to discipline
 * inspection (纪检监察). Closed and referred are final.
 */
const allowed: Readonly<Record<FindingStatus, readonly FindingTarget[]>> = {
  open: ["rectifying", "referred"],
  rectifying: ["rectifying", "verified", "referred"],
  verified: ["closed", "rectifying", "referred"],
  closed: [],
  referred: [],
};

export function canTransition(from: FindingStatus, to: FindingTarget): boolean {
  return allowed[from].includes(to);
}

const has = (principal: Principal, ...roles: string[]) =>
  principal.roles.some((role) => role === "system_admin" || roles.includes(role));

/**
 * Who may move a finding of `unitId` to `to`, for the action each target usually means: the unit
 * answers (rectifying), the inspector verifies, the approver closes, either refers. Sending an answer
 * back (rectifying, by the administration) is {@link mayAct}'s `send_back`.
 */
export function mayTransition(principal: Principal, unitId: number, to: FindingTarget): boolean {
  switch (to) {
    case "rectifying":
      return (
        principal.roles.includes("system_admin") ||
        (principal.roles.includes("unit_user") && principal.unitId === unitId)
      );
    case "verified":
      return has(principal, "inspector");
    case "closed":
      return has(principal, "approver");
    case "referred":
      return has(principal, "inspector", "approver");
  }
}

/** Who raises findings: inspectors (from inspections), approvers and system administrators. */
export function mayRaiseFindings(principal: Principal): boolean {
  return has(principal, "inspector", "approver");
}

/** Who sends a unit's answer back for more: the inspector (evidence) or the approver (before closing). */
export function maySendBack(principal: Principal): boolean {
  return has(principal, "inspector", "approver");
}
