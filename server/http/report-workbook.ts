import ExcelJS from "exceljs";
import type { ReportDefinition } from "../domain/reports/report-catalogue.js";
import { headerRows, reportingBody, reportTitle, signatureLine } from "../domain/reports/report-format.js";
import { type ReportTable, rowLabel } from "../domain/reports/report-table.js";

const FIXED_COLUMNS = 2; // 地区, 区划代码
const HEADER_TOP = 3;
const HEADER_BOTTOM = 4;
const thin = { style: "thin" as const, color: { argb: "FF000000" } };
const boxed: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };

/** Adds one statistics table as a sheet laid out like the paper form (title, meta, two header rows, 合计, signatures). */
export function addReportSheet(
  workbook: ExcelJS.Workbook,
  definition: ReportDefinition,
  table: ReportTable,
): ExcelJS.Worksheet {
  const width = FIXED_COLUMNS + definition.columns.length;
  const sheet = workbook.addWorksheet(definition.sheetName, {
    views: [{ state: "frozen", xSplit: 1, ySplit: HEADER_BOTTOM }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_TOP}:${HEADER_BOTTOM}`,
      horizontalCentered: true,
    },
  });

  sheet.getCell(1, 1).value = reportTitle(definition, table);
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: "center" };
  sheet.mergeCells(1, 1, 1, width);
  sheet.getRow(1).height = 28;

  const half = Math.max(2, Math.floor(width / 2));
  sheet.getCell(2, 1).value = `填报单位（盖章）：${reportingBody(table)}`;
  sheet.mergeCells(2, 1, 2, half);
  sheet.getCell(2, half + 1).value =
    `${definition.number}　统计年度：${table.year}年　统计时点：${table.asOf}　区划代码：${table.region.code}`;
  sheet.getCell(2, half + 1).alignment = { horizontal: "right" };
  if (width > half + 1) sheet.mergeCells(2, half + 1, 2, width);

  const header = (row: number, column: number, text: string) => {
    const cell = sheet.getCell(row, column);
    cell.value = text;
    cell.font = { bold: true };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF5" } };
  };
  header(HEADER_TOP, 1, "地区");
  header(HEADER_TOP, 2, "区划代码");
  sheet.mergeCells(HEADER_TOP, 1, HEADER_BOTTOM, 1);
  sheet.mergeCells(HEADER_TOP, 2, HEADER_BOTTOM, 2);
  const { top, bottom } = headerRows(definition.columns);
  for (const cell of top) {
    const column = FIXED_COLUMNS + cell.column;
    header(HEADER_TOP, column, cell.text);
    if (cell.rowSpan === 2) sheet.mergeCells(HEADER_TOP, column, HEADER_BOTTOM, column);
    else if (cell.colSpan > 1) sheet.mergeCells(HEADER_TOP, column, HEADER_TOP, column + cell.colSpan - 1);
  }
  for (const cell of bottom) header(HEADER_BOTTOM, FIXED_COLUMNS + cell.column, cell.text);
  sheet.getRow(HEADER_TOP).height = 30;
  sheet.getRow(HEADER_BOTTOM).height = 42;

  const values = (record: Readonly<Record<string, number>>) =>
    definition.columns.map((column) => record[column.key] ?? 0);
  for (const row of table.rows) sheet.addRow([rowLabel(row), row.region.code, ...values(row.values)]);
  const totals = sheet.addRow(["合计", table.region.code, ...values(table.totals)]);
  totals.font = { bold: true };
  const lastRow = totals.number;
  for (let row = HEADER_TOP; row <= lastRow; row++)
    for (let column = 1; column <= width; column++) sheet.getCell(row, column).border = boxed;

  definition.columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(FIXED_COLUMNS + index + 1);
    sheetColumn.numFmt = column.kind === "count" ? "#,##0" : "#,##0.00";
    sheetColumn.width = column.kind === "count" ? 11 : 15;
  });
  sheet.getColumn(1).width = 18;
  sheet.getColumn(2).width = 10;

  const footer = lastRow + 2;
  sheet.getCell(footer, 1).value = signatureLine(table.asOf);
  sheet.mergeCells(footer, 1, footer, width);
  sheet.getCell(footer + 1, 1).value = "填表说明：";
  definition.notes.forEach((note, index) => {
    const row = footer + 2 + index;
    sheet.getCell(row, 1).value = `${index + 1}. ${note}`;
    sheet.getCell(row, 1).alignment = { wrapText: true, vertical: "top" };
    sheet.mergeCells(row, 1, row, width);
    sheet.getRow(row).height = 30;
  });
  return sheet;
}

/** A workbook of one or more statistics tables, one sheet each. */
export async function reportWorkbook(
  tables: ReadonlyArray<{ definition: ReportDefinition; table: ReportTable }>,
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "房图 Fangtu";
  workbook.created = new Date();
  for (const { definition, table } of tables) addReportSheet(workbook, definition, table);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
