import type { BarSeriesOption, LineSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";

export type DashboardChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

const ink = "#1f2933";
const axis = { axisLabel: { color: ink, fontSize: 11 } };

/** One bar per child region for the chosen figure; clicking a bar drills into that child. */
export function childrenBarOption(
  names: readonly string[],
  values: readonly number[],
  seriesName: string,
  format: (value: number) => string,
): DashboardChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", valueFormatter: (value) => format(Number(value)) },
    xAxis: {
      type: "category",
      data: [...names],
      ...axis,
      axisLabel: { ...axis.axisLabel, interval: 0, rotate: 35 },
    },
    yAxis: { type: "value", ...axis },
    series: [
      {
        type: "bar",
        name: seriesName,
        data: [...values],
        itemStyle: { color: "#2f6fab" },
        cursor: "pointer",
      },
    ],
  };
}

/** The idle area at each snapshot (a line); demo snapshots are drawn hollow. */
export function trendLineOption(
  points: ReadonlyArray<{ date: string; value: number; demo: boolean }>,
  seriesName: string,
  format: (value: number) => string,
): DashboardChartOption {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", valueFormatter: (value) => format(Number(value)) },
    xAxis: { type: "category", data: points.map((point) => point.date), ...axis },
    yAxis: { type: "value", scale: true, ...axis },
    series: [
      {
        type: "line",
        name: seriesName,
        data: points.map((point) => ({
          value: point.value,
          symbol: point.demo ? "emptyCircle" : "circle",
        })),
        symbolSize: 7,
        itemStyle: { color: "#c2410c" },
      },
    ],
  };
}

/** Findings per status (x), stacked by age bucket; a click opens the ledger filtered by both. */
export function findingsStackOption(
  statuses: readonly string[],
  ages: ReadonlyArray<{ name: string; counts: readonly number[] }>,
): DashboardChartOption {
  const colors = ["#93c5fd", "#f59e0b", "#b91c1c"];
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: ink, fontSize: 11 } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: [...statuses], ...axis },
    yAxis: { type: "value", minInterval: 1, ...axis },
    series: ages.map((age, index) => ({
      type: "bar",
      name: age.name,
      stack: "age",
      data: [...age.counts],
      itemStyle: { color: colors[index % colors.length] },
      cursor: "pointer",
    })),
  };
}
