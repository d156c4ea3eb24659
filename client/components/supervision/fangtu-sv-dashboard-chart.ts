import type { ECharts, EChartsCoreOption } from "echarts/core";
import { css, html } from "lit";
import { LocalizedElement } from "../localized-element.js";

/** What a click on a chart says: the category (x) index and the series (stack) it hit. */
export interface DashboardChartClick {
  dataIndex: number;
  seriesIndex: number;
}

/**
 * One ECharts chart of the dashboard: it draws the `option` it is given (built by the pure functions of
 * sv-dashboard-chart-options.ts) and tells its parent which bar or point was clicked (`chart-click`).
 */
export class FangtuSvDashboardChart extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    option: { attribute: false },
    label: { type: String },
  };
  static override styles = css`
    :host {
      display: block;
    }
    .chart {
      height: 100%;
      min-height: 220px;
    }
  `;

  option: EChartsCoreOption | undefined;
  label = "";
  #chart: ECharts | undefined;
  #resize: ResizeObserver | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#chart?.dispose();
    this.#chart = undefined;
  }

  override async updated(): Promise<void> {
    const container = this.renderRoot.querySelector<HTMLDivElement>(".chart");
    if (!container || !this.option) return;
    try {
      if (!this.#chart) {
        const { init } = await import("./sv-dashboard-echarts.js");
        if (this.#chart || !this.isConnected) return;
        this.#chart = init(container, undefined, { renderer: "canvas" });
        this.#chart.on("click", (params) =>
          this.emit<DashboardChartClick>("chart-click", {
            dataIndex: Number((params as { dataIndex?: number }).dataIndex ?? -1),
            seriesIndex: Number((params as { seriesIndex?: number }).seriesIndex ?? 0),
          }),
        );
        this.#resize = new ResizeObserver(() => this.#chart?.resize());
        this.#resize.observe(container);
      }
      this.#chart.setOption(this.option, true);
      this.dataset.ready = "true";
    } catch (error) {
      this.reportError(error);
    }
  }

  override render() {
    return html`<div class="chart" role="img" aria-label=${this.label}></div>`;
  }
}

customElements.define("fangtu-sv-dashboard-chart", FangtuSvDashboardChart);
