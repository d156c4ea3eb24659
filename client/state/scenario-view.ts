// What the scenario panel, the compare view and the split maps derive from a scenario: readable action
// labels, the arcs of its moves, the buildings it changes. Pure functions over the API's answers.

import type {
  MoveFlow,
  ScenarioAction,
  ScenarioActionKind,
  ScenarioBuildingRef,
  ScenarioDetail,
  ScenarioMetrics,
  ScenarioNames,
  ScenarioTotals,
  SpaceSelector,
} from "../api/scenario-types.js";
import { formatArea, type Locale, type MessageKey, translate, vocabulary } from "../i18n/messages.js";

/** A move flow with what its arc needs to be drawn and described. */
export interface FlowArc extends MoveFlow {
  readonly kind: ScenarioActionKind;
  readonly unitName: string;
}

/** A building's change in a scenario: occupied m² gained (+) or given up (−), and whether it empties. */
export interface BuildingChange {
  readonly buildingId: number;
  readonly occupiedDelta: number;
  readonly emptied: boolean;
  /** Known when the API named the building: its name and footprint centre [lng, lat]. */
  readonly name?: string;
  readonly center?: readonly [number, number];
}

const unitName = (names: ScenarioNames, id: number) => names.units[String(id)] ?? `#${id}`;
const buildingName = (names: ScenarioNames, id: number) => names.buildings[String(id)] ?? `#${id}`;

function space(locale: Locale, names: ScenarioNames, selector: SpaceSelector): string {
  const unit = unitName(names, selector.unitId);
  const buildings = selector.buildingIds?.map((id) => buildingName(names, id)) ?? [];
  const rooms = selector.roomIds?.length ?? 0;
  const parts = [
    ...buildings,
    ...(rooms > 0 ? [locale === "zh-CN" ? `${rooms} 间房` : `${rooms} rooms`] : []),
  ];
  if (parts.length === 0) return unit;
  return locale === "zh-CN" ? `${unit}（${parts.join("、")}）` : `${unit} (${parts.join(", ")})`;
}

/** One line saying what an action does, in the locale: "置换：甲（楼A）⇄ 乙（楼B）". */
export function actionLabel(locale: Locale, names: ScenarioNames, action: ScenarioAction): string {
  const kind = vocabulary(locale, "scenario_action", action.kind);
  const detail = (() => {
    switch (action.kind) {
      case "move":
        return `${space(locale, names, action.from)} → ${buildingName(names, action.to.buildingId)}`;
      case "swap":
        return `${space(locale, names, action.a)} ⇄ ${space(locale, names, action.b)}`;
      case "chain":
        return action.parties.map((party) => space(locale, names, party)).join(" → ");
      case "vacate":
        return space(locale, names, action.space);
      case "lease_in":
        return `${unitName(names, action.unitId)} · ${action.name} · ${formatArea(locale, action.grossArea)}`;
      case "end_lease":
        return `#${action.leaseId}`;
      case "convert":
        return `${buildingName(names, action.buildingId)} → ${action.targetUse}`;
      case "dispose":
        return `${buildingName(names, action.buildingId)} · ${action.method}`;
      case "allocate":
        return action.assignments
          .map((entry) => `${unitName(names, entry.unitId)} → ${buildingName(names, entry.buildingId)}`)
          .join("；");
      default: {
        const unreachable: never = action;
        return unreachable;
      }
    }
  })();
  return locale === "zh-CN" ? `${kind}：${detail}` : `${kind}: ${detail}`;
}

/** The moves of a scenario as arcs: each flow with its action's kind and its unit's name. */
export function flowArcs(detail: Pick<ScenarioDetail, "scenario" | "names" | "metrics">): FlowArc[] {
  const flows = detail.metrics?.flows ?? [];
  return flows
    .filter((flow) => flow.from[0] !== flow.to[0] || flow.from[1] !== flow.to[1])
    .map((flow) => ({
      ...flow,
      kind: detail.scenario.actions[flow.action]?.kind ?? "move",
      unitName: detail.names.units[String(flow.unitId)] ?? `#${flow.unitId}`,
    }));
}

