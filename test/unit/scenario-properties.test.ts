import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyActions } from "../../server/domain/scenarios/scenario-apply.js";
import { evaluateScenario } from "../../server/domain/scenarios/scenario-evaluate.js";
import { stateFigures } from "../../server/domain/scenarios/scenario-figures.js";
import { scenarioMetrics } from "../../server/domain/scenarios/scenario-metrics.js";
import type { ActionEffect, ScenarioState } from "../../server/domain/scenarios/scenario-model.js";
import { validateApplied } from "../../server/domain/scenarios/scenario-validate.js";
import { cleanScenario, generatedState, messyScenario, Random } from "../support/scenario-generator.js";

const small = { buildings: 4, roomsPerBuilding: 12, units: 5 };

/** Usable m² held by units plus idle m²: what moves, swaps, chains, vacates and allocations conserve. */
const heldPlusIdle = (state: ScenarioState) => {
  const figures = stateFigures(state);
  let held = 0;
  for (const unit of figures.units.values()) held += unit.area;
  return held + figures.idleArea;
};

/** Replays the room changes from `before`: each must start from the room's current occupant. */
function replay(before: ScenarioState, effects: readonly ActionEffect[]): Map<number, number | null> {
  const occupancy = new Map([...before.rooms].map(([id, room]) => [id, room.occupantUnitId]));
  for (const effect of effects) {
    const seen = new Set<number>();
    for (const change of effect.roomChanges) {
      expect(seen.has(change.roomId)).toBe(false);
      seen.add(change.roomId);
      expect(occupancy.get(change.roomId)).toBe(change.fromUnitId);
      occupancy.set(change.roomId, change.toUnitId);
    }
  }
  return occupancy;
}

describe("scenario engine properties", () => {
  it("conserves units' area plus idle area across any sequence of moves, swaps, chains, vacates and allocations", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 25 }), (seed, count) => {
        const random = new Random(seed);
        const state = generatedState(random, small);
        const actions = messyScenario(random, state, count);
        const { state: after } = applyActions(state, actions);
        expect(heldPlusIdle(after)).toBeCloseTo(heldPlusIdle(state), 6);
        // The metrics' idle change mirrors the units' change.
        const metrics = scenarioMetrics(state, after, []);
        const unitDelta = metrics.units.reduce((sum, unit) => sum + unit.areaAfter - unit.areaBefore, 0);
        expect(metrics.after.idleArea - metrics.before.idleArea + unitDelta).toBeCloseTo(0, 6);
      }),
      { numRuns: 150 },
    );
  });

  it("never lets two units hold one room: every change starts from the room's occupant and the replay ends in the state", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 25 }), (seed, count) => {
        const random = new Random(seed);
        const state = generatedState(random, small);
        const actions = messyScenario(random, state, count);
        const applied = applyActions(state, actions);
        const occupancy = replay(state, applied.effects);
        for (const [roomId, room] of applied.state.rooms)
          expect(occupancy.get(roomId)).toBe(room.occupantUnitId);
        // Validation of anything at all: every issue on a real action, in both languages.
        const validation = validateApplied(state, actions, applied);
        for (const issue of validation.issues) {
          expect(issue.action).toBeLessThan(actions.length);
          expect(issue.message.length * issue.messageZh.length).toBeGreaterThan(0);
        }
        expect(validation.valid).toBe(validation.issues.every((issue) => issue.severity === "warning"));
      }),
      { numRuns: 150 },
    );
  });

  it("changes exactly the rooms a clean scenario names, and validation finds nothing it applied wrongly", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 12 }), (seed, count) => {
        const random = new Random(seed);
        const state = generatedState(random, small);
        const { actions, named } = cleanScenario(random, state, count);
        expect(actions.length).toBeGreaterThan(0);
        const applied = applyActions(state, actions);
        const changed = [...state.rooms.keys()].filter(
          (id) => state.rooms.get(id)?.occupantUnitId !== applied.state.rooms.get(id)?.occupantUnitId,
        );
        expect(new Set(changed)).toEqual(named);
        const errors = applied.effects
          .flatMap((effect) => effect.issues)
          .filter((issue) => issue.severity === "error");
        expect(errors).toEqual([]);
        const codes = new Set(validateApplied(state, actions, applied).issues.map((issue) => issue.code));
        for (const code of codes) {
          expect([
            "unequal_swap",
            "not_administration_titled",
            "new_over_standard_unit",
            "new_over_standard_person",
          ]).toContain(code);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("a 500-action scenario over a working set of 30,000 rooms", () => {
  it("applies, validates and measures it, conserving area", () => {
    const random = new Random(20261127);
    const state = generatedState(random, { buildings: 300, roomsPerBuilding: 100, units: 2000 });
    const { actions } = cleanScenario(random, state, 400);
    actions.push(...messyScenario(random, state, 100));
    expect(actions).toHaveLength(500);
    const { state: after, effects, validation, metrics } = evaluateScenario(state, actions);
    expect(heldPlusIdle(after)).toBeCloseTo(heldPlusIdle(state), 4);
    expect(effects).toHaveLength(500);
    expect(validation.issues.length).toBeGreaterThan(0);
    expect(metrics.flows.length).toBeGreaterThan(300);
  });
});
