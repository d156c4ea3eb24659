import type {
  BaselineSums,
  RoomUse,
  ScenarioBuilding,
  ScenarioLease,
  ScenarioRoom,
  ScenarioState,
  ScenarioUnit,
} from "../../server/domain/scenarios/scenario-model.js";

// Small hand-made scenario states: a few buildings, rooms and units whose sums the tests work out by hand.

export const building = (
  id: number,
  name: string,
  center: readonly [number, number],
  overrides: Partial<ScenarioBuilding> = {},
): ScenarioBuilding => ({
  id,
  name,
  regionCode: "230100",
  center,
  grossArea: 5000,
  propertyClass: "office",
  administrationTitled: true,
  version: 1,
  ...overrides,
});

/** A room; occupied rooms are in use, the others idle. */
export const room = (
  id: number,
  buildingId: number,
  floorLevel: number,
  number: string,
  useCategory: RoomUse,
  usableArea: number,
  occupantUnitId: number | null,
): ScenarioRoom => ({
  id,
  buildingId,
  floorId: buildingId * 100 + floorLevel,
  floorLevel,
  number,
  useCategory,
  usableArea,
  status: occupantUnitId === null ? "idle" : "in_use",
  occupantUnitId,
  version: 1,
});

export const unit = (id: number, name: string, overrides: Partial<ScenarioUnit> = {}): ScenarioUnit => ({
  id,
  name,
  regionCode: "230100",
  adminLevel: "provincial",
  kind: "government_department",
  entitledCore: 1000,
  overStandardPersons: 0,
  entitledOffice: 600,
  ...overrides,
});

export const lease = (
  id: number | string,
  unitId: number,
  location: readonly [number, number],
  grossArea: number,
  annualRent: number,
): ScenarioLease => ({ id, unitId, name: `租赁${id}`, location, grossArea, annualRent });

export const baseline: BaselineSums = {
  idleArea: 1000,
  annualRentOutside: 500_000,
  sites: 40,
  unitsWithSpace: 20,
  unitsRentingOutside: 5,
  overStandardUnits: 3,
  overStandardPersons: 7,
};

export function scenarioState(parts: {
  buildings: readonly ScenarioBuilding[];
  rooms: readonly ScenarioRoom[];
  units: readonly ScenarioUnit[];
  leases?: readonly ScenarioLease[];
  baseline?: BaselineSums;
}): ScenarioState {
  return {
    buildings: new Map(parts.buildings.map((item) => [item.id, item])),
    rooms: new Map(parts.rooms.map((item) => [item.id, item])),
    units: new Map(parts.units.map((item) => [item.id, item])),
    leases: parts.leases ?? [],
    baseline: parts.baseline ?? baseline,
  };
}

export const B1 = [126.6, 45.75] as const;
export const B2 = [126.62, 45.75] as const;
export const B3 = [126.6, 45.77] as const;
export const L1 = [126.65, 45.7] as const;

/**
 * The machinery building (1) co-occupied by units 1 (甲局) and 2 (乙局), an empty building (2) of idle
 * offices, and a building (3) of unit 3 (丙局, no staffing; 80 m²) with one idle office (403, 40 m²), not titled
 * to the administration.
 */
export const machinery = scenarioState({
  buildings: [
    building(1, "机械厅楼", B1),
    building(2, "南岗楼", B2),
    building(3, "统计楼", B3, { administrationTitled: false }),
  ],
  rooms: [
    room(101, 1, 1, "101", "office", 30, 1),
    room(102, 1, 1, "102", "office", 30, 1),
    room(103, 1, 1, "103", "service", 20, 2),
    room(104, 1, 1, "104", "office", 25, 2),
    room(201, 2, 1, "201", "office", 40, null),
    room(202, 2, 1, "202", "office", 35, null),
    room(302, 2, 2, "210", "office", 50, null),
    room(301, 2, 2, "209", "office", 30, null),
    room(303, 2, 2, "211", "service", 20, null),
    room(401, 3, 1, "101", "office", 50, 3),
    room(402, 3, 1, "102", "service", 30, 3),
    room(403, 3, 2, "201", "office", 40, null),
  ],
  units: [
    unit(1, "甲局", { entitledCore: 100, entitledOffice: 60 }),
    unit(2, "乙局", { entitledCore: 50, entitledOffice: 30, overStandardPersons: 1 }),
    unit(3, "丙局", { entitledCore: null, entitledOffice: null }),
  ],
  leases: [lease(1, 1, L1, 80, 200_000), lease(2, 2, L1, 20, 50_000)],
});
