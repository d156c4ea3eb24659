import type { Point, Polygon } from "../geojson.js";

/** Plain records of the demo (and synthetic) inventory, ids assigned by the generator. */
export interface DemoUnit {
  id: number;
  region_code: string;
  name: string;
  short_name: string | null;
  kind: UnitKind;
  admin_level: AdminLevel;
  parent_unit_id: number | null;
  supervising_unit_id: number | null;
  is_dispatched: boolean;
  is_restructured: boolean;
  note: string | null;
}

export type UnitKind =
  | "party_organ"
  | "government_department"
  | "peoples_congress"
  | "cppcc"
  | "court"
  | "procuratorate"
  | "supervision_commission"
  | "mass_organisation"
  | "civil_service_institution"
  | "public_institution"
  | "university"
  | "state_owned_enterprise"
  | "vertical_branch"
  | "administration";

export type AdminLevel = "central" | "provincial" | "prefecture" | "county" | "township";
export type UseCategory = "office" | "service" | "equipment" | "ancillary" | "technical";
/**
 * `converted` (turned over to community use) and `commercial` (moved to the commercial register) take a
 * room out of the office inventory (migration 16); only those workflows set them, never the generator.
 */
export type RoomStatus =
  | "in_use"
  | "idle"
  | "leased_out"
  | "lent_out"
  | "vacating"
  | "pending_disposal"
  | "converted"
  | "commercial";
/** `community_use`: a whole building converted to community public use (migration 16). */
export type PropertyClass = "office" | "technical" | "commercial" | "non_office_asset" | "community_use";

export interface DemoStaffing {
  unit_id: number;
  rank_code: string;
  region_code: string;
  authorized: number;
  actual: number;
}

export interface DemoPerson {
  id: number;
  unit_id: number;
  region_code: string;
  name: string;
  rank_code: string;
  position_title: string | null;
  is_leader: boolean;
  concurrent_post: string | null;
  concurrent_post_ended_on: string | null;
  second_office_approved: boolean;
  transferred_on: string | null;
  retired_on: string | null;
}

export interface DemoSite {
  id: number;
  region_code: string;
  name: string;
  address: string | null;
  geom: Polygon;
  land_area: number;
}

export interface DemoBuilding {
  id: number;
  region_code: string;
  site_id: number | null;
  name: string;
  address: string | null;
  footprint: Polygon;
  floors_above: number;
  floors_below: number;
  gross_area: number;
  structure: string;
  built_year: number;
  net_to_gross: number;
  property_class: PropertyClass;
  title_holder: string;
  title_certificate_no: string | null;
  condition: "good" | "fair" | "poor" | "dangerous";
  note: string | null;
}

export interface DemoFloor {
  id: number;
  building_id: number;
  region_code: string;
  level: number;
  name: string;
  gross_area: number;
  has_lift_access: boolean;
}

export interface DemoRoom {
  id: number;
  building_id: number;
  floor_id: number;
  region_code: string;
  number: string;
  use_category: UseCategory;
  function: string;
  usable_area: number;
  status: RoomStatus;
  occupant_unit_id: number | null;
  has_rest_room: boolean;
  washroom_area: number;
}

export interface DemoRoomOccupant {
  room_id: number;
  person_id: number;
  region_code: string;
  since: string;
}

export interface DemoCertificate {
  id: number;
  kind: "use_agreement" | "allocation_certificate";
  certificate_no: string;
  unit_id: number;
  building_id: number;
  region_code: string;
  area: number;
  issued_on: string;
  /** Set on the demo's deliberately revoked certificates (三相符 cases); absent means valid. */
  revoked_on?: string | null;
}

/** An inspection (监督检查) of a unit's building. */
export interface DemoInspection {
  id: number;
  region_code: string;
  kind: "routine" | "spot_check" | "key_reinspection";
  unit_id: number;
  building_id: number;
  planned_on: string;
  done_on: string;
  status: "done";
}

