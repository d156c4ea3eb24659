import { html, nothing } from "lit";
import {
  type DashboardFigure,
  type DashboardList,
  type DashboardListMetric,
  type DashboardListRow,
  dashboardApi,
} from "../../api/sv-dashboard.js";
import type { MessageKey } from "../../i18n/messages.js";
import { LocalizedElement } from "../localized-element.js";
import { sharedStyles } from "../shared-styles.js";
import type { DashboardRecord } from "./fangtu-sv-dashboard.js";
import { dashboardStyles } from "./sv-dashboard.styles.js";
import { figureInfo, figureOfList } from "./sv-dashboard-figures.js";

/**
 * The records behind one dashboard number (`list=` in the tab's link): buildings, units, leases or
 * conversions, largest first, whose values add up to the number clicked. A unit opens the next drill
 * level (`unit-open`); a building or unit also opens in the workbench (`dashboard-open-record`).
 */
export class FangtuSvDashboardList extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    region: { attribute: false },
    metric: { attribute: false },
    own: { attribute: false },
    regionName: { attribute: false },
    format: { attribute: false },
    list: { state: true },
  };
  static override styles = [sharedStyles, dashboardStyles];

  region = "";
  metric: DashboardListMetric = "gross_area";
  /** Only the region's own level (本级), not the regions below it. */
  own = false;
  regionName = "";
  format: (figure: DashboardFigure, value: number) => string = (_figure, value) => String(value);
  list: DashboardList | undefined;
  #key = "";
  #abort: AbortController | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  override willUpdate(): void {
    const key = `${this.region}|${this.metric}|${this.own}`;
    if (key === this.#key || !this.region) return;
    this.#key = key;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.list = undefined;
    dashboardApi
      .list(this.region, this.metric, this.own, abort.signal)
      .then((list) => {
        if (!abort.signal.aborted) this.list = list;
      })
      .catch((error: unknown) => this.reportError(error));
  }

  #open(record: DashboardRecord): void {
    this.emit("dashboard-open-record", record);
  }

  override render() {
    const figure = figureOfList(this.metric);
    const list = this.list;
    const title = this.t("svd_listTitle", {
      figure: this.t(`svd_list_${this.metric}` as MessageKey),
      region: this.own ? `${this.regionName}（${this.t("svd_ownLevel")}）` : this.regionName,
    });
    return html`<section class="dashboard-list" data-metric=${this.metric}>
      <div class="top">
        <h3>${title}</h3>
        <span class="spacer"></span>
        <button type="button" class="tool back no-print" @click=${() => this.emit("list-back", undefined)}>${this.t("svd_back")}</button>
      </div>
      ${
        list === undefined
          ? html`<div class="progress" role="progressbar" aria-label=${this.t("svd_loading")}></div>`
          : html`<p class="summary" data-count=${list.count} data-total=${list.total}>
                ${this.t("svd_listSummary", { count: this.count(list.count), total: this.format(figure, list.total) })}
              </p>
              ${list.rows.length === 0 ? html`<p class="empty">${this.t("svd_listEmpty")}</p>` : this.#renderTable(list.rows, figure)}`
      }
    </section>`;
  }

  #renderTable(rows: readonly DashboardListRow[], figure: DashboardFigure) {
    return html`<div class="table-wrap"><table class="list compact">
      <thead><tr>
        <th>${this.t("svd_name")}</th><th>${this.t("svd_region")}</th><th>${this.t("svd_unit")}</th>
        <th class="number">${this.t(figureInfo[figure].label)}</th><th>${this.t("svd_details")}</th><th class="no-print"></th>
      </tr></thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr data-kind=${row.kind} data-id=${row.id}>
            <td>${
              row.kind === "unit"
                ? html`<button type="button" class="link unit-drill" @click=${() => this.emit("unit-open", row.id)}>${row.name}</button>`
                : row.name
            }</td>
            <td>${row.regionName ?? row.regionCode}</td>
            <td>${
              row.unit && row.kind !== "unit"
                ? html`<button type="button" class="link unit-drill" @click=${() => this.emit("unit-open", row.unit?.id)}>${row.unit.name}</button>`
                : nothing
            }</td>
            <td class="number">${this.format(figure, row.value)}</td>
            <td>${this.#details(row)}</td>
            <td class="no-print">${this.#openButton(row)}</td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  #openButton(row: DashboardListRow) {
    if (row.buildingId !== null)
      return html`<button type="button" class="link open-record" @click=${() => this.#open({ kind: "building", id: row.buildingId as number, center: row.center })}>${this.t("svd_openOnMap")}</button>`;
    const unit = row.kind === "unit" ? row.id : row.unit?.id;
    if (unit === undefined) return nothing;
    return html`<button type="button" class="link open-record" @click=${() => this.#open({ kind: "unit", id: unit, center: null })}>${this.t("svd_openInWorkbench")}</button>`;
  }

  /** A few more figures of the row, in words. */
  #details(row: DashboardListRow): string {
    const d = row.details;
    const num = (key: string) => Number(d[key] ?? 0);
    switch (row.kind) {
      case "building":
        return `${this.t("svd_grossArea")} ${this.area(num("grossArea"))} · ${this.t("svd_idleArea")} ${this.area(num("idleArea"))}`;
      case "unit":
        return [
          d.status ? this.t(`svd_std_${String(d.status)}` as MessageKey) : "",
          `${this.t("svd_entitled")} ${this.area(num("entitledOffice"))} / ${this.t("svd_actual")} ${this.area(num("actualOffice"))}`,
          num("leasesIn") > 0
            ? `${this.t("svd_leasesIn")} ${num("leasesIn")} · ${this.money(num("annualRent"))}`
            : "",
        ]
          .filter(Boolean)
          .join(" · ");
      case "lease":
        return `${this.area(num("grossArea"))} · ${this.money(num("annualRent"))} · ${d.startsOn ?? ""}–${d.endsOn ?? ""}`;
      case "conversion":
        return `${this.area(num("area"))} · ${String(d.completedAt ?? "").slice(0, 10)}`;
    }
  }
}

customElements.define("fangtu-sv-dashboard-list", FangtuSvDashboardList);
