import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from "maplibre-gl";
import type { Basemap } from "../../server/domain/basemap.js";
import type { OverlayId } from "../state/view-state.js";

/** From this zoom the buildings source carries footprints; below it, building counts per grid cell. */
export const FOOTPRINT_MIN_ZOOM = 14;
/** Regions carry their figures up to zoom 12; the choropleth fades out as footprints take over. */
export const CHOROPLETH_MAX_ZOOM = 12;

/** Source-layer names of Fangtu's vector tiles (see server/tiles/tile-sources.ts). */
export const sourceLayers = {
  buildings: "buildings",
  buildingCells: "building-cells",
  regions: "regions",
  regionLabels: "region-labels",
  idle: "idle-space",
  idleCells: "idle-space-cells",
  leases: "leases-in",
  assets: "non-office-assets",
  facilities: "community-facilities",
} as const;

// Offline by default: only Fangtu's own tiles, same origin (TileJSON `tiles` come back on this origin).
const tileJson = (source: string): SourceSpecification => ({
  type: "vector",
  url: `${location.origin}/tiles/${source}`,
  promoteId: "id",
});

/** Labels use the browser's own fonts (MapLibre renders them locally when the style has no glyphs). */
const labelFont = ["Noto Sans CJK SC Regular", "WenQuanYi Micro Hei", "Microsoft YaHei", "sans-serif"];

const selected: ExpressionSpecification = ["boolean", ["feature-state", "selected"], false];
const highlighted: ExpressionSpecification = ["boolean", ["feature-state", "highlighted"], false];
const hovered: ExpressionSpecification = ["boolean", ["feature-state", "hovered"], false];

/** From this zoom the choropleth and the labels show counties rather than prefectures. */
export const COUNTY_MIN_ZOOM = 7;

type ZoomRange = { minzoom?: number; maxzoom?: number };

/** The region figures' fill for one level; its colour is set by the chosen choropleth. */
const regionFill = (level: "prefecture" | "county", range: ZoomRange): LayerSpecification => ({
  id: `region-fill-${level}`,
  type: "fill",
  source: "regions",
  "source-layer": sourceLayers.regions,
  filter: ["==", ["get", "level"], level],
  ...range,
  paint: {
    "fill-color": "#e9efe4",
    // Fades out as the footprints come in: at building scale the region colour would only tint them.
    "fill-opacity": [
      "interpolate",
      ["linear"],
      ["zoom"],
      10,
      0.75,
      CHOROPLETH_MAX_ZOOM,
      0.3,
      FOOTPRINT_MIN_ZOOM,
      0,
    ],
  },
});

const regionLabels = (level: "prefecture" | "county", range: ZoomRange): LayerSpecification => ({
  id: `region-labels-${level}`,
  type: "symbol",
  source: "regions",
  "source-layer": sourceLayers.regionLabels,
  filter: ["==", ["get", "level"], level],
  ...range,
  layout: {
    "text-field": ["get", "name"],
    "text-font": labelFont,
    "text-size": level === "prefecture" ? 14 : 12,
  },
  paint: { "text-color": "#333a40", "text-halo-color": "#ffffff", "text-halo-width": 1.4 },
});

export const regionFillLayers = ["region-fill-prefecture", "region-fill-county"] as const;

/** An optional basemap under Fangtu's layers, configured by a deployment (never the default). */
export type { Basemap } from "../../server/domain/basemap.js";

