import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { Areal, Position } from "../geojson.js";
import type { Random } from "../random.js";

const OUTSIDE = -1;
const BOUNDARY = -2;
/** Widens each edge piece's box so a vertex on a cell line also marks the cell on its other side. */
const EPSILON = 1e-9;

/**
 * Answers "which region holds this point?" quickly for real county polygons with thousands of vertices.
 * A grid of square cells (degrees) is classified once: cells no boundary edge touches are wholly inside
 * one region (or outside all), so only the few cells an edge crosses need a point-in-polygon test.
 */
export class RegionGrid {
  readonly #codes: string[];
  readonly #polygons: Areal[];
  readonly #minLng: number;
  readonly #minLat: number;
  readonly #columns: number;
  readonly #rows: number;
  /** Per cell: a region index (wholly inside it), OUTSIDE, or BOUNDARY (see #candidates). */
  readonly #state: Int32Array;
  readonly #candidates = new Map<number, number[]>();
  /** Per boundary cell: the edges that touch it, flat as [ax, ay, bx, by, …]. */
  readonly #edges = new Map<number, number[]>();
  /** Cells that touch at least one region, for uniform sampling by area (in degrees²). */
  readonly #landCells: Int32Array;

  constructor(
    regions: ReadonlyMap<string, Areal>,
    private readonly cellDegrees = 0.005,
  ) {
    this.#codes = [...regions.keys()];
    this.#polygons = [...regions.values()];
    const rings = this.#polygons.map(ringsOf);
    let [minLng, minLat, maxLng, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of rings.flat()) {
      for (const [lng, lat] of ring as number[][]) {
        minLng = Math.min(minLng, lng as number);
        maxLng = Math.max(maxLng, lng as number);
        minLat = Math.min(minLat, lat as number);
        maxLat = Math.max(maxLat, lat as number);
      }
    }
    if (!Number.isFinite(minLng)) throw new Error("RegionGrid needs at least one region polygon");
    this.#minLng = minLng - cellDegrees;
    this.#minLat = minLat - cellDegrees;
    this.#columns = Math.ceil((maxLng - this.#minLng) / cellDegrees) + 2;
    this.#rows = Math.ceil((maxLat - this.#minLat) / cellDegrees) + 2;
    this.#state = new Int32Array(this.#columns * this.#rows).fill(OUTSIDE);
    rings.forEach((regionRings, region) => {
      for (const ring of regionRings) this.#markBoundary(ring, region);
    });
    rings.forEach((regionRings, region) => {
      this.#fillInterior(regionRings, region);
    });
    const land: number[] = [];
    this.#state.forEach((state, cell) => {
      if (state !== OUTSIDE) land.push(cell);
    });
    this.#landCells = Int32Array.from(land);
  }

  /** The code of the region containing the position, or null outside all of them. */
  regionAt(position: Position): string | null {
    const cell = this.#cellOf(position[0] as number, position[1] as number);
    if (cell < 0) return null;
    const state = this.#state[cell] as number;
    if (state >= 0) return this.#codes[state] ?? null;
    if (state === OUTSIDE) return null;
    for (const region of this.#candidates.get(cell) ?? []) {
      if (booleanPointInPolygon(position, this.#polygons[region] as Areal))
        return this.#codes[region] ?? null;
    }
    return null;
  }

  /**
   * The code of the one region wholly containing a small closed ring (a footprint), or null: every
   * vertex inside it and no region edge crossing or touching any side.
   */
  regionContaining(ring: readonly Position[]): string | null {
    const first = ring[0];
    if (first === undefined) return null;
    const code = this.regionAt(first);
    if (code === null) return null;
    const region = this.#codes.indexOf(code);
    let [minLng, minLat, maxLng, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const position of ring) {
      if (position !== first && this.regionAt(position) !== code) return null;
      minLng = Math.min(minLng, position[0] as number);
      maxLng = Math.max(maxLng, position[0] as number);
      minLat = Math.min(minLat, position[1] as number);
      maxLat = Math.max(maxLat, position[1] as number);
    }
    const [c0, c1, r0, r1] = this.#cellRange(minLng, minLat, maxLng, maxLat);
    for (let row = r0; row <= r1; row++) {
      for (let column = c0; column <= c1; column++) {
        const cell = row * this.#columns + column;
        if (this.#state[cell] === region) continue;
        const edges = this.#edges.get(cell);
        if (edges !== undefined && ringCrosses(ring, edges)) return null;
      }
    }
    return code;
  }

  /** A uniform point in a cell touching some region; callers check `regionAt` (boundary cells spill out). */
  randomLandPoint(random: Random): Position {
    const cell = this.#landCells[Math.floor(random.next() * this.#landCells.length)] as number;
    const column = cell % this.#columns;
    const row = Math.floor(cell / this.#columns);
    return [
      this.#minLng + (column + random.next()) * this.cellDegrees,
      this.#minLat + (row + random.next()) * this.cellDegrees,
    ];
  }

  /** The centre of the region's interior cells nearest to their mean: a stand-in for a county seat. */
  interiorCentre(code: string): Position | null {
    const region = this.#codes.indexOf(code);
    let [sumX, sumY, count] = [0, 0, 0];
    this.#state.forEach((state, cell) => {
      if (state !== region) return;
      sumX += cell % this.#columns;
      sumY += Math.floor(cell / this.#columns);
      count++;
    });
    if (count === 0) return null;
    const [meanX, meanY] = [sumX / count, sumY / count];
    let [best, bestDistance] = [-1, Infinity];
    this.#state.forEach((state, cell) => {
      if (state !== region) return;
      const distance =
        ((cell % this.#columns) - meanX) ** 2 + (Math.floor(cell / this.#columns) - meanY) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [cell, distance];
    });
    return [
      this.#minLng + ((best % this.#columns) + 0.5) * this.cellDegrees,
      this.#minLat + (Math.floor(best / this.#columns) + 0.5) * this.cellDegrees,
    ];
  }

  #cellOf(lng: number, lat: number): number {
    const column = Math.floor((lng - this.#minLng) / this.cellDegrees);
    const row = Math.floor((lat - this.#minLat) / this.cellDegrees);
    if (column < 0 || row < 0 || column >= this.#columns || row >= this.#rows) return -1;
    return row * this.#columns + column;
  }

  /** Marks every cell an edge may touch: each edge is cut into pieces shorter than half a cell. */
  #markBoundary(ring: readonly Position[], region: number): void {
    for (let index = 1; index < ring.length; index++) {
      const [ax, ay] = ring[index - 1] as [number, number];
      const [bx, by] = ring[index] as [number, number];
      const pieces = Math.max(
        1,
        Math.ceil(Math.max(Math.abs(bx - ax), Math.abs(by - ay)) / (this.cellDegrees / 2)),
      );
      for (let piece = 0; piece < pieces; piece++) {
        const [x0, y0] = [ax + ((bx - ax) * piece) / pieces, ay + ((by - ay) * piece) / pieces];
        const [x1, y1] = [ax + ((bx - ax) * (piece + 1)) / pieces, ay + ((by - ay) * (piece + 1)) / pieces];
        const [c0, c1, r0, r1] = this.#cellRange(
          Math.min(x0, x1),
          Math.min(y0, y1),
          Math.max(x0, x1),
          Math.max(y0, y1),
        );
        for (let row = r0; row <= r1; row++) {
          for (let column = c0; column <= c1; column++) {
            const cell = row * this.#columns + column;
            this.#addCandidate(cell, region);
            const edges = this.#edges.get(cell);
            if (edges === undefined) this.#edges.set(cell, [ax, ay, bx, by]);
            else if (edges.at(-4) !== ax || edges.at(-3) !== ay) edges.push(ax, ay, bx, by);
          }
        }
      }
    }
  }

  /** Columns and rows of the cells a box touches, clamped to the grid. */
  #cellRange(
    minLng: number,
    minLat: number,
    maxLng: number,
    maxLat: number,
  ): [number, number, number, number] {
    const column = (lng: number) =>
      Math.min(this.#columns - 1, Math.max(0, Math.floor((lng - this.#minLng) / this.cellDegrees)));
    const row = (lat: number) =>
      Math.min(this.#rows - 1, Math.max(0, Math.floor((lat - this.#minLat) / this.cellDegrees)));
    return [column(minLng - EPSILON), column(maxLng + EPSILON), row(minLat - EPSILON), row(maxLat + EPSILON)];
  }

  #addCandidate(cell: number, region: number): void {
    const list = this.#candidates.get(cell);
    if (list === undefined) {
      this.#candidates.set(cell, [region]);
      this.#state[cell] = BOUNDARY;
    } else if (!list.includes(region)) {
      list.push(region);
    }
  }

  /** Scan lines through cell centres (even-odd rule, so holes and multipolygons work). */
  #fillInterior(rings: ReadonlyArray<readonly Position[]>, region: number): void {
    let [minLat, maxLat] = [Infinity, -Infinity];
    for (const ring of rings) {
      for (const position of ring) {
        minLat = Math.min(minLat, position[1] as number);
        maxLat = Math.max(maxLat, position[1] as number);
      }
    }
    const firstRow = Math.floor((minLat - this.#minLat) / this.cellDegrees);
    const lastRow = Math.floor((maxLat - this.#minLat) / this.cellDegrees);
    for (let row = firstRow; row <= lastRow; row++) {
      const y = this.#minLat + (row + 0.5) * this.cellDegrees;
      const crossings: number[] = [];
      for (const ring of rings) {
        for (let index = 1; index < ring.length; index++) {
          const [ax, ay] = ring[index - 1] as [number, number];
          const [bx, by] = ring[index] as [number, number];
          if (ay <= y !== by <= y) crossings.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
        }
      }
      crossings.sort((a, b) => a - b);
      for (let pair = 0; pair + 1 < crossings.length; pair += 2) {
        const from = Math.ceil(((crossings[pair] as number) - this.#minLng) / this.cellDegrees - 0.5);
        const to = Math.floor(((crossings[pair + 1] as number) - this.#minLng) / this.cellDegrees - 0.5);
        for (let column = from; column <= to; column++) this.#claim(row * this.#columns + column, region);
      }
    }
  }

  /** A cell whose centre lies in the region: wholly inside unless an edge touches it or regions overlap. */
  #claim(cell: number, region: number): void {
    const state = this.#state[cell] as number;
    if (state === OUTSIDE) this.#state[cell] = region;
    else if (state === BOUNDARY) this.#addCandidate(cell, region);
    else if (state !== region) {
      this.#state[cell] = OUTSIDE;
      this.#addCandidate(cell, state);
      this.#addCandidate(cell, region);
    }
  }
}

/** Whether any side of the ring meets any of the flat-listed edges (touching counts). */
function ringCrosses(ring: readonly Position[], edges: readonly number[]): boolean {
  for (let side = 1; side < ring.length; side++) {
    const [px, py] = ring[side - 1] as [number, number];
    const [qx, qy] = ring[side] as [number, number];
    for (let index = 0; index < edges.length; index += 4) {
      const cx = edges[index] as number;
      const cy = edges[index + 1] as number;
      const dx = edges[index + 2] as number;
      const dy = edges[index + 3] as number;
      if (segmentsMeet(px, py, qx, qy, cx, cy, dx, dy)) return true;
    }
  }
  return false;
}

function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

/** Segment intersection by orientations; touching and collinear overlaps count. */
function segmentsMeet(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const o1 = orientation(ax, ay, bx, by, cx, cy);
  const o2 = orientation(ax, ay, bx, by, dx, dy);
  const o3 = orientation(cx, cy, dx, dy, ax, ay);
  const o4 = orientation(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) ||
    (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) ||
    (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) ||
    (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by))
  );
}

function ringsOf(areal: Areal): Position[][] {
  return areal.type === "Polygon" ? areal.coordinates : areal.coordinates.flat();
}
