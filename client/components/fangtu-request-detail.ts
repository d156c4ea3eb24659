import { html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import type { Decision, RequestDetail, RequestPlan } from "../api/request-types.js";
import { formatDistance } from "../i18n/messages.js";
import { corePosition, type PlanFigures, planFigures, plannedRooms } from "../state/request-plans.js";
import { LocalizedElement } from "./localized-element.js";
import { requestStyles } from "./request-styles.js";
import { sharedStyles } from "./shared-styles.js";

type FigureRow = [label: string, value: (figures: PlanFigures) => string];

/**
 * One allocation request as the administration handles it: the unit's entitlement and gap, the plans
 * (调剂 → 置换 → 租用 → 建设, grassroots units first) side by side, and the choice of one after a
 * confirmation that says what will be written; then what was written. Unit users see it read-only.
 */
export class FangtuRequestDetail extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    requestId: { type: Number },
    canDecide: { type: Boolean },
    detail: { state: true },
    busy: { state: true },
    confirming: { state: true },
    decision: { state: true },
  };
  static override styles = [sharedStyles, requestStyles];

  requestId: number | undefined;
  canDecide = false;
  detail: RequestDetail | undefined;
  /** What is under way: loading, preparing plans or deciding. */
  busy: "loading" | "preparing" | "deciding" | undefined;
  /** The plan whose choice awaits confirmation. */
  confirming: RequestPlan | undefined;
  decision: Decision | undefined;
  #request: AbortController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("requestId")) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
  }

  async #load(): Promise<void> {
    const id = this.requestId;
    if (id === undefined) return;
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    this.busy = "loading";
    try {
      const detail = await api.allocationRequest(id, controller.signal);
      if (!controller.signal.aborted) this.detail = detail;
    } catch (error) {
      this.reportError(error);
    } finally {
      if (this.#request === controller) this.busy = undefined;
    }
  }

  async #prepare(id: number): Promise<void> {
    this.busy = "preparing";
    this.confirming = undefined;
    try {
      await api.preparePlans(id);
      await this.#load();
    } catch (error) {
      this.reportError(error);
    } finally {
      if (this.busy === "preparing") this.busy = undefined;
    }
  }

  async #decide(detail: RequestDetail, plan: RequestPlan): Promise<void> {
    this.busy = "deciding";
    try {
      this.decision = await api.decideRequest(detail.id, plan.id, detail.version);
      this.confirming = undefined;
      this.emit("request-decided", this.t("decided", { name: plan.name }));
      await this.#load();
    } catch (error) {
      this.reportError(error);
    } finally {
      if (this.busy === "deciding") this.busy = undefined;
    }
  }

  #explain(explanation: ReadonlyArray<{ zh: string; en: string }>) {
    return explanation.map(
      (line) => html`<p class="explain">${this.locale === "zh-CN" ? line.zh : line.en}</p>`,
    );
  }

  #renderCheck(detail: RequestDetail) {
    const core = corePosition(detail.position);
    if (!core || !detail.check) return html`<p class="empty">${this.t("positionNone")}</p>`;
    const check = detail.check;
    return html`<dl class="check">
        <dt>${this.t("positionHeadcount")}</dt><dd>${detail.position?.headcount.authorized ?? 0} / ${detail.position?.headcount.actual ?? 0}</dd>
        <dt>${this.t("positionCore")} · ${this.t("positionEntitled")}</dt><dd>${this.area(core.entitled, 2)}</dd>
        <dt>${this.t("positionCore")} · ${this.t("positionActual")}</dt><dd>${this.area(core.actual, 2)}</dd>
        <dt>${this.t("positionSurplus")}</dt><dd class=${core.surplus < 0 ? "short" : "over"}>${core.surplus > 0 ? "+" : ""}${this.area(core.surplus, 2)}</dd>
        <dt>${this.t("requestArea")}</dt><dd>${this.area(check.requestedArea, 2)}</dd>
        <dt>${this.t("requestAllocatable")}</dt><dd><strong>${this.area(check.allocatableArea, 2)}</strong></dd>
      </dl>
      ${check.exceedsEntitlement ? html`<div class="note">${this.#explain(check.explanation)}</div>` : this.#explain(check.explanation)}`;
  }

  #renderPlans(detail: RequestDetail) {
    const plans = detail.plans;
    const open = detail.status === "submitted" || detail.status === "planning";
    const prepare = this.canDecide && open;
    if (plans.length === 0)
      return html`<p class="empty">${this.t(this.canDecide ? "requestNoPlans" : "requestWaitPlans")}</p>
        ${prepare ? html`<button type="button" class="tool primary prepare-plans" ?disabled=${this.busy !== undefined} @click=${() => this.#prepare(detail.id)}>${this.t("requestPrepare")}</button>` : nothing}`;
    const wan = (yuan: number) => (yuan === 0 ? "—" : this.money(yuan));
    const rows: FigureRow[] = [
      [this.t("planArea"), (f) => this.area(f.area, 2)],
      [this.t("planShare"), (f) => `${Math.round(f.share * 100)}%`],
      [this.t("planAnnualCost"), (f) => this.money(f.annualCost)],
      [this.t("planOneOffCost"), (f) => wan(f.oneOffCost)],
      [
        this.t("planNearest"),
        (f) => (f.distanceMeters === null ? "—" : formatDistance(this.locale, f.distanceMeters)),
      ],
      [
        this.t("planRooms"),
        (f) => (f.rooms === 0 ? "—" : `${this.count(f.rooms)} / ${this.count(f.buildings)}`),
      ],
    ];
    const figures = plans.map(planFigures);
    return html`<div class="scroll">
        <table class="compact request-plans">
          <thead>
            <tr>
              <th></th>
              ${plans.map(
                (plan) => html`<th data-plan=${plan.id}>${plan.rank}. ${plan.name}<br />
                  <span class="tag">${this.t(`planMethod_${plan.method}` as const)}</span>
                  <span class="tag ${plan.status}">${this.t(`planStatus_${plan.status}` as const)}</span></th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              ([label, value]) =>
                html`<tr><td>${label}</td>${figures.map((entry) => html`<td class="number">${value(entry)}</td>`)}</tr>`,
            )}
            ${
              this.canDecide && detail.status === "planning"
                ? html`<tr><td></td>${plans.map(
                    (plan) =>
                      html`<td><button type="button" class="tool choose-plan" data-plan=${plan.id} ?disabled=${this.busy !== undefined || plan.status !== "proposed"}
                        @click=${() => (this.confirming = plan)}>${this.t("planChoose")}</button></td>`,
                  )}</tr>`
                : nothing
            }
          </tbody>
        </table>
      </div>
      ${this.confirming ? this.#renderConfirm(detail, this.confirming) : nothing}
      ${plans.map((plan) => this.#renderPlanDetails(plan))}
      ${prepare ? html`<div class="row"><button type="button" class="tool prepare-plans" ?disabled=${this.busy !== undefined} @click=${() => this.#prepare(detail.id)}>${this.t("requestPrepareAgain")}</button></div>` : nothing}`;
  }

  #renderPlanDetails(plan: RequestPlan) {
    const rooms = plannedRooms(plan);
    const priority = plan.details.priority;
    return html`<details class="plan-detail">
      <summary>${plan.rank}. ${plan.name}</summary>
      ${this.#explain(plan.details.explanation)}
      ${priority?.grassroots ? html`<span class="tag">${this.t("planGrassroots")}</span>` : nothing}
      ${
        priority && priority.heldBy.length > 0
          ? html`<p class="muted">${this.t("planHeldBy", { units: priority.heldBy.map((held) => held.unitName).join("、") })}</p>`
          : nothing
      }
      ${rooms.length > 0 ? html`<ul class="plain">${rooms.map((room) => html`<li>${room.building} ${room.floorName} ${room.number} · ${this.v("use_category", room.useCategory)} · ${this.area(room.usableArea, 2)}</li>`)}</ul>` : nothing}
      ${
        plan.details.partners
          ? html`<ul class="plain">${plan.details.partners.map((partner) => html`<li>${partner.name} · ${this.t("positionOver", { area: this.area(partner.surplus, 2) })}</li>`)}</ul>`
          : nothing
      }
    </details>`;
  }

  #renderConfirm(detail: RequestDetail, plan: RequestPlan) {
    const rooms = plannedRooms(plan);
    const others = detail.plans.filter((entry) => entry.status === "proposed" && entry.id !== plan.id).length;
    return html`<div class="confirm" role="alertdialog" aria-label=${this.t("planConfirmHeading", { name: plan.name })}>
      <strong>${this.t("planConfirmHeading", { name: plan.name })}</strong>
      ${
        plan.method === "reallocation"
          ? html`<p>${this.t("planConfirmRooms", { count: rooms.length, area: this.area(plan.allocatedArea, 2), unit: detail.unitName })}</p>
              <ul>${rooms.map((room) => html`<li>${room.building} ${room.number} · ${this.area(room.usableArea, 2)}</li>`)}</ul>`
          : html`<p>${this.t("planConfirmRecord", { method: this.t(`planMethod_${plan.method}` as const), area: this.area(plan.allocatedArea, 2) })}</p>`
      }
      <p>${this.t("planConfirmRest", { count: others })}</p>
      <div class="row">
        <button type="button" class="tool primary confirm-plan" ?disabled=${this.busy !== undefined} @click=${() => this.#decide(detail, plan)}>${this.t("planConfirm")}</button>
        <button type="button" class="tool" @click=${() => (this.confirming = undefined)}>${this.t("planCancel")}</button>
      </div>
    </div>`;
  }

  #renderDecision(decision: Decision) {
    const chosen = decision.plans.find((plan) => plan.status === "chosen");
    const names = new Map(chosen ? plannedRooms(chosen).map((room) => [room.id, room.building]) : []);
    return html`<section class="decision" role="status">
      <h3>${this.t("decisionHeading")}</h3>
      ${
        decision.rooms.length > 0
          ? html`<p>${this.t("decisionRooms", { count: decision.rooms.length, audit: decision.audit.length })}</p>
              <ul class="plain">${decision.rooms.map(
                (room) =>
                  html`<li>${names.get(room.id) ?? ""} ${room.number} · ${this.area(Number(room.usable_area), 2)} · ${this.v("room_status", room.status)}</li>`,
              )}</ul>`
          : html`<p>${this.t("decisionRecorded", { name: chosen?.name ?? "", audit: decision.audit.length })}</p>`
      }
      ${decision.scenarioId ? html`<p class="scenario-draft">${this.t("decisionScenario", { id: decision.scenarioId })}</p>` : nothing}
    </section>`;
  }

  override render() {
    const detail = this.detail;
    const back = html`<div class="row"><button type="button" class="tool back" @click=${() => this.emit("request-back", undefined)}>← ${this.t("requestBack")}</button></div>`;
    if (!detail)
      return html`${back}${this.busy ? html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>` : nothing}`;
    return html`${back}
      <h3>${detail.unitName}
        <span class="tag status-${detail.status}">${this.t(`requestStatus_${detail.status}` as const)}</span>
        ${detail.grassroots ? html`<span class="tag">${this.t("requestGrassroots")}</span>` : nothing}
      </h3>
      <dl>
        <dt>${this.t("requestReason")}</dt><dd>${detail.reason}</dd>
        <dt>${this.t("requestNeededBy")}</dt><dd>${detail.neededBy ?? "—"}</dd>
        <dt>${this.t("requestSubmittedAt")}</dt><dd>${new Date(detail.submittedAt).toLocaleString(this.locale)}</dd>
      </dl>
      <h3>${this.t("requestCheckHeading")}</h3>
      ${this.#renderCheck(detail)}
      <h3>${this.t("requestPlansHeading")}</h3>
      ${this.busy ? html`<div class="progress" role="progressbar" aria-label=${this.t(this.busy === "preparing" ? "requestPreparing" : "loading")}></div>` : nothing}
      ${this.#renderPlans(detail)}
      ${this.decision ? this.#renderDecision(this.decision) : nothing}`;
  }
}

customElements.define("fangtu-request-detail", FangtuRequestDetail);
