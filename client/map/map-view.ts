import type { Layer } from "@deck.gl/core";
import type { MapLibreOverlay } from "@deck.gl/maplibre";
import {
  type ExpressionSpecification,
  type FeatureIdentifier,
  type LngLatBoundsLike,
  type MapGeoJSONFeature,
  type MapLayerMouseEvent,
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  ScaleControl,
  setWorkerUrl,
} from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import type { BuildingChange } from "../state/scenario-view.js";
import type { ChoroplethMetric, OverlayId, ThemeId } from "../state/view-state.js";
import {
  type Basemap,
  CHOROPLETH_MAX_ZOOM,
  FOOTPRINT_MIN_ZOOM,
  offlineStyle,
  overlaySource,
  overlays,
  regionFillLayers,
  sourceLayers,
} from "./map-style.js";
import { changeColors } from "./scenario-colors.js";
import { choroplethFill, choropleths, themeById } from "./themes.js";

setWorkerUrl(workerUrl);

export { FOOTPRINT_MIN_ZOOM } from "./map-style.js";

/** What the pointer is over, for the tooltip the app renders in its own language. */
export interface HoverInfo {
  readonly layer: "building" | "cell" | "region" | OverlayId;
  readonly properties: Record<string, unknown>;
}

/** What the deck.gl analysis layers' tooltips say about a picked object (the caller's own language). */
export type AnalysisDescriber = (layerId: string, object: unknown) => string[];

const changed: ExpressionSpecification = ["boolean", ["feature-state", "changed"], false];
const delta: ExpressionSpecification = ["number", ["feature-state", "delta"], 0];
const changeFill: ExpressionSpecification = [
  "case",
  ["boolean", ["feature-state", "emptied"], false],
  changeColors.emptied,
  [">", delta, 0],
  changeColors.gained,
  ["<", delta, 0],
  changeColors.lost,
  changeColors.exchanged,
];

export interface MapViewEvents {
  onBuildingClick?: (properties: Record<string, unknown>) => void;
  onRegionClick?: (code: string) => void;
  onViewChange?: (center: [number, number], zoom: number) => void;
  /** Returns the tooltip's HTML-free text lines for what is under the pointer. */
  describe?: (hover: HoverInfo) => string[];
  onError?: (message: string) => void;
}

export interface MapViewOptions {
  center: [number, number];
  zoom: number;
  theme: ThemeId;
  overlays: readonly OverlayId[];
  choropleth: ChoroplethMetric;
  basemap?: Basemap;
}

const buildingTarget = (id: number): FeatureIdentifier => ({
  source: "buildings",
  sourceLayer: sourceLayers.buildings,
  id,
});

/** Owns the MapLibre map: boundaries, buildings and overlays come from Fangtu's vector tiles. */
export class MapView {
  readonly map: MapLibreMap;
  /** Resolves when the map has loaded its first style. */
  readonly #loaded: Promise<void>;
  /** Off while a tool (measuring) owns the clicks: they must not select or drill down. */
  clicksEnabled = true;
  #selected: number | undefined;
  #highlighted: number[] = [];
  #hoveredRegion: string | undefined;
  #pendingInspection: number | undefined;
  #overlays = new Set<OverlayId>();
  #theme: ThemeId;
  #choropleth: ChoroplethMetric;
  /** Bumped by every refresh of our tiles after an edit; 0 until the first. */
  #dataStamp = 0;
  /** deck.gl, interleaved with MapLibre's layers: loaded the first time analysis layers are shown. */
  #overlay: Promise<MapLibreOverlay> | undefined;
  #overlayReady: MapLibreOverlay | undefined;
  #analysisLayers: readonly Layer[] = [];
  #describeAnalysis: AnalysisDescriber | undefined;
  #changes: readonly BuildingChange[] = [];
  readonly #popup = new Popup({ closeButton: false, closeOnClick: false, offset: 12, maxWidth: "280px" });

