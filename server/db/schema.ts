import type { ColumnType, Generated } from "kysely";
import type { CommunityUse, ConversionStatus } from "../domain/conversions/conversion-flow.js";
import type { DisposalMethod } from "../domain/conversions/disposal-options.js";

/**
 * Kysely's view of the tables. Geometry columns are opaque here: they are written through
 * `ST_*` expressions and read through `ST_AsGeoJSON` (see postgis.ts), never as raw EWKB.
 */
export type GeometryColumn = ColumnType<unknown, unknown, unknown>;
/** numeric columns: parsed to number by the type parsers in database.ts. */
export type Numeric = ColumnType<number, number, number>;
/** date columns: 'YYYY-MM-DD' strings in both database modes. */
export type DateString = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Version = Generated<number>;
type DemoFlag = Generated<boolean>;

export interface RegionTable {
  code: string;
  name: string;
  level: "province" | "prefecture" | "county" | "township";
  parent_code: string | null;
  geom: GeometryColumn | null;
}

export interface RankTable {
  code: string;
  organ_level: string;
  name_zh: string;
  name_en: string;
  office_limit_m2: Numeric;
  is_leader: boolean;
  sort_order: number;
}

/** Versioned provincial parameters of the standards engine (migration 06); `parameters` is validated on read. */
export interface StandardParametersTable {
  id: Generated<number>;
  region_code: string;
  version: string;
  effective_from: DateString;
  parameters: ColumnType<unknown, string, string>;
  note: string | null;
  created_at: Generated<Date>;
}

/** Each unit's entitlement against its use, as last recomputed in bulk (migration 08); areas m². */
export interface UnitStandardStatusTable {
  unit_id: number;
  region_code: string;
  parameters_version: string;
  computed_at: Timestamp;
  effective_level: "central" | "provincial" | "prefecture" | "county" | "township";
  takes_level_below: boolean;
  sub_provincial: boolean;
  high_rise: boolean;
  staffing_rows: number;
  authorized: number;
  entitled_office: Numeric;
  entitled_service: Numeric;
  entitled_equipment: Numeric;
  entitled_core: Numeric;
  entitled_gross: Numeric;
  actual_office: Numeric;
  actual_service: Numeric;
  actual_equipment: Numeric;
  actual_ancillary: Numeric;
  actual_technical: Numeric;
  actual_core: Numeric;
  office_surplus: Numeric;
  service_surplus: Numeric;
  equipment_surplus: Numeric;
  core_surplus: Numeric;
  status: "over" | "within" | "short" | "no_staffing";
  persons_checked: number;
  over_standard_persons: number;
}

export interface UnitTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  short_name: string | null;
  kind: string;
  admin_level: string;
  parent_unit_id: number | null;
  supervising_unit_id: number | null;
  is_dispatched: Generated<boolean>;
  is_restructured: Generated<boolean>;
  note: string | null;
  is_demo: DemoFlag;
  version: Version;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface StaffingTable {
  unit_id: number;
  rank_code: string;
  region_code: string;
  authorized: number;
  actual: number;
  is_demo: DemoFlag;
  version: Version;
}

export interface PersonTable {
  id: Generated<number>;
  unit_id: number;
  region_code: string;
  name: string;
  rank_code: string;
  position_title: string | null;
  is_leader: Generated<boolean>;
  concurrent_post: string | null;
  concurrent_post_ended_on: DateString | null;
  second_office_approved: Generated<boolean>;
  transferred_on: DateString | null;
  retired_on: DateString | null;
  is_demo: DemoFlag;
  version: Version;
}

export interface SiteTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  address: string | null;
  geom: GeometryColumn | null;
  land_area: Numeric | null;
  is_demo: DemoFlag;
  version: Version;
}

