import { css, html, nothing } from "lit";
import { ApiRequestError, api } from "../api/fangtu-api.js";
import { loadScenarioDetail, scenarioDetail, withSummary } from "../api/scenario-detail.js";
import type { LiveChange, ScenarioAction, ScenarioDetail } from "../api/scenario-types.js";
import type { MapView } from "../map/map-view.js";
import type { ScenarioMapState } from "../map/scenario-map.js";
import { actionLabel, applySummary, conflictLine, scenarioBounds } from "../state/scenario-view.js";
import type { PickedBuilding } from "./fangtu-scenario-panel.js";
import { LocalizedElement } from "./localized-element.js";
import { scenarioStyles } from "./scenario.styles.js";
import {
  renderLegend,
  renderMetrics,
  renderUnitChanges,
  renderValidation,
  scenarioDescriber,
} from "./scenario-sections.js";
import { sharedStyles } from "./shared-styles.js";
import "./fangtu-scenario-action-form.js";

/** Rows of a refused apply listed one by one; the rest are counted. */
const CONFLICTS_SHOWN = 20;

/**
 * One scenario: its actions as a readable list (remove with confirmation, add moves, swaps and vacates),
 * validation with the equal-area swap balances, metrics before → after, its arcs on the map with a
 * before/after toggle; approval and application for the approver role. Fires `scenario-changed`.
 */
