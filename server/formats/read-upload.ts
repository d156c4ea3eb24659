import { FormatError, type ParsedSource, type SourceFormat } from "./format-error.js";
import { readGeoJson } from "./geojson-source.js";
import { readGeoPackageSource } from "./geopackage-source.js";
import { readShapefileZip } from "./shapefile-zip.js";
import { readCsv, readXlsx } from "./tabular-source.js";

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  prefix.every((byte, index) => bytes[index] === byte);
const ZIP = [0x50, 0x4b];
const SQLITE = [...new TextEncoder().encode("SQLite format 3")];

/** The format of an upload from its name, checked against its first bytes where they say something. */
export function detectFormat(fileName: string, bytes: Uint8Array): SourceFormat {
  const extension = fileName.slice(fileName.lastIndexOf(".") + 1).toLowerCase();
  switch (extension) {
    case "geojson":
    case "json":
      return "geojson";
    case "zip":
    case "shz":
      return "shapefile";
    case "gpkg":
      return "geopackage";
    case "csv":
    case "txt":
      return "csv";
    case "xlsx":
      return "xlsx";
  }
  if (startsWith(bytes, SQLITE)) return "geopackage";
  if (startsWith(bytes, ZIP))
    return new TextDecoder("latin1").decode(bytes.subarray(0, 2000)).includes("xl/") ? "xlsx" : "shapefile";
  throw new FormatError(
    `unknown file type '${fileName}': send GeoJSON (.geojson), a zipped Shapefile (.zip), a GeoPackage (.gpkg), CSV or XLSX`,
  );
}

export interface ReadOptions {
  /** Attribute text encoding for CSV and DBF, overriding .cpg and detection. */
  readonly encoding?: string | undefined;
}

/** Parses an uploaded file into rows of cells. */
export async function readUpload(
  format: SourceFormat,
  bytes: Uint8Array,
  options: ReadOptions = {},
): Promise<ParsedSource> {
  switch (format) {
    case "geojson":
      return readGeoJson(bytes);
    case "shapefile":
      return readShapefileZip(bytes, options.encoding);
    case "csv":
      return readCsv(bytes, options.encoding);
    case "xlsx":
      if (!startsWith(bytes, ZIP))
        throw new FormatError("unreadable spreadsheet: an .xlsx file is a zip, this is not");
      return readXlsx(bytes);
    case "geopackage":
      return readGeoPackageSource(bytes);
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
