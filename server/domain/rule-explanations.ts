import { type RuleCode, ruleCatalogue, type Severity } from "./rule-catalogue.js";

/** The numbers behind each rule's candidates (areas in m² of usable area, dates 'YYYY-MM-DD'). */
export interface RuleFigures {
  readonly over_standard_office: {
    readonly roomArea: number;
    readonly occupants: number;
    /** Room usable area ÷ occupants: the person's share. */
    readonly share: number;
    readonly limit: number;
    readonly excess: number;
    /** Part of roomArea (the 2014 standard counts a washroom inside the limit). */
    readonly washroomArea: number;
  };
  readonly two_offices_without_approval: {
    readonly offices: number;
    readonly usableArea: number;
    readonly roomNumbers: readonly string[];
  };
  readonly office_not_recovered: {
    readonly reason: "transferred" | "retired";
    readonly leftOn: string;
    readonly dueBy: string;
    readonly daysOverdue: number;
    readonly offices: number;
    readonly usableArea: number;
  };
  readonly concurrent_office_not_vacated: {
    readonly postEndedOn: string;
    readonly dueBy: string;
    readonly daysOverdue: number;
    readonly offices: number;
    readonly usableArea: number;
    readonly secondOfficeApproved: boolean;
  };
  readonly non_organ_occupant: {
    readonly basis: "enterprise" | "restructured";
    readonly unitKind: string;
    readonly rooms: number;
    readonly usableArea: number;
  };
  readonly leased_out_without_approval:
    | {
        readonly basis: "unapproved_lease";
        readonly leaseId: number;
        readonly tenant: string;
        readonly area: number;
        readonly annualRent: number;
        readonly startsOn: string;
        readonly endsOn: string;
      }
    | { readonly basis: "no_lease_record"; readonly area: number };
  readonly use_not_matching_certificate: {
    readonly basis: "no_certificate" | "area_exceeds";
    readonly occupiedArea: number;
    readonly certifiedArea: number;
    readonly excess: number;
    readonly certificates: number;
  };
}

/** What a candidate is about: the unit always, a building, room and person when the rule has them. */
export interface CandidateSubject {
  readonly unitId: number | null;
  readonly unitName: string | null;
  readonly regionCode: string;
  readonly buildingId?: number;
  readonly buildingName?: string;
  readonly roomId?: number;
  readonly roomNumber?: string;
  readonly personId?: number;
  readonly personName?: string;
  readonly rankCode?: string;
}

/** Facts of one candidate, before explanation: a discriminated union over the rules. */
export type CandidateFacts = {
  [R in RuleCode]: CandidateSubject & { readonly rule: R; readonly figures: RuleFigures[R] };
}[RuleCode];

export type FindingCandidate = CandidateFacts & {
  readonly severity: Severity;
  readonly explanation: { readonly zh: string; readonly en: string };
};

const m2 = (value: number) => `${Number(value.toFixed(2))} m²`;

/** A candidate with its rule's severity and an explanation: the rule cited, the numbers, and the fix. */
export function explainCandidate(facts: CandidateFacts): FindingCandidate {
  const definition = ruleCatalogue[facts.rule];
  const [zh, en] = explanationOf(facts);
  return {
    ...facts,
    severity: severityOf(facts),
    explanation: {
      zh: `${zh}依据：${definition.regulationZh}。`,
      en: `${en} Basis: ${definition.regulationEn}.`,
    },
  };
}

/**
 * The rule's severity, except over-standard offices, graded by how far the share exceeds the limit:
 * more than 20 % over is high, more than 5 % medium, less low (a measurement margin, still a candidate).
 */
export function severityOf(facts: CandidateFacts): Severity {
  if (facts.rule !== "over_standard_office") return ruleCatalogue[facts.rule].severity;
  const { share, limit } = facts.figures;
  if (share > limit * 1.2) return "high";
  return share > limit * 1.05 ? "medium" : "low";
}

