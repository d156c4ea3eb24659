import type { Principal } from "../auth/access.js";

/** The finding ledger's statuses (立账整改): open → rectifying → verified → closed, or referred. */
export const findingStatuses = ["open", "rectifying", "verified", "closed", "referred"] as const;
export type FindingStatus = (typeof findingStatuses)[number];
export type FindingTarget = Exclude<FindingStatus, "open">;

/**
 * Where each status may go. A unit answers (rectifying; again while rectifying, to add its plan or
 * evidence); the administration verifies the rectification, closes a verified finding, or refers a
 * finding not yet closed to discipline inspection (纪检监察). Closed and referred are final.
 */
const allowed: Readonly<Record<FindingStatus, readonly FindingTarget[]>> = {
  open: ["rectifying", "referred"],
  rectifying: ["rectifying", "verified", "referred"],
  verified: ["closed", "referred"],
  closed: [],
  referred: [],
};

export function canTransition(from: FindingStatus, to: FindingTarget): boolean {
  return allowed[from].includes(to);
}

/** Who may move a finding of `unitId` to `to`: the unit answers, inspectors and approvers decide. */
export function mayTransition(principal: Principal, unitId: number, to: FindingTarget): boolean {
  if (principal.roles.includes("system_admin")) return true;
  if (to === "rectifying") return principal.roles.includes("unit_user") && principal.unitId === unitId;
  return principal.roles.includes("inspector") || principal.roles.includes("approver");
}

/** Who raises findings: inspectors (from inspections), approvers and system administrators. */
export function mayRaiseFindings(principal: Principal): boolean {
  return principal.roles.some(
    (role) => role === "system_admin" || role === "inspector" || role === "approver",
  );
}
