import ExcelJS from "exceljs";
import Papa from "papaparse";
import { FormatError, type ParsedSource } from "./format-error.js";
import { decodeText, detectEncoding, encodingOf } from "./text-encoding.js";

/** Totals rows of official ledgers are not records. */
const TOTALS = new Set(["合计", "总计", "小计"]);

const blank = (value: unknown) => value === null || value === undefined || String(value).trim() === "";

/** Unique, non-empty headings (a repeated heading gets " (2)", an empty one "列N"). */
function headingsOf(raw: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((value, index) => {
    const base = blank(value) ? `列${index + 1}` : String(value).trim();
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

function rowsOf(
  headings: readonly string[],
  records: ReadonlyArray<{ line: number; values: readonly unknown[] }>,
) {
  return records
    .filter(
      ({ values }) => values.some((value) => !blank(value)) && !TOTALS.has(String(values[0] ?? "").trim()),
    )
    .map(({ line, values }) => ({
      line,
      cells: Object.fromEntries(headings.map((heading, index) => [heading, values[index] ?? null])),
    }));
}

/** A CSV ledger in UTF-8 (with or without BOM) or GBK; the first line holds the headings. */
export function readCsv(bytes: Uint8Array, explicitEncoding?: string): ParsedSource {
  const encoding = explicitEncoding ? encodingOf(explicitEncoding) : detectEncoding(bytes);
  const text = decodeText(bytes, encoding);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const fatal = parsed.errors.find((error) => error.type === "Quotes");
  if (fatal) throw new FormatError(`unreadable CSV: ${fatal.message} on line ${(fatal.row ?? 0) + 1}`);
  const [header, ...lines] = parsed.data;
  if (!header || header.every(blank)) throw new FormatError("unreadable CSV: no heading line");
  const headings = headingsOf(header);
  return {
    format: "csv",
    columns: headings,
    rows: rowsOf(
      headings,
      lines.map((values, index) => ({ line: index + 2, values })),
    ),
    encoding,
    warnings: [],
  };
}

function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value !== "object") return value;
  if ("result" in value) return cellValue(value.result as ExcelJS.CellValue);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("text" in value) return value.text;
  if ("error" in value) return null;
  return String(value);
}

/**
 * The first worksheet of an XLSX ledger. Official ledgers put a title above the headings (as Fangtu's
 * own exports do): the heading row is the first of the first ten with at least two filled cells.
 */
export async function readXlsx(bytes: Uint8Array): Promise<ParsedSource> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new FormatError(`unreadable spreadsheet: ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new FormatError("unreadable spreadsheet: the workbook has no worksheet");
  const valuesOf = (row: ExcelJS.Row) => {
    const values: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      values[column - 1] = cellValue(cell.value);
    });
    return values;
  };
  let headerRow = 0;
  for (let index = 1; index <= Math.min(10, sheet.rowCount); index++) {
    if (valuesOf(sheet.getRow(index)).filter((value) => !blank(value)).length >= 2) {
      headerRow = index;
      break;
    }
  }
  if (headerRow === 0) throw new FormatError("unreadable spreadsheet: no heading row in the first ten rows");
  const headings = headingsOf(valuesOf(sheet.getRow(headerRow)));
  const records: Array<{ line: number; values: unknown[] }> = [];
  for (let index = headerRow + 1; index <= sheet.rowCount; index++) {
    records.push({ line: index, values: valuesOf(sheet.getRow(index)) });
  }
  const warnings =
    workbook.worksheets.length > 1 ? [`only the first worksheet (${sheet.name}) was read`] : [];
  return { format: "xlsx", columns: headings, rows: rowsOf(headings, records), warnings };
}
