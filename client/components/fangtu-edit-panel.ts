import { css, html, nothing } from "lit";
import { api } from "../api/fangtu-api.js";
import type { BuildingDetail } from "../api/types.js";
import { formatSurface } from "../i18n/messages.js";
import { DrawSession } from "../map/draw-session.js";
import type { DrawKind, DrawnShape } from "../map/draw-tool.js";
import type { MapView } from "../map/map-view.js";
import type { EditHistory } from "../state/edit-history.js";
import type { FangtuImportDialog } from "./fangtu-import-dialog.js";
import { LocalizedElement } from "./localized-element.js";
import { sharedStyles } from "./shared-styles.js";

/** What an edit tells the app: how to name it in the history, how to undo it, what to select next. */
export interface InventoryEdit {
  readonly label: string;
  readonly audit: readonly string[];
  /** The building to select afterwards; null to clear the selection; absent to keep it. */
  readonly select?: number | null;
  /** The building the edit created (undoing it removes the building). */
  readonly createdBuilding?: number;
}

type Mode =
  | { readonly kind: "idle" }
  | {
      readonly kind: "drawing";
      readonly draw: DrawKind;
      readonly shape: DrawnShape | undefined;
      readonly finished: boolean;
    }
  | {
      readonly kind: "reshaping";
      readonly buildingId: number;
      readonly version: number;
      readonly name: string;
      readonly shape: DrawnShape | undefined;
    };

const PROPERTY_CLASSES = ["office", "technical", "commercial", "non_office_asset"] as const;

/**
 * The editing tools of the left panel (planners and administrators): draw a new building's footprint
 * (polygon or rectangle) and describe it, reshape or delete the selected building, and undo the
 * session's edits (Ctrl+Z). Drawing code (terra-draw) loads on first use.
 */
