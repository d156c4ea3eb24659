import { html } from "lit";
import { sharedStyles } from "../shared-styles.js";
import { SupervisionTabElement } from "./supervision-tab.js";

/** The supervision workspace's "inspections" tab (issue 10): not built yet; it says so. */
export class FangtuSvInspections extends SupervisionTabElement {
  static override styles = [sharedStyles];

  override render() {
    return html`<p class="empty">${this.t("svNotYet")}</p>`;
  }
}

customElements.define("fangtu-sv-inspections", FangtuSvInspections);