export interface BuildingTable {
  id: Generated<number>;
  region_code: string;
  site_id: number | null;
  name: string;
  address: string | null;
  footprint: GeometryColumn;
  floors_above: number;
  floors_below: Generated<number>;
  gross_area: Numeric;
  structure: string | null;
  built_year: number | null;
  net_to_gross: Numeric | null;
  property_class: "office" | "technical" | "commercial" | "non_office_asset" | "community_use";
  title_holder: string | null;
  title_certificate_no: string | null;
  condition: Generated<string>;
  note: string | null;
  is_demo: DemoFlag;
  version: Version;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface FloorTable {
  id: Generated<number>;
  building_id: number;
  region_code: string;
  level: number;
  name: string;
  gross_area: Numeric | null;
  has_lift_access: Generated<boolean>;
  is_demo: DemoFlag;
  version: Version;
}

export interface RoomTable {
  id: Generated<number>;
  building_id: number;
  floor_id: number;
  region_code: string;
  number: string;
  use_category: "office" | "service" | "equipment" | "ancillary" | "technical";
  function: string | null;
  usable_area: Numeric;
  status:
    | "in_use"
    | "idle"
    | "leased_out"
    | "lent_out"
    | "vacating"
    | "pending_disposal"
    /** Migration 16: out of the office inventory (a completed conversion / the commercial register). */
    | "converted"
    | "commercial";
  occupant_unit_id: number | null;
  has_rest_room: Generated<boolean>;
  washroom_area: Generated<Numeric>;
  plan: GeometryColumn | null;
  is_demo: DemoFlag;
  version: Version;
}

export interface RoomOccupantTable {
  room_id: number;
  person_id: number;
  region_code: string;
  since: DateString | null;
  is_demo: DemoFlag;
}

export interface UseCertificateTable {
  id: Generated<number>;
  kind: "use_agreement" | "allocation_certificate";
  certificate_no: string;
  unit_id: number;
  building_id: number;
  region_code: string;
  area: Numeric;
  issued_on: DateString;
  revoked_on: DateString | null;
  is_demo: DemoFlag;
  version: Version;
}

export interface LeaseInTable {
  id: Generated<number>;
  unit_id: number;
  region_code: string;
  name: string;
  address: string | null;
  location: GeometryColumn;
  gross_area: Numeric;
  annual_rent: Numeric;
  starts_on: DateString;
  ends_on: DateString;
  approved: Generated<boolean>;
  is_demo: DemoFlag;
  version: Version;
}

export interface LeaseOutTable {
  id: Generated<number>;
  building_id: number;
  room_id: number | null;
  region_code: string;
  tenant: string;
  area: Numeric;
  annual_rent: Numeric;
  starts_on: DateString;
  ends_on: DateString;
  approved: Generated<boolean>;
  is_demo: DemoFlag;
  version: Version;
  /** Migration 16: the commercial-register entry this lease belongs to, once separated. */
  commercial_property_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface NonOfficeAssetTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  address: string | null;
  geom: GeometryColumn;
  gross_area: Numeric;
  land_area: Numeric | null;
  former_use: string | null;
  reported_by: Generated<string>;
  reported_on: DateString;
  suits_office_use: boolean;
  condition: Generated<string>;
  status: Generated<string>;
  is_demo: DemoFlag;
  version: Version;
}

export interface CommunityFacilityTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  kind: string;
  location: GeometryColumn;
  usable_area: Numeric | null;
  opened_on: DateString | null;
  source_building_id: number | null;
  is_demo: DemoFlag;
  version: Version;
}

export interface ResidentialDemandTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  source: "geonames" | "generated" | "survey";
  population: number;
  location: GeometryColumn;
  is_demo: DemoFlag;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  region_code: string;
  unit_id: number | null;
  is_active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  is_demo: DemoFlag;
  version: Version;
  created_at: Generated<Date>;
}

export interface RoleTable {
  code: string;
  name_zh: string;
  name_en: string;
}

export interface UserRoleTable {
  user_id: number;
  role_code: string;
  region_code: string;
}