export class FangtuEditPanel extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    getMap: { attribute: false },
    building: { attribute: false },
    history: { attribute: false },
    mode: { state: true },
    busy: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
      form,
      .drawing {
        margin-top: 6px;
        padding: 6px 8px;
        background: #fff8e6;
        border: 1px solid #f0d9a8;
        border-radius: 4px;
        display: grid;
        gap: 4px;
      }
      label {
        display: grid;
        grid-template-columns: 88px 1fr;
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
      }
      ol.history {
        margin: 4px 0 0;
        padding-left: 18px;
        color: #4a5561;
        font-size: 12px;
      }
    `,
  ];

  /** The live map (it appears after the panel, so it is asked for when a tool starts). */
  getMap: () => MapView | undefined = () => undefined;
  building: BuildingDetail["building"] | undefined;
  history: EditHistory | undefined;
  mode: Mode = { kind: "idle" };
  busy = false;
  #watched: EditHistory | undefined;
  readonly #onHistory = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("keydown", this.#onKeyDown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("keydown", this.#onKeyDown);
    this.#watched?.removeEventListener("change", this.#onHistory);
    this.#stopTool();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("history") && this.history !== this.#watched) {
      this.#watched?.removeEventListener("change", this.#onHistory);
      this.#watched = this.history;
      this.#watched?.addEventListener("change", this.#onHistory);
    }
  }

  readonly #onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && this.mode.kind !== "idle") {
      this.cancel();
      return;
    }
    const typing = event
      .composedPath()
      .some((target) => target instanceof HTMLInputElement || target instanceof HTMLSelectElement);
    if (
      (event.ctrlKey || event.metaKey) &&
      event.key.toLowerCase() === "z" &&
      !typing &&
      this.mode.kind === "idle"
    ) {
      event.preventDefault();
      void this.undo();
    }
  };

  // terra-draw loads on first use: the first screen does not wait for it.
  readonly #drawing = new DrawSession(
    () => this.getMap(),
    (shape, finished) => {
      const mode = this.mode;
      if (mode.kind === "drawing")
        this.mode = { ...mode, shape, finished: mode.finished || (finished && !!shape) };
      if (mode.kind === "reshaping") this.mode = { ...mode, shape };
    },
  );

  #stopTool(): void {
    this.#drawing.stop();
  }

  async #draw(kind: DrawKind): Promise<void> {
    try {
      this.#stopTool();
      this.mode = { kind: "drawing", draw: kind, shape: undefined, finished: false };
      (await this.#drawing.tool()).draw(kind);
    } catch (error) {
      this.cancel();
      this.reportError(error);
    }
  }

  async #reshape(): Promise<void> {
    const building = this.building;
    if (!building) return this.reportError(new Error(this.t("selectBuildingFirst")));
    const { editablePolygon } = await import("../map/draw-tool.js");
    const polygon = editablePolygon(building.footprint);
    if (!polygon) return this.reportError(new Error(this.t("multipartNotEditable")));
    try {
      this.#stopTool();
      this.mode = {
        kind: "reshaping",
        buildingId: building.id,
        version: building.version,
        name: building.name,
        shape: undefined,
      };
      (await this.#drawing.tool()).edit(polygon);
    } catch (error) {
      this.cancel();
      this.reportError(error);
    }
  }

  /** Leaves drawing or reshaping without saving. */
  cancel(): void {
    this.#stopTool();
    this.mode = { kind: "idle" };
  }

  async #run(work: () => Promise<InventoryEdit>): Promise<void> {
    this.busy = true;
    try {
      const edit = await work();
      this.#stopTool();
      this.mode = { kind: "idle" };
      this.emit("inventory-edited", edit);
    } catch (error) {
      this.reportError(error);
    } finally {
      this.busy = false;
    }
  }

  #saveNew(event: SubmitEvent): void {
    event.preventDefault();
    const mode = this.mode;
    if (mode.kind !== "drawing" || !mode.shape) {
      this.reportError(new Error(this.t("drawFirst")));
      return;
    }
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const name = text("name");
    const builtYear = text("built_year");
    const address = text("address");
    const footprint = mode.shape.polygon;
    void this.#run(async () => {
      const { building, audit } = await api.createBuilding({
        name,
        footprint,
        floors_above: Number(text("floors_above")),
        floors_below: Number(text("floors_below") || 0),
        property_class: text("property_class"),
        ...(address ? { address } : {}),
        ...(builtYear ? { built_year: Number(builtYear) } : {}),
      });
      return {
        label: this.t("editCreated", { name }),
        audit,
        select: building.id,
        createdBuilding: building.id,
      };
    });
  }

  #saveFootprint(): void {
    const mode = this.mode;
    if (mode.kind !== "reshaping" || !mode.shape) {
      this.reportError(new Error(this.t("drawFirst")));
      return;
    }
    const footprint = mode.shape.polygon;
    void this.#run(async () => {
      const { audit } = await api.reshapeBuilding(mode.buildingId, mode.version, footprint);
      return { label: this.t("editReshaped", { name: mode.name }), audit, select: mode.buildingId };
    });
  }

  #delete(): void {
    const building = this.building;
    if (!building) return;
    if (!confirm(this.t("confirmDeleteBuilding", { name: building.name }))) return;
    void this.#run(async () => {
      const { audit } = await api.deleteBuilding(building.id, building.version);
      return { label: this.t("editDeleted", { name: building.name }), audit, select: null };
    });
  }

  /** The import dialog loads on first use, like the drawing code. */
  readonly #openImport = async () => {
    try {
      await import("./fangtu-import-dialog.js");
      this.renderRoot.querySelector<FangtuImportDialog>("fangtu-import-dialog")?.open();
    } catch (error) {
      this.reportError(error);
    }
  };

  /** Undoes the session's newest edit on the server; the app refreshes what it shows. */
  async undo(): Promise<void> {
    const history = this.history;
    if (!history?.canUndo || this.busy) return;
    this.busy = true;
    try {
      const entry = await history.undo((audit) => api.revert(audit));
      if (entry) this.emit("inventory-undone", entry);
    } catch (error) {
      this.reportError(error);
      this.emit("inventory-undone", undefined);
    } finally {
      this.busy = false;
    }
  }

  #renderDrawing(mode: Extract<Mode, { kind: "drawing" }>) {
    const area = mode.shape ? formatSurface(this.locale, mode.shape.squareMeters) : "—";
    const hint = mode.draw === "rectangle" ? this.t("rectangleHint") : this.t("drawHint");
    if (!mode.finished || !mode.shape)
      return html`<div class="drawing" role="status">
        <span class="muted">${hint}</span>
        <span>${this.t("drawnArea")}：<strong class="drawn-area">${area}</strong></span>
        <div class="row"><button type="button" class="tool" @click=${() => this.cancel()}>${this.t("cancel")}</button></div>
      </div>`;
    return html`<form class="new-building" @submit=${this.#saveNew}>
      <span>${this.t("drawnArea")}：<strong class="drawn-area">${area}</strong></span>
      <label>${this.t("buildingName")}<input name="name" required maxlength="200" autocomplete="off" /></label>
      <label>${this.t("floorsAbove")}<input name="floors_above" type="number" min="1" max="200" value="1" required /></label>
      <label>${this.t("floorsBelow")}<input name="floors_below" type="number" min="0" max="10" value="0" /></label>
      <label>${this.t("propertyClass")}
        <select name="property_class">
          ${PROPERTY_CLASSES.map((code) => html`<option value=${code}>${this.v("property_class", code)}</option>`)}
        </select>
      </label>
      <label>${this.t("builtYear")}<input name="built_year" type="number" min="1800" max="2100" /></label>
      <label>${this.t("address")}<input name="address" maxlength="300" /></label>
      <div class="row">
        <button type="submit" class="tool primary" ?disabled=${this.busy}>${this.t("saveBuilding")}</button>
        <button type="button" class="tool" @click=${() => this.cancel()}>${this.t("cancel")}</button>
      </div>
    </form>`;
  }

  #renderReshaping(mode: Extract<Mode, { kind: "reshaping" }>) {
    return html`<div class="drawing" role="status">
      <strong>${mode.name}</strong>
      <span class="muted">${this.t("reshapeHint")}</span>
      <span>${this.t("drawnArea")}：<strong class="drawn-area">${mode.shape ? formatSurface(this.locale, mode.shape.squareMeters) : "—"}</strong></span>
      <div class="row">
        <button type="button" class="tool primary save-footprint" ?disabled=${this.busy || !mode.shape} @click=${this.#saveFootprint}>${this.t("saveFootprint")}</button>
        <button type="button" class="tool" @click=${() => this.cancel()}>${this.t("cancel")}</button>
      </div>
    </div>`;
  }

  override render() {
    const mode = this.mode;
    const entries = this.history?.entries ?? [];
    const last = entries.at(-1);
    return html`<h2>${this.t("editHeading")}</h2>
      <div class="tools">
        <button type="button" class="tool draw-polygon" aria-pressed=${mode.kind === "drawing" && mode.draw === "polygon"} @click=${() => this.#draw("polygon")}>${this.t("drawPolygon")}</button>
        <button type="button" class="tool draw-rectangle" aria-pressed=${mode.kind === "drawing" && mode.draw === "rectangle"} @click=${() => this.#draw("rectangle")}>${this.t("drawRectangle")}</button>
        <button type="button" class="tool reshape" ?disabled=${!this.building} aria-pressed=${mode.kind === "reshaping"} @click=${this.#reshape}>${this.t("reshapeBuilding")}</button>
        <button type="button" class="tool delete-building" ?disabled=${!this.building || this.busy} @click=${this.#delete}>${this.t("deleteBuilding")}</button>
        <button type="button" class="tool import-data" @click=${this.#openImport}>${this.t("importData")}</button>
        <button type="button" class="tool undo" ?disabled=${!last || this.busy} title=${last ? this.t("undoLast", { label: last.label }) : this.t("nothingToUndo")} @click=${() => this.undo()}>
          ${last ? this.t("undoLast", { label: last.label }) : this.t("undo")}
        </button>
      </div>
      ${mode.kind === "drawing" ? this.#renderDrawing(mode) : nothing}
      ${mode.kind === "reshaping" ? this.#renderReshaping(mode) : nothing}
      <fangtu-import-dialog .locale=${this.locale}></fangtu-import-dialog>
      ${
        entries.length > 0
          ? html`<div class="muted">${this.t("recentEdits")}</div>
              <ol class="history" reversed>
                ${[...entries]
                  .reverse()
                  .slice(0, 5)
                  .map((entry) => html`<li>${entry.label}</li>`)}
              </ol>`
          : nothing
      }`;
  }
}

customElements.define("fangtu-edit-panel", FangtuEditPanel);
