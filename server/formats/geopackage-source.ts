import { FormatError, GEOMETRY_COLUMN, type ParsedSource } from "./format-error.js";
import { GeoPackageError, readGeoPackage } from "./geopackage.js";

/** GeoPackage SRS ids that are lon/lat on WGS 84 (the spec's 4326; CRS84 as some tools write it). */
const LON_LAT_SRS = new Set([4326, 4490]);

/** The first feature layer of a GeoPackage as rows with a `geometry` cell; a projected layer is refused. */
export async function readGeoPackageSource(bytes: Uint8Array): Promise<ParsedSource> {
  let layers: Awaited<ReturnType<typeof readGeoPackage>>["layers"];
  try {
    ({ layers } = await readGeoPackage(bytes));
  } catch (error) {
    if (error instanceof GeoPackageError) throw new FormatError(`unreadable GeoPackage: ${error.message}`);
    throw error;
  }
  const layer = layers[0];
  if (!layer) throw new FormatError("unreadable GeoPackage: it holds no feature layer");
  if (!LON_LAT_SRS.has(layer.srsId))
    throw new FormatError(`unknown CRS: EPSG:${layer.srsId} (layer ${layer.name})`);
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows = layer.features.map((feature, index) => {
    const cells: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(feature.properties ?? {})) {
      if (key === GEOMETRY_COLUMN) continue;
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
      cells[key] = value;
    }
    cells[GEOMETRY_COLUMN] = feature.geometry ?? null;
    return { line: index + 1, cells };
  });
  const warnings =
    layers.length > 1 ? [`the GeoPackage holds ${layers.length} layers; only ${layer.name} was read`] : [];
  return { format: "geopackage", columns: [...columns, GEOMETRY_COLUMN], rows, warnings };
}
