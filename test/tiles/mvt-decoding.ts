import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";

/** A feature as @mapbox/vector-tile reads it back: type 1 point, 2 line, 3 polygon; tile coordinates. */
export interface DecodedFeature {
  readonly id: number | undefined;
  readonly type: number;
  readonly properties: Record<string, string | number | boolean>;
  readonly rings: Array<Array<[number, number]>>;
}

export interface DecodedLayer {
  readonly extent: number;
  readonly version: number;
  readonly features: DecodedFeature[];
}

/** Decodes a tile; features sorted by id (then by first vertex) so two encodings can be compared. */
export function decodeTile(bytes: Uint8Array): Record<string, DecodedLayer> {
  const tile = new VectorTile(new PbfReader(bytes));
  const layers: Record<string, DecodedLayer> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: DecodedFeature[] = [];
    for (let index = 0; index < layer.length; index++) {
      const feature = layer.feature(index);
      features.push({
        id: feature.id,
        type: feature.type,
        properties: { ...feature.properties },
        rings: feature
          .loadGeometry()
          .map((ring) => ring.map((point) => [point.x, point.y] as [number, number])),
      });
    }
    features.sort((a, b) => (a.id ?? 0) - (b.id ?? 0) || compareFirstVertex(a, b));
    layers[name] = { extent: layer.extent, version: layer.version, features };
  }
  return layers;
}

function compareFirstVertex(a: DecodedFeature, b: DecodedFeature): number {
  const [ax = 0, ay = 0] = a.rings[0]?.[0] ?? [];
  const [bx = 0, by = 0] = b.rings[0]?.[0] ?? [];
  return ax - bx || ay - by;
}

/** Signed area by the surveyor's formula over the ring's vertices (closing edge included). */
export function ringArea(ring: ReadonlyArray<readonly [number, number]>): number {
  let sum = 0;
  for (let index = 0; index < ring.length; index++) {
    const [x1, y1] = ring[index] ?? [0, 0];
    const [x2, y2] = ring[(index + 1) % ring.length] ?? [0, 0];
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

/** Rings rotated to start at their smallest vertex, closing vertex dropped: encoders may start anywhere. */
export function normalizedRings(feature: DecodedFeature): string[] {
  return feature.rings
    .map((ring) => {
      const open =
        ring.length > 1 && ring[0]?.[0] === ring.at(-1)?.[0] && ring[0]?.[1] === ring.at(-1)?.[1]
          ? ring.slice(0, -1)
          : ring;
      let start = 0;
      open.forEach(([x, y], index) => {
        const [sx = 0, sy = 0] = open[start] ?? [];
        if (x < sx || (x === sx && y < sy)) start = index;
      });
      return JSON.stringify([...open.slice(start), ...open.slice(0, start)]);
    })
    .sort();
}

export function boundingBox(feature: DecodedFeature): [number, number, number, number] {
  const points = feature.rings.flat();
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
