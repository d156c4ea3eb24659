import { css, html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import type { ComparisonRow, ScenarioComparison } from "../api/scenario-types.js";
import { formatDistance } from "../i18n/messages.js";
import { saveBlob } from "../util/save-blob.js";
import { LocalizedElement } from "./localized-element.js";
import { scenarioStyles } from "./scenario.styles.js";
import { sharedStyles } from "./shared-styles.js";

/** The metrics charted, in order: what officials weigh first. */
const chartedKeys = ["rentSavedPerYear", "idleArea", "overStandardPersons", "averageMoveDistanceMeters"];

type Chart = {
  dispose(): void;
  getDataURL(options: { pixelRatio: number; backgroundColor: string }): string;
};

/**
 * Two or more scenarios compared: rows are metrics with their units, columns scenarios, each cell with
 * its difference to the first column and the best value marked; bar charts of the key metrics (ECharts,
 * loaded here); export to Excel and a printable sheet. Fires `compare-close` and `print-sheet`.
 */
export class FangtuScenarioCompare extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    ids: { attribute: false },
    comparison: { state: true },
  };
  static override styles = [
    sharedStyles,
    scenarioStyles,
    css`
      :host {
        overflow-y: auto;
        padding: 8px 16px 16px;
        box-sizing: border-box;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .head h2 {
        flex: 1;
      }
      .scroll {
        overflow-x: auto;
      }
      table.comparison td {
        white-space: nowrap;
      }
      table.comparison thead th {
        white-space: normal;
        min-width: 120px;
        max-width: 220px;
        vertical-align: bottom;
      }
      .delta {
        display: block;
        font-size: 11px;
        color: #6b7682;
      }
      .delta.ok {
        color: #2f7d32;
      }
      .delta.bad {
        color: #b42318;
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(300px, 1fr));
        gap: 12px;
        margin-top: 8px;
      }
      .chart {
        height: 240px;
        border: 1px solid #e4e8ec;
        border-radius: 4px;
      }
    `,
  ];

  ids: readonly number[] = [];
  comparison: ScenarioComparison | undefined;
  #charts: Chart[] = [];
  #request: AbortController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("ids")) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
    this.#disposeCharts();
  }

  async #load(): Promise<void> {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    this.comparison = undefined;
    try {
      const comparison = await api.compareScenarios(this.ids, controller.signal);
      if (controller.signal.aborted) return;
      this.comparison = comparison;
      await this.updateComplete;
      await this.#drawCharts(comparison);
    } catch (error) {
      this.reportError(error);
    }
  }

  #disposeCharts(): void {
    for (const chart of this.#charts) chart.dispose();
    this.#charts = [];
  }

  get #chartRows(): ComparisonRow[] {
    const rows = this.comparison?.metrics ?? [];
    const charted = chartedKeys.flatMap((key) => rows.filter((row) => row.key === key));
    return charted.length > 0 ? charted : rows.slice(0, 4);
  }

  async #drawCharts(comparison: ScenarioComparison): Promise<void> {
    const { drawBarChart } = await import("./scenario-charts.js");
    this.#disposeCharts();
    const names = comparison.scenarios.map((scenario, index) => `${index + 1}. ${scenario.name}`);
    const elements = this.renderRoot.querySelectorAll<HTMLElement>(".chart");
    this.#chartRows.forEach((row, index) => {
      const element = elements[index];
      if (!element) return;
      this.#charts.push(
        drawBarChart(element, {
          title: `${this.#label(row)}${row.unit ? `（${row.unit}）` : ""}`,
          categories: names,
          values: row.values,
          best: row.best,
          format: (value) => this.#format(row, value, false),
        }),
      );
    });
  }

  #label(row: ComparisonRow): string {
    return this.locale === "zh-CN" ? row.label : row.labelEn;
  }

  /** A value in the row's unit; `withUnit` false leaves the unit to the chart's title. */
  #format(row: ComparisonRow, value: number, withUnit = true): string {
    const number = (digits: number) =>
      new Intl.NumberFormat(this.locale, { maximumFractionDigits: digits }).format(value);
    switch (row.unit) {
      case "m²":
        return withUnit ? this.area(value) : number(0);
      case "元/年":
        return withUnit ? this.money(value) : number(0);
      case "m":
        return withUnit ? formatDistance(this.locale, value) : number(0);
      case "万元/年":
      case "个":
      case "人":
        return withUnit ? `${number(2)} ${row.unit}` : number(2);
      default:
        return number(2);
    }
  }

  #delta(row: ComparisonRow, index: number) {
    const first = row.values[0];
    const value = row.values[index];
    if (index === 0 || first === undefined || value === undefined) return nothing;
    const delta = value - first;
    const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
    const better = delta !== 0 && (row.better === "lower" ? delta < 0 : delta > 0);
    return html`<span class="delta ${delta === 0 ? "" : better ? "ok" : "bad"}">${this.t("compareDelta")} ${sign}${this.#format(row, Math.abs(delta))}</span>`;
  }

  #renderTable(comparison: ScenarioComparison) {
    return html`<table class="comparison">
      <thead>
        <tr>
          <th>${this.t("scenarioMetric")}</th>
          ${comparison.scenarios.map((scenario, index) => html`<th class="number">${index + 1}. ${scenario.name}${scenario.status ? html`<br /><span class="status status-${scenario.status}">${this.v("scenario_status", scenario.status)}</span>` : nothing}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${comparison.metrics.map(
          (row) => html`<tr data-metric=${row.key}>
            <td>${this.#label(row)}${row.unit ? html` <span class="muted">（${row.unit}）</span>` : nothing}</td>
            ${row.values.map(
              (value, index) => html`<td class="number ${row.best === index ? "best" : ""}">
                ${this.#format(row, value)}${row.best === index ? html` <span title=${this.t("compareBest")}>★</span>` : nothing}
                ${this.#delta(row, index)}
              </td>`,
            )}
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  async #export(): Promise<void> {
    try {
      const { blob, filename } = await api.download(api.compareScenariosXlsxUrl(this.ids));
      saveBlob(blob, filename);
    } catch (error) {
      this.reportError(error);
    }
  }

  #print(comparison: ScenarioComparison): void {
    const images = this.#charts.map((chart) => chart.getDataURL({ pixelRatio: 2, backgroundColor: "#fff" }));
    this.emit(
      "print-sheet",
      html`<h1>${this.t("comparePrintTitle")}</h1>
        <p>${this.t("printedAt")}：${new Date().toLocaleString(this.locale)}</p>
        ${this.#renderTable(comparison)}
        <div class="print-charts">${images.map((src) => html`<img src=${src} alt="" />`)}</div>
        <p class="muted">${this.t("demoNotice")}</p>`,
    );
  }

  override render() {
    const comparison = this.comparison;
    return html`<div class="head">
        <h2>${this.t("compareHeading")}</h2>
        <button type="button" class="tool export-xlsx" ?disabled=${!comparison} @click=${this.#export}>${this.t("compareExport")}</button>
        <button type="button" class="tool print" ?disabled=${!comparison} @click=${() => comparison && this.#print(comparison)}>${this.t("comparePrint")}</button>
        <button type="button" class="tool close-compare" @click=${() => this.emit("compare-close", undefined)}>${this.t("compareClose")}</button>
      </div>
      ${
        comparison
          ? html`<div class="scroll">${this.#renderTable(comparison)}</div>
              <h3>${this.t("compareCharts")}</h3>
              <div class="charts">${this.#chartRows.map(() => html`<div class="chart"></div>`)}</div>`
          : html`<div class="progress" role="progressbar" aria-label=${this.t("compareLoading")}></div>
              <p class="muted">${this.t("compareLoading")}</p>`
      }`;
  }
}

customElements.define("fangtu-scenario-compare", FangtuScenarioCompare);
