import { css, html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import type { Mismatch, UnitDetail, UnitEntitlementReport } from "../api/types.js";
import { categoryColors } from "./fangtu-building-inspector.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

const categories = ["office", "service", "equipment", "ancillary", "technical"] as const;

/**
 * A unit in the right-hand panel: staffing by rank, its area in use by category, its sites (which the
 * app highlights on the map), leases in and the units it supervises. Fires `unit-loaded` with the
 * detail, `building-pick` and `unit-pick` when a site or a supervised unit is chosen.
 */
export class FangtuUnitInspector extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    unitId: { type: Number },
    detail: { state: true },
    loading: { state: true },
    report: { state: true },
    mismatches: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        height: 12px;
        margin: 4px 0;
        border-radius: 2px;
        overflow: hidden;
      }
      ul.plain {
        margin: 0;
        padding-left: 18px;
      }
      li {
        padding: 1px 0;
      }
      .over {
        color: #b42318;
        font-weight: 600;
      }
      .tag {
        display: inline-block;
        padding: 0 4px;
        border-radius: 3px;
        background: #fdecea;
        color: #8a1c12;
        font-size: 11px;
      }
    `,
  ];

  unitId: number | undefined;
  detail: UnitDetail | undefined;
  loading = false;
  /** The full entitlement report, fetched when the unit has people over standard. */
  report: UnitEntitlementReport | undefined;
  /** The unit's 三相符 mismatches; undefined until read (or when the reader may not see them). */
  mismatches: Mismatch[] | undefined;
  #request: AbortController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("unitId")) this.#load();
  }

  #load(): void {
    this.#request?.abort();
    this.detail = undefined;
    this.report = undefined;
    this.mismatches = undefined;
    const id = this.unitId;
    if (id === undefined) return;
    const controller = new AbortController();
    this.#request = controller;
    this.loading = true;
    api
      .unit(id, controller.signal)
      .then((detail) => {
        this.detail = detail;
        this.emit("unit-loaded", detail);
        api
          .unitConsistency(id, controller.signal)
          .then((report) => {
            if (this.#request === controller)
              this.mismatches = report.units.flatMap((entry) => entry.mismatches);
          })
          // A reader who may not see the report simply does not get the section.
          .catch(() => undefined);
        if (detail.entitlement && detail.entitlement.overStandardPersons > 0)
          return this.#loadReport(id, controller);
      })
      .catch((error: unknown) => this.reportError(error))
      .finally(() => {
        if (this.#request === controller) this.loading = false;
      });
  }

  async #loadReport(id: number, controller: AbortController): Promise<void> {
    const report = await api.unitEntitlement(id, controller.signal);
    if (this.#request === controller) this.report = report;
  }

  /** 三相符: where the master ledger disagrees with the unit's sub-ledger, the field checks or the certificates. */
  #renderConsistency() {
    const mismatches = this.mismatches;
    if (mismatches === undefined) return nothing;
    return html`<h2>${this.t("consistencyHeading")}</h2>
      ${
        mismatches.length === 0
          ? html`<p class="empty consistent">${this.t("consistencyNone")}</p>`
          : html`<ul class="plain mismatches">
              ${mismatches.map((mismatch) => html`<li><span class="tag">${this.v("consistency_kind", mismatch.kind)}</span> ${mismatch.message}</li>`)}
            </ul>`
      }`;
  }

  /** People whose office share is over their rank's limit, each with the rule, the numbers and the remedy. */
  #renderOverStandard() {
    const over = this.report?.personChecks.filter((check) => check.status === "over") ?? [];
    if (over.length === 0) return nothing;
    return html`<h3>${this.t("overStandardPersons")}（${over.length}）</h3>
      <ul class="plain over-standard">
        ${over.map(
          (check) => html`<li>
            <strong>${check.name}</strong>（${this.locale === "zh-CN" ? check.rankNameZh : check.rankNameEn}）
            ${this.area(check.area, 2)} / ${this.area(check.limit)} · <span class="over">+${this.area(check.excess, 2)}</span>
            ${check.explanation.map((line) => html`<div class="muted">${this.locale === "zh-CN" ? line.zh : line.en}</div>`)}
          </li>`,
        )}
      </ul>`;
  }

  /** Entitled against actual area under the 2014 standard, with the surplus (+) or shortfall (−). */
  #renderEntitlement(detail: UnitDetail) {
    const entitlement = detail.entitlement;
    if (!entitlement) return html`<p class="muted">${this.t("entitlementPending")}</p>`;
    const signed = (value: number) =>
      `${value > 0 ? "+" : value < 0 ? "−" : ""}${this.area(Math.abs(value))}`;
    const statusKey = {
      over: "complianceOver",
      within: "complianceWithin",
      short: "complianceShort",
    } as const;
    return html`<h2>${this.t("entitlementHeading")}</h2>
      <dl class="entitlement" data-status=${entitlement.status}>
        <dt>${this.t("entitledOffice")}</dt><dd>${this.area(entitlement.officeArea)}</dd>
        <dt>${this.t("actualOffice")}</dt><dd>${this.area(entitlement.actualOfficeArea)}</dd>
        <dt>${this.t("officeSurplus")}</dt><dd>${signed(entitlement.officeSurplus)}</dd>
        <dt>${this.t("entitledCore")}</dt><dd>${this.area(entitlement.coreUsableArea)}</dd>
        <dt>${this.t("actualCore")}</dt><dd>${this.area(entitlement.actualCoreUsableArea)}</dd>
        <dt>${this.t("coreSurplus")}</dt><dd>${signed(entitlement.coreSurplus)}</dd>
        <dt>${this.t("entitledGross")}</dt><dd>${this.area(entitlement.grossArea)}</dd>
        <dt>${this.t("overStandardPersons")}</dt><dd>${this.count(entitlement.overStandardPersons)}</dd>
        <dt><strong>${this.t("themeCompliance")}</strong></dt><dd><strong>${this.t(statusKey[entitlement.status])}</strong></dd>
      </dl>
      <p class="muted">${this.t("entitlementBasis")}</p>
      <a class="tool entitlement-sheet" href="/api/units/${detail.unit.id}/entitlement.html" target="_blank" rel="noopener"
        >${this.t("printEntitlementSheet")}</a
      >
      ${this.#renderOverStandard()}`;
  }

  #rankName(row: { rank_name_zh: string; rank_name_en: string }): string {
    return this.locale === "zh-CN" ? row.rank_name_zh : row.rank_name_en;
  }

  override render() {
    if (this.loading)
      return html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div><p class="muted">${this.t("loading")}</p>`;
    const detail = this.detail;
    if (!detail) return nothing;
    const unit = detail.unit;
    const total = detail.totalArea;
    return html`<h2 class="name">${unit.name}</h2>
      <dl class="figures">
        <dt>${this.t("unitKind")}</dt><dd>${this.v("unit_kind", unit.kind)}</dd>
        <dt>${this.t("adminLevel")}</dt><dd>${this.v("admin_level", unit.admin_level)}</dd>
        <dt>${this.t("region")}</dt><dd>${unit.region_name}</dd>
        <dt>${this.t("supervisingUnit")}</dt>
        <dd>${
          unit.supervising_unit
            ? html`<button type="button" class="link" @click=${() => this.emit("unit-pick", unit.supervising_unit?.id)}>${unit.supervising_unit.name}</button>`
            : "—"
        }</dd>
        ${unit.is_dispatched ? html`<dt>${this.t("dispatched")}</dt><dd>${this.t("yes")}</dd>` : nothing}
        <dt>${this.t("headcount")}</dt><dd>${this.count(detail.headcount.authorized)} / ${this.count(detail.headcount.actual)}</dd>
      </dl>
      <h2>${this.t("staffing")}</h2>
      ${
        detail.staffing.length === 0
          ? html`<p class="empty">—</p>`
          : html`<table class="staffing">
              <thead><tr><th>${this.t("rank")}</th><th class="number">${this.t("authorized")}</th><th class="number">${this.t("actual")}</th></tr></thead>
              <tbody>
                ${detail.staffing.map(
                  (row) =>
                    html`<tr><td>${this.#rankName(row)}</td><td class="number">${row.authorized}</td><td class="number">${row.actual}</td></tr>`,
                )}
              </tbody>
            </table>`
      }
      <h2>${this.t("areaByCategory")}</h2>
      <div class="bar" aria-hidden="true">
        ${categories.map((category) =>
          detail.areaByCategory[category] > 0
            ? html`<span style="flex-grow:${detail.areaByCategory[category]};background:${categoryColors[category]}"></span>`
            : nothing,
        )}
      </div>
      <dl class="areas">
        ${categories.map(
          (
            category,
          ) => html`<dt><span class="swatch" style="background:${categoryColors[category]}"></span>${this.v("use_category", category)}</dt>
            <dd>${this.area(detail.areaByCategory[category])}</dd>`,
        )}
        <dt><strong>${this.t("totalArea")}</strong></dt><dd><strong>${this.area(total)}</strong></dd>
      </dl>
      ${this.#renderEntitlement(detail)} ${this.#renderConsistency()}
      <h2>${this.t("sites")}（${detail.sites.length}）</h2>
      ${
        detail.sites.length === 0
          ? html`<p class="empty">${this.t("noSites")}</p>`
          : html`<ul class="plain sites">
              ${detail.sites.map(
                (site) => html`<li>
                  <button type="button" class="link" @click=${() => this.emit("building-pick", site)}>${site.name}</button>
                  <span class="muted">${this.area(site.usable_area)} · ${this.t("rooms")} ${site.room_count}</span>
                </li>`,
              )}
            </ul>`
      }
      <h2>${this.t("leasesIn")}</h2>
      ${
        detail.leasesIn.length === 0
          ? html`<p class="empty">${this.t("noLeasesIn")}</p>`
          : html`<ul class="plain">
              ${detail.leasesIn.map(
                (
                  lease,
                ) => html`<li>${lease.name} · ${this.area(lease.gross_area)} · ${this.t("annualRent")} ${this.money(lease.annual_rent)} ·
                  ${lease.starts_on}–${lease.ends_on}</li>`,
              )}
            </ul>`
      }
      <h2>${this.t("supervised")}</h2>
      ${
        detail.supervised.length === 0
          ? html`<p class="empty">${this.t("noSupervised")}</p>`
          : html`<ul class="plain supervised">
              ${detail.supervised.map(
                (
                  child,
                ) => html`<li><button type="button" class="link" @click=${() => this.emit("unit-pick", child.id)}>${child.name}</button>
                  <span class="muted">${this.v("unit_kind", child.kind)}</span></li>`,
              )}
            </ul>`
      }`;
  }
}

customElements.define("fangtu-unit-inspector", FangtuUnitInspector);