export interface SessionTable {
  id: string;
  user_id: number;
  region_code: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface PersonalAccessTokenTable {
  id: Generated<number>;
  user_id: number;
  region_code: string;
  name: string;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ScenarioTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  description: string | null;
  status: Generated<string>;
  parent_scenario_id: number | null;
  base_data_version: number | null;
  created_by: number | null;
  approved_by: number | null;
  approved_at: Timestamp | null;
  is_demo: DemoFlag;
  version: Version;
  created_at: Generated<Date>;
  /** Migration 13: the flow draft → validated → approved → applied (or archived), and its snapshot. */
  updated_at: Generated<Date>;
  validated_at: Timestamp | null;
  validated_by: number | null;
  validation: ColumnType<unknown, string | null, string | null> | null;
  snapshot: ColumnType<unknown, string | null, string | null> | null;
  applied_at: Timestamp | null;
  applied_by: number | null;
  archived_from: string | null;
}

export interface ScenarioActionTable {
  id: Generated<number>;
  scenario_id: number;
  region_code: string;
  seq: number;
  kind: string;
  payload: ColumnType<unknown, string, string>;
}

export interface ZoneTable {
  id: Generated<number>;
  region_code: string;
  scenario_id: number | null;
  name: string;
  geom: GeometryColumn;
  note: string | null;
  created_by: number | null;
  is_demo: DemoFlag;
  version: Version;
}

export interface AllocationRequestTable {
  id: Generated<number>;
  unit_id: number;
  region_code: string;
  requested_area: Numeric;
  reason: string;
  status: Generated<string>;
  submitted_at: Generated<Date>;
  decided_at: Timestamp | null;
  is_demo: DemoFlag;
  version: Version;
  /** Migration 12: by when the unit needs the space, who filed and who decided. */
  needed_by: DateString | null;
  filed_by: number | null;
  decided_by: number | null;
}

export interface AllocationPlanTable {
  id: Generated<number>;
  request_id: number | null;
  region_code: string;
  name: string;
  method: "reallocation" | "swap" | "lease" | "construction";
  allocated_area: Numeric;
  annual_cost: ColumnType<number, number | undefined, number>;
  details: ColumnType<unknown, string, string>;
  status: Generated<string>;
  is_demo: DemoFlag;
  version: Version;
  /** Migration 12: the plan's place in the request's order of preference (1 first), when it was made. */
  rank: Generated<number>;
  created_at: Generated<Date>;
}

/** Costs in 万元 (migration 16); `uses` holds the target uses [{ kind, name, area }] validated on write. */
export interface ConversionTable {
  id: Generated<number>;
  region_code: string;
  building_id: number | null;
  asset_id: number | null;
  room_ids: Generated<number[]>;
  target_use: CommunityUse;
  name: string;
  area: Numeric;
  estimated_cost: Numeric | null;
  status: ColumnType<ConversionStatus, ConversionStatus | undefined, ConversionStatus>;
  is_published: Generated<boolean>;
  note: string | null;
  is_demo: DemoFlag;
  version: Version;
  source_kind: "building" | "rooms" | "asset";
  uses: ColumnType<unknown, string, string>;
  annual_operating_cost: Numeric | null;
  funding_source: string | null;
  public_summary: string | null;
  decision_note: string | null;
  proposed_by: number | null;
  approved_by: number | null;
  approved_at: Timestamp | null;
  completed_by: number | null;
  completed_at: Timestamp | null;
  facility_ids: Generated<number[]>;
  published_at: Timestamp | null;
  created_at: Generated<Date>;
}

/** Small files of a conversion (migration 16), at most 512 KiB each. */
export interface ConversionAttachmentTable {
  id: Generated<number>;
  conversion_id: number;
  region_code: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  content: Uint8Array;
  uploaded_by: number | null;
  created_at: Generated<Date>;
}

/** The commercial register (经营用房, migration 16): space separated from the office inventory. */
export interface CommercialPropertyTable {
  id: Generated<number>;
  region_code: string;
  building_id: number;
  room_ids: Generated<number[]>;
  scope: "building" | "rooms";
  origin: "leased_out" | "shop_front";
  name: string;
  area: Numeric;
  status: ColumnType<
    "registered" | "leased" | "auction" | "sold",
    "registered" | "leased" | "auction" | "sold" | undefined,
    "registered" | "leased" | "auction" | "sold"
  >;
  note: string | null;
  separated_by: number | null;
  separated_at: Generated<Date>;
  version: Version;
}

export interface DisposalTable {
  id: Generated<number>;
  region_code: string;
  building_id: number | null;
  room_ids: Generated<number[]>;
  method: DisposalMethod;
  status: Generated<string>;
  area: Numeric;
  reserve_price: Numeric | null;
  result: string | null;
  is_demo: DemoFlag;
  version: Version;
  /** Migration 16: the subject besides buildings, the auction result, publication (prices in 万元). */
  asset_id: number | null;
  commercial_property_id: number | null;
  note: string | null;
  sale_price: Numeric | null;
  buyer: string | null;
  result_on: DateString | null;
  recorded_by: number | null;
  created_at: Generated<Date>;
  is_published: Generated<boolean>;
  published_at: Timestamp | null;
}

export interface InspectionTable {
  id: Generated<number>;
  region_code: string;
  kind: "routine" | "spot_check" | "key_reinspection";
  unit_id: number | null;
  building_id: number | null;
  planned_on: DateString;
  done_on: DateString | null;
  status: Generated<string>;
  inspector_id: number | null;
  is_demo: DemoFlag;
  version: Version;
  /** Migration 18: the plan it belongs to (null for inspections recorded before plans). */
  plan_id: number | null;
  note: string | null;
  started_on: DateString | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** An inspection plan of a level and year (migration 18). */
export interface InspectionPlanTable {
  id: Generated<number>;
  region_code: string;
  year: number;
  kind: "routine" | "spot_check" | "key_reinspection";
  round: number | null;
  title: string;
  starts_on: DateString;
  ends_on: DateString;
  status: Generated<"active" | "cancelled">;
  note: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  is_demo: DemoFlag;
  version: Version;
}

/** A photo taken during an inspection (migration 18). */
export interface InspectionPhotoTable {
  id: Generated<number>;
  inspection_id: number;
  room_id: number | null;
  region_code: string;
  file_name: string;
  media_type: "image/jpeg" | "image/png";
  size_bytes: number;
  content: Uint8Array;
  caption: string | null;
  uploaded_by: number | null;
  created_at: Generated<Date>;
  is_demo: DemoFlag;
}

export interface FindingTable {
  id: Generated<number>;
  region_code: string;
  inspection_id: number | null;
  unit_id: number;
  building_id: number | null;
  room_id: number | null;
  person_id: number | null;
  rule: string;
  severity: "low" | "medium" | "high";
  description: string;
  deadline: DateString | null;
  status: Generated<string>;
  referred_on: DateString | null;
  is_demo: DemoFlag;
  version: Version;
  /** Migration 17: where it came from, the unit's answer, and when it was raised / last changed. */
  source: Generated<"rule_check" | "inspection">;
  rectification_plan: string | null;
  evidence: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Migration 19: the day it was raised (age counts from it), the rule-check violation it records, and
   * the reason of the administration's last send-back while the unit has not answered again. */
  raised_on: ColumnType<string, string | undefined, string>;
  subject_key: string | null;
  returned_reason: string | null;
}

/** An evidence file of a finding (migration 19), kept in the database. */
export interface FindingAttachmentTable {
  id: Generated<number>;
  finding_id: number;
  region_code: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  content: Uint8Array;
  uploaded_by: number | null;
  created_at: Generated<Date>;
  is_demo: DemoFlag;
}

/** A region's dashboard totals as of one day (migration 17): the idle-space trend. */
export interface DashboardSnapshotTable {
  region_code: string;
  taken_on: DateString;
  gross_area: Numeric;
  office_area: Numeric;
  idle_area: Numeric;
  units_over_standard: number;
  persons_over_standard: number;
  leases_in: number;
  annual_rent_outside: Numeric;
  open_findings: number;
  taken_at: Generated<Date>;
  is_demo: DemoFlag;
}

/** A unit's sub-ledger (分台账) as submitted (migration 07); only the latest per unit counts. */
export interface SubLedgerSubmissionTable {
  id: Generated<number>;
  unit_id: number;
  region_code: string;
  submitted_on: DateString;
  submitted_by: number | null;
  is_demo: DemoFlag;
  version: Version;
  created_at: Generated<Date>;
}

export interface SubLedgerRowTable {
  id: Generated<number>;
  submission_id: number;
  region_code: string;
  building_id: number;
  room_number: string;
  use_category: RoomTable["use_category"];
  usable_area: Numeric;
  status: Generated<RoomTable["status"]>;
  note: string | null;
  is_demo: DemoFlag;
}

/** What an inspector observed in a room (migration 07); null observed_* columns were not recorded. */
export interface FieldCheckResultTable {
  id: Generated<number>;
  inspection_id: number;
  room_id: number;
  region_code: string;
  checked_on: DateString;
  observed_status: RoomTable["status"] | null;
  observed_use_category: RoomTable["use_category"] | null;
  observed_usable_area: Numeric | null;
  observed_occupant_unit_id: number | null;
  /** Migration 18: the people found in the room, names as the inspector wrote them. */
  observed_occupants: string | null;
  note: string | null;
  is_demo: DemoFlag;
  version: Version;
  created_at: Generated<Date>;
}

/** A repair of a unit's building (migration 22): routine by the unit, major approved and accepted. Costs in 万元. */
export interface RepairRequestTable {
  id: Generated<number>;
  region_code: string;
  unit_id: number;
  building_id: number;
  room_ids: Generated<number[]>;
  kind: "routine" | "major";
  title: string;
  description: string;
  estimated_cost: Numeric;
  due_on: DateString | null;
  status: Generated<string>;
  unapproved: Generated<boolean>;
  requested_by: number | null;
  decision_note: string | null;
  approved_by: number | null;
  decided_at: Timestamp | null;
  contractor: string | null;
  contract_price: Numeric | null;
  tendered_on: DateString | null;
  tendered_by: number | null;
  started_on: DateString | null;
  started_by: number | null;
  completed_on: DateString | null;
  completed_by: number | null;
  actual_cost: Numeric | null;
  acceptance_note: string | null;
  accepted_by: number | null;
  accepted_at: Timestamp | null;
  refusal_count: Generated<number>;
  finding_id: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  is_demo: DemoFlag;
  version: Version;
}

/** Photos and scans of a repair request (migration 22), at most 768 KiB each. */
export interface RepairAttachmentTable {
  id: Generated<number>;
  repair_id: number;
  region_code: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  content: Uint8Array;
  uploaded_by: number | null;
  created_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  user_id: number | null;
  region_code: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  /** For `revert` entries: the entry undone (migration 09). */
  reverted_entry_id: ColumnType<string | null, string | null | undefined, never>;
  /** For entries an applied scenario wrote: the scenario (migration 13). */
  scenario_id: ColumnType<number | null, number | null | undefined, never>;
}

/** A level's annual report package as sent upward (migration 21); the latest revision counts. */
export interface AnnualReportSubmissionTable {
  id: Generated<number>;
  region_code: string;
  year: number;
  revision: Generated<number>;
  /** The region above, null for the province (sent to the national administration). */
  submitted_to: string | null;
  as_of: DateString;
  note: string | null;
  totals: ColumnType<unknown, string, string>;
  package: Uint8Array;
  package_bytes: number;
  package_sha256: string;
  submitted_by: number;
  submitted_at: Generated<Date>;
}

/** What a level publishes on its public page (migration 21): `content` frozen at publication. */
export interface DisclosureTable {
  id: Generated<number>;
  region_code: string;
  status: ColumnType<
    "published" | "withdrawn" | "superseded",
    "published" | "withdrawn" | "superseded" | undefined,
    "published" | "withdrawn" | "superseded"
  >;
  title: string;
  rules: string | null;
  include_totals: boolean;
  include_conversions: boolean;
  include_offers: boolean;
  content: ColumnType<unknown, string, string>;
  content_sha256: string;
  published_by: number;
  published_at: Generated<Date>;
  withdrawn_by: number | null;
  withdrawn_at: Timestamp | null;
  withdraw_reason: string | null;
  version: Version;
}

export interface Database {
  regions: RegionTable;
  ranks: RankTable;
  standard_parameters: StandardParametersTable;
  unit_standard_status: UnitStandardStatusTable;
  units: UnitTable;
  staffing: StaffingTable;
  people: PersonTable;
  sites: SiteTable;
  buildings: BuildingTable;
  floors: FloorTable;
  rooms: RoomTable;
  room_occupants: RoomOccupantTable;
  use_certificates: UseCertificateTable;
  leases_in: LeaseInTable;
  leases_out: LeaseOutTable;
  non_office_assets: NonOfficeAssetTable;
  community_facilities: CommunityFacilityTable;
  residential_demand: ResidentialDemandTable;
  users: UserTable;
  roles: RoleTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  personal_access_tokens: PersonalAccessTokenTable;
  scenarios: ScenarioTable;
  scenario_actions: ScenarioActionTable;
  zones: ZoneTable;
  allocation_requests: AllocationRequestTable;
  allocation_plans: AllocationPlanTable;
  conversions: ConversionTable;
  conversion_attachments: ConversionAttachmentTable;
  commercial_properties: CommercialPropertyTable;
  disposals: DisposalTable;
  inspections: InspectionTable;
  inspection_plans: InspectionPlanTable;
  inspection_photos: InspectionPhotoTable;
  findings: FindingTable;
  finding_attachments: FindingAttachmentTable;
  dashboard_snapshots: DashboardSnapshotTable;
  sub_ledger_submissions: SubLedgerSubmissionTable;
  sub_ledger_rows: SubLedgerRowTable;
  field_check_results: FieldCheckResultTable;
  audit_log: AuditLogTable;
  repair_requests: RepairRequestTable;
  repair_attachments: RepairAttachmentTable;
  annual_report_submissions: AnnualReportSubmissionTable;
  disclosures: DisclosureTable;
}
