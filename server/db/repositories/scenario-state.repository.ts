import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { AdminLevel, UnitKind } from "../../domain/demo/dataset.js";
import type {
  ScenarioAction,
  ScenarioBuilding,
  ScenarioLease,
  ScenarioRoom,
  ScenarioState,
  ScenarioUnit,
  SpaceSelector,
} from "../../domain/scenarios/scenario-model.js";
import type { Database } from "../schema.js";
import { buildingScope, roomScope, unitOwnedScope, unitScope } from "../scope.js";
import { cachedBaselineSums, convertedRooms } from "./scenario-baseline.repository.js";

// The engine's virtual ledger (scenario-model.ts), loaded from the live one: the working set an action
// list names, and the region's baseline sums — both set-based, a handful of statements whatever the size.

/** Title held by a 机关事务管理局 / 机关事务服务中心 (the demo data and imports name the holder so). */
const ADMINISTRATION_TITLE = "机关事务(管理局|服务中心)";

/** What an action list names directly: units, buildings, rooms and live leases. */
export interface NamedIds {
  readonly units: ReadonlySet<number>;
  readonly buildings: ReadonlySet<number>;
  readonly rooms: ReadonlySet<number>;
  readonly leases: ReadonlySet<number>;
}

/** The ids an action list names (the loader's starting point and the API's unknown-id check). */
export function namedIds(actions: readonly ScenarioAction[]): NamedIds {
  const units = new Set<number>();
  const buildings = new Set<number>();
  const rooms = new Set<number>();
  const leases = new Set<number>();
  const selector = (space: SpaceSelector) => {
    units.add(space.unitId);
    for (const id of space.buildingIds ?? []) buildings.add(id);
    for (const id of space.roomIds ?? []) rooms.add(id);
  };
  for (const action of actions) {
    switch (action.kind) {
      case "move":
        selector(action.from);
        buildings.add(action.to.buildingId);
        for (const id of action.to.roomIds ?? []) rooms.add(id);
        break;
      case "swap":
        selector(action.a);
        selector(action.b);
        break;
      case "chain":
        for (const party of action.parties) selector(party);
        break;
      case "vacate":
        selector(action.space);
        break;
      case "lease_in":
        units.add(action.unitId);
        break;
      case "end_lease":
        if (typeof action.leaseId === "number") leases.add(action.leaseId);
        break;
      case "convert":
        buildings.add(action.buildingId);
        for (const id of action.roomIds ?? []) rooms.add(id);
        break;
      case "dispose":
        buildings.add(action.buildingId);
        break;
      case "allocate":
        for (const assignment of action.assignments) {
          units.add(assignment.unitId);
          buildings.add(assignment.buildingId);
        }
        break;
      default: {
        const unknownKind: never = action;
        throw new Error(`unknown action ${String(unknownKind)}`);
      }
    }
  }
  return { units, buildings, rooms, leases };
}

const ids = (set: ReadonlySet<number>) => sql.val([...set]);

interface RoomRow {
  id: number;
  building_id: number;
  floor_id: number;
  floor_level: number;
  number: string;
  use_category: ScenarioRoom["useCategory"];
  usable_area: number | string;
  status: ScenarioRoom["status"];
  occupant_unit_id: number | null;
  version: number;
  converted: boolean;
}

/**
 * The working set of `actions` (scenario-model.ts ScenarioState): units named (and the holders of the
 * leases ended) plus the occupants of the buildings named, each with all its rooms and leases; the
 * buildings named with all their rooms; the buildings of all those rooms. Rows outside `scope` are not
 * loaded (an id the reader may not see is as unknown as one that does not exist).
 */
export async function loadWorkingSet(
  db: Kysely<Database>,
  actions: readonly ScenarioAction[],
  scope: ReadScope,
): Promise<Omit<ScenarioState, "baseline">> {
  const named = namedIds(actions);
  const { rows: roomRows } = await sql<RoomRow>`
    with named_units as (
      select u.id from units u where u.id = any(${ids(named.units)}::int[]) and ${unitScope(scope)}
      union select l.unit_id from leases_in l where l.id = any(${ids(named.leases)}::int[]) and ${unitOwnedScope(scope, "l")}
      union select distinct r.occupant_unit_id from rooms r
        where r.building_id = any(${ids(named.buildings)}::int[]) and r.occupant_unit_id is not null
    ),
    -- Each branch reads its rooms through an index; joining ids back to rooms made the planner hash the
    -- whole table (0.8 s over 2,000,000 rooms for 8,000 wanted). The floor level by key, for the same reason.
    wanted as (
      select r.id, r.building_id, r.floor_id, r.region_code, r.number, r.use_category, r.usable_area, r.status,
        r.occupant_unit_id, r.version
      from rooms r where r.building_id = any(${ids(named.buildings)}::int[])
      union select r.id, r.building_id, r.floor_id, r.region_code, r.number, r.use_category, r.usable_area, r.status,
        r.occupant_unit_id, r.version
      from rooms r where r.occupant_unit_id in (select id from named_units)
    )
    select r.id, r.building_id, r.floor_id, (select f.level from floors f where f.id = r.floor_id) as floor_level,
      r.number, r.use_category, r.usable_area, r.status, r.occupant_unit_id, r.version,
      r.id in (select id from ${convertedRooms} cv) as converted
    from wanted r
    where ${roomScope(scope)}
    order by r.id`.execute(db);
  const rooms = new Map<number, ScenarioRoom>(
    roomRows.map((row) => [
      row.id,
      {
        id: row.id,
        buildingId: row.building_id,
        floorId: row.floor_id,
        floorLevel: row.floor_level,
        number: row.number,
        useCategory: row.use_category,
        usableArea: Number(row.usable_area),
        status: row.status,
        occupantUnitId: row.occupant_unit_id,
        ...(row.converted ? { leftInventory: "converted" as const } : {}),
        version: row.version,
      },
    ]),
  );
  const unitIds = new Set<number>(named.units);
  for (const room of rooms.values()) if (room.occupantUnitId !== null) unitIds.add(room.occupantUnitId);
  const buildingIds = new Set<number>(named.buildings);
  for (const room of rooms.values()) buildingIds.add(room.buildingId);
  const { rows: leaseUnits } = await sql<{ unit_id: number }>`
    select unit_id from leases_in where id = any(${ids(named.leases)}::int[])`.execute(db);
  for (const row of leaseUnits) unitIds.add(row.unit_id);
  const [units, buildings, leases] = await Promise.all([
    loadUnits(db, unitIds, scope),
    loadBuildings(db, buildingIds, rooms, scope),
    loadLeases(db, unitIds, scope),
  ]);
  return { rooms, units, buildings, leases };
}

