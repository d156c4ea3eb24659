import area from "@turf/area";
import { lineString, polygon } from "@turf/helpers";
import length from "@turf/length";
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from "maplibre-gl";

export type MeasureMode = "distance" | "area";

/** A measurement so far: geodesic length in metres, or the area in m² once three points close it. */
export interface Measurement {
  readonly mode: MeasureMode;
  readonly points: number;
  readonly meters: number;
  readonly squareMeters: number;
}

/**
 * Geodesic length (m) of the path, or of the ring's perimeter once three points close it, and the
 * ring's area (m²); turf measures on a sphere of the WGS84 mean radius.
 */
export function measure(mode: MeasureMode, coordinates: ReadonlyArray<[number, number]>): Measurement {
  const points = coordinates.length;
  const closed = mode === "area" && points >= 3;
  const path = closed ? [...coordinates, coordinates[0] as [number, number]] : [...coordinates];
  return {
    mode,
    points,
    meters: path.length >= 2 ? length(lineString(path), { units: "kilometers" }) * 1000 : 0,
    squareMeters: closed ? area(polygon([path])) : 0,
  };
}

const SOURCE = "fangtu-measure";

/**
 * Click to add points, double-click or Enter to finish, Escape to cancel. Loaded on demand (with
 * turf), so the first screen does not carry it.
 */
export class MeasureTool {
  #coordinates: Array<[number, number]> = [];
  #finished = false;
  readonly #onClick = (event: MapMouseEvent) => this.#add([event.lngLat.lng, event.lngLat.lat]);
  readonly #onDoubleClick = (event: MapMouseEvent) => {
    event.preventDefault();
    this.finish();
  };

  constructor(
    private readonly map: MapLibreMap,
    readonly mode: MeasureMode,
    private readonly onChange: (measurement: Measurement, finished: boolean) => void,
  ) {
    if (!map.getSource(SOURCE)) {
      map.addSource(SOURCE, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
      map.addLayer({
        id: "measure-fill",
        type: "fill",
        source: SOURCE,
        filter: ["==", ["geometry-type"], "Polygon"],
        paint: { "fill-color": "#ffb300", "fill-opacity": 0.2 },
      });
      map.addLayer({
        id: "measure-line",
        type: "line",
        source: SOURCE,
        paint: { "line-color": "#e65100", "line-width": 2.5, "line-dasharray": [2, 1] },
      });
      map.addLayer({
        id: "measure-points",
        type: "circle",
        source: SOURCE,
        filter: ["==", ["geometry-type"], "Point"],
        paint: {
          "circle-radius": 4,
          "circle-color": "#e65100",
          "circle-stroke-color": "#fff",
          "circle-stroke-width": 1.5,
        },
      });
    }
    map.doubleClickZoom.disable();
    map.getCanvas().style.cursor = "crosshair";
    map.on("click", this.#onClick);
    map.on("dblclick", this.#onDoubleClick);
    this.#draw();
  }

  #add(point: [number, number]): void {
    if (this.#finished) {
      this.#coordinates = [];
      this.#finished = false;
    }
    const last = this.#coordinates.at(-1);
    // A double-click also fires two clicks on the same spot: keep one point.
    if (last && last[0] === point[0] && last[1] === point[1]) return;
    this.#coordinates.push(point);
    this.#draw();
  }

  finish(): void {
    this.#finished = true;
    this.#draw();
  }

  #draw(): void {
    const coordinates = this.#coordinates;
    const features: GeoJSON.Feature[] = coordinates.map((point) => ({
      type: "Feature",
      properties: {},
      geometry: { type: "Point", coordinates: point },
    }));
    if (coordinates.length >= 2) {
      const closed = this.mode === "area" && coordinates.length >= 3;
      features.push({
        type: "Feature",
        properties: {},
        geometry: closed
          ? { type: "Polygon", coordinates: [[...coordinates, coordinates[0] as [number, number]]] }
          : { type: "LineString", coordinates },
      });
    }
    void (this.map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData({
      type: "FeatureCollection",
      features,
    });
    this.onChange(measure(this.mode, coordinates), this.#finished);
  }

  /** Removes the tool and its drawing. */
  stop(): void {
    this.map.off("click", this.#onClick);
    this.map.off("dblclick", this.#onDoubleClick);
    this.map.doubleClickZoom.enable();
    this.map.getCanvas().style.cursor = "";
    for (const layer of ["measure-points", "measure-line", "measure-fill"]) {
      if (this.map.getLayer(layer)) this.map.removeLayer(layer);
    }
    if (this.map.getSource(SOURCE)) this.map.removeSource(SOURCE);
  }
}
