import { describe, expect, it } from "vitest";
import type { AllocationPlan, CandidateUnit } from "../../client/api/types.js";
import {
  candidateSites,
  groupSites,
  planSites,
  sitesScatterOption,
} from "../../client/charts/sites-scatter.js";

const candidate = (unitId: number, name: string, sitesBefore: number, sitesAfter: number): CandidateUnit => ({
  unitId,
  name,
  level: "provincial",
  kind: "government_department",
  reasons: ["split_sites"],
  demandArea: 100,
  entitledArea: 500,
  currentArea: 400,
  currentAnnualRent: 0,
  moveDistanceMeters: 900,
  sitesBefore,
  sitesAfter,
  center: [126.6, 45.7],
});

const candidates = [candidate(1, "甲厅", 3, 1), candidate(2, "乙局", 2, 1), candidate(3, "丙办", 3, 1)];

const plan = (assignments: Array<[unitId: number, buildingId: number]>): AllocationPlan => ({
  name: "lowest_cost",
  objective: "lowest_cost",
  assignments: assignments.map(([unitId, buildingId]) => ({
    unitId,
    unitName: "",
    buildingId,
    buildingName: "",
    area: 50,
  })),
  unhoused: [],
  metrics: {
    unitsHoused: 0,
    areaAllocated: 0,
    rentSavedPerYear: 0,
    totalMoveDistanceMeters: 0,
    averageMoveDistanceMeters: 0,
    buildingsUsed: 0,
    sitesBefore: 0,
    sitesAfter: 0,
    leftoverIdleArea: 0,
  },
  gap: 0,
  status: "optimal",
  solveMs: 1,
});

const labels = { before: "迁入前办公点（处）", after: "迁入后办公点（处）", unchanged: "不变线" };

describe("sites per unit", () => {
  it("counts a plan's distinct buildings per housed unit, leaving out units it does not house", () => {
    // Unit 1 split over two buildings of the district (two assignments to 10, one to 11); unit 3 not housed.
    const points = planSites(
      candidates,
      plan([
        [1, 10],
        [1, 11],
        [1, 10],
        [2, 12],
      ]),
    );
    expect(points).toEqual([
      { name: "甲厅", before: 3, after: 2 },
      { name: "乙局", before: 2, after: 1 },
    ]);
  });

  it("groups units at the same position into one dot naming them all", () => {
    expect(groupSites(candidateSites(candidates))).toEqual([
      { before: 2, after: 1, names: ["乙局"] },
      { before: 3, after: 1, names: ["甲厅", "丙办"] },
    ]);
  });

  it("draws the candidates, the plan and the diagonal from 0 to one past the largest count", () => {
    const option = sitesScatterOption(
      [
        { name: "候选单位", points: candidateSites(candidates) },
        {
          name: "方案",
          points: planSites(
            candidates,
            plan([
              [1, 10],
              [1, 11],
            ]),
          ),
        },
      ],
      labels,
    );
    const series = option.series as Array<{
      data: Array<{ value: number[]; names: string[]; symbolSize: number }>;
      markLine?: { data: Array<Array<{ coord: number[] }>> };
    }>;
    expect(series).toHaveLength(2);
    expect(series[0]?.data.map((item) => item.value)).toEqual([
      [2, 1],
      [3, 1],
    ]);
    // Two units at (3, 1): a bigger dot than one unit's.
    expect(series[0]?.data[1]?.symbolSize).toBeGreaterThan(series[0]?.data[0]?.symbolSize ?? Infinity);
    expect(series[0]?.markLine?.data).toEqual([[{ coord: [0, 0] }, { coord: [4, 4] }]]);
    expect(series[1]?.markLine).toBeUndefined();
    expect(option.xAxis).toMatchObject({ name: labels.before, min: 0, max: 4, minInterval: 1 });
    expect(option.yAxis).toMatchObject({ name: labels.after, max: 4 });
  });

  it("names the units of a dot in the tooltip, escaped", () => {
    const option = sitesScatterOption(
      [{ name: "候选单位", points: [{ name: "<b>甲</b>", before: 2, after: 1 }] }],
      labels,
    );
    const formatter = (option.tooltip as { formatter: (params: unknown) => string }).formatter;
    const text = formatter({ data: { value: [2, 1], names: ["<b>甲</b>"] } });
    expect(text).toContain("迁入前办公点（处） 2 → 迁入后办公点（处） 1");
    expect(text).toContain("&#60;b&#62;甲&#60;/b&#62;");
    expect(text).not.toContain("<b>");
  });
});
