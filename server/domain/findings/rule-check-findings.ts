import type { Severity } from "../rule-catalogue.js";
import type { CandidateFacts, FindingCandidate } from "../rule-explanations.js";
import { addDays } from "./finding-deadline.js";

/** Days a unit is given to rectify a finding raised from the rule checks unless the request says otherwise. */
export const RULE_CHECK_DEADLINE_DAYS = 30;

/**
 * The violation a candidate records, the same on every run while it lasts: the rule and its subject
 * (unit, building, room, person; the lease for an unapproved lease). A finding not yet closed with the
 * same key means the violation is already in the ledger.
 */
export function subjectKeyOf(candidate: CandidateFacts): string {
  const lease =
    candidate.rule === "leased_out_without_approval" && candidate.figures.basis === "unapproved_lease"
      ? `|l${candidate.figures.leaseId}`
      : "";
  return [
    candidate.rule,
    `u${candidate.unitId ?? ""}`,
    `b${candidate.buildingId ?? ""}`,
    `r${candidate.roomId ?? ""}`,
    `p${candidate.personId ?? ""}`,
  ]
    .join("|")
    .concat(lease);
}

/** A finding to raise from a rule-check candidate. */
export interface RuleCheckFindingDraft {
  readonly subjectKey: string;
  readonly regionCode: string;
  readonly unitId: number;
  readonly buildingId: number | null;
  readonly roomId: number | null;
  readonly personId: number | null;
  readonly rule: string;
  readonly severity: Severity;
  readonly description: string;
  readonly deadline: string;
}

/**
 * The finding of a candidate, with its explanation (the rule cited, the numbers) as description; none
 * when no unit answers for it (a room leased out in a building with neither title holder nor occupant).
 */
export function draftOfCandidate(
  candidate: FindingCandidate,
  today: string,
  deadline = addDays(today, RULE_CHECK_DEADLINE_DAYS),
): RuleCheckFindingDraft | null {
  if (candidate.unitId === null) return null;
  return {
    subjectKey: subjectKeyOf(candidate),
    regionCode: candidate.regionCode,
    unitId: candidate.unitId,
    buildingId: candidate.buildingId ?? null,
    roomId: candidate.roomId ?? null,
    personId: candidate.personId ?? null,
    rule: candidate.rule,
    severity: candidate.severity,
    description: candidate.explanation.zh,
    deadline,
  };
}
