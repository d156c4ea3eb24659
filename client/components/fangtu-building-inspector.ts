import { css, html, nothing } from "lit";
import { ApiRequestError, api } from "../api/fangtu-api.js";
import type { BuildingDetail, FloorDetail, RoomDetail } from "../api/types.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";
import "./fangtu-room-editor.js";
import "./fangtu-commercial-section.js";
import "./fangtu-disposal-options.js";

export const categoryColors: Record<string, string> = {
  office: "#2f6fab",
  service: "#6a9fd4",
  equipment: "#8d99a6",
  ancillary: "#c7b299",
  technical: "#2a9d8f",
};

export const statusColors: Record<string, string> = {
  in_use: "#2f6fab",
  idle: "#d64545",
  leased_out: "#2a9d8f",
  lent_out: "#7fb8b0",
  vacating: "#e9a23b",
  pending_disposal: "#8e6cbf",
  commercial: "#c9822b",
};

type ColourBy = "category" | "status";

/**
 * A building in the right-hand panel: its figures, its floors as a stack plan (one row per floor,
 * top floor first, a cell per room as wide as its area), rooms with occupants and ranks, use
 * certificates, leases out and change history. Loads `/api/buildings/{id}` when `buildingId` changes.
 */
export class FangtuBuildingInspector extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    buildingId: { type: Number },
    detail: { state: true },
    loading: { state: true },
    colourBy: { state: true },
    floorId: { state: true },
    roomId: { state: true },
    editable: { type: Boolean },
    staff: { type: Boolean },
    ticked: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .stack {
        display: flex;
        flex-direction: column;
        gap: 2px;
        margin-top: 6px;
      }
      .floor {
        display: grid;
        grid-template-columns: 44px 1fr;
        align-items: stretch;
        gap: 4px;
        border: 1px solid transparent;
        border-radius: 3px;
      }
      .floor[aria-current="true"] {
        border-color: #1d3c5a;
      }
      .floor > button {
        border: none;
        background: #eef1f4;
        font-size: 11px;
        padding: 0 2px;
      }
      .rooms {
        display: flex;
        min-height: 18px;
        gap: 1px;
        background: #fff;
      }
      .room {
        min-width: 3px;
        border: none;
        padding: 0;
      }
      .room[aria-pressed="true"] {
        outline: 2px solid #111;
        outline-offset: -2px;
      }
      .no-rooms {
        font-size: 11px;
        color: #6b7682;
        padding-left: 4px;
      }
      .switch {
        display: flex;
        gap: 4px;
        margin: 4px 0;
      }
      .key {
        display: flex;
        flex-wrap: wrap;
        gap: 2px 10px;
        margin-top: 4px;
      }
      .room-detail {
        margin-top: 8px;
        padding: 6px 8px;
        background: #f6f8fa;
        border-radius: 4px;
      }
      ul.plain {
        margin: 0;
        padding-left: 18px;
      }
      .scroll {
        max-height: 220px;
        overflow-y: auto;
      }
    `,
  ];

  buildingId: number | undefined;
  detail: BuildingDetail | undefined;
  loading = false;
  colourBy: ColourBy = "category";
  floorId: number | undefined;
  roomId: number | undefined;
  /** Planners see the room editor under the floor's table. */
  editable = false;
  /** Administration staff (not unit users) see the commercial register and disposal options. */
  staff = false;
  /** Rooms ticked for merging. */
  ticked: number[] = [];
  #request: AbortController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("buildingId")) this.#load();
  }

  /** Reads the building again after an edit, keeping the floor and room in view where they still exist. */
  reload(): void {
    this.#load(true);
  }

  #load(keepPlace = false): void {
    this.#request?.abort();
    const place = { floorId: this.floorId, roomId: this.roomId };
    if (!keepPlace) this.detail = undefined;
    this.floorId = undefined;
    this.roomId = undefined;
    this.ticked = [];
    const id = this.buildingId;
    if (id === undefined) return;
    const controller = new AbortController();
    this.#request = controller;
    this.loading = true;
    api
      .building(id, controller.signal)
      .then((detail) => {
        this.detail = detail;
        this.emit("building-loaded", detail);
        const keptFloor = detail.floors.find((floor) => floor.id === place.floorId);
        // The ground floor (or the lowest above ground) is where an inspection starts.
        this.floorId = (
          keptFloor ??
          detail.floors.find((floor) => floor.level === 1) ??
          detail.floors.at(-1)
        )?.id;
        if (keptFloor?.rooms.some((room) => room.id === place.roomId)) this.roomId = place.roomId;
      })
      .catch((error: unknown) => {
        // Gone (deleted, or an undone creation): the app closes the inspector.
        if (error instanceof ApiRequestError && error.status === 404) this.emit("building-missing", id);
        else this.reportError(error);
      })
      .finally(() => {
        if (this.#request === controller) this.loading = false;
      });
  }

  #colour(room: RoomDetail): string {
    const colours = this.colourBy === "category" ? categoryColors : statusColors;
    return colours[this.colourBy === "category" ? room.use_category : room.status] ?? "#b8bec6";
  }

  #roomTitle(room: RoomDetail): string {
    return [
      `${room.number} · ${this.v("use_category", room.use_category)} · ${this.area(room.usable_area)}`,
      this.v("room_status", room.status),
      room.occupant_unit_name ?? "",
    ]
      .filter(Boolean)
      .join("\n");
  }

  #renderStack(floors: FloorDetail[]) {
    return html`<div class="stack" role="list" aria-label=${this.t("stackPlan")}>
      ${floors.map(
        (
          floor,
        ) => html`<div class="floor" role="listitem" aria-current=${floor.id === this.floorId ? "true" : "false"} data-floor=${floor.level}>
          <button type="button" @click=${() => (this.floorId = floor.id)} aria-label=${floor.name}>${floor.name}</button>
          <div class="rooms">
            ${
              floor.rooms.length === 0
                ? html`<span class="no-rooms">${this.t("noRooms")}</span>`
                : floor.rooms.map(
                    (room) => html`<button
                      type="button"
                      class="room"
                      data-room=${room.id}
                      style="flex-grow:${Math.max(room.usable_area, 1)};background:${this.#colour(room)}"
                      title=${this.#roomTitle(room)}
                      aria-label=${this.#roomTitle(room)}
                      aria-pressed=${room.id === this.roomId ? "true" : "false"}
                      @click=${() => {
                        this.floorId = floor.id;
                        this.roomId = room.id;
                      }}
                    ></button>`,
                  )
            }
          </div>
        </div>`,
      )}
    </div>`;
  }

  #renderKey() {
    const colours = this.colourBy === "category" ? categoryColors : statusColors;
    const group = this.colourBy === "category" ? "use_category" : "room_status";
    return html`<div class="key muted">
      ${Object.entries(colours).map(([code, colour]) => html`<span><span class="swatch" style="background:${colour}"></span>${this.v(group, code)}</span>`)}
    </div>`;
  }

  #renderRoom(room: RoomDetail) {
    return html`<div class="room-detail">
      <strong>${room.number}</strong> · ${this.v("use_category", room.use_category)} · ${this.area(room.usable_area)} ·
      ${this.v("room_status", room.status)}
      ${room.occupant_unit_name ? html`<div>${this.t("occupantUnit")}：${room.occupant_unit_name}</div>` : nothing}
      ${
        room.occupants.length > 0
          ? html`<ul class="plain">
              ${room.occupants.map(
                (person) =>
                  html`<li>${person.name}（${this.locale === "zh-CN" ? person.rank_name_zh : person.rank_name_en}）</li>`,
              )}
            </ul>`
          : nothing
      }
    </div>`;
  }

  #renderFloorRooms(floor: FloorDetail | undefined) {
    if (!floor) return nothing;
    if (floor.rooms.length === 0) return html`<p class="empty">${this.t("noRooms")}</p>`;
    return html`<h3>${floor.name} · ${this.t("roomsHeading")}</h3>
      <div class="scroll">
        <table class="floor-rooms">
          <thead>
            <tr>
              ${this.editable ? html`<th></th>` : nothing}
              <th>${this.t("roomNumber")}</th>
              <th>${this.t("useCategory")}</th>
              <th class="number">${this.t("usableArea")}</th>
              <th>${this.t("roomStatus")}</th>
              <th>${this.t("occupants")}</th>
            </tr>
          </thead>
          <tbody>
            ${floor.rooms.map(
              (
                room,
              ) => html`<tr @click=${() => (this.roomId = room.id)} aria-selected=${room.id === this.roomId ? "true" : "false"}>
                ${
                  this.editable
                    ? html`<td><input type="checkbox" class="tick" aria-label=${this.t("selectRoom", { number: room.number })}
                        .checked=${this.ticked.includes(room.id)}
                        @click=${(event: Event) => event.stopPropagation()}
                        @change=${(event: Event) => {
                          const on = (event.target as HTMLInputElement).checked;
                          this.ticked = on
                            ? [...this.ticked, room.id]
                            : this.ticked.filter((id) => id !== room.id);
                        }} /></td>`
                    : nothing
                }
                <td>${room.number}</td>
                <td>${this.v("use_category", room.use_category)}</td>
                <td class="number">${this.area(room.usable_area)}</td>
                <td>${this.v("room_status", room.status)}</td>
                <td>${room.occupants.map((person) => `${person.name}（${this.locale === "zh-CN" ? person.rank_name_zh : person.rank_name_en}）`).join("、") || room.occupant_unit_name || "—"}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }

  /** The commercial register, and for a building with idle space its disposal options (issue 9). */
  #renderOutflow(detail: BuildingDetail) {
    return html`<fangtu-commercial-section .locale=${this.locale} .detail=${detail} .canEdit=${this.editable}
        @outflow-recorded=${() => this.reload()}></fangtu-commercial-section>
      ${
        detail.building.idle_area > 0
          ? html`<fangtu-disposal-options .locale=${this.locale} .buildingId=${detail.building.id}
              .buildingName=${detail.building.name} .canEdit=${this.editable}
              @outflow-recorded=${() => this.reload()}></fangtu-disposal-options>`
          : nothing
      }`;
  }

  override render() {
    const detail = this.detail;
    if (this.loading && !detail)
      return html`<div class="progress" role="progressbar" aria-label=${this.t("loading")}></div><p class="muted">${this.t("loading")}</p>`;
    if (!detail) return nothing;
    const building = detail.building;
    const floor = detail.floors.find((candidate) => candidate.id === this.floorId);
    const room = floor?.rooms.find((candidate) => candidate.id === this.roomId);
    return html`<h2 class="name">${building.name}</h2>
      <dl class="figures">
        <dt>${this.t("address")}</dt><dd>${building.address ?? "—"}</dd>
        <dt>${this.t("region")}</dt><dd>${building.region_name}</dd>
        <dt>${this.t("propertyClass")}</dt><dd>${this.v("property_class", building.property_class)}</dd>
        <dt>${this.t("grossArea")}</dt><dd>${this.area(building.gross_area)}</dd>
        <dt>${this.t("usableArea")}</dt><dd>${this.area(building.usable_area)}</dd>
        <dt>${this.t("idleArea")}</dt><dd>${this.area(building.idle_area)}</dd>
        <dt>${this.t("floorsAbove")}</dt><dd>${building.floors_above}</dd>
        <dt>${this.t("floorsBelow")}</dt><dd>${building.floors_below}</dd>
        <dt>${this.t("builtYear")}</dt><dd>${building.built_year ?? this.t("unknown")}</dd>
        <dt>${this.t("condition")}</dt><dd>${this.v("condition", building.condition)}</dd>
        <dt>${this.t("titleHolder")}</dt><dd>${building.title_holder ?? "—"}</dd>
        <dt>${this.t("titleCertificate")}</dt><dd>${building.title_certificate_no ?? "—"}</dd>
      </dl>
      <h2>${this.t("stackPlan")}</h2>
      <div class="switch" role="group" aria-label=${this.t("stackPlan")}>
        <button type="button" class="tool" aria-pressed=${this.colourBy === "category"} @click=${() => (this.colourBy = "category")}>${this.t("useCategory")}</button>
        <button type="button" class="tool" aria-pressed=${this.colourBy === "status"} @click=${() => (this.colourBy = "status")}>${this.t("roomStatus")}</button>
      </div>
      <p class="muted">${this.t("stackPlanHint")}</p>
      ${this.#renderStack(detail.floors)} ${this.#renderKey()} ${room ? this.#renderRoom(room) : nothing}
      ${this.#renderFloorRooms(floor)}
      ${
        this.editable && floor
          ? html`<fangtu-room-editor .locale=${this.locale} .floor=${floor} .room=${room} .ticked=${this.ticked}
              @inventory-edited=${() => this.reload()}></fangtu-room-editor>`
          : nothing
      }
      <h2>${this.t("certificates")}</h2>
      ${
        detail.certificates.length === 0
          ? html`<p class="empty">${this.t("noCertificates")}</p>`
          : html`<ul class="plain">
              ${detail.certificates.map(
                (
                  certificate,
                ) => html`<li>${this.v("certificate_kind", certificate.kind)} ${certificate.certificate_no} ·
                  ${certificate.unit_name} · ${this.area(certificate.area)} · ${certificate.issued_on}</li>`,
              )}
            </ul>`
      }
      <h2>${this.t("leasesOut")}</h2>
      ${
        detail.leasesOut.length === 0
          ? html`<p class="empty">${this.t("noLeasesOut")}</p>`
          : html`<ul class="plain">
              ${detail.leasesOut.map(
                (
                  lease,
                ) => html`<li>${lease.tenant} · ${this.area(lease.area)} · ${this.money(lease.annual_rent)} ·
                  ${lease.starts_on}–${lease.ends_on}</li>`,
              )}
            </ul>`
      }
      ${this.staff ? this.#renderOutflow(detail) : nothing}
      <h2>${this.t("history")}</h2>
      ${
        detail.history.length === 0
          ? html`<p class="empty">${this.t("noHistory")}</p>`
          : html`<ul class="plain history">
              ${detail.history.map(
                (
                  entry,
                ) => html`<li>${new Date(entry.at).toLocaleString(this.locale)} · ${entry.actor ?? "—"} · ${entry.action}
                  ${entry.table}#${entry.record_id} ${entry.summary ?? ""}</li>`,
              )}
            </ul>`
      }`;
  }
}

customElements.define("fangtu-building-inspector", FangtuBuildingInspector);
