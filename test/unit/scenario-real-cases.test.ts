import { describe, expect, it } from "vitest";
import { evaluateScenario } from "../../server/domain/scenarios/scenario-evaluate.js";
import type { ScenarioAction, ScenarioRoom } from "../../server/domain/scenarios/scenario-model.js";
import { building, lease, room, scenarioState, unit } from "../support/scenario-fixtures.js";

// The two swaps of DOMAIN.md's real cases, at small scale.

describe("the machinery building of 18 units cleared by equal-area swaps, then housing the SASAC", () => {
  // Unit i (1…18) holds office 1i (30 + i m²) and service 2i (20 m²) in the machinery building (1):
  // 50 + i m² each, Σ = 18 × 50 + 171 = 1,071 m². Six scattered vacated properties (11…16) offer rooms
  // of 30.5 + i and 20 m² for three units each. The SASAC (19) rents 1,000 m² outside for 180 万元/yr.
  const rooms: ScenarioRoom[] = [];
  for (let i = 1; i <= 18; i += 1) {
    rooms.push(room(100 + i, 1, 1 + Math.floor((i - 1) / 6), `${100 + i}`, "office", 30 + i, i));
    rooms.push(room(200 + i, 1, 4, `${400 + i}`, "service", 20, i));
    const pool = 11 + Math.floor((i - 1) / 3);
    rooms.push(room(1000 + i, pool, 1, `${i}`, "office", 30.5 + i, null));
    rooms.push(room(2000 + i, pool, 2, `${i}`, "service", 20, null));
  }
  const state = scenarioState({
    buildings: [
      building(1, "原省机械厅办公楼", [126.63, 45.76]),
      ...[11, 12, 13, 14, 15, 16].map((id) =>
        building(id, `腾退房源${id}`, [126.6 + (id - 10) * 0.01, 45.74]),
      ),
    ],
    rooms,
    units: [
      ...Array.from({ length: 18 }, (_, index) =>
        unit(index + 1, `改制单位${index + 1}`, {
          entitledCore: 60 + index + 1,
          entitledOffice: 40 + index + 1,
        }),
      ),
      unit(19, "省国资委", { entitledCore: 1200, entitledOffice: 800 }),
    ],
    leases: [lease(1, 19, [126.7, 45.7], 1000, 1_800_000)],
  });
  const clearing: ScenarioAction[] = Array.from({ length: 18 }, (_, index) => ({
    kind: "move",
    from: { unitId: index + 1 },
    to: { buildingId: 11 + Math.floor(index / 3), roomIds: [1001 + index, 2001 + index] },
    equalArea: true,
  }));
  const housing: ScenarioAction = {
    kind: "allocate",
    assignments: [{ unitId: 19, buildingId: 1, area: 1000 }],
  };

  it("clears the building with 18 balanced moves: a disposal candidate before the SASAC moves in", () => {
    const cleared = evaluateScenario(state, clearing);
    expect(cleared.validation.valid).toBe(true);
    expect(cleared.validation.issues).toEqual([]);
    // Each unit leaves 50 + i m² and takes 50.5 + i: 0.5 m² apart, within 5 %.
    expect(cleared.validation.swaps).toHaveLength(18);
    expect(cleared.validation.swaps[0]).toMatchObject({
      areaA: 51,
      areaB: 51.5,
      difference: 0.5,
      withinTolerance: true,
    });
    expect(cleared.metrics.after.buildingsEmptied).toEqual([1]);
    // Idle: +1,071 in building 1, −(1,071 + 18 × 0.5) in the pool = −9 m².
    expect(cleared.metrics.after.idleArea - cleared.metrics.before.idleArea).toBe(-9);
  });

  it("then houses the SASAC, ending its lease", () => {
    const done = evaluateScenario(state, [...clearing, housing]);
    expect(done.validation.valid).toBe(true);
    expect(done.metrics.after.buildingsEmptied).toEqual([]);
    expect(done.metrics.after.rentSavedPerYear).toBe(1_800_000);
    expect(done.metrics.after.unitsRentingOutside).toBe(done.metrics.before.unitsRentingOutside - 1);
    expect(done.metrics.flows).toHaveLength(19);
    const sasac = done.metrics.units.find((change) => change.unitId === 19);
    expect(sasac?.areaBefore).toBe(0);
    expect(sasac?.areaAfter).toBeGreaterThanOrEqual(1000);
  });

  it("flags a move that is not equal-area", () => {
    const lopsided = clearing.map(
      (action, index): ScenarioAction =>
        index === 0 && action.kind === "move"
          ? { ...action, to: { buildingId: 11, roomIds: [1001] } }
          : action,
    );
    const result = evaluateScenario(state, lopsided).validation;
    // Unit 1 leaves 31 + 20 = 51 m² and takes only 31.5.
    expect(
      result.issues.map((issue) => [issue.action, issue.code, issue.detail?.areaA, issue.detail?.areaB]),
    ).toEqual([[0, "unequal_swap", 51, 31.5]]);
  });
});

