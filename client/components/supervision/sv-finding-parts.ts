import { html, nothing } from "lit";
import type { Finding, FindingStatus } from "../../api/sv-findings.js";
import type { MessageKey } from "../../i18n/messages.js";

// Pieces the finding ledger's list and detail share.

/** The rule checks' codes (server/domain/rule-catalogue.ts) the catalogue has words for. */
const knownRules = new Set([
  "over_standard_office",
  "two_offices_without_approval",
  "office_not_recovered",
  "concurrent_office_not_vacated",
  "non_organ_occupant",
  "leased_out_without_approval",
  "use_not_matching_certificate",
]);

/** What an inspection finds on site (server/domain/inspections/proposals.ts), in the inspections tab's words. */
const inspectionRules = new Set([
  "field_area_differs",
  "field_use_differs",
  "field_status_differs",
  "field_occupant_differs",
  "field_person_differs",
]);

/** A rule code in words (rules Fangtu does not know are shown as they are). */
export function ruleLabel(t: (key: MessageKey) => string, rule: string): string {
  if (knownRules.has(rule) || rule === "unapproved_major_repair") return t(`svf_rule_${rule}` as MessageKey);
  return inspectionRules.has(rule) ? t(`sviRule_${rule}` as MessageKey) : rule;
}

type Translator = { t(key: MessageKey, values?: Record<string, string | number>): string };

export function statusTag(element: Translator, status: FindingStatus) {
  return html`<span class="tag status status-${status}">${element.t(`svf_status_${status}` as MessageKey)}</span>`;
}

export function deadlineTag(element: Translator, finding: Finding) {
  if (finding.overdue) return html`<span class="tag overdue">${element.t("svf_overdue")}</span>`;
  if (finding.due_soon) return html`<span class="tag due-soon">${element.t("svf_dueSoon")}</span>`;
  return nothing;
}
