import {
  type ExpressionSpecification,
  type FeatureIdentifier,
  Map as MapLibreMap,
  NavigationControl,
  ScaleControl,
  type StyleSpecification,
  setWorkerUrl,
} from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";

setWorkerUrl(workerUrl);

/** From this zoom the buildings source carries footprints; below it, building counts per grid cell. */
export const FOOTPRINT_MIN_ZOOM = 14;

/** Source-layer names of Fangtu's vector tiles (see server/tiles/tile-sources.ts). */
const BUILDINGS_LAYER = "buildings";
const BUILDING_CELLS_LAYER = "building-cells";
const REGIONS_LAYER = "regions";

// Offline by default: only Fangtu's own tiles, same origin (TileJSON `tiles` come back on this origin).
const tileJson = (source: string) => `${location.origin}/tiles/${source}`;

/** Blue in use, amber partly idle, red (nearly) wholly idle. */
const idleShareColor: ExpressionSpecification = [
  "case",
  [">=", ["get", "idle_share"], 0.9],
  "#d64545",
  [">=", ["get", "idle_share"], 0.1],
  "#e9a23b",
  "#2f6fab",
];

/** Commercial buildings and non-office assets apart, the others by their idle share. */
const buildingColor: ExpressionSpecification = [
  "case",
  ["==", ["get", "property_class"], "non_office_asset"],
  "#8e6cbf",
  ["==", ["get", "property_class"], "commercial"],
  "#d08b2c",
  idleShareColor,
];

const offlineStyle = (): StyleSpecification => ({
  version: 8,
  sources: {
    regions: { type: "vector", url: tileJson("regions") },
    // promoteId: the `id` property identifies a building (or a cell) across tiles, for feature-state.
    buildings: { type: "vector", url: tileJson("buildings"), promoteId: "id" },
  },
  layers: [
    { id: "background", type: "background", paint: { "background-color": "#f4f1ea" } },
    {
      id: "counties-fill",
      type: "fill",
      source: "regions",
      "source-layer": REGIONS_LAYER,
      filter: ["==", ["get", "level"], "county"],
      paint: { "fill-color": "#e9efe4", "fill-opacity": 0.6 },
    },
    {
      id: "counties-line",
      type: "line",
      source: "regions",
      "source-layer": REGIONS_LAYER,
      filter: ["==", ["get", "level"], "county"],
      paint: { "line-color": "#9aa89a", "line-width": 0.8, "line-dasharray": [3, 2] },
    },
    {
      id: "prefectures-line",
      type: "line",
      source: "regions",
      "source-layer": REGIONS_LAYER,
      filter: ["==", ["get", "level"], "prefecture"],
      paint: { "line-color": "#5b6b7a", "line-width": 1.6 },
    },
    {
      id: "building-cells",
      type: "circle",
      source: "buildings",
      "source-layer": BUILDING_CELLS_LAYER,
      maxzoom: FOOTPRINT_MIN_ZOOM,
      paint: {
        // Area grows with the count: radius with its square root.
        "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "building_count"]], 1, 4, 20, 28],
        "circle-color": idleShareColor,
        "circle-opacity": 0.75,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1,
      },
    },
    {
      id: "buildings-fill",
      type: "fill",
      source: "buildings",
      "source-layer": BUILDINGS_LAYER,
      minzoom: FOOTPRINT_MIN_ZOOM,
      paint: {
        "fill-color": buildingColor,
        "fill-opacity": ["case", ["boolean", ["feature-state", "selected"], false], 1, 0.8],
      },
    },
    {
      id: "buildings-line",
      type: "line",
      source: "buildings",
      "source-layer": BUILDINGS_LAYER,
      minzoom: FOOTPRINT_MIN_ZOOM,
      paint: {
        "line-color": "#1d3c5a",
        "line-width": ["case", ["boolean", ["feature-state", "selected"], false], 3, 0.6],
      },
    },
  ],
});

