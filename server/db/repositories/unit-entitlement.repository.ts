import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { AdminLevel, UnitKind, UseCategory } from "../../domain/demo/dataset.js";
import { type Entitlement, type Explanation, roundArea } from "../../domain/standards/entitlement.js";
import { limitOf, rankAtLevel } from "../../domain/standards/levels.js";
import {
  type OfficeHolder,
  type OfficeRoom,
  type PersonOfficeCheck,
  personOfficeChecks,
} from "../../domain/standards/office-check.js";
import type { StandardParameters } from "../../domain/standards/parameters.js";
import { rankByCode } from "../../domain/standards/ranks.js";
import {
  type CategoryComparison,
  compareCategories,
  explainComparisons,
  type UnitFacts,
  type UnitStatus,
  unitEntitlement,
  unitStaffingAtLevel,
  unitStatus,
  type VacatableRoom,
} from "../../domain/standards/unit-entitlement.js";
import type { Database } from "../schema.js";
import { unitScope } from "../scope.js";
import { loadStandardParameters } from "./standard-parameters.repository.js";

const useCategories: readonly UseCategory[] = ["office", "service", "equipment", "ancillary", "technical"];

/** The compact entitlement of GET /api/units/{id}. */
export interface EntitlementSummary {
  officeArea: number;
  coreUsableArea: number;
  grossArea: number;
  actualOfficeArea: number;
  actualCoreUsableArea: number;
  officeSurplus: number;
  coreSurplus: number;
  status: UnitStatus;
  overStandardPersons: number;
  parametersVersion: string;
}

/** GET /api/units/{id}/entitlement. */
export interface UnitEntitlementReport {
  unit: {
    id: number;
    name: string;
    kind: UnitKind;
    admin_level: AdminLevel;
    region_code: string;
    is_dispatched: boolean;
  };
  effectiveLevel: AdminLevel;
  takesLevelBelow: boolean;
  subProvincial: boolean;
  headcount: { authorized: number; actual: number };
  entitlement: Entitlement;
  actual: Record<UseCategory, number> & { core: number };
  comparison: CategoryComparison[];
  status: UnitStatus;
  personChecks: PersonOfficeCheck[];
  overStandardPersons: number;
  explanation: Explanation[];
  parametersVersion: string;
}

export interface UnitRow {
  id: number;
  name: string;
  kind: UnitKind;
  admin_level: AdminLevel;
  region_code: string;
  is_dispatched: boolean;
}

interface RoomRow {
  id: number;
  building_id: number;
  number: string;
  use_category: UseCategory;
  usable_area: number;
  building_name: string;
  floors_above: number;
}

interface OccupancyRow {
  room_id: number;
  number: string;
  usable_area: number;
  washroom_area: number;
  has_rest_room: boolean;
  building_name: string;
  occupant_ids: number[];
  person_id: number;
  name: string;
  rank_code: string;
  second_office_approved: boolean;
}

/** The full entitlement report of a unit `scope` may read; undefined when missing or out of scope alike. */
export async function unitEntitlementReport(
  db: Kysely<Database>,
  id: number,
  scope: ReadScope,
): Promise<UnitEntitlementReport | undefined> {
  const { rows } = await sql<UnitRow>`
    select u.id, u.name, u.kind, u.admin_level, u.region_code, u.is_dispatched from units u
    where u.id = ${id} and ${unitScope(scope)}`.execute(db);
  const unit = rows[0];
  if (!unit) return undefined;
  const [staffing, facts] = await Promise.all([
    sql<{ rank_code: string; authorized: number; actual: number }>`
      select rank_code, authorized, actual from staffing where unit_id = ${id} order by rank_code`.execute(
      db,
    ),
    loadUnitFacts(db, unit),
  ]);
  const computed = compute(unit, staffing.rows, facts);
  const headcount = { authorized: 0, actual: 0 };
  for (const row of staffing.rows) {
    headcount.authorized += row.authorized;
    headcount.actual += row.actual;
  }
  const over = computed.checks.filter((check) => check.status === "over");
  return {
    unit,
    effectiveLevel: computed.entitlement.level,
    takesLevelBelow: computed.entitlement.takesLevelBelow,
    subProvincial: computed.entitlement.parameters.subProvincial,
    headcount,
    entitlement: computed.entitlement,
    actual: computed.actual,
    comparison: computed.comparison,
    status: computed.status,
    personChecks: computed.checks,
    overStandardPersons: over.length,
    explanation: [
      ...computed.entitlement.explanation,
      ...explainComparisons(computed.comparison),
      {
        zh: `实有 ${headcount.actual} 人，编制 ${headcount.authorized} 人（按编制核定）；超标办公室 ${over.length} 人。`,
        en: `Actual headcount ${headcount.actual}, authorised ${headcount.authorized} (entitlement uses authorised); ${over.length} person(s) over standard.`,
      },
      ...over.flatMap((check) => check.explanation),
    ],
    parametersVersion: computed.entitlement.parameters.version,
  };
}

/**
 * The compact summary for the unit detail, from the staffing and areas it already read: two more
 * queries (the unit's rooms, its people's offices) and the parameter set.
 */
export async function unitEntitlementSummary(
  db: Kysely<Database>,
  unit: UnitRow,
  staffing: ReadonlyArray<{ rank_code: string; authorized: number }>,
): Promise<EntitlementSummary | null> {
  if (staffing.length === 0) return null;
  const computed = compute(unit, staffing, await loadUnitFacts(db, unit));
  const office = computed.comparison.find((row) => row.category === "office");
  const core = computed.comparison.find((row) => row.category === "core");
  return {
    officeArea: computed.entitlement.officeArea,
    coreUsableArea: computed.entitlement.coreUsableArea,
    grossArea: computed.entitlement.grossArea,
    actualOfficeArea: computed.actual.office,
    actualCoreUsableArea: computed.actual.core,
    officeSurplus: office?.surplus ?? 0,
    coreSurplus: core?.surplus ?? 0,
    status: computed.status,
    overStandardPersons: computed.checks.filter((check) => check.status === "over").length,
    parametersVersion: computed.entitlement.parameters.version,
  };
}

