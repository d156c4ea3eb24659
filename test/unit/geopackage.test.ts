import initSqlJs from "sql.js";
import { describe, expect, it } from "vitest";
import { encodeWkb } from "../../server/domain/wkb.js";
import {
  decodeGeometryBlob,
  encodeGeometryBlob,
  GeoPackageError,
  readGeoPackage,
  writeGeoPackage,
} from "../../server/formats/geopackage.js";
import { asMultiPolygon, buildingFeatures, buildingLayer } from "../support/geopackage-fixtures.js";

const reason = async (bytes: Uint8Array) => {
  try {
    await readGeoPackage(bytes);
  } catch (error) {
    if (error instanceof GeoPackageError) return { reason: error.reason, message: error.message };
    throw error;
  }
  throw new Error("readGeoPackage accepted the bytes");
};

describe("GeoPackage codec", () => {
  it("reads back what it writes: layer, SRS, ids, geometries and Chinese attributes", async () => {
    const bytes = await writeGeoPackage(buildingLayer());
    const { layers } = await readGeoPackage(bytes);
    expect(layers).toHaveLength(1);
    const [layer] = layers;
    expect(layer).toMatchObject({ name: "建筑", srsId: 4326, geometryColumn: "geom" });
    expect(layer?.features).toEqual(
      buildingFeatures.map((feature, index) => ({
        ...feature,
        id: index + 1,
        geometry: asMultiPolygon(feature.geometry),
      })),
    );
  });

  it("writes the GeoPackage 1.2 header, the three required SRS rows and the layer's bounds", async () => {
    const bytes = await writeGeoPackage(buildingLayer());
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(68)).toBe(0x47504b47); // application_id "GPKG"
    expect(view.getUint32(60)).toBe(10200); // user_version
    const SQL = await initSqlJs();
    const database = new SQL.Database(bytes);
    try {
      expect(database.exec("SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id")[0]?.values).toEqual([
        [-1],
        [0],
        [4326],
      ]);
      expect(
        database.exec("SELECT data_type, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents")[0]?.values,
      ).toEqual([["features", 124.47, 47.79, 124.4912, 47.8104, 4326]]);
      expect(database.exec("SELECT * FROM gpkg_geometry_columns")[0]?.values).toEqual([
        ["建筑", "geom", "MULTIPOLYGON", 4326, 0, 0],
      ]);
      expect(database.exec("PRAGMA integrity_check")[0]?.values).toEqual([["ok"]]);
    } finally {
      database.close();
    }
  });

  it("stores geometry blobs with an XY envelope in minx, maxx, miny, maxy order", () => {
    const { blob, envelope } = encodeGeometryBlob(encodeWkb(buildingFeatures[0]!.geometry), 4326);
    expect(envelope).toEqual([124.47, 47.79, 124.4712, 47.7908]);
    const view = new DataView(blob.buffer);
    expect([blob[0], blob[1], blob[2], blob[3]]).toEqual([0x47, 0x50, 0, 0x03]);
    expect(view.getInt32(4, true)).toBe(4326);
    expect([8, 16, 24, 32].map((offset) => view.getFloat64(offset, true))).toEqual([
      124.47, 124.4712, 47.79, 47.7908,
    ]);
    expect(decodeGeometryBlob(blob)).toEqual(buildingFeatures[0]!.geometry);
  });

  it("reads big-endian headers with XYZ envelopes and the empty flag", () => {
    const wkb = encodeWkb({ type: "Point", coordinates: [124.5, 47.8] });
    const blob = new Uint8Array(8 + 48 + wkb.byteLength);
    blob.set([0x47, 0x50, 0, 0b0000_0100]); // big-endian header, envelope 2 = XYZ
    new DataView(blob.buffer).setInt32(4, 4326);
    blob.set(wkb, 56);
    expect(decodeGeometryBlob(blob)).toEqual({ type: "Point", coordinates: [124.5, 47.8] });
    const empty = encodeGeometryBlob(encodeWkb({ type: "Polygon", coordinates: [] }), 4326);
    expect(empty.envelope).toBeUndefined();
    expect(empty.blob[3]).toBe(0x11);
    expect(decodeGeometryBlob(empty.blob)).toBeNull();
  });

  it("refuses bytes that are not an SQLite database", async () => {
    expect(
      await reason(new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'.repeat(4))),
    ).toEqual({
      reason: "not_sqlite",
      message: "The file is not a GeoPackage: it is not an SQLite database",
    });
  });

  it("refuses an SQLite database without the GeoPackage tables", async () => {
    const SQL = await initSqlJs();
    const database = new SQL.Database();
    database.run("CREATE TABLE buildings (id INTEGER PRIMARY KEY, name TEXT)");
    const bytes = database.export();
    database.close();
    expect(await reason(bytes)).toMatchObject({ reason: "not_geopackage" });
  });

  it("refuses a truncated or damaged GeoPackage with a message, never a crash", async () => {
    const bytes = await writeGeoPackage(buildingLayer());
    const truncated = await reason(bytes.subarray(0, 2048));
    expect(truncated.reason).toBe("corrupt");
    expect(truncated.message).toMatch(/cannot be read/);
    const damaged = bytes.slice();
    damaged.fill(0xee, 1024, damaged.byteLength);
    expect((await reason(damaged)).reason).toBe("corrupt");
  });

  it("refuses a geometry blob without the GP magic", () => {
    expect(() => decodeGeometryBlob(encodeWkb({ type: "Point", coordinates: [1, 2] }), "建筑")).toThrow(
      /layer "建筑" is not a GeoPackage geometry blob/,
    );
  });

  it("refuses a geometry of another type than the layer's column", async () => {
    const point = { geometryWkb: encodeWkb({ type: "Point", coordinates: [1, 2] }), properties: {} };
    await expect(writeGeoPackage({ ...buildingLayer(), features: [point] })).rejects.toThrow(
      "A Point cannot be stored in a MULTIPOLYGON column",
    );
    const bytes = await writeGeoPackage({ ...buildingLayer(), geometryType: "GEOMETRY", features: [point] });
    expect((await readGeoPackage(bytes)).layers[0]?.features[0]?.geometry).toEqual({
      type: "Point",
      coordinates: [1, 2],
    });
  });

  it("refuses reserved layer names and repeated fields", async () => {
    await expect(writeGeoPackage({ ...buildingLayer(), name: "gpkg_buildings" })).rejects.toThrow(
      GeoPackageError,
    );
    await expect(
      writeGeoPackage({ ...buildingLayer(), fields: [{ name: "FID", type: "INTEGER" }] }),
    ).rejects.toThrow(/reserved or repeated/);
  });
});
