import fc from "fast-check";
import type { Polygon, Position } from "geojson";
import { describe, expect, it } from "vitest";
import { nearestWithin } from "../../client/map/draw-tool.js";
import {
  boundaryVertices,
  OVERSCALE_BUFFER,
  onTileClipEdge,
  TILE_BUFFER,
  TILE_EXTENT,
  tileUnits,
  vertices,
} from "../../client/map/snap-candidates.js";
import * as server from "../../server/tiles/tile-address.js";

/** The longitude/latitude of tile units (u, v) in tile (x, y) at zoom z: what MapLibre's toGeoJSON does. */
function fromTile(z: number, x: number, y: number, u: number, v: number): Position {
  const size = TILE_EXTENT * 2 ** z;
  const lng = ((x * TILE_EXTENT + u) / size) * 360 - 180;
  const y2 = 180 - ((y * TILE_EXTENT + v) * 360) / size;
  return [lng, (360 / Math.PI) * Math.atan(Math.exp((y2 * Math.PI) / 180)) - 90];
}

// The z14 tile over Harbin's Nangang district (from the workbench at zoom 14).
const tile = { z: 14, x: 13956, y: 5844 };
const at = (u: number, v: number) => fromTile(tile.z, tile.x, tile.y, u, v);

/** A county outline on one z14 tile as MapLibre hands it over: cut at the overscale buffer square. */
const county: Polygon = {
  type: "Polygon",
  coordinates: [
    [
      at(-OVERSCALE_BUFFER, 1000),
      at(1200, 1400), // a real corner of the boundary
      at(2600, 900), // another
      at(TILE_EXTENT + OVERSCALE_BUFFER, 1700),
      at(TILE_EXTENT + OVERSCALE_BUFFER, TILE_EXTENT + OVERSCALE_BUFFER),
      at(-OVERSCALE_BUFFER, TILE_EXTENT + OVERSCALE_BUFFER),
      at(-OVERSCALE_BUFFER, 1000),
    ],
  ],
};

const same = (a: Position, b: Position) =>
  Math.abs((a[0] ?? 0) - (b[0] ?? 0)) < 1e-12 && Math.abs((a[1] ?? 0) - (b[1] ?? 0)) < 1e-12;

describe("snapping to region boundaries", () => {
  it("uses the tile grid the server encodes with", () => {
    expect(TILE_EXTENT).toBe(server.TILE_EXTENT);
    expect(TILE_BUFFER).toBe(server.TILE_BUFFER);
  });

  it("offers the boundary's corners, not the vertices where the tile cut it", () => {
    const offered = boundaryVertices([county], tile.z);
    expect(offered).toHaveLength(2);
    expect(same(offered[0] as Position, at(1200, 1400))).toBe(true);
    expect(same(offered[1] as Position, at(2600, 900))).toBe(true);
  });

  it("drops the server's own cuts (64 units out) on tiles it served, and offers a shared corner once", () => {
    const served: Polygon = {
      type: "Polygon",
      coordinates: [
        [
          fromTile(11, 1744, 730, -TILE_BUFFER, 500),
          fromTile(11, 1744, 730, 300, 700),
          fromTile(11, 1744, 730, 900, TILE_EXTENT + TILE_BUFFER),
          fromTile(11, 1744, 730, -TILE_BUFFER, 500),
        ],
      ],
    };
    const neighbour: Polygon = {
      type: "Polygon",
      coordinates: [
        [
          fromTile(11, 1744, 730, 300, 700),
          fromTile(11, 1744, 730, 3000, 3000),
          fromTile(11, 1744, 730, 3100, 200),
          fromTile(11, 1744, 730, 300, 700),
        ],
      ],
    };
    expect(boundaryVertices([served, neighbour], 11)).toHaveLength(3);
  });

  it("tells cuts from corners for any position on the tile grid", () => {
    const cuts = [TILE_BUFFER, OVERSCALE_BUFFER].flatMap((buffer) => [-buffer, TILE_EXTENT + buffer]);
    const inner = fc.integer({ min: OVERSCALE_BUFFER + 2, max: TILE_EXTENT - OVERSCALE_BUFFER - 2 });
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 18 }), inner, inner, (z, u, v) => {
        const x = 2 ** (z - 1) + 3;
        const y = 2 ** (z - 2) + 1;
        expect(onTileClipEdge(fromTile(z, x, y, u, v), z)).toBe(false);
        for (const cut of cuts) {
          expect(onTileClipEdge(fromTile(z, x, y, cut, v), z)).toBe(true);
          expect(onTileClipEdge(fromTile(z, x, y, u, cut), z)).toBe(true);
        }
      }),
    );
  });

  it("converts to tile units and back", () => {
    const [u, v] = tileUnits(at(1200, 1400), tile.z);
    expect(u - tile.x * TILE_EXTENT).toBeCloseTo(1200, 6);
    expect(v - tile.y * TILE_EXTENT).toBeCloseTo(1400, 6);
  });

  it("takes every corner of lines and polygons once per ring", () => {
    expect(
      vertices({
        type: "LineString",
        coordinates: [
          [1, 2],
          [3, 4],
        ],
      }),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(vertices({ type: "MultiLineString", coordinates: [[[1, 2]], [[3, 4]]] })).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(vertices(county)).toHaveLength(6);
    expect(vertices({ type: "Point", coordinates: [1, 2] })).toEqual([]);
  });

  it("snaps to the nearest corner within the pixel limit, a boundary corner as well as a building's", () => {
    const corner = at(1200, 1400);
    const building: Position = [126.7, 45.76];
    const candidates = [
      { x: 104, y: 100, position: building },
      { x: 101, y: 102, position: corner },
    ];
    expect(nearestWithin({ x: 100, y: 100 }, candidates, 10)).toBe(corner);
    expect(nearestWithin({ x: 120, y: 120 }, candidates, 10)).toBeUndefined();
  });
});
