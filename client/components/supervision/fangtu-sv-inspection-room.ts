import { html, nothing } from "lit";
import type { SearchHit } from "../../api/fangtu-api.js";
import {
  type ChecklistItem,
  inspectionApi,
  preparePhoto,
  type RoomResultDraft,
} from "../../api/sv-inspections.js";
import { LocalizedElement } from "../localized-element.js";
import { sharedStyles } from "../shared-styles.js";
import { inspectionStyles } from "./sv-inspection.styles.js";
import "../fangtu-search.js";

const useCategories = ["office", "service", "equipment", "ancillary", "technical"] as const;
const statuses = ["in_use", "idle", "leased_out", "lent_out", "vacating", "pending_disposal"] as const;

/** Whether a recorded result differs from the ledger (areas: beyond 0.1 m² and 1 %, as the server judges). */
export function differs(room: ChecklistItem): boolean {
  const result = room.result;
  if (!result) return false;
  const area = result.observedUsableArea;
  const areaDiffers =
    area !== null &&
    Math.abs(Math.round((area - room.usableArea) * 100) / 100) > Math.max(0.1, 0.01 * room.usableArea) + 1e-9;
  return (
    areaDiffers ||
    (result.observedUseCategory !== null && result.observedUseCategory !== room.useCategory) ||
    (result.observedStatus !== null && result.observedStatus !== room.status) ||
    (result.observedOccupantUnitId !== null && result.observedOccupantUnitId !== room.occupantUnitId)
  );
}

/**
 * One room of an inspection's checklist: the ledger's values, what was found, the photos, and (while
 * the inspection is in progress) the field entry with big touch targets and the camera input.
 */