/** The offline style: Fangtu's tiles only; themes and overlays are switched on the live map. */
export function offlineStyle(
  basemap: Basemap | undefined,
  buildingFill: ExpressionSpecification,
): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {
    regions: { type: "vector", url: `${location.origin}/tiles/regions`, promoteId: "code" },
    buildings: tileJson("buildings"),
  };
  const layers: LayerSpecification[] = [
    { id: "background", type: "background", paint: { "background-color": "#f4f1ea" } },
  ];
  if (basemap?.rasterTiles) {
    sources.basemap = {
      type: "raster",
      tiles: [basemap.rasterTiles],
      tileSize: 256,
      ...(basemap.attribution ? { attribution: basemap.attribution } : {}),
    };
    layers.push({ id: "basemap", type: "raster", source: "basemap" });
  }
  layers.push(
    // Prefectures up to zoom 7, counties from there: the choropleth drills down as the map does.
    regionFill("prefecture", { maxzoom: COUNTY_MIN_ZOOM }),
    regionFill("county", { minzoom: COUNTY_MIN_ZOOM, maxzoom: FOOTPRINT_MIN_ZOOM }),
    {
      id: "region-hover",
      type: "line",
      source: "regions",
      "source-layer": sourceLayers.regions,
      maxzoom: CHOROPLETH_MAX_ZOOM + 1,
      paint: { "line-color": "#8b1e1e", "line-width": ["case", hovered, 2.5, 0] },
    },
    {
      id: "counties-line",
      type: "line",
      source: "regions",
      "source-layer": sourceLayers.regions,
      // The tiles carry counties from zoom 6 (server/tiles/sources/region-layers.ts).
      minzoom: 6,
      filter: ["==", ["get", "level"], "county"],
      paint: { "line-color": "#9aa89a", "line-width": 0.8, "line-dasharray": [3, 2] },
    },
    {
      id: "prefectures-line",
      type: "line",
      source: "regions",
      "source-layer": sourceLayers.regions,
      filter: ["==", ["get", "level"], "prefecture"],
      paint: { "line-color": "#5b6b7a", "line-width": 1.6 },
    },
    {
      id: "building-cells",
      type: "circle",
      source: "buildings",
      "source-layer": sourceLayers.buildingCells,
      maxzoom: FOOTPRINT_MIN_ZOOM,
      paint: {
        // Area grows with the count: radius with its square root.
        "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "building_count"]], 1, 4, 20, 28],
        "circle-color": [
          "case",
          [">=", ["get", "idle_share"], 0.9],
          "#d64545",
          [">=", ["get", "idle_share"], 0.1],
          "#e9a23b",
          "#2f6fab",
        ],
        "circle-opacity": 0.75,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1,
      },
    },
    {
      id: "buildings-fill",
      type: "fill",
      source: "buildings",
      "source-layer": sourceLayers.buildings,
      minzoom: FOOTPRINT_MIN_ZOOM,
      paint: { "fill-color": buildingFill, "fill-opacity": ["case", selected, 1, highlighted, 0.95, 0.78] },
    },
    {
      id: "buildings-line",
      type: "line",
      source: "buildings",
      "source-layer": sourceLayers.buildings,
      minzoom: FOOTPRINT_MIN_ZOOM,
      paint: {
        "line-color": ["case", selected, "#111111", highlighted, "#ffcc00", "#1d3c5a"],
        "line-width": ["case", selected, 3, highlighted, 3, hovered, 2, 0.6],
      },
    },
    regionLabels("prefecture", { maxzoom: CHOROPLETH_MAX_ZOOM + 1 }),
    regionLabels("county", { minzoom: 7.5, maxzoom: CHOROPLETH_MAX_ZOOM + 1 }),
    {
      id: "building-labels",
      type: "symbol",
      source: "buildings",
      "source-layer": sourceLayers.buildings,
      minzoom: 15.5,
      layout: { "text-field": ["get", "name"], "text-font": labelFont, "text-size": 11, "text-max-width": 8 },
      paint: { "text-color": "#1f2933", "text-halo-color": "#ffffff", "text-halo-width": 1.2 },
    },
  );
  return { version: 8, sources, layers };
}

/** Circle radius growing with the square root of a property, between two pixel sizes. */
const sqrtRadius = (
  property: string,
  top: number,
  large: number,
): DataDrivenPropertyValueSpecification<number> => [
  "interpolate",
  ["linear"],
  ["sqrt", ["coalesce", ["get", property], 0]],
  0,
  4,
  Math.sqrt(top),
  large,
];

/** The overlay layers, added on demand so the first screen asks only for buildings and regions. */
export const overlays: Record<
  OverlayId,
  { source: string; layers: LayerSpecification[]; interactive: string[] }
> = {
  idle: {
    source: "idle-space",
    interactive: ["overlay-idle-fill", "overlay-idle-cells"],
    layers: [
      {
        id: "overlay-idle-cells",
        type: "circle",
        source: "idle-space",
        "source-layer": sourceLayers.idleCells,
        maxzoom: FOOTPRINT_MIN_ZOOM,
        paint: {
          "circle-radius": sqrtRadius("idle_area", 50_000, 24),
          "circle-color": "#d64545",
          "circle-opacity": 0.35,
          "circle-stroke-color": "#d64545",
          "circle-stroke-width": 1.5,
        },
      },
      {
        id: "overlay-idle-fill",
        type: "line",
        source: "idle-space",
        "source-layer": sourceLayers.idle,
        minzoom: FOOTPRINT_MIN_ZOOM,
        paint: { "line-color": "#d64545", "line-width": 3, "line-dasharray": [2, 1] },
      },
    ],
  },
  leases: {
    source: "leases-in",
    interactive: ["overlay-leases"],
    layers: [
      {
        id: "overlay-leases",
        type: "circle",
        source: "leases-in",
        "source-layer": sourceLayers.leases,
        paint: {
          // Size by annual rent: 1,000,000 yuan a year is a 16 px circle.
          "circle-radius": sqrtRadius("annual_rent", 1_000_000, 16),
          "circle-color": "#7b3fa0",
          "circle-opacity": 0.55,
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 1,
        },
      },
    ],
  },
  assets: {
    source: "non-office-assets",
    interactive: ["overlay-assets"],
    layers: [
      {
        id: "overlay-assets",
        type: "circle",
        source: "non-office-assets",
        "source-layer": sourceLayers.assets,
        paint: {
          "circle-radius": sqrtRadius("gross_area", 20_000, 14),
          "circle-color": ["case", ["boolean", ["get", "suits_office_use"], false], "#00838f", "#8d99a6"],
          "circle-opacity": 0.8,
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 1.5,
        },
      },
    ],
  },
  facilities: {
    source: "community-facilities",
    interactive: ["overlay-facilities"],
    layers: [
      {
        id: "overlay-facilities",
        type: "circle",
        source: "community-facilities",
        "source-layer": sourceLayers.facilities,
        paint: {
          "circle-radius": 6,
          "circle-color": "#2e7d32",
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 2,
        },
      },
    ],
  },
};

export const overlaySource = (id: OverlayId): SourceSpecification => tileJson(overlays[id].source);
