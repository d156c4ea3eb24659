import type { ReportDefinition } from "../domain/reports/report-catalogue.js";
import {
  formatFigure,
  headerRows,
  reportingBody,
  reportTitle,
  signatureLine,
} from "../domain/reports/report-format.js";
import { type ReportTable, rowLabel } from "../domain/reports/report-table.js";
import { escapeHtml } from "./entitlement-sheet.js";

// A4 landscape with 12 mm margins; the header rows repeat on every printed page (a thead is a
// table-header-group), rows never split across pages. Self-contained: no fonts, scripts or images
// from anywhere, so it prints offline and passes the app's CSP (inline styles only).
const STYLE = `
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei", serif; font-size: 9.5pt; color: #000; margin: 0 auto; max-width: 273mm; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 3mm; letter-spacing: 1pt; }
.meta { display: flex; justify-content: space-between; margin-bottom: 2mm; font-size: 9.5pt; }
table { width: 100%; border-collapse: collapse; page-break-inside: auto; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
th, td { border: 1px solid #000; padding: 1mm 1.2mm; }
th { background: #eee; font-weight: bold; text-align: center; vertical-align: middle; }
td { text-align: right; white-space: nowrap; }
td.region { text-align: left; white-space: nowrap; }
td.code { text-align: center; }
tr.total td { font-weight: bold; }
.signatures { margin-top: 5mm; }
.notes { margin-top: 3mm; font-size: 8.5pt; }
.notes ol { margin: 1mm 0 0 5mm; padding: 0; }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
@media screen { body { padding: 8mm; } }
`;

/** The table as an HTML fragment (title, meta, table, signatures, notes): pages and the preview share it. */
export function reportSection(definition: ReportDefinition, table: ReportTable): string {
  const { top, bottom } = headerRows(definition.columns);
  const topCells = top
    .map(
      (cell) =>
        `<th${cell.rowSpan === 2 ? ' rowspan="2"' : ""}${cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : ""}>${escapeHtml(cell.text)}</th>`,
    )
    .join("");
  const bottomCells = bottom.map((cell) => `<th>${escapeHtml(cell.text)}</th>`).join("");
  const figures = (values: Readonly<Record<string, number>>) =>
    definition.columns
      .map((column) => `<td>${formatFigure(column.kind, values[column.key] ?? 0)}</td>`)
      .join("");
  const rows = table.rows
    .map(
      (row) =>
        `<tr><td class="region">${escapeHtml(rowLabel(row))}</td><td class="code">${escapeHtml(row.region.code)}</td>${figures(row.values)}</tr>`,
    )
    .join("\n");
  return `<section class="report" data-report="${escapeHtml(definition.name)}">
<h1>${escapeHtml(reportTitle(definition, table))}</h1>
<div class="meta"><span>填报单位（盖章）：${escapeHtml(reportingBody(table))}</span><span>${escapeHtml(definition.number)}　统计年度：${table.year}年　统计时点：${escapeHtml(table.asOf)}</span></div>
<table>
<thead><tr><th rowspan="2">地区</th><th rowspan="2">区划代码</th>${topCells}</tr><tr>${bottomCells}</tr></thead>
<tbody>
${rows}
<tr class="total"><td class="region">合计</td><td class="code">${escapeHtml(table.region.code)}</td>${figures(table.totals)}</tr>
</tbody>
</table>
<p class="signatures">${escapeHtml(signatureLine(table.asOf))}</p>
<div class="notes">填表说明：<ol>${definition.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join("")}</ol></div>
</section>`;
}

/** The printable page of one statistics table (A4 landscape). */
export function reportPageHtml(definition: ReportDefinition, table: ReportTable): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${escapeHtml(reportTitle(definition, table))}（${escapeHtml(table.asOf)}）</title>
<style>${STYLE}</style>
</head>
<body>
${reportSection(definition, table)}
</body>
</html>`;
}
