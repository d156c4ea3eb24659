// Bar charts of a comparison's key metrics (ECharts, imported piecemeal so only bars and a canvas load).

import { BarChart } from "echarts/charts";
import { GridComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { type ECharts, init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([BarChart, GridComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export interface BarChartSpec {
  readonly title: string;
  readonly categories: readonly string[];
  readonly values: readonly number[];
  /** Index of the best bar (drawn in green), or null. */
  readonly best: number | null;
  readonly format: (value: number) => string;
}

/** Draws one bar chart into the element (sized by CSS); dispose it when the element goes. */
export function drawBarChart(element: HTMLElement, spec: BarChartSpec): ECharts {
  const chart = init(element, undefined, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    title: { text: spec.title, left: "center", textStyle: { fontSize: 13, fontWeight: "normal" } },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      valueFormatter: (value: unknown) => spec.format(Number(value)),
    },
    xAxis: {
      type: "category",
      data: [...spec.categories],
      axisLabel: { interval: 0, width: 90, overflow: "truncate" },
    },
    yAxis: { type: "value", axisLabel: { formatter: (value: number) => spec.format(value) } },
    series: [
      {
        type: "bar",
        barMaxWidth: 36,
        data: spec.values.map((value, index) => ({
          value,
          itemStyle: { color: index === spec.best ? "#2e7d32" : "#2f6fab" },
        })),
        label: {
          show: true,
          position: "top",
          fontSize: 11,
          formatter: ({ value }: { value: unknown }) => spec.format(Number(value)),
        },
      },
    ],
  });
  return chart;
}
