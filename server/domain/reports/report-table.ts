import { regionPrefix } from "../auth/access.js";
import type { FigureKind, ReportDefinition, ReportName } from "./report-catalogue.js";

export interface ReportRegion {
  readonly code: string;
  readonly name: string;
  readonly level: "province" | "prefecture" | "county" | "township";
}

/** One line of a statistics table: a region one level down, or the level's own organs (本级). */
export interface ReportRow {
  readonly region: ReportRegion & { readonly own: boolean };
  readonly values: Readonly<Record<string, number>>;
}

/** A filled-in statistics table: rows per child region, 本级 last, and their 合计. */
export interface ReportTable {
  readonly name: ReportName;
  readonly region: ReportRegion;
  /** 统计时点 (YYYY-MM-DD, Beijing time): stock figures are as of this day. */
  readonly asOf: string;
  /** 统计年度: flow figures (inspections, disposals, referrals) count this year. */
  readonly year: number;
  readonly rows: readonly ReportRow[];
  readonly totals: Readonly<Record<string, number>>;
}

/** Figures of the records carrying one region code, as summed in SQL. */
export interface FactRow {
  readonly regionCode: string;
  readonly values: Readonly<Record<string, number>>;
}

/** Counts stay whole; areas keep 0.01 m² and money 0.0001 万元 (one yuan), as the ledger stores them. */
export function roundFigure(kind: FigureKind, value: number): number {
  const scale = kind === "money" ? 10_000 : kind === "area" ? 100 : 1;
  return Math.round(value * scale) / scale;
}

/**
 * Rolls fact rows up into the table's rows: each region code falls into the child whose GB/T 2260
 * prefix it carries, else into the level itself (本级); the totals are the rows' sums, so the 合计
 * row always equals the sum of the rows above it.
 */
export function rollUp(
  definition: ReportDefinition,
  region: ReportRegion,
  children: readonly ReportRegion[],
  facts: readonly FactRow[],
): { rows: ReportRow[]; totals: Record<string, number> } {
  const zero = () => Object.fromEntries(definition.columns.map((column) => [column.key, 0]));
  const buckets = new Map<string, Record<string, number>>(
    [...children.map((child) => child.code), region.code].map((code) => [code, zero()]),
  );
  const prefixes = children.map((child) => [regionPrefix(child.code), child.code] as const);
  for (const fact of facts) {
    const bucketCode = prefixes.find(([prefix]) => fact.regionCode.startsWith(prefix))?.[1] ?? region.code;
    const bucket = buckets.get(bucketCode);
    if (!bucket) continue;
    for (const column of definition.columns)
      bucket[column.key] = (bucket[column.key] ?? 0) + (fact.values[column.key] ?? 0);
  }
  const round = (values: Record<string, number>) => {
    for (const column of definition.columns)
      values[column.key] = roundFigure(column.kind, values[column.key] ?? 0);
    return values;
  };
  const rows: ReportRow[] = [
    ...children.map((child) => ({
      region: { ...child, own: false },
      values: round(buckets.get(child.code) ?? zero()),
    })),
    { region: { ...region, own: true }, values: round(buckets.get(region.code) ?? zero()) },
  ];
  const totals = zero();
  for (const row of rows)
    for (const column of definition.columns)
      totals[column.key] = (totals[column.key] ?? 0) + (row.values[column.key] ?? 0);
  return { rows, totals: round(totals) };
}

/** The label of a row as printed: a child region's name, or 本级 for the level's own organs. */
export function rowLabel(row: ReportRow, language: "zh" | "en" = "zh"): string {
  if (!row.region.own) return row.region.name;
  return language === "zh" ? `${row.region.name}本级` : `${row.region.name} (own level)`;
}
