import { describe, expect, it } from "vitest";
import { TileCache } from "../../server/tiles/tile-cache.js";
import { tagScope } from "../../server/tiles/tile-service.js";

const tile = (bytes: number) => ({ raw: new Uint8Array(bytes) });
/** Each entry is its bytes plus a 200-byte allowance (see tile-cache.ts). */
const ENTRY = 200;

describe("TileCache", () => {
  it("returns what it holds for the current version only", () => {
    const cache = new TileCache(10_000);
    cache.useVersion("a:1");
    cache.set("a:1", "buildings/0/0/0", tile(10));
    expect(cache.get("a:1", "buildings/0/0/0")?.raw.length).toBe(10);
    expect(cache.get("a:2", "buildings/0/0/0")).toBeUndefined();
    // A tile made from an older version is not stored once the cache has moved on.
    cache.useVersion("a:2");
    expect(cache.size).toBe(0);
    cache.set("a:1", "buildings/0/0/0", tile(10));
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("evicts the least recently used tiles to stay within its byte budget", () => {
    const cache = new TileCache(3 * (1000 + ENTRY));
    cache.useVersion("v");
    cache.set("v", "a", tile(1000));
    cache.set("v", "b", tile(1000));
    cache.set("v", "c", tile(1000));
    expect(cache.size).toBe(3);
    cache.get("v", "a"); // a is now the most recently used
    cache.set("v", "d", tile(1000));
    expect(cache.get("v", "b")).toBeUndefined();
    expect(["a", "c", "d"].map((key) => cache.get("v", key) !== undefined)).toEqual([true, true, true]);
    expect(cache.bytes).toBe(3 * (1000 + ENTRY));
    // Gzipped bytes count too: adding them to "c" pushes out the oldest ("a" after the reads above).
    const entry = cache.get("v", "c");
    if (!entry) throw new Error("c was evicted");
    cache.addGzipped("v", "c", entry, new Uint8Array(500));
    expect(cache.get("v", "c")?.gzipped?.length).toBe(500);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.size).toBe(2);
  });

  it("never holds a tile larger than the whole budget", () => {
    const cache = new TileCache(1000);
    cache.useVersion("v");
    cache.set("v", "huge", tile(5000));
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("puts read scopes into entity tags without commas, long unit lists as a hash", () => {
    expect(tagScope("all")).toBe("all");
    expect(tagScope("r:230227")).toBe("r:230227");
    expect(tagScope("u:7,9")).toBe("u:7.9");
    const many = `u:${Array.from({ length: 40 }, (_, index) => index + 100).join(",")}`;
    const fewer = `u:${Array.from({ length: 39 }, (_, index) => index + 100).join(",")}`;
    expect(tagScope(many)).toMatch(/^h[0-9a-f]{24}$/);
    expect(tagScope(many)).toBe(tagScope(many));
    expect(tagScope(many)).not.toBe(tagScope(fewer));
  });
});
