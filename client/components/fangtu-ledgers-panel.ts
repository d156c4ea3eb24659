import { html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import { saveBlob } from "../util/save-blob.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

/** The official ledgers, in the shapes the administration reports upward, and 三相符核查. */
const ledgers = [
  ["office-buildings", "ledgerOfficeBuildings"],
  ["units", "ledgerUnits"],
  ["staff-offices", "ledgerStaffOffices"],
  ["over-standard", "ledgerOverStandard"],
  ["vacated", "ledgerVacated"],
  ["consistency", "ledgerConsistency"],
] as const;

/** Building footprints for GIS tools (QGIS, ArcGIS). */
const geoExports = [
  ["geojson", "exportBuildingsGeoJson"],
  ["gpkg", "exportBuildingsGeoPackage"],
] as const;

/** The left panel's downloads for the region in focus: the official XLSX ledgers and the footprints. */
export class FangtuLedgersPanel extends LocalizedElement {
  static override properties = { ...LocalizedElement.properties, region: { type: String } };
  static override styles = [sharedStyles];

  region: string | undefined;

  async #download(path: string): Promise<void> {
    try {
      const { blob, filename } = await api.download(path);
      saveBlob(blob, filename);
    } catch (error) {
      this.reportError(error);
    }
  }

  override render() {
    const region = this.region;
    if (!region) return nothing;
    return html`<h2>${this.t("ledgersHeading")}</h2>
      <div class="tools ledgers">
        ${ledgers.map(
          ([name, label]) =>
            html`<button type="button" class="tool" data-ledger=${name} @click=${() =>
              this.#download(
                // 三相符核查 is a report of its own beside the ledgers, under /api/consistency.xlsx.
                `${name === "consistency" ? "/api/consistency" : `/api/ledgers/${name}`}.xlsx?region=${region}`,
              )}>${this.t(label)}</button>`,
        )}
      </div>
      <div class="tools geo-exports" role="group" aria-label=${this.t("geoExportsLabel")}>
        ${geoExports.map(
          ([format, label]) =>
            html`<button type="button" class="tool" data-export=${format} @click=${() => this.#download(`/api/exports/buildings.${format}?region=${region}`)}>${this.t(label)}</button>`,
        )}
      </div>
      <p class="muted">${this.t("ledgerHint")}</p>`;
  }
}

customElements.define("fangtu-ledgers-panel", FangtuLedgersPanel);
