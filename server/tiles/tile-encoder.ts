import Point from "@mapbox/point-geometry";
import {
  fromVectorTileJs,
  type VectorTileFeatureLike,
  type VectorTileLayerLike,
  type VectorTileLike,
} from "@maplibre/vt-pbf";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DatabaseMode } from "../db/database.js";
import type { Database } from "../db/schema.js";
import type { ReadScope } from "../domain/auth/access.js";
import type { Geometry, Position } from "../domain/geojson.js";
import { TILE_EXTENT, type TileAddress } from "./tile-address.js";
import { nativeTileGeometry, portableTileGeometry } from "./tile-geometry.js";
import type { TileLayer } from "./tile-layer.js";

/** Encoded tile bytes (never backed by a SharedArrayBuffer). */
export type TileBytes = Uint8Array<ArrayBuffer>;

/**
 * Turns the layers of one tile, as `scope` may read them, into MVT bytes; layers without features are
 * left out, as ST_AsMVT does.
 */
export interface TileEncoder {
  readonly name: "postgis" | "javascript";
  encode(
    db: Kysely<Database>,
    tile: TileAddress,
    layers: readonly TileLayer[],
    scope: ReadScope,
  ): Promise<TileBytes>;
}

/** The layer's rows with only its declared columns, so both encoders see the same properties. */
function layerRows(layer: TileLayer, source: RawBuilder<unknown>, geometry: RawBuilder<unknown>) {
  const fields = sql.join(Object.keys(layer.fields).map((field) => sql.ref(`q.${field}`)));
  return sql`select q.feature_id, ${geometry} as geom, ${fields}
    from (${source}) q where q.geom is not null`;
}

/** Server mode: ST_AsMVTGeom and ST_AsMVT, the tile is built inside PostgreSQL. */
export const postgisTileEncoder: TileEncoder = {
  name: "postgis",
  async encode(db, tile, layers, scope) {
    const parts: Uint8Array[] = [];
    for (const layer of layers) {
      const rows = layerRows(layer, layer.query(tile, nativeTileGeometry(tile), scope), sql`q.geom`);
      const { rows: result } = await sql<{ mvt: Uint8Array | null }>`
        select st_asmvt(l, ${layer.id}::text, ${sql.lit(TILE_EXTENT)}, 'geom', 'feature_id') as mvt
        from (${rows}) l`.execute(db);
      const bytes = result[0]?.mvt;
      if (bytes && bytes.length > 0) parts.push(bytes);
    }
    // A tile is a sequence of layer messages, so per-layer tiles concatenate into one.
    return concatenate(parts);
  },
};

/**
 * Tile geometry from SQL (PostGIS's ST_AsMVTGeom where it works, else the portable rebuild), MVT
 * encoding in JavaScript with @maplibre/vt-pbf. Embedded mode uses it: PGlite's PostGIS has no protobuf.
 */
export function javascriptTileEncoder(geometry: "native" | "portable"): TileEncoder {
  return {
    name: "javascript",
    async encode(db, tile, layers, scope) {
      const encoded: Record<string, VectorTileLayerLike> = {};
      for (const layer of layers) {
        const transform =
          geometry === "native" ? nativeTileGeometry(tile) : portableTileGeometry(tile, layer.geometryType);
        const rows = layerRows(layer, layer.query(tile, transform, scope), sql`st_asgeojson(q.geom)::json`);
        const { rows: result } = await sql<Record<string, unknown>>`${rows}`.execute(db);
        const features = result.flatMap((row) => {
          const feature = toFeature(row, Object.keys(layer.fields));
          return feature ? [feature] : [];
        });
        if (features.length > 0) encoded[layer.id] = featureLayer(layer.id, features);
      }
      const vectorTile: VectorTileLike = { layers: encoded };
      const bytes = fromVectorTileJs(vectorTile);
      return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}

/** The encoder for a database: ST_AsMVT when PostGIS has protobuf support, JavaScript otherwise. */
export async function chooseTileEncoder(db: Kysely<Database>, mode: DatabaseMode): Promise<TileEncoder> {
  if (mode === "embedded") return javascriptTileEncoder("portable");
  try {
    await sql`select st_asmvt(t) from (
      select st_asmvtgeom(st_setsrid(st_makepoint(0, 0), 3857), st_tileenvelope(0, 0, 0)) as geom) t`.execute(
      db,
    );
    return postgisTileEncoder;
  } catch (error) {
    if (error instanceof Error && /protobuf/i.test(error.message)) return javascriptTileEncoder("portable");
    throw error;
  }
}

function featureLayer(name: string, features: VectorTileFeatureLike[]): VectorTileLayerLike {
  return { version: 2, name, extent: TILE_EXTENT, length: features.length, feature: (i) => features[i]! };
}

function toFeature(
  row: Record<string, unknown>,
  fields: readonly string[],
): VectorTileFeatureLike | undefined {
  const shape = toShape(row.geom as Geometry);
  if (!shape) return undefined;
  const properties: Record<string, number | string | boolean> = {};
  for (const field of fields) {
    const value = row[field];
    if (value === null || value === undefined) continue;
    properties[field] =
      typeof value === "number" || typeof value === "string" || typeof value === "boolean"
        ? value
        : String(value);
  }
  const id = row.feature_id;
  return {
    type: shape.type,
    properties,
    // ST_AsMVT ignores negative and null ids; so does this.
    id: typeof id === "number" && Number.isSafeInteger(id) && id >= 0 ? id : undefined,
    extent: TILE_EXTENT,
    loadGeometry: () => shape.rings,
  };
}

/** MVT geometry type and command rings of a tile-coordinate GeoJSON geometry. */
function toShape(geometry: Geometry | null): { type: 1 | 2 | 3; rings: Point[][] } | undefined {
  if (!geometry) return undefined;
  const ring = (positions: Position[]) => positions.map(([x, y]) => new Point(x ?? 0, y ?? 0));
  switch (geometry.type) {
    case "Point":
      return { type: 1, rings: [ring([geometry.coordinates])] };
    case "MultiPoint":
      return { type: 1, rings: [ring(geometry.coordinates)] };
    case "LineString":
      return { type: 2, rings: [ring(geometry.coordinates)] };
    case "MultiLineString":
      return { type: 2, rings: geometry.coordinates.map(ring) };
    case "Polygon":
      return { type: 3, rings: geometry.coordinates.map(ring) };
    case "MultiPolygon":
      return { type: 3, rings: geometry.coordinates.flatMap((polygon) => polygon.map(ring)) };
    case "GeometryCollection":
      return undefined;
    default: {
      const unreachable: never = geometry;
      return unreachable;
    }
  }
}

function concatenate(parts: readonly Uint8Array[]): TileBytes {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
