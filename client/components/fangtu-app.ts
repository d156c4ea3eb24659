import { html, LitElement, nothing } from "lit";
import { api, type CurrentUser, type Health, type SearchHit } from "../api/fangtu-api.js";
import { formatArea, formatCount, type Locale, type MessageKey, translate } from "../i18n/messages.js";
import { appStyles } from "./fangtu-app.styles.js";
import type { FangtuMap } from "./fangtu-map.js";
import "./fangtu-map.js";
import "./fangtu-login.js";

type SearchState =
  | { status: "idle" }
  | { status: "searching" }
  | { status: "done"; hits: SearchHit[] }
  | { status: "failed"; message: string };

/** The first page: inventory counts, search and the map of Heilongjiang with its buildings. */
export class FangtuApp extends LitElement {
  static override styles = appStyles;
  static override properties = {
    locale: { state: true },
    health: { state: true },
    search: { state: true },
    selected: { state: true },
    user: { state: true },
    error: { state: true },
  };

  locale: Locale = "zh-CN";
  health: Health | undefined;
  search: SearchState = { status: "idle" };
  selected: Record<string, unknown> | undefined;
  /** undefined while checking the session, null when signed out. */
  user: CurrentUser | null | undefined;
  #mapWired = false;
  error: string | undefined;
  #searchRequest: AbortController | undefined;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    api
      .me()
      .then((user) => (this.user = user))
      .catch((error: unknown) => {
        this.user = null;
        this.error = error instanceof Error ? error.message : String(error);
      });
    api
      .health()
      .then((health) => (this.health = health))
      .catch((error: unknown) => (this.error = error instanceof Error ? error.message : String(error)));
  }

  override updated(): void {
    const map = this.renderRoot.querySelector<FangtuMap>("fangtu-map");
    if (!map) this.#mapWired = false;
    if (map && !this.#mapWired) {
      this.#mapWired = true;
      map.events = {
        onBuildingClick: (properties) => (this.selected = properties),
        onError: (message) => (this.error = message),
      };
    }
  }

  t(key: MessageKey): string {
    return translate(this.locale, key);
  }

  #onSearchInput(event: InputEvent): void {
    const text = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.#searchTimer);
    this.#searchRequest?.abort();
    if (!text) {
      this.search = { status: "idle" };
      return;
    }
    this.#searchTimer = setTimeout(() => {
      const controller = new AbortController();
      this.#searchRequest = controller;
      this.search = { status: "searching" };
      api
        .search(text, controller.signal)
        .then((hits) => (this.search = { status: "done", hits }))
        .catch((error: unknown) => {
          if (!controller.signal.aborted)
            this.search = {
              status: "failed",
              message: error instanceof Error ? error.message : String(error),
            };
        });
    }, 200);
  }

  #goTo(hit: SearchHit): void {
    const map = this.renderRoot.querySelector<FangtuMap>("fangtu-map")?.mapView;
    if (hit.center) map?.flyTo(hit.center, 16);
    if (hit.type === "building") map?.selectAndInspect(hit.id);
  }

  async #signOut(): Promise<void> {
    await api.logout().catch(() => undefined);
    this.user = null;
    this.selected = undefined;
    this.search = { status: "idle" };
  }

  #toggleLanguage(): void {
    this.locale = this.locale === "zh-CN" ? "en" : "zh-CN";
    document.documentElement.lang = this.locale;
  }

  #renderSearch() {
    const search = this.search;
    switch (search.status) {
      case "idle":
        return nothing;
      case "searching":
        return html`<p class="muted">${this.t("searching")}</p>`;
      case "failed":
        return html`<p class="error">${search.message}</p>`;
      case "done":
        if (search.hits.length === 0) return html`<p class="muted">${this.t("noResults")}</p>`;
        return html`<ul class="results">
          ${search.hits.map(
            (hit) => html`<li>
              <button type="button" @click=${() => this.#goTo(hit)}>
                <span class="kind ${hit.type}">${this.t(hit.type)}</span>${hit.name}
                <div class="muted">${hit.region_name}</div>
              </button>
            </li>`,
          )}
        </ul>`;
      default: {
        const unreachable: never = search;
        return unreachable;
      }
    }
  }

  #renderInventory() {
    const health = this.health;
    if (!health) return html`<p class="muted">${this.t("loading")}</p>`;
    const count = (value: number) => formatCount(this.locale, value);
    return html`<dl>
      <dt>${this.t("regions")}</dt><dd>${count(health.counts.regions)}</dd>
      <dt>${this.t("units")}</dt><dd>${count(health.counts.units)}</dd>
      <dt>${this.t("buildings")}</dt><dd>${count(health.counts.buildings)}</dd>
      <dt>${this.t("rooms")}</dt><dd>${count(health.counts.rooms)}</dd>
      <dt>${this.t("database")}</dt><dd>${this.t(health.mode)} · PostGIS ${health.postgis}</dd>
    </dl>`;
  }

  #renderSelected() {
    const building = this.selected;
    if (!building) return nothing;
    const area = (value: unknown) => formatArea(this.locale, Number(value ?? 0));
    return html`<h2>${String(building.name)}</h2>
      <dl>
        <dt>${this.t("grossArea")}</dt><dd>${area(building.gross_area)}</dd>
        <dt>${this.t("usableArea")}</dt><dd>${area(building.usable_area)}</dd>
        <dt>${this.t("idleArea")}</dt><dd>${area(building.idle_area)}</dd>
        <dt>${this.t("floors")}</dt><dd>${String(building.floors_above)}</dd>
      </dl>`;
  }

  override render() {
    const legend: Array<[string, MessageKey]> = [
      ["#2f6fab", "legendOffice"],
      ["#e9a23b", "legendPartlyIdle"],
      ["#d64545", "legendIdle"],
      ["#d08b2c", "legendCommercial"],
      ["#8e6cbf", "legendAsset"],
    ];
    return html`
      <header>
        <h1>${this.t("title")}</h1>
        <span class="subtitle">${this.t("subtitle")}</span>
        ${this.user ? html`<span class="user">${this.user.display_name}</span>` : nothing}
        <button type="button" class="language" @click=${this.#toggleLanguage}>${this.t("language")}</button>
        ${this.user ? html`<button type="button" class="sign-out" @click=${this.#signOut}>${this.t("signOut")}</button>` : nothing}
      </header>
      ${this.user === undefined ? html`<p class="muted checking">${this.t("loading")}</p>` : nothing}
      ${
        this.user === null
          ? html`<fangtu-login
              class="login"
              .locale=${this.locale}
              .demo=${this.health?.demoAccounts ?? false}
              @signed-in=${(event: CustomEvent<CurrentUser>) => (this.user = event.detail)}
            ></fangtu-login>`
          : nothing
      }
      ${this.user ? this.#renderWorkbench(legend) : nothing}`;
  }

  #renderWorkbench(legend: Array<[string, MessageKey]>) {
    return html`
      <aside>
        <input type="search" aria-label=${this.t("searchPlaceholder")} placeholder=${this.t("searchPlaceholder")} @input=${this.#onSearchInput} />
        ${this.#renderSearch()} ${this.#renderSelected()}
        <h2>${this.t("inventory")}</h2>
        ${this.#renderInventory()}
        <h2>${this.t("legend")}</h2>
        <div class="legend">${legend.map(([color, key]) => html`<div><span style="background:${color}"></span>${this.t(key)}</div>`)}</div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <p class="notice">${this.t("demoNotice")} ${this.t("zoomHint")}</p>
      </aside>
      <main><fangtu-map></fangtu-map></main>
    `;
  }
}

customElements.define("fangtu-app", FangtuApp);
