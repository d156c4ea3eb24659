import { unzipSync } from "fflate";
import { openShp } from "shapefile";
import { readDbf } from "./dbf.js";
import { FormatError, GEOMETRY_COLUMN, type ParsedSource } from "./format-error.js";
import { decodeText, detectEncoding, encodingOf, type TextEncoding } from "./text-encoding.js";

/**
 * Whether a .prj's WKT is geographic lon/lat on WGS 84 (or CGCS2000, which agrees with WGS 84 to
 * centimetres; GCJ-02 data is labelled WGS 84 and converted by the explicit `sourceCrs` option).
 * Anything projected, or on another datum, is refused with its name rather than misplaced.
 */
export function checkPrj(wkt: string): void {
  const text = wkt.trim();
  const head = /^(\w+)\s*\[\s*"([^"]*)"/.exec(text);
  if (!head) throw new FormatError(`unknown CRS: the .prj is not WKT (${text.slice(0, 60)})`);
  const [, keyword = "", name = ""] = head;
  if (!/^(GEOGCS|GEOGCRS|GEODCRS)$/i.test(keyword)) throw new FormatError(`unknown CRS: ${name}`);
  const datum = /DATUM\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? "";
  const known = /wgs[\s_]*(19)?84|china[\s_]*2000|cgcs[\s_]*2000/i;
  if (!known.test(datum) && !known.test(name)) throw new FormatError(`unknown CRS: ${name}`);
}

const extensionOf = (path: string) => path.slice(path.lastIndexOf(".") + 1).toLowerCase();
const baseOf = (path: string) => path.slice(0, path.lastIndexOf(".")).toLowerCase();

/** A zipped Shapefile (.shp + .dbf, optional .prj and .cpg) as rows with a `geometry` cell. */
export async function readShapefileZip(bytes: Uint8Array, explicitEncoding?: string): Promise<ParsedSource> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new FormatError(`corrupt zip: ${(error as Error).message}`);
  }
  const names = Object.keys(files).filter((name) => !name.startsWith("__MACOSX/") && !name.endsWith("/"));
  const shapes = names.filter((name) => extensionOf(name) === "shp");
  if (shapes.length === 0) throw new FormatError("not a shapefile: the zip holds no .shp file");
  const shp = shapes[0] as string;
  const sibling = (extension: string) => {
    const name = names.find(
      (candidate) => baseOf(candidate) === baseOf(shp) && extensionOf(candidate) === extension,
    );
    return name === undefined ? undefined : files[name];
  };
  const dbf = sibling("dbf");
  if (!dbf) throw new FormatError(`missing .dbf: the zip has ${shp} but no attribute table beside it`);
  const warnings: string[] = [];
  if (shapes.length > 1) warnings.push(`the zip holds ${shapes.length} shapefiles; only ${shp} was read`);
  const prj = sibling("prj");
  if (prj) checkPrj(decodeText(prj, "utf-8"));
  else warnings.push("no .prj: coordinates are taken as WGS 84 lon/lat");

  const table = readDbf(dbf);
  const cpg = sibling("cpg");
  let encoding: TextEncoding;
  if (explicitEncoding) encoding = encodingOf(explicitEncoding);
  else if (cpg) encoding = encodingOf(decodeText(cpg, "utf-8"));
  else encoding = detectEncoding(table.textBytes);
  const records = table.records(encoding);

  const geometries: unknown[] = [];
  try {
    const source = await openShp(files[shp] as Uint8Array);
    for (let result = await source.read(); !result.done; result = await source.read()) {
      geometries.push(result.value);
    }
  } catch (error) {
    throw new FormatError(`not a shapefile: ${shp} cannot be read (${(error as Error).message})`);
  }
  if (geometries.length !== records.length) {
    throw new FormatError(`${shp} has ${geometries.length} shapes but the .dbf ${records.length} records`);
  }
  const fields = table.fields(encoding);
  return {
    format: "shapefile",
    columns: [...fields, GEOMETRY_COLUMN],
    rows: records.map((cells, index) => ({
      line: index + 1,
      cells: { ...cells, [GEOMETRY_COLUMN]: geometries[index] ?? null },
    })),
    encoding,
    warnings,
  };
}
