import { type Explanation, roundArea } from "./entitlement.js";
import type { StandardParameters } from "./parameters.js";

/** An office room as the per-person checks see it. */
export interface OfficeRoom {
  readonly id: number;
  readonly number: string;
  readonly buildingName: string;
  /** Usable area, m², washroom and rest room included (both count inside the limit). */
  readonly usableArea: number;
  readonly washroomArea: number;
  readonly hasRestRoom: boolean;
  /** Everyone working in it (of any unit): its area is split equally among them. */
  readonly occupantIds: readonly number[];
}

/** A person with the limit that applies to them. */
export interface OfficeHolder {
  readonly id: number;
  readonly name: string;
  readonly rank: string;
  readonly rankNameZh: string;
  readonly rankNameEn: string;
  /** m² per person under the standard (after the level-below and sub-provincial notes). */
  readonly limit: number;
  readonly mayHaveWashroom: boolean;
  /** An approved second office (distant concurrent post) is not a violation by itself. */
  readonly secondOfficeApproved: boolean;
}

export type WashroomIssue = "not_allowed" | "too_large";

export interface RoomShare {
  readonly roomId: number;
  readonly number: string;
  readonly buildingName: string;
  readonly usableArea: number;
  readonly occupants: number;
  /** usableArea ÷ occupants. */
  readonly share: number;
  readonly washroomArea: number;
  readonly hasRestRoom: boolean;
}

export interface PersonOfficeCheck {
  readonly personId: number;
  readonly name: string;
  readonly rank: string;
  readonly rankNameZh: string;
  readonly rankNameEn: string;
  readonly limit: number;
  readonly rooms: readonly RoomShare[];
  /** Σ shares, m². */
  readonly area: number;
  /** area − limit when over, else 0. */
  readonly excess: number;
  readonly status: "over" | "within";
  readonly washroomIssues: readonly WashroomIssue[];
  /** Rooms to give up (second offices without approval). */
  readonly vacateRoomIds: readonly number[];
  readonly explanation: readonly Explanation[];
}

/** A room's own check against one occupant's limit: its share and its washroom (≤ 6 m², allowed ranks only). */
export function checkRoom(
  room: Pick<OfficeRoom, "usableArea" | "washroomArea" | "occupantIds">,
  holder: Pick<OfficeHolder, "limit" | "mayHaveWashroom">,
  parameters: Pick<StandardParameters, "washroomMax">,
): { share: number; over: boolean; washroomIssues: WashroomIssue[] } {
  const share = room.usableArea / Math.max(1, room.occupantIds.length);
  const washroomIssues: WashroomIssue[] = [];
  if (room.washroomArea > 0 && !holder.mayHaveWashroom) washroomIssues.push("not_allowed");
  if (room.washroomArea > parameters.washroomMax) washroomIssues.push("too_large");
  return { share, over: roundArea(share) > holder.limit, washroomIssues };
}

/**
 * Per person: the shares of the office rooms they work in (a shared office split among its occupants)
 * against their rank's limit, with what it would take to comply. One office per person (管理办法 2017):
 * further rooms count towards the person's area and, unless approved, are to be vacated.
 */
