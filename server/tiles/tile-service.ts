import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { type Kysely, sql } from "kysely";
import type { DatabaseMode } from "../db/database.js";
import type { Database } from "../db/schema.js";
import { type ReadScope, readScopeKey } from "../domain/auth/access.js";
import type { BBox } from "../domain/geojson.js";
import type { TileAddress } from "./tile-address.js";
import { readTileDataState, refreshTileAggregates, type TileDataState } from "./tile-aggregates.js";
import { TileCache } from "./tile-cache.js";
import { chooseTileEncoder, type TileEncoder } from "./tile-encoder.js";
import { layersAt, type TileSource } from "./tile-layer.js";

const gzipAsync = promisify(gzip);

/** Default cache budget: raw and gzipped bytes together (a busy tile is 10–100 KB). */
export const DEFAULT_TILE_CACHE_BYTES = 64 * 1024 * 1024;

/** Bounds served when the database has no regions yet (the Web Mercator world). */
const WORLD: BBox = [-180, -85.051129, 180, 85.051129];
/** Scope keys longer than this (units supervising many others) enter ETags as a hash. */
const MAX_TAG_SCOPE_LENGTH = 48;

export interface TileServiceOptions {
  /** Budget of the in-process tile cache (default DEFAULT_TILE_CACHE_BYTES). */
  readonly cacheBytes?: number;
}

export interface EncodedTile {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly gzipped: boolean;
}

/**
 * Makes tiles: checks the data version, serves from the in-process cache, refreshes stale
 * aggregates before a tile that reads them, encodes and gzips. One per app. A tile is made for a
 * read scope: the cache key and the ETag carry the scope's key, so no reader is served (or told to
 * keep) a tile made for another scope.
 */
export class TileService {
  readonly cache: TileCache;
  #encoder: Promise<TileEncoder> | undefined;
  #refreshing: Promise<unknown> | undefined;
  #bounds: { readonly version: string; readonly value: Promise<BBox> } | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly mode: DatabaseMode,
    options: TileServiceOptions = {},
  ) {
    this.cache = new TileCache(options.cacheBytes ?? DEFAULT_TILE_CACHE_BYTES);
  }

  encoder(): Promise<TileEncoder> {
    this.#encoder ??= chooseTileEncoder(this.db, this.mode);
    return this.#encoder;
  }

  /** The current data state; a new version empties the cache. */
  async state(): Promise<TileDataState> {
    const state = await readTileDataState(this.db);
    this.cache.useVersion(versionKey(state));
    return state;
  }

  /** Strong validator of one tile's content for a data version and scope (gzipped: "-gzip" added). */
  etag(state: TileDataState, scope: ReadScope, source: TileSource, { z, x, y }: TileAddress): string {
    return `"${state.epoch}-${state.version}-${tagScope(readScopeKey(scope))}-${source.id}-${z}-${x}-${y}"`;
  }

  async tile(
    state: TileDataState,
    scope: ReadScope,
    source: TileSource,
    tile: TileAddress,
    gzip: boolean,
  ): Promise<EncodedTile> {
    const version = versionKey(state);
    const key = `${readScopeKey(scope)}|${source.id}/${tile.z}/${tile.x}/${tile.y}`;
    let entry = this.cache.get(version, key);
    if (!entry) {
      const layers = layersAt(source, tile.z);
      if (state.aggregatesVersion !== state.version && layers.some((layer) => layer.usesAggregates)) {
        await this.refreshAggregates();
      }
      const encoder = await this.encoder();
      entry = { raw: await encoder.encode(this.db, tile, layers, scope) };
      this.cache.set(version, key, entry);
    }
    // An empty tile stays empty: gzip would only add its 20-byte header.
    if (!gzip || entry.raw.length === 0) return { bytes: entry.raw, gzipped: false };
    if (!entry.gzipped)
      this.cache.addGzipped(version, key, entry, new Uint8Array(await gzipAsync(entry.raw)));
    return { bytes: entry.gzipped ?? entry.raw, gzipped: entry.gzipped !== undefined };
  }

  /** Rebuilds stale aggregates; concurrent callers in this process share one rebuild. */
  refreshAggregates(): Promise<unknown> {
    this.#refreshing ??= refreshTileAggregates(this.db).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** The extent of the regions (the province), for TileJSON `bounds`; computed once per data version. */
  bounds(state: TileDataState): Promise<BBox> {
    const version = versionKey(state);
    if (this.#bounds?.version !== version) {
      this.#bounds = { version, value: this.#queryBounds() };
    }
    return this.#bounds.value;
  }

  async #queryBounds(): Promise<BBox> {
    const { rows } = await sql<{ west: number | null; south: number; east: number; north: number }>`
      select st_xmin(e) as west, st_ymin(e) as south, st_xmax(e) as east, st_ymax(e) as north
      from (select st_extent(geom)::geometry as e from regions where geom is not null) extent`.execute(
      this.db,
    );
    const row = rows[0];
    if (!row || row.west === null) return WORLD;
    const round = (value: number, outward: (value: number) => number) => outward(value * 1e6) / 1e6;
    return [
      round(row.west, Math.floor),
      round(row.south, Math.floor),
      round(row.east, Math.ceil),
      round(row.north, Math.ceil),
    ];
  }
}

function versionKey(state: TileDataState): string {
  return `${state.epoch}:${state.version}`;
}

/**
 * A scope key as part of an entity tag: commas separate tags in If-None-Match, so they become dots
 * (keys hold none); a long key becomes `h` and a SHA-256 prefix (keys never start with `h`).
 */
export function tagScope(key: string): string {
  const plain = key.replaceAll(",", ".");
  if (plain.length <= MAX_TAG_SCOPE_LENGTH) return plain;
  return `h${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}
