import { css, html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import type { FloorDetail, RoomDetail, RoomPart } from "../api/types.js";
import type { InventoryEdit } from "./fangtu-edit-panel.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

const CATEGORIES = ["office", "service", "equipment", "ancillary", "technical"] as const;
const STATUSES = ["in_use", "idle", "leased_out", "lent_out", "vacating", "pending_disposal"] as const;
/** Areas are kept to the centimetre square, as the ledger does. */
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * `count` parts of `area` with numbers `101-1`, `101-2`, …: equal shares rounded down to 0.01 m², the
 * last taking the remainder so the parts add up exactly (rounding up could leave it nothing).
 */
export function equalParts(number: string, area: number, count: number): RoomPart[] {
  const share = Math.floor(Math.round(area * 100) / count) / 100;
  return Array.from({ length: count }, (_, index) => ({
    number: `${number}-${index + 1}`,
    usable_area: index === count - 1 ? round2(area - share * (count - 1)) : share,
  }));
}

/**
 * Editing one floor of the building inspector: change the selected room's category, status and
 * function, split it, delete it, merge the ticked rooms, add a room. Each save tells the app
 * (`inventory-edited`) what it did and how to undo it.
 */
export class FangtuRoomEditor extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    floor: { attribute: false },
    room: { attribute: false },
    ticked: { attribute: false },
    parts: { state: true },
    busy: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        margin-top: 8px;
      }
      form {
        display: grid;
        gap: 4px;
        padding: 6px 8px;
        margin-top: 6px;
        background: #fff8e6;
        border: 1px solid #f0d9a8;
        border-radius: 4px;
      }
      label {
        display: grid;
        grid-template-columns: 80px 1fr;
        align-items: center;
        gap: 4px;
      }
      input,
      select {
        font: inherit;
        min-width: 0;
      }
      .row {
        display: flex;
        gap: 4px;
        flex-wrap: wrap;
        align-items: center;
      }
      .part {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 4px;
      }
      .warning {
        color: #b42318;
      }
    `,
  ];

  floor: FloorDetail | undefined;
  room: RoomDetail | undefined;
  /** Rooms ticked in the floor's table, for merging. */
  ticked: readonly number[] = [];
  /** The split being prepared, when there is one. */
  parts: RoomPart[] | undefined;
  busy = false;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("room") && (changed.get("room") as RoomDetail | undefined)?.id !== this.room?.id)
      this.parts = undefined;
  }

  async #run(work: () => Promise<InventoryEdit>): Promise<void> {
    this.busy = true;
    try {
      const edit = await work();
      this.parts = undefined;
      this.emit("inventory-edited", edit);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  #save(event: SubmitEvent, room: RoomDetail): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const status = String(form.get("status"));
    const changes: Record<string, unknown> = {
      use_category: String(form.get("use_category")),
      status,
      function: String(form.get("function") ?? "").trim() || null,
    };
    // An idle room has no occupant unit: the ledger's rule, kept by the server too.
    if (status === "idle") changes.occupant_unit_id = null;
    void this.#run(async () => {
      const { audit } = await api.patchRoom(room.id, room.version, changes);
      return { label: this.t("editRoomChanged", { number: room.number }), audit };
    });
  }

  #split(event: SubmitEvent, room: RoomDetail, parts: RoomPart[]): void {
    event.preventDefault();
    void this.#run(async () => {
      const { audit } = await api.splitRoom(room.id, room.version, parts);
      return { label: this.t("editRoomSplit", { number: room.number }), audit };
    });
  }

  #delete(room: RoomDetail): void {
    if (!confirm(this.t("confirmDeleteRoom", { number: room.number }))) return;
    void this.#run(async () => {
      const { audit } = await api.deleteRoom(room.id, room.version);
      return { label: this.t("editRoomDeleted", { number: room.number }), audit };
    });
  }

  #merge(rooms: RoomDetail[]): void {
    void this.#run(async () => {
      const { audit } = await api.mergeRooms(rooms.map(({ id, version }) => ({ id, version })));
      return {
        label: this.t("editRoomsMerged", { numbers: rooms.map((room) => room.number).join("、") }),
        audit,
      };
    });
  }

  #add(event: SubmitEvent, floor: FloorDetail): void {
    event.preventDefault();
    // Read now: once dispatch ends, a shadow-DOM event's target is cleared.
    const element = event.target as HTMLFormElement;
    const form = new FormData(element);
    const number = String(form.get("number") ?? "").trim();
    void this.#run(async () => {
      const { audit } = await api.createRoom({
        floor_id: floor.id,
        number,
        use_category: String(form.get("use_category")),
        usable_area: Number(form.get("usable_area")),
        status: "idle",
      });
      element.reset();
      return { label: this.t("editRoomAdded", { number }), audit };
    });
  }

  #categorySelect(selected: string) {
    return html`<select name="use_category">
      ${CATEGORIES.map((code) => html`<option value=${code} ?selected=${code === selected}>${this.v("use_category", code)}</option>`)}
    </select>`;
  }

  #renderSplit(room: RoomDetail, parts: RoomPart[]) {
    const sum = round2(parts.reduce((total, part) => total + part.usable_area, 0));
    const balanced = Math.abs(sum - room.usable_area) < 0.01;
    const setPart = (index: number, patch: Partial<RoomPart>) => {
      this.parts = parts.map((part, at) => (at === index ? { ...part, ...patch } : part));
    };
    return html`<form class="split" @submit=${(event: SubmitEvent) => this.#split(event, room, parts)}>
      <div class="row">
        ${this.t("splitInto")}
        <input type="number" min="2" max="20" .value=${String(parts.length)} aria-label=${this.t("splitInto")}
          @change=${(event: Event) => {
            const count = Math.min(20, Math.max(2, Number((event.target as HTMLInputElement).value) || 2));
            this.parts = equalParts(room.number, room.usable_area, count);
          }} />
      </div>
      ${parts.map(
        (part, index) => html`<div class="part">
          <input aria-label=${this.t("roomNumber")} .value=${part.number} required maxlength="50"
            @input=${(event: Event) => setPart(index, { number: (event.target as HTMLInputElement).value })} />
          <input aria-label=${this.t("usableArea")} type="number" step="0.01" min="0.01" .value=${String(part.usable_area)} required
            @input=${(event: Event) => setPart(index, { usable_area: Number((event.target as HTMLInputElement).value) })} />
        </div>`,
      )}
      ${balanced ? nothing : html`<span class="warning">${this.t("splitAreasMustAdd", { area: this.area(room.usable_area, 2), sum: this.area(sum, 2) })}</span>`}
      <div class="row">
        <button type="submit" class="tool primary" ?disabled=${this.busy || !balanced}>${this.t("splitRoom")}</button>
        <button type="button" class="tool" @click=${() => (this.parts = undefined)}>${this.t("cancel")}</button>
      </div>
    </form>`;
  }

  #renderRoom(room: RoomDetail) {
    return html`<form class="room-form" @submit=${(event: SubmitEvent) => this.#save(event, room)}>
        <strong>${this.t("roomEditHeading")} ${room.number}</strong>
        <label>${this.t("useCategory")}${this.#categorySelect(room.use_category)}</label>
        <label>${this.t("roomStatus")}
          <select name="status">
            ${STATUSES.map((code) => html`<option value=${code} ?selected=${code === room.status}>${this.v("room_status", code)}</option>`)}
          </select>
        </label>
        <label>${this.t("roomFunction")}<input name="function" maxlength="100" .value=${room.function ?? ""} /></label>
        <div class="row">
          <button type="submit" class="tool primary save-room" ?disabled=${this.busy}>${this.t("saveRoom")}</button>
          <button type="button" class="tool split-room" ?disabled=${this.busy} @click=${() => (this.parts = equalParts(room.number, room.usable_area, 2))}>${this.t("splitRoom")}</button>
          <button type="button" class="tool delete-room" ?disabled=${this.busy} @click=${() => this.#delete(room)}>${this.t("deleteRoom")}</button>
        </div>
      </form>
      ${this.parts ? this.#renderSplit(room, this.parts) : nothing}`;
  }

  override render() {
    const floor = this.floor;
    if (!floor) return nothing;
    const ticked = floor.rooms.filter((room) => this.ticked.includes(room.id));
    return html`${this.room ? this.#renderRoom(this.room) : nothing}
      <div class="row">
        <button type="button" class="tool merge-rooms" ?disabled=${this.busy || ticked.length < 2} @click=${() => this.#merge(ticked)}>
          ${this.t("mergeRooms")}${ticked.length >= 2 ? `（${ticked.length}）` : ""}
        </button>
        <span class="muted">${this.t("mergeHint")}</span>
      </div>
      <form class="add-room" @submit=${(event: SubmitEvent) => this.#add(event, floor)}>
        <strong>${this.t("addRoom")} · ${floor.name}</strong>
        <label>${this.t("roomNumber")}<input name="number" required maxlength="50" /></label>
        <label>${this.t("useCategory")}${this.#categorySelect("office")}</label>
        <label>${this.t("usableArea")}<input name="usable_area" type="number" step="0.01" min="0.01" required /></label>
        <div class="row"><button type="submit" class="tool" ?disabled=${this.busy}>${this.t("addRoom")}</button></div>
      </form>`;
  }
}

customElements.define("fangtu-room-editor", FangtuRoomEditor);