/** What an inspector observed in a room (账实相符). */
export interface DemoFieldCheckResult {
  id: number;
  inspection_id: number;
  room_id: number;
  region_code: string;
  checked_on: string;
  observed_status: RoomStatus | null;
  observed_use_category: UseCategory | null;
  observed_usable_area: number | null;
  observed_occupant_unit_id: number | null;
  note: string | null;
}

/** A unit's sub-ledger (分台账) submission (账账相符). */
export interface DemoSubLedgerSubmission {
  id: number;
  unit_id: number;
  region_code: string;
  submitted_on: string;
}

export interface DemoSubLedgerRow {
  id: number;
  submission_id: number;
  region_code: string;
  building_id: number;
  room_number: string;
  use_category: UseCategory;
  usable_area: number;
  status: RoomStatus;
  note: string | null;
}

export interface DemoLeaseIn {
  id: number;
  unit_id: number;
  region_code: string;
  name: string;
  address: string;
  location: Point;
  gross_area: number;
  annual_rent: number;
  starts_on: string;
  ends_on: string;
  approved: boolean;
}

export interface DemoLeaseOut {
  id: number;
  building_id: number;
  room_id: number | null;
  region_code: string;
  tenant: string;
  area: number;
  annual_rent: number;
  starts_on: string;
  ends_on: string;
  approved: boolean;
}

export interface DemoNonOfficeAsset {
  id: number;
  region_code: string;
  name: string;
  address: string;
  geom: Polygon;
  gross_area: number;
  land_area: number;
  former_use: string;
  reported_on: string;
  suits_office_use: boolean;
  condition: "good" | "fair" | "poor" | "dangerous";
}

export interface DemoCommunityFacility {
  id: number;
  region_code: string;
  name: string;
  kind:
    | "people_home"
    | "elderly_club"
    | "community_service_center"
    | "convenience_service"
    | "startup_incubator"
    | "other";
  location: Point;
  usable_area: number;
  opened_on: string;
}

export interface DemoResidentialDemand {
  id: number;
  region_code: string;
  name: string;
  source: "geonames" | "generated";
  population: number;
  location: Point;
}

export interface DemoDataset {
  units: DemoUnit[];
  staffing: DemoStaffing[];
  people: DemoPerson[];
  sites: DemoSite[];
  buildings: DemoBuilding[];
  floors: DemoFloor[];
  rooms: DemoRoom[];
  roomOccupants: DemoRoomOccupant[];
  certificates: DemoCertificate[];
  leasesIn: DemoLeaseIn[];
  leasesOut: DemoLeaseOut[];
  nonOfficeAssets: DemoNonOfficeAsset[];
  communityFacilities: DemoCommunityFacility[];
  residentialDemand: DemoResidentialDemand[];
  inspections: DemoInspection[];
  fieldCheckResults: DemoFieldCheckResult[];
  subLedgerSubmissions: DemoSubLedgerSubmission[];
  subLedgerRows: DemoSubLedgerRow[];
}

/** Table order for inserting (parents first). */
export const datasetTables = [
  ["units", "units"],
  ["staffing", "staffing"],
  ["people", "people"],
  ["sites", "sites"],
  ["buildings", "buildings"],
  ["floors", "floors"],
  ["rooms", "rooms"],
  ["roomOccupants", "room_occupants"],
  ["certificates", "use_certificates"],
  ["leasesIn", "leases_in"],
  ["leasesOut", "leases_out"],
  ["nonOfficeAssets", "non_office_assets"],
  ["communityFacilities", "community_facilities"],
  ["residentialDemand", "residential_demand"],
  ["inspections", "inspections"],
  ["fieldCheckResults", "field_check_results"],
  ["subLedgerSubmissions", "sub_ledger_submissions"],
  ["subLedgerRows", "sub_ledger_rows"],
] as const satisfies ReadonlyArray<readonly [keyof DemoDataset, string]>;
