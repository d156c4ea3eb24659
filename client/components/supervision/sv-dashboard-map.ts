import {
  type ExpressionSpecification,
  type GeoJSONSource,
  type MapLayerMouseEvent,
  Map as MapLibreMap,
  NavigationControl,
  Popup,
  setWorkerUrl,
} from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import type { DashboardMapFeature } from "../../api/sv-dashboard.js";

setWorkerUrl(workerUrl);

/** A feature the dashboard map draws, with the figure it is coloured by and its label. */
export interface DashboardMapItem {
  feature: DashboardMapFeature;
  value: number;
  tooltip: string;
}

export type DashboardMapPick = { kind: "region"; code: string } | { kind: "unit"; id: number };

/** Light to dark blue over [0, max]: the choropleth of the chosen figure. */
function ramp(max: number): ExpressionSpecification {
  const top = max > 0 ? max : 1;
  return ["interpolate", ["linear"], ["get", "value"], 0, "#eef3f8", top / 2, "#6f9fcd", top, "#1d3c5a"];
}

/**
 * The dashboard's own small map (a plain class the Lit tab creates and destroys): the children of the
 * region in focus as polygons, or a county's units as points, coloured by the chosen figure; a click
 * drills down. Offline: no basemap, only our boundaries. The drawing buffer is kept so it prints.
 */
export class DashboardMap {
  readonly map: MapLibreMap;
  #loaded: Promise<void>;
  #popup = new Popup({ closeButton: false, closeOnClick: false });

  constructor(container: HTMLElement, onPick: (pick: DashboardMapPick) => void) {
    this.map = new MapLibreMap({
      container,
      style: {
        version: 8,
        sources: {},
        layers: [{ id: "background", type: "background", paint: { "background-color": "#f7f9fb" } }],
      },
      center: [128, 47.5],
      zoom: 4,
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), "top-right");
    this.#loaded = new Promise((resolve) => this.map.once("load", () => resolve()));
    void this.#loaded.then(() => {
      const empty = { type: "FeatureCollection" as const, features: [] };
      this.map.addSource("areas", { type: "geojson", data: empty });
      this.map.addSource("units", { type: "geojson", data: empty });
      this.map.addSource("outline", { type: "geojson", data: empty });
      this.map.addLayer({
        id: "outline-line",
        type: "line",
        source: "outline",
        paint: { "line-color": "#8b1e1e", "line-width": 1.5, "line-dasharray": [3, 2] },
      });
      this.map.addLayer({
        id: "area-fill",
        type: "fill",
        source: "areas",
        paint: { "fill-color": "#eef3f8" },
      });
      this.map.addLayer({
        id: "area-line",
        type: "line",
        source: "areas",
        paint: { "line-color": "#4a5561", "line-width": 1 },
      });
      this.map.addLayer({
        id: "unit-circle",
        type: "circle",
        source: "units",
        paint: {
          "circle-radius": 7,
          "circle-color": "#eef3f8",
          "circle-stroke-color": "#1f2933",
          "circle-stroke-width": 1,
        },
      });
      for (const layer of ["area-fill", "unit-circle"]) {
        this.map.on("click", layer, (event: MapLayerMouseEvent) => {
          const properties = event.features?.[0]?.properties;
          if (!properties) return;
          onPick(
            properties.kind === "unit"
              ? { kind: "unit", id: Number(properties.id) }
              : { kind: "region", code: String(properties.code) },
          );
        });
        this.map.on("mousemove", layer, (event: MapLayerMouseEvent) => {
          this.map.getCanvas().style.cursor = "pointer";
          const tooltip = String(event.features?.[0]?.properties?.tooltip ?? "");
          this.#popup.setLngLat(event.lngLat).setText(tooltip).addTo(this.map);
        });
        this.map.on("mouseleave", layer, () => {
          this.map.getCanvas().style.cursor = "";
          this.#popup.remove();
        });
      }
    });
  }

  /** Draws the items coloured by their value and frames them. */
  async show(items: readonly DashboardMapItem[]): Promise<void> {
    await this.#loaded;
    const max = this.maxOf(items);
    const collect = (kind: "region" | "unit" | "outline") => ({
      type: "FeatureCollection" as const,
      features: items
        .filter((item) => item.feature.properties.kind === kind)
        .map((item) => ({
          ...item.feature,
          properties: { ...item.feature.properties, value: item.value, tooltip: item.tooltip },
        })),
    });
    void (this.map.getSource("areas") as GeoJSONSource).setData(collect("region") as never);
    void (this.map.getSource("units") as GeoJSONSource).setData(collect("unit") as never);
    void (this.map.getSource("outline") as GeoJSONSource).setData(collect("outline") as never);
    this.map.setPaintProperty("area-fill", "fill-color", ramp(max));
    this.map.setPaintProperty("unit-circle", "circle-color", ramp(max));
    // A county's units sit in its seat, a few hundred metres apart: frame them, not the whole county.
    const units = items.filter((item) => item.feature.properties.kind === "unit");
    const bounds = boundsOf((units.length > 0 ? units : items).map((item) => item.feature));
    if (bounds) this.map.fitBounds(bounds, { padding: 24, duration: 0, maxZoom: 16 });
  }

  /** The top of the colour ramp: the largest value drawn. */
  maxOf(items: readonly DashboardMapItem[]): number {
    return Math.max(0, ...items.map((item) => item.value));
  }

  destroy(): void {
    this.#popup.remove();
    this.map.remove();
  }
}

/** The [[west, south], [east, north]] of the features' coordinates, or undefined when there are none. */
function boundsOf(
  features: readonly DashboardMapFeature[],
): [[number, number], [number, number]] | undefined {
  let west = Number.POSITIVE_INFINITY;
  let south = Number.POSITIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === "number" && typeof value[1] === "number") {
      west = Math.min(west, value[0]);
      east = Math.max(east, value[0]);
      south = Math.min(south, value[1]);
      north = Math.max(north, value[1]);
      return;
    }
    for (const item of value) visit(item);
  };
  for (const feature of features)
    if (feature.geometry && "coordinates" in feature.geometry) visit(feature.geometry.coordinates);
  if (!Number.isFinite(west)) return undefined;
  // A single point gets a small frame around it.
  const pad = east - west < 0.002 && north - south < 0.002 ? 0.005 : 0;
  return [
    [west - pad, south - pad],
    [east + pad, north + pad],
  ];
}
