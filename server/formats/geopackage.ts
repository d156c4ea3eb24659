/**
 * OGC GeoPackage 1.2 (http://www.geopackage.org/spec120/) feature layers read and written with sql.js,
 * SQLite compiled to WebAssembly, so neither GDAL nor a native SQLite is needed at run time.
 */
import { createRequire } from "node:module";
import type { Feature, Geometry } from "geojson";
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from "sql.js";
import { decodeWkb, type Envelope, geometryEnvelope, WkbError } from "../domain/wkb.js";

/** Why bytes could not be read as a GeoPackage; the import route answers 400 with the message. */
export type GeoPackageErrorReason = "not_sqlite" | "not_geopackage" | "corrupt" | "unsupported";

/** The bytes are not a GeoPackage, are damaged, or use a feature this reader does not support. */
export class GeoPackageError extends Error {
  override readonly name = "GeoPackageError";

  constructor(
    readonly reason: GeoPackageErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export interface GeoPackageLayer {
  readonly name: string;
  readonly srsId: number;
  readonly geometryColumn: string;
  readonly features: Feature<Geometry | null>[];
}

export type GeoPackageGeometryType =
  | "GEOMETRY"
  | "POINT"
  | "LINESTRING"
  | "POLYGON"
  | "MULTIPOINT"
  | "MULTILINESTRING"
  | "MULTIPOLYGON"
  | "GEOMETRYCOLLECTION";

export interface GeoPackageField {
  readonly name: string;
  readonly type: "TEXT" | "INTEGER" | "REAL";
}

export interface GeoPackageFeatureInput {
  /** 2D WKB, e.g. PostGIS `ST_AsBinary(footprint)`. */
  readonly geometryWkb: Uint8Array | null;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface GeoPackageLayerInput {
  readonly name: string;
  readonly srsId: typeof WGS84_SRS_ID;
  readonly geometryType: GeoPackageGeometryType;
  readonly fields: readonly GeoPackageField[];
  readonly features: Iterable<GeoPackageFeatureInput> | AsyncIterable<GeoPackageFeatureInput>;
  readonly description?: string;
}

const WGS84_SRS_ID = 4326;
/** "GPKG" in the SQLite header's application_id, and 1.2.0 in its user_version (spec 1.1.1.1.1). */
const APPLICATION_ID = 0x47504b47;
const USER_VERSION = 10200;
const SQLITE_MAGIC = "SQLite format 3\u0000";
const GEOMETRY_COLUMN = "geom";
const FID_COLUMN = "fid";

const require = createRequire(import.meta.url);
const wasmPath = require.resolve("sql.js/dist/sql-wasm.wasm");
let sqlJs: Promise<SqlJsStatic> | undefined;

function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs({ locateFile: () => wasmPath });
  return sqlJs;
}

/** Reads every feature layer of a GeoPackage as GeoJSON features (attributes as properties, BLOBs left out). */
export async function readGeoPackage(bytes: Uint8Array): Promise<{ layers: GeoPackageLayer[] }> {
  if (bytes.byteLength < 100 || new TextDecoder("latin1").decode(bytes.subarray(0, 16)) !== SQLITE_MAGIC) {
    throw new GeoPackageError("not_sqlite", "The file is not a GeoPackage: it is not an SQLite database");
  }
  const SQL = await loadSqlJs();
  let database: Database | undefined;
  try {
    database = new SQL.Database(bytes);
    return { layers: readLayers(database) };
  } catch (error) {
    if (error instanceof GeoPackageError) throw error;
    if (error instanceof WkbError) throw new GeoPackageError("corrupt", `Invalid geometry: ${error.message}`);
    const detail = error instanceof Error ? error.message : String(error);
    throw new GeoPackageError("corrupt", `The GeoPackage cannot be read (${detail})`);
  } finally {
    database?.close();
  }
}

function readLayers(database: Database): GeoPackageLayer[] {
  const tables = new Set(
    rows(database, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").map((row) => row.name),
  );
  if (!tables.has("gpkg_contents") || !tables.has("gpkg_geometry_columns")) {
    throw new GeoPackageError(
      "not_geopackage",
      "The file is an SQLite database but not a GeoPackage (it has no gpkg_contents or gpkg_geometry_columns)",
    );
  }
  const layers = rows(
    database,
    `SELECT c.table_name AS name, g.column_name AS geometry_column, g.srs_id AS srs_id
       FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
      WHERE c.data_type = 'features'
      ORDER BY c.table_name`,
  );
  return layers.map((layer) => {
    const name = String(layer.name);
    const geometryColumn = String(layer.geometry_column);
    if (!tables.has(name)) {
      throw new GeoPackageError("corrupt", `gpkg_contents lists the layer "${name}" but it has no table`);
    }
    return {
      name,
      geometryColumn,
      srsId: Number(layer.srs_id),
      features: readFeatures(database, name, geometryColumn),
    };
  });
}

function readFeatures(database: Database, table: string, geometryColumn: string): Feature<Geometry | null>[] {
  const columns = rows(database, `PRAGMA table_info(${quoteIdentifier(table)})`);
  // A single-column integer primary key is the feature id (GDAL's FID), not an attribute.
  const keyColumns = columns.filter((column) => Number(column.pk) > 0);
  const idColumn = keyColumns.length === 1 ? String(keyColumns[0]?.name) : undefined;
  const statement = database.prepare(`SELECT * FROM ${quoteIdentifier(table)}`);
  const features: Feature<Geometry | null>[] = [];
  try {
    const names = statement.getColumnNames();
    while (statement.step()) {
      const values = statement.get();
      const properties: Record<string, string | number | null> = {};
      let geometry: Geometry | null = null;
      let id: number | string | undefined;
      for (const [index, column] of names.entries()) {
        const value = values[index] ?? null;
        if (column === geometryColumn) {
          geometry = value instanceof Uint8Array ? decodeGeometryBlob(value, table) : null;
        } else if (column === idColumn && (typeof value === "number" || typeof value === "string")) {
          id = value;
        } else if (!(value instanceof Uint8Array)) {
          properties[column] = value;
        }
      }
      features.push({ type: "Feature", ...(id === undefined ? {} : { id }), geometry, properties });
    }
  } finally {
    statement.free();
  }
  return features;
}

/** Envelope sizes in bytes by the envelope contents indicator of the flags byte (spec 2.1.3.1.1). */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64] as const;

/** Decodes a GeoPackage geometry blob ("GP", version, flags, srs_id, envelope, WKB) into GeoJSON. */
export function decodeGeometryBlob(blob: Uint8Array, layer = "?"): Geometry | null {
  if (blob.byteLength < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) {
    throw new GeoPackageError("corrupt", `A geometry in layer "${layer}" is not a GeoPackage geometry blob`);
  }
  const flags = blob[3]!;
  if (flags & 0x20) {
    throw new GeoPackageError("unsupported", `Layer "${layer}" uses extended (non-standard) geometry types`);
  }
  const envelopeBytes = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelopeBytes === undefined) {
    throw new GeoPackageError("corrupt", `A geometry in layer "${layer}" has an invalid envelope indicator`);
  }
  if (flags & 0x10) return null;
  const { geometry } = decodeWkb(blob, 8 + envelopeBytes);
  return geometry;
}

/** Encodes 2D WKB as a little-endian GeoPackage geometry blob with an XY envelope (empty flag when empty). */
export function encodeGeometryBlob(
  wkb: Uint8Array,
  srsId: number,
  columnType: GeoPackageGeometryType = "GEOMETRY",
): { blob: Uint8Array; envelope?: Envelope } {
  const { geometry } = decodeWkb(wkb);
  if (!fitsColumn(geometry.type, columnType)) {
    throw new GeoPackageError("unsupported", `A ${geometry.type} cannot be stored in a ${columnType} column`);
  }
  const envelope = geometryEnvelope(geometry);
  const header = envelope ? 8 + 32 : 8;
  const blob = new Uint8Array(header + wkb.byteLength);
  const view = new DataView(blob.buffer);
  blob[0] = 0x47;
  blob[1] = 0x50;
  blob[2] = 0; // version 1
  // Bit 0: little-endian header; bits 1-3: envelope 1 = [minx, maxx, miny, maxy]; bit 4: empty geometry.
  blob[3] = envelope ? 0x03 : 0x11;
  view.setInt32(4, srsId, true);
  if (envelope) {
    view.setFloat64(8, envelope[0], true);
    view.setFloat64(16, envelope[2], true);
    view.setFloat64(24, envelope[1], true);
    view.setFloat64(32, envelope[3], true);
  }
  blob.set(wkb, header);
  return envelope ? { blob, envelope } : { blob };
}

/** Spec 2.1.5.1.2: a column holds its declared type or a subtype (GEOMETRYCOLLECTION holds the Multi* types). */
function fitsColumn(type: Geometry["type"], columnType: GeoPackageGeometryType): boolean {
  if (columnType === "GEOMETRY") return true;
  if (columnType === "GEOMETRYCOLLECTION") return type.startsWith("Multi") || type === "GeometryCollection";
  return type.toUpperCase() === columnType;
}

const WGS84_DEFINITION =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],' +
  'AUTHORITY["EPSG","4326"]]';

