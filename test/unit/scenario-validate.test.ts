import { describe, expect, it } from "vitest";
import type { ScenarioAction, ValidationCode } from "../../server/domain/scenarios/scenario-model.js";
import { overStandardPersonsAfter } from "../../server/domain/scenarios/scenario-standards.js";
import { validateScenario } from "../../server/domain/scenarios/scenario-validate.js";
import { building, L1, machinery, room, scenarioState, unit } from "../support/scenario-fixtures.js";

const codes = (actions: ScenarioAction[]) =>
  validateScenario(machinery, actions).issues.map((issue) => [issue.action, issue.code, issue.severity]);

const only = (actions: ScenarioAction[], code: ValidationCode) =>
  validateScenario(machinery, actions).issues.filter((issue) => issue.code === code);

describe("scenario validation", () => {
  it("passes a sound scenario with no issues", () => {
    const result = validateScenario(machinery, [
      { kind: "move", from: { unitId: 2, roomIds: [104] }, to: { buildingId: 2, roomIds: [202] } },
      { kind: "vacate", space: { unitId: 2, buildingIds: [1] } },
    ]);
    expect(result).toEqual({ valid: true, issues: [], swaps: [] });
  });

  it("flags capacity with both areas and the shortfall", () => {
    // 丙局 has 50 + 30 = 80 m²; building 1 has no idle room.
    const [issue] = only([{ kind: "move", from: { unitId: 3 }, to: { buildingId: 1 } }], "capacity");
    expect(issue).toMatchObject({
      action: 0,
      severity: "error",
      detail: { buildingId: 1, needed: 80, available: 0, shortfall: 80 },
    });
    expect(issue?.messageZh).toBe("机械厅楼 闲置 0 m²，需要 80 m²，缺 80 m²。");
  });

  it("flags a room given twice, across the scenario and within one action", () => {
    const across = only(
      [
        { kind: "move", from: { unitId: 2, roomIds: [104] }, to: { buildingId: 2, roomIds: [201] } },
        { kind: "move", from: { unitId: 1, roomIds: [101] }, to: { buildingId: 2, roomIds: [201] } },
      ],
      "room_given_twice",
    );
    expect(across).toMatchObject([{ action: 1, detail: { roomId: 201, firstAction: 0 } }]);
    expect(across[0]?.messageZh).toContain("已在第 1 步分配");
    const within = only(
      [{ kind: "move", from: { unitId: 2, roomIds: [104] }, to: { buildingId: 2, roomIds: [201, 201] } }],
      "room_given_twice",
    );
    expect(within).toMatchObject([{ action: 0, detail: { roomId: 201 } }]);
    expect(within[0]?.detail).not.toHaveProperty("firstAction");
  });

  it("allows only administration-titled space: an error for moves, a warning for swaps across levels", () => {
    expect(
      codes([{ kind: "move", from: { unitId: 3, roomIds: [402] }, to: { buildingId: 3, roomIds: [403] } }]),
    ).toEqual([[0, "not_administration_titled", "error"]]);
    const swap = validateScenario(
      machinery,
      [{ kind: "swap", a: { unitId: 1, buildingIds: [1] }, b: { unitId: 3, roomIds: [402] } }],
      { swapTolerance: 0.5 },
    );
    // 甲局 gives 60 m², 丙局 30 m²: 30 apart, within 50 % of 60.
    expect(swap.issues.map((issue) => [issue.code, issue.severity])).toEqual([
      ["not_administration_titled", "warning"],
    ]);
    expect(swap.valid).toBe(true);
  });

  it("checks equal-area swaps against the tolerance, reporting both sides", () => {
    // 101 (30 m²) for 104 (25 m²): 5 m² apart, more than 5 % of 30 (1.5) but within 20 % (6).
    const actions: ScenarioAction[] = [
      { kind: "swap", a: { unitId: 1, roomIds: [101] }, b: { unitId: 2, roomIds: [104] } },
    ];
    const strict = validateScenario(machinery, actions);
    expect(strict.swaps).toEqual([
      { action: 0, areaA: 30, areaB: 25, difference: 5, tolerance: 0.05, withinTolerance: false },
    ]);
    expect(strict.issues.map((issue) => issue.code)).toEqual(["unequal_swap"]);
    expect(strict.issues[0]?.messageZh).toBe("非等面积置换：30 m² 对 25 m²，相差 5 m²，超过较大一方的 5 %。");
    const lenient = validateScenario(machinery, actions, { swapTolerance: 0.2 });
    expect(lenient.swaps[0]?.withinTolerance).toBe(true);
    expect(lenient.valid).toBe(true);
  });

  it("balances each party of a chain: what it gives against what it takes", () => {
    const chain = validateScenario(machinery, [
      {
        kind: "chain",
        parties: [
          { unitId: 1, roomIds: [101] },
          { unitId: 2, roomIds: [104] },
          { unitId: 3, roomIds: [402] },
        ],
      },
    ]);
    // 甲局 gives 30, takes 乙局's 25; 乙局 gives 25, takes 丙局's 30; 丙局 gives 30, takes 甲局's 30.
    expect(chain.swaps.map((swap) => [swap.party, swap.areaA, swap.areaB, swap.withinTolerance])).toEqual([
      [0, 30, 25, false],
      [1, 25, 30, false],
      [2, 30, 30, true],
    ]);
  });

  it("tells action order from a plain conflict", () => {
    const intoOccupied: ScenarioAction = {
      kind: "move",
      from: { unitId: 2, roomIds: [103] },
      to: { buildingId: 1, roomIds: [101] },
    };
    expect(only([intoOccupied], "room_occupied")).toMatchObject([{ action: 0, detail: { roomId: 101 } }]);
    const order = only(
      [intoOccupied, { kind: "vacate", space: { unitId: 1, roomIds: [101] } }],
      "action_order",
    );
    expect(order).toMatchObject([
      { action: 0, detail: { reason: "room_freed_later", laterAction: 1, roomId: 101 } },
    ]);
    expect(order[0]?.messageZh).toBe("房间 机械厅楼 101 在第 2 步才腾出，应先执行该步。");

    // Given to 乙局 in action 1, wanted by 丙局 in action 2, freed by 乙局 only in action 3.
    const givenThenFreed = only(
      [
        { kind: "vacate", space: { unitId: 1, roomIds: [101] } },
        { kind: "move", from: { unitId: 2, roomIds: [103] }, to: { buildingId: 1, roomIds: [101] } },
        { kind: "move", from: { unitId: 3, roomIds: [402] }, to: { buildingId: 1, roomIds: [101] } },
        { kind: "vacate", space: { unitId: 2, roomIds: [101] } },
      ],
      "action_order",
    );
    expect(givenThenFreed).toMatchObject([
      { action: 2, detail: { reason: "room_freed_later", laterAction: 3 } },
    ]);

    const selectLater = only(
      [
        { kind: "vacate", space: { unitId: 1, roomIds: [201] } },
        { kind: "move", from: { unitId: 1, roomIds: [101] }, to: { buildingId: 2, roomIds: [201] } },
      ],
      "action_order",
    );
    expect(selectLater).toMatchObject([
      { action: 0, detail: { reason: "room_given_later", laterAction: 1 } },
    ]);

    const disposeFirst: ScenarioAction[] = [
      { kind: "dispose", buildingId: 1, method: "auction" },
      { kind: "move", from: { unitId: 1 }, to: { buildingId: 2 } },
      { kind: "move", from: { unitId: 2 }, to: { buildingId: 2 } },
    ];
    expect(only(disposeFirst, "action_order")).toMatchObject([
      { action: 0, detail: { reason: "building_emptied_later", laterAction: 2, buildingId: 1 } },
    ]);
    expect(only(disposeFirst.slice(0, 2), "not_empty")).toMatchObject([
      { action: 0, detail: { occupiedRooms: 4 } },
    ]);

    const leaseLater = only(
      [
        { kind: "end_lease", leaseId: "a1" },
        { kind: "lease_in", unitId: 3, name: "临时租赁", location: L1, grossArea: 50, annualRent: 80_000 },
      ],
      "action_order",
    );
    expect(leaseLater).toMatchObject([
      { action: 0, detail: { reason: "lease_added_later", laterAction: 1 } },
    ]);
  });

  it("flags a new over-standard unit and person, and a unit already over that gains more", () => {
    // 甲局 moves whole (60 m² + 80 m² leased = 140 m²) into building 2's offices 201, 202, 209, 210
    // (40 + 35 + 30 + 50 = 155 m² ≥ 140): core 155 > 100 entitled (60 before), newly over; its 155 m² of
    // offices exceed the 60 m² entitled to its people, so at least one of them is over (0 before).
    const result = validateScenario(machinery, [
      { kind: "move", from: { unitId: 1 }, to: { buildingId: 2 } },
    ]);
    expect(result.valid).toBe(false);
    expect(result.issues.map((issue) => [issue.code, issue.severity, issue.detail?.unitId])).toEqual([
      ["new_over_standard_unit", "error", 1],
      ["new_over_standard_person", "error", 1],
    ]);
    expect(result.issues[0]?.detail).toMatchObject({
      entitledCore: 100,
      coreBefore: 60,
      coreAfter: 155,
      gapAfter: 55,
    });
    expect(result.issues[1]?.detail).toMatchObject({ officeBefore: 60, officeAfter: 155, personsAfter: 1 });

    const over = scenarioState({
      buildings: [building(1, "甲楼", [126.6, 45.75]), building(2, "乙楼", [126.61, 45.75])],
      rooms: [room(1, 1, 1, "101", "service", 120, 1), room(2, 2, 1, "101", "service", 10, null)],
      units: [unit(1, "超标局", { entitledCore: 100 })],
    });
    const worse = validateScenario(over, [
      { kind: "allocate", assignments: [{ unitId: 1, buildingId: 2, area: 10 }] },
    ]);
    expect(worse.issues.map((issue) => [issue.code, issue.severity])).toEqual([
      ["new_over_standard_unit", "warning"],
    ]);
    expect(worse.valid).toBe(true);
  });

  it("reports unknown ids, occupied conversions, self-swaps and empty selections", () => {
    expect(
      codes([
        { kind: "move", from: { unitId: 99 }, to: { buildingId: 2 } },
        { kind: "move", from: { unitId: 1, roomIds: [999] }, to: { buildingId: 98 } },
        { kind: "end_lease", leaseId: 77 },
        { kind: "convert", buildingId: 1, roomIds: [101], targetUse: "群众之家" },
        { kind: "swap", a: { unitId: 1 }, b: { unitId: 1 } },
        { kind: "vacate", space: { unitId: 3, buildingIds: [1] } },
        { kind: "end_lease", leaseId: 2 },
        { kind: "end_lease", leaseId: 2 },
      ]),
    ).toEqual([
      [0, "unknown_unit", "error"],
      [1, "unknown_room", "error"],
      [1, "nothing_selected", "error"],
      [2, "unknown_lease", "error"],
      [3, "not_empty", "error"],
      [4, "same_unit", "error"],
      [5, "nothing_selected", "error"],
      [7, "lease_ended", "error"],
    ]);
  });
});

