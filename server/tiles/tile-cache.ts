/** A cached tile: its MVT bytes and, once a client asked for it, the gzipped bytes. */
export interface CachedTile {
  readonly raw: Uint8Array<ArrayBuffer>;
  gzipped?: Uint8Array<ArrayBuffer>;
}

/**
 * A least-recently-used cache of tiles bounded by bytes, for one data version at a time: moving to
 * another version empties it, so no tile of older data is ever served from it.
 */
export class TileCache {
  readonly #entries = new Map<string, CachedTile>();
  #bytes = 0;
  #version: string | undefined;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Empties the cache when `version` differs from the one its tiles were made from. */
  useVersion(version: string): void {
    if (this.#version === version) return;
    this.#entries.clear();
    this.#bytes = 0;
    this.#version = version;
  }

  get(version: string, key: string): CachedTile | undefined {
    if (version !== this.#version) return undefined;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting marks the entry as the most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /** Stores a tile made from `version`; dropped when the cache has moved on to another version. */
  set(version: string, key: string, entry: CachedTile): void {
    if (version !== this.#version) return;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= sizeOf(previous);
    }
    if (sizeOf(entry) > this.maxBytes) return;
    this.#entries.set(key, entry);
    this.#bytes += sizeOf(entry);
    this.#evict();
  }

  /** Adds the gzipped bytes to an entry (counted when the cache still holds it). */
  addGzipped(version: string, key: string, entry: CachedTile, gzipped: Uint8Array<ArrayBuffer>): void {
    if (entry.gzipped) return;
    entry.gzipped = gzipped;
    if (version !== this.#version || this.#entries.get(key) !== entry) return;
    this.#bytes += gzipped.length;
    this.#evict();
  }

  #evict(): void {
    for (const [oldest, evicted] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= sizeOf(evicted);
    }
  }
}

function sizeOf(entry: CachedTile): number {
  // Key, object and map overhead are small next to the bytes; 200 is a fair allowance.
  return entry.raw.length + (entry.gzipped?.length ?? 0) + 200;
}
