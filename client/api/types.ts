// Shapes of the workbench's read API (server/http/routes, docs/api.md), as the client uses them.

import type { MultiPolygon, Polygon } from "geojson";

export type BBox = [number, number, number, number];

export interface RegionRef {
  code: string;
  name: string;
  level: "province" | "prefecture" | "county" | "township";
}

export interface RegionDetail {
  region: RegionRef & { parent_code: string | null };
  ancestors: RegionRef[];
  children: Array<RegionRef & { has_boundary: boolean }>;
  bbox: BBox | null;
  totals: {
    buildings: number;
    grossArea: number;
    usableArea: number;
    idleArea: number;
    units: number;
    leasesIn: number;
    annualRentOutside: number;
  };
}

export interface Occupant {
  person_id: number;
  name: string;
  rank_code: string;
  rank_name_zh: string;
  rank_name_en: string;
  is_leader: boolean;
}

export interface RoomDetail {
  id: number;
  number: string;
  use_category: string;
  function: string | null;
  usable_area: number;
  status: string;
  occupant_unit_id: number | null;
  occupant_unit_name: string | null;
  version: number;
  occupants: Occupant[];
}

export interface FloorDetail {
  id: number;
  level: number;
  name: string;
  gross_area: number | null;
  has_lift_access: boolean;
  version: number;
  rooms: RoomDetail[];
}

export interface BuildingDetail {
  building: {
    id: number;
    name: string;
    address: string | null;
    region_code: string;
    region_name: string;
    property_class: string;
    floors_above: number;
    floors_below: number;
    gross_area: number;
    usable_area: number;
    idle_area: number;
    built_year: number | null;
    structure: string | null;
    condition: string;
    title_holder: string | null;
    title_certificate_no: string | null;
    version: number;
    center: [number, number];
    bbox: BBox;
    footprint: Polygon | MultiPolygon;
  };
  floors: FloorDetail[];
  certificates: Array<{
    id: number;
    kind: string;
    certificate_no: string;
    unit_id: number;
    unit_name: string;
    area: number;
    issued_on: string;
    revoked_on: string | null;
  }>;
  leasesOut: Array<{
    id: number;
    room_id: number | null;
    tenant: string;
    area: number;
    annual_rent: number;
    starts_on: string;
    ends_on: string;
    approved: boolean;
  }>;
  history: Array<{
    at: string;
    actor: string | null;
    action: string;
    table: string;
    record_id: string | number;
    summary?: string;
  }>;
}

export interface UnitDetail {
  unit: {
    id: number;
    name: string;
    short_name: string | null;
    kind: string;
    admin_level: string;
    region_code: string;
    region_name: string;
    is_dispatched: boolean;
    supervising_unit: { id: number; name: string } | null;
  };
  staffing: Array<{
    rank_code: string;
    rank_name_zh: string;
    rank_name_en: string;
    authorized: number;
    actual: number;
  }>;
  headcount: { authorized: number; actual: number };
  areaByCategory: Record<"office" | "service" | "equipment" | "ancillary" | "technical", number>;
  totalArea: number;
  sites: Array<{
    building_id: number;
    name: string;
    region_code: string;
    center: [number, number];
    bbox: BBox;
    usable_area: number;
    room_count: number;
  }>;
  bbox: BBox | null;
  supervised: Array<{ id: number; name: string; kind: string; admin_level: string }>;
  leasesIn: Array<{
    id: number;
    name: string;
    address: string | null;
    gross_area: number;
    annual_rent: number;
    starts_on: string;
    ends_on: string;
    approved: boolean;
    center: [number, number] | null;
  }>;
  /** The 2014 standard's entitlement against the area in use (null where it cannot be computed). */
  entitlement: EntitlementSummary | null;
}

export interface EntitlementSummary {
  officeArea: number;
  coreUsableArea: number;
  grossArea: number;
  actualOfficeArea: number;
  actualCoreUsableArea: number;
  officeSurplus: number;
  coreSurplus: number;
  status: "over" | "within" | "short";
  overStandardPersons: number;
}

export type ColumnType = "text" | "number" | "area" | "money" | "date" | "boolean";

export interface TableColumn {
  key: string;
  label_zh: string;
  label_en: string;
  type: ColumnType;
  unit?: string;
}

export type TableRow = Record<string, unknown> & {
  id: number;
  center?: [number, number] | null;
  building_id?: number;
};

export interface TablePage {
  table: string;
  columns: TableColumn[];
  rows: TableRow[];
  total: number;
  limit: number;
  offset: number;
}

export interface TableQuery {
  region?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  order?: "asc" | "desc" | undefined;
  limit?: number;
  offset?: number;
}

export interface Explanation {
  zh: string;
  en: string;
}

