import type { FindingStatus } from "./finding-status.js";

/** How far ahead a deadline counts as due soon (the alert's "due within 7 days"). */
export const DUE_SOON_DAYS = 7;

/** Age buckets of the tab's links and the dashboard, in days since a finding was raised. */
export const ageBuckets = ["0-30", "31-90", "91-"] as const;
export type AgeBucket = (typeof ageBuckets)[number];

/** Where a finding stands against its deadline on a given day. */
export type DeadlineState = "settled" | "no_deadline" | "overdue" | "due_soon" | "on_time";

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** Whole days from `from` to `to` ('YYYY-MM-DD'; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

/** The calendar day `days` after `date`. */
export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Days since a finding was raised, on `today` (0 on the day itself). */
export function ageOf(raisedOn: string, today: string): number {
  return Math.max(0, daysBetween(raisedOn, today));
}

export function ageBucketOf(days: number): AgeBucket {
  if (days <= 30) return "0-30";
  return days <= 90 ? "31-90" : "91-";
}

/** The bucket's days, both ends included (max null: no upper end). */
export function ageRangeOf(bucket: AgeBucket): { readonly min: number; readonly max: number | null } {
  switch (bucket) {
    case "0-30":
      return { min: 0, max: 30 };
    case "31-90":
      return { min: 31, max: 90 };
    case "91-":
      return { min: 91, max: null };
  }
}

/**
 * A deadline runs while the unit has to act (open, rectifying): once the rectification is verified,
 * the finding closed or referred, it no longer does. Overdue: the deadline day has passed (the day
 * itself still counts as in time); due soon: the deadline falls within the next {@link DUE_SOON_DAYS}.
 */
export function deadlineStateOf(
  finding: { readonly status: FindingStatus; readonly deadline: string | null },
  today: string,
): DeadlineState {
  if (finding.status !== "open" && finding.status !== "rectifying") return "settled";
  if (finding.deadline === null) return "no_deadline";
  const left = daysBetween(today, finding.deadline);
  if (left < 0) return "overdue";
  return left <= DUE_SOON_DAYS ? "due_soon" : "on_time";
}
