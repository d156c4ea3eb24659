import type { FigureKind, ReportColumn, ReportDefinition } from "./report-catalogue.js";
import type { ReportTable } from "./report-table.js";

/** A figure as printed on the form: counts whole, areas m² and money 万元 with two decimals. */
export function formatFigure(kind: FigureKind, value: number): string {
  const digits = kind === "count" ? 0 : 2;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Who fills in the form: the administration of the table's level. */
export function reportingBody(table: ReportTable): string {
  return `${table.region.name}机关事务管理局`;
}

/** The form's title with its region, e.g. 黑龙江省党政机关办公用房基本情况统计表. */
export function reportTitle(definition: ReportDefinition, table: ReportTable): string {
  return `${table.region.name}${definition.title.zh}`;
}

/** Header cells in two rows: grouped columns under a spanning heading, others spanning both rows. */
export interface HeaderCell {
  readonly text: string;
  /** 1-based column of the cell among the figure columns. */
  readonly column: number;
  readonly colSpan: number;
  readonly rowSpan: 1 | 2;
}

export function headerRows(columns: readonly ReportColumn[]): { top: HeaderCell[]; bottom: HeaderCell[] } {
  const top: HeaderCell[] = [];
  const bottom: HeaderCell[] = [];
  columns.forEach((column, index) => {
    const heading = `${column.label.zh}（${column.unit}）`;
    if (!column.group) {
      top.push({ text: heading, column: index + 1, colSpan: 1, rowSpan: 2 });
      return;
    }
    const previous = columns[index - 1];
    if (previous?.group?.zh === column.group.zh) {
      const last = top[top.length - 1];
      if (last) top[top.length - 1] = { ...last, colSpan: last.colSpan + 1 };
    } else top.push({ text: column.group.zh, column: index + 1, colSpan: 1, rowSpan: 1 });
    bottom.push({ text: heading, column: index + 1, colSpan: 1, rowSpan: 1 });
  });
  return { top, bottom };
}

/** The signature line at the foot of every form; names are signed by hand on the printed copy. */
export const signatureLine = (reportedOn: string) =>
  `单位负责人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　填表人：＿＿＿＿＿＿　　联系电话：＿＿＿＿＿＿　　报出日期：${reportedOn}`;
