import { html, nothing, type TemplateResult } from "lit";
import type { CurrentUser } from "../../api/fangtu-api.js";
import {
  maintenanceApi,
  type RepairDetail,
  type RepairHistoryEntry,
  type RepairStep,
  shrinkPhoto,
} from "../../api/sv-maintenance.js";
import type { MessageKey } from "../../i18n/messages.js";
import { LocalizedElement } from "../localized-element.js";
import { sharedStyles } from "../shared-styles.js";
import { maintenanceStyles } from "./sv-maintenance-styles.js";

/** What each step asks for besides the version: the form's fields, by name and kind. */
const stepFields: Record<
  RepairStep,
  Array<{ name: string; label: MessageKey; type: "text" | "date" | "money" | "area"; required: boolean }>
> = {
  approve: [{ name: "note", label: "mtNote", type: "area", required: false }],
  reject: [{ name: "reason", label: "mtReason", type: "area", required: true }],
  tender: [
    { name: "contractor", label: "mtContractorLabel", type: "text", required: true },
    { name: "contractPrice", label: "mtContractPriceLabel", type: "money", required: true },
    { name: "tenderedOn", label: "mtDateLabel", type: "date", required: true },
  ],
  start: [{ name: "startedOn", label: "mtDateLabel", type: "date", required: true }],
  complete: [
    { name: "completedOn", label: "mtDateLabel", type: "date", required: true },
    { name: "actualCost", label: "mtActualCostOptional", type: "money", required: false },
  ],
  accept: [{ name: "note", label: "mtNote", type: "area", required: false }],
  refuse_acceptance: [{ name: "reason", label: "mtReason", type: "area", required: true }],
  record_done: [
    { name: "completedOn", label: "mtDateLabel", type: "date", required: true },
    { name: "actualCost", label: "mtActualCostLabel", type: "money", required: true },
  ],
};

/** Today in Beijing as YYYY-MM-DD (the default date of a step). */
const today = () => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());

/**
 * One repair request: its facts, the steps the signed-in user may take (those separation of duties
 * forbids are shown with the reason), its photos and its history. Fires `repair-changed` after a step
 * and `repair-close` when closed.
 */
