import type { ScatterSeriesOption } from "echarts/charts";
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from "echarts/components";
import type { ComposeOption } from "echarts/core";
import type { AllocationPlan, CandidateUnit } from "../api/types.js";

export type SitesOption = ComposeOption<
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

/** One unit's number of sites (院落/楼宇 it works from) before and after moving into the district. */
export interface SitesPoint {
  readonly name: string;
  readonly before: number;
  readonly after: number;
}

/** Units sharing the same (before, after): one dot, sized by how many, its tooltip naming them all. */
export interface SitesGroup {
  readonly before: number;
  readonly after: number;
  readonly names: readonly string[];
}

export interface SitesLabels {
  readonly before: string;
  readonly after: string;
  readonly unchanged: string;
}

/** The analysis's candidates as points: sites before, and after moving in as the analysis assumes. */
export function candidateSites(candidates: readonly CandidateUnit[]): SitesPoint[] {
  return candidates.map((unit) => ({ name: unit.name, before: unit.sitesBefore, after: unit.sitesAfter }));
}

/**
 * A plan's units as points: sites before from the analysis, after = the distinct buildings the plan
 * puts the unit in (the plan moves the unit wholly, as the optimiser's sitesAfter metric counts).
 */
export function planSites(candidates: readonly CandidateUnit[], plan: AllocationPlan): SitesPoint[] {
  const buildings = new Map<number, Set<number>>();
  for (const assignment of plan.assignments)
    buildings.set(
      assignment.unitId,
      (buildings.get(assignment.unitId) ?? new Set()).add(assignment.buildingId),
    );
  return candidates.flatMap((unit) => {
    const used = buildings.get(unit.unitId);
    return used ? [{ name: unit.name, before: unit.sitesBefore, after: used.size }] : [];
  });
}

/** Points grouped by position, in a stable order (before, then after). */
export function groupSites(points: readonly SitesPoint[]): SitesGroup[] {
  const groups = new Map<string, { before: number; after: number; names: string[] }>();
  for (const point of points) {
    const key = `${point.before}:${point.after}`;
    const group = groups.get(key) ?? { before: point.before, after: point.after, names: [] };
    group.names.push(point.name);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.before - b.before || a.after - b.after);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/**
 * The sites-per-unit scatter: x = sites before, y = sites after, one dot per (before, after) and
 * series, the diagonal y = x as the "no change" line (dots below it are units brought together).
 */
export function sitesScatterOption(
  series: ReadonlyArray<{ name: string; points: readonly SitesPoint[] }>,
  labels: SitesLabels,
): SitesOption {
  const top =
    Math.max(2, ...series.flatMap((entry) => entry.points.flatMap((point) => [point.before, point.after]))) +
    1;
  const axis = (name: string) => ({
    type: "value" as const,
    name,
    nameLocation: "middle" as const,
    nameGap: 24,
    min: 0,
    max: top,
    minInterval: 1,
  });
  return {
    animation: false,
    grid: { left: 44, right: 16, top: 30, bottom: 40 },
    legend: { top: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: "item",
      formatter: (params) => {
        const { data } = params as unknown as { data: { value: [number, number]; names: string[] } };
        const [before, after] = data.value;
        return `${labels.before} ${before} → ${labels.after} ${after}<br/>${data.names.map(escapeHtml).join("<br/>")}`;
      },
    },
    xAxis: axis(labels.before),
    yAxis: { ...axis(labels.after), nameGap: 28 },
    series: series.map((entry, index) => ({
      type: "scatter" as const,
      name: entry.name,
      symbol: index === 0 ? "circle" : "diamond",
      itemStyle: { opacity: index === 0 ? 0.75 : 0.9 },
      data: groupSites(entry.points).map((group) => ({
        value: [group.before, group.after],
        names: [...group.names],
        symbolSize: 8 + 4 * Math.sqrt(group.names.length),
      })),
      ...(index === 0
        ? {
            markLine: {
              silent: true,
              symbol: "none",
              lineStyle: { type: "dashed" as const, color: "#8a97a5" },
              label: { formatter: labels.unchanged, position: "insideEndTop" as const, fontSize: 11 },
              data: [[{ coord: [0, 0] }, { coord: [top, top] }]],
            },
          }
        : {}),
    })),
  };
}
