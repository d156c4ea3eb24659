import { css, html, nothing } from "lit";
import { api, type CurrentUser, type Health, type SearchHit } from "../api/fangtu-api.js";
import type { BBox, BuildingDetail, RegionDetail, TableRow, UnitDetail } from "../api/types.js";
import { formatDistance, formatSurface, type Locale } from "../i18n/messages.js";
import type { DrawKind } from "../map/draw-tool.js";
import type { HoverInfo, MapView } from "../map/map-view.js";
import type { MeasureMode, Measurement, MeasureTool } from "../map/measure-tool.js";
import { themeById } from "../map/themes.js";
import { type EditEntry, EditHistory } from "../state/edit-history.js";
import {
  type ChoroplethMetric,
  type OverlayId,
  parseViewState,
  type Selection,
  type SupervisionTab,
  serializeViewState,
  supervisionTabs,
  type TableId,
  type ThemeId,
  type ViewState,
} from "../state/view-state.js";
import { saveBlob } from "../util/save-blob.js";
import { appStyles } from "./fangtu-app.styles.js";
import type { FangtuBuildingInspector } from "./fangtu-building-inspector.js";
import type { InventoryEdit } from "./fangtu-edit-panel.js";
import type { FangtuMap } from "./fangtu-map.js";
import type { FangtuToasts } from "./fangtu-toasts.js";
import { LocalizedElement } from "./localized-element.js";
import type { SupervisionNavigation } from "./supervision/fangtu-supervision.js";
import type { DashboardRecord } from "./supervision/fangtu-sv-dashboard.js";
import "./fangtu-building-inspector.js";
import "./fangtu-edit-panel.js";
import "./fangtu-layer-panel.js";
import "./fangtu-ledgers-panel.js";
import "./fangtu-login.js";
import "./fangtu-map.js";
import "./fangtu-region-bar.js";
import "./fangtu-search.js";
import "./fangtu-table-panel.js";
import "./fangtu-toasts.js";
import "./fangtu-unit-inspector.js";

const PROVINCE = "230000";
const LOCALE_KEY = "fangtu.locale";

/**
 * The workbench: header with region breadcrumb, search and language; layers and themes on the left;
 * the map; the inspector on the right; the tables below. The URL hash holds the view.
 */
export class FangtuApp extends LocalizedElement {
  static override styles = [
    appStyles,
    // A supervision tab prints itself (the dashboard, the reports) instead of the map's print sheet.
    css`
      @media print {
        .body.supervising {
          display: block;
        }
        .body.supervising > aside,
        .body.supervising fangtu-map,
        .body.supervising fangtu-table-panel {
          display: none;
        }
        .body.supervising .map-wrap,
        .body.supervising .scenario-view {
          position: static;
        }
        .body.supervising ~ .print-sheet {
          display: none;
        }
      }
    `,
  ];
  static override properties = {
    ...LocalizedElement.properties,
    health: { state: true },
    user: { state: true },
    view: { state: true },
    region: { state: true },
    measurement: { state: true },
    zone: { state: true },
    requests: { state: true },
    scenarios: { state: true },
    scenarioView: { state: true },
    sites: { state: true },
    printImage: { state: true },
    printContent: { state: true },
  };

  health: Health | undefined;
  /** undefined while checking the session, null when signed out. */
  user: CurrentUser | null | undefined;
  view: ViewState = parseViewState(location.hash);
  region: RegionDetail | undefined;
  measurement: { mode: MeasureMode; result: Measurement | undefined; finished: boolean } | undefined;
  printImage: string | undefined;
  /** The office district being drawn and analysed (its drawing mode), if any. */
  zone: DrawKind | undefined;
  /** Whether the allocation requests (调配申报) take the right-hand panel. */
  requests = false;
  /** The swap-scenario panel is open. */
  scenarios = false;
  /** Scenarios compared in a table, or shown side by side on two maps, over the map. */
  scenarioView: { kind: "compare" | "split"; ids: readonly number[] } | undefined;
  /** The idle-site panel (闲置房源利用) is open. */
  sites = false;
  /** A sheet a panel asked to print instead of the map (the scenario comparison). */
  printContent: unknown;
  #building: BuildingDetail | undefined;
  #unit: UnitDetail | undefined;
  #measureTool: MeasureTool | undefined;
  /** The session's edits, for undo (the server keeps the audit trail). */
  readonly #history = new EditHistory();
  #mapWired = false;
  /** A link with a centre keeps it; otherwise the map goes to the region when it loads. */
  #keepCenter = location.hash.includes("c=");

