import {
  type GeoJSONSource,
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  type StyleSpecification,
  setWorkerUrl,
} from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { api } from "../api/fangtu-api.js";

setWorkerUrl(workerUrl);

/** Below this zoom buildings are too small to draw one by one. */
export const BUILDINGS_MIN_ZOOM = 11;

const emptyCollection = { type: "FeatureCollection" as const, features: [] };

// Offline by default: no external tiles, glyphs or sprites, only Fangtu's own data.
const offlineStyle: StyleSpecification = {
  version: 8,
  sources: {
    prefectures: { type: "geojson", data: emptyCollection },
    counties: { type: "geojson", data: emptyCollection },
    buildings: { type: "geojson", data: emptyCollection, promoteId: "id" },
  },
  layers: [
    { id: "background", type: "background", paint: { "background-color": "#f4f1ea" } },
    {
      id: "counties-fill",
      type: "fill",
      source: "counties",
      paint: { "fill-color": "#e9efe4", "fill-opacity": 0.6 },
    },
    {
      id: "counties-line",
      type: "line",
      source: "counties",
      paint: { "line-color": "#9aa89a", "line-width": 0.8, "line-dasharray": [3, 2] },
    },
    {
      id: "prefectures-line",
      type: "line",
      source: "prefectures",
      paint: { "line-color": "#5b6b7a", "line-width": 1.6 },
    },
    {
      id: "buildings-fill",
      type: "fill",
      source: "buildings",
      minzoom: BUILDINGS_MIN_ZOOM,
      paint: {
        "fill-color": [
          "case",
          ["==", ["get", "property_class"], "non_office_asset"],
          "#8e6cbf",
          ["==", ["get", "property_class"], "commercial"],
          "#d08b2c",
          [">=", ["/", ["get", "idle_area"], ["max", ["get", "usable_area"], 1]], 0.9],
          "#d64545",
          [">=", ["/", ["get", "idle_area"], ["max", ["get", "usable_area"], 1]], 0.1],
          "#e9a23b",
          "#2f6fab",
        ],
        "fill-opacity": ["case", ["boolean", ["feature-state", "selected"], false], 1, 0.8],
      },
    },
    {
      id: "buildings-line",
      type: "line",
      source: "buildings",
      minzoom: BUILDINGS_MIN_ZOOM,
      paint: {
        "line-color": "#1d3c5a",
        "line-width": ["case", ["boolean", ["feature-state", "selected"], false], 3, 0.6],
      },
    },
  ],
};

export interface MapViewEvents {
  onBuildingsRendered?: (count: number) => void;
  onBuildingClick?: (properties: Record<string, unknown>) => void;
  onError?: (message: string) => void;
}

/** Owns the MapLibre map: loads boundaries once and buildings for the visible bbox after each move. */
export class MapView {
  readonly map: MapLibreMap;
  #buildingsRequest: AbortController | undefined;
  #selected: number | undefined;
  #pendingInspection: number | undefined;

  constructor(
    container: HTMLElement,
    private readonly events: MapViewEvents = {},
  ) {
    this.map = new MapLibreMap({
      container,
      style: offlineStyle,
      center: [126.655, 45.752],
      zoom: 13,
      attributionControl: {
        compact: true,
        customAttribution: "边界：GeoNames (CC-BY 4.0)、高德派生数据；建筑为演示数据",
      },
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), "top-right");
    this.map.addControl(new ScaleControl({ unit: "metric" }), "bottom-left");
    this.map.on("load", () => {
      void this.#loadBoundaries();
      void this.#loadBuildings();
    });
    this.map.on("moveend", () => void this.#loadBuildings());
    this.map.on("idle", () => {
      this.#announceSelection();
      this.events.onBuildingsRendered?.(this.renderedBuildingCount());
    });
    this.map.on("click", "buildings-fill", (event) => {
      const feature = event.features?.[0];
      if (!feature) return;
      this.select(Number(feature.id));
      this.events.onBuildingClick?.(feature.properties);
    });
    this.map.on("mouseenter", "buildings-fill", () => (this.map.getCanvas().style.cursor = "pointer"));
    this.map.on("mouseleave", "buildings-fill", () => (this.map.getCanvas().style.cursor = ""));
  }

  renderedBuildingCount(): number {
    if (!this.map.getLayer("buildings-fill")) return 0;
    return this.map.queryRenderedFeatures({ layers: ["buildings-fill"] }).length;
  }

  flyTo(center: [number, number], zoom = 16): void {
    this.map.flyTo({ center, zoom, essential: true });
  }

  /** Selects a building; its properties reach onBuildingClick once its data is on the map. */
  selectAndInspect(buildingId: number): void {
    this.select(buildingId);
    this.#pendingInspection = buildingId;
  }

  #announceSelection(): void {
    const id = this.#pendingInspection;
    if (id === undefined) return;
    const [feature] = this.map.querySourceFeatures("buildings", { filter: ["==", ["id"], id] });
    if (!feature) return;
    this.#pendingInspection = undefined;
    this.events.onBuildingClick?.(feature.properties);
  }

  select(buildingId: number | undefined): void {
    if (this.#selected !== undefined)
      this.map.setFeatureState({ source: "buildings", id: this.#selected }, { selected: false });
    this.#selected = buildingId;
    if (buildingId !== undefined)
      this.map.setFeatureState({ source: "buildings", id: buildingId }, { selected: true });
  }

  destroy(): void {
    this.#buildingsRequest?.abort();
    this.map.remove();
  }

  async #loadBoundaries(): Promise<void> {
    try {
      const [prefectures, counties] = await Promise.all([
        api.regionBoundaries("prefecture"),
        api.regionBoundaries("county"),
      ]);
      void (this.map.getSource("prefectures") as GeoJSONSource | undefined)?.setData(prefectures);
      void (this.map.getSource("counties") as GeoJSONSource | undefined)?.setData(counties);
    } catch (error) {
      this.events.onError?.(error instanceof Error ? error.message : String(error));
    }
  }

  async #loadBuildings(): Promise<void> {
    this.#buildingsRequest?.abort();
    const source = this.map.getSource("buildings") as GeoJSONSource | undefined;
    if (!source || this.map.getZoom() < BUILDINGS_MIN_ZOOM) return;
    const controller = new AbortController();
    this.#buildingsRequest = controller;
    const bounds = this.map.getBounds();
    try {
      const collection = await api.buildings(
        [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()],
        controller.signal,
      );
      void source.setData(collection);
    } catch (error) {
      if (!controller.signal.aborted)
        this.events.onError?.(error instanceof Error ? error.message : String(error));
    }
  }
}