export interface MapViewEvents {
  onBuildingsRendered?: (count: number) => void;
  onBuildingClick?: (properties: Record<string, unknown>) => void;
  onError?: (message: string) => void;
}

/** Owns the MapLibre map: boundaries and buildings come from Fangtu's vector tiles. */
export class MapView {
  readonly map: MapLibreMap;
  #selected: number | undefined;
  #pendingInspection: number | undefined;

  constructor(
    container: HTMLElement,
    private readonly events: MapViewEvents = {},
  ) {
    this.map = new MapLibreMap({
      container,
      style: offlineStyle(),
      center: [126.655, 45.752],
      zoom: FOOTPRINT_MIN_ZOOM,
      attributionControl: {
        compact: true,
        // The sources' TileJSON credit the boundaries and Fangtu.
        customAttribution: "建筑为演示数据",
      },
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), "top-right");
    this.map.addControl(new ScaleControl({ unit: "metric" }), "bottom-left");
    this.map.on("idle", () => {
      this.#announceSelection();
      this.events.onBuildingsRendered?.(this.renderedBuildingCount());
    });
    this.map.on("error", (event) => this.events.onError?.(event.error?.message ?? "map error"));
    this.map.on("click", "buildings-fill", (event) => {
      const feature = event.features?.[0];
      if (!feature) return;
      this.select(Number(feature.id));
      this.events.onBuildingClick?.(feature.properties);
    });
    // A cell stands for the buildings around it: clicking one zooms in towards them.
    this.map.on("click", "building-cells", (event) => {
      const zoom = Math.min(this.map.getZoom() + 2, FOOTPRINT_MIN_ZOOM);
      this.map.easeTo({ center: event.lngLat, zoom });
    });
    for (const layer of ["buildings-fill", "building-cells"]) {
      this.map.on("mouseenter", layer, () => (this.map.getCanvas().style.cursor = "pointer"));
      this.map.on("mouseleave", layer, () => (this.map.getCanvas().style.cursor = ""));
    }
  }

  /**
   * Buildings drawn in the viewport: distinct footprints from zoom 14, below that the buildings the
   * visible cells stand for. A footprint cut by a tile edge comes in pieces, hence the distinct ids.
   */
  renderedBuildingCount(): number {
    const layers = ["buildings-fill", "building-cells"].filter((id) => this.map.getLayer(id));
    if (layers.length === 0) return 0;
    const buildings = new Set<unknown>();
    const cells = new Map<unknown, number>();
    for (const feature of this.map.queryRenderedFeatures({ layers })) {
      if (feature.layer.id === "buildings-fill") buildings.add(feature.id);
      else cells.set(feature.id, Number(feature.properties.building_count ?? 0));
    }
    let count = buildings.size;
    for (const value of cells.values()) count += value;
    return count;
  }

  flyTo(center: [number, number], zoom = 16): void {
    this.map.flyTo({ center, zoom, essential: true });
  }

  /** Selects a building; its properties reach onBuildingClick once its tile is on the map. */
  selectAndInspect(buildingId: number): void {
    this.select(buildingId);
    this.#pendingInspection = buildingId;
  }

  #announceSelection(): void {
    const id = this.#pendingInspection;
    if (id === undefined) return;
    const [feature] = this.map.querySourceFeatures("buildings", {
      sourceLayer: BUILDINGS_LAYER,
      filter: ["==", ["id"], id],
    });
    if (!feature) return;
    this.#pendingInspection = undefined;
    this.events.onBuildingClick?.(feature.properties);
  }

  select(buildingId: number | undefined): void {
    const target = (id: number): FeatureIdentifier => ({
      source: "buildings",
      sourceLayer: BUILDINGS_LAYER,
      id,
    });
    if (this.#selected !== undefined) this.map.setFeatureState(target(this.#selected), { selected: false });
    this.#selected = buildingId;
    if (buildingId !== undefined) this.map.setFeatureState(target(buildingId), { selected: true });
  }

  destroy(): void {
    this.map.remove();
  }
}
