// Shapes of the allocation-request API (调配申报: server/http/routes/allocation-requests.route.ts and
// allocation-request-views.ts), as the client uses them.

import type { Explanation } from "./types.js";

export type RequestStatus = "submitted" | "planning" | "decided" | "rejected" | "withdrawn";
/** The 2017 rules' order of preference: re-allocation → swap → lease → construction. */
export type AllocationMethod = "reallocation" | "swap" | "lease" | "construction";

export interface AllocationRequest {
  id: number;
  unitId: number;
  unitName: string;
  unitKind: string;
  unitLevel: string;
  grassroots: boolean;
  regionCode: string;
  /** m² usable, as filed. */
  requestedArea: number;
  reason: string;
  neededBy: string | null;
  status: RequestStatus;
  submittedAt: string;
  decidedAt: string | null;
  version: number;
}

export interface RequestPage {
  total: number;
  limit: number;
  offset: number;
  items: AllocationRequest[];
}

export interface PlanRoom {
  id: number;
  version: number;
  number: string;
  useCategory: "office" | "service";
  usableArea: number;
  floorId: number;
  floorName: string;
}

export interface PlanBuilding {
  id: number;
  name: string;
  distanceMeters: number | null;
  area: number;
  floors: number;
  rooms: PlanRoom[];
}

export interface SwapPartner {
  unitId: number;
  name: string;
  surplus: number;
  distanceMeters: number | null;
  buildingNames: string[];
}

export interface RequestPlan {
  id: number;
  rank: number;
  name: string;
  method: AllocationMethod;
  /** m² usable. */
  allocatedArea: number;
  /** yuan per year (lease: rent; construction: investment over the design life). */
  annualCost: number;
  status: "proposed" | "chosen" | "rejected";
  details: {
    share: number;
    buildings?: PlanBuilding[];
    partners?: SwapPartner[];
    grossArea?: number;
    oneOffCost?: number;
    priority?: {
      grassroots: boolean;
      heldBy: Array<{ requestId: number; unitName: string; rooms: number }>;
      contested: Array<{ requestId: number; unitName: string; roomIds: number[] }>;
    };
    explanation: Explanation[];
  };
  version: number;
}

/** The unit's standard position: entitled and actual area by category, surplus (+) or shortfall (−). */
export interface StandardPosition {
  status: "over" | "within" | "short";
  headcount: { authorized: number; actual: number };
  comparison: Array<{ category: string; entitled: number; actual: number; surplus: number }>;
}

export interface RequestCheck {
  requestedArea: number;
  shortfall: number;
  allocatableArea: number;
  exceedsEntitlement: boolean;
  explanation: Explanation[];
}

/** GET /api/allocation-requests/{id}. */
export interface RequestDetail extends AllocationRequest {
  position: StandardPosition | null;
  check: RequestCheck | null;
  plans: RequestPlan[];
}

export interface RequestDraft {
  unitId: number;
  requestedArea: number;
  reason: string;
  neededBy?: string;
}

/** POST /api/allocation-requests/{id}/decide: the rooms assigned (re-allocation) and the audit entries. */
export interface Decision {
  request: AllocationRequest;
  plans: RequestPlan[];
  rooms: Array<{ id: number; number: string; usable_area: number | string; status: string }>;
  audit: string[];
  /** The draft scenario a chosen swap or lease plan became. */
  scenarioId: number | null;
}
