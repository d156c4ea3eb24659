import { html, nothing } from "lit";
import { api } from "../../api/fangtu-api.js";
import {
  FINDING_ALERTS_EVENT,
  type Finding,
  type FindingAlerts,
  type FindingAlertsEventDetail,
  type FindingPage,
  findingBadgeCount,
  findingStatuses,
  findingsApi,
} from "../../api/sv-findings.js";
import type { MessageKey } from "../../i18n/messages.js";
import { sharedStyles } from "../shared-styles.js";
import { SupervisionTabElement } from "./supervision-tab.js";
import { svFindingStyles } from "./sv-finding.styles.js";
import "./fangtu-sv-finding-detail.js";
import { deadlineTag, ruleLabel, statusTag } from "./sv-finding-parts.js";

/** Parameters of the tab's link that filter the list (the shared contract of issue 10), less `id`. */
const filterKeys = [
  "region",
  "status",
  "unit",
  "severity",
  "overdue",
  "dueSoon",
  "age",
  "source",
  "inspection",
  "sort",
];
const PAGE = 50;

/**
 * The finding ledger (问题台账, 立账整改): the overdue alert, counts per status as chips, the filters of
 * the tab's link, the list (unit, rule and description, severity, raised, deadline, age, status, overdue)
 * and, beside it, the chosen finding with its history and the actions the signed-in role may take.
 * Every filter lives in the link (`svq`), so the dashboard's numbers open the list behind them.
 */
export class FangtuSvFindings extends SupervisionTabElement {
  static override properties = {
    ...SupervisionTabElement.properties,
    page: { state: true },
    alerts: { state: true },
    loading: { state: true },
    confirmingChecks: { state: true },
    raising: { state: true },
    notice: { state: true },
    unitName: { state: true },
  };
  static override styles = [sharedStyles, svFindingStyles];

  page: FindingPage | undefined;
  alerts: FindingAlerts | undefined;
  loading = false;
  /** The region the rule checks would run over, while its confirmation shows. */
  confirmingChecks: { code: string; name: string } | undefined;
  raising = false;
  notice: string | undefined;
  unitName: string | undefined;
  #listKey = "";
  #request: AbortController | undefined;

