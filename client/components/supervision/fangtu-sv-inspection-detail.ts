import { html, nothing, type PropertyValues } from "lit";
import {
  type Checklist,
  type ChecklistItem,
  type FindingConfirmation,
  inspectionApi,
  type Proposal,
} from "../../api/sv-inspections.js";
import type { MessageKey } from "../../i18n/messages.js";
import { sharedStyles } from "../shared-styles.js";
import { SupervisionTabElement } from "./supervision-tab.js";
import { inspectionStyles } from "./sv-inspection.styles.js";
import "./fangtu-sv-inspection-room.js";

type Load =
  | { status: "loading" }
  | { status: "ready"; checklist: Checklist }
  | { status: "error"; message: string };

/** How the inspector amends a proposed finding before confirming it. */
interface Review {
  include: boolean;
  severity: "low" | "medium" | "high";
  deadline: string;
  description: string;
}

/**
 * One inspection: its checklist from the ledger with each room's field entry (tablet-sized), start and
 * finish, and after finishing the proposed findings the inspector reviews and confirms into the ledger.
 */
export class FangtuSvInspectionDetail extends SupervisionTabElement {
  static override properties = {
    ...SupervisionTabElement.properties,
    inspectionId: { type: Number },
    load: { state: true },
    proposals: { state: true },
    reviews: { state: true },
    defaultDeadline: { state: true },
    busy: { state: true },
  };
  static override styles = [sharedStyles, inspectionStyles];

  inspectionId = 0;
  load: Load = { status: "loading" };
  proposals: Proposal[] = [];
  reviews: Record<string, Review> = {};
  defaultDeadline = "";
  busy = false;

  get staff(): boolean {
    return this.hasRole("system_admin", "planner", "inspector");
  }

  override updated(changed: PropertyValues<this>): void {
    if (changed.has("inspectionId")) void this.#reload();
  }

