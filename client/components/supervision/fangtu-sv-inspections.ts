import { html, nothing, type PropertyValues } from "lit";
import type { SearchHit } from "../../api/fangtu-api.js";
import {
  type InspectionPlan,
  type InspectionRow,
  inspectionApi,
  type PlanList,
} from "../../api/sv-inspections.js";
import type { MessageKey } from "../../i18n/messages.js";
import { sharedStyles } from "../shared-styles.js";
import { SupervisionTabElement } from "./supervision-tab.js";
import { inspectionStyles } from "./sv-inspection.styles.js";
import "../fangtu-search.js";
import "./fangtu-sv-inspection-detail.js";

type Load =
  | { status: "loading" }
  | { status: "ready"; list: PlanList }
  | { status: "error"; message: string };

const kinds = ["routine", "spot_check", "key_reinspection"] as const;

/** A target picked for a new inspection, and its date and inspector. */
interface Draft {
  target: SearchHit | null;
  plannedOn: string;
  inspectorId: string;
}

/**
 * The supervision workspace's inspections tab (监督检查): the plans of the region's level and a year,
 * whether routine rounds meet "at least two a year", plans and their inspections created here; an
 * inspection (`inspection=<id>` in the link) opens its checklist and field entry.
 */
export class FangtuSvInspections extends SupervisionTabElement {
  static override properties = {
    ...SupervisionTabElement.properties,
    load: { state: true },
    creating: { state: true },
    drafts: { state: true },
    inspectors: { state: true },
    busy: { state: true },
  };
  static override styles = [sharedStyles, inspectionStyles];

  load: Load = { status: "loading" };
  creating = false;
  drafts: Record<number, Draft> = {};
  inspectors: Record<number, Array<{ id: number; display_name: string }>> = {};
  busy = false;
  #controller: AbortController | undefined;

  get year(): number {
    const year = Number(this.params.get("year"));
    return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : new Date().getFullYear();
  }

  get inspectionId(): number | null {
    const id = Number(this.params.get("inspection"));
    return Number.isInteger(id) && id > 0 ? id : null;
  }

  get staff(): boolean {
    return this.hasRole("system_admin", "planner", "inspector");
  }

