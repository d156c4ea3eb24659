import { css, html, nothing } from "lit";
import type { AllocationPlans } from "../api/types.js";
import { formatDistance } from "../i18n/messages.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

/**
 * The optimiser's allocation plans for a district side by side (lowest cost, least disruption, most
 * consolidation, the greedy baseline): their metrics with the best of each row in bold, the
 * optimality gap, and each plan's assignments; or why no plan is feasible.
 */
export class FangtuZonePlans extends LocalizedElement {
  static override properties = { ...LocalizedElement.properties, result: { attribute: false } };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .scroll {
        max-height: 260px;
        overflow-y: auto;
      }
      .balance-short {
        color: #b42318;
      }
      .best {
        font-weight: bold;
      }
    `,
  ];

  result: AllocationPlans | undefined;

  override render() {
    const result = this.result;
    if (!result) return nothing;
    if (result.plans.length === 0 && result.infeasible)
      return html`<p class="balance-short" role="status">${this.t("planInfeasible", { message: result.infeasible.message })}</p>`;
    const plans = result.plans;
    const rows: Array<
      [string, (plan: (typeof plans)[number]) => number, (value: number) => string, "max" | "min"]
    > = [
      [this.t("planUnitsHoused"), (plan) => plan.metrics.unitsHoused, (value) => this.count(value), "max"],
      [this.t("planArea"), (plan) => plan.metrics.areaAllocated, (value) => this.area(value), "max"],
      [this.t("planRentSaved"), (plan) => plan.metrics.rentSavedPerYear, (value) => this.money(value), "max"],
      [
        this.t("planDistance"),
        (plan) => plan.metrics.averageMoveDistanceMeters,
        (value) => formatDistance(this.locale, value),
        "min",
      ],
      [this.t("planBuildings"), (plan) => plan.metrics.buildingsUsed, (value) => this.count(value), "min"],
      [this.t("planSites"), (plan) => plan.metrics.sitesAfter, (value) => this.count(value), "min"],
    ];
    return html`${result.infeasible ? html`<p class="balance-short">${this.t("planInfeasible", { message: result.infeasible.message })}</p>` : nothing}
      <div class="scroll">
        <table class="compact plans">
          <thead>
            <tr><th></th>${plans.map((plan) => html`<th class="number">${this.v("plan_objective", plan.objective)}</th>`)}</tr>
          </thead>
          <tbody>
            ${rows.map(([label, value, format, better]) => {
              const values = plans.map(value);
              const best = better === "max" ? Math.max(...values) : Math.min(...values);
              return html`<tr>
                <td>${label}</td>
                ${values.map((entry) => html`<td class="number ${entry === best ? "best" : ""}">${format(entry)}</td>`)}
              </tr>`;
            })}
            <tr>
              <td>${this.t("planGap")}</td>
              ${plans.map((plan) => html`<td class="number">${plan.gap === null ? "—" : `${(plan.gap * 100).toFixed(2)}%`}</td>`)}
            </tr>
          </tbody>
        </table>
      </div>
      ${plans.map(
        (plan) => html`<details class="plan">
          <summary>${this.v("plan_objective", plan.objective)} · ${this.t("planAssignments")}（${plan.assignments.length}）</summary>
          <ul class="plain">
            ${plan.assignments.map((assignment) => html`<li>${assignment.unitName} → ${assignment.buildingName} · ${this.area(assignment.area)}</li>`)}
          </ul>
        </details>`,
      )}`;
  }
}

customElements.define("fangtu-zone-plans", FangtuZonePlans);