export class FangtuSvInspectionRoom extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    room: { attribute: false },
    inspectionId: { type: Number },
    editable: { type: Boolean },
    open: { state: true },
    otherUnit: { state: true },
    choosingOther: { state: true },
    busy: { state: true },
  };
  static override styles = [sharedStyles, inspectionStyles];

  room: ChecklistItem | undefined;
  inspectionId = 0;
  editable = false;
  open = false;
  otherUnit: SearchHit | null = null;
  choosingOther = false;
  busy = false;

  override render() {
    const room = this.room;
    if (!room) return nothing;
    const result = room.result;
    const state = result ? (differs(room) ? "differs" : "checked") : "";
    const names = room.occupants.map((occupant) => occupant.name).join("、");
    return html`<article class="room ${state}" data-room=${room.roomId} data-number=${room.number}>
      <div class="room-head">
        <span><strong>${room.number}</strong> <span class="muted">${room.buildingName} · ${room.floorName}</span></span>
        <span>
          ${result ? html`<span class="badge ${state === "differs" ? "differs" : "done"}">${this.t(state === "differs" ? "sviDiffers" : "sviCheckedMark")}</span>` : html`<span class="badge">${this.t("sviNotChecked")}</span>`}
          ${this.editable ? html`<button class="big enter" @click=${() => (this.open = !this.open)}>${this.t(result ? "sviEdit" : "sviEnter")}</button>` : nothing}
        </span>
      </div>
      <div class="ledger">
        <span><span class="label">${this.t("sviLedger")}${this.t("sviUse")}</span>${this.v("use_category", room.useCategory)}</span>
        <span><span class="label">${this.t("sviArea")}</span>${this.area(room.usableArea, 2)}</span>
        <span><span class="label">${this.t("sviOccupantUnit")}</span>${room.occupantUnitName ?? this.t("sviIdleRoom")}</span>
        <span><span class="label">${this.t("sviOccupants")}</span>${
          room.occupants.length === 0
            ? this.t("sviNoOccupants")
            : room.occupants.map((occupant) => `${occupant.name}（${occupant.rankName}）`).join("、")
        }</span>
        ${room.standardArea === null ? nothing : html`<span><span class="label">${this.t("sviStandard")}</span>${this.area(room.standardArea, 2)}</span>`}
      </div>
      ${
        result
          ? html`<div class="ledger found">
              <span><span class="label">${this.t("sviFound")}${this.t("sviUse")}</span>${result.observedUseCategory ? this.v("use_category", result.observedUseCategory) : "—"}</span>
              <span><span class="label">${this.t("sviArea")}</span>${this.area(result.observedUsableArea, 2)}</span>
              <span><span class="label">${this.t("sviOccupantUnit")}</span>${result.observedOccupantUnitName ?? "—"}</span>
              <span><span class="label">${this.t("sviOccupants")}</span>${result.observedOccupants ?? "—"}</span>
              ${result.note ? html`<span><span class="label">${this.t("sviNote")}</span>${result.note}</span>` : nothing}
            </div>`
          : nothing
      }
      ${this.open && this.editable ? this.#form(room, names) : nothing}
      ${this.#photos(room)}
    </article>`;
  }

  #form(room: ChecklistItem, names: string) {
    const result = room.result;
    return html`<form class="entry" @submit=${this.#save}>
      <div class="form-grid">
        <label class="field">${this.t("sviActualUse")}
          <select class="big" name="use">${useCategories.map(
            (code) =>
              html`<option value=${code} ?selected=${code === (result?.observedUseCategory ?? room.useCategory)}>${this.v("use_category", code)}</option>`,
          )}</select></label>
        <label class="field">${this.t("sviActualStatus")}
          <select class="big" name="status">${statuses.map(
            (code) =>
              html`<option value=${code} ?selected=${code === (result?.observedStatus ?? room.status)}>${this.v("room_status", code)}</option>`,
          )}</select></label>
        <label class="field">${this.t("sviMeasuredArea")}
          <input class="big-input" name="area" type="number" step="0.01" min="0.01" inputmode="decimal" required
            .value=${String(result?.observedUsableArea ?? room.usableArea)} /></label>
        <label class="field">${this.t("sviActualUnit")}
          ${
            this.choosingOther
              ? this.otherUnit
                ? html`<span>${this.otherUnit.name} <button type="button" class="link" @click=${() => {
                    this.otherUnit = null;
                    this.choosingOther = false;
                  }}>${this.t("sviCancel")}</button></span>`
                : html`<fangtu-search .locale=${this.locale} .placeholder=${this.t("sviPickTarget")}
                    @search-pick=${(event: CustomEvent<SearchHit>) => {
                      event.stopPropagation();
                      if (event.detail.type === "unit") this.otherUnit = event.detail;
                    }}></fangtu-search>`
              : html`<select class="big" name="unit" @change=${(event: Event) => (this.choosingOther = (event.target as HTMLSelectElement).value === "other")}>
                  ${room.occupantUnitId === null ? html`<option value="" selected>${this.t("sviIdleRoom")}</option>` : html`<option value="ledger" selected>${this.t("sviSameUnit", { name: room.occupantUnitName ?? "" })}</option>`}
                  <option value="other">${this.t("sviOtherUnit")}</option>
                </select>`
          }
        </label>
        <label class="field">${this.t("sviActualOccupants")}
          <input class="big-input" name="occupants" maxlength="500" .value=${result?.observedOccupants ?? names} /></label>
        <label class="field">${this.t("sviNote")}
          <input class="big-input" name="note" maxlength="500" .value=${result?.note ?? ""} /></label>
      </div>
      <div class="actions">
        <button class="big primary save" type="submit" ?disabled=${this.busy}>${this.t("sviSave")}</button>
        <button class="big same" type="button" ?disabled=${this.busy} @click=${() => this.#sameAsLedger(room, names)}>${this.t("sviSameAsLedger")}</button>
      </div>
    </form>`;
  }

  #photos(room: ChecklistItem) {
    return html`<div class="photos">
      ${room.photos.map(
        (
          photo,
        ) => html`<a href=${inspectionApi.photoUrl(this.inspectionId, photo.id)} target="_blank" rel="noopener">
          <img src=${inspectionApi.photoUrl(this.inspectionId, photo.id)} alt=${photo.file_name} loading="lazy" /></a>`,
      )}
      ${
        this.editable
          ? html`<label class="photo-input">${this.busy ? this.t("sviUploading") : this.t("sviTakePhoto")}
              <input type="file" name="photo" accept="image/jpeg,image/png" capture="environment" @change=${this.#upload} /></label>`
          : nothing
      }
    </div>`;
  }

  async #send(draft: RoomResultDraft) {
    if (!this.room) return;
    this.busy = true;
    try {
      await inspectionApi.saveResult(this.inspectionId, this.room.roomId, draft);
      this.open = false;
      this.choosingOther = false;
      this.otherUnit = null;
      this.emit("room-changed", { roomId: this.room.roomId });
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  #sameAsLedger(room: ChecklistItem, names: string) {
    void this.#send({
      observedUseCategory: room.useCategory,
      observedStatus: room.status,
      observedUsableArea: room.usableArea,
      ...(room.occupantUnitId === null ? {} : { observedOccupantUnitId: room.occupantUnitId }),
      observedOccupants: names,
    });
  }

  #save = (event: Event) => {
    event.preventDefault();
    const room = this.room;
    if (!room) return;
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const unit = this.otherUnit?.id ?? (text("unit") === "ledger" ? room.occupantUnitId : null);
    void this.#send({
      observedUseCategory: text("use"),
      observedStatus: text("status"),
      observedUsableArea: Number(text("area")),
      ...(unit === null ? {} : { observedOccupantUnitId: unit }),
      observedOccupants: text("occupants"),
      ...(text("note") ? { note: text("note") } : {}),
    });
  };

  #upload = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file || !this.room) return;
    this.busy = true;
    try {
      const photo = await preparePhoto(file);
      await inspectionApi.uploadPhoto(this.inspectionId, photo.blob, photo.name, this.room.roomId);
      input.value = "";
      this.emit("room-changed", { roomId: this.room.roomId });
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  };
}

customElements.define("fangtu-sv-inspection-room", FangtuSvInspectionRoom);
