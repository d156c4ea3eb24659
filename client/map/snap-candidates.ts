import type { Geometry, Position } from "geojson";

// What a drawn vertex may snap to besides building corners: the corners of the county and prefecture
// boundaries on screen. The boundaries come from the regions vector tiles (queryRenderedFeatures),
// whose polygons are cut at each tile's buffered square: the vertices on those cuts are not on any
// real boundary and must not attract the cursor. Measured with MapLibre 6.17: features come in the
// tiles of the map's whole zoom (floor), also beyond the source's maxzoom (12), where MapLibre slices
// the deepest tile into the deeper ones with a buffer of its own, 128 units; at building zooms most
// vertices of a county's outline on screen are such cuts.

/** Map layers drawing the region boundaries at every zoom a district is drawn at (map-style.ts). */
export const REGION_SNAP_LAYERS = ["counties-line", "prefectures-line"] as const;
/** Tile grid of Fangtu's vector tiles (server/tiles/tile-address.ts: TILE_EXTENT, TILE_BUFFER). */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
/** The buffer MapLibre cuts overscaled tiles with (tile units, measured). */
export const OVERSCALE_BUFFER = 128;
const CUTS = [TILE_BUFFER, OVERSCALE_BUFFER].flatMap((buffer) => [buffer, TILE_EXTENT - buffer]);

/** Web Mercator position of a longitude/latitude in tile units at zoom `z` (x east, y south). */
export function tileUnits([lng = 0, lat = 0]: Position, z: number): [number, number] {
  const scale = 2 ** z * TILE_EXTENT;
  const sin = Math.sin((lat * Math.PI) / 180);
  return [((lng + 180) / 360) * scale, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale];
}

/**
 * Whether a vertex of a tile's feature lies on a tile's clip square (TILE_BUFFER or OVERSCALE_BUFFER
 * outside the tile, on either axis, to within a unit): a cut, not a corner of the boundary. A real
 * vertex falls on those lines in about 12 of 4096 positions per axis, and is then merely not offered.
 */
export function onTileClipEdge(position: Position, tileZoom: number): boolean {
  const onCut = (units: number) => {
    const within = ((units % TILE_EXTENT) + TILE_EXTENT) % TILE_EXTENT;
    return CUTS.some((cut) => Math.abs(within - cut) <= 1);
  };
  const [x, y] = tileUnits(position, tileZoom);
  return onCut(x) || onCut(y);
}

/** Every vertex of a line or polygon geometry (rings' closing positions once). */
export function vertices(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case "LineString":
      return geometry.coordinates;
    case "MultiLineString":
      return geometry.coordinates.flat();
    case "Polygon":
      return geometry.coordinates.flatMap((ring) => ring.slice(0, -1));
    case "MultiPolygon":
      return geometry.coordinates.flatMap((polygon) => polygon.flatMap((ring) => ring.slice(0, -1)));
    default:
      return [];
  }
}

/**
 * The corners of the region boundaries in rendered tile features (from tiles of zoom `tileZoom`),
 * without the tiles' clip vertices, each once (a boundary shared by two counties is in both).
 */
export function boundaryVertices(geometries: readonly Geometry[], tileZoom: number): Position[] {
  const seen = new Set<string>();
  const result: Position[] = [];
  for (const geometry of geometries)
    for (const position of vertices(geometry)) {
      const key = `${position[0]},${position[1]}`;
      if (seen.has(key) || onTileClipEdge(position, tileZoom)) continue;
      seen.add(key);
      result.push(position);
    }
  return result;
}