  constructor(
    container: HTMLElement,
    options: MapViewOptions,
    private readonly events: MapViewEvents = {},
  ) {
    this.map = new MapLibreMap({
      container,
      style: offlineStyle(options.basemap, themeById(options.theme).fillColor),
      center: options.center,
      zoom: options.zoom,
      attributionControl: { compact: true, customAttribution: "建筑为演示数据" },
      // After an edit, our tiles are asked for with a new `v`: MapLibre keeps the slices of overzoomed
      // tiles by URL, so the same URL would show the old data past the source's maximum zoom.
      transformRequest: (url, resourceType) =>
        resourceType === "Tile" && this.#dataStamp > 0 && url.startsWith(`${location.origin}/tiles/`)
          ? { url: `${url}${url.includes("?") ? "&" : "?"}v=${this.#dataStamp}` }
          : { url },
    });
    // Registered at once so a later wait cannot miss the event (isStyleLoaded() turns false again
    // whenever tiles load, long after "load" fired).
    this.#loaded = new Promise((resolve) => this.map.once("load", () => resolve()));
    this.map.addControl(new NavigationControl({ showCompass: false }), "top-right");
    this.map.addControl(new ScaleControl({ unit: "metric" }), "bottom-left");
    this.#theme = options.theme;
    this.#choropleth = options.choropleth;
    this.#overlays = new Set(options.overlays);
    // Also after an external style replaced the first one: Fangtu's settings go onto every style.
    this.map.on("style.load", () => {
      this.setTheme(this.#theme);
      this.setChoropleth(this.#choropleth);
      this.setOverlays([...this.#overlays]);
    });
    const styleUrl = options.basemap?.styleUrl;
    if (styleUrl) {
      const own = offlineStyle(undefined, themeById(options.theme).fillColor);
      this.map.setStyle(styleUrl, {
        diff: false,
        // The deployment's basemap underneath, Fangtu's sources and layers on top (its background dropped).
        transformStyle: (_previous, next) => ({
          ...next,
          sources: { ...next.sources, ...own.sources },
          layers: [...next.layers, ...own.layers.filter((layer) => layer.id !== "background")],
        }),
      });
    }
    this.map.on("idle", () => {
      this.#announceSelection();
    });
    this.map.on("moveend", () => {
      const { lng, lat } = this.map.getCenter();
      this.events.onViewChange?.([lng, lat], this.map.getZoom());
    });
    this.map.on("error", (event) => this.events.onError?.(event.error?.message ?? "map error"));
    this.map.on("click", "buildings-fill", (event) => {
      if (!this.clicksEnabled) return;
      const feature = event.features?.[0];
      if (!feature) return;
      this.select(Number(feature.id));
      this.events.onBuildingClick?.(feature.properties);
    });
    // A cell stands for the buildings around it: clicking one zooms in towards them.
    this.map.on("click", "building-cells", (event) => {
      if (!this.clicksEnabled) return;
      const zoom = Math.min(this.map.getZoom() + 2, FOOTPRINT_MIN_ZOOM);
      this.map.easeTo({ center: event.lngLat, zoom });
    });
    for (const layer of regionFillLayers) {
      this.map.on("click", layer, (event) => {
        // Drilling down belongs to the overview; close in, a click on open ground means nothing.
        if (!this.clicksEnabled || this.map.getZoom() > CHOROPLETH_MAX_ZOOM + 1) return;
        // Buildings and cells above the region take the click.
        const above = this.map.queryRenderedFeatures(event.point, {
          layers: ["building-cells", "buildings-fill"].filter((id) => this.map.getLayer(id)),
        });
        const code = event.features?.[0]?.properties.code;
        if (above.length === 0 && typeof code === "string") this.events.onRegionClick?.(code);
      });
    }
    this.#wireHover();
  }

  #wireHover(): void {
    const layers: Array<[string, HoverInfo["layer"]]> = [
      ["buildings-fill", "building"],
      ["building-cells", "cell"],
      ...regionFillLayers.map((id): [string, HoverInfo["layer"]] => [id, "region"]),
      ...(Object.keys(overlays) as OverlayId[]).flatMap((overlay) =>
        overlays[overlay].interactive.map((id): [string, HoverInfo["layer"]] => [id, overlay]),
      ),
    ];
    const onMove = (event: MapLayerMouseEvent) => {
      if (this.#showAnalysisTooltip(event)) return;
      const hits = this.map.queryRenderedFeatures(event.point, {
        layers: layers.map(([id]) => id).filter((id) => this.map.getLayer(id)),
      });
      const feature = hits[0];
      this.#setHoveredRegion(hits.find((hit) => hit.source === "regions"));
      if (!feature) {
        this.#popup.remove();
        this.map.getCanvas().style.cursor = "";
        return;
      }
      const kind = layers.find(([id]) => id === feature.layer.id)?.[1] ?? "building";
      const lines = this.events.describe?.({ layer: kind, properties: feature.properties }) ?? [];
      this.map.getCanvas().style.cursor = "pointer";
      if (lines.length === 0) return void this.#popup.remove();
      this.#showTooltip(event, lines);
    };
    this.map.on("mousemove", onMove as (event: unknown) => void);
    this.map.on("mouseout", () => {
      this.#popup.remove();
      this.#setHoveredRegion(undefined);
    });
  }

  /** An arc (or another analysis object) under the pointer takes the tooltip before the map's features. */
  #showAnalysisTooltip(event: MapLayerMouseEvent): boolean {
    const picked = this.pickAnalysis(event.point.x, event.point.y);
    if (!picked) return false;
    const lines = this.#describeAnalysis?.(picked.layerId, picked.object) ?? [];
    this.map.getCanvas().style.cursor = "pointer";
    if (lines.length === 0) {
      this.#popup.remove();
      return true;
    }
    this.#showTooltip(event, lines);
    return true;
  }

  #showTooltip(event: MapLayerMouseEvent, lines: readonly string[]): void {
    const content = document.createElement("div");
    content.className = "fangtu-tooltip";
    for (const [index, line] of lines.entries()) {
      const row = document.createElement(index === 0 ? "strong" : "div");
      row.textContent = line;
      content.append(row);
    }
    this.#popup.setLngLat(event.lngLat).setDOMContent(content).addTo(this.map);
  }

  #setHoveredRegion(feature: MapGeoJSONFeature | undefined): void {
    const code = feature?.properties.code as string | undefined;
    if (code === this.#hoveredRegion) return;
    const target = (id: string): FeatureIdentifier => ({
      source: "regions",
      sourceLayer: sourceLayers.regions,
      id,
    });
    if (this.#hoveredRegion) this.map.setFeatureState(target(this.#hoveredRegion), { hovered: false });
    this.#hoveredRegion = code;
    if (code) this.map.setFeatureState(target(code), { hovered: true });
  }

  setTheme(theme: ThemeId): void {
    this.#theme = theme;
    const fill = themeById(theme).fillColor;
    // A scenario's changed buildings keep their change colour over any theme.
    this.map.setPaintProperty(
      "buildings-fill",
      "fill-color",
      this.#changes.length > 0 ? ["case", changed, changeFill, fill] : fill,
    );
  }

  /**
   * Colours the buildings a scenario changes (feature state by id, so footprints loaded later follow);
   * an empty list restores the theme.
   */
  setBuildingChanges(changes: readonly BuildingChange[]): void {
    for (const change of this.#changes)
      this.map.setFeatureState(buildingTarget(change.buildingId), {
        changed: false,
        emptied: false,
        delta: 0,
      });
    this.#changes = [...changes];
    for (const change of this.#changes)
      this.map.setFeatureState(buildingTarget(change.buildingId), {
        changed: true,
        emptied: change.emptied,
        delta: change.occupiedDelta,
      });
    this.setTheme(this.#theme);
  }

  /**
   * Shows exactly these deck.gl layers over the map (arcs of moves, …), interleaved with MapLibre's own.
   * deck.gl is imported the first time: the login page and the first screen do not load it.
   */
  async setAnalysisLayers(layers: readonly Layer[], describe?: AnalysisDescriber): Promise<void> {
    this.#analysisLayers = layers;
    this.#describeAnalysis = describe;
    if (layers.length === 0 && !this.#overlay) return;
    this.#overlay ??= this.#createOverlay();
    const overlay = await this.#overlay;
    // A later call may have replaced the layers while deck.gl loaded.
    overlay.setProps({ layers: [...this.#analysisLayers] });
  }

  async #createOverlay(): Promise<MapLibreOverlay> {
    const { MapLibreOverlay } = await import("@deck.gl/maplibre");
    // Interleaved layers are inserted into the style: it must be there first.
    await this.#loaded;
    const overlay = new MapLibreOverlay({ interleaved: true, layers: [] });
    this.map.addControl(overlay);
    this.#overlayReady = overlay;
    return overlay;
  }

  /** The analysis object drawn at a pixel of the map, if any (tooltips; tests check that arcs are drawn). */
  pickAnalysis(x: number, y: number): { layerId: string; object: unknown } | undefined {
    if (!this.#overlayReady || this.#analysisLayers.length === 0) return undefined;
    const info = this.#overlayReady.pickObject({ x, y, radius: 4 });
    if (!info?.layer || info.object === undefined || info.object === null) return undefined;
    return { layerId: info.layer.id, object: info.object };
  }

  /** How many objects each analysis layer shows, by layer id (once deck.gl has taken them). */
  analysisCounts(): Record<string, number> {
    if (!this.#overlayReady) return {};
    return Object.fromEntries(
      this.#analysisLayers.map((layer) => {
        const data = layer.props.data;
        return [layer.id, Array.isArray(data) ? data.length : 0];
      }),
    );
  }

  setChoropleth(metric: ChoroplethMetric): void {
    this.#choropleth = metric;
    const choropleth = choropleths.find((candidate) => candidate.metric === metric);
    for (const layer of regionFillLayers) {
      this.map.setPaintProperty(layer, "fill-color", choropleth ? choroplethFill(choropleth) : "#e9efe4");
    }
  }

  /** Shows exactly these overlays; a source is added the first time its overlay is shown. */
  setOverlays(wanted: readonly OverlayId[]): void {
    for (const id of Object.keys(overlays) as OverlayId[]) {
      const visible = wanted.includes(id);
      const overlay = overlays[id];
      if (visible && !this.map.getSource(overlay.source)) {
        this.map.addSource(overlay.source, overlaySource(id));
        for (const layer of overlay.layers) this.map.addLayer(layer, "building-labels");
      }
      for (const layer of overlay.layers) {
        if (this.map.getLayer(layer.id))
          this.map.setLayoutProperty(layer.id, "visibility", visible ? "visible" : "none");
      }
      if (visible) this.#overlays.add(id);
      else this.#overlays.delete(id);
    }
  }

  /**
   * Buildings drawn in the viewport (for tests and benchmarks: it queries every rendered feature, which
   * costs a long task at 100,000 buildings, so the app itself never calls it): distinct footprints from zoom 14, below that the buildings the
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

  fitBounds(bbox: [number, number, number, number], maxZoom = 17): void {
    this.map.fitBounds(bbox as LngLatBoundsLike, { padding: 60, maxZoom, essential: true });
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
      sourceLayer: sourceLayers.buildings,
      filter: ["==", ["id"], id],
    });
    if (!feature) return;
    this.#pendingInspection = undefined;
    this.events.onBuildingClick?.(feature.properties);
  }

  select(buildingId: number | undefined): void {
    if (this.#selected !== undefined)
      this.map.setFeatureState(buildingTarget(this.#selected), { selected: false });
    this.#selected = buildingId;
    if (buildingId !== undefined) this.map.setFeatureState(buildingTarget(buildingId), { selected: true });
  }

  /**
   * Outlines a set of buildings (a unit's sites, a table row) without changing the selection. Feature
   * state lives in the source, by id, and reaches tiles loaded later too: set once, never per frame (a
   * state set on every `idle` would repaint, idle again, and never rest).
   */
  highlight(buildingIds: readonly number[]): void {
    for (const id of this.#highlighted) this.map.setFeatureState(buildingTarget(id), { highlighted: false });
    this.#highlighted = [...buildingIds];
    for (const id of this.#highlighted) this.map.setFeatureState(buildingTarget(id), { highlighted: true });
  }

  /**
   * The map as drawn now, as a PNG. The canvas is read inside the `render` event, while the frame just
   * drawn is still in the drawing buffer: no `preserveDrawingBuffer`, which costs a copy on every frame.
   */
  toPng(): Promise<Blob> {
    return new Promise((resolve, reject) => {
      this.map.once("render", () => {
        this.map
          .getCanvas()
          .toBlob((blob) => (blob ? resolve(blob) : reject(new Error("canvas is empty"))), "image/png");
      });
      this.map.triggerRepaint();
    });
  }

  /**
   * Reloads Fangtu's own vector tiles after an edit, from the server's new data version, under a new
   * `v` (see transformRequest).
   */
  refreshData(): void {
    this.#dataStamp++;
    for (const [id, source] of Object.entries(this.map.getStyle().sources)) {
      if (source.type === "vector" && source.url?.startsWith(`${location.origin}/tiles/`))
        this.map.refreshTiles(id);
    }
  }

  destroy(): void {
    this.#popup.remove();
    this.#overlayReady?.finalize();
    this.map.remove();
  }
}
