import type { BBox } from "../domain/geojson.js";
import type { TileSource } from "./tile-layer.js";
import { tileSources } from "./tile-sources.js";

/** TileJSON 3.0.0 (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0) for a vector source. */
export interface TileJson {
  readonly tilejson: "3.0.0";
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly attribution: string;
  readonly scheme: "xyz";
  readonly tiles: readonly string[];
  readonly minzoom: number;
  readonly maxzoom: number;
  readonly bounds: BBox;
  readonly center: readonly [number, number, number];
  readonly vector_layers: ReadonlyArray<{
    readonly id: string;
    readonly description: string;
    readonly minzoom: number;
    readonly maxzoom: number;
    readonly fields: Readonly<Record<string, string>>;
  }>;
}

/** The `{z}/{x}/{y}` URL template of a source, absolute to the origin the client used. */
export function tileUrlTemplate(origin: string, source: TileSource): string {
  return `${origin}/tiles/${source.id}/{z}/{x}/{y}`;
}

export function tileJson(source: TileSource, origin: string, bounds: BBox): TileJson {
  const [west, south, east, north] = bounds;
  return {
    tilejson: "3.0.0",
    name: source.title,
    description: source.description,
    version: "1.0.0",
    attribution: source.attribution,
    scheme: "xyz",
    tiles: [tileUrlTemplate(origin, source)],
    minzoom: source.minzoom,
    maxzoom: source.maxzoom,
    bounds,
    center: [round6((west + east) / 2), round6((south + north) / 2), Math.max(source.minzoom, 6)],
    vector_layers: source.layers.map((layer) => ({
      id: layer.id,
      description: layer.description,
      minzoom: layer.minzoom,
      maxzoom: Math.min(layer.maxzoom, source.maxzoom),
      fields: layer.fields,
    })),
  };
}

/** The catalogue at /tiles: every source with its TileJSON and tile URLs. */
export function tileCatalog(origin: string) {
  return {
    tilesets: tileSources.map((source) => ({
      id: source.id,
      title: source.title,
      description: source.description,
      tilejson: `${origin}/tiles/${source.id}`,
      tiles: tileUrlTemplate(origin, source),
      minzoom: source.minzoom,
      maxzoom: source.maxzoom,
      layers: source.layers.map((layer) => layer.id),
    })),
  };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * The `metadata.json` of a tileset directory as tippecanoe writes it and GDAL's MVT driver reads it
 * (next to `{z}/{x}/{y}.pbf`, so GDAL asks for it when it opens a tile of this server): MBTiles metadata
 * with string values, the vector layers as a JSON string in `json`, and per-layer geometry types in
 * `tilestats` (GDAL's layer geometry type).
 */
export interface TilesetMetadata {
  readonly name: string;
  readonly description: string;
  readonly version: string;
  readonly attribution: string;
  readonly type: "overlay";
  readonly format: "pbf";
  readonly minzoom: string;
  readonly maxzoom: string;
  readonly bounds: string;
  readonly center: string;
  readonly json: string;
}

export function tilesetMetadata(source: TileSource, bounds: BBox): TilesetMetadata {
  const described = tileJson(source, "", bounds);
  return {
    name: source.id,
    description: source.description,
    version: described.version,
    attribution: source.attribution,
    type: "overlay",
    format: "pbf",
    minzoom: String(source.minzoom),
    maxzoom: String(source.maxzoom),
    bounds: bounds.join(","),
    center: described.center.join(","),
    json: JSON.stringify({
      vector_layers: described.vector_layers,
      tilestats: {
        layerCount: source.layers.length,
        layers: source.layers.map((layer) => ({
          layer: layer.id,
          geometry: layer.geometryType === "point" ? "Point" : "Polygon",
        })),
      },
    }),
  };
}