export class FangtuScenarioDetail extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    scenarioId: { type: Number },
    getMap: { attribute: false },
    canEdit: { type: Boolean },
    canApprove: { type: Boolean },
    selectedBuilding: { attribute: false },
    detail: { state: true },
    busy: { state: true },
    mapState: { state: true },
    conflict: { state: true },
  };
  static override styles = [
    sharedStyles,
    scenarioStyles,
    css`
      /* A long scenario (the 18-unit clearance has 19 actions) scrolls, validation and metrics stay near. */
      ol.actions-list {
        max-height: 260px;
        overflow-y: auto;
        margin: 0;
        padding-left: 24px;
      }
      ol.actions-list li {
        padding: 2px 0;
      }
    `,
  ];

  scenarioId = 0;
  getMap: () => MapView | undefined = () => undefined;
  canEdit = false;
  canApprove = false;
  selectedBuilding: PickedBuilding | undefined;
  detail: ScenarioDetail | undefined;
  busy: "validating" | "applying" | undefined;
  mapState: ScenarioMapState = "after";
  /** What changed in the live ledger when applying was refused (409). */
  conflict: LiveChange[] | undefined;
  #request: AbortController | undefined;
  #framed: number | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("scenarioId")) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request?.abort();
    void this.#show(undefined, "before");
  }

  async #load(): Promise<void> {
    this.#request?.abort();
    const controller = new AbortController();
    this.#request = controller;
    try {
      const detail = await loadScenarioDetail(this.scenarioId, controller.signal);
      if (controller.signal.aborted) return;
      await this.#take(detail);
    } catch (error) {
      this.reportError(error);
    }
  }

  async #take(detail: ScenarioDetail): Promise<void> {
    this.detail = detail;
    await this.#show(detail, this.mapState);
  }

  /** After the actions changed: metrics again; the validation no longer holds (back to draft). */
  async #changed(): Promise<void> {
    this.emit("scenario-changed", this.scenarioId);
    await this.#load();
  }

  get #version(): number {
    return this.detail?.scenario.version ?? 0;
  }

  readonly #describe = scenarioDescriber(this);

  async #show(detail: ScenarioDetail | undefined, state: ScenarioMapState): Promise<void> {
    const map = this.getMap();
    if (!map) return;
    try {
      const { showScenario } = await import("../map/scenario-map.js");
      const { arcs, changes } = await showScenario(map, detail, state, this.#describe);
      // Frame the moves once per scenario opened, not on every toggle.
      const bounds = scenarioBounds(arcs, changes);
      if (detail && bounds && this.#framed !== detail.scenario.id) {
        this.#framed = detail.scenario.id;
        map.fitBounds(bounds, 16);
      }
    } catch (error) {
      this.reportError(error);
    }
  }

  #setMapState(state: ScenarioMapState): void {
    this.mapState = state;
    void this.#show(this.detail, state);
  }

  async #addAction(action: ScenarioAction): Promise<void> {
    try {
      await api.addScenarioAction(this.scenarioId, this.#version, action);
      await this.#changed();
    } catch (error) {
      this.reportError(error);
    }
  }

  async #removeAction(index: number, label: string): Promise<void> {
    if (!confirm(this.t("scenarioRemoveConfirm", { index: index + 1, label }))) return;
    try {
      await api.removeScenarioAction(this.scenarioId, this.#version, index);
      await this.#changed();
    } catch (error) {
      this.reportError(error);
    }
  }

  async #validate(): Promise<void> {
    this.busy = "validating";
    try {
      const evaluation = await api.validateScenario(this.scenarioId);
      const current = this.detail?.scenario ?? (await api.scenario(this.scenarioId));
      this.emit("scenario-changed", this.scenarioId);
      await this.#take(await scenarioDetail(current, evaluation));
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = undefined;
    }
  }

  async #approve(detail: ScenarioDetail): Promise<void> {
    if (!confirm(this.t("scenarioApproveConfirm", { name: detail.scenario.name }))) return;
    try {
      const { scenario } = await api.approveScenario(this.scenarioId, detail.scenario.version);
      this.emit("scenario-approved", detail.scenario.name);
      this.emit("scenario-changed", this.scenarioId);
      this.detail = { ...detail, scenario: withSummary(detail.scenario, scenario) };
    } catch (error) {
      this.reportError(error);
    }
  }

  async #apply(detail: ScenarioDetail): Promise<void> {
    if (!confirm(applySummary(this.locale, detail))) return;
    this.busy = "applying";
    this.conflict = undefined;
    try {
      const { scenario } = await api.applyScenario(this.scenarioId, detail.scenario.version);
      this.emit("scenario-applied", detail.scenario.name);
      this.emit("scenario-changed", this.scenarioId);
      this.detail = { ...detail, scenario: withSummary(detail.scenario, scenario) };
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 409) {
        this.conflict = error.details.map((entry) => entry as LiveChange);
        this.emit("scenario-changed", this.scenarioId);
        await this.#load();
        await this.updateComplete;
        this.renderRoot.querySelector(".conflict")?.scrollIntoView({ block: "nearest" });
      } else this.reportError(error);
    } finally {
      this.busy = undefined;
    }
  }

  #renderActions(detail: ScenarioDetail, editable: boolean) {
    const actions = detail.scenario.actions;
    if (actions.length === 0) return html`<p class="empty">${this.t("scenarioNoActions")}</p>`;
    return html`<ol class="actions-list">
      ${actions.map((action, index) => {
        const label = actionLabel(this.locale, detail.names, action);
        return html`<li data-action=${index}>
          <span>${label}</span>
          ${
            editable
              ? html`<button type="button" class="tool danger remove-action" @click=${() => this.#removeAction(index, label)}>${this.t("scenarioRemoveAction")}</button>`
              : nothing
          }
        </li>`;
      })}
    </ol>`;
  }

  #renderDecision(detail: ScenarioDetail) {
    if (!this.canApprove) return nothing;
    const status = detail.scenario.status;
    return html`<div class="row decision">
      <button type="button" class="tool approve" ?disabled=${status !== "validated" || detail.scenario.stale}
        @click=${() => this.#approve(detail)}>${this.t("scenarioApprove")}</button>
      <button type="button" class="tool primary apply" ?disabled=${status !== "approved" || this.busy !== undefined}
        @click=${() => this.#apply(detail)}>${this.t("scenarioApply")}</button>
    </div>
    ${this.busy === "applying" ? html`<div class="progress" role="progressbar" aria-label=${this.t("scenarioApply")}></div>` : nothing}
    ${
      this.conflict
        ? html`<div class="conflict bad" role="alert">
            <p>${this.t("scenarioConflict")}</p>
            <ul>
              ${this.conflict.slice(0, CONFLICTS_SHOWN).map((change) => html`<li>${conflictLine(this.locale, change)}</li>`)}
            </ul>
            ${this.conflict.length > CONFLICTS_SHOWN ? html`<p>${this.t("conflictMore", { count: this.conflict.length - CONFLICTS_SHOWN })}</p>` : nothing}
          </div>`
        : nothing
    }`;
  }

  override render() {
    const detail = this.detail;
    if (!detail || detail.scenario.id !== this.scenarioId)
      return html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>`;
    const scenario = detail.scenario;
    const editable = this.canEdit && (scenario.status === "draft" || scenario.status === "validated");
    return html`<h3 class="scenario-name">${scenario.name}
        <span class="status status-${scenario.status}">${this.v("scenario_status", scenario.status)}</span>
        ${scenario.stale ? html`<span class="stale">${this.t("scenarioStale")}</span>` : nothing}
      </h3>
      ${scenario.stale ? html`<p class="muted">${this.t("scenarioStaleHint")}</p>` : nothing}
      <div class="row map-state" role="group" aria-label=${this.t("scenarioMapState")}>
        <span class="muted">${this.t("scenarioMapState")}</span>
        ${(["before", "after"] as const).map(
          (
            state,
          ) => html`<button type="button" class="tool state-${state}" aria-pressed=${this.mapState === state}
            @click=${() => this.#setMapState(state)}>${this.t(state === "before" ? "scenarioBefore" : "scenarioAfter")}</button>`,
        )}
      </div>
      ${this.mapState === "after" ? renderLegend(this) : nothing}
      <h3>${this.t("scenarioActions", { count: detail.scenario.actions.length })}</h3>
      ${this.#renderActions(detail, editable)}
      ${
        editable
          ? html`<fangtu-scenario-action-form .locale=${this.locale} .selectedBuilding=${this.selectedBuilding}
              @action-add=${(event: CustomEvent<ScenarioAction>) => this.#addAction(event.detail)}></fangtu-scenario-action-form>`
          : nothing
      }
      <div class="row">
        <button type="button" class="tool primary validate" ?disabled=${this.busy !== undefined || detail.scenario.actions.length === 0 || !editable}
          @click=${this.#validate}>${this.busy === "validating" ? this.t("scenarioValidating") : this.t("scenarioValidate")}</button>
      </div>
      ${this.busy === "validating" ? html`<div class="progress" role="progressbar" aria-label=${this.t("scenarioValidating")}></div>` : nothing}
      ${detail.validation ? renderValidation(this, detail.validation) : nothing}
      <h3>${this.t("scenarioMetrics")}</h3>
      ${detail.metrics ? renderMetrics(this, detail.metrics) : html`<p class="empty">${this.t("scenarioMetricsNone")}</p>`}
      ${detail.metrics ? renderUnitChanges(this, detail.metrics) : nothing}
      ${this.#renderDecision(detail)}`;
  }
}

customElements.define("fangtu-scenario-detail", FangtuScenarioDetail);
