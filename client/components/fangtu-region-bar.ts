import { css, html, nothing } from "lit";
import type { RegionDetail } from "../api/types.js";
import { LocalizedElement } from "./localized-element.js";

/**
 * The region breadcrumb (省 → 市 → 县 → 乡) with a switcher for the level below. Fires
 * `region-change` with a code; the app loads the region and moves the map.
 */
export class FangtuRegionBar extends LocalizedElement {
  static override properties = { ...LocalizedElement.properties, detail: { attribute: false } };
  static override styles = css`
    :host {
      display: flex;
      align-items: center;
      gap: 4px;
      font-size: 13px;
    }
    nav {
      display: flex;
      align-items: center;
      gap: 4px;
    }
    button {
      font: inherit;
      color: #fff;
      background: none;
      border: none;
      padding: 2px 4px;
      cursor: pointer;
      text-decoration: underline;
      text-underline-offset: 3px;
    }
    .current {
      font-weight: 600;
    }
    .separator {
      opacity: 0.7;
    }
    select {
      font: inherit;
      max-width: 160px;
      border-radius: 4px;
      border: none;
      padding: 2px 4px;
    }
  `;

  detail: RegionDetail | undefined;

  #change(code: string): void {
    this.emit("region-change", code);
  }

  override render() {
    const detail = this.detail;
    const trail = detail ? [...detail.ancestors, detail.region] : [];
    return html`<nav aria-label=${this.t("regionBreadcrumb")}>
        ${trail.map(
          (region, index) =>
            html`${index > 0 ? html`<span class="separator">›</span>` : nothing}${
              index === trail.length - 1
                ? html`<span class="current" aria-current="location">${region.name}</span>`
                : html`<button type="button" @click=${() => this.#change(region.code)}>${region.name}</button>`
            }`,
        )}
      </nav>
      ${
        detail && detail.children.length > 0
          ? html`<span class="separator">›</span
              ><select
                aria-label=${this.t("regionSwitcher")}
                @change=${(event: Event) => {
                  const select = event.target as HTMLSelectElement;
                  if (select.value) this.#change(select.value);
                  select.value = "";
                }}
              >
                <option value="">${this.t("chooseChild")}</option>
                ${detail.children.map((child) => html`<option value=${child.code}>${child.name}</option>`)}
              </select>`
          : nothing
      }`;
  }
}

customElements.define("fangtu-region-bar", FangtuRegionBar);
