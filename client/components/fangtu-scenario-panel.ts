import { css, html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import type { ScenarioSummary } from "../api/scenario-types.js";
import type { MapView } from "../map/map-view.js";
import { LocalizedElement } from "./localized-element.js";
import { scenarioStyles } from "./scenario.styles.js";
import { sharedStyles } from "./shared-styles.js";
import "./fangtu-scenario-detail.js";

/** The building selected on the map, offered to the add-action form. */
export interface PickedBuilding {
  readonly id: number;
  readonly name: string;
}

/**
 * Swap and move scenarios (规划 → 置换方案): the list with status and a stale badge; create, copy,
 * rename, archive; open one (its actions, validation, metrics, arcs on the map); tick two or more to
 * compare them or two to show them side by side. Fires `scenario-compare` and `scenario-split` with ids.
 */
export class FangtuScenarioPanel extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    getMap: { attribute: false },
    canEdit: { type: Boolean },
    canApprove: { type: Boolean },
    selectedBuilding: { attribute: false },
    scenarios: { state: true },
    openId: { state: true },
    ticked: { state: true },
  };
  static override styles = [
    sharedStyles,
    scenarioStyles,
    css`
      ul.scenarios li {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 2px 6px;
        padding: 6px 0;
        border-bottom: 1px solid #e4e8ec;
      }
      ul.scenarios .actions {
        grid-column: 2;
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
      ul.scenarios button.tool {
        padding: 1px 6px;
        font-size: 12px;
      }
    `,
  ];

  getMap: () => MapView | undefined = () => undefined;
  canEdit = false;
  canApprove = false;
  selectedBuilding: PickedBuilding | undefined;
  /** undefined while loading. */
  scenarios: ScenarioSummary[] | undefined;
  openId: number | undefined;
  ticked: ReadonlySet<number> = new Set();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  /** Reads the list again (after a change here or an apply). */
  async reload(): Promise<void> {
    try {
      this.scenarios = await api.scenarios();
    } catch (error) {
      this.scenarios = [];
      this.reportError(error);
    }
  }

  async #create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (!name) return;
    try {
      const { scenario } = await api.createScenario(name);
      form.reset();
      await this.reload();
      this.openId = scenario.id;
    } catch (error) {
      this.reportError(error);
    }
  }

  async #copy(scenario: ScenarioSummary): Promise<void> {
    try {
      await api.copyScenario(scenario.id, this.t("scenarioCopyName", { name: scenario.name }));
      await this.reload();
    } catch (error) {
      this.reportError(error);
    }
  }

  async #rename(scenario: ScenarioSummary): Promise<void> {
    const name = prompt(this.t("scenarioRenamePrompt"), scenario.name)?.trim();
    if (!name || name === scenario.name) return;
    try {
      await api.patchScenario(scenario.id, scenario.version, { name });
      await this.reload();
    } catch (error) {
      this.reportError(error);
    }
  }

  async #archive(scenario: ScenarioSummary): Promise<void> {
    if (!confirm(this.t("scenarioArchiveConfirm", { name: scenario.name }))) return;
    try {
      await api.patchScenario(scenario.id, scenario.version, { status: "archived" });
      this.#tick(scenario.id, false);
      await this.reload();
    } catch (error) {
      this.reportError(error);
    }
  }

  #tick(id: number, on: boolean): void {
    const next = new Set(this.ticked);
    if (on) next.add(id);
    else next.delete(id);
    this.ticked = next;
  }

  /**
   * The ticked scenarios, oldest first: the first is the comparison's reference column, and a case
   * comes before the alternatives copied from it.
   */
  get #tickedIds(): number[] {
    return [...this.ticked].sort((a, b) => a - b);
  }

  #renderItem(scenario: ScenarioSummary) {
    const archived = scenario.status === "archived";
    return html`<li data-scenario=${scenario.id}>
      <input type="checkbox" aria-label=${this.t("scenarioCompareHint")} .checked=${this.ticked.has(scenario.id)}
        ?disabled=${archived}
        @change=${(event: Event) => this.#tick(scenario.id, (event.target as HTMLInputElement).checked)} />
      <div>
        <button type="button" class="link open" @click=${() => (this.openId = scenario.id)}>${scenario.name}</button>
        <span class="status status-${scenario.status}">${this.v("scenario_status", scenario.status)}</span>
        ${scenario.stale ? html`<span class="stale" title=${this.t("scenarioStaleHint")}>${this.t("scenarioStale")}</span>` : nothing}
        <span class="muted">· ${this.t("scenarioActions", { count: scenario.action_count })}</span>
      </div>
      ${
        this.canEdit
          ? html`<div class="actions">
              <button type="button" class="tool copy" @click=${() => this.#copy(scenario)}>${this.t("scenarioCopy")}</button>
              ${archived ? nothing : html`<button type="button" class="tool rename" @click=${() => this.#rename(scenario)}>${this.t("scenarioRename")}</button>`}
              ${archived || scenario.status === "applied" ? nothing : html`<button type="button" class="tool archive" @click=${() => this.#archive(scenario)}>${this.t("scenarioArchive")}</button>`}
            </div>`
          : nothing
      }
    </li>`;
  }

  #renderList() {
    const scenarios = this.scenarios;
    const ids = this.#tickedIds;
    return html`<p class="muted">${this.t("scenarioHint")}</p>
      ${
        this.canEdit
          ? html`<form class="row create" @submit=${this.#create}>
              <input name="name" required maxlength="200" placeholder=${this.t("scenarioName")} aria-label=${this.t("scenarioName")} />
              <button type="submit" class="tool">${this.t("scenarioNew")}</button>
            </form>`
          : nothing
      }
      ${scenarios === undefined ? html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>` : nothing}
      ${scenarios?.length === 0 ? html`<p class="empty">${this.t("scenarioNone")}</p>` : nothing}
      <ul class="plain scenarios">${(scenarios ?? []).map((scenario) => this.#renderItem(scenario))}</ul>
      <div class="row">
        <button type="button" class="tool primary compare" ?disabled=${ids.length < 2} title=${this.t("scenarioCompareHint")}
          @click=${() => this.emit("scenario-compare", ids)}>${this.t("scenarioCompare")}（${ids.length}）</button>
        <button type="button" class="tool split" ?disabled=${ids.length !== 2} title=${this.t("scenarioSplitHint")}
          @click=${() => this.emit("scenario-split", ids)}>${this.t("scenarioSplit")}</button>
      </div>
      <p class="muted">${this.t("scenarioCompareHint")}</p>`;
  }

  override render() {
    return html`<h2>${this.t("scenarioHeading")}</h2>
      <div class="row">
        ${this.openId === undefined ? nothing : html`<button type="button" class="tool back" @click=${() => (this.openId = undefined)}>← ${this.t("scenarioBack")}</button>`}
        <button type="button" class="tool close-scenarios" @click=${() => this.emit("scenario-close", undefined)}>${this.t("scenarioClose")}</button>
      </div>
      ${
        this.openId === undefined
          ? this.#renderList()
          : html`<fangtu-scenario-detail
              .locale=${this.locale}
              .scenarioId=${this.openId}
              .getMap=${this.getMap}
              .canEdit=${this.canEdit}
              .canApprove=${this.canApprove}
              .selectedBuilding=${this.selectedBuilding}
              @scenario-changed=${() => void this.reload()}
            ></fangtu-scenario-detail>`
      }`;
  }
}

customElements.define("fangtu-scenario-panel", FangtuScenarioPanel);