describe("the over-standard person rule", () => {
  // Entitled office area A = 60 m²; L = live over-standard persons.
  const withLive = (overStandardPersons: number) =>
    unit(1, "甲局", { entitledOffice: 60, overStandardPersons });
  it.each([
    // [L, before, after, re-seated, expected, why]
    [0, 50, 50, false, 0, "unchanged"],
    [0, 50, 70, false, 1, "kept some offices, grew beyond A: one more over"],
    [2, 50, 70, false, 3, "kept some offices, grew beyond A: one more over"],
    [0, 50, 70, true, 1, "re-seated beyond A: at least one over"],
    [2, 50, 70, true, 2, "re-seated beyond A: at least the live count"],
    [1, 80, 70, false, 1, "already beyond A, shrinking: nothing new"],
    [1, 80, 70, true, 1, "already beyond A, re-seated smaller: nothing new"],
    [2, 80, 55, true, 0, "re-seated within A: everyone within the limit"],
    [2, 80, 55, false, 2, "kept rooms within A: the people in them are as they were"],
  ])("L %i, %f → %f m², re-seated %s → %i (%s)", (live, before, after, reseated, expected) => {
    expect(overStandardPersonsAfter(withLive(live), { before, after, reseated })).toBe(expected);
  });
  it("keeps the live count without an entitled office area", () => {
    expect(
      overStandardPersonsAfter(unit(1, "甲局", { entitledOffice: null, overStandardPersons: 3 }), {
        before: 0,
        after: 500,
        reseated: true,
      }),
    ).toBe(3);
  });
});
