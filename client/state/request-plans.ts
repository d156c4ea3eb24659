import type { PlanRoom, RequestPlan, StandardPosition } from "../api/request-types.js";

/** What a plan offers, for comparing plans side by side (areas m² usable, money yuan, distance m). */
export interface PlanFigures {
  readonly area: number;
  /** Share of the allocatable need the plan meets (0..1). */
  readonly share: number;
  readonly annualCost: number;
  readonly oneOffCost: number;
  /** Nearest building (re-allocation) or swap partner; null when unknown or not applicable. */
  readonly distanceMeters: number | null;
  readonly rooms: number;
  readonly buildings: number;
}

const nearest = (distances: ReadonlyArray<number | null>): number | null => {
  const known = distances.filter((distance): distance is number => distance !== null);
  return known.length === 0 ? null : Math.min(...known);
};

/** A plan's figures, from its stored details. */
export function planFigures(plan: RequestPlan): PlanFigures {
  const buildings = plan.details.buildings ?? [];
  const partners = plan.details.partners ?? [];
  return {
    area: plan.allocatedArea,
    share: plan.details.share,
    annualCost: plan.annualCost,
    oneOffCost: plan.details.oneOffCost ?? 0,
    distanceMeters: nearest([
      ...buildings.map((building) => building.distanceMeters),
      ...partners.map((partner) => partner.distanceMeters),
    ]),
    rooms: buildings.reduce((sum, building) => sum + building.rooms.length, 0),
    buildings: buildings.length,
  };
}

/** The rooms a plan would assign (re-allocation only), each with its building's name. */
export function plannedRooms(plan: RequestPlan): Array<PlanRoom & { building: string }> {
  return (plan.details.buildings ?? []).flatMap((building) =>
    building.rooms.map((room) => ({ ...room, building: building.name })),
  );
}

/** The core (基本办公用房) line of a unit's standard position: entitled, actual, surplus (+) or shortfall (−). */
export function corePosition(
  position: Pick<StandardPosition, "comparison"> | null | undefined,
): { entitled: number; actual: number; surplus: number } | undefined {
  return position?.comparison.find((row) => row.category === "core");
}

/**
 * How a request would stand before it is filed, as the server will check it: the shortfall (never
 * below 0) and what may be allocated (the request capped at the shortfall: never above entitlement).
 */
export function previewCheck(
  core: { entitled: number; actual: number },
  requestedArea: number,
): { shortfall: number; allocatable: number; exceeds: boolean } {
  const shortfall = Math.round(Math.max(0, core.entitled - core.actual) * 100) / 100;
  return {
    shortfall,
    allocatable: Math.min(requestedArea, shortfall),
    exceeds: requestedArea > shortfall + 0.005,
  };
}