export function personOfficeChecks(
  rooms: readonly OfficeRoom[],
  holders: readonly OfficeHolder[],
  parameters: Pick<StandardParameters, "washroomMax">,
): PersonOfficeCheck[] {
  return holders.flatMap((holder) => {
    const held = rooms.filter((room) => room.occupantIds.includes(holder.id));
    if (held.length === 0) return [];
    const shares: RoomShare[] = held.map((room) => ({
      roomId: room.id,
      number: room.number,
      buildingName: room.buildingName,
      usableArea: room.usableArea,
      occupants: room.occupantIds.length,
      share: roundArea(room.usableArea / room.occupantIds.length),
      washroomArea: room.washroomArea,
      hasRestRoom: room.hasRestRoom,
    }));
    const washroomIssues = [
      ...new Set(held.flatMap((room) => checkRoom(room, holder, parameters).washroomIssues)),
    ];
    // Keep the room that fits best (largest share within the limit, else the smallest); the rest are
    // second offices, to be vacated unless approved.
    const fitting = shares.filter((share) => share.share <= holder.limit);
    const kept =
      fitting.length > 0
        ? fitting.reduce((best, share) => (share.share > best.share ? share : best))
        : shares.reduce((best, share) => (share.share < best.share ? share : best));
    const others = shares.filter((share) => share !== kept);
    const vacate = holder.secondOfficeApproved ? [] : others;
    const area = roundArea(shares.reduce((sum, share) => sum + share.share, 0));
    const counted = holder.secondOfficeApproved ? kept.share : area;
    const excess = counted > holder.limit ? roundArea(counted - holder.limit) : 0;
    return [
      {
        personId: holder.id,
        name: holder.name,
        rank: holder.rank,
        rankNameZh: holder.rankNameZh,
        rankNameEn: holder.rankNameEn,
        limit: holder.limit,
        rooms: shares,
        area,
        excess,
        status: excess > 0 || washroomIssues.length > 0 ? "over" : "within",
        washroomIssues,
        vacateRoomIds: vacate.map((share) => share.roomId),
        explanation: explainPerson(holder, shares, kept, vacate, excess, washroomIssues, parameters),
      },
    ];
  });
}

function explainPerson(
  holder: OfficeHolder,
  shares: readonly RoomShare[],
  kept: RoomShare,
  vacate: readonly RoomShare[],
  excess: number,
  washroomIssues: readonly WashroomIssue[],
  parameters: Pick<StandardParameters, "washroomMax">,
): Explanation[] {
  const where = (share: RoomShare) => `${share.buildingName} ${share.number}`;
  const shareText = (share: RoomShare) =>
    share.occupants > 1
      ? `${share.usableArea} m² ÷ ${share.occupants} = ${share.share} m²`
      : `${share.usableArea} m²`;
  const lines: Explanation[] = [
    {
      zh: `${holder.name}（${holder.rankNameZh}）办公室标准 ${holder.limit} m²（含休息室、卫生间）；实际 ${shares.map((share) => `${where(share)}：${shareText(share)}`).join("；")}。`,
      en: `${holder.name} (${holder.rankNameEn}) may use ${holder.limit} m² (rest room and washroom included); uses ${shares.map((share) => `${where(share)}: ${shareText(share)}`).join("; ")}.`,
    },
  ];
  if (vacate.length > 0) {
    lines.push({
      zh: `一人一间：未经批准的第二办公室应腾退：${vacate.map(where).join("、")}。`,
      en: `One office per person: vacate the unapproved second office(s) ${vacate.map(where).join(", ")}.`,
    });
  }
  const keptExcess = roundArea(kept.share - holder.limit);
  if (keptExcess > 0) {
    const roomExcess = roundArea(kept.usableArea - holder.limit * kept.occupants);
    lines.push({
      zh: `${where(kept)} 超标 ${keptExcess} m²/人：应腾退（隔出）${roomExcess} m²，或调整到使用面积不超过 ${roundArea(holder.limit * kept.occupants)} m² 的房间。`,
      en: `${where(kept)} is ${keptExcess} m² per person over: vacate (partition off) ${roomExcess} m² or move to a room of at most ${roundArea(holder.limit * kept.occupants)} m².`,
    });
  }
  if (washroomIssues.includes("not_allowed")) {
    lines.push({
      zh: "该职级不得设独立卫生间（仅省部级、省直厅局正职及市县党政正职可设）。",
      en: "This rank may not have a washroom (only provincial/ministerial leaders, provincial department heads and prefecture/county heads may).",
    });
  }
  if (washroomIssues.includes("too_large")) {
    lines.push({
      zh: `卫生间面积超过 ${parameters.washroomMax} m²。`,
      en: `The washroom exceeds ${parameters.washroomMax} m².`,
    });
  }
  if (excess === 0 && washroomIssues.length === 0) {
    lines.push({ zh: "符合标准。", en: "Within the standard." });
  }
  return lines;
}
