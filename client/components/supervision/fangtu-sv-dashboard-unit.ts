import { html, nothing } from "lit";
import { type DashboardUnitDetail, dashboardApi } from "../../api/sv-dashboard.js";
import type { MessageKey } from "../../i18n/messages.js";
import { LocalizedElement } from "../localized-element.js";
import { sharedStyles } from "../shared-styles.js";
import type { SupervisionNavigation } from "./fangtu-supervision.js";
import { queryString } from "./supervision-tab.js";
import { dashboardStyles } from "./sv-dashboard.styles.js";
import { findingStatusOrder } from "./sv-dashboard-figures.js";

const categories = ["office", "service", "equipment", "ancillary", "technical"] as const;

/**
 * The bottom of the drill-down (`unit=` in the tab's link): a unit's usable area by use category, its
 * entitlement against actual use, its leases in and its findings by status (each a link to the ledger).
 */
export class FangtuSvDashboardUnit extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    unitId: { attribute: false },
    detail: { state: true },
  };
  static override styles = [sharedStyles, dashboardStyles];

  unitId = 0;
  detail: DashboardUnitDetail | undefined;
  #loaded = 0;
  #abort: AbortController | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  override willUpdate(): void {
    if (this.unitId === this.#loaded || this.unitId <= 0) return;
    this.#loaded = this.unitId;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.detail = undefined;
    dashboardApi
      .unit(this.unitId, abort.signal)
      .then((detail) => {
        if (!abort.signal.aborted) this.detail = detail;
      })
      .catch((error: unknown) => this.reportError(error));
  }

  #findings(filter: Record<string, string | number>): void {
    this.emit<SupervisionNavigation>("supervision-navigate", {
      tab: "findings",
      query: queryString({ unit: this.unitId, ...filter }),
    });
  }

  override render() {
    const detail = this.detail;
    if (!detail)
      return html`<div class="progress" role="progressbar" aria-label=${this.t("svd_loading")}></div>`;
    const count = (status: string) =>
      detail.findings.cells
        .filter((cell) => cell.status === status)
        .reduce((sum, cell) => sum + cell.count, 0);
    return html`<section class="dashboard-unit" data-unit=${detail.unit.id}>
      <div class="top">
        <h3>${detail.unit.name} · ${detail.unit.regionName ?? detail.unit.regionCode}</h3>
        <span class="spacer"></span>
        <button type="button" class="tool open-record no-print"
          @click=${() => this.emit("dashboard-open-record", { kind: "unit", id: detail.unit.id, center: null })}>${this.t("svd_openInWorkbench")}</button>
        <button type="button" class="tool back no-print" @click=${() => this.emit("unit-back", undefined)}>${this.t("svd_back")}</button>
      </div>
      <div class="panels">
        <section class="panel">
          <h3>${this.t("svd_areaByCategory")}</h3>
          <dl class="areas">
            ${categories.map((category) => html`<dt>${this.t(`svd_cat_${category}`)}</dt><dd data-category=${category}>${this.area(detail.areaByCategory[category], 2)}</dd>`)}
          </dl>
        </section>
        <section class="panel">
          <h3>${this.t("svd_entitlement")}</h3>
          ${this.#renderEntitlement(detail)}
        </section>
        <section class="panel">
          <h3>${this.t("svd_leases")}</h3>
          ${
            detail.leases.length === 0
              ? html`<p class="empty">${this.t("svd_leasesNone")}</p>`
              : html`<table class="compact"><tbody>
                  ${detail.leases.map(
                    (
                      lease,
                    ) => html`<tr><td>${lease.name}</td><td class="number">${this.area(lease.grossArea)}</td>
                      <td class="number">${this.money(lease.annualRent)}</td><td>${lease.startsOn}–${lease.endsOn}</td></tr>`,
                  )}
                </tbody></table>`
          }
        </section>
        <section class="panel">
          <h3>${this.t("svd_findings")}</h3>
          <dl class="findings">
            ${findingStatusOrder.map(
              (status) => html`<dt>${this.t(`svd_status_${status}`)}</dt>
                <dd><button type="button" class="number" data-status=${status} @click=${() => this.#findings({ status })}>${this.count(count(status))}</button></dd>`,
            )}
            <dt>${this.t("svd_overdueFindings")}</dt>
            <dd><button type="button" class="number" data-status="overdue" @click=${() => this.#findings({ overdue: 1 })}>${this.count(detail.findings.overdue)}</button></dd>
          </dl>
        </section>
      </div>
    </section>`;
  }

  #renderEntitlement(detail: DashboardUnitDetail) {
    const e = detail.entitlement;
    if (!e) return html`<p class="empty">${this.t("svd_entitlementNone")}</p>`;
    const signed = (value: number) => `${value > 0 ? "+" : ""}${this.area(value, 2)}`;
    return html`<p>${this.t("svd_standardStatus")}：<strong>${this.t(`svd_std_${e.status}` as MessageKey)}</strong>
        · ${this.t("svd_authorized")} ${this.count(e.authorized)} · ${this.t("svd_personsOverStandard")} ${this.count(e.personsOverStandard)}</p>
      <table class="compact entitlement">
        <thead><tr><th></th><th class="number">${this.t("svd_entitled")}</th><th class="number">${this.t("svd_actual")}</th><th class="number">${this.t("svd_surplus")}</th></tr></thead>
        <tbody>
          <tr><td>${this.t("svd_officeRooms")}</td><td class="number">${this.area(e.entitledOffice, 2)}</td><td class="number">${this.area(e.actualOffice, 2)}</td><td class="number">${signed(e.officeSurplus)}</td></tr>
          <tr><td>${this.t("svd_coreSpace")}</td><td class="number">${this.area(e.entitledCore, 2)}</td><td class="number">${this.area(e.actualCore, 2)}</td><td class="number">${signed(e.coreSurplus)}</td></tr>
        </tbody>
      </table>
      ${nothing}`;
  }
}

customElements.define("fangtu-sv-dashboard-unit", FangtuSvDashboardUnit);