// The core tables as spec 1.2 Annex C defines them.
const CORE_SCHEMA = `
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', ${WGS84_SRS_ID}, 'EPSG', ${WGS84_SRS_ID}, '${WGS84_DEFINITION}',
   'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
`;

/** Rows inserted per transaction, so a large export neither holds one giant transaction nor commits per row. */
const INSERT_BATCH = 5000;

/** Writes one feature layer (with an INTEGER PRIMARY KEY fid and a `geom` column) as a GeoPackage 1.2 file. */
export async function writeGeoPackage(layer: GeoPackageLayerInput): Promise<Uint8Array<ArrayBuffer>> {
  validateLayer(layer);
  const SQL = await loadSqlJs();
  const database = new SQL.Database();
  try {
    database.run(`PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${USER_VERSION};`);
    database.run(CORE_SCHEMA);
    const table = quoteIdentifier(layer.name);
    const columns = layer.fields.map((field) => `${quoteIdentifier(field.name)} ${field.type}`);
    database.run(
      `CREATE TABLE ${table} (${FID_COLUMN} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ` +
        `${GEOMETRY_COLUMN} ${layer.geometryType}${columns.map((column) => `, ${column}`).join("")})`,
    );
    const bounds = await insertFeatures(database, layer);
    database.run(
      `INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
       VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)`,
      [layer.name, layer.name, layer.description ?? "", ...(bounds ?? [null, null, null, null]), layer.srsId],
    );
    database.run("INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)", [
      layer.name,
      GEOMETRY_COLUMN,
      layer.geometryType,
      layer.srsId,
    ]);
    // sql.js copies the file out of the WASM heap into an ordinary (non-shared) ArrayBuffer.
    return database.export() as Uint8Array<ArrayBuffer>;
  } finally {
    database.close();
  }
}