  get level(): string {
    return this.region ?? this.user?.region_code ?? "230000";
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has("query") || changed.has("region") || changed.has("user")) && this.inspectionId === null)
      void this.#reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#controller?.abort();
  }

  async #reload(): Promise<void> {
    if (!this.user) return;
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.load = { status: "loading" };
    try {
      const unitOnly = !this.hasRole("system_admin", "planner", "inspector", "approver");
      const list = unitOnly
        ? await inspectionApi.myPlans(this.year, controller.signal)
        : await inspectionApi.plans(this.level, this.year, controller.signal);
      if (!controller.signal.aborted) this.load = { status: "ready", list };
    } catch (error) {
      if (controller.signal.aborted) return;
      this.load = { status: "error", message: error instanceof Error ? error.message : String(error) };
      this.reportError(error);
    }
  }

  override render() {
    const id = this.inspectionId;
    if (id !== null)
      return html`<fangtu-sv-inspection-detail .locale=${this.locale} .user=${this.user} .region=${this.region}
        .query=${this.query} .inspectionId=${id}></fangtu-sv-inspection-detail>`;
    return html`
      <div class="toolbar">
        <label class="field">${this.t("sviYear")}
          <select class="big year" @change=${(event: Event) => this.setQuery("inspections", { year: (event.target as HTMLSelectElement).value })}>
            ${[this.year - 1, this.year, this.year + 1].map(
              (year) => html`<option value=${year} ?selected=${year === this.year}>${year}</option>`,
            )}
          </select>
        </label>
        ${
          this.staff
            ? html`<button class="big primary new-plan" @click=${() => (this.creating = !this.creating)}>${this.t("sviNewPlan")}</button>`
            : nothing
        }
      </div>
      ${this.creating ? this.#planForm() : nothing}
      ${this.#body()}
    `;
  }

  #body() {
    if (this.load.status === "loading")
      return html`<p class="empty" role="status">${this.t("sviLoading")}</p>`;
    if (this.load.status === "error") return html`<p class="empty" role="alert">${this.load.message}</p>`;
    const { list } = this.load;
    return html`
      ${this.staff ? nothing : html`<p class="notice">${this.t("sviStaffOnly")}</p>`}
      ${this.#rule(list)}
      ${list.plans.length === 0 ? html`<p class="empty">${this.t("sviNoPlans")}</p>` : list.plans.map((plan) => this.#plan(plan))}
    `;
  }

  #rule(list: PlanList) {
    const rule = list.routineRule;
    if (!rule) return nothing;
    const key: MessageKey = rule.met ? "sviRuleMet" : rule.meetsPlan ? "sviRulePlanned" : "sviRuleShort";
    return html`<p class="rule ${rule.meetsPlan ? "ok" : "short"}" role="status">
      ${rule.meetsPlan ? "✓ " : "✗ "}${this.t(key, { planned: rule.planned, completed: rule.completed, required: rule.required })}</p>`;
  }

  #plan(plan: InspectionPlan) {
    const cancelled = plan.status === "cancelled";
    return html`<section class="card plan" data-plan=${plan.id} data-kind=${plan.kind}>
      <header>
        <h3>${plan.title}</h3>
        <span>
          <span class="badge">${this.t(`sviKind_${plan.kind}` as MessageKey)}${plan.round === null ? "" : ` · ${this.t("sviRound", { round: plan.round })}`}</span>
          ${cancelled ? html`<span class="badge cancelled">${this.t("sviPlanCancelled")}</span>` : nothing}
        </span>
      </header>
      <p class="muted">${plan.starts_on} — ${plan.ends_on} · ${this.t("sviProgress", { count: plan.counts.inspections, done: plan.counts.done })}
        ${plan.note ? html`<br />${plan.note}` : nothing}</p>
      ${
        plan.inspections.length === 0
          ? html`<p class="empty">${this.t("sviNoInspections")}</p>`
          : html`<table class="inspections">
              <thead><tr><th>${this.t("sviUnit")} / ${this.t("sviBuilding")}</th><th>${this.t("sviPlannedOn")}</th>
                <th>${this.t("sviInspector")}</th><th>${this.t("sviStatus")}</th><th></th></tr></thead>
              <tbody>${plan.inspections.map((inspection) => this.#inspectionRow(inspection))}</tbody>
            </table>`
      }
      ${this.staff && !cancelled ? this.#addForm(plan) : nothing}
      ${
        this.staff && !cancelled
          ? html`<div class="actions"><button class="big cancel-plan" @click=${() => this.#cancelPlan(plan)}>${this.t("sviCancelPlan")}</button></div>`
          : nothing
      }
    </section>`;
  }

  #inspectionRow(inspection: InspectionRow) {
    return html`<tr data-inspection=${inspection.id} data-status=${inspection.status}>
      <td>${inspection.unit_name ?? "—"}<br /><span class="muted">${inspection.building_name ?? ""}</span></td>
      <td>${inspection.planned_on}</td>
      <td>${inspection.inspector_name ?? this.t("sviUnassigned")}</td>
      <td><span class="badge ${inspection.status}">${this.t(`sviStatus_${inspection.status}` as MessageKey)}</span></td>
      <td class="open"><button class="big open-inspection" @click=${() => this.setQuery("inspections", { inspection: inspection.id })}>${this.t("sviOpen")}</button></td>
    </tr>`;
  }

  #draft(plan: InspectionPlan): Draft {
    return this.drafts[plan.id] ?? { target: null, plannedOn: plan.starts_on, inspectorId: "" };
  }

  #setDraft(plan: InspectionPlan, patch: Partial<Draft>) {
    this.drafts = { ...this.drafts, [plan.id]: { ...this.#draft(plan), ...patch } };
    if (!this.inspectors[plan.id])
      inspectionApi
        .inspectors(plan.id)
        .then((answer) => (this.inspectors = { ...this.inspectors, [plan.id]: answer.inspectors }))
        .catch((error) => this.reportError(error));
  }

  #addForm(plan: InspectionPlan) {
    const draft = this.#draft(plan);
    return html`<details class="add-inspection" @toggle=${(event: Event) => (event.target as HTMLDetailsElement).open && this.#setDraft(plan, {})}>
      <summary class="link">${this.t("sviAddInspection")}</summary>
      <div class="form-grid">
        <label class="field">${this.t("sviUnit")} / ${this.t("sviBuilding")}
          ${
            draft.target
              ? html`<span>${draft.target.name} <button class="link" @click=${() => this.#setDraft(plan, { target: null })}>${this.t("sviCancel")}</button></span>`
              : html`<fangtu-search .locale=${this.locale} .placeholder=${this.t("sviPickTarget")}
                  @search-pick=${(event: CustomEvent<SearchHit>) => {
                    event.stopPropagation();
                    this.#setDraft(plan, { target: event.detail });
                  }}></fangtu-search>`
          }
        </label>
        <label class="field">${this.t("sviPlannedOn")}
          <input class="big-input planned-on" type="date" min=${plan.starts_on} max=${plan.ends_on} .value=${draft.plannedOn}
            @change=${(event: Event) => this.#setDraft(plan, { plannedOn: (event.target as HTMLInputElement).value })} /></label>
        <label class="field">${this.t("sviInspector")}
          <select class="big inspector" @change=${(event: Event) => this.#setDraft(plan, { inspectorId: (event.target as HTMLSelectElement).value })}>
            <option value="">${this.t("sviUnassigned")}</option>
            ${(this.inspectors[plan.id] ?? []).map(
              (person) =>
                html`<option value=${person.id} ?selected=${String(person.id) === draft.inspectorId}>${person.display_name}</option>`,
            )}
          </select></label>
      </div>
      <button class="big primary add" ?disabled=${!draft.target || this.busy} @click=${() => this.#add(plan)}>${this.t("sviAdd")}</button>
    </details>`;
  }

  async #add(plan: InspectionPlan) {
    const draft = this.#draft(plan);
    if (!draft.target) return;
    this.busy = true;
    try {
      await inspectionApi.addInspection(plan.id, {
        ...(draft.target.type === "unit" ? { unitId: draft.target.id } : { buildingId: draft.target.id }),
        plannedOn: draft.plannedOn,
        ...(draft.inspectorId ? { inspectorId: Number(draft.inspectorId) } : {}),
      });
      this.drafts = {
        ...this.drafts,
        [plan.id]: { target: null, plannedOn: draft.plannedOn, inspectorId: draft.inspectorId },
      };
      await this.#reload();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  async #cancelPlan(plan: InspectionPlan) {
    if (!window.confirm(this.t("sviConfirmCancelPlan", { title: plan.title }))) return;
    try {
      await inspectionApi.cancelPlan(plan.id, plan.version);
      await this.#reload();
    } catch (error) {
      this.reportError(error);
    }
  }

  #planForm() {
    const year = this.year;
    return html`<form class="card plan-form" @submit=${this.#createPlan}>
      <div class="form-grid">
        <label class="field">${this.t("sviPlanKind")}
          <select class="big" name="kind">${kinds.map((kind) => html`<option value=${kind}>${this.t(`sviKind_${kind}` as MessageKey)}</option>`)}</select></label>
        <label class="field">${this.t("sviPlanRound")}
          <input class="big-input" name="round" type="number" min="1" max="12" value="1" inputmode="numeric" /></label>
        <label class="field">${this.t("sviPlanTitle")}
          <input class="big-input" name="title" required maxlength="200" /></label>
        <label class="field">${this.t("sviStartsOn")}
          <input class="big-input" name="startsOn" type="date" required min="${year}-01-01" max="${year}-12-31" /></label>
        <label class="field">${this.t("sviEndsOn")}
          <input class="big-input" name="endsOn" type="date" required min="${year}-01-01" max="${year}-12-31" /></label>
        <label class="field">${this.t("sviNote")}<input class="big-input" name="note" maxlength="2000" /></label>
      </div>
      <div class="actions">
        <button class="big primary" type="submit" ?disabled=${this.busy}>${this.t("sviCreatePlan")}</button>
        <button class="big" type="button" @click=${() => (this.creating = false)}>${this.t("sviCancel")}</button>
      </div>
    </form>`;
  }

  #createPlan = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const kind = text("kind");
    this.busy = true;
    try {
      await inspectionApi.createPlan({
        region: this.level,
        year: this.year,
        kind,
        ...(kind === "routine" ? { round: Number(text("round")) } : {}),
        title: text("title"),
        startsOn: text("startsOn"),
        endsOn: text("endsOn"),
        ...(text("note") ? { note: text("note") } : {}),
      });
      this.creating = false;
      await this.#reload();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  };
}

customElements.define("fangtu-sv-inspections", FangtuSvInspections);
