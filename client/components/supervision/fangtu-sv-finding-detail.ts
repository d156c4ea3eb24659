import { html, nothing } from "lit";
import {
  type FindingDetail,
  type FindingHistoryEntry,
  findingsApi,
  type TransitionBody,
} from "../../api/sv-findings.js";
import type { MessageKey } from "../../i18n/messages.js";
import { sharedStyles } from "../shared-styles.js";
import { SupervisionTabElement } from "./supervision-tab.js";
import { svFindingStyles } from "./sv-finding.styles.js";
import { deadlineTag, ruleLabel, statusTag } from "./sv-finding-parts.js";

/** What the browser checks before uploading (the server checks again, by content). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const fileTypes = ["application/pdf", "image/jpeg", "image/png", "image/webp"];

type Decision = "verify" | "send_back" | "close" | "refer";

/** Today in China, the default date of a referral. */
function todayInChina(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/**
 * One finding: what, whose, by when; the unit's plan and evidence with their files; the full history
 * (who, when, what); and the actions of the signed-in role — the unit answers (plan, then evidence with
 * files), the inspector verifies or sends back, the approver closes or sends back, either refers to
 * discipline inspection. Destructive steps ask for confirmation; reasons are required where they matter.
 * Fires `finding-changed` after a change and `finding-close` to close.
 */
export class FangtuSvFindingDetail extends SupervisionTabElement {
  static override properties = {
    ...SupervisionTabElement.properties,
    findingId: { type: Number },
    detail: { state: true },
    busy: { state: true },
    confirming: { state: true },
    problem: { state: true },
  };
  static override styles = [sharedStyles, svFindingStyles];

  findingId: number | undefined;
  detail: FindingDetail | undefined;
  busy = false;
  confirming: Decision | undefined;
  /** What the form still needs (a reason, a file too large). */
  problem: string | undefined;
  #request: AbortController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("findingId")) {
      this.confirming = undefined;
      this.problem = undefined;
      void this.#load();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
  }

  async #load(): Promise<void> {
    const id = this.findingId;
    if (id === undefined) return;
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    try {
      const detail = await findingsApi.detail(id, controller.signal);
      if (!controller.signal.aborted) this.detail = detail;
    } catch (error) {
      this.reportError(error);
    }
  }

  #field(name: string): string {
    const element = this.renderRoot.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name=${name}]`);
    return element?.value.trim() ?? "";
  }

  async #move(body: Omit<TransitionBody, "version">, files: File[] = []): Promise<void> {
    const detail = this.detail;
    if (!detail) return;
    this.busy = true;
    this.problem = undefined;
    try {
      for (const file of files) await findingsApi.upload(detail.finding.id, file);
      await findingsApi.transition(detail.finding.id, { ...body, version: detail.finding.version });
      this.confirming = undefined;
      this.emit("finding-changed", detail.finding.id);
      await this.#load();
    } catch (error) {
      this.reportError(error);
      await this.#load();
    } finally {
      this.busy = false;
    }
  }

  #answerPlan(event: SubmitEvent): void {
    event.preventDefault();
    const plan = this.#field("plan");
    if (!plan) {
      this.problem = this.t("svf_planHint");
      return;
    }
    void this.#move({ to: "rectifying", rectificationPlan: plan });
  }

  #answerEvidence(event: SubmitEvent): void {
    event.preventDefault();
    const evidence = this.#field("evidence");
    const input = this.renderRoot.querySelector<HTMLInputElement>("input[name=files]");
    const files = [...(input?.files ?? [])];
    for (const file of files) {
      if (file.size > MAX_FILE_BYTES) {
        this.problem = this.t("svf_fileTooLarge", { name: file.name });
        return;
      }
      if (!fileTypes.includes(file.type)) {
        this.problem = this.t("svf_fileType", { name: file.name });
        return;
      }
    }
    if (!evidence) {
      this.problem = this.t("svf_evidenceHint");
      return;
    }
    void this.#move({ to: "rectifying", evidence }, files);
  }

  #decide(decision: Decision): void {
    const reason = this.#field("reason");
    if ((decision === "send_back" || decision === "refer") && !reason) {
      this.problem = this.t("svf_reasonRequired");
      return;
    }
    switch (decision) {
      case "verify":
        void this.#move({ to: "verified", ...(reason && { reason }) });
        return;
      case "close":
        void this.#move({ to: "closed", ...(reason && { reason }) });
        return;
      case "send_back":
        void this.#move({ to: "rectifying", reason });
        return;
      case "refer":
        void this.#move({ to: "referred", reason, referredOn: this.#field("referredOn") || todayInChina() });
        return;
    }
  }

  override render() {
    const detail = this.detail;
    if (!detail || detail.finding.id !== this.findingId)
      return html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>`;
    const f = detail.finding;
    return html`<section class="finding-detail" aria-label=${this.t("svf_detail")}>
      <div class="row">
        <h3 style="margin:0 auto 0 0">${f.unit_name} · #${f.id}</h3>
        ${statusTag(this, f.status)} ${deadlineTag(this, f)}
        <button type="button" class="tool no-print close-detail" @click=${() => this.emit("finding-close", f.id)}>${this.t("svf_close")}</button>
      </div>
      <dl class="facts">
        <dt>${this.t("svf_rule")}</dt><dd>${ruleLabel((key) => this.t(key), f.rule)}</dd>
        <dt>${this.t("svf_severity")}</dt><dd><span class="tag severity-${f.severity}">${this.t(`svf_severity_${f.severity}` as MessageKey)}</span></dd>
        <dt>${this.t("svf_source")}</dt><dd>${this.t(`svf_source_${f.source}` as MessageKey)}
          ${f.inspection_id ? html`<button type="button" class="link" @click=${() => this.navigate("inspections", { id: f.inspection_id ?? undefined })}>${this.t("svf_openInspection")} #${f.inspection_id}</button>` : nothing}</dd>
        <dt>${this.t("svf_raisedOn")}</dt><dd>${f.raised_on}（${this.t("svf_days", { days: f.age_days })}）</dd>
        <dt>${this.t("svf_deadline")}</dt><dd>${f.deadline ?? "—"}</dd>
        ${f.referred_on ? html`<dt>${this.t("svf_referredOn")}</dt><dd>${f.referred_on}</dd>` : nothing}
      </dl>
      <h3>${this.t("svf_description")}</h3><p class="description-full">${f.description}</p>
      ${f.returned_reason ? html`<div class="confirm returned"><strong>${this.t("svf_returned")}：</strong>${f.returned_reason}</div>` : nothing}
      <h3>${this.t("svf_plan")}</h3><p class="plan">${f.rectification_plan ?? "—"}</p>
      <h3>${this.t("svf_evidence")}</h3><p class="evidence">${f.evidence ?? "—"}</p>
      <h3>${this.t("svf_attachments")}</h3>
      ${
        detail.attachments.length === 0
          ? html`<p class="empty">${this.t("svf_noAttachments")}</p>`
          : html`<ul class="attachments">${detail.attachments.map(
              (
                file,
              ) => html`<li><a href=${findingsApi.attachmentUrl(f.id, file.id)} download=${file.file_name}>${file.file_name}</a>
                <span class="muted">${Math.max(1, Math.round(file.size_bytes / 1024))} KB · ${file.created_at.slice(0, 10)}</span></li>`,
            )}</ul>`
      }
      <div class="actions no-print big">${this.#renderActions(detail)}</div>
      <h3>${this.t("svf_history")}</h3>
      ${this.#renderHistory(detail)}
    </section>`;
  }

  #renderActions(detail: FindingDetail) {
    const f = detail.finding;
    const ownUnit = this.user?.unit_id === f.unit_id && this.hasRole("unit_user");
    const admin = this.hasRole("system_admin");
    const inspector = this.hasRole("inspector") || admin;
    const approver = this.hasRole("approver") || admin;
    const problem = this.problem ? html`<p class="short" role="alert">${this.problem}</p>` : nothing;
    const live = f.status !== "closed" && f.status !== "referred";
    const parts = [];
    if ((ownUnit || admin) && f.status === "open")
      parts.push(html`<form class="answer-plan" @submit=${this.#answerPlan}>
        <h3>${this.t("svf_answerPlan")}</h3>
        <textarea name="plan" rows="3" aria-label=${this.t("svf_plan")} placeholder=${this.t("svf_planHint")} style="width:100%">${f.rectification_plan ?? ""}</textarea>
        <div class="row"><button type="submit" class="tool primary submit-plan" ?disabled=${this.busy}>${this.t("svf_answerPlan")}</button></div>
      </form>`);
    if ((ownUnit || admin) && f.status === "rectifying" && !f.evidence)
      parts.push(html`<form class="answer-evidence" @submit=${this.#answerEvidence}>
        <h3>${this.t("svf_answerEvidence")}</h3>
        <textarea name="evidence" rows="3" aria-label=${this.t("svf_evidence")} placeholder=${this.t("svf_evidenceHint")} style="width:100%"></textarea>
        <label class="inline">${this.t("svf_files")} <input type="file" name="files" multiple accept=${fileTypes.join(",")} /></label>
        <div class="row"><button type="submit" class="tool primary submit-evidence" ?disabled=${this.busy}>${this.t("svf_answerEvidence")}</button></div>
      </form>`);
    const decisions: Decision[] = [];
    if (inspector && f.status === "rectifying" && f.evidence) decisions.push("verify", "send_back");
    if (approver && f.status === "verified") decisions.push("close", "send_back");
    if ((inspector || approver) && live) decisions.push("refer");
    if (decisions.length > 0) parts.push(this.#renderDecisions(decisions));
    // The unit is not told it is waiting for itself.
    const unitsMove = f.status === "open" || (f.status === "rectifying" && !f.evidence);
    const waiting =
      ownUnit && unitsMove
        ? nothing
        : html`<p class="muted waiting">${this.#waiting(f.status, Boolean(f.evidence))}</p>`;
    return html`${waiting}${parts}${problem}${this.busy ? html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>` : nothing}`;
  }

  #waiting(status: string, evidence: boolean): string {
    if (status === "open" || (status === "rectifying" && !evidence)) return this.t("svf_waitUnit");
    if (status === "rectifying") return this.t("svf_waitVerify");
    if (status === "verified") return this.t("svf_waitClose");
    return this.t("svf_final");
  }

  #renderDecisions(decisions: readonly Decision[]) {
    const label: Record<Decision, MessageKey> = {
      verify: "svf_verify",
      send_back: "svf_sendBack",
      close: "svf_closeFinding",
      refer: "svf_refer",
    };
    const question: Record<Decision, MessageKey> = {
      verify: "svf_verifyConfirm",
      send_back: "svf_sendBackConfirm",
      close: "svf_closeConfirm",
      refer: "svf_referConfirm",
    };
    const confirming = this.confirming;
    if (confirming) {
      const reasonLabel =
        confirming === "refer"
          ? "svf_referReason"
          : confirming === "send_back"
            ? "svf_sendBackReason"
            : undefined;
      return html`<div class="confirm decision-confirm ${confirming === "verify" ? "calm" : ""}" role="alertdialog">
        <p>${this.t(question[confirming])}</p>
        ${reasonLabel ? html`<textarea name="reason" rows="2" aria-label=${this.t(reasonLabel)} placeholder=${this.t(reasonLabel)} style="width:100%"></textarea>` : nothing}
        ${confirming === "refer" ? html`<label class="inline">${this.t("svf_referDate")} <input type="date" name="referredOn" .value=${todayInChina()} max=${todayInChina()} /></label>` : nothing}
        <div class="row">
          <button type="button" class="tool primary confirm-decision" data-decision=${confirming} ?disabled=${this.busy} @click=${() => this.#decide(confirming)}>${this.t("svf_confirm")}</button>
          <button type="button" class="tool" @click=${() => {
            this.confirming = undefined;
            this.problem = undefined;
          }}>${this.t("svf_cancel")}</button>
        </div>
      </div>`;
    }
    return html`<div class="row decisions">${decisions.map(
      (
        decision,
      ) => html`<button type="button" class="tool decide-${decision} ${decision === "verify" || decision === "close" ? "primary" : decision === "refer" ? "danger" : ""}"
        ?disabled=${this.busy} @click=${() => {
          this.confirming = decision;
          this.problem = undefined;
        }}>${this.t(label[decision])}</button>`,
    )}</div>`;
  }

  #renderHistory(detail: FindingDetail) {
    return html`<table class="compact history">
      <thead><tr><th>${this.t("svf_historyWhen")}</th><th>${this.t("svf_historyWho")}</th><th>${this.t("svf_historyWhat")}</th></tr></thead>
      <tbody>${detail.history.map((entry) => this.#renderEntry(entry))}</tbody>
    </table>`;
  }

  #renderEntry(entry: FindingHistoryEntry) {
    const when = new Date(entry.at).toLocaleString(this.locale === "zh-CN" ? "zh-CN" : "en-GB", {
      timeZone: "Asia/Shanghai",
      hour12: false,
    });
    const who = entry.display_name ?? entry.username ?? this.t("svf_theUnit");
    const after = entry.after ?? {};
    let what: unknown;
    if (entry.entity === "finding_attachment")
      what = html`${this.t("svf_step_attachment")}：${after.fileName ?? ""}`;
    else if (entry.action === "create") what = this.t("svf_step_raise");
    else {
      const step = after.step ?? "answer";
      const detailText =
        step === "answer"
          ? [
              after.evidence
                ? `${this.t("svf_evidence")}：${after.evidence}`
                : after.rectificationPlan
                  ? `${this.t("svf_plan")}：${after.rectificationPlan}`
                  : "",
            ]
          : [after.reason ?? "", step === "refer" && after.referredOn ? `（${after.referredOn}）` : ""];
      what = html`<strong>${this.t(`svf_step_${step}` as MessageKey)}</strong>
        ${after.status ? statusTag(this, after.status) : nothing}
        <div class="muted">${detailText.join("")}</div>`;
    }
    return html`<tr data-step=${entry.entity === "finding_attachment" ? "attachment" : entry.action === "create" ? "raise" : (after.step ?? "answer")}>
      <td>${when}</td><td>${who}</td><td>${what}</td></tr>`;
  }
}

customElements.define("fangtu-sv-finding-detail", FangtuSvFindingDetail);