async function insertFeatures(
  database: Database,
  layer: GeoPackageLayerInput,
): Promise<Envelope | undefined> {
  const names = [GEOMETRY_COLUMN, ...layer.fields.map((field) => field.name)];
  const statement = database.prepare(
    `INSERT INTO ${quoteIdentifier(layer.name)} (${names.map(quoteIdentifier).join(", ")}) ` +
      `VALUES (${names.map(() => "?").join(", ")})`,
  );
  let bounds: Envelope | undefined;
  let pending = 0;
  try {
    database.run("BEGIN");
    for await (const feature of layer.features) {
      let blob: Uint8Array | null = null;
      if (feature.geometryWkb) {
        const encoded = encodeGeometryBlob(feature.geometryWkb, layer.srsId, layer.geometryType);
        blob = encoded.blob;
        if (encoded.envelope) bounds = bounds ? union(bounds, encoded.envelope) : encoded.envelope;
      }
      statement.run([blob, ...layer.fields.map((field) => sqlValue(field, feature.properties[field.name]))]);
      if (++pending === INSERT_BATCH) {
        database.run("COMMIT; BEGIN");
        pending = 0;
      }
    }
    database.run("COMMIT");
  } finally {
    statement.free();
  }
  return bounds;
}

function union(a: Envelope, b: Envelope): Envelope {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

function sqlValue(field: GeoPackageField, value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case "TEXT":
      return typeof value === "string" ? value : String(value);
    case "INTEGER": {
      const number = Number(value);
      return Number.isFinite(number) ? Math.trunc(number) : null;
    }
    case "REAL": {
      const number = Number(value);
      return Number.isFinite(number) ? number : null;
    }
  }
}

function validateLayer(layer: GeoPackageLayerInput): void {
  // Spec 1.1.3.1.1 reserves the gpkg_ prefix; the names become SQLite identifiers (always quoted).
  if (layer.name.length === 0 || /^gpkg_/i.test(layer.name) || /^sqlite_/i.test(layer.name)) {
    throw new GeoPackageError("unsupported", `"${layer.name}" cannot name a GeoPackage layer`);
  }
  const seen = new Set([FID_COLUMN, GEOMETRY_COLUMN]);
  for (const field of layer.fields) {
    const key = field.name.toLowerCase();
    if (field.name.length === 0 || seen.has(key)) {
      throw new GeoPackageError(
        "unsupported",
        `The field name "${field.name}" is empty, reserved or repeated`,
      );
    }
    seen.add(key);
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function rows(database: Database, query: string): Record<string, SqlValue>[] {
  const [result] = database.exec(query);
  if (!result) return [];
  return result.values.map((values) =>
    Object.fromEntries(result.columns.map((column, index) => [column, values[index] ?? null])),
  );
}