function explanationOf(facts: CandidateFacts): [string, string] {
  const who = facts.personName ?? "";
  const room = facts.roomNumber ? `${facts.buildingName ?? ""}${facts.roomNumber}室` : "";
  switch (facts.rule) {
    case "over_standard_office": {
      const f = facts.figures;
      const needed = Math.ceil(f.roomArea / f.limit - 1e-9);
      const washroom = f.washroomArea > 0 ? `（含卫生间 ${m2(f.washroomArea)}）` : "";
      const washroomEn = f.washroomArea > 0 ? ` (including a ${m2(f.washroomArea)} washroom)` : "";
      return [
        `${who}使用的${room}使用面积 ${m2(f.roomArea)}${washroom}，${f.occupants === 1 ? "单人使用" : `${f.occupants} 人合用，人均 ${m2(f.share)}`}，超过其职级标准 ${m2(f.limit)}，超标 ${m2(f.excess)}。整改：调整到不超过 ${m2(f.limit * f.occupants)} 的房间，或合用人数增至 ${needed} 人。`,
        `${who}'s office ${facts.roomNumber ?? ""} has ${m2(f.roomArea)} of usable area${washroomEn}${f.occupants === 1 ? "" : ` shared by ${f.occupants}: ${m2(f.share)} each`} against the rank's limit of ${m2(f.limit)}, ${m2(f.excess)} over. To comply: move to a room of at most ${m2(f.limit * f.occupants)}, or share it among ${needed}.`,
      ];
    }
    case "two_offices_without_approval": {
      const f = facts.figures;
      const rooms = f.roomNumbers.join("、");
      return [
        `${who}占用 ${f.offices} 处办公室（${rooms}，合计 ${m2(f.usableArea)}），未经批准另行配置。整改：腾退多余的 ${f.offices - 1} 处，或因异地兼职报经批准。`,
        `${who} occupies ${f.offices} offices (${f.roomNumbers.join(", ")}; ${m2(f.usableArea)} in all) without approval of a second office. To comply: vacate ${f.offices - 1} of them, or obtain approval for a distant concurrent post.`,
      ];
    }
    case "office_not_recovered": {
      const f = facts.figures;
      const left = f.reason === "transferred" ? "调离" : "退休";
      return [
        `${who}已于 ${f.leftOn} ${left}，应在 ${f.dueBy} 前腾退，现仍占用 ${f.offices} 处办公室（${m2(f.usableArea)}），逾期 ${f.daysOverdue} 天。整改：收回其办公室。`,
        `${who} ${f.reason === "transferred" ? "was transferred" : "retired"} on ${f.leftOn}; the office was due back by ${f.dueBy} but ${f.offices} office(s) (${m2(f.usableArea)}) are still occupied, ${f.daysOverdue} days overdue. To comply: recover the office.`,
      ];
    }
    case "concurrent_office_not_vacated": {
      const f = facts.figures;
      return [
        `${who}的兼职已于 ${f.postEndedOn} 结束，另配的办公室应在 ${f.dueBy} 前腾退，现仍占用 ${f.offices} 处办公室（${m2(f.usableArea)}），逾期 ${f.daysOverdue} 天。整改：腾退兼职办公室。`,
        `${who}'s concurrent post ended on ${f.postEndedOn}; the second office was due back by ${f.dueBy} but ${f.offices} offices (${m2(f.usableArea)}) are still occupied, ${f.daysOverdue} days overdue. To comply: vacate the second office.`,
      ];
    }
    case "non_organ_occupant": {
      const f = facts.figures;
      const what = f.basis === "enterprise" ? "企业" : "改制单位（经营类）";
      const whatEn = f.basis === "enterprise" ? "an enterprise" : "a restructured (business-type) unit";
      return [
        `${facts.unitName ?? ""}属${what}，占用机关办公用房${facts.buildingName ?? ""} ${f.rooms} 间、${m2(f.usableArea)}。整改：限期腾退，收回统一调剂。`,
        `${facts.unitName ?? ""}, ${whatEn}, occupies ${f.rooms} rooms (${m2(f.usableArea)}) of the organ office building ${facts.buildingName ?? ""}. To comply: have it vacate them and return the space for re-allocation.`,
      ];
    }
    case "leased_out_without_approval": {
      const f = facts.figures;
      if (f.basis === "unapproved_lease")
        return [
          `${facts.buildingName ?? ""}${facts.roomNumber ? `${facts.roomNumber}室` : ""}出租给${f.tenant}（${m2(f.area)}，年租金 ${f.annualRent} 元，${f.startsOn} 至 ${f.endsOn}），未经批准。整改：报批或终止租赁、收回房屋。`,
          `${facts.buildingName ?? ""} ${facts.roomNumber ?? ""} is leased to ${f.tenant} (${m2(f.area)}, ${f.annualRent} yuan a year, ${f.startsOn} to ${f.endsOn}) without approval. To comply: obtain approval, or end the lease and recover the space.`,
        ];
      return [
        `${room}状态为出租（${m2(f.area)}），但台账中没有租赁记录。整改：补录经批准的租赁合同，或收回房屋。`,
        `${facts.buildingName ?? ""} ${facts.roomNumber ?? ""} is marked leased out (${m2(f.area)}) but the ledger holds no lease for it. To comply: record the approved lease, or recover the space.`,
      ];
    }
    case "use_not_matching_certificate": {
      const f = facts.figures;
      if (f.basis === "no_certificate")
        return [
          `${facts.unitName ?? ""}在${facts.buildingName ?? ""}使用 ${m2(f.occupiedArea)}，但没有有效的办公用房分配使用凭证或使用协议。整改：办理使用凭证，或腾退。`,
          `${facts.unitName ?? ""} uses ${m2(f.occupiedArea)} in ${facts.buildingName ?? ""} without a valid allocation certificate or use agreement. To comply: obtain one, or vacate the space.`,
        ];
      return [
        `${facts.unitName ?? ""}在${facts.buildingName ?? ""}使用 ${m2(f.occupiedArea)}，超过使用凭证核定的 ${m2(f.certifiedArea)}，超出 ${m2(f.excess)}。整改：腾退超出部分，或报批调整凭证面积。`,
        `${facts.unitName ?? ""} uses ${m2(f.occupiedArea)} in ${facts.buildingName ?? ""}, ${m2(f.excess)} more than the ${m2(f.certifiedArea)} of its certificates. To comply: vacate the excess, or have the certificate amended with approval.`,
      ];
    }
  }
}