/** GET /api/units/{id}/entitlement, the parts the inspector shows. */
export interface UnitEntitlementReport {
  status: "over" | "within" | "short";
  overStandardPersons: number;
  explanation: Explanation[];
  comparison: Array<{ category: string; entitled: number; actual: number; surplus: number }>;
  personChecks: Array<{
    personId: number;
    name: string;
    rankNameZh: string;
    rankNameEn: string;
    limit: number;
    area: number;
    excess: number;
    status: "over" | "within";
    explanation: Explanation[];
  }>;
}

// ---- editing (server/http/routes/inventory-edit.route.ts) ----

/** Every write answers with the audit entries it wrote: the handle for undoing it. */
export interface EditResult {
  audit: string[];
}

export interface BuildingDraft {
  name: string;
  footprint: Polygon | MultiPolygon;
  floors_above: number;
  floors_below?: number;
  property_class?: string;
  address?: string;
  built_year?: number;
}

export interface SavedBuilding {
  id: number;
  name: string;
  region_code: string;
  version: number;
}

export interface RoomPart {
  number: string;
  usable_area: number;
  use_category?: string;
}

export interface RoomDraft {
  floor_id: number;
  number: string;
  use_category: string;
  usable_area: number;
  status?: string;
  function?: string;
}

// ---- import (server/http/routes/imports.route.ts) ----

export type ImportTarget = "buildings" | "rooms" | "staffing" | "people" | "non_office_assets";

export interface ImportTargetField {
  name: string;
  required: boolean;
  type: string;
  label_zh?: string;
}

/** An uploaded file, parsed and staged: what the column-mapping step shows. */
export interface StagedImport {
  id: string;
  format: string;
  target: ImportTarget;
  rowCount: number;
  columns: string[];
  sample: Array<Record<string, unknown>>;
  suggestedMapping: Record<string, string>;
  targetFields: ImportTargetField[];
}

export interface RowError {
  line: number;
  field: string;
  reason: string;
}

export interface Job {
  id: string;
  kind: string;
  state: "running" | "done" | "failed" | "cancelled";
  processed: number;
  total: number;
  result?: {
    valid?: number;
    invalid?: number;
    inserted?: number;
    errors?: RowError[];
    [key: string]: unknown;
  };
  error?: { code?: string; message: string; details?: unknown } | string;
}

export interface ImportOptions {
  sourceCrs?: "WGS84" | "GCJ02";
  encoding?: string;
}

// ---- consolidation zones (server/http/routes/zones.route.ts, allocation.route.ts) ----

export type CandidateReason = "renting_outside" | "split_sites" | "short";

export interface CandidateUnit {
  unitId: number;
  name: string;
  level: string;
  kind: string;
  reasons: CandidateReason[];
  demandArea: number;
  /** Entitled core usable area; null for a unit without authorised staffing. */
  entitledArea: number | null;
  currentArea: number;
  currentAnnualRent: number;
  /** null for a unit with no site or lease to measure from. */
  moveDistanceMeters: number | null;
  sitesBefore: number;
  sitesAfter: number;
  center: [number, number] | null;
}

export interface ZoneAnalysis {
  zoneArea: number;
  buildings: number;
  grossArea: number;
  usableArea: number;
  idleUsableArea: number;
  idleByCategory: Record<string, number>;
  unitsHoused: number;
  buildingIds: number[];
  candidateUnits: CandidateUnit[];
  supplyArea: number;
  demandArea: number;
  balance: number;
  rentSavedPerYear: number;
  convertibleAssets: Array<{
    id: number;
    name: string;
    grossArea: number;
    suitsOfficeUse: boolean;
    conversionCost: number;
  }>;
  radiusMeters: number;
}

export interface ZoneRequest {
  geometry: Polygon | MultiPolygon;
  radiusMeters?: number;
  demand?: "gap" | "current";
}

export interface AllocationPlan {
  name: string;
  objective: string;
  assignments: Array<{
    unitId: number;
    unitName: string;
    buildingId: number;
    buildingName: string;
    area: number;
  }>;
  unhoused: Array<{ unitId: number; reason: string }>;
  metrics: {
    unitsHoused: number;
    areaAllocated: number;
    rentSavedPerYear: number;
    totalMoveDistanceMeters: number;
    averageMoveDistanceMeters: number;
    buildingsUsed: number;
    sitesBefore: number;
    sitesAfter: number;
    leftoverIdleArea: number;
  };
  gap: number | null;
  status: string;
  solveMs: number;
}

export interface AllocationPlans {
  plans: AllocationPlan[];
  infeasible?: { constraint: string; shortfallArea: number; message: string };
}

// ---- three consistencies (GET /api/consistency) ----

export interface Mismatch {
  kind: "ledger_vs_subledger" | "ledger_vs_field" | "ledger_vs_certificate";
  code: string;
  buildingName: string | null;
  roomNumber?: string | null;
  message: string;
}

export interface ConsistencyReport {
  units: Array<{ unitId: number | null; name: string; submittedOn: string | null; mismatches: Mismatch[] }>;
  total: number;
}
