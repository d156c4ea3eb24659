import type { AdminLevel, UnitKind } from "../demo/dataset.js";
import type { PlanDraft } from "./allocation-planner.js";
import {
  type AllocationSettings,
  type ClaimPosition,
  claimOrder,
  isGrassroots,
} from "./allocation-settings.js";

/** The rooms an open request's proposed re-allocation plans hold. */
export interface RoomClaim {
  readonly requestId: number;
  readonly unitId: number;
  readonly unitName: string;
  readonly kind: UnitKind;
  readonly adminLevel: AdminLevel;
  readonly submittedAt: Date;
  readonly roomIds: readonly number[];
}

/** The claims ahead of a request in the claim order (their rooms are not its to take) and behind it. */
export function partitionClaims(
  claims: readonly RoomClaim[],
  self: ClaimPosition,
  settings: Pick<AllocationSettings, "grassrootsLevels" | "grassrootsKinds">,
): { ahead: RoomClaim[]; behind: RoomClaim[] } {
  const positionOf = (claim: RoomClaim): ClaimPosition => ({
    requestId: claim.requestId,
    grassroots: isGrassroots({ kind: claim.kind, adminLevel: claim.adminLevel }, settings),
    submittedAt: claim.submittedAt,
  });
  return {
    ahead: claims.filter((claim) => claimOrder(positionOf(claim), self) < 0),
    behind: claims.filter((claim) => claimOrder(positionOf(claim), self) > 0),
  };
}

const planRoomIds = (draft: PlanDraft) =>
  new Set(draft.details.buildings?.flatMap((building) => building.rooms.map((room) => room.id)));

/**
 * A re-allocation plan with its place in the competition for rooms: which requests ahead held rooms of the
 * pool (left out), and which requests behind lose rooms to it (they must be planned again).
 */
export function withPriority(
  draft: PlanDraft,
  self: ClaimPosition,
  ahead: readonly RoomClaim[],
  behind: readonly RoomClaim[],
  poolRoomIds: ReadonlySet<number>,
): PlanDraft {
  if (draft.method !== "reallocation") return draft;
  const taken = planRoomIds(draft);
  const heldBy = ahead
    .map((claim) => ({
      requestId: claim.requestId,
      unitName: claim.unitName,
      rooms: claim.roomIds.filter((id) => poolRoomIds.has(id)).length,
    }))
    .filter((claim) => claim.rooms > 0);
  const contested = behind
    .map((claim) => ({
      requestId: claim.requestId,
      unitName: claim.unitName,
      roomIds: claim.roomIds.filter((id) => taken.has(id)),
    }))
    .filter((claim) => claim.roomIds.length > 0);
  const explanation = [...draft.details.explanation];
  if (heldBy.length > 0)
    explanation.push({
      zh: `已排除排序在前的申报（基层单位优先，其次先申报者）方案占用的房源：${heldBy.map((h) => `申报 #${h.requestId} ${h.unitName} ${h.rooms} 间`).join("、")}。`,
      en: `Rooms held by the plans of requests ahead in the claim order (grassroots first, then earlier filed) are left out: ${heldBy.map((h) => `request #${h.requestId} ${h.unitName}, ${h.rooms} room(s)`).join("; ")}.`,
    });
  if (contested.length > 0) {
    const count = contested.reduce((sum, claim) => sum + claim.roomIds.length, 0);
    explanation.push({
      zh: `${self.grassroots ? "基层单位优先" : "先申报者优先"}：本方案优先占用申报 ${contested.map((h) => `#${h.requestId}（${h.unitName}）`).join("、")} 方案中的 ${count} 间房源，相关申报需重新拟定方案。`,
      en: `${self.grassroots ? "Grassroots first" : "Earlier filed first"}: this plan takes ${count} room(s) also in the plans of request(s) ${contested.map((h) => `#${h.requestId}`).join(", ")}, which must be re-planned.`,
    });
  }
  return {
    ...draft,
    details: { ...draft.details, priority: { grassroots: self.grassroots, heldBy, contested }, explanation },
  };
}
