import { html, nothing, unsafeCSS } from "lit";
import maplibreStyles from "maplibre-gl/dist/maplibre-gl.css?inline";
import { api } from "../../api/fangtu-api.js";
import {
  type Dashboard,
  type DashboardFigure,
  type DashboardListMetric,
  type DashboardMapFeature,
  dashboardApi,
  type TrendPoint,
} from "../../api/sv-dashboard.js";
import type { RegionRef } from "../../api/types.js";
import { sharedStyles } from "../shared-styles.js";
import type { DashboardChartClick } from "./fangtu-sv-dashboard-chart.js";
import { SupervisionTabElement } from "./supervision-tab.js";
import { dashboardStyles } from "./sv-dashboard.styles.js";
import { childrenBarOption, findingsStackOption, trendLineOption } from "./sv-dashboard-chart-options.js";
import {
  ageLabels,
  dashboardFigureOrder,
  figureInfo,
  findingAgeOrder,
  findingStatusOrder,
  tableFigures,
} from "./sv-dashboard-figures.js";
import type { DashboardMap, DashboardMapItem, DashboardMapPick } from "./sv-dashboard-map.js";
import "./fangtu-sv-dashboard-chart.js";
import "./fangtu-sv-dashboard-list.js";
import "./fangtu-sv-dashboard-unit.js";

/** What the tab asks the workbench to open (`dashboard-open-record`): a unit or a building. */
export interface DashboardRecord {
  kind: "unit" | "building";
  id: number;
  center?: [number, number] | null;
}

const staffRoles = ["system_admin", "planner", "inspector", "approver"];
const isFigure = (value: string | null): value is DashboardFigure =>
  value !== null && (dashboardFigureOrder as string[]).includes(value);

/**
 * The dashboard tab (数据看板, issue 10): the figures of a region with drill-down province →
 * prefecture → county → unit. Its state lives in the link: `region`, the chart's `metric`, and
 * either a `list` (the records behind a number) or a `unit` (the bottom of the drill-down). Every
 * number links to its list here, or to the finding ledger tab with the matching filter.
 */
export class FangtuSvDashboard extends SupervisionTabElement {
  static override properties = {
    ...SupervisionTabElement.properties,
    data: { state: true },
    ancestors: { state: true },
    trend: { state: true },
    features: { state: true },
    notice: { state: true },
  };
  // The small map lives in this shadow root: MapLibre's controls and popups need its stylesheet here.
  static override styles = [sharedStyles, unsafeCSS(maplibreStyles), dashboardStyles];

  data: Dashboard | undefined;
  ancestors: RegionRef[] = [];
  trend: TrendPoint[] | undefined;
  features: DashboardMapFeature[] = [];
  notice = "";
  #loaded: string | undefined;
  #abort: AbortController | undefined;
  #map: DashboardMap | undefined;
  #creating: Promise<DashboardMap | undefined> | undefined;
  /** What the map shows (region, figure, features), so an unrelated update does not redraw it. */
  #drawn = "";

  /** The region the tab shows: its own `region=`, else the region in focus, else the user's. */
  /** The small map, once drawn (tests find a region's pixel through it). */
  get dashboardMap(): DashboardMap | undefined {
    return this.#map;
  }

  get shownRegion(): string | undefined {
    return this.params.get("region") ?? this.region ?? this.user?.region_code;
  }

  /** The figure of the chart and the map: chosen, else idle area (office area where units are shown). */
  get metric(): DashboardFigure {
    const metric = this.params.get("metric");
    if (isFigure(metric)) return metric;
    return this.data?.units ? "officeArea" : "idleArea";
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
    this.#map?.destroy();
    this.#map = undefined;
  }

  override willUpdate(): void {
    const region = this.shownRegion;
    if (region && region !== this.#loaded) void this.#load(region);
  }

  override updated(): void {
    void this.#drawMap();
  }

  async #load(region: string): Promise<void> {
    this.#loaded = region;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.data = undefined;
    this.trend = undefined;
    this.features = [];
    try {
      const staff = this.hasRole(...staffRoles);
      const [data, detail, map, trend] = await Promise.all([
        dashboardApi.dashboard(region, abort.signal),
        api.region(region, abort.signal).catch(() => undefined),
        dashboardApi.map(region, abort.signal),
        staff ? dashboardApi.trend(region, abort.signal) : Promise.resolve(undefined),
      ]);
      if (abort.signal.aborted) return;
      this.data = data;
      this.ancestors = detail?.ancestors ?? [];
      this.features = map.features;
      this.trend = trend?.points ?? [];
    } catch (error) {
      if (!abort.signal.aborted) {
        this.#loaded = undefined;
        this.reportError(error);
      }
    }
  }

