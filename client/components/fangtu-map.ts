import { css, html, LitElement, unsafeCSS } from "lit";
import maplibreStyles from "maplibre-gl/dist/maplibre-gl.css?inline";
import { MapView, type MapViewEvents, type MapViewOptions } from "../map/map-view.js";

/** Thin element around MapView: creates the map when connected, destroys it when disconnected. */
export class FangtuMap extends LitElement {
  static override styles = [
    unsafeCSS(maplibreStyles),
    css`
      :host {
        display: block;
        position: absolute;
        inset: 0;
      }
      .map {
        position: absolute;
        inset: 0;
      }
      .fangtu-tooltip {
        font: 12px/1.5 "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
      }
      .fangtu-tooltip strong {
        display: block;
        font-size: 13px;
        margin-bottom: 2px;
      }
    `,
  ];

  mapView: MapView | undefined;
  /** Set by the app before the element is connected. */
  options: MapViewOptions | undefined;
  events: MapViewEvents = {};

  override firstUpdated(): void {
    this.#create();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.mapView) this.#create();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.mapView?.destroy();
    this.mapView = undefined;
  }

  #create(): void {
    const container = this.renderRoot.querySelector<HTMLElement>(".map");
    if (!container || !this.options) return;
    this.mapView = new MapView(container, this.options, this.events);
  }

  /** Buildings drawn in the viewport, counted on demand (tests, the client benchmark, assistive tooling). */
  get renderedBuildings(): number {
    return this.mapView?.renderedBuildingCount() ?? 0;
  }

  override render() {
    return html`<div class="map" role="region" aria-label="地图 Map"></div>`;
  }
}

customElements.define("fangtu-map", FangtuMap);
