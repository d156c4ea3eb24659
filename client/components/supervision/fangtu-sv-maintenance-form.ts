import { html, nothing } from "lit";
import { maintenanceApi, type RepairKind, type RepairPlace, shrinkPhoto } from "../../api/sv-maintenance.js";
import type { MessageKey } from "../../i18n/messages.js";
import { LocalizedElement } from "../localized-element.js";
import { sharedStyles } from "../shared-styles.js";
import { maintenanceStyles } from "./sv-maintenance-styles.js";

const today = () => new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date());

/**
 * The filing form of a unit user: routine or major, a building of the unit and some of its rooms,
 * the work, the estimate in 万元, an optional due date and photos. Fires `repair-filed` with the new
 * request, or `repair-cancel`.
 */
export class FangtuSvMaintenanceForm extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    places: { state: true },
    kind: { state: true },
    buildingId: { state: true },
    busy: { state: true },
  };
  static override styles = [sharedStyles, maintenanceStyles];

  places: RepairPlace[] | undefined;
  kind: RepairKind = "routine";
  buildingId: number | undefined;
  busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadPlaces();
  }

  async #loadPlaces(): Promise<void> {
    try {
      this.places = await maintenanceApi.places();
      this.buildingId = this.places[0]?.id;
    } catch (error) {
      this.reportError(error);
    }
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!form.reportValidity() || this.buildingId === undefined) return;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const title = value("title");
    if (!confirm(this.t("mtConfirm_file", { title }))) return;
    const roomIds = [...form.querySelectorAll<HTMLInputElement>("input[name=room]:checked")].map((input) =>
      Number(input.value),
    );
    const dueOn = value("dueOn");
    this.busy = true;
    try {
      const repair = await maintenanceApi.file({
        kind: this.kind,
        buildingId: this.buildingId,
        roomIds,
        title,
        description: value("description"),
        estimatedCost: Number(value("estimatedCost")),
        ...(dueOn ? { dueOn } : {}),
      });
      const photos = (form.elements.namedItem("photos") as HTMLInputElement).files;
      for (const photo of photos ? [...photos] : [])
        await maintenanceApi.attach(repair.id, await shrinkPhoto(photo));
      this.emit("repair-filed", repair);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const heading = html`<h2><span>${this.t("mtForm_heading")}</span>
      <button type="button" class="tool" @click=${() => this.emit("repair-cancel", undefined)}>${this.t("mtCancel")}</button></h2>`;
    if (!this.places)
      return html`${heading}<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div>`;
    if (this.places.length === 0) return html`${heading}<p class="empty">${this.t("mtForm_noPlaces")}</p>`;
    const building = this.places.find((place) => place.id === this.buildingId);
    return html`${heading}
      <form class="filing" @submit=${(event: SubmitEvent) => void this.#submit(event)}>
        <fieldset class="kinds">
          <legend>${this.t("mtForm_kind")}</legend>
          ${(["routine", "major"] as const).map(
            (kind) => html`<label><input type="radio" name="kind" value=${kind} .checked=${this.kind === kind}
                @change=${() => {
                  this.kind = kind;
                }} />
              <span><strong>${this.t(`mtKind_${kind}` as MessageKey)}</strong><br />
                <span class="muted">${this.t(`mtKindHint_${kind}` as MessageKey)}</span></span></label>`,
          )}
        </fieldset>
        <label>${this.t("mtForm_building")}
          <select name="building" @change=${(event: Event) => {
            this.buildingId = Number((event.target as HTMLSelectElement).value);
          }}>
            ${this.places.map((place) => html`<option value=${place.id} ?selected=${place.id === this.buildingId}>${place.name}</option>`)}
          </select></label>
        ${
          building
            ? html`<div>${this.t("mtForm_rooms")}
              <div class="rooms">
                ${building.rooms.map(
                  (room) => html`<label><input type="checkbox" name="room" value=${room.id} />${room.number}
                    <span class="muted">${this.t("mtFloor", { floor: room.floor })}</span></label>`,
                )}
              </div></div>`
            : nothing
        }
        <label>${this.t("mtForm_title")} <input name="title" required maxlength="200" /></label>
        <label>${this.t("mtForm_description")} <textarea name="description" rows="3" required maxlength="4000"></textarea></label>
        <label>${this.t("mtForm_cost")} <input name="estimatedCost" type="number" min="0" step="0.01" inputmode="decimal" required /></label>
        <label>${this.t("mtForm_due")} <input name="dueOn" type="date" min=${today()} /></label>
        <label>${this.t("mtForm_photos")}
          <input name="photos" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" multiple />
          <span class="muted">${this.t("mtAttachHint")}</span></label>
        <div><button type="submit" class="primary submit-repair" ?disabled=${this.busy}>${this.t("mtSubmit")}</button></div>
      </form>`;
  }
}

customElements.define("fangtu-sv-maintenance-form", FangtuSvMaintenanceForm);
