import fc from "fast-check";
import type { Geometry, Position } from "geojson";
import { describe, expect, it } from "vitest";
import { decodeWkb, encodeWkb, geometryEnvelope, WkbError } from "../../server/domain/wkb.js";

const position: fc.Arbitrary<Position> = fc.tuple(
  fc.double({ min: -180, max: 180, noNaN: true }),
  fc.double({ min: -90, max: 90, noNaN: true }),
);
const positions = fc.array(position, { maxLength: 6 });
const rings = fc.array(positions, { maxLength: 3 });

const simpleGeometry: fc.Arbitrary<Geometry> = fc.oneof(
  position.map((coordinates): Geometry => ({ type: "Point", coordinates })),
  positions.map((coordinates): Geometry => ({ type: "LineString", coordinates })),
  rings.map((coordinates): Geometry => ({ type: "Polygon", coordinates })),
  positions.map((coordinates): Geometry => ({ type: "MultiPoint", coordinates })),
  rings.map((coordinates): Geometry => ({ type: "MultiLineString", coordinates })),
  fc.array(rings, { maxLength: 3 }).map((coordinates): Geometry => ({ type: "MultiPolygon", coordinates })),
);
const geometry: fc.Arbitrary<Geometry> = fc.oneof(
  simpleGeometry,
  fc
    .array(simpleGeometry, { maxLength: 3 })
    .map((geometries): Geometry => ({ type: "GeometryCollection", geometries })),
);

/** Hand-written WKB, so the tests do not only check the encoder against itself. */
function wkb(littleEndian: boolean, type: number, ...values: number[]): Uint8Array {
  const bytes = new Uint8Array(5 + 8 * values.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, littleEndian ? 1 : 0);
  view.setUint32(1, type, littleEndian);
  values.forEach((value, index) => {
    view.setFloat64(5 + 8 * index, value, littleEndian);
  });
  return bytes;
}

const hex = (text: string) => Uint8Array.from(text.match(/../g)!.map((pair) => Number.parseInt(pair, 16)));

describe("WKB", () => {
  it("round-trips any 2D GeoJSON geometry through WKB (property)", () => {
    fc.assert(
      fc.property(geometry, (original) => {
        const bytes = encodeWkb(original);
        const { geometry: decoded, end } = decodeWkb(bytes);
        expect(decoded).toEqual(original);
        expect(end).toBe(bytes.byteLength);
      }),
    );
  });

  it("refuses every truncation of a valid WKB with a WkbError (property)", () => {
    fc.assert(
      fc.property(
        geometry.filter((value) => encodeWkb(value).byteLength > 1),
        fc.nat(),
        (value, cut) => {
          const bytes = encodeWkb(value);
          const prefix = bytes.subarray(0, cut % bytes.byteLength);
          expect(() => decodeWkb(prefix)).toThrow(WkbError);
        },
      ),
    );
  });

  it("encodes POINT(1 2) as the 21 bytes of the OGC specification", () => {
    expect(Buffer.from(encodeWkb({ type: "Point", coordinates: [1, 2] })).toString("hex")).toBe(
      "0101000000000000000000f03f0000000000000040",
    );
  });

  it("reads big-endian WKB", () => {
    expect(decodeWkb(hex("00000000013ff00000000000004000000000000000")).geometry).toEqual({
      type: "Point",
      coordinates: [1, 2],
    });
  });

  it("drops Z and M ordinates of ISO and PostGIS EWKB geometries", () => {
    // ISO 1001 = Point Z, 2001 = Point M, 3001 = Point ZM, 1002 = LineString Z.
    expect(decodeWkb(wkb(true, 1001, 1, 2, 3)).geometry).toEqual({ type: "Point", coordinates: [1, 2] });
    expect(decodeWkb(wkb(false, 2001, 1, 2, 4)).geometry).toEqual({ type: "Point", coordinates: [1, 2] });
    const zm = wkb(true, 3001, 1, 2, 3, 4);
    expect(decodeWkb(zm)).toEqual({ geometry: { type: "Point", coordinates: [1, 2] }, end: 37 });
    // PostGIS ST_AsEWKB('SRID=4326;POINT Z (1 2 3)').
    expect(
      decodeWkb(hex("01010000a0e6100000000000000000f03f00000000000000400000000000000840")).geometry,
    ).toEqual({ type: "Point", coordinates: [1, 2] });
    const line = new Uint8Array([...wkb(true, 1002).subarray(0, 5), 2, 0, 0, 0]);
    const coordinates = new Uint8Array(48);
    new Float64Array(coordinates.buffer).set([1, 2, 3, 4, 5, 6]);
    expect(decodeWkb(new Uint8Array([...line, ...coordinates])).geometry).toEqual({
      type: "LineString",
      coordinates: [
        [1, 2],
        [4, 5],
      ],
    });
  });

  it("reads POINT EMPTY (NaN ordinates) as a point without coordinates", () => {
    const empty = wkb(true, 1, Number.NaN, Number.NaN);
    expect(decodeWkb(empty).geometry).toEqual({ type: "Point", coordinates: [] });
    expect(geometryEnvelope({ type: "Point", coordinates: [] })).toBeUndefined();
  });

  it("names the problem in corrupt WKB", () => {
    expect(() => decodeWkb(new Uint8Array([2, 1, 0, 0, 0]))).toThrow(/byte order 2/);
    expect(() => decodeWkb(wkb(true, 17, 0, 0))).toThrow(/Unknown WKB geometry type 17/);
    // A polygon claiming 2^32-1 rings in 4 bytes must not allocate them.
    expect(() => decodeWkb(new Uint8Array([1, 3, 0, 0, 0, 255, 255, 255, 255]))).toThrow(/exceeds/);
    const multiPolygonOfPoint = new Uint8Array([1, 6, 0, 0, 0, 1, 0, 0, 0, ...wkb(true, 1, 0, 0)]);
    expect(() => decodeWkb(multiPolygonOfPoint)).toThrow(/contains a Point/);
  });

  it("gives the 2D envelope of all coordinates", () => {
    expect(
      geometryEnvelope({
        type: "MultiPolygon",
        coordinates: [
          [
            [
              [126.5, 45.7],
              [126.7, 45.6],
              [126.6, 45.9],
              [126.5, 45.7],
            ],
          ],
          [[[124.4, 47.8]]],
        ],
      }),
    ).toEqual([124.4, 45.6, 126.7, 47.8]);
  });
});