describe("the statistics survey team's two buildings swapped for the local-tax bureau's one", () => {
  // Team (central vertical branch) holds buildings 21 (10 × 60 m²) and 22 (10 × 45 m²) = 1,050 m², not
  // titled to the administration; the local-tax bureau holds building 23 (15 × 70 m²) = 1,050 m².
  const rooms: ScenarioRoom[] = [];
  for (let i = 0; i < 10; i += 1) {
    rooms.push(room(2100 + i, 21, 1, `${101 + i}`, "office", 60, 1));
    rooms.push(room(2200 + i, 22, 1, `${101 + i}`, "office", 45, 1));
  }
  for (let i = 0; i < 15; i += 1)
    rooms.push(room(2300 + i, 23, 1 + Math.floor(i / 5), `${i}`, "office", 70, 2));
  const state = scenarioState({
    buildings: [
      building(21, "统计调查队一号楼", [126.61, 45.75], { administrationTitled: false }),
      building(22, "统计调查队二号楼", [126.66, 45.72], { administrationTitled: false }),
      building(23, "地税局办公楼", [126.64, 45.74]),
    ],
    rooms,
    units: [
      unit(1, "国家统计局调查总队", { adminLevel: "central", kind: "vertical_branch" }),
      unit(2, "省地税局"),
      unit(3, "省直甲单位", { entitledCore: 500, entitledOffice: 480 }),
    ],
    leases: [lease(1, 3, [126.7, 45.7], 450, 400_000)],
  });
  const swap: ScenarioAction = { kind: "swap", a: { unitId: 1 }, b: { unitId: 2 } };

  it("swaps across levels at equal area, the two buildings' titles passing to the administration", () => {
    const result = evaluateScenario(state, [swap]);
    expect(result.validation.swaps).toEqual([
      { action: 0, areaA: 1050, areaB: 1050, difference: 0, tolerance: 0.05, withinTolerance: true },
    ]);
    expect(
      result.validation.issues.map((issue) => [issue.code, issue.severity, issue.detail?.buildingId]),
    ).toEqual([
      ["not_administration_titled", "warning", 21],
      ["not_administration_titled", "warning", 22],
    ]);
    expect(result.effects[0]?.titlesTransferred).toEqual([21, 22]);
    expect(result.metrics.flows.map((flow) => flow.unitId)).toEqual([1, 2]);
    // Team: 2 sites → 1; bureau: 1 → 2.
    expect(
      result.metrics.units.map((change) => [change.unitId, change.sitesBefore, change.sitesAfter]),
    ).toEqual([
      [1, 2, 1],
      [2, 1, 2],
    ]);
  });

  it("re-allocates a freed building to a provincial unit renting outside", () => {
    const result = evaluateScenario(state, [
      swap,
      { kind: "vacate", space: { unitId: 2, buildingIds: [22] } },
      { kind: "allocate", assignments: [{ unitId: 3, buildingId: 22, area: 450 }] },
    ]);
    expect(result.validation.valid).toBe(true);
    expect(result.metrics.after.rentSavedPerYear).toBe(400_000);
    expect(
      [...result.state.rooms.values()]
        .filter((r) => r.buildingId === 22)
        .every((r) => r.occupantUnitId === 3),
    ).toBe(true);
  });
});
