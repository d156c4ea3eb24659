import { css, html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import type { DisposalOption, Label } from "../api/outflow-types.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

/**
 * 处置方式 of an idle or vacated building: the six methods of the 2017 rules from
 * `GET /api/disposals/options`, whether each applies and why; planners record one (after a confirmation).
 * Lending is not a disposal and is never offered. Emits `outflow-recorded` (a message) when recorded.
 */
export class FangtuDisposalOptions extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    buildingId: { type: Number },
    buildingName: { type: String },
    canEdit: { type: Boolean },
    options: { state: true },
    method: { state: true },
    reserve: { state: true },
    busy: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      ul.plain {
        margin: 0;
        padding-left: 18px;
      }
      .applies {
        color: #1e7b4a;
      }
      .not-applies {
        color: #6b7682;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        align-items: center;
        margin-top: 4px;
      }
      .actions input {
        width: 90px;
      }
    `,
  ];

  buildingId: number | undefined;
  buildingName = "";
  canEdit = false;
  options: DisposalOption[] | undefined;
  method = "";
  reserve = "";
  busy = false;
  #request: AbortController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("buildingId")) this.#load();
  }

  #load(): void {
    this.#request?.abort();
    this.options = undefined;
    const id = this.buildingId;
    if (id === undefined) return;
    const controller = new AbortController();
    this.#request = controller;
    api
      .disposalOptions(id, controller.signal)
      .then((options) => {
        this.options = options;
        this.method = options.find((option) => option.applicable)?.method ?? "";
      })
      .catch((error: unknown) => this.reportError(error));
  }

  #label(label: Label): string {
    return this.locale === "zh-CN" ? label.zh : label.en;
  }

  async #record(): Promise<void> {
    const option = this.options?.find((candidate) => candidate.method === this.method);
    if (this.buildingId === undefined || !option) return;
    const method = this.#label(option.label);
    if (!confirm(this.t("disposalConfirm", { building: this.buildingName, method }))) return;
    this.busy = true;
    try {
      await api.recordDisposal({
        buildingId: this.buildingId,
        method: option.method,
        ...(option.method === "auction" && this.reserve !== "" ? { reservePrice: Number(this.reserve) } : {}),
      });
      this.emit("outflow-recorded", this.t("disposalRecorded", { method }));
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  #renderRecord(applicable: DisposalOption[]) {
    if (applicable.length === 0) return html`<p class="empty">${this.t("disposalNone")}</p>`;
    return html`<div class="actions">
      <label>${this.t("disposalMethod")}
        <select name="method" .value=${this.method}
          @change=${(event: Event) => (this.method = (event.target as HTMLSelectElement).value)}>
          ${applicable.map((option) => html`<option value=${option.method} ?selected=${option.method === this.method}>${this.#label(option.label)}</option>`)}
        </select>
      </label>
      ${
        this.method === "auction"
          ? html`<label>${this.t("disposalReserve")}
              <input name="reservePrice" type="number" min="0" step="0.01" .value=${this.reserve}
                @input=${(event: Event) => (this.reserve = (event.target as HTMLInputElement).value)} /></label>`
          : nothing
      }
      <button type="button" class="record" ?disabled=${this.busy || (this.method === "auction" && this.reserve === "")}
        @click=${() => this.#record()}>${this.t("disposalRecord")}</button>
    </div>`;
  }

  override render() {
    const options = this.options;
    return html`<h2>${this.t("disposalHeading")}</h2>
      <p class="muted">${this.t("disposalHint")}</p>
      ${
        options === undefined
          ? html`<p class="muted">${this.t("loading")}</p>`
          : html`<ul class="plain options">
              ${options.map(
                (
                  option,
                ) => html`<li data-method=${option.method} data-applicable=${option.applicable ? "true" : "false"}>
                  <strong>${this.#label(option.label)}</strong>
                  <span class=${option.applicable ? "applies" : "not-applies"}>${option.applicable ? this.t("disposalApplies") : this.t("disposalNotApplies")}</span>${option.reasons.length > 0 ? html`<span class="muted">：${option.reasons.map((reason) => this.#label(reason)).join("；")}</span>` : nothing}
                </li>`,
              )}
            </ul>
            ${this.canEdit ? this.#renderRecord(options.filter((option) => option.applicable)) : nothing}`
      }`;
  }
}

customElements.define("fangtu-disposal-options", FangtuDisposalOptions);
