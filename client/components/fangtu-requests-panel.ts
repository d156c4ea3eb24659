import { html, nothing } from "lit";
import { api, type CurrentUser } from "../api/fangtu-api.js";
import type { AllocationRequest, RequestPage, RequestStatus } from "../api/request-types.js";
import type { UnitEntitlementReport } from "../api/types.js";
import { corePosition, previewCheck } from "../state/request-plans.js";
import { LocalizedElement } from "./localized-element.js";
import { requestStyles } from "./request-styles.js";
import { sharedStyles } from "./shared-styles.js";
import "./fangtu-request-detail.js";

const statuses: readonly RequestStatus[] = ["submitted", "planning", "decided", "rejected", "withdrawn"];

/** Whether a user prepares and decides allocations (the server checks the region as well). */
export function isAllocator(user: Pick<CurrentUser, "roles">): boolean {
  return user.roles.some((role) => role === "planner" || role === "approver" || role === "system_admin");
}

/**
 * Allocation requests (调配申报, DOMAIN.md workflow 5). A unit user sees the unit's standard position
 * from the ledger, files a request (area, reason, date) and follows their requests; the
 * administration filters the requests by status and opens one (fangtu-request-detail) to prepare,
 * compare and choose plans.
 */
export class FangtuRequestsPanel extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    user: { attribute: false },
    status: { state: true },
    page: { state: true },
    loading: { state: true },
    openId: { state: true },
    report: { state: true },
    filing: { state: true },
    requested: { state: true },
  };
  static override styles = [sharedStyles, requestStyles];

  user: CurrentUser | undefined;
  status: RequestStatus | undefined;
  page: RequestPage | undefined;
  loading = false;
  openId: number | undefined;
  /** The unit user's own unit against the standard (null: it has none to show). */
  report: UnitEntitlementReport | null | undefined;
  filing = false;
  /** The area typed in the form so far, for the check against the shortfall. */
  requested = 0;
  #request: AbortController | undefined;

  get #staff(): boolean {
    return this.user ? isAllocator(this.user) : false;
  }

  /** The unit this user files for: a unit user's own unit (staff file on a unit's behalf via the API). */
  get #ownUnit(): number | null {
    return this.#staff ? null : (this.user?.unit_id ?? null);
  }

  override firstUpdated(): void {
    void this.#load();
    const unit = this.#ownUnit;
    if (unit !== null)
      api
        .unitEntitlement(unit)
        .then((report) => (this.report = report))
        .catch((error: unknown) => {
          this.report = null;
          this.reportError(error);
        });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
  }

  async #load(): Promise<void> {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    this.loading = true;
    try {
      const page = await api.allocationRequests(this.status, controller.signal);
      if (!controller.signal.aborted) this.page = page;
    } catch (error) {
      this.reportError(error);
    } finally {
      if (this.#request === controller) this.loading = false;
    }
  }

  async #file(event: SubmitEvent, unitId: number): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const neededBy = String(data.get("neededBy") ?? "");
    const requestedArea = Number(data.get("area"));
    this.filing = true;
    try {
      await api.fileRequest({
        unitId,
        requestedArea,
        reason: String(data.get("reason") ?? "").trim(),
        ...(neededBy ? { neededBy } : {}),
      });
      form.reset();
      this.requested = 0;
      this.emit("request-filed", this.t("requestFiled", { area: this.area(requestedArea) }));
      await this.#load();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.filing = false;
    }
  }

  #statusTag(status: RequestStatus) {
    return html`<span class="tag status-${status}">${this.t(`requestStatus_${status}` as const)}</span>`;
  }

  #renderPosition(report: UnitEntitlementReport) {
    const core = corePosition(report);
    if (!core) return html`<p class="empty">${this.t("positionNone")}</p>`;
    const requested = this.requested > 0 ? previewCheck(core, this.requested) : undefined;
    return html`<table class="compact position">
        <thead>
          <tr><th></th><th class="number">${this.t("positionEntitled")}</th><th class="number">${this.t("positionActual")}</th><th class="number">${this.t("positionSurplus")}</th></tr>
        </thead>
        <tbody>
          ${report.comparison.map(
            (row) => html`<tr class=${row.category === "core" ? "core" : ""}>
              <td>${row.category === "core" ? this.t("positionCore") : this.v("use_category", row.category)}</td>
              <td class="number">${this.area(row.entitled, 2)}</td>
              <td class="number">${this.area(row.actual, 2)}</td>
              <td class="number ${row.surplus < 0 ? "short" : row.surplus > 0 ? "over" : ""}">${row.surplus > 0 ? "+" : ""}${this.area(row.surplus, 2)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <p class=${core.surplus < 0 ? "short" : "over"}>
        ${core.surplus < 0 ? this.t("positionShort", { area: this.area(-core.surplus, 2) }) : this.t("positionOver", { area: this.area(core.surplus, 2) })}
      </p>
      ${
        requested?.exceeds
          ? html`<p class="note shortfall-note" role="status">${
              requested.shortfall === 0
                ? this.t("requestNoShortfall")
                : this.t("requestAboveShortfall", {
                    requested: this.area(this.requested, 2),
                    shortfall: this.area(requested.shortfall, 2),
                  })
            }</p>`
          : nothing
      }`;
  }

  #renderFiling(unitId: number) {
    return html`<h3>${this.t("requestPositionHeading")}</h3>
      ${this.report === undefined ? html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>` : nothing}
      ${this.report ? this.#renderPosition(this.report) : nothing}
      <h3>${this.t("requestNewHeading")}</h3>
      <form class="file" @submit=${(event: SubmitEvent) => this.#file(event, unitId)}>
        <label>${this.t("requestArea")}（m²）
          <input name="area" type="number" required min="1" max="50000" step="0.01"
            @input=${(event: Event) => (this.requested = Number((event.target as HTMLInputElement).value) || 0)} />
        </label>
        <label>${this.t("requestReason")}
          <textarea name="reason" required maxlength="2000"></textarea>
        </label>
        <label>${this.t("requestNeededBy")}
          <input name="neededBy" type="date" />
        </label>
        <div class="row">
          <button type="submit" class="tool primary file-request" ?disabled=${this.filing}>
            ${this.filing ? this.t("requestFiling") : this.t("requestFile")}
          </button>
        </div>
      </form>`;
  }

  #renderList(page: RequestPage) {
    if (page.items.length === 0) return html`<p class="empty">${this.t("requestsEmpty")}</p>`;
    const date = (value: string | null) => (value ? new Date(value).toLocaleDateString(this.locale) : "—");
    return html`<table class="compact requests">
      <thead>
        <tr>
          <th>${this.t("requestUnit")}</th>
          <th class="number">${this.t("requestArea")}</th>
          <th>${this.t("requestStatus")}</th>
          <th>${this.t("requestSubmittedAt")}</th>
          <th>${this.t("requestNeededBy")}</th>
        </tr>
      </thead>
      <tbody>
        ${page.items.map(
          (
            item: AllocationRequest,
          ) => html`<tr class="pick" data-request=${item.id} @click=${() => (this.openId = item.id)}>
            <td><button type="button" class="link">${item.unitName}</button>${item.grassroots ? html` <span class="tag">${this.t("requestGrassroots")}</span>` : nothing}<br /><span class="muted">${item.reason}</span></td>
            <td class="number">${this.area(item.requestedArea, 2)}</td>
            <td>${this.#statusTag(item.status)}</td>
            <td>${date(item.submittedAt)}</td>
            <td>${date(item.neededBy)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  override render() {
    const unit = this.#ownUnit;
    const header = html`<h2>${this.t("requestsHeading")}</h2>`;
    if (this.openId !== undefined)
      return html`${header}
        <fangtu-request-detail .locale=${this.locale} .requestId=${this.openId} .canDecide=${this.#staff}
          @request-back=${() => {
            this.openId = undefined;
            void this.#load();
          }}></fangtu-request-detail>`;
    return html`${header}
      <p class="muted">${this.t(this.#staff ? "requestsHintStaff" : "requestsHintUnit")}</p>
      ${unit !== null ? this.#renderFiling(unit) : nothing}
      <div class="row">
        <h3>${this.t(unit !== null ? "requestsMine" : "requestsList", { count: this.page?.total ?? 0 })}</h3>
        <span style="flex:1"></span>
        <label>${this.t("requestsFilter")}
          <select name="status" @change=${(event: Event) => {
            const value = (event.target as HTMLSelectElement).value;
            this.status = value ? (value as RequestStatus) : undefined;
            void this.#load();
          }}>
            <option value="" ?selected=${this.status === undefined}>${this.t("requestsAll")}</option>
            ${statuses.map((status) => html`<option value=${status} ?selected=${this.status === status}>${this.t(`requestStatus_${status}` as const)}</option>`)}
          </select>
        </label>
      </div>
      ${this.loading ? html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>` : nothing}
      ${this.page ? this.#renderList(this.page) : nothing}`;
  }
}

customElements.define("fangtu-requests-panel", FangtuRequestsPanel);
