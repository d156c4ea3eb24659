import { css, html, nothing } from "lit";
import { loadScenarioDetail } from "../api/scenario-detail.js";
import type { ScenarioDetail } from "../api/scenario-types.js";
import type { MapView, MapViewOptions } from "../map/map-view.js";
import { scenarioBounds } from "../state/scenario-view.js";
import type { FangtuMap } from "./fangtu-map.js";
import { LocalizedElement } from "./localized-element.js";
import { scenarioStyles } from "./scenario.styles.js";
import { renderLegend, scenarioDescriber } from "./scenario-sections.js";
import { sharedStyles } from "./shared-styles.js";
import "./fangtu-map.js";

/**
 * Two scenarios side by side, each on its own map in its "after" state (arcs, changed buildings). The
 * maps keep one camera: moving either moves the other to the same centre, zoom, bearing and pitch.
 * Fires `split-close`.
 */
export class FangtuScenarioSplit extends LocalizedElement {
  static override properties = {
    ...LocalizedElement.properties,
    ids: { attribute: false },
    options: { attribute: false },
    details: { state: true },
  };
  static override styles = [
    sharedStyles,
    scenarioStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 0 12px;
      }
      .head h2 {
        flex: 1;
      }
      .panes {
        flex: 1;
        min-height: 0;
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 4px;
        background: #b9c2cc;
      }
      .pane {
        position: relative;
        min-width: 0;
      }
      .pane h3 {
        position: absolute;
        z-index: 2;
        top: 6px;
        left: 8px;
        margin: 0;
        padding: 2px 8px;
        background: rgba(255, 255, 255, 0.92);
        border-radius: 4px;
        color: #1f2933;
      }
      .legend {
        padding: 4px 12px;
      }
    `,
  ];

  ids: readonly number[] = [];
  options: MapViewOptions | undefined;
  details: Array<ScenarioDetail | undefined> = [];
  /** Set while one map follows the other, so the follower's own move is not sent back. */
  #following = false;
  #wired = new WeakSet<MapView>();

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("ids")) void this.#load();
  }

  get #maps(): MapView[] {
    return [...this.renderRoot.querySelectorAll<FangtuMap>("fangtu-map")].flatMap((element) =>
      element.mapView ? [element.mapView] : [],
    );
  }

  async #load(): Promise<void> {
    delete this.dataset.ready;
    try {
      this.details = this.ids.map(() => undefined);
      const details = await Promise.all(this.ids.slice(0, 2).map((id) => loadScenarioDetail(id)));
      this.details = details;
      await this.updateComplete;
      await this.#show(details);
    } catch (error) {
      this.reportError(error);
    }
  }

  readonly #describe = scenarioDescriber(this);

  /** The panes' maps once each has started (a busy browser may start them after the details arrive). */
  async #started(count: number): Promise<MapView[]> {
    for (let waited = 0; waited < 60_000; waited += 50) {
      const maps = this.#maps;
      if (maps.length >= count) return maps;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the split view's ${count} maps did not start`);
  }

  async #show(details: readonly ScenarioDetail[]): Promise<void> {
    const { showScenario } = await import("../map/scenario-map.js");
    const maps = await this.#started(details.length);
    const shown = await Promise.all(
      maps.map((map, index) => showScenario(map, details[index], "after", this.#describe)),
    );
    this.#sync(maps);
    // Both maps frame the moves of both scenarios (one camera).
    const bounds = scenarioBounds(
      shown.flatMap((entry) => entry.arcs),
      shown.flatMap((entry) => entry.changes),
    );
    if (bounds) maps[0]?.fitBounds(bounds, 16);
    this.dataset.ready = "true";
  }

  /**
   * Moving one map moves the other (user moves and programmatic ones alike). The map that ends a
   * move last sets the camera once more: a move made while the other map was itself moving (an
   * ease under a drag) can be overtaken by that map's own next frame.
   */
  #sync(maps: readonly MapView[]): void {
    for (const source of maps) {
      if (this.#wired.has(source)) continue;
      this.#wired.add(source);
      source.map.on("move", () => this.#follow(source));
      source.map.on("moveend", () => this.#follow(source));
    }
  }

  #follow(source: MapView): void {
    if (this.#following) return;
    this.#following = true;
    try {
      const camera = {
        center: source.map.getCenter(),
        zoom: source.map.getZoom(),
        bearing: source.map.getBearing(),
        pitch: source.map.getPitch(),
      };
      for (const target of this.#maps) if (target !== source) target.map.jumpTo(camera);
    } finally {
      this.#following = false;
    }
  }

  /** The centres of both maps (tests check that they stay together). */
  get centers(): Array<[number, number, number]> {
    return this.#maps.map((map) => {
      const { lng, lat } = map.map.getCenter();
      return [lng, lat, map.map.getZoom()];
    });
  }

  override render() {
    const options = this.options;
    return html`<div class="head">
        <h2>${this.t("splitHeading")}</h2>
        <button type="button" class="tool close-split" @click=${() => this.emit("split-close", undefined)}>${this.t("splitClose")}</button>
      </div>
      ${renderLegend(this)}
      <div class="panes">
        ${this.ids.slice(0, 2).map(
          (id, index) => html`<div class="pane" data-scenario=${id}>
            <h3>${this.details[index]?.scenario.name ?? this.t("loading")}</h3>
            ${options ? html`<fangtu-map .options=${options}></fangtu-map>` : nothing}
          </div>`,
        )}
      </div>`;
  }
}

customElements.define("fangtu-scenario-split", FangtuScenarioSplit);
