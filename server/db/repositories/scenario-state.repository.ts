import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { AdminLevel, UnitKind } from "../../domain/demo/dataset.js";
import type {
  BaselineSums,
  ScenarioAction,
  ScenarioBuilding,
  ScenarioLease,
  ScenarioRoom,
  ScenarioState,
  ScenarioUnit,
  SpaceSelector,
} from "../../domain/scenarios/scenario-model.js";
import type { Database } from "../schema.js";
import { buildingScope, inRegion, roomScope, unitOwnedScope, unitScope } from "../scope.js";

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

/** Rooms a conversion (change of use) took out of the office inventory. */
const convertedRooms = sql`(select distinct unnest(room_ids) as id from conversions where status <> 'rejected')`;

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
    wanted as (
      select r.id from rooms r where r.building_id = any(${ids(named.buildings)}::int[])
      union select r.id from rooms r join named_units n on n.id = r.occupant_unit_id
    )
    select r.id, r.building_id, r.floor_id, f.level as floor_level, r.number, r.use_category, r.usable_area,
      r.status, r.occupant_unit_id, r.version, cv.id is not null as converted
    from wanted w join rooms r on r.id = w.id join floors f on f.id = r.floor_id
    left join ${convertedRooms} cv on cv.id = r.id
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
    loadBuildings(db, buildingIds, new Set(rooms.keys()), scope),
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
  loadedRooms: ReadonlySet<number>,
  scope: ReadScope,
) {
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
    unloaded: number | string;
    version: number;
  }>`
    select b.id, b.name, b.region_code, st_x(c.center) as lon, st_y(c.center) as lat, b.gross_area,
      b.property_class, coalesce(b.title_holder ~ ${ADMINISTRATION_TITLE}, false) as titled,
      exists (select 1 from disposals d where d.building_id = b.id and d.status <> 'rejected') as disposed,
      (select count(*) from rooms r where r.building_id = b.id and r.occupant_unit_id is not null
        and not (r.id = any(${ids(loadedRooms)}::int[]))) as unloaded,
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
        unloadedOccupiedRooms: Number(row.unloaded),
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

/**
 * The region's sums of the live ledger (scenario-model.ts BaselineSums), one statement: idle rooms,
 * rent of leases in, sites per unit (buildings it has rooms in plus its leases), units renting outside,
 * and the over-standard units and persons as the standards engine last stored them.
 */
export async function baselineSums(db: Kysely<Database>, regionCode: string): Promise<BaselineSums> {
  const { rows } = await sql<Record<keyof BaselineSums, number | string>>`
    with unit_sites as (
      select unit_id, count(*) as sites, bool_or(lease) as renting from (
        select distinct r.occupant_unit_id as unit_id, r.building_id as site, false as lease from rooms r
        where r.occupant_unit_id is not null and ${inRegion(sql.ref("r.region_code"), regionCode)}
        union all
        select l.unit_id, l.id, true from leases_in l where ${inRegion(sql.ref("l.region_code"), regionCode)}
      ) s group by unit_id
    )
    select
      (select coalesce(sum(usable_area), 0) from rooms r left join ${convertedRooms} cv on cv.id = r.id
        where r.status = 'idle' and cv.id is null and ${inRegion(sql.ref("r.region_code"), regionCode)}) as "idleArea",
      (select coalesce(sum(annual_rent), 0) from leases_in l
        where ${inRegion(sql.ref("l.region_code"), regionCode)}) as "annualRentOutside",
      (select coalesce(sum(sites), 0) from unit_sites) as sites,
      (select count(*) from unit_sites) as "unitsWithSpace",
      (select count(*) from unit_sites where renting) as "unitsRentingOutside",
      (select count(*) from unit_standard_status s where s.status = 'over'
        and ${inRegion(sql.ref("s.region_code"), regionCode)}) as "overStandardUnits",
      (select coalesce(sum(over_standard_persons), 0) from unit_standard_status s
        where ${inRegion(sql.ref("s.region_code"), regionCode)}) as "overStandardPersons"`.execute(db);
  const row = rows[0] as Record<keyof BaselineSums, number | string>;
  return {
    idleArea: Number(row.idleArea),
    annualRentOutside: Number(row.annualRentOutside),
    sites: Number(row.sites),
    unitsWithSpace: Number(row.unitsWithSpace),
    unitsRentingOutside: Number(row.unitsRentingOutside),
    overStandardUnits: Number(row.overStandardUnits),
    overStandardPersons: Number(row.overStandardPersons),
  };
}

/**
 * Baseline sums change only when the ledger does: keyed by the tile data version (bumped in the writing
 * transaction by every write to units, buildings, rooms and leases) and the standard status's last
 * recomputation, a region's sums are computed once per change, not per request.
 */
const baselineCache = new Map<string, BaselineSums>();
const BASELINE_CACHE_SIZE = 64;

/** baselineSums, cached per ledger version. */
export async function cachedBaselineSums(db: Kysely<Database>, regionCode: string): Promise<BaselineSums> {
  const { rows } = await sql<{ version: string }>`
    select (select data_version from tiles.state)::text || ':' ||
      coalesce((select max(computed_at) from unit_standard_status)::text, '') as version`.execute(db);
  const key = `${regionCode}@${rows[0]?.version ?? ""}`;
  const hit = baselineCache.get(key);
  if (hit) return hit;
  const sums = await baselineSums(db, regionCode);
  if (baselineCache.size >= BASELINE_CACHE_SIZE) baselineCache.clear();
  baselineCache.set(key, sums);
  return sums;
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

/** Row versions a scenario touches, as its snapshot records them and staleness compares them. */
export interface VersionSnapshot {
  readonly rooms: Readonly<Record<string, number>>;
  readonly buildings: Readonly<Record<string, number>>;
  readonly leases: Readonly<Record<string, number>>;
}

/** The versions of the working set's rows. */
export function snapshotOf(state: Omit<ScenarioState, "baseline">): VersionSnapshot {
  const rooms: Record<string, number> = {};
  for (const room of state.rooms.values()) rooms[room.id] = room.version;
  const buildings: Record<string, number> = {};
  for (const building of state.buildings.values()) buildings[building.id] = building.version;
  const leases: Record<string, number> = {};
  for (const lease of state.leases)
    if (typeof lease.id === "number" && lease.version !== undefined) leases[lease.id] = lease.version;
  return { rooms, buildings, leases };
}

/** One row of the snapshot that differs from the live ledger now. */
export interface SnapshotChange {
  readonly table: "rooms" | "buildings" | "leases_in";
  readonly id: number;
  readonly snapshotVersion: number;
  /** null: the row is gone. */
  readonly currentVersion: number | null;
}

const tableOf = { rooms: "rooms", buildings: "buildings", leases: "leases_in" } as const;

/**
 * Rows of `snapshot` whose live version differs (or that are gone), in one statement; `lock` takes
 * row locks in id order (apply's transaction), so two applies over the same rows queue up, never deadlock.
 */
export async function snapshotChanges(
  db: Kysely<Database>,
  snapshot: VersionSnapshot,
  lock = false,
): Promise<SnapshotChange[]> {
  const changes: SnapshotChange[] = [];
  for (const key of ["buildings", "rooms", "leases"] as const) {
    const expected = snapshot[key];
    const wanted = Object.keys(expected).map(Number);
    if (wanted.length === 0) continue;
    const table = tableOf[key];
    const { rows } = await sql<{ id: number; version: number }>`
      select id, version from ${sql.table(table)} where id = any(${sql.val(wanted)}::int[])
      order by id ${lock ? sql`for update` : sql``}`.execute(db);
    const current = new Map(rows.map((row) => [row.id, row.version]));
    for (const id of wanted) {
      const now = current.get(id) ?? null;
      const then = expected[id] as number;
      if (now !== then) changes.push({ table, id, snapshotVersion: then, currentVersion: now });
    }
  }
  return changes;
}
