import { html, nothing } from "lit";
import { maintenanceApi, type Repair, repairStatuses } from "../../api/sv-maintenance.js";
import type { MessageKey } from "../../i18n/messages.js";
import { sharedStyles } from "../shared-styles.js";
import { SupervisionTabElement } from "./supervision-tab.js";
import { maintenanceStyles } from "./sv-maintenance-styles.js";
import "./fangtu-sv-maintenance-detail.js";
import "./fangtu-sv-maintenance-form.js";

/** The filters kept in the tab's link (`svq`), besides `id` (the open request) and `new` (the form). */
const filterKeys = ["status", "kind", "unit", "overdue", "violation"] as const;

/**
 * The maintenance tab (维修管理, issue 10 item 6): repair requests with filters, the open request's
 * detail with the steps the signed-in user may take, and the filing form for unit users.
 */
export class FangtuSvMaintenance extends SupervisionTabElement {
  static override properties = {
    ...SupervisionTabElement.properties,
    repairs: { state: true },
    total: { state: true },
    loading: { state: true },
  };
  static override styles = [sharedStyles, maintenanceStyles];

  repairs: Repair[] | undefined;
  total = 0;
  loading = false;
  /** Units seen in unfiltered lists: the unit filter's options. */
  #units = new Map<number, string>();
  #loadedQuery: string | undefined;
  #abort: AbortController | undefined;

