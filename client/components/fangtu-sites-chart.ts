import type { ECharts } from "echarts/core";
import { css, html, nothing } from "lit";
import type { AllocationPlans, CandidateUnit } from "../api/types.js";
import { candidateSites, planSites, sitesScatterOption } from "../charts/sites-scatter.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

/**
 * Sites per unit before and after moving into the district (ECharts scatter): the analysis's
 * candidates, and the units of a chosen plan once plans exist. ECharts loads with the first chart.
 */
export class FangtuSitesChart extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    candidates: { attribute: false },
    plans: { attribute: false },
    planIndex: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .chart {
        height: 230px;
      }
      label {
        display: flex;
        gap: 6px;
        align-items: center;
        font-size: 12px;
      }
    `,
  ];

  candidates: readonly CandidateUnit[] = [];
  plans: AllocationPlans | undefined;
  planIndex = 0;
  #chart: ECharts | undefined;
  #resize: ResizeObserver | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("plans")) this.planIndex = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize?.disconnect();
    this.#chart?.dispose();
    this.#chart = undefined;
  }

  override async updated(): Promise<void> {
    const container = this.renderRoot.querySelector<HTMLDivElement>(".chart");
    if (!container) return;
    try {
      if (!this.#chart) {
        const { init } = await import("../charts/echarts-runtime.js");
        if (this.#chart || !this.isConnected) return;
        this.#chart = init(container, undefined, { renderer: "canvas" });
        this.#resize = new ResizeObserver(() => this.#chart?.resize());
        this.#resize.observe(container);
      }
      const plan = this.plans?.plans[this.planIndex];
      const series = [{ name: this.t("zoneSitesCandidates"), points: candidateSites(this.candidates) }];
      if (plan)
        series.push({
          name: this.t("zoneSitesPlan", { name: this.v("plan_objective", plan.objective) }),
          points: planSites(this.candidates, plan),
        });
      this.#chart.setOption(
        sitesScatterOption(series, {
          before: this.t("zoneSitesBefore"),
          after: this.t("zoneSitesAfter"),
          unchanged: this.t("zoneSitesUnchanged"),
        }),
        true,
      );
    } catch (error) {
      this.reportError(error);
    }
  }

  override render() {
    const plans = this.plans?.plans ?? [];
    return html`<h3>${this.t("zoneSitesChart")}</h3>
      ${
        plans.length > 0
          ? html`<label>${this.t("plansHeading")}
              <select name="plan" @change=${(event: Event) => (this.planIndex = Number((event.target as HTMLSelectElement).value))}>
                ${plans.map((plan, index) => html`<option value=${index} ?selected=${index === this.planIndex}>${this.v("plan_objective", plan.objective)}</option>`)}
              </select>
            </label>`
          : nothing
      }
      <div class="chart sites-chart" role="img" aria-label=${this.t("zoneSitesChart")}></div>`;
  }
}

customElements.define("fangtu-sites-chart", FangtuSitesChart);
