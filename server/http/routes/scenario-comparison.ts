import { compareScenarios, deltasAgainstFirst } from "../../domain/scenarios/scenario-compare.js";
import type { ComparisonRow, ScenarioMetrics } from "../../domain/scenarios/scenario-model.js";
import { count, type TableColumn, text } from "../../domain/tables/table-columns.js";
import { tablesWorkbook } from "../table-workbook.js";

// GET /api/scenarios/compare and its XLSX: the engine's comparison rows (one per metric, the value per
// scenario and the index of the best) with the scenarios they compare.

export interface ComparedScenario {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly stale: boolean;
}

export interface Comparison<S extends ComparedScenario = ComparedScenario> {
  readonly scenarios: readonly S[];
  readonly metrics: readonly ComparisonRow[];
}

/** The comparison of scenarios given with their metrics, in the same order. */
export function comparisonOf<S extends ComparedScenario>(
  scenarios: readonly S[],
  metrics: readonly ScenarioMetrics[],
): Comparison<S> {
  return {
    scenarios,
    metrics: compareScenarios(
      scenarios.map((scenario, index) => ({
        name: scenario.name,
        metrics: metrics[index] as ScenarioMetrics,
      })),
    ),
  };
}

const betterLabels = { lower: "越低越好", higher: "越高越好" } as const;

/**
 * The comparison as a ledger sheet: metric, unit, one column per scenario, the difference of each
 * further scenario from the first (Δ), which is best and which way is better.
 */
export function comparisonWorkbook(comparison: Comparison, stamp: string): Promise<Uint8Array<ArrayBuffer>> {
  const { scenarios } = comparison;
  const columns: TableColumn[] = [
    text("label", "指标", "Metric"),
    text("unit", "单位", "Unit"),
    ...scenarios.map((scenario, index) => count(`value${index}`, scenario.name, scenario.name)),
    ...scenarios
      .slice(1)
      .map((scenario, index) =>
        count(`delta${index + 1}`, `Δ ${scenario.name} − ${scenarios[0]?.name ?? ""}`, `Δ vs first`),
      ),
    text("best", "最优方案", "Best"),
    text("better", "比较方向", "Better"),
  ];
  const rows = comparison.metrics.map((row) => {
    const cells: Record<string, unknown> = {
      label: row.label,
      unit: row.unit,
      best: row.best === null ? "相同" : (scenarios[row.best]?.name ?? ""),
      better: betterLabels[row.better],
    };
    const deltas = deltasAgainstFirst(row.values);
    row.values.forEach((value, index) => {
      cells[`value${index}`] = value;
      if (index > 0) cells[`delta${index}`] = deltas[index];
    });
    return cells;
  });
  return tablesWorkbook([
    {
      columns,
      rows,
      options: {
        title: "置换方案比选",
        subtitle: `（导出时间 ${stamp}（北京时间）；方案 ${scenarios.map((scenario) => `#${scenario.id}`).join("、")}）`,
        sheetName: "方案比选",
      },
    },
  ]);
}
