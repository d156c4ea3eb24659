import { describe, expect, it } from "vitest";
import { applyActions } from "../../server/domain/scenarios/scenario-apply.js";
import { scenarioMetrics } from "../../server/domain/scenarios/scenario-metrics.js";
import type { ScenarioAction } from "../../server/domain/scenarios/scenario-model.js";
import { B1, B2, machinery } from "../support/scenario-fixtures.js";

// The machinery-building fixture cleared in three actions; every figure below is worked out by hand.
//   before: 甲局 (1) holds 101 + 102 = 60 m² offices, lease 1 (80 m², 200,000 元/yr) → 2 sites;
//           乙局 (2) holds 103 service 20 + 104 office 25 = 45 m², lease 2 (50,000 元/yr) → 2 sites;
//           丙局 (3) holds 80 m² in building 3; building 2 idle: 40 + 35 + 30 + 50 + 20 = 175 m².
const clearing: ScenarioAction[] = [
  // 乙局 moves its office 104 (25 m²) into 202 (35 m²).
  { kind: "move", from: { unitId: 2, roomIds: [104] }, to: { buildingId: 2, roomIds: [202] } },
  // 乙局 gives back what it still has in building 1: 103 (20 m²).
  { kind: "vacate", space: { unitId: 2, buildingIds: [1] } },
  // 甲局 moves as a whole: 60 m² of rooms + 80 m² leased = 140 m² to cover. Idle core rooms of building 2
  // in floor/number order: 201 (40), 209 (30), 210 (50), 211 (20) → 40, 70, 120, 140 ≥ 140.
  { kind: "move", from: { unitId: 1 }, to: { buildingId: 2 } },
];

describe("scenario metrics on the machinery-building fixture", () => {
  const { state: after, effects } = applyActions(machinery, clearing);
  const metrics = scenarioMetrics(machinery, after, effects);

  it("applies the moves room by room, lease ended, input state untouched", () => {
    expect(effects.map((effect) => effect.issues)).toEqual([[], [], []]);
    expect(effects[2]?.roomChanges.map((change) => [change.roomId, change.toUnitId])).toEqual([
      [101, null],
      [102, null],
      [201, 1],
      [301, 1],
      [302, 1],
      [303, 1],
    ]);
    expect(effects[2]?.leasesEnded).toEqual([1]);
    // Area moved: 35 taken; 20 returned by the vacate; 40 + 30 + 50 + 20 = 140 taken.
    expect(effects.map((effect) => effect.areaMoved)).toEqual([35, 20, 140]);
    expect(machinery.rooms.get(101)?.occupantUnitId).toBe(1);
    expect(machinery.leases[0]?.ended).toBeUndefined();
    expect(after.rooms.get(104)).toMatchObject({ occupantUnitId: null, status: "idle" });
    expect(after.rooms.get(202)).toMatchObject({ occupantUnitId: 2, status: "in_use" });
  });

  it("totals before are the baseline", () => {
    expect(metrics.before).toEqual({
      idleArea: 1000,
      annualRentOutside: 500_000,
      rentSavedPerYear: 0,
      sitesPerUnit: 2, // 40 sites / 20 units
      unitsRentingOutside: 5,
      overStandardUnits: 3,
      overStandardPersons: 7,
      buildingsEmptied: [],
      averageMoveDistanceMeters: 0,
      buildingsTouched: 0,
    });
  });

  it("totals after are the baseline plus the working set's change", () => {
    // Idle: building 1 now 30 + 30 + 20 + 25 = 105, building 2 none: 105 − 175 = −70 → 930.
    // Rent: lease 1 ended, −200,000 → 300,000, saved 200,000.
    // Sites: 甲局 2 → 1 (building 2), 乙局 2 → 2 (building 2 + lease 2), 丙局 1: −1 → 39 / 20 = 1.95.
    // Over-standard units: 甲局 core 140 > 100 entitled (it was 60) → +1 = 4.
    // Persons: 甲局 gave up all its offices (re-seated), 120 m² of offices > 60 entitled → at least 1 (+1);
    //          乙局 re-seated too, 35 > 30 → max(1 live, 1) = 1 (+0) → 8.
    // Distance: 乙局 B1 → B2 along the parallel 45.75°: 6,371,008.8 × 0.02 × π/180 × cos 45.75° ≈ 1,551.8 m
    //   (35 m² taken); 甲局 from (60 × B1 + 80 × lease at [126.65, 45.70]) / 140 = [126.62857, 45.72143]
    //   to B2: ≈ 3,245.9 m (140 m²); weighted (35 × 1,551.8 + 140 × 3,245.9) / 175 ≈ 2,907 m.
    expect(metrics.after).toEqual({
      idleArea: 930,
      annualRentOutside: 300_000,
      rentSavedPerYear: 200_000,
      sitesPerUnit: 1.95,
      unitsRentingOutside: 4,
      overStandardUnits: 4,
      overStandardPersons: 8,
      buildingsEmptied: [1],
      averageMoveDistanceMeters: 2907,
      buildingsTouched: 2,
    });
  });

  it("per unit: area, standard gap and sites before and after", () => {
    expect(metrics.units).toEqual([
      // 甲局: 60 → 140 m²; gap 60 − 100 = −40 → 140 − 100 = 40.
      {
        unitId: 1,
        name: "甲局",
        areaBefore: 60,
        areaAfter: 140,
        gapBefore: -40,
        gapAfter: 40,
        sitesBefore: 2,
        sitesAfter: 1,
      },
      // 乙局: 45 → 35 m²; gap 45 − 50 = −5 → 35 − 50 = −15.
      {
        unitId: 2,
        name: "乙局",
        areaBefore: 45,
        areaAfter: 35,
        gapBefore: -5,
        gapAfter: -15,
        sitesBefore: 2,
        sitesAfter: 2,
      },
    ]);
  });

  it("flows and building changes for the map", () => {
    expect(metrics.flows).toHaveLength(2);
    expect(metrics.flows[0]).toMatchObject({ action: 0, unitId: 2, from: B1, to: B2, area: 35 });
    expect(metrics.flows[0]?.distanceMeters).toBeCloseTo(1551.8, 1);
    expect(metrics.flows[1]).toMatchObject({ action: 2, unitId: 1, to: B2, area: 140 });
    expect(metrics.flows[1]?.from[0]).toBeCloseTo(126.628571, 6);
    expect(metrics.flows[1]?.from[1]).toBeCloseTo(45.721429, 6);
    expect(metrics.flows[1]?.distanceMeters).toBeCloseTo(3245.9, 1);
    // Building 1: 105 m² occupied → 0; building 2: 0 → 35 + 140 = 175.
    expect(metrics.buildingChanges).toEqual([
      { buildingId: 1, occupiedDelta: -105 },
      { buildingId: 2, occupiedDelta: 175 },
    ]);
  });
});