  override connectedCallback(): void {
    super.connectedCallback();
    const stored = localStorage.getItem(LOCALE_KEY);
    if (stored === "en" || stored === "zh-CN") this.#setLocale(stored);
    this.addEventListener("fangtu-error", (event) => this.#toast((event as CustomEvent<string>).detail));
    this.addEventListener("inventory-edited", (event) =>
      this.#onEdited((event as CustomEvent<InventoryEdit>).detail),
    );
    this.addEventListener("inventory-imported", () => this.#map?.refreshData());
    this.addEventListener("inventory-undone", (event) =>
      this.#onUndone((event as CustomEvent<EditEntry | undefined>).detail),
    );
    window.addEventListener("hashchange", this.#onHashChange);
    window.addEventListener("keydown", this.#onKeyDown);
    api
      .me()
      .then((user) => this.#signedIn(user))
      .catch((error: unknown) => {
        this.user = null;
        this.reportError(error);
      });
    api
      .health()
      .then((health) => (this.health = health))
      .catch((error: unknown) => this.reportError(error));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("hashchange", this.#onHashChange);
    window.removeEventListener("keydown", this.#onKeyDown);
  }

  get #map(): MapView | undefined {
    return this.renderRoot.querySelector<FangtuMap>("fangtu-map")?.mapView;
  }

  #toast(message: string, kind: "error" | "info" = "error"): void {
    this.renderRoot.querySelector<FangtuToasts>("fangtu-toasts")?.show(message, kind);
  }

  // ---- editing ----

  /** Planners and administrators edit the inventory; the server checks the region of each record. */
  get #canEdit(): boolean {
    return this.user?.roles.some((role) => role === "planner" || role === "system_admin") ?? false;
  }

  /** Administration staff (not unit users) see the commercial register and disposal options. */
  get #isStaff(): boolean {
    return (
      this.user?.roles.some((role) => ["system_admin", "planner", "inspector", "approver"].includes(role)) ??
      false
    );
  }

  #onEdited(edit: InventoryEdit): void {
    this.#history.record(edit.label, edit.audit, edit.createdBuilding);
    this.#toast(this.t("saved", { label: edit.label }), "info");
    this.#map?.refreshData();
    if (edit.select === null) this.#select(undefined);
    else if (edit.select !== undefined) {
      this.#select({ kind: "building", id: edit.select });
      this.#inspector?.reload();
    }
  }

  #onUndone(entry: EditEntry | undefined): void {
    if (entry) this.#toast(this.t("undone", { label: entry.label }), "info");
    this.#map?.refreshData();
    const selection = this.view.selection;
    // Undoing a building's creation removes it: close its inspector rather than ask for it again.
    if (
      entry?.createdBuilding !== undefined &&
      selection?.kind === "building" &&
      selection.id === entry.createdBuilding
    )
      this.#select(undefined);
    else this.#inspector?.reload();
  }

  // ---- office districts ----

  async #startZone(kind: DrawKind): Promise<void> {
    this.#stopMeasuring();
    try {
      // The zone panel and its analysis load on first use.
      await import("./fangtu-zone-panel.js");
      this.zone = undefined;
      this.sites = false;
      this.requests = false;
      this.scenarios = false;
      this.scenarioView = undefined;
      await this.updateComplete;
      this.zone = kind;
    } catch (error) {
      this.reportError(error);
    }
  }

