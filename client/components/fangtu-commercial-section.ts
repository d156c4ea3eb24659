import { css, html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import type { CommercialDetail } from "../api/outflow-types.js";
import type { BuildingDetail, RoomDetail } from "../api/types.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

/** A lease ending within this many days is highlighted (the register's expiry alert). */
const EXPIRING_DAYS = 90;

type Origin = "leased_out" | "shop_front";

/**
 * 经营性用房剥离 in the building inspector: planners tick leased-out rooms (shop fronts among them)
 * and separate them into the commercial register; staff see the building's register entries with their
 * leases, those ending soon highlighted. Emits `outflow-recorded` (a message) after a separation.
 */
export class FangtuCommercialSection extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    detail: { attribute: false },
    canEdit: { type: Boolean },
    entries: { state: true },
    ticked: { state: true },
    origin: { state: true },
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
      .candidates label {
        display: block;
        font-size: 12px;
      }
      .actions {
        display: flex;
        gap: 6px;
        align-items: center;
        margin: 4px 0;
      }
      .expiring {
        color: #b3261e;
        font-weight: 600;
      }
    `,
  ];

  detail: BuildingDetail | undefined;
  canEdit = false;
  entries: CommercialDetail[] | undefined;
  ticked: number[] = [];
  origin: Origin = "leased_out";
  busy = false;
  #request: AbortController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("detail")) {
      this.ticked = this.ticked.filter((id) => this.#candidates().some((room) => room.id === id));
      this.#load();
    }
  }

  /** Rooms to separate: those leased out (a shop front is one too; the origin says which). */
  #candidates(): RoomDetail[] {
    return (this.detail?.floors ?? []).flatMap((floor) =>
      floor.rooms.filter((room) => room.status === "leased_out"),
    );
  }

  #load(): void {
    this.#request?.abort();
    const building = this.detail?.building;
    if (!building) return;
    const controller = new AbortController();
    this.#request = controller;
    api
      .commercialRegister(building.region_code, controller.signal)
      .then((items) =>
        Promise.all(
          items
            .filter((entry) => entry.buildingId === building.id)
            .map((entry) => api.commercialEntry(entry.id, controller.signal)),
        ),
      )
      .then((entries) => {
        this.entries = entries;
      })
      .catch((error: unknown) => this.reportError(error));
  }

  async #separate(): Promise<void> {
    const building = this.detail?.building;
    const rooms = this.#candidates().filter((room) => this.ticked.includes(room.id));
    if (!building || rooms.length === 0) return;
    const area = this.area(rooms.reduce((sum, room) => sum + room.usable_area, 0));
    const list = rooms.map((room) => `${room.number}（${this.area(room.usable_area)}）`).join("、");
    if (!confirm(this.t("commercialConfirm", { count: rooms.length, area, rooms: list }))) return;
    this.busy = true;
    try {
      await api.separateCommercial({
        buildingId: building.id,
        roomIds: rooms.map((room) => room.id),
        origin: this.origin,
      });
      this.ticked = [];
      this.emit("outflow-recorded", this.t("commercialSeparated", { count: rooms.length, area }));
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  #renderSeparation() {
    const candidates = this.#candidates();
    if (candidates.length === 0) return html`<p class="empty">${this.t("commercialNoCandidates")}</p>`;
    return html`<p class="muted">${this.t("commercialHint")}</p>
      <div class="candidates">
        ${candidates.map(
          (room) => html`<label><input type="checkbox" class="separable" data-room=${room.id}
              aria-label=${this.t("commercialSelectRoom", { number: room.number })}
              .checked=${this.ticked.includes(room.id)}
              @change=${(event: Event) => {
                const on = (event.target as HTMLInputElement).checked;
                this.ticked = on ? [...this.ticked, room.id] : this.ticked.filter((id) => id !== room.id);
              }} />
            ${room.number} · ${this.area(room.usable_area)} · ${this.v("room_status", room.status)}</label>`,
        )}
      </div>
      <div class="actions">
        <label>${this.t("commercialOrigin")}
          <select name="origin" .value=${this.origin}
            @change=${(event: Event) => (this.origin = (event.target as HTMLSelectElement).value as Origin)}>
            <option value="leased_out">${this.t("commercialOrigin_leased_out")}</option>
            <option value="shop_front">${this.t("commercialOrigin_shop_front")}</option>
          </select>
        </label>
        <button type="button" class="separate" ?disabled=${this.busy || this.ticked.length === 0}
          @click=${() => this.#separate()}>
          ${this.busy ? this.t("commercialSeparating") : this.t("commercialSeparate")}
        </button>
      </div>`;
  }

  #status(status: string): string {
    const key = `commercialStatus_${status}` as Parameters<typeof this.t>[0];
    return ["registered", "leased", "auction", "sold"].includes(status) ? this.t(key) : status;
  }

  #renderRegister() {
    const entries = this.entries;
    if (entries === undefined) return html`<p class="muted">${this.t("loading")}</p>`;
    if (entries.length === 0) return html`<p class="empty">${this.t("commercialRegisterEmpty")}</p>`;
    return html`<ul class="plain register">
      ${entries.map(
        (entry) => html`<li data-entry=${entry.id}>
          ${this.t("commercialEntry", { name: entry.name, area: this.area(entry.area), status: this.#status(entry.status) })}
          ${
            entry.leases.length === 0
              ? html`<div class="muted">${this.t("commercialNoLeases")}</div>`
              : html`<ul class="plain leases">
                  ${entry.leases.map(
                    (lease) => html`<li class=${lease.daysLeft <= EXPIRING_DAYS ? "expiring" : ""}>
                      ${this.t("commercialLease", {
                        tenant: lease.tenant,
                        rent: this.money(lease.annualRent),
                        from: lease.startsOn,
                        to: lease.endsOn,
                      })}
                      ${
                        lease.daysLeft <= EXPIRING_DAYS
                          ? html` · ${lease.daysLeft < 0 ? this.t("commercialExpired") : this.t("commercialExpiring", { days: lease.daysLeft })}`
                          : nothing
                      }
                    </li>`,
                  )}
                </ul>`
          }
        </li>`,
      )}
    </ul>`;
  }

  override render() {
    if (!this.detail) return nothing;
    return html`<h2>${this.t("commercialHeading")}</h2>
      ${this.canEdit ? this.#renderSeparation() : nothing}
      <h3>${this.t("commercialRegister")}</h3>
      ${this.#renderRegister()}`;
  }
}

customElements.define("fangtu-commercial-section", FangtuCommercialSection);
