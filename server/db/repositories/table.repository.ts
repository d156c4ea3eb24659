import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { TableName } from "../../domain/tables/table-columns.js";
import type { Database } from "../schema.js";
import { type TableFilter, type TableSource, tableSources } from "./table-sources.js";

export type { TableFilter } from "./table-sources.js";

export interface TableQuery {
  readonly filter: TableFilter;
  /** A column key of the table (validated by the caller against the table's columns). */
  readonly sort: string;
  readonly order: "asc" | "desc";
  /** Rows per page; null for no limit. */
  readonly limit: number | null;
  readonly offset: number;
}

const joined = (joins: readonly RawBuilder<unknown>[]) =>
  joins.length === 0 ? sql`` : sql.join(joins, sql` `);

function sourceOf(table: TableName): TableSource {
  return tableSources[table];
}

function whereOf(source: TableSource, filter: TableFilter, scope: ReadScope): RawBuilder<boolean> {
  return sql<boolean>`${sql.join(source.conditions(filter, scope), sql` and `)}`;
}

/** How many rows of `table` match the filter within the reader's scope. */
export async function countTableRows(
  db: Kysely<Database>,
  table: TableName,
  filter: TableFilter,
  scope: ReadScope,
): Promise<number> {
  const source = sourceOf(table);
  const { rows } = await sql<{ count: number }>`
    select count(*) as count from ${source.from} where ${whereOf(source, filter, scope)}`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

/**
 * One page of a ledger. The page's ids are chosen first over the bare table (with only the joins
 * the sort key needs), and the per-row figures (room totals, main occupant, centre) are computed
 * for those rows alone: with a million buildings the cost follows the page, not the table, unless
 * the sort key itself is such a figure.
 */
export async function tableRows(
  db: Kysely<Database>,
  table: TableName,
  query: TableQuery,
  scope: ReadScope,
): Promise<Array<Record<string, unknown>>> {
  const source = sourceOf(table);
  const sort = source.sorts[query.sort];
  if (!sort) throw new Error(`no sort key ${query.sort} on ${table}`);
  const direction = query.order === "desc" ? sql`desc` : sql`asc`;
  const alias = sql.ref(source.alias);
  const key = sql.ref(`${source.alias}.id`);
  const page = query.limit === null ? sql`` : sql`limit ${query.limit} offset ${query.offset}`;
  const { rows } = await sql<Record<string, unknown>>`
    select ${source.select}
    from (
      select ${key} as page_id, ${sort.expression} as page_sort
      from ${source.from} ${joined(sort.joins ?? [])}
      where ${whereOf(source, query.filter, scope)}
      order by page_sort ${direction} nulls last, ${key} ${direction}
      ${page}
    ) page
    join ${source.table} ${alias} on ${key} = page.page_id
    ${joined(source.joins)}
    order by page.page_sort ${direction} nulls last, ${key} ${direction}`.execute(db);
  return rows;
}
