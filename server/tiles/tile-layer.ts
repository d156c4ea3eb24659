import type { Expression, RawBuilder } from "kysely";
import type { ReadScope } from "../domain/auth/access.js";
import type { TileAddress } from "./tile-address.js";

/** TileJSON `vector_layers[].fields` types. */
export type FieldType = "Number" | "String" | "Boolean";

/** Turns a geometry in EPSG:3857 into tile coordinates (y down, 0..extent), clipped to the buffer. */
export type TileGeometry = (geometry: Expression<unknown>) => RawBuilder<unknown>;

/**
 * One layer of a tile source. `query` returns a select with `feature_id` (integer or null), `geom`
 * (already in tile coordinates through the given TileGeometry; null rows are dropped) and one column
 * per field, typed so both encoders agree: int/bigint, double precision, text or boolean. It holds
 * only what `scope` may read: records of other regions or units, and figures counting them, stay out.
 */
export interface TileLayer {
  readonly id: string;
  readonly description: string;
  readonly geometryType: "point" | "polygon";
  readonly minzoom: number;
  /** Last zoom with this layer; the layer that reaches its source's maxzoom goes on to every deeper zoom. */
  readonly maxzoom: number;
  /** Reads the precomputed aggregates, which must be fresh for the current data version. */
  readonly usesAggregates: boolean;
  readonly fields: Readonly<Record<string, FieldType>>;
  readonly query: (tile: TileAddress, geometry: TileGeometry, scope: ReadScope) => RawBuilder<unknown>;
}

export interface TileSource {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly attribution: string;
  readonly minzoom: number;
  readonly maxzoom: number;
  readonly layers: readonly TileLayer[];
}

/** The layers of `source` present in tiles of zoom z. */
export function layersAt(source: TileSource, z: number): TileLayer[] {
  return source.layers.filter(
    (layer) => z >= layer.minzoom && (z <= layer.maxzoom || layer.maxzoom >= source.maxzoom),
  );
}