  override willUpdate(): void {
    // Signed out (the login form over the tab): nothing to ask; signing in again reloads.
    if (!this.user) {
      this.#loadedQuery = undefined;
      return;
    }
    const filterQuery = this.#filterQuery();
    if (filterQuery !== this.#loadedQuery) void this.#load(filterQuery);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  #filterQuery(): string {
    const params = this.params;
    return filterKeys.map((key) => `${key}=${params.get(key) ?? ""}`).join("&");
  }

  async #load(filterQuery = this.#filterQuery()): Promise<void> {
    this.#loadedQuery = filterQuery;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.loading = true;
    const params = this.params;
    try {
      const filter = Object.fromEntries(filterKeys.map((key) => [key, params.get(key) ?? ""]));
      const body = await maintenanceApi.list(filter, abort.signal);
      if (!params.get("unit")) for (const row of body.repairs) this.#units.set(row.unit_id, row.unit_name);
      this.repairs = body.repairs;
      this.total = body.total;
    } catch (error) {
      this.reportError(error);
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  #set(patch: Record<string, string | undefined>): void {
    this.setQuery("maintenance", patch);
  }

  override render() {
    const params = this.params;
    const openId = Number(params.get("id") ?? "") || undefined;
    const filing = params.get("new") === "1";
    const isUnit = this.hasRole("unit_user");
    const side = filing
      ? html`<fangtu-sv-maintenance-form class="side" .locale=${this.locale}
          @repair-filed=${(event: CustomEvent<Repair>) => {
            this.#loadedQuery = undefined;
            this.#set({ new: undefined, id: String(event.detail.id) });
          }}
          @repair-cancel=${() => this.#set({ new: undefined })}></fangtu-sv-maintenance-form>`
      : openId
        ? html`<fangtu-sv-maintenance-detail class="side" .locale=${this.locale} .user=${this.user}
            .repairId=${openId}
            @repair-changed=${() => void this.#load()}
            @repair-close=${() => this.#set({ id: undefined })}></fangtu-sv-maintenance-detail>`
        : nothing;
    return html`
      <p class="intro">${this.t("mtIntro")}</p>
      ${this.#renderFilters(isUnit)}
      <div class="layout ${side === nothing ? "" : "with-side"}">
        <section aria-label=${this.t("mtHeading")}>${this.#renderList(openId, isUnit)}</section>
        ${side}
      </div>`;
  }

  #renderFilters(isUnit: boolean) {
    const params = this.params;
    const select = (key: "status" | "kind" | "unit", options: Array<[string, string]>) =>
      html`<label>${this.t(`mtFilter_${key}` as MessageKey)}
        <select data-filter=${key} @change=${(event: Event) =>
          this.#set({ [key]: (event.target as HTMLSelectElement).value, id: undefined })}>
          <option value="" ?selected=${!params.get(key)}>${this.t("mtAll")}</option>
          ${options.map(([value, label]) => html`<option value=${value} ?selected=${params.get(key) === value}>${label}</option>`)}
        </select></label>`;
    const check = (key: "overdue" | "violation") =>
      html`<label><input type="checkbox" data-filter=${key} .checked=${params.get(key) === "true"}
        @change=${(event: Event) =>
          this.#set({
            [key]: (event.target as HTMLInputElement).checked ? "true" : undefined,
            id: undefined,
          })} />
        ${this.t(`mtFilter_${key}` as MessageKey)}</label>`;
    const units = [...this.#units.entries()].sort((a, b) => a[1].localeCompare(b[1], "zh-CN"));
    return html`<div class="filters" role="search">
      ${select(
        "status",
        repairStatuses.map((status) => [status, this.t(`mtStatus_${status}` as MessageKey)]),
      )}
      ${select("kind", [
        ["routine", this.t("mtKind_routine")],
        ["major", this.t("mtKind_major")],
      ])}
      ${
        isUnit && units.length <= 1
          ? nothing
          : select(
              "unit",
              units.map(([id, name]) => [String(id), name]),
            )
      }
      ${check("overdue")} ${check("violation")}
      ${isUnit ? html`<button type="button" class="primary file-repair" @click=${() => this.#set({ new: "1", id: undefined })}>${this.t("mtFile")}</button>` : nothing}
      <span class="muted">${this.repairs ? this.t("mtCount", { count: this.count(this.total) }) : ""}</span>
    </div>`;
  }

  #renderList(openId: number | undefined, isUnit: boolean) {
    if (!this.repairs)
      return html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>`;
    const filtered = filterKeys.some((key) => this.params.get(key));
    if (this.repairs.length === 0)
      return html`${this.loading ? html`<div class="progress" role="progressbar"></div>` : nothing}
        <p class="empty">${isUnit && !filtered ? this.t("mtEmptyUnit") : this.t("mtEmpty")}</p>`;
    const number = new Intl.NumberFormat(this.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const wan = (value: number | null) => (value === null ? "—" : number.format(value));
    return html`${this.loading ? html`<div class="progress" role="progressbar"></div>` : nothing}
      <table class="compact repairs">
        <thead><tr>
          <th>${this.t("mtCol_id")}</th><th>${this.t("mtCol_title")}</th><th>${this.t("mtCol_unit")}</th>
          <th>${this.t("mtCol_building")}</th><th>${this.t("mtCol_kind")}</th><th>${this.t("mtCol_status")}</th>
          <th class="number">${this.t("mtCol_estimate")}</th><th class="number">${this.t("mtCol_contract")}</th>
          <th>${this.t("mtCol_due")}</th>
        </tr></thead>
        <tbody>
          ${this.repairs.map(
            (repair) => html`<tr data-id=${repair.id} aria-selected=${repair.id === openId} tabindex="0"
              @click=${() => this.#set({ id: String(repair.id), new: undefined })}
              @keydown=${(event: KeyboardEvent) => event.key === "Enter" && this.#set({ id: String(repair.id), new: undefined })}>
              <td>${repair.id}</td>
              <td>${repair.title}
                ${repair.unapproved ? html` <span class="badge violation" title=${this.t("mtViolationHint")}>${this.t("mtViolation")}</span>` : nothing}
                ${repair.overdue ? html` <span class="badge overdue">${this.t("mtOverdue")}</span>` : nothing}</td>
              <td>${repair.unit_name}</td>
              <td>${repair.building_name}</td>
              <td>${this.t(`mtKind_${repair.kind}` as MessageKey)}</td>
              <td><span class="badge status-${repair.status}">${this.t(`mtStatus_${repair.status}` as MessageKey)}</span></td>
              <td class="number">${wan(repair.estimated_cost)}</td>
              <td class="number">${wan(repair.contract_price)}</td>
              <td>${repair.due_on ?? "—"}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }
}

customElements.define("fangtu-sv-maintenance", FangtuSvMaintenance);
