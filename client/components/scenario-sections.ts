// Sections of the scenario detail: the map legend, validation (issues and equal-area swaps), metrics
// before → after and the units' area changes. Render helpers over a localized element.

import { html, nothing } from "lit";
import type { ScenarioMetrics, ValidationResult } from "../api/scenario-types.js";
import { formatDistance } from "../i18n/messages.js";
import { actionCss, changeColors } from "../map/scenario-colors.js";
import type { BuildingChange, FlowArc } from "../state/scenario-view.js";
import { improves, type TotalFormat, totalRows, totalValue } from "../state/scenario-view.js";
import type { LocalizedElement } from "./localized-element.js";

/** The actions whose arc colours the legend explains. */
const legendKinds = ["move", "swap", "chain", "vacate", "allocate"] as const;

/** A value in its unit: m², 万元, m/km, a count, or a ratio to two decimals. */
export function formatTotal(element: LocalizedElement, format: TotalFormat, value: number): string {
  switch (format) {
    case "area":
      return element.area(value);
    case "money":
      return element.money(value);
    case "distance":
      return formatDistance(element.locale, value);
    case "count":
      return element.count(value);
    case "ratio":
      return new Intl.NumberFormat(element.locale, { maximumFractionDigits: 2 }).format(value);
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

/** Tooltip lines of the scenario layers on a map: an arc (unit, action, area, distance), a changed building. */
export function scenarioDescriber(element: LocalizedElement) {
  return {
    arc: (arc: FlowArc): string[] => [
      arc.unitName,
      element.t("tooltipFlowAction", { index: arc.action + 1, kind: element.v("scenario_action", arc.kind) }),
      element.t("tooltipFlow", {
        area: element.area(arc.area),
        distance: formatDistance(element.locale, arc.distanceMeters),
      }),
    ],
    building: (change: BuildingChange): string[] => [
      change.name ?? `#${change.buildingId}`,
      element.t("tooltipOccupiedDelta", {
        delta: `${change.occupiedDelta > 0 ? "+" : ""}${element.area(change.occupiedDelta)}`,
      }),
      ...(change.emptied ? [element.t("tooltipEmptied")] : []),
    ],
  };
}

export function renderLegend(element: LocalizedElement) {
  return html`<div class="legend" aria-label=${element.t("legend")}>
    <span class="muted">${element.t("legendArcs")}</span>
    ${legendKinds.map(
      (kind) =>
        html`<span><span class="swatch-line" style="background:${actionCss(kind)}"></span>${element.v("scenario_action", kind)}</span>`,
    )}
    <span><span class="swatch" style="background:${changeColors.gained}"></span>${element.t("legendGained")}</span>
    <span><span class="swatch" style="background:${changeColors.lost}"></span>${element.t("legendLost")}</span>
    <span><span class="swatch" style="background:${changeColors.exchanged}"></span>${element.t("legendExchanged")}</span>
    <span><span class="swatch" style="background:${changeColors.emptied}"></span>${element.t("legendEmptied")}</span>
  </div>`;
}

export function renderValidation(element: LocalizedElement, validation: ValidationResult) {
  const t = element.t.bind(element);
  const errors = validation.issues.filter((issue) => issue.severity === "error").length;
  return html`<p class="validation-result ${validation.valid ? "ok" : "bad"}" role="status">
      ${validation.valid ? `✓ ${t("scenarioValid")}` : `✗ ${t("scenarioInvalid", { count: errors })}`}
    </p>
    ${
      validation.issues.length > 0
        ? html`<h3>${t("scenarioIssues")}</h3>
          <ul class="plain issues">
            ${validation.issues.map(
              (
                issue,
              ) => html`<li class=${issue.severity === "error" ? "bad" : "muted"} data-code=${issue.code}>
                ${t(issue.severity === "error" ? "severityError" : "severityWarning")} ·
                ${t("scenarioIssueAction", { index: issue.action + 1 })}：${element.locale === "zh-CN" ? issue.messageZh : issue.message}
              </li>`,
            )}
          </ul>`
        : html`<p class="empty">${t("scenarioNoIssues")}</p>`
    }
    ${
      validation.swaps.length > 0
        ? html`<h3>${t("scenarioSwaps")}</h3>
          <table class="compact swaps">
            <thead><tr>
              <th>#</th><th class="number">${t("scenarioSwapSideA")}</th><th class="number">${t("scenarioSwapSideB")}</th>
              <th class="number">${t("scenarioSwapDifference")}</th><th class="number">${t("scenarioSwapTolerance")}</th><th></th>
            </tr></thead>
            <tbody>
              ${validation.swaps.map(
                (swap) => html`<tr>
                  <td>${swap.action + 1}${swap.party === undefined ? "" : `.${swap.party + 1}`}</td>
                  <td class="number">${element.area(swap.areaA)}</td>
                  <td class="number">${element.area(swap.areaB)}</td>
                  <td class="number">${element.area(swap.difference)}</td>
                  <td class="number">${(swap.tolerance * 100).toFixed(1)}%</td>
                  <td class=${swap.withinTolerance ? "ok" : "bad"}>${swap.withinTolerance ? "✓" : "✗"}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : nothing
    }`;
}

export function renderMetrics(element: LocalizedElement, metrics: ScenarioMetrics) {
  return html`<table class="compact metrics">
    <thead><tr>
      <th>${element.t("scenarioMetric")}</th>
      <th class="number">${element.t("scenarioBefore")}</th>
      <th class="number">${element.t("scenarioAfter")}</th>
    </tr></thead>
    <tbody>
      ${totalRows.map((row) => {
        const before = totalValue(metrics.before, row.key);
        const after = totalValue(metrics.after, row.key);
        return html`<tr data-metric=${row.key}>
          <td>${element.t(row.label)}</td>
          <td class="number">${formatTotal(element, row.format, before)}</td>
          <td class="number ${improves(row, before, after) ? "best" : ""}">${formatTotal(element, row.format, after)}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

export function renderUnitChanges(element: LocalizedElement, metrics: ScenarioMetrics) {
  const units = metrics.units.filter((unit) => unit.areaBefore !== unit.areaAfter);
  if (units.length === 0) return nothing;
  const gap = (value: number | null) => (value === null ? "—" : element.area(value));
  return html`<details class="unit-changes">
    <summary>${element.t("scenarioUnitChanges")}（${units.length}）</summary>
    <table class="compact">
      <thead><tr>
        <th>${element.t("unit")}</th>
        <th class="number">${element.t("scenarioBefore")} → ${element.t("scenarioAfter")}</th>
        <th class="number">${element.t("scenarioGap")}</th>
      </tr></thead>
      <tbody>
        ${units.map(
          (unit) => html`<tr>
            <td>${unit.name}</td>
            <td class="number">${element.area(unit.areaBefore)} → ${element.area(unit.areaAfter)}</td>
            <td class="number">${gap(unit.gapBefore)} → ${gap(unit.gapAfter)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </details>`;
}