async function loadUnits(db: Kysely<Database>, unitIds: ReadonlySet<number>, scope: ReadScope) {
  const { rows } = await sql<{
    id: number;
    name: string;
    region_code: string;
    admin_level: AdminLevel;
    kind: UnitKind;
    entitled_core: number | string | null;
    entitled_office: number | string | null;
    status: string | null;
    over_standard_persons: number | null;
  }>`
    select u.id, u.name, u.region_code, u.admin_level, u.kind, s.entitled_core, s.entitled_office, s.status, s.over_standard_persons
    from units u left join unit_standard_status s on s.unit_id = u.id
    where u.id = any(${ids(unitIds)}::int[]) and ${unitScope(scope)} order by u.id`.execute(db);
  return new Map<number, ScenarioUnit>(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        regionCode: row.region_code,
        adminLevel: row.admin_level,
        kind: row.kind,
        entitledCore:
          row.entitled_core === null || row.status === "no_staffing" ? null : Number(row.entitled_core),
        overStandardPersons: row.over_standard_persons ?? 0,
        entitledOffice:
          row.entitled_office === null || row.status === "no_staffing" ? null : Number(row.entitled_office),
      },
    ]),
  );
}

async function loadBuildings(
  db: Kysely<Database>,
  buildingIds: ReadonlySet<number>,
  loadedRooms: ReadonlyMap<number, ScenarioRoom>,
  scope: ReadScope,
) {
  // Occupied rooms per building, minus those loaded: counted here rather than with the loaded ids in SQL
  // (an array membership test per room grew with both lists).
  const loadedOccupied = new Map<number, number>();
  for (const room of loadedRooms.values())
    if (room.occupantUnitId !== null)
      loadedOccupied.set(room.buildingId, (loadedOccupied.get(room.buildingId) ?? 0) + 1);
  const { rows } = await sql<{
    id: number;
    name: string;
    region_code: string;
    lon: number;
    lat: number;
    gross_area: number | string;
    property_class: ScenarioBuilding["propertyClass"];
    titled: boolean;
    disposed: boolean;
    occupied: number | string;
    version: number;
  }>`
    select b.id, b.name, b.region_code, st_x(c.center) as lon, st_y(c.center) as lat, b.gross_area,
      b.property_class, coalesce(b.title_holder ~ ${ADMINISTRATION_TITLE}, false) as titled,
      exists (select 1 from disposals d where d.building_id = b.id and d.status <> 'rejected') as disposed,
      (select count(*) from rooms r where r.building_id = b.id and r.occupant_unit_id is not null) as occupied,
      b.version
    from buildings b cross join lateral (select st_pointonsurface(b.footprint) as center) c
    where b.id = any(${ids(buildingIds)}::int[]) and ${buildingScope(scope)} order by b.id`.execute(db);
  return new Map<number, ScenarioBuilding>(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        name: row.name,
        regionCode: row.region_code,
        center: [Number(row.lon), Number(row.lat)] as const,
        grossArea: Number(row.gross_area),
        propertyClass: row.property_class,
        administrationTitled: row.titled,
        ...(row.disposed ? { disposed: true } : {}),
        unloadedOccupiedRooms: Number(row.occupied) - (loadedOccupied.get(row.id) ?? 0),
        version: row.version,
      },
    ]),
  );
}

async function loadLeases(db: Kysely<Database>, unitIds: ReadonlySet<number>, scope: ReadScope) {
  const { rows } = await sql<{
    id: number;
    unit_id: number;
    name: string;
    lon: number;
    lat: number;
    gross_area: number | string;
    annual_rent: number | string;
    version: number;
  }>`
    select l.id, l.unit_id, l.name, st_x(l.location) as lon, st_y(l.location) as lat, l.gross_area,
      l.annual_rent, l.version
    from leases_in l where l.unit_id = any(${ids(unitIds)}::int[]) and ${unitOwnedScope(scope, "l")}
    order by l.id`.execute(db);
  return rows.map(
    (row): ScenarioLease => ({
      id: row.id,
      unitId: row.unit_id,
      name: row.name,
      location: [Number(row.lon), Number(row.lat)] as const,
      grossArea: Number(row.gross_area),
      annualRent: Number(row.annual_rent),
      version: row.version,
    }),
  );
}

/** The virtual ledger of `actions` over the live one of `regionCode`. */
export async function loadScenarioState(
  db: Kysely<Database>,
  actions: readonly ScenarioAction[],
  regionCode: string,
  scope: ReadScope,
): Promise<ScenarioState> {
  const [workingSet, baseline] = await Promise.all([
    loadWorkingSet(db, actions, scope),
    cachedBaselineSums(db, regionCode),
  ]);
  return { ...workingSet, baseline };
}