export class FangtuSvMaintenanceDetail extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    repairId: { attribute: false },
    user: { attribute: false },
    detail: { state: true },
    busy: { state: true },
    notice: { state: true },
  };
  static override styles = [sharedStyles, maintenanceStyles];

  repairId: number | undefined;
  user: CurrentUser | null | undefined;
  detail: RepairDetail | undefined;
  busy = false;
  /** What the last action did, announced politely (screen readers) and shown under the heading. */
  notice = "";
  #abort: AbortController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (
      changed.has("repairId") ||
      (changed.has("user") && this.user?.id !== (changed.get("user") as CurrentUser | undefined)?.id)
    ) {
      this.detail = undefined;
      this.notice = "";
      void this.#load();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  async #load(): Promise<void> {
    // Signed out (the login form over the tab): nothing to ask the server.
    if (this.repairId === undefined || !this.user) return;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    try {
      this.detail = await maintenanceApi.detail(this.repairId, abort.signal);
    } catch (error) {
      this.reportError(error);
    }
  }

  #hasRole(...roles: string[]): boolean {
    return this.user?.roles.some((role) => roles.includes(role)) ?? false;
  }

  #wan(value: number | null): string {
    return value === null ? "—" : this.money(value * 10_000);
  }

  #stepLabel(step: string): string {
    if (step === "record_done" && this.detail?.repair.kind === "major")
      return this.t("mtStep_record_done_major");
    return this.t(`mtStep_${step}` as MessageKey);
  }

  async #takeStep(step: RepairStep, form: HTMLFormElement): Promise<void> {
    const detail = this.detail;
    if (!detail || !form.reportValidity()) return;
    const { repair } = detail;
    const confirmKey = (
      step === "record_done" && repair.kind === "major" ? "mtConfirm_record_done_major" : `mtConfirm_${step}`
    ) as MessageKey;
    if (!confirm(this.t(confirmKey, { title: repair.title, cost: this.#wan(repair.estimated_cost) }))) return;
    const body: Record<string, unknown> = { step, version: repair.version };
    for (const field of stepFields[step]) {
      const value = (form.elements.namedItem(field.name) as HTMLInputElement | null)?.value.trim() ?? "";
      if (value === "") continue;
      body[field.name] = field.type === "money" ? Number(value) : value;
    }
    this.busy = true;
    try {
      await maintenanceApi.step(repair.id, body as { step: RepairStep; version: number });
      this.notice = this.t("mtDone_step", { step: this.#stepLabel(step) });
      this.emit("repair-changed", repair.id);
      await this.#load();
    } catch (error) {
      this.reportError(error);
      await this.#load();
    } finally {
      this.busy = false;
    }
  }

  async #raiseFinding(): Promise<void> {
    const repair = this.detail?.repair;
    if (!repair || !confirm(this.t("mtConfirm_raise_finding", { title: repair.title }))) return;
    this.busy = true;
    try {
      const raised = await maintenanceApi.raiseFinding(repair.id, repair.version);
      this.notice = this.t("mtRaised", { id: raised.findingId });
      this.emit("repair-changed", repair.id);
      await this.#load();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  async #attach(input: HTMLInputElement): Promise<void> {
    const repair = this.detail?.repair;
    if (!repair || !input.files) return;
    this.busy = true;
    try {
      for (const file of [...input.files]) {
        const uploaded = await maintenanceApi.attach(repair.id, await shrinkPhoto(file));
        this.notice = this.t("mtUploaded", { name: uploaded.file_name });
      }
      input.value = "";
      await this.#load();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const detail = this.detail;
    if (!detail) return html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>`;
    const { repair } = detail;
    const mayRaise = this.#hasRole("inspector", "approver", "system_admin");
    return html`
      <h2><span>#${repair.id} ${repair.title}</span>
        <button type="button" class="tool close-detail" @click=${() => this.emit("repair-close", repair.id)}>${this.t("mtClose")}</button></h2>
      <p>
        <span class="badge">${this.t(`mtKind_${repair.kind}` as MessageKey)}</span>
        <span class="badge status-${repair.status}" data-status=${repair.status}>${this.t(`mtStatus_${repair.status}` as MessageKey)}</span>
        ${repair.unapproved ? html`<span class="badge violation" title=${this.t("mtViolationHint")}>${this.t("mtViolation")}</span>` : nothing}
        ${repair.overdue ? html`<span class="badge overdue">${this.t("mtOverdue")}</span>` : nothing}
      </p>
      <p class="muted notice" role="status">${this.notice}</p>
      ${repair.unapproved ? html`<p class="blocked-reason">${this.t("mtViolationHint")}</p>` : nothing}
      ${this.#renderFacts(detail)}
      ${
        repair.unapproved && repair.finding_id === null && mayRaise
          ? html`<p><button type="button" class="tool raise-finding" ?disabled=${this.busy} @click=${() => this.#raiseFinding()}>${this.t("mtStep_raise_finding")}</button></p>`
          : nothing
      }
      <h3>${this.t("mtActions")}</h3>
      ${this.#renderActions(detail)}
      <h3>${this.t("mtHistory")}</h3>
      ${this.#renderHistory(detail.history)}
      <h3>${this.t("mtAttachments")}</h3>
      ${this.#renderAttachments(detail)}`;
  }

  #renderFacts({ repair }: RepairDetail) {
    const row = (label: MessageKey, value: unknown) =>
      value === null || value === undefined || value === ""
        ? nothing
        : html`<dt>${this.t(label)}</dt><dd>${value}</dd>`;
    return html`<dl class="facts">
      ${row("mtCol_unit", repair.unit_name)}
      ${row("mtBuilding", repair.building_name)}
      ${row("mtRooms", repair.room_numbers.length ? repair.room_numbers.join("、") : this.t("mtRoomsNone"))}
      ${row("mtDescription", repair.description)}
      ${row("mtEstimate", this.#wan(repair.estimated_cost))}
      ${row("mtDueOn", repair.due_on)}
      ${row("mtRequestedBy", repair.requested_by)}
      ${row("mtApprovedBy", repair.approved_by)}
      ${row("mtDecisionNote", repair.decision_note)}
      ${row("mtContractor", repair.contractor)}
      ${repair.contract_price === null ? nothing : row("mtContractPrice", this.#wan(repair.contract_price))}
      ${row("mtTenderedOn", repair.tendered_on)}
      ${row("mtStartedOn", repair.started_on)}
      ${row("mtCompletedOn", repair.completed_on)}
      ${repair.actual_cost === null ? nothing : row("mtActualCost", this.#wan(repair.actual_cost))}
      ${row("mtAcceptedBy", repair.accepted_by)}
      ${row("mtAcceptanceNote", repair.acceptance_note)}
      ${repair.refusal_count > 0 ? row("mtRefusals", repair.refusal_count) : nothing}
      ${row("mtFinding", repair.finding_id)}
    </dl>`;
  }

  #renderActions(detail: RepairDetail) {
    if (detail.steps.length === 0) return html`<p class="empty">${this.t("mtNoActions")}</p>`;
    return html`<div class="actions">
      ${detail.steps.map(({ step, blockedBy }) =>
        blockedBy
          ? html`<div class="action blocked" data-step=${step}>
              <button type="button" class="tool" disabled>${this.#stepLabel(step)}</button>
              <p class="blocked-reason" role="note">${this.t(`mtBlocked_${blockedBy}` as MessageKey)}</p>
            </div>`
          : step === "record_done" && detail.repair.kind === "major"
            ? // Owning up to a major repair done without approval: offered, never invited.
              html`<details class="action blocked" data-step=${step}>
                <summary>${this.t("mtUnapprovedSummary")}</summary>
                <p class="blocked-reason">${this.t("mtViolationHint")}</p>
                ${this.#renderStepForm(step, "tool")}
              </details>`
            : html`<div class="action" data-step=${step}>${this.#renderStepForm(step, "primary")}</div>`,
      )}
    </div>`;
  }

  #renderStepForm(step: RepairStep, buttonClass: "primary" | "tool") {
    return html`<form @submit=${(event: SubmitEvent) => {
      event.preventDefault();
      void this.#takeStep(step, event.target as HTMLFormElement);
    }}>
      ${stepFields[step].map((field) => this.#renderField(field))}
      <div><button type="submit" class=${buttonClass} ?disabled=${this.busy}>${this.#stepLabel(step)}</button></div>
    </form>`;
  }

  #renderField(field: (typeof stepFields)[RepairStep][number]): TemplateResult {
    const input =
      field.type === "area"
        ? html`<textarea name=${field.name} rows="2" maxlength="2000" ?required=${field.required}></textarea>`
        : field.type === "date"
          ? html`<input type="date" name=${field.name} .value=${today()} max=${today()} ?required=${field.required} />`
          : field.type === "money"
            ? html`<input type="number" name=${field.name} min="0" step="0.01" inputmode="decimal" ?required=${field.required} />`
            : html`<input type="text" name=${field.name} maxlength="200" ?required=${field.required} />`;
    return html`<label>${this.t(field.label)} ${input}</label>`;
  }

  #renderAttachments({ repair, attachments }: RepairDetail) {
    const mayAttach =
      (this.#hasRole("unit_user") && this.user?.unit_id === repair.unit_id) ||
      this.#hasRole("approver", "works");
    return html`${
      attachments.length === 0
        ? html`<p class="empty">${this.t("mtNoAttachments")}</p>`
        : html`<div class="thumbs">
            ${attachments.map((attachment) => {
              const url = maintenanceApi.attachmentUrl(repair.id, attachment.id);
              return attachment.media_type.startsWith("image/")
                ? html`<a href=${url} target="_blank" rel="noopener"><img src=${url} alt=${attachment.file_name} loading="lazy" /></a>`
                : html`<a class="tool" href=${url} target="_blank" rel="noopener">${attachment.file_name}</a>`;
            })}
          </div>`
    }
      ${
        mayAttach
          ? html`<label class="muted attach">${this.t("mtAttach")}
            <input type="file" accept="image/jpeg,image/png,image/webp,application/pdf" multiple ?disabled=${this.busy}
              @change=${(event: Event) => void this.#attach(event.target as HTMLInputElement)} />
            <span>${this.t("mtAttachHint")}</span></label>`
          : nothing
      }`;
  }

  #renderHistory(history: readonly RepairHistoryEntry[]) {
    if (history.length === 0) return html`<p class="empty">${this.t("mtHistoryEmpty")}</p>`;
    const when = new Intl.DateTimeFormat(this.locale, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Asia/Shanghai",
    });
    return html`<ol class="history">
      ${history.map((entry) => {
        const after = entry.after ?? {};
        const step = typeof after.step === "string" ? after.step : entry.action;
        const extra = [
          after.reason,
          after.note,
          after.contractor,
          after.contractPrice === undefined ? undefined : this.#wan(Number(after.contractPrice)),
        ]
          .filter((value) => typeof value === "string" && value !== "")
          .join(" · ");
        return html`<li data-step=${step}>
          <strong>${this.t(`mtStep_${step}` as MessageKey)}</strong>
          ${typeof after.status === "string" ? html` → ${this.t(`mtStatus_${after.status}` as MessageKey)}` : nothing}
          <div class="muted">${when.format(new Date(entry.at))} · ${entry.username ?? this.t("mtSystem")}</div>
          ${extra ? html`<div>${extra}</div>` : nothing}
        </li>`;
      })}
    </ol>`;
  }
}

customElements.define("fangtu-sv-maintenance-detail", FangtuSvMaintenanceDetail);
