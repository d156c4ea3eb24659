import { describe, expect, it } from "vitest";
import type { ScenarioDetail, ScenarioMetrics, ScenarioTotals } from "../../client/api/scenario-types.js";
import {
  actionLabel,
  applySummary,
  buildingChanges,
  conflictLine,
  flowArcs,
  improves,
  scenarioBounds,
  totalValue,
} from "../../client/state/scenario-view.js";
import type { ScenarioAction } from "../../server/domain/scenarios/scenario-model.js";

const names = {
  units: { "1": "省统计局", "2": "省地方税务局", "3": "省档案馆" },
  buildings: { "10": "统计大楼", "11": "税务大楼", "12": "原机械厅大楼" },
};

const totals = (overrides: Partial<ScenarioTotals> = {}): ScenarioTotals => ({
  idleArea: 1200,
  annualRentOutside: 500_000,
  rentSavedPerYear: 0,
  sitesPerUnit: 1.5,
  unitsRentingOutside: 3,
  overStandardUnits: 2,
  overStandardPersons: 5,
  buildingsEmptied: [],
  averageMoveDistanceMeters: 0,
  buildingsTouched: 0,
  ...overrides,
});

const metrics: ScenarioMetrics = {
  before: totals(),
  after: totals({ idleArea: 900, buildingsEmptied: [12], buildingsTouched: 3 }),
  units: [
    {
      unitId: 1,
      name: "省统计局",
      areaBefore: 800,
      areaAfter: 820,
      gapBefore: -10,
      gapAfter: 10,
      sitesBefore: 2,
      sitesAfter: 1,
    },
    {
      unitId: 3,
      name: "省档案馆",
      areaBefore: 300,
      areaAfter: 300,
      gapBefore: null,
      gapAfter: null,
      sitesBefore: 1,
      sitesAfter: 1,
    },
  ],
  flows: [
    { action: 0, unitId: 1, from: [126.6, 45.7], to: [126.65, 45.75], area: 800, distanceMeters: 6800 },
    { action: 1, unitId: 3, from: [126.7, 45.8], to: [126.7, 45.8], area: 300, distanceMeters: 0 },
    { action: 1, unitId: 2, from: [126.62, 45.71], to: [126.55, 45.69], area: 780, distanceMeters: 5900 },
  ],
  buildingChanges: [
    { buildingId: 10, occupiedDelta: -800 },
    { buildingId: 11, occupiedDelta: 820 },
    { buildingId: 12, occupiedDelta: -300 },
  ],
};

const actions: ScenarioAction[] = [
  { kind: "swap", a: { unitId: 1, buildingIds: [10] }, b: { unitId: 2, buildingIds: [11] } },
  { kind: "move", from: { unitId: 3 }, to: { buildingId: 12 } },
];

const detail: ScenarioDetail = {
  scenario: {
    id: 7,
    region_code: "230000",
    name: "统计调查队与地税局跨层级置换",
    description: null,
    status: "validated",
    parent_scenario_id: null,
    created_by_name: "演示规划员",
    created_at: "2026-11-27T08:00:00Z",
    updated_at: "2026-11-27T08:00:00Z",
    validated_at: "2026-11-27T08:01:00Z",
    approved_at: null,
    applied_at: null,
    is_demo: true,
    version: 3,
    action_count: 2,
    stale: false,
    actions,
  },
  names,
  validation: null,
  metrics,
  buildings: [
    { id: 11, name: "税务大楼", center: [126.65, 45.75] },
    { id: 12, name: "原机械厅大楼", center: [126.7, 45.8] },
  ],
};

describe("scenario view helpers", () => {
  it("labels actions in Chinese with units, buildings and rooms", () => {
    expect(actionLabel("zh-CN", names, actions[0] as ScenarioAction)).toBe(
      "置换：省统计局（统计大楼） ⇄ 省地方税务局（税务大楼）",
    );
    expect(actionLabel("zh-CN", names, actions[1] as ScenarioAction)).toBe("移动：省档案馆 → 原机械厅大楼");
    expect(actionLabel("zh-CN", names, { kind: "vacate", space: { unitId: 2, roomIds: [1, 2, 3] } })).toBe(
      "腾退：省地方税务局（3 间房）",
    );
    expect(
      actionLabel("en", names, {
        kind: "chain",
        parties: [{ unitId: 1 }, { unitId: 2 }, { unitId: 99 }],
      }),
    ).toBe("Chain swap: 省统计局 → 省地方税务局 → #99");
  });

  it("turns flows into arcs with their action's kind and unit name, dropping moves that go nowhere", () => {
    const arcs = flowArcs(detail);
    expect(arcs.map((arc) => [arc.kind, arc.unitName, arc.area])).toEqual([
      ["swap", "省统计局", 800],
      ["move", "省地方税务局", 780],
    ]);
    expect(scenarioBounds(arcs)).toEqual([126.55, 45.69, 126.65, 45.75]);
    // Changed buildings with a centre widen the frame.
    expect(scenarioBounds(arcs, buildingChanges(metrics, detail.buildings))).toEqual([
      126.55, 45.69, 126.7, 45.8,
    ]);
    expect(scenarioBounds([])).toBeUndefined();
  });

  it("marks the buildings a scenario empties among those it changes", () => {
    expect(buildingChanges(metrics, detail.buildings)).toEqual([
      { buildingId: 10, occupiedDelta: -800, emptied: false },
      { buildingId: 11, occupiedDelta: 820, emptied: false, name: "税务大楼", center: [126.65, 45.75] },
      { buildingId: 12, occupiedDelta: -300, emptied: true, name: "原机械厅大楼", center: [126.7, 45.8] },
    ]);
    expect(buildingChanges(null, [])).toEqual([]);
  });

  it("counts list totals and tells which direction is better", () => {
    expect(totalValue(metrics.after, "buildingsEmptied")).toBe(1);
    expect(totalValue(metrics.after, "idleArea")).toBe(900);
    expect(improves({ better: "lower" }, 1200, 900)).toBe(true);
    expect(improves({ better: "higher" }, 1200, 900)).toBe(false);
    expect(improves({ better: "lower" }, 900, 900)).toBe(false);
  });

  it("says what applying will write: actions, units whose area changes, buildings touched", () => {
    expect(applySummary("zh-CN", detail)).toBe(
      "实施方案“统计调查队与地税局跨层级置换”将在一个事务中写入台账：2 项动作，1 个单位的房间分配，涉及 3 栋楼宇，并记录审计日志。确定实施？",
    );
  });

  it("says in Chinese what changed under a scenario when applying is refused", () => {
    expect(
      conflictLine("zh-CN", {
        path: "rooms.812",
        message: "room 812 changed since validation: version 3 → 4",
      }),
    ).toBe("房间 812：校验后已被修改（版本 3 → 4）");
    expect(
      conflictLine("zh-CN", {
        path: "leases_in.5",
        message: "lease 5 no longer exists (version 2 at validation)",
      }),
    ).toBe("在外租房 5：校验后已被删除");
    expect(conflictLine("en", { path: "status", message: "applied" })).toBe("applied");
  });
});
