/** An uploaded file that cannot be read: the reason is for the person who uploaded it (→ 400). */
export class FormatError extends Error {}

/** Map formats that give features, and the ledger formats that give rows. */
export type SourceFormat = "geojson" | "shapefile" | "geopackage" | "csv" | "xlsx";

/** A file turned into rows of cells; geometry, when there is one, is the GeoJSON in the `geometry` cell. */
export interface ParsedSource {
  readonly format: SourceFormat;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<{ readonly line: number; readonly cells: Readonly<Record<string, unknown>> }>;
  /** The text encoding used for attributes (CSV, DBF), when it had to be chosen. */
  readonly encoding?: string;
  readonly warnings: readonly string[];
}

export const GEOMETRY_COLUMN = "geometry";