interface LoadedFacts {
  parameters: StandardParameters;
  rooms: RoomRow[];
  occupancy: OccupancyRow[];
}

async function loadUnitFacts(db: Kysely<Database>, unit: UnitRow): Promise<LoadedFacts> {
  const [parameters, rooms, occupancy] = await Promise.all([
    loadStandardParameters(db, unit.region_code),
    sql<RoomRow>`
      select r.id, r.building_id, r.number, r.use_category, r.usable_area, b.name as building_name, b.floors_above
      from rooms r join buildings b on b.id = r.building_id
      where r.occupant_unit_id = ${unit.id} and r.status = 'in_use'
      order by r.id`.execute(db),
    sql<OccupancyRow>`
      select r.id as room_id, r.number, r.usable_area, r.washroom_area, r.has_rest_room,
        b.name as building_name,
        (select json_agg(c.person_id order by c.person_id) from room_occupants c where c.room_id = r.id)
          as occupant_ids,
        p.id as person_id, p.name, p.rank_code, p.second_office_approved
      from people p
      join room_occupants o on o.person_id = p.id
      join rooms r on r.id = o.room_id
      join buildings b on b.id = r.building_id
      where p.unit_id = ${unit.id} and r.use_category = 'office' and r.status = 'in_use'
      order by p.id, r.id`.execute(db),
  ]);
  return { parameters, rooms: rooms.rows, occupancy: occupancy.rows };
}

function compute(
  unit: UnitRow,
  staffing: ReadonlyArray<{ rank_code: string; authorized: number }>,
  { parameters, rooms, occupancy }: LoadedFacts,
) {
  const facts: UnitFacts = {
    kind: unit.kind,
    adminLevel: unit.admin_level,
    isDispatched: unit.is_dispatched,
    regionCode: unit.region_code,
  };
  const rows = staffing.map((row) => ({ rank: row.rank_code, authorized: row.authorized }));
  const atLevel = unitStaffingAtLevel(facts, rows, parameters);
  const entitlement = unitEntitlement(facts, rows, { highRise: isHighRise(rooms, parameters) }, parameters);
  const actualByCategory = Object.fromEntries(useCategories.map((category) => [category, 0])) as Record<
    UseCategory,
    number
  >;
  for (const room of rooms) actualByCategory[room.use_category] += Number(room.usable_area);
  for (const category of useCategories) actualByCategory[category] = roundArea(actualByCategory[category]);
  const actual = {
    ...actualByCategory,
    core: roundArea(actualByCategory.office + actualByCategory.service + actualByCategory.equipment),
  };
  const officeRooms = new Map<number, OfficeRoom>();
  const holders = new Map<number, OfficeHolder>();
  for (const row of occupancy) {
    officeRooms.set(row.room_id, {
      id: row.room_id,
      number: row.number,
      buildingName: row.building_name,
      usableArea: Number(row.usable_area),
      washroomArea: Number(row.washroom_area),
      hasRestRoom: row.has_rest_room,
      occupantIds: row.occupant_ids,
    });
    if (!holders.has(row.person_id)) holders.set(row.person_id, holderOf(row, atLevel, parameters));
  }
  const checks = personOfficeChecks([...officeRooms.values()], [...holders.values()], parameters);
  const vacatable: VacatableRoom[] = rooms.map((room) => ({
    id: room.id,
    number: room.number,
    buildingName: room.building_name,
    category: room.use_category,
    usableArea: Number(room.usable_area),
  }));
  const comparison = compareCategories(entitlement, actualByCategory, vacatable, checks);
  const status = unitStatus(entitlement.coreUsableArea, actual.core, parameters);
  return { entitlement, actual, comparison, status, checks };
}

/** A person with the limit of their rank at the unit's effective level (and the sub-provincial note). */
function holderOf(
  row: OccupancyRow,
  atLevel: { level: AdminLevel; subProvincial: boolean },
  parameters: StandardParameters,
): OfficeHolder {
  const counted = rankAtLevel(row.rank_code, atLevel.level);
  const resolved = limitOf(counted, parameters, atLevel.subProvincial);
  const own = rankByCode.get(row.rank_code);
  return {
    id: row.person_id,
    name: row.name,
    rank: row.rank_code,
    rankNameZh: own?.nameZh ?? row.rank_code,
    rankNameEn: own?.nameEn ?? row.rank_code,
    limit: resolved.limit,
    // The washroom right follows the person's own rank and the rank they count as, whichever is stricter.
    mayHaveWashroom: (own?.washroom ?? false) && resolved.rank.washroom,
    secondOfficeApproved: row.second_office_approved,
  };
}

/** High-rise (K 0.60) when the building holding most of the unit's area has enough storeys. */
function isHighRise(rooms: readonly RoomRow[], parameters: StandardParameters): boolean {
  const byBuilding = new Map<number, { area: number; floors: number }>();
  for (const room of rooms) {
    const entry = byBuilding.get(room.building_id) ?? { area: 0, floors: room.floors_above };
    entry.area += Number(room.usable_area);
    byBuilding.set(room.building_id, entry);
  }
  let main: { area: number; floors: number } | undefined;
  for (const entry of byBuilding.values()) if (!main || entry.area > main.area) main = entry;
  return main !== undefined && main.floors >= parameters.highRiseMinFloors;
}
