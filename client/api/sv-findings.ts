// The finding ledger's calls (问题台账, issue 10): list, detail, answers and decisions, evidence files,
// the overdue alert, raising from the rule checks.
import { call, getJson } from "./fangtu-api.js";

export type FindingStatus = "open" | "rectifying" | "verified" | "closed" | "referred";
export const findingStatuses: readonly FindingStatus[] = [
  "open",
  "rectifying",
  "verified",
  "closed",
  "referred",
];

export interface Finding {
  id: number;
  region_code: string;
  source: "rule_check" | "inspection";
  inspection_id: number | null;
  unit_id: number;
  unit_name: string;
  building_id: number | null;
  room_id: number | null;
  rule: string;
  severity: "low" | "medium" | "high";
  description: string;
  deadline: string | null;
  status: FindingStatus;
  referred_on: string | null;
  rectification_plan: string | null;
  evidence: string | null;
  returned_reason: string | null;
  raised_on: string;
  version: number;
  overdue: boolean;
  due_soon: boolean;
  age_days: number;
  attachments: number;
}

export interface FindingPage {
  findings: Finding[];
  total: number;
  counts: Record<FindingStatus, number>;
}

export interface FindingAttachment {
  id: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  created_at: string;
  username: string | null;
}

export interface FindingHistoryEntry {
  id: string;
  at: string;
  action: string;
  entity: "finding" | "finding_attachment";
  username: string | null;
  display_name: string | null;
  after: {
    status?: FindingStatus;
    step?: "answer" | "send_back" | "verify" | "close" | "refer";
    reason?: string;
    rectificationPlan?: string | null;
    evidence?: string | null;
    referredOn?: string | null;
    fileName?: string;
  } | null;
}

export interface FindingDetail {
  finding: Finding;
  attachments: FindingAttachment[];
  history: FindingHistoryEntry[];
}

export interface FindingAlerts {
  today: string;
  overdue: number;
  dueSoon: number;
  open: number;
  returned: number;
  findings: Finding[];
}

export interface TransitionBody {
  to: "rectifying" | "verified" | "closed" | "referred";
  version: number;
  rectificationPlan?: string;
  evidence?: string;
  referredOn?: string;
  reason?: string;
}

export interface FromChecksResult {
  created: number;
  alreadyRecorded: number;
  withoutUnit: number;
  violations: number;
}

const post = <T>(path: string, body: unknown) =>
  call<T>(path, { method: "POST", body: JSON.stringify(body) });

export const findingsApi = {
  /** The ledger with the tab's filters (the link's query string, less `id`). */
  list: (query: string, signal?: AbortSignal) =>
    getJson<FindingPage>(`/api/findings${query ? `?${query}` : ""}`, signal),
  detail: (id: number, signal?: AbortSignal) => getJson<FindingDetail>(`/api/findings/${id}`, signal),
  transition: (id: number, body: TransitionBody) => post<Finding>(`/api/findings/${id}/transition`, body),
  upload: (id: number, file: File) => {
    const form = new FormData();
    form.set("file", file);
    return call<FindingAttachment>(`/api/findings/${id}/attachments`, { method: "POST", body: form });
  },
  attachmentUrl: (id: number, attachmentId: number) => `/api/findings/${id}/attachments/${attachmentId}`,
  exportUrl: (query: string) => `/api/findings.xlsx${query ? `?${query}` : ""}`,
  alerts: (region?: string, signal?: AbortSignal) =>
    getJson<FindingAlerts>(`/api/findings/alerts${region ? `?region=${region}` : ""}`, signal),
  fromChecks: (region: string) => post<FromChecksResult>("/api/findings/from-checks", { region }),
};

/** The findings tab's badge: overdue plus due within 7 days (two disjoint sets). */
export function findingBadgeCount(alerts: Pick<FindingAlerts, "overdue" | "dueSoon">): number {
  return alerts.overdue + alerts.dueSoon;
}

/**
 * The badge count of the signed-in user's findings (in `region` when given), for the supervision
 * shell's tab label; 0 when the alert cannot be read (signed out).
 */
export async function loadFindingBadge(region?: string, signal?: AbortSignal): Promise<number> {
  try {
    return findingBadgeCount(await findingsApi.alerts(region, signal));
  } catch {
    return 0;
  }
}

/** The event the findings tab fires whenever it reads the alert (bubbling, composed): the shell's badge. */
export const FINDING_ALERTS_EVENT = "findings-alerts";
export interface FindingAlertsEventDetail {
  overdue: number;
  dueSoon: number;
  open: number;
  returned: number;
  badge: number;
}