  // ---- navigation ----

  #drill(region: string): void {
    this.navigate("dashboard", { region, metric: this.params.get("metric") ?? undefined });
  }

  #openList(region: string, list: DashboardListMetric, own = false): void {
    this.navigate("dashboard", {
      region,
      list,
      own: own ? 1 : undefined,
      metric: this.params.get("metric") ?? undefined,
    });
  }

  #openUnit(id: number): void {
    this.navigate("dashboard", {
      region: this.shownRegion,
      unit: id,
      metric: this.params.get("metric") ?? undefined,
    });
  }

  #findings(filter: Record<string, string | number>): void {
    this.navigate("findings", { region: this.shownRegion, ...filter });
  }

  // ---- formatting ----

  format(figure: DashboardFigure, value: number): string {
    const info = figureInfo[figure];
    if (info.format === "area") return this.area(value);
    if (info.format === "money") return this.money(value);
    const unit = info.unit ? this.t(info.unit) : "";
    return unit ? `${this.count(value)} ${unit}` : this.count(value);
  }

  /** A number as a link to the list behind it (or plain text when it has none). */
  #number(figure: DashboardFigure, value: number, region: string, own = false) {
    const link = figureInfo[figure].link;
    const text = this.format(figure, value);
    if (!link || (own && "findings" in link)) return html`<span>${text}</span>`;
    const open = () =>
      "list" in link
        ? this.#openList(region, link.list, own)
        : this.navigate("findings", { region, ...link.findings });
    return html`<button type="button" class="number" data-figure=${figure} data-region=${region}
      @click=${open}>${text}</button>`;
  }

  // ---- the map ----

  async #drawMap(): Promise<void> {
    const container = this.renderRoot.querySelector<HTMLDivElement>(".map");
    if (!container) {
      this.#map?.destroy();
      this.#map = undefined;
      this.#drawn = "";
      return;
    }
    // Updates come in bursts while the module loads: one map per container, drawn once per content.
    const key = `${this.data?.region.code}|${this.metric}|${this.features.length}`;
    if (this.#map?.map.getContainer() === container && this.#drawn === key) return;
    if (!this.#map || this.#map.map.getContainer() !== container) {
      this.#map?.destroy();
      this.#map = undefined;
      this.#creating ??= import("./sv-dashboard-map.js").then(({ DashboardMap }) => {
        this.#creating = undefined;
        return container.isConnected ? new DashboardMap(container, (pick) => this.#onPick(pick)) : undefined;
      });
      const created = await this.#creating;
      if (!created) return;
      if (this.#map && this.#map !== created) created.destroy();
      else this.#map = created;
    }
    this.#drawn = key;
    await this.#map?.show(this.#mapItems());
    container.dataset.ready = key;
  }

  #onPick(pick: DashboardMapPick): void {
    if (pick.kind === "unit") this.#openUnit(pick.id);
    else this.#drill(pick.code);
  }

  #mapItems(): DashboardMapItem[] {
    const data = this.data;
    if (!data) return [];
    const metric = this.metric;
    const children = new Map(data.children.map((child) => [child.region.code, child]));
    const units = new Map((data.units ?? []).map((unit) => [unit.unit.id, unit]));
    return this.features.map((feature) => {
      const properties = feature.properties;
      const value =
        properties.kind === "unit"
          ? unitValue(units.get(properties.id), metric)
          : properties.kind === "region"
            ? (children.get(properties.code)?.[metric] ?? 0)
            : 0;
      return { feature, value, tooltip: `${properties.name}：${this.format(metric, value)}` };
    });
  }

  // ---- actions ----

  async #snapshot(): Promise<void> {
    const region = this.shownRegion;
    if (!region || !confirm(this.t("svd_snapshotConfirm"))) return;
    try {
      const result = await dashboardApi.snapshot(region);
      this.notice = this.t("svd_snapshotDone", { date: result.takenOn, regions: result.regions });
      this.#loaded = undefined;
      this.requestUpdate();
    } catch (error) {
      this.reportError(error);
    }
  }

  // ---- rendering ----

  override render() {
    const region = this.shownRegion;
    const list = this.params.get("list");
    const unit = Number(this.params.get("unit"));
    return html`${this.#renderTop()}
      ${this.notice ? html`<p class="status no-print" role="status">${this.notice}</p>` : nothing}
      ${
        list && region
          ? html`<fangtu-sv-dashboard-list .locale=${this.locale} .region=${region} .metric=${list}
              .own=${this.params.get("own") === "1"} .regionName=${this.data?.region.name ?? region}
              .format=${(figure: DashboardFigure, value: number) => this.format(figure, value)}
              @list-back=${() => this.#drill(region)} @unit-open=${(event: CustomEvent<number>) => this.#openUnit(event.detail)}></fangtu-sv-dashboard-list>`
          : unit > 0
            ? html`<fangtu-sv-dashboard-unit .locale=${this.locale} .unitId=${unit}
                @unit-back=${() => region && this.#drill(region)}></fangtu-sv-dashboard-unit>`
            : this.#renderOverview()
      }
      <p class="muted print-only">${this.t("svd_printedAt")}：${new Date().toLocaleString(this.locale)} · ${this.t("svd_demoNotice")}</p>`;
  }

  #renderTop() {
    const data = this.data;
    const reach = this.user?.roles.includes("system_admin") ? "" : (this.user?.region_code ?? "");
    const within = (code: string) => !reach || code.startsWith(reach.replace(/0{2,4}$/, ""));
    const crumbs = data
      ? [...this.ancestors.filter((ancestor) => ancestor.code !== data.region.code), data.region]
      : [];
    const unit = Number(this.params.get("unit")) > 0 || this.params.has("list");
    return html`<div class="top">
      <nav class="crumbs" aria-label=${this.t("svd_breadcrumb")}>
        ${crumbs.map((crumb, index) => {
          const last = index === crumbs.length - 1 && !unit;
          return html`${index > 0 ? html`<span class="sep" aria-hidden="true">›</span>` : nothing}
            ${
              last || !within(crumb.code)
                ? html`<span aria-current=${last ? "page" : "false"}>${crumb.name}</span>`
                : html`<button type="button" class="link crumb" data-region=${crumb.code} @click=${() => this.#drill(crumb.code)}>${crumb.name}</button>`
            }`;
        })}
      </nav>
      <span class="spacer"></span>
      ${
        this.hasRole("planner", "system_admin")
          ? html`<button type="button" class="tool snapshot no-print" @click=${this.#snapshot}>${this.t("svd_snapshot")}</button>`
          : nothing
      }
      <button type="button" class="tool print no-print" @click=${() => window.print()}>${this.t("svd_print")}</button>
    </div>`;
  }

  #renderOverview() {
    const data = this.data;
    if (!data)
      return html`<div class="progress" role="progressbar" aria-label=${this.t("svd_loading")}></div>
        <p class="empty">${this.t("svd_loading")}</p>`;
    const region = data.region.code;
    return html`${this.#renderCards(data, region)}
      <div class="panels">
        <section class="panel">
          <h3>${this.t("svd_chartTitle", { metric: this.t(figureInfo[this.metric].label) })}
            <select class="no-print" name="metric" aria-label=${this.t("svd_metric")}
              @change=${(event: Event) => this.setQuery("dashboard", { metric: (event.target as HTMLSelectElement).value })}>
              ${dashboardFigureOrder.map((figure) => html`<option value=${figure} ?selected=${figure === this.metric}>${this.t(figureInfo[figure].label)}</option>`)}
            </select>
          </h3>
          ${this.#renderBarChart(data)}
        </section>
        <section class="panel">
          <h3>${this.t("svd_mapTitle", { metric: this.t(figureInfo[this.metric].label) })}</h3>
          <div class="map" role="region" aria-label=${this.t("svd_mapHint")}></div>
          <div class="legend"><span>0</span><span class="ramp"></span><span class="legend-max">${this.format(this.metric, Math.max(0, ...this.#mapItems().map((item) => item.value)))}</span>
            <span class="muted no-print">· ${this.t("svd_mapHint")}</span></div>
        </section>
        ${this.#renderTrend()}
        ${this.#renderFindingsChart(data)}
      </div>
      ${this.#renderChildren(data)} ${this.#renderUnits(data)}`;
  }

  #renderCards(data: Dashboard, region: string) {
    const totals = data.totals;
    const statusCount = (status: string) =>
      data.findings.cells.filter((cell) => cell.status === status).reduce((sum, cell) => sum + cell.count, 0);
    return html`<div class="cards" data-region=${region}>
      ${dashboardFigureOrder.map(
        (figure) => html`<div class="card" data-figure=${figure}>
          <div class="label">${this.t(figureInfo[figure].label)}</div>
          <div class="value" data-value=${totals[figure]}>${this.#number(figure, totals[figure], region)}</div>
          ${
            figure === "openFindings"
              ? html`<div class="breakdown">
                  ${findingStatusOrder
                    .filter((status) => status !== "closed")
                    .map(
                      (status) => html`<span>${this.t(`svd_status_${status}`)}
                        <button type="button" class="number" data-status=${status} @click=${() => this.#findings({ status })}>${this.count(statusCount(status))}</button></span>`,
                    )}
                </div>`
              : nothing
          }
        </div>`,
      )}
    </div>`;
  }

  #renderBarChart(data: Dashboard) {
    const metric = this.metric;
    const units = data.units;
    const rows = units
      ? units.map((unit) => ({
          name: unit.unit.name,
          value: unitValue(unit, metric),
          pick: () => this.#openUnit(unit.unit.id),
        }))
      : data.children.map((child) => ({
          name: child.region.own ? `${child.region.name}（${this.t("svd_ownLevel")}）` : child.region.name,
          value: child[metric],
          pick: () => (child.region.own ? undefined : this.#drill(child.region.code)),
        }));
    const top = [...rows].sort((a, b) => b.value - a.value).slice(0, 20);
    if (top.every((row) => row.value === 0))
      return html`<p class="empty">${units && !unitFigures.has(metric) ? this.t("svd_notPerUnit") : this.t("svd_noData")}</p>`;
    return html`<fangtu-sv-dashboard-chart class="children-chart" .label=${this.t(figureInfo[metric].label)}
      .option=${childrenBarOption(
        top.map((row) => row.name),
        top.map((row) => row.value),
        this.t(figureInfo[metric].label),
        (value) => this.format(metric, value),
      )}
      @chart-click=${(event: CustomEvent<DashboardChartClick>) => top[event.detail.dataIndex]?.pick()}></fangtu-sv-dashboard-chart>`;
  }

  #renderTrend() {
    if (!this.hasRole(...staffRoles)) return nothing;
    const points = this.trend;
    return html`<section class="panel">
      <h3>${this.t("svd_trendTitle")}</h3>
      ${
        points === undefined
          ? html`<div class="progress" role="progressbar"></div>`
          : points.length === 0
            ? html`<p class="empty">${this.t("svd_trendEmpty")}</p>`
            : html`<fangtu-sv-dashboard-chart class="trend-chart" .label=${this.t("svd_trendTitle")}
                .option=${trendLineOption(
                  points.map((point) => ({ date: point.date, value: point.idleArea, demo: point.demo })),
                  this.t("svd_idleArea"),
                  (value) => this.area(value),
                )}></fangtu-sv-dashboard-chart>
                ${points.some((point) => point.demo) ? html`<p class="muted">○ ${this.t("svd_trendDemo")}</p>` : nothing}`
      }
    </section>`;
  }

  #renderFindingsChart(data: Dashboard) {
    const cells = data.findings.cells;
    const statuses = findingStatusOrder;
    const count = (status: string, age: string) =>
      cells.find((cell) => cell.status === status && cell.age === age)?.count ?? 0;
    const total = cells.reduce((sum, cell) => sum + cell.count, 0);
    return html`<section class="panel">
      <h3>${this.t("svd_findingsTitle")}</h3>
      ${
        total === 0
          ? html`<p class="empty">${this.t("svd_findingsEmpty")}</p>`
          : html`<fangtu-sv-dashboard-chart class="findings-chart" .label=${this.t("svd_findingsTitle")}
              .option=${findingsStackOption(
                statuses.map((status) => this.t(`svd_status_${status}`)),
                findingAgeOrder.map((age) => ({
                  name: this.t(ageLabels[age]),
                  counts: statuses.map((status) => count(status, age)),
                })),
              )}
              @chart-click=${(event: CustomEvent<DashboardChartClick>) => {
                const status = statuses[event.detail.dataIndex];
                const age = findingAgeOrder[event.detail.seriesIndex];
                if (status && age) this.#findings({ status, age });
              }}></fangtu-sv-dashboard-chart>`
      }
      <p class="muted">${this.t("svd_overdueFindings")}：${this.#number("overdueFindings", data.findings.overdue, data.region.code)}</p>
    </section>`;
  }

  #renderChildren(data: Dashboard) {
    return html`<div class="table-wrap">
      <h3>${this.t("svd_children")}</h3>
      <table class="children">
        <thead><tr><th>${this.t("svd_region")}</th>${tableFigures.map((figure) => html`<th class="number">${this.t(figureInfo[figure].label)}</th>`)}</tr></thead>
        <tbody>
          ${data.children.map(
            (child) => html`<tr class=${child.region.own ? "own" : ""} data-region=${child.region.code}>
              <td>${
                child.region.own
                  ? `${child.region.name}（${this.t("svd_ownLevel")}）`
                  : html`<button type="button" class="link drill" @click=${() => this.#drill(child.region.code)}>${child.region.name}</button>`
              }</td>
              ${tableFigures.map((figure) => html`<td class="number">${this.#number(figure, child[figure], child.region.code, child.region.own)}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #renderUnits(data: Dashboard) {
    const units = data.units;
    if (!units) return nothing;
    return html`<div class="table-wrap">
      <h3>${this.t("svd_unitsTitle")}</h3>
      ${
        units.length === 0
          ? html`<p class="empty">${this.t("svd_noData")}</p>`
          : html`<table class="units">
              <thead><tr>
                <th>${this.t("svd_unit")}</th><th class="number">${this.t("svd_officeArea")}</th>
                <th>${this.t("svd_overStandard")}</th><th class="number">${this.t("svd_personsOverStandard")}</th>
                <th class="number">${this.t("svd_leasesIn")}</th><th class="number">${this.t("svd_annualRentOutside")}</th>
                <th class="number">${this.t("svd_openFindings")}</th><th class="number">${this.t("svd_overdueFindings")}</th>
              </tr></thead>
              <tbody>
                ${units.map(
                  (unit) => html`<tr data-unit=${unit.unit.id}>
                    <td><button type="button" class="link unit-drill" @click=${() => this.#openUnit(unit.unit.id)}>${unit.unit.name}</button></td>
                    <td class="number">${this.area(unit.officeArea)}</td>
                    <td>${unit.overStandard ? this.t("svd_yes") : this.t("svd_no")}</td>
                    <td class="number">${this.count(unit.personsOverStandard)}</td>
                    <td class="number">${this.count(unit.leasesIn)}</td>
                    <td class="number">${this.money(unit.annualRentOutside)}</td>
                    <td class="number"><button type="button" class="number" @click=${() => this.navigate("findings", { unit: unit.unit.id, status: "unclosed" })}>${this.count(unit.openFindings)}</button></td>
                    <td class="number"><button type="button" class="number" @click=${() => this.navigate("findings", { unit: unit.unit.id, overdue: 1 })}>${this.count(unit.overdueFindings)}</button></td>
                  </tr>`,
                )}
              </tbody>
            </table>`
      }
    </div>`;
  }
}

/** The figures a unit has a share of (the rest belong to buildings or to the administration). */
const unitFigures = new Set<DashboardFigure>([
  "officeArea",
  "unitsOverStandard",
  "personsOverStandard",
  "leasesIn",
  "unitsRentingOutside",
  "annualRentOutside",
  "openFindings",
  "overdueFindings",
]);

/** A unit's share of a figure, for the chart and the map at county level (what a unit has of it). */
function unitValue(
  unit: NonNullable<Dashboard["units"]>[number] | undefined,
  figure: DashboardFigure,
): number {
  if (!unit) return 0;
  switch (figure) {
    case "officeArea":
      return unit.officeArea;
    case "unitsOverStandard":
      return unit.overStandard ? 1 : 0;
    case "personsOverStandard":
      return unit.personsOverStandard;
    case "leasesIn":
      return unit.leasesIn;
    case "unitsRentingOutside":
      return unit.leasesIn > 0 ? 1 : 0;
    case "annualRentOutside":
      return unit.annualRentOutside;
    case "openFindings":
      return unit.openFindings;
    case "overdueFindings":
      return unit.overdueFindings;
    default:
      return 0;
  }
}

customElements.define("fangtu-sv-dashboard", FangtuSvDashboard);
