import area from "@turf/area";
import type { MultiPolygon, Polygon, Position } from "geojson";
import type { Map as MapLibreMap } from "maplibre-gl";
import {
  type GeoJSONStoreFeatures,
  type SnapToCustom,
  TerraDraw,
  TerraDrawPolygonMode,
  TerraDrawRectangleMode,
  TerraDrawSelectMode,
  ValidateNotSelfIntersecting,
} from "terra-draw";
import { TerraDrawMapLibreGLAdapter } from "terra-draw-maplibre-gl-adapter";
import { boundaryVertices, REGION_SNAP_LAYERS, vertices } from "./snap-candidates.js";

export type DrawKind = "polygon" | "rectangle";

/** What the drawing holds now: the polygon (closed ring) and its geodesic area in m². */
export interface DrawnShape {
  readonly polygon: Polygon;
  readonly squareMeters: number;
}

/** Within this many pixels of a building or boundary corner, a vertex snaps onto it. */
export const SNAP_PIXELS = 10;
/** Map layers whose corners a new or reshaped outline snaps to. */
const SNAP_LAYERS = ["buildings-fill"];

/**
 * The nearest of `candidates` to `target` in screen pixels, if within `limit`: a pure helper, so
 * snapping is tested without a map.
 */
export function nearestWithin(
  target: { x: number; y: number },
  candidates: ReadonlyArray<{ x: number; y: number; position: Position }>,
  limit: number,
): Position | undefined {
  let best: Position | undefined;
  let bestDistance = limit;
  for (const candidate of candidates) {
    const distance = Math.hypot(candidate.x - target.x, candidate.y - target.y);
    if (distance <= bestDistance) {
      best = candidate.position;
      bestDistance = distance;
    }
  }
  return best;
}

/** A footprint as one polygon for editing: a multipolygon of one part is that part; more parts cannot be. */
export function editablePolygon(footprint: Polygon | MultiPolygon): Polygon | undefined {
  if (footprint.type === "Polygon") return footprint;
  const [only, ...rest] = footprint.coordinates;
  return only && rest.length === 0 ? { type: "Polygon", coordinates: only } : undefined;
}

/**
 * Draws and reshapes outlines (building footprints, office districts) with terra-draw on the live map:
 * polygon and rectangle modes, vertex editing once drawn (drag, insert at midpoints, delete), snapping to the corners of the
 * buildings and of the county and prefecture boundaries on screen, and no self-intersection. Loaded on first use, so the first screen does not
 * carry it.
 */
export class DrawTool {
  readonly #draw: TerraDraw;

  constructor(
    private readonly map: MapLibreMap,
    private readonly onChange: (shape: DrawnShape | undefined, finished: boolean) => void,
  ) {
    const snapping = { toCustom: this.#snapToCorners, toCoordinate: true };
    const validation = (feature: GeoJSONStoreFeatures) => ValidateNotSelfIntersecting(feature);
    this.#draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 7 }),
      modes: [
        new TerraDrawPolygonMode({ snapping, validation }),
        new TerraDrawRectangleMode(),
        new TerraDrawSelectMode({
          flags: {
            polygon: {
              feature: {
                validation,
                draggable: true,
                coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping },
              },
            },
            rectangle: {
              feature: {
                draggable: true,
                coordinates: { draggable: true, midpoints: true, deletable: true },
              },
            },
          },
        }),
      ],
    });
    this.#draw.start();
    this.#draw.on("change", () => this.onChange(this.shape(), false));
    this.#draw.on("finish", (id, context) => {
      // A finished outline stays editable: its corners can be dragged at once (and the zone's
      // analysis follows), without a separate "edit" step.
      if (context.action === "draw" && (context.mode === "polygon" || context.mode === "rectangle")) {
        this.#draw.setMode("select");
        this.#draw.selectFeature(id);
      }
      this.onChange(this.shape(), true);
    });
  }

  /** Starts a new footprint (anything drawn before is dropped). */
  draw(kind: DrawKind): void {
    this.#draw.clear();
    this.#draw.setMode(kind);
  }

  /** Puts an existing footprint on the map with its corners editable. */
  edit(polygon: Polygon): void {
    this.#draw.clear();
    this.#draw.setMode("select");
    const [added] = this.#draw.addFeatures([
      { type: "Feature", geometry: polygon, properties: { mode: "polygon" } },
    ]);
    if (!added?.valid) throw new Error(added?.reason ?? "footprint cannot be edited");
    this.#draw.selectFeature(added.id as string);
    this.onChange(this.shape(), true);
  }

  /** The footprint drawn so far, once it is a closed polygon. */
  shape(): DrawnShape | undefined {
    const feature = this.#draw
      .getSnapshot()
      .find(
        (candidate) => candidate.geometry.type === "Polygon" && candidate.geometry.coordinates[0]?.length,
      );
    if (feature?.geometry.type !== "Polygon") return undefined;
    const polygon: Polygon = { type: "Polygon", coordinates: feature.geometry.coordinates };
    if ((polygon.coordinates[0]?.length ?? 0) < 4) return undefined;
    return { polygon, squareMeters: area(polygon) };
  }

  stop(): void {
    this.#draw.stop();
  }

  /** The corners near the cursor: buildings' footprints and region boundaries, nearest first. */
  readonly #snapToCorners: SnapToCustom = (event) => {
    const { containerX: x, containerY: y } = event;
    const box: [[number, number], [number, number]] = [
      [x - SNAP_PIXELS, y - SNAP_PIXELS],
      [x + SNAP_PIXELS, y + SNAP_PIXELS],
    ];
    const present = (layers: readonly string[]) => layers.filter((layer) => this.map.getLayer(layer));
    const buildings = this.map
      .queryRenderedFeatures(box, { layers: present(SNAP_LAYERS) })
      .flatMap((feature) => vertices(feature.geometry));
    const regionLayers = present(REGION_SNAP_LAYERS);
    const regions =
      regionLayers.length === 0
        ? []
        : boundaryVertices(
            this.map.queryRenderedFeatures(box, { layers: regionLayers }).map((feature) => feature.geometry),
            // The features come in tiles of the map's whole zoom (snap-candidates.ts).
            Math.floor(this.map.getZoom()),
          );
    const corners = [...buildings, ...regions].map((position) => {
      const point = this.map.project([position[0] ?? 0, position[1] ?? 0]);
      return { x: point.x, y: point.y, position };
    });
    return nearestWithin({ x, y }, corners, SNAP_PIXELS);
  };
}
