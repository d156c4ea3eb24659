import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { Areal, Point, Polygon, Position } from "../geojson.js";
import type { Random } from "../random.js";

const METERS_PER_DEGREE_LAT = 111_320;

/** Offsets a [lng, lat] position by metres east and north (local flat approximation, fine below ~10 km). */
export function offsetMeters([lng, lat]: Position, east: number, north: number): Position {
  const metersPerDegreeLng = METERS_PER_DEGREE_LAT * Math.cos(((lat as number) * Math.PI) / 180);
  return [
    round7((lng as number) + east / metersPerDegreeLng),
    round7((lat as number) + north / METERS_PER_DEGREE_LAT),
  ];
}

/** A rectangle of width × depth metres centred on `center`, rotated by `angle` radians, closed ring. */
export function rectangle(center: Position, width: number, depth: number, angle = 0): Polygon {
  const corners: Array<[number, number]> = [
    [-width / 2, -depth / 2],
    [width / 2, -depth / 2],
    [width / 2, depth / 2],
    [-width / 2, depth / 2],
  ];
  const ring = corners.map(([x, y]) =>
    offsetMeters(
      center,
      x * Math.cos(angle) - y * Math.sin(angle),
      x * Math.sin(angle) + y * Math.cos(angle),
    ),
  );
  // Counter-clockwise exterior ring, as RFC 7946 asks.
  return { type: "Polygon", coordinates: [[...ring, ring[0] as Position]] };
}

export function point(position: Position): Point {
  return { type: "Point", coordinates: position };
}

function round7(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

/** Whether every vertex of the polygon lies inside the region. */
export function polygonInside(polygon: Polygon, region: Areal): boolean {
  return (polygon.coordinates[0] ?? []).every((vertex) => booleanPointInPolygon(vertex, region));
}

/**
 * Places sites on a grid of cells inside real region polygons so that no two sites overlap:
 * each accepted centre claims its cell, and candidates are drawn around an anchor.
 */
export class SitePlacer {
  readonly #taken = new Set<string>();

  constructor(
    private readonly regions: ReadonlyMap<string, Areal>,
    private readonly random: Random,
    private readonly cellMeters = 160,
  ) {}

  /** A free cell centre within `radius` metres of `anchor` and inside the region; throws if none is found. */
  place(regionCode: string, anchor: Position, radius: number): Position {
    const region = this.regions.get(regionCode);
    if (!region) throw new Error(`No polygon for region ${regionCode}`);
    for (let attempt = 0; attempt < 400; attempt++) {
      const spread = radius * Math.sqrt(this.random.next()) * (1 + attempt / 100);
      const bearing = this.random.between(0, 2 * Math.PI);
      const candidate = offsetMeters(anchor, spread * Math.cos(bearing), spread * Math.sin(bearing));
      const key = this.#cellKey(candidate);
      if (this.#taken.has(key)) continue;
      const center = this.#cellCenter(candidate);
      const margin = rectangle(center, this.cellMeters, this.cellMeters);
      if (!polygonInside(margin, region)) continue;
      this.#taken.add(key);
      return center;
    }
    throw new Error(`Could not place a site in region ${regionCode} near ${anchor.join(",")}`);
  }

  #cellIndex([lng, lat]: Position): [number, number] {
    const y = Math.floor(((lat as number) * METERS_PER_DEGREE_LAT) / this.cellMeters);
    // Columns use a fixed latitude (46°N) so cells stay aligned across the province.
    const x = Math.floor(
      ((lng as number) * METERS_PER_DEGREE_LAT * Math.cos((46 * Math.PI) / 180)) / this.cellMeters,
    );
    return [x, y];
  }

  #cellKey(position: Position): string {
    return this.#cellIndex(position).join(":");
  }

  #cellCenter(position: Position): Position {
    const [x, y] = this.#cellIndex(position);
    const lat = ((y + 0.5) * this.cellMeters) / METERS_PER_DEGREE_LAT;
    const lng = ((x + 0.5) * this.cellMeters) / (METERS_PER_DEGREE_LAT * Math.cos((46 * Math.PI) / 180));
    return [round7(lng), round7(lat)];
  }
}
