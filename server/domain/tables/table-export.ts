import { booleanLabels, labelZh } from "../labels.js";
import type { TableColumn } from "./table-columns.js";

/** Most rows one export holds: beyond that, a ledger wants a narrower filter (and a job, later). */
export const MAX_EXPORT_ROWS: number = 50_000;

/** Yuan per 万元: money columns are stored in yuan and exported in 万元. */
const YUAN_PER_WAN = 10_000;

/** The unit an export prints a column in. */
export function exportUnit(column: TableColumn): string | undefined {
  if (column.type === "money") return "万元";
  return column.unit;
}

/** A heading in Chinese with the unit in full-width brackets, e.g. 建筑面积（m²）. */
export function exportHeading(column: TableColumn): string {
  const unit = exportUnit(column);
  return unit ? `${column.label_zh}（${unit}）` : column.label_zh;
}

export type ExportValue = string | number | null;

/** A row value as an export prints it: codes as Chinese labels, money in 万元, booleans as 是/否. */
export function exportValue(column: TableColumn, value: unknown): ExportValue {
  if (value === null || value === undefined) return null;
  if (column.codes) return labelZh(column.codes, String(value));
  switch (column.type) {
    case "money":
      // Six decimals of 万元 are cents: nothing is lost.
      return Math.round((Number(value) / YUAN_PER_WAN) * 1e6) / 1e6;
    case "area":
    case "number":
      return Number(value);
    case "boolean":
      return labelZh(booleanLabels, String(Boolean(value)));
    case "date":
    case "text":
      return String(value);
    default: {
      const unreachable: never = column.type;
      return unreachable;
    }
  }
}

/** The rows of an export, one array of printed values per row, in column order. */
export function exportMatrix(
  columns: readonly TableColumn[],
  rows: ReadonlyArray<Record<string, unknown>>,
): ExportValue[][] {
  return rows.map((row) => columns.map((column) => exportValue(column, row[column.key])));
}

/**
 * A text cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a leading
 * apostrophe: names typed by users must never run as formulas in Excel (CSV injection).
 */
function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvField(value: ExportValue): string {
  if (value === null) return "";
  const text = typeof value === "number" ? String(value) : neutralised(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A CSV document: UTF-8 byte order mark first (Excel otherwise reads Chinese as the local code
 * page), CRLF line ends as RFC 4180 says, Chinese headings with units.
 */
export function toCsv(columns: readonly TableColumn[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const lines = [
    columns.map((column) => csvField(exportHeading(column))),
    ...exportMatrix(columns, rows).map((values) => values.map(csvField)),
  ].map((fields) => fields.join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
