import { FormatError, GEOMETRY_COLUMN, type ParsedSource } from "./format-error.js";
import { decodeText } from "./text-encoding.js";

const LON_LAT_CRS = /^(urn:ogc:def:crs:OGC:1\.3:CRS84|urn:ogc:def:crs:EPSG::4326|EPSG:4326|CRS84)$/i;

/** A GeoJSON FeatureCollection (or one Feature) as rows: its properties and a `geometry` cell. */
export function readGeoJson(bytes: Uint8Array): ParsedSource {
  let document: unknown;
  try {
    document = JSON.parse(decodeText(bytes, "utf-8"));
  } catch (error) {
    throw new FormatError(`not GeoJSON: ${(error as Error).message}`);
  }
  const root = document as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  // RFC 7946 dropped `crs`; files from older tools still say which CRS they are in.
  const crsName = root?.crs?.properties?.name;
  if (typeof crsName === "string" && !LON_LAT_CRS.test(crsName))
    throw new FormatError(`unknown CRS: ${crsName}`);
  const features =
    root?.type === "FeatureCollection" && Array.isArray(root.features)
      ? (root.features as unknown[])
      : root?.type === "Feature"
        ? [root]
        : undefined;
  if (!features) throw new FormatError("not GeoJSON: expected a FeatureCollection or a Feature");
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows = features.map((feature, index) => {
    const { properties, geometry } = (feature ?? {}) as { properties?: unknown; geometry?: unknown };
    const cells: Record<string, unknown> = {};
    if (properties && typeof properties === "object") {
      for (const [key, value] of Object.entries(properties)) {
        if (key === GEOMETRY_COLUMN) continue;
        if (!seen.has(key)) {
          seen.add(key);
          columns.push(key);
        }
        cells[key] = value;
      }
    }
    cells[GEOMETRY_COLUMN] = geometry ?? null;
    return { line: index + 1, cells };
  });
  return { format: "geojson", columns: [...columns, GEOMETRY_COLUMN], rows, warnings: [] };
}
