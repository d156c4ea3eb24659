import { roundArea } from "../standards/entitlement.js";
import type { ComparisonRow, ScenarioMetrics } from "./scenario-model.js";

// The side-by-side table of GET /api/scenarios/compare (issue 8 §6): one row per metric, the value of
// each scenario after it is applied, which direction is better and which scenario does best.

export interface ComparedScenario {
  readonly name: string;
  readonly metrics: ScenarioMetrics;
}

interface RowDefinition {
  readonly key: ComparisonRow["key"];
  readonly label: string;
  readonly labelEn: string;
  readonly unit: ComparisonRow["unit"];
  readonly better: ComparisonRow["better"];
  readonly value: (metrics: ScenarioMetrics) => number;
}

const tenThousandYuan = (yuan: number) => roundArea(yuan / 10_000);

const rows: readonly RowDefinition[] = [
  {
    key: "rentSavedPerYear",
    label: "年节约租金",
    labelEn: "Rent saved per year",
    unit: "万元/年",
    better: "higher",
    value: (metrics) => tenThousandYuan(metrics.after.rentSavedPerYear),
  },
  {
    key: "annualRentOutside",
    label: "在外租房年租金",
    labelEn: "Rent paid outside per year",
    unit: "万元/年",
    better: "lower",
    value: (metrics) => tenThousandYuan(metrics.after.annualRentOutside),
  },
  {
    key: "unitsRentingOutside",
    label: "在外租房单位",
    labelEn: "Units renting outside",
    unit: "个",
    better: "lower",
    value: (metrics) => metrics.after.unitsRentingOutside,
  },
  {
    key: "idleArea",
    label: "闲置面积",
    labelEn: "Idle area",
    unit: "m²",
    better: "lower",
    value: (metrics) => metrics.after.idleArea,
  },
  {
    key: "buildingsEmptied",
    label: "腾空楼栋（可处置）",
    labelEn: "Buildings emptied (disposal candidates)",
    unit: "个",
    better: "higher",
    value: (metrics) => metrics.after.buildingsEmptied.length,
  },
  {
    key: "sitesPerUnit",
    label: "单位平均办公地点",
    labelEn: "Sites per unit",
    unit: "个",
    better: "lower",
    value: (metrics) => metrics.after.sitesPerUnit,
  },
  {
    key: "overStandardUnits",
    label: "超标单位",
    labelEn: "Over-standard units",
    unit: "个",
    better: "lower",
    value: (metrics) => metrics.after.overStandardUnits,
  },
  {
    key: "overStandardPersons",
    label: "超标人员",
    labelEn: "Over-standard persons",
    unit: "人",
    better: "lower",
    value: (metrics) => metrics.after.overStandardPersons,
  },
  {
    key: "averageMoveDistanceMeters",
    label: "平均搬迁距离",
    labelEn: "Average move distance",
    unit: "m",
    better: "lower",
    value: (metrics) => metrics.after.averageMoveDistanceMeters,
  },
  {
    key: "buildingsTouched",
    label: "涉及楼栋",
    labelEn: "Buildings touched",
    unit: "个",
    better: "lower",
    value: (metrics) => metrics.after.buildingsTouched,
  },
  {
    key: "unitsAffected",
    label: "涉及单位",
    labelEn: "Units affected",
    unit: "个",
    better: "lower",
    value: (metrics) => metrics.units.length,
  },
];

/** Index of the best value in the row's direction (the first on a tie); null when all are equal. */
export function bestIndex(values: readonly number[], better: ComparisonRow["better"]): number | null {
  if (values.length === 0 || values.every((value) => value === values[0])) return null;
  let best = 0;
  values.forEach((value, index) => {
    const current = values[best] as number;
    if (better === "higher" ? value > current : value < current) best = index;
  });
  return best;
}

/** One row per metric with each scenario's value after it is applied and the best of them marked. */
export function compareScenarios(scenarios: readonly ComparedScenario[]): ComparisonRow[] {
  return rows.map((row) => {
    const values = scenarios.map((scenario) => row.value(scenario.metrics));
    return {
      key: row.key,
      label: row.label,
      labelEn: row.labelEn,
      unit: row.unit,
      better: row.better,
      values,
      best: bestIndex(values, row.better),
    };
  });
}

/** Δ of each value against the first (the live ledger or the first scenario); the first's Δ is 0. */
export function deltasAgainstFirst(values: readonly number[]): number[] {
  const first = values[0] ?? 0;
  return values.map((value) => roundArea(value - first));
}

/** The live ledger as a column of the comparison: every total as it is before any scenario. */
export function liveLedger(metrics: ScenarioMetrics, name = "现状"): ComparedScenario {
  return {
    name,
    metrics: { before: metrics.before, after: metrics.before, units: [], flows: [], buildingChanges: [] },
  };
}