  /** The list's query: the link's filters, the region in focus by default. */
  get #listQuery(): string {
    const source = this.params;
    const query = new URLSearchParams();
    for (const key of filterKeys) {
      const value = source.get(key);
      if (value) query.set(key, value);
    }
    if (!query.has("region") && this.region) query.set("region", this.region);
    return query.toString();
  }

  get #region(): string | undefined {
    return this.params.get("region") ?? this.region;
  }

  get #canRaise(): boolean {
    return this.hasRole("inspector", "approver", "system_admin");
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (!changed.has("query") && !changed.has("region") && !changed.has("user")) return;
    const key = `${this.#listQuery}|${this.user?.username ?? ""}`;
    if (key !== this.#listKey && this.user) {
      this.#listKey = key;
      void this.#load(false);
    }
  }

  async #load(more: boolean): Promise<void> {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    this.loading = true;
    const query = new URLSearchParams(this.#listQuery);
    query.set("limit", String(PAGE));
    if (more && this.page) query.set("offset", String(this.page.findings.length));
    try {
      const [page, alerts] = await Promise.all([
        findingsApi.list(query.toString(), controller.signal),
        more ? Promise.resolve(this.alerts) : findingsApi.alerts(this.#region, controller.signal),
      ]);
      if (controller.signal.aborted) return;
      this.page = more && this.page ? { ...page, findings: [...this.page.findings, ...page.findings] } : page;
      if (alerts && !more) this.#announce(alerts);
      const unit = this.params.get("unit");
      this.unitName = unit
        ? (page.findings.find((finding) => String(finding.unit_id) === unit)?.unit_name ?? `#${unit}`)
        : undefined;
    } catch (error) {
      this.reportError(error);
    } finally {
      if (this.#request === controller) this.loading = false;
    }
  }

  /** Keeps the alert and tells the shell its badge count. */
  #announce(alerts: FindingAlerts): void {
    this.alerts = alerts;
    this.emit<FindingAlertsEventDetail>(FINDING_ALERTS_EVENT, {
      overdue: alerts.overdue,
      dueSoon: alerts.dueSoon,
      open: alerts.open,
      returned: alerts.returned,
      badge: findingBadgeCount(alerts),
    });
  }

  #set(patch: Record<string, string | undefined>): void {
    this.notice = undefined;
    this.setQuery("findings", patch);
  }

  async #askChecks(): Promise<void> {
    const code = this.#region;
    if (!code) return;
    try {
      const detail = await api.region(code);
      this.confirmingChecks = { code, name: detail.region.name };
    } catch (error) {
      this.reportError(error);
    }
  }

  async #raiseFromChecks(code: string): Promise<void> {
    this.raising = true;
    try {
      const result = await findingsApi.fromChecks(code);
      this.confirmingChecks = undefined;
      this.notice = this.t("svf_fromChecksDone", {
        created: result.created,
        already: result.alreadyRecorded,
      });
      this.#listKey = "";
      await this.#load(false);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.raising = false;
    }
  }

  /** After the detail changed a finding: the list and the alert again. */
  #changed = () => {
    void this.#load(false);
  };

  override render() {
    const id = Number(this.params.get("id")) || undefined;
    return html`${this.#renderAlert()}
      <div class="row no-print">
        <h2 style="margin:0 auto 0 0">${this.t("svf_heading")}</h2>
        <a class="tool export" href=${findingsApi.exportUrl(this.#listQuery)} download>${this.t("svf_export")}</a>
        ${this.#canRaise ? html`<button type="button" class="tool from-checks" ?disabled=${this.raising} @click=${() => this.#askChecks()}>${this.t("svf_fromChecks")}</button>` : nothing}
      </div>
      ${this.confirmingChecks ? this.#renderChecksConfirm(this.confirmingChecks) : nothing}
      ${this.notice ? html`<p class="notice" role="status">${this.notice}</p>` : nothing}
      ${this.#renderChips()} ${this.#renderFilters()}
      <div class="layout ${id ? "with-detail" : ""}">
        <div>${this.#renderList(id)}</div>
        ${
          id
            ? html`<fangtu-sv-finding-detail .locale=${this.locale} .user=${this.user} .findingId=${id}
                @finding-changed=${this.#changed}
                @finding-close=${() => this.#set({ id: undefined })}></fangtu-sv-finding-detail>`
            : nothing
        }
      </div>`;
  }

  #renderAlert() {
    const alerts = this.alerts;
    if (!alerts) return nothing;
    const unitUser =
      this.hasRole("unit_user") && !this.hasRole("inspector", "approver", "planner", "system_admin");
    const parts = [];
    if (alerts.overdue > 0)
      parts.push(html`<span><strong>${this.t("svf_alertOverdue", { count: alerts.overdue })}</strong>
        <button type="button" class="link show-overdue" @click=${() => this.#set({ overdue: "1", dueSoon: undefined, status: undefined, sort: "deadline" })}>${this.t("svf_alertShow")}</button></span>`);
    if (alerts.dueSoon > 0)
      parts.push(html`<span>${this.t("svf_alertDueSoon", { count: alerts.dueSoon })}
        <button type="button" class="link show-due-soon" @click=${() => this.#set({ dueSoon: "1", overdue: undefined, status: undefined, sort: "deadline" })}>${this.t("svf_alertShow")}</button></span>`);
    if (unitUser && alerts.open > 0)
      parts.push(html`<span>${this.t("svf_alertOpen", { count: alerts.open })}
        <button type="button" class="link show-open" @click=${() => this.#set({ status: "open", overdue: undefined, dueSoon: undefined })}>${this.t("svf_alertShow")}</button></span>`);
    if (alerts.returned > 0)
      parts.push(html`<span>${this.t("svf_alertReturned", { count: alerts.returned })}</span>`);
    if (parts.length === 0)
      return html`<div class="alert calm-alert" role="status"><span class="quiet">${this.t("svf_alertNone")}</span></div>`;
    return html`<div class="alert findings-alert ${alerts.overdue > 0 ? "overdue" : ""}" role="alert">${parts}</div>`;
  }

  #renderChecksConfirm(region: { code: string; name: string }) {
    return html`<div class="confirm calm checks-confirm" role="alertdialog">
      <p>${this.t("svf_fromChecksConfirm", { region: region.name })}</p>
      <div class="row">
        <button type="button" class="tool primary confirm-checks" ?disabled=${this.raising} @click=${() => this.#raiseFromChecks(region.code)}>${this.t("svf_confirm")}</button>
        <button type="button" class="tool" @click=${() => {
          this.confirmingChecks = undefined;
        }}>${this.t("svf_cancel")}</button>
      </div>
      ${this.raising ? html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>` : nothing}
    </div>`;
  }

  #renderChips() {
    const counts = this.page?.counts;
    const status = this.params.get("status") ?? "";
    const total = counts ? Object.values(counts).reduce((sum, n) => sum + n, 0) : undefined;
    const chip = (value: string, label: string, count: number | undefined) =>
      html`<button type="button" data-status=${value || "all"} aria-pressed=${status === value}
        @click=${() => this.#set({ status: value || undefined })}>${label}${count === undefined ? nothing : html`<span class="n">${this.count(count)}</span>`}</button>`;
    return html`<div class="row chips" role="group" aria-label=${this.t("svf_colStatus")}>
      ${chip("", this.t("svf_all"), total)}
      ${chip("active", this.t("svf_status_active"), counts ? counts.open + counts.rectifying : undefined)}
      ${chip("unclosed", this.t("svf_status_unclosed"), counts ? (total ?? 0) - counts.closed : undefined)}
      ${findingStatuses.map((value) => chip(value, this.t(`svf_status_${value}` as MessageKey), counts?.[value]))}
    </div>`;
  }

  #renderFilters() {
    const params = this.params;
    const select = (name: string, label: MessageKey, options: Array<[string, MessageKey]>) =>
      html`<label class="inline">${this.t(label)}
        <select name=${name} @change=${(event: Event) => this.#set({ [name]: (event.target as HTMLSelectElement).value || undefined })}>
          <option value="" ?selected=${!params.get(name)}>${this.t("svf_anyValue")}</option>
          ${options.map(([value, text]) => html`<option value=${value} ?selected=${params.get(name) === value}>${this.t(text)}</option>`)}
        </select></label>`;
    const check = (name: string, label: MessageKey) =>
      html`<label class="inline"><input type="checkbox" name=${name} .checked=${params.get(name) === "1"}
        @change=${(event: Event) => this.#set({ [name]: (event.target as HTMLInputElement).checked ? "1" : undefined })} />${this.t(label)}</label>`;
    const unit = params.get("unit");
    const inspection = params.get("inspection");
    return html`<div class="row filters">
      ${select("severity", "svf_severity", [
        ["high", "svf_severity_high"],
        ["medium", "svf_severity_medium"],
        ["low", "svf_severity_low"],
      ])}
      ${select("source", "svf_source", [
        ["rule_check", "svf_source_rule_check"],
        ["inspection", "svf_source_inspection"],
      ])}
      ${select("age", "svf_age", [
        ["0-30", "svf_age_0_30"],
        ["31-90", "svf_age_31_90"],
        ["91-", "svf_age_91"],
      ])}
      ${check("overdue", "svf_overdueOnly")} ${check("dueSoon", "svf_dueSoonOnly")}
      <label class="inline">${this.t("svf_sort")}
        <select name="sort" @change=${(event: Event) => this.#set({ sort: (event.target as HTMLSelectElement).value || undefined })}>
          <option value="" ?selected=${!params.get("sort")}>${this.t("svf_sort_newest")}</option>
          <option value="deadline" ?selected=${params.get("sort") === "deadline"}>${this.t("svf_sort_deadline")}</option>
          <option value="age" ?selected=${params.get("sort") === "age"}>${this.t("svf_sort_age")}</option>
        </select></label>
      ${unit ? html`<span class="tag">${this.t("svf_unitFilter", { name: this.unitName ?? `#${unit}` })} <button type="button" class="link" @click=${() => this.#set({ unit: undefined })}>${this.t("svf_clearFilter")}</button></span>` : nothing}
      ${inspection ? html`<span class="tag">${this.t("svf_inspectionFilter", { id: inspection })} <button type="button" class="link" @click=${() => this.#set({ inspection: undefined })}>${this.t("svf_clearFilter")}</button></span>` : nothing}
    </div>`;
  }

  #renderList(selected: number | undefined) {
    const page = this.page;
    if (!page) return html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>`;
    const busy = this.loading
      ? html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>`
      : nothing;
    if (page.findings.length === 0) return html`${busy}<p class="empty">${this.t("svf_empty")}</p>`;
    return html`${busy}<p class="muted">${this.t("svf_total", { total: this.count(page.total) })}</p>
      <table class="compact ledger">
        <thead><tr>
          <th>${this.t("svf_colUnit")}</th><th>${this.t("svf_colProblem")}</th><th>${this.t("svf_severity")}</th>
          <th>${this.t("svf_colRaised")}</th><th>${this.t("svf_colDeadline")}</th><th class="number">${this.t("svf_colAge")}</th>
          <th>${this.t("svf_colStatus")}</th>
        </tr></thead>
        <tbody>${page.findings.map((finding) => this.#renderRow(finding, finding.id === selected))}</tbody>
      </table>
      ${page.findings.length < page.total ? html`<button type="button" class="tool no-print" ?disabled=${this.loading} @click=${() => this.#load(true)}>${this.t("svf_more")}</button>` : nothing}`;
  }

  #renderRow(finding: Finding, selected: boolean) {
    const open = () => this.#set({ id: String(finding.id) });
    return html`<tr data-id=${finding.id} aria-selected=${selected} tabindex="0" @click=${open}
      @keydown=${(event: KeyboardEvent) => event.key === "Enter" && open()}>
      <td>${finding.unit_name}</td>
      <td class="problem"><div>${ruleLabel((key) => this.t(key), finding.rule)}</div><div class="description">${finding.description}</div></td>
      <td><span class="tag severity-${finding.severity}">${this.t(`svf_severity_${finding.severity}` as MessageKey)}</span></td>
      <td>${finding.raised_on}</td>
      <td>${finding.deadline ?? "—"}</td>
      <td class="number">${this.count(finding.age_days)}</td>
      <td>${statusTag(this, finding.status)} ${deadlineTag(this, finding)}</td>
    </tr>`;
  }
}

customElements.define("fangtu-sv-findings", FangtuSvFindings);
