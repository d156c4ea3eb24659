import type { Role } from "../auth/access.js";

/**
 * Community-use conversions (公益用房转换, DOMAIN.md workflow 4): proposed by a planner, approved (or
 * rejected) by an approver, then converted and completed by a planner. Completion takes the space out
 * of the office inventory and opens a community facility per target use.
 */
export const conversionStatuses = [
  "proposed",
  "approved",
  "converting",
  "done",
  "rejected",
  "cancelled",
] as const;
export type ConversionStatus = (typeof conversionStatuses)[number];

/** The target uses the issue names; each becomes a community facility of the same kind. */
export const communityUses = [
  "people_home",
  "community_service_center",
  "elderly_club",
  "convenience_service",
  "startup_incubator",
  "other",
] as const;
export type CommunityUse = (typeof communityUses)[number];

export const communityUseLabels: Readonly<Record<CommunityUse, { zh: string; en: string }>> = {
  people_home: { zh: "群众之家", en: "People's home" },
  community_service_center: { zh: "社区服务中心", en: "Community service centre" },
  elderly_club: { zh: "老年人活动中心（老年人俱乐部）", en: "Elderly centre (elderly club)" },
  convenience_service: { zh: "便民服务", en: "Convenience services" },
  startup_incubator: { zh: "创业孵化/高新技术", en: "Startup incubator / high-tech" },
  other: { zh: "其他公益用途", en: "Other public use" },
};

export const conversionStatusLabels: Readonly<Record<ConversionStatus, { zh: string; en: string }>> = {
  proposed: { zh: "已提出", en: "Proposed" },
  approved: { zh: "已批准", en: "Approved" },
  converting: { zh: "改造中", en: "Converting" },
  done: { zh: "已完成", en: "Done" },
  rejected: { zh: "未批准", en: "Rejected" },
  cancelled: { zh: "已撤销", en: "Cancelled" },
};

export type ConversionAction = "approve" | "reject" | "start" | "complete" | "cancel";

interface Transition {
  readonly from: readonly ConversionStatus[];
  readonly to: ConversionStatus;
  /** Who may take the step (system administrators always may). */
  readonly role: Extract<Role, "planner" | "approver">;
}

/** The status machine: approval is the approver's, the work before and after it the planner's. */
export const conversionTransitions: Readonly<Record<ConversionAction, Transition>> = {
  approve: { from: ["proposed"], to: "approved", role: "approver" },
  reject: { from: ["proposed"], to: "rejected", role: "approver" },
  start: { from: ["approved"], to: "converting", role: "planner" },
  complete: { from: ["converting"], to: "done", role: "planner" },
  cancel: { from: ["proposed", "approved", "converting"], to: "cancelled", role: "planner" },
};

/** The next status of `action` from `status`, or why it is not allowed (a 409 for the caller). */
export function nextStatus(
  status: ConversionStatus,
  action: ConversionAction,
): { ok: true; to: ConversionStatus } | { ok: false; message: string } {
  const transition = conversionTransitions[action];
  if (transition.from.includes(status)) return { ok: true, to: transition.to };
  return {
    ok: false,
    message: `Cannot ${action} a conversion that is ${status}: only from ${transition.from.join(" or ")}`,
  };
}

/** Published conversions are decided ones: a proposal or a refused one is not disclosed. */
export const publishableStatuses: readonly ConversionStatus[] = ["approved", "converting", "done"];

export interface ConversionUse {
  readonly kind: CommunityUse;
  readonly name: string;
  /** Usable area given to this use, m². */
  readonly area: number;
}

/** What is wrong with the target uses of a conversion of `sourceArea` m², or undefined. */
export function usesProblem(uses: readonly ConversionUse[], sourceArea: number): string | undefined {
  if (uses.length === 0) return "A conversion needs at least one target use";
  const total = uses.reduce((sum, use) => sum + use.area, 0);
  // Areas are recorded to 0.01 m²: allow for their rounding.
  if (total > sourceArea + 0.005)
    return `The target uses take ${total.toFixed(2)} m², more than the ${sourceArea.toFixed(2)} m² of the source`;
  return undefined;
}

/** Room statuses a conversion may take over: space no unit uses and nobody rents (idle or being vacated). */
export const convertibleRoomStatuses = ["idle", "vacating", "pending_disposal"] as const;