/** Buildings whose occupancy the scenario changes, and which of them it empties (disposal candidates). */
export function buildingChanges(
  metrics: ScenarioMetrics | null,
  buildings: readonly ScenarioBuildingRef[],
): BuildingChange[] {
  if (!metrics) return [];
  const emptied = new Set(metrics.after.buildingsEmptied);
  const known = new Map(buildings.map((building) => [building.id, building]));
  return metrics.buildingChanges.map((change) => {
    const building = known.get(change.buildingId);
    return {
      buildingId: change.buildingId,
      occupiedDelta: change.occupiedDelta,
      emptied: emptied.has(change.buildingId),
      ...(building ? { name: building.name, center: building.center } : {}),
    };
  });
}

export type TotalFormat = "area" | "money" | "distance" | "count" | "ratio";

/** The scenario totals shown before → after, with the direction that is better. */
export interface TotalRow {
  readonly key: Exclude<keyof ScenarioTotals, "buildingsEmptied"> | "buildingsEmptied";
  readonly label: MessageKey;
  readonly format: TotalFormat;
  readonly better: "lower" | "higher";
}

export const totalRows: readonly TotalRow[] = [
  { key: "idleArea", label: "metricIdleArea", format: "area", better: "lower" },
  { key: "annualRentOutside", label: "metricRentOutside", format: "money", better: "lower" },
  { key: "rentSavedPerYear", label: "metricRentSaved", format: "money", better: "higher" },
  { key: "sitesPerUnit", label: "metricSitesPerUnit", format: "ratio", better: "lower" },
  { key: "unitsRentingOutside", label: "metricUnitsRenting", format: "count", better: "lower" },
  { key: "overStandardUnits", label: "metricOverUnits", format: "count", better: "lower" },
  { key: "overStandardPersons", label: "metricOverPersons", format: "count", better: "lower" },
  { key: "buildingsEmptied", label: "metricBuildingsEmptied", format: "count", better: "higher" },
  { key: "averageMoveDistanceMeters", label: "metricAverageDistance", format: "distance", better: "lower" },
  { key: "buildingsTouched", label: "metricBuildingsTouched", format: "count", better: "lower" },
];

/** A total as a number (the list of emptied buildings counts). */
export function totalValue(totals: ScenarioTotals, key: TotalRow["key"]): number {
  const value = totals[key];
  return typeof value === "number" ? value : value.length;
}

/** Whether `after` improves on `before` for a row (equal is neither). */
export function improves(row: Pick<TotalRow, "better">, before: number, after: number): boolean {
  return row.better === "lower" ? after < before : after > before;
}

/** The confirmation text of applying a scenario: what will be written, counted. */
export function applySummary(locale: Locale, detail: ScenarioDetail): string {
  const units = new Set(
    detail.metrics?.units.filter((unit) => unit.areaBefore !== unit.areaAfter).map((u) => u.unitId),
  );
  return translate(locale, "scenarioApplyConfirm", {
    name: detail.scenario.name,
    actions: detail.scenario.actions.length,
    units: units.size,
    buildings: detail.metrics?.buildingChanges.length ?? 0,
  });
}

/**
 * The extent of a scenario's arcs and of the changed buildings with a known centre, [west, south, east,
 * north], to frame them on the map.
 */
export function scenarioBounds(
  arcs: readonly FlowArc[],
  changes: readonly BuildingChange[] = [],
): [number, number, number, number] | undefined {
  const points = [
    ...arcs.flatMap((arc) => [arc.from, arc.to]),
    ...changes.flatMap((change) => (change.center ? [change.center] : [])),
  ];
  if (points.length === 0) return undefined;
  const lngs = points.map((point) => point[0]);
  const lats = points.map((point) => point[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}

const changedNouns: Record<string, MessageKey> = {
  rooms: "changedRoom",
  buildings: "changedBuilding",
  leases_in: "changedLease",
};

/**
 * One line of a 409 on applying, in the locale: the server's detail names the row (`rooms.123`) and the
 * versions at validation and now ("version 3 → 4"), or says the row no longer exists.
 */
export function conflictLine(locale: Locale, change: { path: string; message: string }): string {
  const [table = "", id = ""] = change.path.split(".");
  const noun = changedNouns[table];
  if (!noun) return change.message;
  const versions = /version (\d+) → (\d+)/.exec(change.message);
  const what = translate(locale, noun, { id });
  if (versions)
    return translate(locale, "changedVersion", { what, from: versions[1] ?? "", to: versions[2] ?? "" });
  return translate(locale, "changedGone", { what });
}
