import type { Explanation } from "../standards/entitlement.js";
import { roundArea } from "../standards/entitlement.js";
import type { AllocationSettings } from "./allocation-settings.js";

/** An idle room of an administration-titled office building in the unit's pool. */
export interface CandidateRoom {
  readonly id: number;
  readonly version: number;
  readonly number: string;
  readonly useCategory: "office" | "service";
  readonly usableArea: number;
  readonly buildingId: number;
  readonly buildingName: string;
  readonly floorId: number;
  readonly floorName: string;
  readonly floorLevel: number;
  /** From the unit's main building (m, geodesic); null when the unit has no site to measure from. */
  readonly distanceMeters: number | null;
}

/** A unit over its entitlement near the requesting unit: its surplus could be vacated to it (置换). */
export interface SwapPartner {
  readonly unitId: number;
  readonly name: string;
  readonly surplus: number;
  readonly distanceMeters: number | null;
  readonly buildingNames: readonly string[];
}

export type AllocationMethod = "reallocation" | "swap" | "lease" | "construction";

export interface PlanRoom {
  readonly id: number;
  readonly version: number;
  readonly number: string;
  readonly useCategory: "office" | "service";
  readonly usableArea: number;
  readonly floorId: number;
  readonly floorName: string;
}

export interface PlanBuilding {
  readonly id: number;
  readonly name: string;
  readonly distanceMeters: number | null;
  readonly area: number;
  readonly floors: number;
  readonly rooms: readonly PlanRoom[];
}

/** A plan before it is stored: what `allocation_plans` holds (details as JSON). */
export interface PlanDraft {
  readonly name: string;
  readonly method: AllocationMethod;
  readonly allocatedArea: number;
  readonly annualCost: number;
  readonly details: {
    readonly methodLabel: string;
    readonly share: number;
    readonly buildings?: readonly PlanBuilding[];
    readonly partners?: readonly SwapPartner[];
    readonly grossArea?: number;
    readonly oneOffCost?: number;
    /** Re-allocation plans: the competition for rooms (room-claims.ts). */
    readonly priority?: {
      readonly grassroots: boolean;
      readonly heldBy: ReadonlyArray<{ requestId: number; unitName: string; rooms: number }>;
      readonly contested: ReadonlyArray<{ requestId: number; unitName: string; roomIds: readonly number[] }>;
    };
    readonly explanation: readonly Explanation[];
  };
}

export interface PlanningInput {
  /** The area the plans may allocate: the request capped at the unit's shortfall (m² usable). */
  readonly target: number;
  readonly rooms: readonly CandidateRoom[];
  readonly partners: readonly SwapPartner[];
  readonly settings: AllocationSettings;
}

export const methodLabels: Record<AllocationMethod, string> = {
  reallocation: "调剂",
  swap: "置换",
  lease: "租用",
  construction: "建设",
};

const EPSILON = 0.005;
const km = (meters: number | null) => (meters === null ? "距离未知" : `${(meters / 1000).toFixed(1)} km`);
const kmEn = (meters: number | null) =>
  meters === null ? "distance unknown" : `${(meters / 1000).toFixed(1)} km`;

interface BuildingOption extends PlanBuilding {
  readonly share: number;
}

/**
 * The rooms of one building covering as much of `target` as possible without exceeding it: floors with
 * the most idle area first (contiguity: fewest floors), within a floor the largest rooms first.
 */
export function fillBuilding(rooms: readonly CandidateRoom[], target: number): PlanRoom[] {
  const floors = new Map<number, CandidateRoom[]>();
  for (const room of rooms) floors.set(room.floorId, [...(floors.get(room.floorId) ?? []), room]);
  const idle = (list: readonly CandidateRoom[]) => list.reduce((sum, room) => sum + room.usableArea, 0);
  const ordered = [...floors.values()].sort(
    (a, b) => idle(b) - idle(a) || (a[0]?.floorLevel ?? 0) - (b[0]?.floorLevel ?? 0),
  );
  const chosen: PlanRoom[] = [];
  let area = 0;
  for (const floor of ordered) {
    const byArea = [...floor].sort((a, b) => b.usableArea - a.usableArea || a.id - b.id);
    for (const room of byArea) {
      if (area + room.usableArea > target + EPSILON) continue;
      area += room.usableArea;
      chosen.push({
        id: room.id,
        version: room.version,
        number: room.number,
        useCategory: room.useCategory,
        usableArea: room.usableArea,
        floorId: room.floorId,
        floorName: room.floorName,
      });
    }
    if (area >= target - EPSILON) break;
  }
  return chosen;
}

