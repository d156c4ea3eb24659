import { describe, expect, it } from "vitest";
import { applyActions } from "../../server/domain/scenarios/scenario-apply.js";
import { stateFigures } from "../../server/domain/scenarios/scenario-figures.js";
import type { ScenarioState } from "../../server/domain/scenarios/scenario-model.js";
import { B1, B2, B3, building, L1, machinery, scenarioState } from "../support/scenario-fixtures.js";

const occupant = (state: ScenarioState, roomId: number) => state.rooms.get(roomId)?.occupantUnitId;
const snapshot = (state: ScenarioState) =>
  JSON.stringify([[...state.rooms], [...state.buildings], [...state.units], state.leases]);

describe("applying scenario actions", () => {
  it("runs a three-party chain: each takes the next one's space, the last the first's", () => {
    const { state, effects } = applyActions(machinery, [
      {
        kind: "chain",
        parties: [
          { unitId: 1, roomIds: [101] },
          { unitId: 2, roomIds: [104] },
          { unitId: 3, roomIds: [402] },
        ],
      },
    ]);
    expect([occupant(state, 104), occupant(state, 402), occupant(state, 101)]).toEqual([1, 2, 3]);
    expect(effects[0]?.flows.map((flow) => [flow.unitId, flow.from, flow.to, flow.area])).toEqual([
      [1, B1, B1, 25],
      [2, B1, B3, 30],
      [3, B3, B1, 30],
    ]);
    expect(effects[0]?.flows[0]?.distanceMeters).toBe(0);
    // Building 3 is not titled to the administration: a warning for 乙局 taking 402 there.
    expect(effects[0]?.issues.map((issue) => [issue.code, issue.severity])).toEqual([
      ["not_administration_titled", "warning"],
    ]);
  });

  it("allocates by plan: idle rooms in order, leases end once the demand is housed, current space optionally released", () => {
    // 乙局 needs 60 m² in building 2: 201 (40) + 202 (35) = 75 ≥ 60.
    const released = applyActions(machinery, [
      { kind: "allocate", assignments: [{ unitId: 2, buildingId: 2, area: 60 }], releaseCurrentSpace: true },
    ]);
    expect([201, 202, 103, 104].map((id) => occupant(released.state, id))).toEqual([2, 2, null, null]);
    expect(released.effects[0]?.leasesEnded).toEqual([2]);
    // Arc from what it gave up: lease 2 (20 m² at L1) and 103 + 104 (45 m² at B1) → (20 × L1 + 45 × B1) / 65.
    expect(released.effects[0]?.flows[0]?.from[0]).toBeCloseTo((20 * L1[0] + 45 * B1[0]) / 65, 6);
    expect(released.effects[0]?.flows[0]).toMatchObject({ to: B2, area: 75 });

    const added = applyActions(machinery, [
      { kind: "allocate", assignments: [{ unitId: 2, buildingId: 2, area: 60 }] },
    ]);
    expect([103, 104].map((id) => occupant(added.state, id))).toEqual([2, 2]);
    expect(added.effects[0]?.leasesEnded).toEqual([2]);

    // 500 m² asked, building 2 has 175: all of it is taken, 325 short, the lease stays.
    const short = applyActions(machinery, [
      { kind: "allocate", assignments: [{ unitId: 2, buildingId: 2, area: 500 }] },
    ]);
    expect(short.effects[0]?.shortfall).toBe(325);
    expect(short.effects[0]?.leasesEnded).toEqual([]);
    expect(short.effects[0]?.issues.map((issue) => issue.code)).toEqual(["capacity"]);
  });

  it("refuses an empty destination list and an allocation of no area, ending no lease", () => {
    const { state, effects } = applyActions(machinery, [
      { kind: "move", from: { unitId: 1 }, to: { buildingId: 2, roomIds: [] } },
      { kind: "allocate", assignments: [{ unitId: 2, buildingId: 2, area: 0 }] },
    ]);
    expect(effects.map((effect) => effect.issues.map((issue) => issue.code))).toEqual([
      ["nothing_selected"],
      ["nothing_selected"],
    ]);
    expect(effects.flatMap((effect) => [...effect.roomChanges, ...effect.leasesEnded])).toEqual([]);
    expect(occupant(state, 101)).toBe(1);
  });

  it("moves a unit out even when the destination is short, taking what there is", () => {
    const { state, effects } = applyActions(machinery, [
      { kind: "move", from: { unitId: 3 }, to: { buildingId: 1 } },
    ]);
    expect([401, 402].map((id) => occupant(state, id))).toEqual([null, null]);
    expect(effects[0]?.shortfall).toBe(80);
    expect(effects[0]?.flows).toEqual([]);
  });

  it("converts idle rooms out of the inventory, never occupied ones", () => {
    const converted = applyActions(machinery, [{ kind: "convert", buildingId: 2, targetUse: "群众之家" }]);
    expect(converted.effects[0]?.roomsLeftInventory).toEqual([201, 202, 301, 302, 303]);
    // Idle in the working set: 175 in building 2 + 40 (403) → 40.
    expect(stateFigures(machinery).idleArea).toBe(215);
    expect(stateFigures(converted.state).idleArea).toBe(40);

    const occupied = applyActions(machinery, [
      { kind: "convert", buildingId: 1, roomIds: [101, 104], targetUse: "老年人俱乐部" },
      { kind: "move", from: { unitId: 3, roomIds: [402] }, to: { buildingId: 2, roomIds: [201] } },
    ]);
    expect(occupied.effects[0]?.roomsLeftInventory).toEqual([]);
    expect(occupied.effects[0]?.issues[0]).toMatchObject({
      code: "not_empty",
      detail: { roomIds: [101, 104] },
    });
  });

  it("disposes of an empty building only, and nothing moves into it afterwards", () => {
    const { state, effects } = applyActions(machinery, [
      { kind: "dispose", buildingId: 2, method: "auction" },
      { kind: "move", from: { unitId: 3, roomIds: [402] }, to: { buildingId: 2 } },
    ]);
    expect(state.buildings.get(2)?.disposed).toBe(true);
    expect(effects[0]?.buildingsDisposed).toEqual([2]);
    expect(state.rooms.get(201)?.leftInventory).toBe("disposed");
    expect(effects[1]?.issues.map((issue) => issue.code)).toEqual(["left_inventory"]);
    expect(occupant(state, 402)).toBe(3);

    // A building with occupied rooms outside the working set is not empty either.
    const partlyLoaded = scenarioState({
      buildings: [building(9, "部分载入楼", B2, { unloadedOccupiedRooms: 2 })],
      rooms: [],
      units: [],
    });
    const refused = applyActions(partlyLoaded, [{ kind: "dispose", buildingId: 9, method: "transfer" }]);
    expect(refused.effects[0]?.issues[0]).toMatchObject({ code: "not_empty", detail: { occupiedRooms: 2 } });
    expect(refused.state.buildings.get(9)?.disposed).toBeUndefined();
  });

  it("adds a lease under the action's id and ends it later", () => {
    const { state, effects } = applyActions(machinery, [
      { kind: "lease_in", unitId: 3, name: "过渡租赁", location: L1, grossArea: 300, annualRent: 360_000 },
      { kind: "end_lease", leaseId: "a0" },
    ]);
    expect(effects.map((effect) => [effect.leasesAdded, effect.leasesEnded])).toEqual([
      [["a0"], []],
      [[], ["a0"]],
    ]);
    expect(state.leases.at(-1)).toMatchObject({ id: "a0", unitId: 3, ended: true });
    expect(machinery.leases).toHaveLength(2);
  });

  it("never mutates the input state", () => {
    const before = snapshot(machinery);
    applyActions(machinery, [
      { kind: "move", from: { unitId: 1 }, to: { buildingId: 2 } },
      { kind: "swap", a: { unitId: 2 }, b: { unitId: 3 } },
      { kind: "convert", buildingId: 1, targetUse: "群众之家" },
      { kind: "end_lease", leaseId: 2 },
    ]);
    expect(snapshot(machinery)).toBe(before);
  });
});