  async #reload(): Promise<void> {
    try {
      const checklist = await inspectionApi.checklist(this.inspectionId);
      this.load = { status: "ready", checklist };
      if (checklist.inspection.status === "done" && this.staff) await this.#loadProposals();
    } catch (error) {
      this.load = { status: "error", message: error instanceof Error ? error.message : String(error) };
      this.reportError(error);
    }
  }

  async #loadProposals() {
    const answer = await inspectionApi.proposals(this.inspectionId);
    this.proposals = answer.proposals;
    this.defaultDeadline = answer.defaultDeadline;
    this.reviews = Object.fromEntries(
      answer.proposals.map((proposal) => [
        proposal.key,
        this.reviews[proposal.key] ?? {
          include: !proposal.confirmed,
          severity: proposal.severity,
          deadline: answer.defaultDeadline,
          description: proposal.description,
        },
      ]),
    );
  }

  override render() {
    const back = html`<button class="big back" @click=${() => this.setQuery("inspections", { inspection: undefined })}>${this.t("sviBack")}</button>`;
    if (this.load.status === "loading")
      return html`${back}<p class="empty" role="status">${this.t("sviLoading")}</p>`;
    if (this.load.status === "error")
      return html`${back}<p class="empty" role="alert">${this.load.message}</p>`;
    const { inspection, rooms, summary } = this.load.checklist;
    const status = inspection.status;
    return html`
      <div class="toolbar">${back}</div>
      <section class="card inspection-head" data-status=${status}>
        <header>
          <h3>${inspection.unit_name ?? inspection.building_name}</h3>
          <span><span class="badge">${this.t(`sviKind_${inspection.kind}` as MessageKey)}</span>
            <span class="badge ${status} status">${this.t(`sviStatus_${status}` as MessageKey)}</span></span>
        </header>
        <p class="muted">${inspection.building_name ?? ""} · ${this.t("sviPlannedOn")} ${inspection.planned_on}
          · ${this.t("sviInspector")} ${inspection.inspector_name ?? this.t("sviUnassigned")}</p>
        <p class="progress">${this.t("sviChecked", { checked: summary.checked, rooms: summary.rooms })}
          · ${this.t("sviArea")} ${this.area(summary.usableArea, 2)}</p>
        ${inspection.kind === "key_reinspection" ? html`<p class="notice">${this.t("sviKeyHint")}</p>` : nothing}
        ${inspection.kind === "spot_check" ? html`<p class="notice">${this.t("sviSpotHint")}</p>` : nothing}
        ${
          this.staff
            ? html`<div class="actions">
                ${status === "planned" ? html`<button class="big primary start" ?disabled=${this.busy} @click=${this.#start}>${this.t("sviStart")}</button>` : nothing}
                ${status === "in_progress" ? html`<button class="big primary finish" ?disabled=${this.busy || summary.checked === 0} @click=${this.#finish}>${this.t("sviFinish")}</button>` : nothing}
              </div>`
            : nothing
        }
      </section>
      ${status === "done" && this.staff ? this.#proposalsView() : nothing}
      <h2>${this.t("sviChecklist")}</h2>
      ${status === "planned" && this.staff ? html`<p class="notice">${this.t("sviStartFirst")}</p>` : nothing}
      ${
        rooms.length === 0
          ? html`<p class="empty">${this.t("sviChecklistEmpty")}</p>`
          : html`<div class="rooms">${rooms.map((room) => this.#room(room))}</div>`
      }
    `;
  }

  #room(room: ChecklistItem) {
    const { inspection } = (this.load as { checklist: Checklist }).checklist;
    return html`<fangtu-sv-inspection-room .locale=${this.locale} .room=${room} .inspectionId=${inspection.id}
      .editable=${this.staff && inspection.status === "in_progress"}
      @room-changed=${() => this.#reload()}></fangtu-sv-inspection-room>`;
  }

  #start = async () => {
    if (this.load.status !== "ready") return;
    this.busy = true;
    try {
      await inspectionApi.start(this.inspectionId, this.load.checklist.inspection.version);
      await this.#reload();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  };

  #finish = async () => {
    if (this.load.status !== "ready" || !window.confirm(this.t("sviConfirmFinish"))) return;
    this.busy = true;
    try {
      await inspectionApi.finish(this.inspectionId, this.load.checklist.inspection.version);
      await this.#reload();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  };

  #review(key: string, patch: Partial<Review>) {
    const current = this.reviews[key];
    if (current) this.reviews = { ...this.reviews, [key]: { ...current, ...patch } };
  }

  #proposalsView() {
    const open = this.proposals.filter((proposal) => !proposal.confirmed);
    const chosen = open.filter((proposal) => this.reviews[proposal.key]?.include);
    const confirmedAny = this.proposals.some((proposal) => proposal.confirmed);
    return html`<section class="card proposals">
      <h3>${this.t("sviProposals")}</h3>
      ${this.proposals.length === 0 ? html`<p class="empty">${this.t("sviNoProposals")}</p>` : nothing}
      ${this.proposals.map((proposal) => this.#proposal(proposal))}
      <div class="actions">
        ${
          open.length > 0
            ? html`<button class="big primary confirm-findings" ?disabled=${this.busy || chosen.length === 0} @click=${this.#confirm}>
                ${this.t("sviConfirmFindings", { count: chosen.length })}</button>`
            : nothing
        }
        ${
          confirmedAny
            ? html`<button class="big to-ledger" @click=${() => this.navigate("findings", { inspection: this.inspectionId })}>${this.t("sviToLedger")}</button>`
            : nothing
        }
      </div>
    </section>`;
  }

  #proposal(proposal: Proposal) {
    const review = this.reviews[proposal.key];
    if (!review) return nothing;
    const disabled = proposal.confirmed;
    return html`<div class="proposal" data-key=${proposal.key} data-rule=${proposal.rule}>
      <input type="checkbox" aria-label=${this.t("sviInclude")} .checked=${disabled || review.include} ?disabled=${disabled}
        @change=${(event: Event) => this.#review(proposal.key, { include: (event.target as HTMLInputElement).checked })} />
      <div>
        <strong>${this.t(`sviRule_${proposal.rule}` as MessageKey)}</strong> · ${this.t("sviRoom")} ${proposal.roomNumber}
        ${disabled ? html`<span class="badge done">${this.t("sviConfirmedFindings")}</span>` : nothing}
        <div class="form-grid">
          <label class="field">${this.t("sviSeverity")}
            <select class="big severity" ?disabled=${disabled} @change=${(event: Event) => this.#review(proposal.key, { severity: (event.target as HTMLSelectElement).value as Review["severity"] })}>
              ${(["low", "medium", "high"] as const).map(
                (severity) =>
                  html`<option value=${severity} ?selected=${severity === review.severity}>${this.t(`sviSeverity_${severity}`)}</option>`,
              )}
            </select></label>
          <label class="field">${this.t("sviDeadline")}
            <input class="big-input deadline" type="date" .value=${review.deadline} ?disabled=${disabled}
              @change=${(event: Event) => this.#review(proposal.key, { deadline: (event.target as HTMLInputElement).value })} /></label>
        </div>
        <label class="field">${this.t("sviDescription")}
          <textarea rows="2" ?disabled=${disabled} .value=${review.description}
            @input=${(event: Event) => this.#review(proposal.key, { description: (event.target as HTMLTextAreaElement).value })}></textarea></label>
      </div>
    </div>`;
  }

  #confirm = async () => {
    const findings: FindingConfirmation[] = this.proposals
      .filter((proposal) => !proposal.confirmed && this.reviews[proposal.key]?.include)
      .map((proposal) => {
        const review = this.reviews[proposal.key] as Review;
        return {
          key: proposal.key,
          severity: review.severity,
          ...(review.deadline ? { deadline: review.deadline } : {}),
          ...(review.description.trim() ? { description: review.description.trim() } : {}),
        };
      });
    if (findings.length === 0) return;
    this.busy = true;
    try {
      await inspectionApi.confirm(this.inspectionId, findings);
      await this.#loadProposals();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  };
}

customElements.define("fangtu-sv-inspection-detail", FangtuSvInspectionDetail);
