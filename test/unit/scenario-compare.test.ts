import { describe, expect, it } from "vitest";
import { applyActions } from "../../server/domain/scenarios/scenario-apply.js";
import {
  bestIndex,
  compareScenarios,
  deltasAgainstFirst,
  liveLedger,
} from "../../server/domain/scenarios/scenario-compare.js";
import { scenarioMetrics } from "../../server/domain/scenarios/scenario-metrics.js";
import type { ScenarioAction } from "../../server/domain/scenarios/scenario-model.js";
import { machinery } from "../support/scenario-fixtures.js";

const metricsOf = (actions: ScenarioAction[]) => {
  const { state, effects } = applyActions(machinery, actions);
  return scenarioMetrics(machinery, state, effects);
};

const moveSecond: ScenarioAction[] = [
  { kind: "move", from: { unitId: 2, roomIds: [104] }, to: { buildingId: 2, roomIds: [202] } },
  { kind: "vacate", space: { unitId: 2, buildingIds: [1] } },
];
// Clearing: the above, then 甲局 moves whole (its figures are worked out in scenario-metrics.test.ts).
const clearing = metricsOf([...moveSecond, { kind: "move", from: { unitId: 1 }, to: { buildingId: 2 } }]);
// Only 乙局 moves: idle +25 + 20 − 35 = +10 → 1,010 m²; no rent saved; 乙局 re-seated into 35 m² of
// offices (> 30 entitled) keeps its 1 over-standard person; one flow of ≈ 1,551.8 m → 1,552 m.
const partial = metricsOf(moveSecond);

describe("scenario comparison", () => {
  const rows = compareScenarios([
    liveLedger(clearing),
    { name: "腾空", metrics: clearing },
    { name: "仅乙局", metrics: partial },
  ]);
  const row = (key: string) => rows.find((candidate) => candidate.key === key);

  it("lists each metric with labels, unit, direction, values and the best", () => {
    expect(rows.map((candidate) => [candidate.key, candidate.values, candidate.best])).toEqual([
      ["rentSavedPerYear", [0, 20, 0], 1],
      ["annualRentOutside", [50, 30, 50], 1],
      ["unitsRentingOutside", [5, 4, 5], 1],
      ["idleArea", [1000, 930, 1010], 1],
      ["buildingsEmptied", [0, 1, 0], 1],
      ["sitesPerUnit", [2, 1.95, 2], 1],
      ["overStandardUnits", [3, 4, 3], 0],
      ["overStandardPersons", [7, 8, 7], 0],
      ["averageMoveDistanceMeters", [0, 2907, 1552], 0],
      ["buildingsTouched", [0, 2, 2], 0],
      ["unitsAffected", [0, 2, 1], 0],
    ]);
    expect(row("rentSavedPerYear")).toMatchObject({
      label: "年节约租金",
      labelEn: "Rent saved per year",
      unit: "万元/年",
      better: "higher",
    });
    expect(row("averageMoveDistanceMeters")).toMatchObject({ unit: "m", better: "lower" });
  });

  it("marks no best when all values are equal, the first on a tie otherwise", () => {
    const two = compareScenarios([
      { name: "腾空", metrics: clearing },
      { name: "仅乙局", metrics: partial },
    ]);
    expect(two.find((candidate) => candidate.key === "buildingsTouched")).toMatchObject({
      values: [2, 2],
      best: null,
    });
    expect(two.find((candidate) => candidate.key === "overStandardUnits")).toMatchObject({
      values: [4, 3],
      best: 1,
    });
    expect(bestIndex([3, 1, 1], "lower")).toBe(1);
    expect(bestIndex([], "lower")).toBeNull();
  });

  it("gives each value's Δ against the first column", () => {
    expect(deltasAgainstFirst(row("idleArea")?.values ?? [])).toEqual([0, -70, 10]);
    expect(deltasAgainstFirst([1.1, 1.3])).toEqual([0, 0.2]);
  });
});
