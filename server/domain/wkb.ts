/**
 * Well-known binary (OGC Simple Features / ISO 19125) to and from GeoJSON geometries.
 *
 * Reads little- and big-endian WKB in its ISO (1000/2000/3000 type offsets) and PostGIS EWKB (high-bit flags)
 * dialects, dropping Z and M ordinates, since Fangtu's geometries are 2D WGS84. Writes 2D little-endian ISO WKB.
 */
import type { Geometry, Position } from "geojson";

/** Bytes that are not well-known binary, or that end too early. */
export class WkbError extends Error {
  override readonly name = "WkbError";
}

const WKB_TYPE = {
  Point: 1,
  LineString: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
  GeometryCollection: 7,
} as const;

type WkbTypeName = keyof typeof WKB_TYPE;

const TYPE_NAMES = new Map<number, WkbTypeName>(
  Object.entries(WKB_TYPE).map(([name, code]) => [code, name as WkbTypeName]),
);

// PostGIS EWKB marks extra dimensions and an embedded SRID in the high bits of the type word.
const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

/** Nested geometry collections deeper than this are refused rather than recursed into. */
const MAX_DEPTH = 32;

/** [minX, minY, maxX, maxY] of the coordinates, or undefined for an empty geometry. */
export type Envelope = [number, number, number, number];

/** Decodes one WKB geometry starting at `offset`; returns it with the offset just past its last byte. */
export function decodeWkb(bytes: Uint8Array, offset = 0): { geometry: Geometry; end: number } {
  const reader = new WkbReader(bytes, offset);
  const geometry = reader.geometry(0);
  return { geometry, end: reader.offset };
}

/** Encodes a GeoJSON geometry as 2D little-endian WKB (extra ordinates of positions are dropped). */
export function encodeWkb(geometry: Geometry): Uint8Array {
  const writer = new WkbWriter(wkbSize(geometry));
  writer.geometry(geometry);
  return writer.bytes;
}

/** The 2D bounding box of the coordinates of a GeoJSON geometry; undefined when it has none. */
export function geometryEnvelope(geometry: Geometry): Envelope | undefined {
  const envelope: Envelope = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (position: Position) => {
    const [x, y] = position;
    if (x === undefined || y === undefined) return;
    if (x < envelope[0]) envelope[0] = x;
    if (y < envelope[1]) envelope[1] = y;
    if (x > envelope[2]) envelope[2] = x;
    if (y > envelope[3]) envelope[3] = y;
  };
  forEachPosition(geometry, visit);
  return envelope[0] <= envelope[2] ? envelope : undefined;
}

/** Calls `visit` with every position of a geometry, in order. */
export function forEachPosition(geometry: Geometry, visit: (position: Position) => void): void {
  switch (geometry.type) {
    case "Point":
      visit(geometry.coordinates);
      return;
    case "LineString":
    case "MultiPoint":
      geometry.coordinates.forEach(visit);
      return;
    case "Polygon":
    case "MultiLineString":
      for (const ring of geometry.coordinates) ring.forEach(visit);
      return;
    case "MultiPolygon":
      for (const polygon of geometry.coordinates) for (const ring of polygon) ring.forEach(visit);
      return;
    case "GeometryCollection":
      for (const member of geometry.geometries) forEachPosition(member, visit);
      return;
  }
}

/** Whether a geometry has no coordinates at all (WKB "EMPTY"). */
export function isEmptyGeometry(geometry: Geometry): boolean {
  return geometryEnvelope(geometry) === undefined;
}

class WkbReader {
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    public offset: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  geometry(depth: number): Geometry {
    if (depth > MAX_DEPTH) throw new WkbError(`WKB geometry collections nest deeper than ${MAX_DEPTH}`);
    const order = this.byte();
    if (order !== 0 && order !== 1) {
      throw new WkbError(`Invalid WKB byte order ${order} at byte ${this.offset - 1}`);
    }
    const littleEndian = order === 1;
    const typeWord = this.uint32(littleEndian);
    let dimensions = 2;
    if (typeWord & EWKB_Z) dimensions++;
    if (typeWord & EWKB_M) dimensions++;
    if (typeWord & EWKB_SRID) this.uint32(littleEndian);
    const isoType = typeWord & 0x0fffffff;
    const isoDimensions = Math.floor(isoType / 1000);
    if (isoDimensions > 3) throw new WkbError(`Unknown WKB geometry type ${isoType}`);
    // ISO: +1000 Z, +2000 M, +3000 ZM.
    dimensions += isoDimensions === 3 ? 2 : isoDimensions > 0 ? 1 : 0;
    const name = TYPE_NAMES.get(isoType % 1000);
    if (name === undefined) throw new WkbError(`Unknown WKB geometry type ${isoType}`);
    const read = { littleEndian, dimensions };
    switch (name) {
      case "Point": {
        const position = this.position(read);
        // WKB has no empty point; writers use NaN ordinates for POINT EMPTY.
        return { type: "Point", coordinates: position.some(Number.isNaN) ? [] : position };
      }
      case "LineString":
        return { type: "LineString", coordinates: this.positions(read) };
      case "Polygon":
        return { type: "Polygon", coordinates: this.rings(read) };
      case "MultiPoint":
        return {
          type: "MultiPoint",
          coordinates: this.members(read, "Point", depth).flatMap((point) =>
            point.type === "Point" && point.coordinates.length > 0 ? [point.coordinates] : [],
          ),
        };
      case "MultiLineString":
        return {
          type: "MultiLineString",
          coordinates: this.members(read, "LineString", depth).map((line) =>
            line.type === "LineString" ? line.coordinates : [],
          ),
        };
      case "MultiPolygon":
        return {
          type: "MultiPolygon",
          coordinates: this.members(read, "Polygon", depth).map((polygon) =>
            polygon.type === "Polygon" ? polygon.coordinates : [],
          ),
        };
      case "GeometryCollection": {
        const count = this.count(read.littleEndian, 5);
        const geometries: Geometry[] = [];
        for (let index = 0; index < count; index++) geometries.push(this.geometry(depth + 1));
        return { type: "GeometryCollection", geometries };
      }
    }
  }

