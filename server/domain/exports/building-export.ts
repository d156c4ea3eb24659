/**
 * What a GeoJSON or GeoPackage export of building footprints holds: one feature per building with its
 * recorded attributes (areas in m² from surveys, never geometric areas) and its rooms' usable areas.
 */

/** Most buildings one export holds (a province's worth); beyond that the caller picks a smaller region. */
export const MAX_EXPORT_BUILDINGS: number = 200_000;

/** Buildings read per query while an export is written, so memory stays flat however large it is. */
export const EXPORT_BATCH_SIZE: number = 2_000;

export type ExportFieldType = "TEXT" | "INTEGER" | "REAL";

/** The properties of an exported building, in order, with their GeoPackage column types. */
export const buildingExportFields = [
  { name: "id", type: "INTEGER" },
  { name: "name", type: "TEXT" },
  { name: "address", type: "TEXT" },
  { name: "region_code", type: "TEXT" },
  { name: "property_class", type: "TEXT" },
  { name: "floors_above", type: "INTEGER" },
  /** 建筑面积 m², as recorded. */
  { name: "gross_area", type: "REAL" },
  /** 使用面积 m²: the sum of the building's rooms. */
  { name: "usable_area", type: "REAL" },
  /** 闲置使用面积 m²: the rooms whose status is idle. */
  { name: "idle_area", type: "REAL" },
  { name: "built_year", type: "INTEGER" },
  { name: "condition", type: "TEXT" },
  { name: "title_certificate_no", type: "TEXT" },
] as const satisfies ReadonlyArray<{ name: string; type: ExportFieldType }>;

export type BuildingExportField = (typeof buildingExportFields)[number]["name"];

export type BuildingExportProperties = Readonly<Record<BuildingExportField, string | number | null>>;

export type BuildingExportFormat = "geojson" | "gpkg";

/** The export's file name in Chinese (with the region's name) and its ASCII fallback. */
export function buildingExportFileNames(
  region: { readonly code: string; readonly name: string },
  day: string,
  format: BuildingExportFormat,
): { readonly name: string; readonly asciiName: string } {
  return {
    name: `${region.name}建筑-${day}.${format}`,
    asciiName: `buildings-${region.code}-${day}.${format}`,
  };
}
