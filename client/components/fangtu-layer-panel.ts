import { css, html, nothing } from "lit";
import type { RegionDetail } from "../api/types.js";
import type { MessageKey } from "../i18n/messages.js";
import { choropleths, themeById, themes } from "../map/themes.js";
import { type ChoroplethMetric, type OverlayId, overlayIds, type ThemeId } from "../state/view-state.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

const overlayLabels: Record<OverlayId, { label: MessageKey; color: string }> = {
  idle: { label: "overlayIdle", color: "#d64545" },
  leases: { label: "overlayLeases", color: "#7b3fa0" },
  assets: { label: "overlayAssets", color: "#00838f" },
  facilities: { label: "overlayFacilities", color: "#2e7d32" },
};

/**
 * The left panel: the region's figures, the building theme with its legend, overlays, the region
 * choropleth. Fires `theme-change`, `overlays-change` and `choropleth-change`.
 */
export class FangtuLayerPanel extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    theme: { type: String },
    overlays: { attribute: false },
    choropleth: { type: String },
    region: { attribute: false },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: none;
        /* A legend's own top margin does not apply inside a fieldset: the fieldset spaces itself. */
        margin: 14px 0 0;
        padding: 0;
      }
      legend {
        font-size: 14px;
        font-weight: 600;
        margin: 0 0 6px;
        color: #4a5561;
        padding: 0;
      }
      label {
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 2px 0;
        cursor: pointer;
      }
      .legend {
        margin: 6px 0 0 4px;
        padding: 6px 8px;
        background: #f6f8fa;
        border-radius: 4px;
      }
      .legend div {
        padding: 1px 0;
      }
      .ramp {
        display: flex;
        margin-top: 4px;
      }
      .ramp span {
        flex: 1;
        height: 10px;
      }
      .ramp-labels {
        display: flex;
        justify-content: space-between;
      }
    `,
  ];

  theme: ThemeId = "status";
  overlays: OverlayId[] = [];
  choropleth: ChoroplethMetric = "idle_area";
  region: RegionDetail | undefined;

  #renderRegion() {
    const region = this.region;
    if (!region) return html`<p class="muted">${this.t("loading")}</p>`;
    const totals = region.totals;
    return html`<h2>${region.region.name} · ${this.t("regionTotals")}</h2>
      <dl class="region-totals">
        <dt>${this.t("buildings")}</dt><dd>${this.count(totals.buildings)}</dd>
        <dt>${this.t("units")}</dt><dd>${this.count(totals.units)}</dd>
        <dt>${this.t("grossArea")}</dt><dd>${this.area(totals.grossArea)}</dd>
        <dt>${this.t("usableArea")}</dt><dd>${this.area(totals.usableArea)}</dd>
        <dt>${this.t("idleArea")}</dt><dd>${this.area(totals.idleArea)}</dd>
        <dt>${this.t("leasesInCount")}</dt><dd>${this.count(totals.leasesIn)}</dd>
        <dt>${this.t("annualRentOutside")}</dt><dd>${this.money(totals.annualRentOutside)}</dd>
      </dl>`;
  }

  #renderChoroplethLegend() {
    const choropleth = choropleths.find((candidate) => candidate.metric === this.choropleth);
    if (!choropleth) return nothing;
    const label = (value: number) =>
      choropleth.unit === "m²"
        ? this.area(value)
        : choropleth.unit === "10k yuan"
          ? this.money(value)
          : this.count(value);
    return html`<div class="legend">
      <div class="ramp">${choropleth.colors.map((color) => html`<span style="background:${color}"></span>`)}</div>
      <div class="ramp-labels muted"><span>0</span>${choropleth.breaks.slice(1).map((value) => html`<span>${label(value)}</span>`)}</div>
      <div class="muted">${this.t("choroHint")}</div>
    </div>`;
  }

  override render() {
    const theme = themeById(this.theme);
    return html`${this.#renderRegion()}
      <fieldset class="themes">
        <legend>${this.t("themeHeading")}</legend>
        ${themes.map(
          (candidate) => html`<label
            ><input
              type="radio"
              name="theme"
              value=${candidate.id}
              .checked=${candidate.id === this.theme}
              @change=${() => this.emit("theme-change", candidate.id)}
            />${this.t(candidate.label)}</label
          >`,
        )}
        <div class="legend" data-theme=${theme.id} aria-label=${this.t("legend")}>
          ${theme.legend.map((entry) => html`<div><span class="swatch" style="background:${entry.color}"></span>${this.t(entry.label)}</div>`)}
        </div>
      </fieldset>
      <fieldset class="overlays">
        <legend>${this.t("overlaysHeading")}</legend>
        ${overlayIds.map(
          (id) => html`<label
            ><input
              type="checkbox"
              value=${id}
              .checked=${this.overlays.includes(id)}
              @change=${(event: Event) => {
                const on = (event.target as HTMLInputElement).checked;
                this.emit(
                  "overlays-change",
                  overlayIds.filter((candidate) =>
                    candidate === id ? on : this.overlays.includes(candidate),
                  ),
                );
              }}
            /><span class="swatch" style="background:${overlayLabels[id].color}"></span>${this.t(overlayLabels[id].label)}</label
          >`,
        )}
      </fieldset>
      <fieldset class="choropleth">
        <legend>${this.t("choroplethHeading")}</legend>
        <select
          aria-label=${this.t("choroplethHeading")}
          @change=${(event: Event) => this.emit("choropleth-change", (event.target as HTMLSelectElement).value)}
        >
          <option value="none" ?selected=${this.choropleth === "none"}>${this.t("choroNone")}</option>
          ${choropleths.map(
            (candidate) =>
              html`<option value=${candidate.metric} ?selected=${candidate.metric === this.choropleth}>${this.t(candidate.label)}</option>`,
          )}
        </select>
        ${this.#renderChoroplethLegend()}
      </fieldset>`;
  }
}

customElements.define("fangtu-layer-panel", FangtuLayerPanel);