function buildingOptions(rooms: readonly CandidateRoom[], target: number): BuildingOption[] {
  const byBuilding = new Map<number, CandidateRoom[]>();
  for (const room of rooms)
    byBuilding.set(room.buildingId, [...(byBuilding.get(room.buildingId) ?? []), room]);
  const options: BuildingOption[] = [];
  for (const list of byBuilding.values()) {
    const first = list[0];
    if (!first) continue;
    const chosen = fillBuilding(list, target);
    if (chosen.length === 0) continue;
    const area = roundArea(chosen.reduce((sum, room) => sum + room.usableArea, 0));
    options.push({
      id: first.buildingId,
      name: first.buildingName,
      distanceMeters: first.distanceMeters,
      area,
      floors: new Set(chosen.map((room) => room.floorId)).size,
      rooms: chosen,
      share: area / target,
    });
  }
  return options;
}

/**
 * Ranks buildings for re-allocation: those meeting the need (≥ adequateShare) first, then the nearest,
 * then the fewest floors (contiguity), then the better fit.
 */
export function rankBuildings(options: readonly BuildingOption[], adequateShare: number): BuildingOption[] {
  const distance = (option: BuildingOption) => option.distanceMeters ?? Number.POSITIVE_INFINITY;
  return [...options].sort((a, b) => {
    const adequate = Number(b.share >= adequateShare) - Number(a.share >= adequateShare);
    return adequate || distance(a) - distance(b) || a.floors - b.floors || b.share - a.share || a.id - b.id;
  });
}

function reallocationPlan(name: string, buildings: readonly PlanBuilding[], target: number): PlanDraft {
  const area = roundArea(buildings.reduce((sum, building) => sum + building.area, 0));
  const rooms = buildings.reduce((sum, building) => sum + building.rooms.length, 0);
  const where = buildings
    .map((building) => `${building.name}（${km(building.distanceMeters)}，${building.floors} 层）`)
    .join("、");
  const whereEn = buildings
    .map((building) => `${building.name} (${kmEn(building.distanceMeters)}, ${building.floors} floor(s))`)
    .join(", ");
  const explanation: Explanation[] = [
    {
      zh: `调剂：从机关事务管理局产权的办公用房闲置房源中调剂 ${rooms} 间、${area} m²：${where}。`,
      en: `Re-allocation: ${rooms} idle room(s), ${area} m², from office buildings titled to the administration: ${whereEn}.`,
    },
    {
      zh: "排序依据：先满足需求（≥ 需求的 90%），再按距单位主办公地点的距离、楼层集中程度（同楼同层优先）和面积匹配程度。",
      en: "Ranked by meeting the need (≥ 90 %), then distance from the unit's main site, contiguity (same building and floor first) and fit.",
    },
  ];
  if (area < target - EPSILON)
    explanation.push({
      zh: `闲置房源不足，尚缺 ${roundArea(target - area)} m²，可与其他方式组合解决。`,
      en: `The idle stock falls short by ${roundArea(target - area)} m²; combine with another method.`,
    });
  return {
    name,
    method: "reallocation",
    allocatedArea: area,
    annualCost: 0,
    details: {
      methodLabel: methodLabels.reallocation,
      share: roundArea(area / target),
      buildings,
      explanation,
    },
  };
}

/** Up to two re-allocation plans: the best building, an alternative building, or several combined. */
export function reallocationPlans(input: PlanningInput): PlanDraft[] {
  const { target, settings } = input;
  const ranked = rankBuildings(buildingOptions(input.rooms, target), settings.adequateShare);
  const adequate = ranked.filter((option) => option.share >= settings.adequateShare);
  const strip = ({ share: _share, ...building }: BuildingOption): PlanBuilding => building;
  if (adequate.length > 0) {
    return adequate
      .slice(0, 2)
      .map((option, index) =>
        reallocationPlan(index === 0 ? "调剂方案（推荐）" : "调剂方案（备选）", [strip(option)], target),
      );
  }
  // No one building suffices: the nearest buildings together, each filling what is still missing.
  const nearest = [...ranked].sort(
    (a, b) => (a.distanceMeters ?? Number.POSITIVE_INFINITY) - (b.distanceMeters ?? Number.POSITIVE_INFINITY),
  );
  const combined: PlanBuilding[] = [];
  let missing = target;
  for (const option of nearest) {
    if (missing <= EPSILON) break;
    const rooms = input.rooms.filter((room) => room.buildingId === option.id);
    const chosen = fillBuilding(rooms, missing);
    if (chosen.length === 0) continue;
    const area = roundArea(chosen.reduce((sum, room) => sum + room.usableArea, 0));
    combined.push({
      ...strip(option),
      area,
      rooms: chosen,
      floors: new Set(chosen.map((r) => r.floorId)).size,
    });
    missing = roundArea(missing - area);
  }
  return combined.length > 0 ? [reallocationPlan("调剂方案（多处房源组合）", combined, target)] : [];
}