  async #openRequests(): Promise<void> {
    try {
      await import("./fangtu-requests-panel.js");
      this.zone = undefined;
      this.sites = false;
      this.scenarios = false;
      this.scenarioView = undefined;
      this.requests = !this.requests;
    } catch (error) {
      this.reportError(error);
    }
  }

  // ---- swap scenarios ----

  async #openScenarios(): Promise<void> {
    try {
      // The scenario panel, its charts and deck.gl load on first use.
      await import("./fangtu-scenario-panel.js");
      this.zone = undefined;
      this.sites = false;
      this.requests = false;
      this.scenarios = !this.scenarios;
      if (!this.scenarios) this.scenarioView = undefined;
    } catch (error) {
      this.reportError(error);
    }
  }

  // ---- idle sites to public use ----

  async #openSites(): Promise<void> {
    try {
      // The site panel, its map layers and deck.gl load on first use.
      await import("./fangtu-sites-panel.js");
      this.zone = undefined;
      this.requests = false;
      this.scenarios = false;
      this.scenarioView = undefined;
      this.sites = !this.sites;
    } catch (error) {
      this.reportError(error);
    }
  }

  async #showScenarios(kind: "compare" | "split", ids: readonly number[]): Promise<void> {
    try {
      await (kind === "compare"
        ? import("./fangtu-scenario-compare.js")
        : import("./fangtu-scenario-split.js"));
      this.scenarioView = { kind, ids };
    } catch (error) {
      this.reportError(error);
    }
  }

  /** Prints a sheet a panel prepared (the comparison), then goes back to printing the map. */
  async #printSheet(content: unknown): Promise<void> {
    this.printContent = content;
    await this.updateComplete;
    await Promise.all(
      [...this.renderRoot.querySelectorAll<HTMLImageElement>(".print-sheet img")].map((image) =>
        image.decode(),
      ),
    ).catch(() => undefined);
    window.print();
    this.printContent = undefined;
  }

  #renderScenarioView() {
    const view = this.scenarioView;
    if (!view) return nothing;
    return view.kind === "compare"
      ? html`<fangtu-scenario-compare class="scenario-view" .locale=${this.locale} .ids=${view.ids}
          @compare-close=${() => (this.scenarioView = undefined)}
          @print-sheet=${(event: CustomEvent<unknown>) => this.#printSheet(event.detail)}></fangtu-scenario-compare>`
      : html`<fangtu-scenario-split class="scenario-view" .locale=${this.locale} .ids=${view.ids}
          .options=${this.#splitOptions()} @split-close=${() => (this.scenarioView = undefined)}></fangtu-scenario-split>`;
  }

  /** The split maps start where the main map is, with its theme and basemap. */
  #splitOptions() {
    const map = this.#map?.map;
    const center = map?.getCenter();
    return {
      center: center ? ([center.lng, center.lat] as [number, number]) : this.view.center,
      zoom: map?.getZoom() ?? this.view.zoom,
      theme: this.view.theme,
      overlays: [],
      choropleth: this.view.choropleth,
      ...(this.health?.basemap ? { basemap: this.health.basemap } : {}),
    };
  }

  /** The supervision workspace (监督与报告) covers the map; its tab and state live in the link. */
  async #openSupervision(tab: SupervisionTab, query = ""): Promise<void> {
    try {
      await import("./supervision/fangtu-supervision.js");
      this.#setView({ supervision: tab, supervisionQuery: query });
    } catch (error) {
      this.reportError(error);
    }
  }

  #renderSupervisionView() {
    const tab = this.view.supervision;
    if (!tab || !customElements.get("fangtu-supervision")) return nothing;
    return html`<fangtu-supervision class="scenario-view" .locale=${this.locale} .user=${this.user}
      .region=${this.region?.region.code} .tab=${tab} .query=${this.view.supervisionQuery}
      @supervision-navigate=${(event: CustomEvent<SupervisionNavigation>) =>
        this.#setView({ supervision: event.detail.tab, supervisionQuery: event.detail.query ?? "" })}
      @supervision-close=${() => this.#setView({ supervision: undefined, supervisionQuery: "" })}
      @dashboard-open-record=${(event: CustomEvent<DashboardRecord>) => this.#openRecord(event.detail)}></fangtu-supervision>`;
  }

  /** A dashboard row opens its unit or building in the workbench: the map and the inspector. */
  #openRecord(record: DashboardRecord): void {
    this.#setView({ supervision: undefined, supervisionQuery: "" });
    if (record.center) this.#map?.flyTo(record.center, 17);
    this.#select({ kind: record.kind, id: record.id });
  }

  #renderSupervision() {
    return html`<h2>${this.t("svHeading")}</h2>
      <div class="tools supervision-tools">
        ${supervisionTabs.map(
          (tab) => html`<button type="button" class="tool open-supervision" data-tab=${tab}
            aria-pressed=${this.view.supervision === tab} @click=${() => this.#openSupervision(tab)}>${this.t(`svTab_${tab}`)}</button>`,
        )}
      </div>`;
  }

  #renderPlanning() {
    return html`<h2>${this.t("planningHeading")}</h2>
      <div class="tools">
        <button type="button" class="tool open-scenarios" aria-pressed=${this.scenarios} @click=${this.#openScenarios}>${this.t("scenarios")}</button>
        <button type="button" class="tool draw-zone" aria-pressed=${this.zone === "polygon"} @click=${() => this.#startZone("polygon")}>${this.t("drawZone")}</button>
        <button type="button" class="tool draw-zone-rectangle" aria-pressed=${this.zone === "rectangle"} @click=${() => this.#startZone("rectangle")}>${this.t("drawZoneRectangle")}</button>
        <button type="button" class="tool open-requests" aria-pressed=${this.requests} @click=${this.#openRequests}>${this.t("requestsOpen")}</button>
        <button type="button" class="tool open-sites" aria-pressed=${this.sites} @click=${this.#openSites}>${this.t("sitesOpen")}</button>
      </div>`;
  }

  get #inspector(): FangtuBuildingInspector | null {
    return this.renderRoot.querySelector<FangtuBuildingInspector>("fangtu-building-inspector");
  }

  #signedIn(user: CurrentUser | null): void {
    this.user = user;
    if (user) this.#loadRegion(this.view.region ?? user.region_code ?? PROVINCE, false);
  }

  // ---- the view and the URL ----

  #setView(patch: Partial<ViewState>): void {
    this.view = { ...this.view, ...patch };
    const hash = serializeViewState(this.view);
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  readonly #onHashChange = () => {
    const next = parseViewState(location.hash);
    if (serializeViewState(next) === serializeViewState(this.view)) return;
    const map = this.#map;
    this.view = next;
    map?.map.jumpTo({ center: next.center, zoom: next.zoom });
    map?.setTheme(next.theme);
    map?.setOverlays(next.overlays);
    map?.setChoropleth(next.choropleth);
    if (next.region && next.region !== this.region?.region.code) this.#loadRegion(next.region, false);
    this.#applySelection(next.selection);
  };

  readonly #onKeyDown = (event: KeyboardEvent) => {
    if (!this.#measureTool) return;
    if (event.key === "Escape") this.#stopMeasuring();
    if (event.key === "Enter") this.#measureTool.finish();
  };

  #setLocale(locale: Locale): void {
    this.locale = locale;
    document.documentElement.lang = locale;
    document.title = `${this.t("title")} · ${this.t("subtitle")}`;
    localStorage.setItem(LOCALE_KEY, locale);
  }

  // ---- regions ----

  #loadRegion(code: string, move = true): void {
    api
      .region(code)
      .then((region) => {
        this.region = region;
        this.#setView({ region: region.region.code });
        // On sign-in the map goes to the region, unless a scenario opened meanwhile framed its moves.
        if ((move || (!this.#keepCenter && !this.scenarios)) && region.bbox)
          this.#map?.fitBounds(region.bbox, 14);
        this.#keepCenter = false;
      })
      .catch((error: unknown) => this.reportError(error));
  }

  // ---- selection ----

  #select(selection: Selection | undefined): void {
    // A building or unit picked on the map or in a table takes the right-hand panel from the requests.
    if (selection) this.requests = false;
    this.#setView({ selection });
    this.#applySelection(selection);
  }

  #applySelection(selection: Selection | undefined): void {
    const map = this.#map;
    if (selection?.kind === "building") {
      map?.select(selection.id);
      map?.highlight([]);
    } else {
      map?.select(undefined);
      if (!selection) map?.highlight([]);
    }
  }

  #onSearchPick(hit: SearchHit): void {
    if (hit.type === "building") {
      if (hit.center) this.#map?.flyTo(hit.center, 17);
      this.#select({ kind: "building", id: hit.id });
    } else {
      this.#select({ kind: "unit", id: hit.id });
    }
  }

  #onRowPick({ table, row }: { table: TableId; row: TableRow }): void {
    if (table === "units") {
      this.#select({ kind: "unit", id: row.id });
      return;
    }
    const buildingId = table === "buildings" ? row.id : row.building_id;
    if (buildingId === undefined) return;
    if (row.center) this.#map?.flyTo(row.center, 17);
    this.#select({ kind: "building", id: buildingId });
  }

  #onUnitLoaded(detail: UnitDetail): void {
    this.#unit = detail;
    this.#map?.highlight(detail.sites.map((site) => site.building_id));
    if (detail.bbox) this.#map?.fitBounds(detail.bbox, 16);
  }

  #zoomToSelection(): void {
    const selection = this.view.selection;
    let bbox: BBox | null | undefined;
    if (selection?.kind === "building" && this.#building?.building.id === selection.id)
      bbox = this.#building.building.bbox;
    if (selection?.kind === "unit" && this.#unit?.unit.id === selection.id) bbox = this.#unit.bbox;
    if (bbox) this.#map?.fitBounds(bbox);
    else this.#toast(this.t("selectionNone"));
  }

  // ---- tools ----

  async #measure(mode: MeasureMode): Promise<void> {
    const wasMode = this.measurement?.mode;
    this.#stopMeasuring();
    const map = this.#map;
    if (wasMode === mode || !map) return;
    // Loaded on first use: the first screen does not wait for turf.
    const { MeasureTool } = await import("../map/measure-tool.js");
    this.measurement = { mode, result: undefined, finished: false };
    map.clicksEnabled = false;
    this.#measureTool = new MeasureTool(map.map, mode, (result, finished) => {
      this.measurement = { mode, result, finished };
    });
  }

  #stopMeasuring(): void {
    this.#measureTool?.stop();
    if (this.#map) this.#map.clicksEnabled = true;
    this.#measureTool = undefined;
    this.measurement = undefined;
  }

  #fileStamp(): string {
    return new Date().toISOString().slice(0, 10).replaceAll("-", "");
  }

  async #exportPng(): Promise<void> {
    try {
      saveBlob(await this.#requireMap().toPng(), `房图-地图-${this.#fileStamp()}.png`);
    } catch (error) {
      this.reportError(error);
    }
  }

  /** Prints the map as an image (WebGL canvases do not print reliably) with the legend and selection. */
  async #print(): Promise<void> {
    try {
      const blob = await this.#requireMap().toPng();
      this.printImage = URL.createObjectURL(blob);
      await this.updateComplete;
      await this.renderRoot.querySelector<HTMLImageElement>(".print-sheet img")?.decode();
      window.print();
    } catch (error) {
      this.reportError(error);
    }
  }

  #requireMap(): MapView {
    const map = this.#map;
    if (!map) throw new Error(this.t("loading"));
    return map;
  }

  // ---- the map ----

  #describe = (hover: HoverInfo): string[] => {
    const p = hover.properties;
    const area = (value: unknown) => this.area(Number(value ?? 0));
    switch (hover.layer) {
      case "building":
        return [
          String(p.name),
          String(p.main_unit_name ?? ""),
          `${this.t("usableArea")} ${area(p.usable_area)} · ${this.t("idleArea")} ${area(p.idle_area)}`,
        ].filter(Boolean);
      case "cell":
        return [
          this.t("tooltipBuildingsInCell", { count: this.count(Number(p.building_count ?? 0)) }),
          this.t("tooltipIdle", { area: area(p.idle_area) }),
        ];
      case "region": {
        const lines = [
          String(p.name),
          `${this.t("buildings")} ${this.count(Number(p.building_count ?? 0))} · ${this.t("tooltipIdle", { area: area(p.idle_area) })}`,
          this.t("tooltipOverStandard", { count: this.count(Number(p.units_over_standard ?? 0)) }),
          this.t("tooltipRent", { money: this.money(Number(p.leases_in_rent ?? 0)) }),
        ];
        if (p.partial) lines.push(this.t("tooltipPartial"));
        return lines;
      }
      case "idle":
        return [String(p.name ?? this.t("overlayIdle")), this.t("tooltipIdle", { area: area(p.idle_area) })];
      case "leases":
        return [
          String(p.name),
          String(p.unit_name ?? ""),
          `${area(p.gross_area)} · ${this.t("tooltipRent", { money: this.money(Number(p.annual_rent ?? 0)) })}`,
        ];
      case "assets":
        return [
          String(p.name),
          `${this.t("grossArea")} ${area(p.gross_area)}`,
          String(p.former_use ?? ""),
        ].filter(Boolean);
      case "facilities":
        return [String(p.name), this.v("facility_kind", String(p.kind ?? ""))];
      default:
        return [];
    }
  };

  override willUpdate(): void {
    // A link with a supervision tab opens the workspace (its module loads on first use).
    if (this.view.supervision && !customElements.get("fangtu-supervision"))
      import("./supervision/fangtu-supervision.js").then(
        () => this.requestUpdate(),
        (error: unknown) => this.reportError(error),
      );
  }

  override updated(): void {
    const element = this.renderRoot.querySelector<FangtuMap>("fangtu-map");
    if (!element) this.#mapWired = false;
    if (element && !this.#mapWired) {
      this.#mapWired = true;
      element.options = {
        center: this.view.center,
        zoom: this.view.zoom,
        theme: this.view.theme,
        overlays: this.view.overlays,
        choropleth: this.view.choropleth,
        ...(this.health?.basemap ? { basemap: this.health.basemap } : {}),
      };
      element.events = {
        onBuildingClick: (properties) => this.#select({ kind: "building", id: Number(properties.id) }),
        onRegionClick: (code) => this.#loadRegion(code),
        onViewChange: (center, zoom) => this.#setView({ center, zoom }),
        describe: this.#describe,
        onError: (message) => this.#toast(message),
      };
    }
  }

  async #signOut(): Promise<void> {
    await api.logout().catch(() => undefined);
    this.#stopMeasuring();
    this.#history.clear();
    this.requests = false;
    this.zone = undefined;
    this.scenarios = false;
    this.scenarioView = undefined;
    this.sites = false;
    this.user = null;
    this.region = undefined;
  }

  override render() {
    return html`
      <header>
        <h1>${this.t("title")}</h1>
        ${
          this.user
            ? html`<fangtu-region-bar .locale=${this.locale} .detail=${this.region} @region-change=${(event: CustomEvent<string>) => this.#loadRegion(event.detail)}></fangtu-region-bar>
                <fangtu-search .locale=${this.locale} @search-pick=${(event: CustomEvent<SearchHit>) => this.#onSearchPick(event.detail)}></fangtu-search>`
            : html`<span class="subtitle">${this.t("subtitle")}</span>`
        }
        <span class="spacer"></span>
        ${this.user ? html`<span class="user">${this.user.display_name}</span>` : nothing}
        <button type="button" class="language" aria-label=${this.t("languageLabel")} @click=${() => this.#setLocale(this.locale === "zh-CN" ? "en" : "zh-CN")}>
          ${this.t("language")}
        </button>
        ${this.user ? html`<button type="button" class="sign-out" @click=${this.#signOut}>${this.t("signOut")}</button>` : nothing}
      </header>
      ${this.user === undefined ? html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div><p class="muted checking">${this.t("loading")}</p>` : nothing}
      ${
        this.user === null
          ? html`<fangtu-login class="login" .locale=${this.locale} .demo=${this.health?.demoAccounts ?? false} @signed-in=${(event: CustomEvent<CurrentUser>) => this.#signedIn(event.detail)}></fangtu-login>`
          : nothing
      }
      ${this.user ? this.#renderWorkbench() : nothing}
      <fangtu-toasts .locale=${this.locale}></fangtu-toasts>
    `;
  }

  #renderTools() {
    const measuring = this.measurement;
    const result = measuring?.result;
    return html`<h2>${this.t("toolsHeading")}</h2>
      <div class="tools">
        <button type="button" class="tool measure-distance" aria-pressed=${measuring?.mode === "distance"} @click=${() => this.#measure("distance")}>${this.t("measureDistance")}</button>
        <button type="button" class="tool measure-area" aria-pressed=${measuring?.mode === "area"} @click=${() => this.#measure("area")}>${this.t("measureArea")}</button>
        <button type="button" class="tool zoom-selection" ?disabled=${!this.view.selection} @click=${this.#zoomToSelection}>${this.t("zoomToSelection")}</button>
        <button type="button" class="tool export-png" @click=${this.#exportPng}>${this.t("exportPng")}</button>
        <button type="button" class="tool print" @click=${this.#print}>${this.t("printView")}</button>
        <button type="button" class="tool open-table" aria-pressed=${this.view.table !== undefined} @click=${() => this.#setView({ table: this.view.table ? undefined : "buildings" })}>${this.t("openTable")}</button>
      </div>
      ${
        measuring
          ? html`<div class="measurement" role="status">
              <div class="muted">${this.t("measureHint")}</div>
              <div>${this.t("measureDistanceResult")}：<strong>${formatDistance(this.locale, result?.meters ?? 0)}</strong></div>
              ${measuring.mode === "area" ? html`<div>${this.t("measureAreaResult")}：<strong>${formatSurface(this.locale, result?.squareMeters ?? 0)}</strong></div>` : nothing}
              <button type="button" class="tool" @click=${() => this.#stopMeasuring()}>${this.t("measureStop")}</button>
            </div>`
          : nothing
      }`;
  }

  #renderInventory() {
    const health = this.health;
    if (!health) return nothing;
    return html`<h2>${this.t("inventory")}</h2>
      <dl class="inventory">
        <dt>${this.t("regions")}</dt><dd>${this.count(health.counts.regions)}</dd>
        <dt>${this.t("units")}</dt><dd>${this.count(health.counts.units)}</dd>
        <dt>${this.t("buildings")}</dt><dd>${this.count(health.counts.buildings)}</dd>
        <dt>${this.t("rooms")}</dt><dd>${this.count(health.counts.rooms)}</dd>
        <dt>${this.t("database")}</dt><dd>${this.t(health.mode)} · PostGIS ${health.postgis}</dd>
      </dl>`;
  }

  #renderInspector() {
    if (this.requests)
      return html`<aside class="inspector wide" aria-label=${this.t("requestsHeading")}>
        <button type="button" class="close close-requests" aria-label=${this.t("requestsClose")} @click=${() => (this.requests = false)}>×</button>
        <fangtu-requests-panel .locale=${this.locale} .user=${this.user}
          @request-filed=${(event: CustomEvent<string>) => this.#toast(event.detail, "info")}
          @request-decided=${(event: CustomEvent<string>) => {
            this.#toast(event.detail, "info");
            // A re-allocation changed rooms from idle to in use: the idle-space layers must follow.
            this.#map?.refreshData();
          }}></fangtu-requests-panel>
      </aside>`;
    if (this.scenarios) {
      const building = this.view.selection?.kind === "building" ? this.#building?.building : undefined;
      return html`<aside class="inspector scenario" aria-label=${this.t("scenarioHeading")}>
        <fangtu-scenario-panel
          .locale=${this.locale}
          .getMap=${() => this.#map}
          .canEdit=${this.#canEdit}
          .canApprove=${this.user?.roles.includes("approver") ?? false}
          .selectedBuilding=${building && building.id === this.view.selection?.id ? { id: building.id, name: building.name } : undefined}
          @scenario-close=${() => {
            this.scenarios = false;
            this.scenarioView = undefined;
          }}
          @scenario-compare=${(event: CustomEvent<number[]>) => this.#showScenarios("compare", event.detail)}
          @scenario-split=${(event: CustomEvent<number[]>) => this.#showScenarios("split", event.detail)}
          @scenario-approved=${(event: CustomEvent<string>) => this.#toast(this.t("scenarioApproved", { name: event.detail }), "info")}
          @scenario-applied=${(event: CustomEvent<string>) => {
            this.#toast(this.t("scenarioApplied", { name: event.detail }), "info");
            this.#map?.refreshData();
          }}
        ></fangtu-scenario-panel>
      </aside>`;
    }
    if (this.sites)
      return html`<aside class="inspector sites" aria-label=${this.t("sitesHeading")}>
        <fangtu-sites-panel .locale=${this.locale} .getMap=${() => this.#map} .canPropose=${this.#canEdit}
          .canApprove=${this.user?.roles.some((role) => role === "approver" || role === "system_admin") ?? false}
          @sites-close=${() => (this.sites = false)}
          @conversion-proposed=${(event: CustomEvent<string>) => this.#toast(event.detail, "info")}
          @conversion-completed=${(event: CustomEvent<string>) => {
            this.#toast(event.detail, "info");
            this.#map?.refreshData();
          }}></fangtu-sites-panel>
      </aside>`;
    if (this.zone)
      return html`<aside class="inspector zone" aria-label=${this.t("zoneHeading")}>
        <fangtu-zone-panel
          .locale=${this.locale}
          .kind=${this.zone}
          .getMap=${() => this.#map}
          @zone-close=${() => (this.zone = undefined)}
          @zone-saved=${(event: CustomEvent<string>) => this.#toast(this.t("zoneSaved", { name: event.detail }), "info")}
        ></fangtu-zone-panel>
      </aside>`;
    const selection = this.view.selection;
    if (!selection) return nothing;
    return html`<aside class="inspector" aria-label=${this.t(selection.kind)}>
      <button type="button" class="close" aria-label=${this.t("inspectorClose")} @click=${() => this.#select(undefined)}>×</button>
      ${
        selection.kind === "building"
          ? html`<fangtu-building-inspector .locale=${this.locale} .buildingId=${selection.id} .editable=${this.#canEdit}
              .staff=${this.#isStaff}
              @outflow-recorded=${(event: CustomEvent<string>) => {
                this.#toast(event.detail, "info");
                // Separated rooms change the building's use status: the tiles must follow.
                this.#map?.refreshData();
              }}
              @building-loaded=${(event: CustomEvent<BuildingDetail>) => {
                this.#building = event.detail;
                this.requestUpdate();
              }}
              @building-missing=${() => this.#select(undefined)}></fangtu-building-inspector>`
          : html`<fangtu-unit-inspector
              .locale=${this.locale}
              .unitId=${selection.id}
              @unit-loaded=${(event: CustomEvent<UnitDetail>) => this.#onUnitLoaded(event.detail)}
              @unit-pick=${(event: CustomEvent<number>) => this.#select({ kind: "unit", id: event.detail })}
              @building-pick=${(event: CustomEvent<UnitDetail["sites"][number]>) => {
                this.#map?.fitBounds(event.detail.bbox);
                this.#select({ kind: "building", id: event.detail.building_id });
              }}
            ></fangtu-unit-inspector>`
      }
    </aside>`;
  }

  /** What paper gets: title, time, the map as an image, the theme's legend and the selection's figures. */
  #renderPrintSheet() {
    if (this.printContent !== undefined)
      return html`<section class="print-sheet" aria-hidden="true">${this.printContent}</section>`;
    const theme = themeById(this.view.theme);
    const building = this.view.selection?.kind === "building" ? this.#building?.building : undefined;
    const unit = this.view.selection?.kind === "unit" ? this.#unit : undefined;
    return html`<section class="print-sheet" aria-hidden="true">
      <h1>${this.t("printTitle")} · ${this.region?.region.name ?? ""}</h1>
      <p>${this.t("printedAt")}：${new Date().toLocaleString(this.locale)}</p>
      ${this.printImage ? html`<img src=${this.printImage} alt="" />` : nothing}
      <div class="print-legend">
        <strong>${this.t(theme.label)}</strong>
        ${theme.legend.map((entry) => html`<span><span class="swatch" style="background:${entry.color}"></span>${this.t(entry.label)}</span>`)}
      </div>
      ${
        building
          ? html`<p class="print-selection">${building.name} · ${this.t("grossArea")} ${this.area(building.gross_area)} ·
              ${this.t("usableArea")} ${this.area(building.usable_area)} · ${this.t("idleArea")} ${this.area(building.idle_area)}</p>`
          : nothing
      }
      ${
        unit
          ? html`<p class="print-selection">${unit.unit.name} · ${this.t("headcount")} ${unit.headcount.authorized} / ${unit.headcount.actual} ·
              ${this.t("totalArea")} ${this.area(unit.totalArea)}</p>`
          : nothing
      }
      <p class="muted">${this.t("demoNotice")}</p>
    </section>`;
  }

  #renderWorkbench() {
    const view = this.view;
    return html`
      <div class="body ${view.selection || this.zone || this.requests || this.scenarios || this.sites ? "with-inspector" : ""} ${this.requests ? "wide" : ""} ${view.supervision ? "supervising" : ""}">
        <aside class="panel" aria-label=${this.t("panelLayers")}>
          <fangtu-layer-panel
            .locale=${this.locale}
            .region=${this.region}
            .theme=${view.theme}
            .overlays=${view.overlays}
            .choropleth=${view.choropleth}
            @theme-change=${(event: CustomEvent<ThemeId>) => {
              this.#setView({ theme: event.detail });
              this.#map?.setTheme(event.detail);
            }}
            @overlays-change=${(event: CustomEvent<OverlayId[]>) => {
              this.#setView({ overlays: event.detail });
              this.#map?.setOverlays(event.detail);
            }}
            @choropleth-change=${(event: CustomEvent<ChoroplethMetric>) => {
              this.#setView({ choropleth: event.detail });
              this.#map?.setChoropleth(event.detail);
            }}
          ></fangtu-layer-panel>
          ${this.#renderTools()} ${this.#renderPlanning()} ${this.#renderSupervision()}
          ${
            this.#canEdit
              ? html`<fangtu-edit-panel
                  .locale=${this.locale}
                  .getMap=${() => this.#map}
                  .history=${this.#history}
                  .building=${view.selection?.kind === "building" && this.#building?.building.id === view.selection.id ? this.#building.building : undefined}
                ></fangtu-edit-panel>`
              : nothing
          }
          <fangtu-ledgers-panel .locale=${this.locale} .region=${this.region?.region.code}></fangtu-ledgers-panel>
          ${this.#renderInventory()}
          <p class="notice">${this.t("demoNotice")} ${this.t("zoomHint")}</p>
        </aside>
        <main>
          <div class="map-wrap">
            ${
              // The map waits for /api/health: it says whether the deployment has an external basemap.
              this.health
                ? html`<fangtu-map></fangtu-map>`
                : html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>`
            }
            ${this.#renderScenarioView()} ${this.#renderSupervisionView()}
          </div>
          ${
            view.table
              ? html`<fangtu-table-panel
                  .locale=${this.locale}
                  .table=${view.table}
                  .region=${this.region?.region.code}
                  .filter=${view.filter}
                  .selectedId=${view.selection?.kind === (view.table === "units" ? "unit" : "building") ? view.selection?.id : undefined}
                  @table-change=${(event: CustomEvent<TableId>) => this.#setView({ table: event.detail, filter: "" })}
                  @filter-change=${(event: CustomEvent<string>) => this.#setView({ filter: event.detail })}
                  @table-close=${() => this.#setView({ table: undefined, filter: "" })}
                  @row-pick=${(event: CustomEvent<{ table: TableId; row: TableRow }>) => this.#onRowPick(event.detail)}
                ></fangtu-table-panel>`
              : nothing
          }
        </main>
        ${this.#renderInspector()}
      </div>
      ${this.#renderPrintSheet()}
    `;
  }
}

customElements.define("fangtu-app", FangtuApp);