  private members(read: Read, expected: WkbTypeName, depth: number): Geometry[] {
    const count = this.count(read.littleEndian, 5);
    const members: Geometry[] = [];
    for (let index = 0; index < count; index++) {
      const member = this.geometry(depth + 1);
      if (member.type !== expected) {
        throw new WkbError(`A WKB multi-geometry of ${expected}s contains a ${member.type}`);
      }
      members.push(member);
    }
    return members;
  }

  private rings(read: Read): Position[][] {
    const count = this.count(read.littleEndian, 4);
    const rings: Position[][] = [];
    for (let index = 0; index < count; index++) rings.push(this.positions(read));
    return rings;
  }

  private positions(read: Read): Position[] {
    const count = this.count(read.littleEndian, 8 * read.dimensions);
    const positions: Position[] = [];
    for (let index = 0; index < count; index++) positions.push(this.position(read));
    return positions;
  }

  private position({ littleEndian, dimensions }: Read): Position {
    this.need(8 * dimensions);
    const x = this.view.getFloat64(this.offset, littleEndian);
    const y = this.view.getFloat64(this.offset + 8, littleEndian);
    this.offset += 8 * dimensions;
    return [x, y];
  }

  /** A count, checked against the bytes left so a corrupt count cannot allocate gigabytes. */
  private count(littleEndian: boolean, minimumItemBytes: number): number {
    const count = this.uint32(littleEndian);
    if (count * minimumItemBytes > this.bytes.byteLength - this.offset) {
      throw new WkbError(`WKB count ${count} at byte ${this.offset - 4} exceeds the bytes left`);
    }
    return count;
  }

  private byte(): number {
    this.need(1);
    return this.view.getUint8(this.offset++);
  }

  private uint32(littleEndian: boolean): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, littleEndian);
    this.offset += 4;
    return value;
  }

  private need(size: number): void {
    if (this.offset + size > this.bytes.byteLength) {
      throw new WkbError(`WKB ends early: ${size} more bytes needed at byte ${this.offset}`);
    }
  }
}

interface Read {
  readonly littleEndian: boolean;
  readonly dimensions: number;
}

function wkbSize(geometry: Geometry): number {
  const header = 5;
  switch (geometry.type) {
    case "Point":
      return header + 16;
    case "LineString":
      return header + 4 + 16 * geometry.coordinates.length;
    case "Polygon":
      return header + 4 + geometry.coordinates.reduce((sum, ring) => sum + 4 + 16 * ring.length, 0);
    case "MultiPoint":
      return header + 4 + geometry.coordinates.length * (header + 16);
    case "MultiLineString":
      return (
        header +
        4 +
        geometry.coordinates.reduce(
          (sum, coordinates) => sum + wkbSize({ type: "LineString", coordinates }),
          0,
        )
      );
    case "MultiPolygon":
      return (
        header +
        4 +
        geometry.coordinates.reduce((sum, coordinates) => sum + wkbSize({ type: "Polygon", coordinates }), 0)
      );
    case "GeometryCollection":
      return header + 4 + geometry.geometries.reduce((sum, member) => sum + wkbSize(member), 0);
  }
}

class WkbWriter {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  geometry(geometry: Geometry): void {
    this.view.setUint8(this.offset, 1);
    this.view.setUint32(this.offset + 1, WKB_TYPE[geometry.type], true);
    this.offset += 5;
    switch (geometry.type) {
      case "Point":
        this.position(geometry.coordinates.length === 0 ? [Number.NaN, Number.NaN] : geometry.coordinates);
        return;
      case "LineString":
        this.positions(geometry.coordinates);
        return;
      case "Polygon":
        this.uint32(geometry.coordinates.length);
        for (const ring of geometry.coordinates) this.positions(ring);
        return;
      case "MultiPoint":
        this.uint32(geometry.coordinates.length);
        for (const coordinates of geometry.coordinates) this.geometry({ type: "Point", coordinates });
        return;
      case "MultiLineString":
        this.uint32(geometry.coordinates.length);
        for (const coordinates of geometry.coordinates) this.geometry({ type: "LineString", coordinates });
        return;
      case "MultiPolygon":
        this.uint32(geometry.coordinates.length);
        for (const coordinates of geometry.coordinates) this.geometry({ type: "Polygon", coordinates });
        return;
      case "GeometryCollection":
        this.uint32(geometry.geometries.length);
        for (const member of geometry.geometries) this.geometry(member);
        return;
    }
  }

  private positions(positions: Position[]): void {
    this.uint32(positions.length);
    for (const position of positions) this.position(position);
  }

  private position(position: Position): void {
    this.view.setFloat64(this.offset, position[0] ?? Number.NaN, true);
    this.view.setFloat64(this.offset + 8, position[1] ?? Number.NaN, true);
    this.offset += 16;
  }

  private uint32(value: number): void {
    this.view.setUint32(this.offset, value, true);
    this.offset += 4;
  }
}