/** A swap: the nearest over-standard units whose surplus, vacated, covers the need. */
export function swapPlan(input: PlanningInput): PlanDraft | undefined {
  const partners = [...input.partners]
    .filter((partner) => partner.surplus > 0)
    .sort(
      (a, b) =>
        (a.distanceMeters ?? Number.POSITIVE_INFINITY) - (b.distanceMeters ?? Number.POSITIVE_INFINITY) ||
        b.surplus - a.surplus,
    );
  const chosen: SwapPartner[] = [];
  let covered = 0;
  for (const partner of partners) {
    if (covered >= input.target - EPSILON) break;
    chosen.push(partner);
    covered += partner.surplus;
  }
  if (chosen.length === 0) return undefined;
  const area = roundArea(Math.min(input.target, covered));
  const names = chosen.map(
    (partner) => `${partner.name}（超标 ${partner.surplus} m²，${km(partner.distanceMeters)}）`,
  );
  const namesEn = chosen.map(
    (partner) => `${partner.name} (over by ${partner.surplus} m², ${kmEn(partner.distanceMeters)})`,
  );
  return {
    name: "置换方案",
    method: "swap",
    allocatedArea: area,
    annualCost: 0,
    details: {
      methodLabel: methodLabels.swap,
      share: roundArea(area / input.target),
      partners: chosen,
      explanation: [
        {
          zh: `置换：由附近超标单位腾退超标面积后调整给申报单位，共 ${area} m²：${names.join("、")}。需与相关单位协商，由机关事务管理局批准。`,
          en: `Swap: nearby units over their entitlement vacate their surplus for the applicant, ${area} m² in all: ${namesEn.join(", ")}. Needs the units' agreement and the administration's approval.`,
        },
      ],
    },
  };
}

/** The market option: leasing the need at the configured rent (Fangtu holds no real listings). */
export function leasePlan(input: PlanningInput): PlanDraft {
  const { target, settings } = input;
  const gross = roundArea(target / settings.netToGross);
  const annual = roundArea(gross * settings.rentPerSquareMetrePerDay * 365);
  return {
    name: "租用方案",
    method: "lease",
    allocatedArea: roundArea(target),
    annualCost: annual,
    details: {
      methodLabel: methodLabels.lease,
      share: 1,
      grossArea: gross,
      explanation: [
        {
          zh: `租用：按使用面积 ${roundArea(target)} m²、使用系数 ${settings.netToGross} 折合建筑面积 ${gross} m²，以参考租金 ${settings.rentPerSquareMetrePerDay} 元/m²/天估算，年租金约 ${(annual / 10_000).toFixed(2)} 万元。系统不掌握真实市场房源，租金为可配置的参考参数；租用须经批准，资金只能来自预算。`,
          en: `Lease: ${roundArea(target)} m² usable at K ${settings.netToGross} is ${gross} m² gross; at the reference rent of ${settings.rentPerSquareMetrePerDay} yuan/m²/day that is about ${(annual / 10_000).toFixed(2)} × 10⁴ yuan a year. Fangtu holds no real market listings: the rent is a configurable reference; leasing needs approval and budget funds.`,
        },
      ],
    },
  };
}

/** The last resort: building the need at the configured cost per m² of gross area. */
export function constructionPlan(input: PlanningInput): PlanDraft {
  const { target, settings } = input;
  const gross = roundArea(target / settings.netToGross);
  const cost = roundArea(gross * settings.constructionCostPerSquareMetre);
  const annual = roundArea(cost / settings.constructionDesignLifeYears);
  return {
    name: "建设方案",
    method: "construction",
    allocatedArea: roundArea(target),
    annualCost: annual,
    details: {
      methodLabel: methodLabels.construction,
      share: 1,
      grossArea: gross,
      oneOffCost: cost,
      explanation: [
        {
          zh: `建设：新建建筑面积 ${gross} m²，按 ${settings.constructionCostPerSquareMetre} 元/m² 估算投资约 ${(cost / 10_000).toFixed(2)} 万元（按 ${settings.constructionDesignLifeYears} 年折合每年 ${(annual / 10_000).toFixed(2)} 万元）。建设是最后的选择，须按规定立项审批。`,
          en: `Construction: ${gross} m² gross at ${settings.constructionCostPerSquareMetre} yuan/m² is about ${(cost / 10_000).toFixed(2)} × 10⁴ yuan (${(annual / 10_000).toFixed(2)} × 10⁴ yuan a year over ${settings.constructionDesignLifeYears} years). The last resort; needs project approval.`,
        },
      ],
    },
  };
}

/**
 * Every plan for a need, in the order of preference of the 2017 rules: re-allocation (调剂) → swap
 * (置换) → lease (租用) → construction (建设). Always at least two (lease and construction exist).
 */
export function preparePlans(input: PlanningInput): PlanDraft[] {
  const swap = swapPlan(input);
  return [...reallocationPlans(input), ...(swap ? [swap] : []), leasePlan(input), constructionPlan(input)];
}
