import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  countTableRows,
  type TableFilter,
  type TableQuery,
  tableRows,
} from "../../db/repositories/table.repository.js";
import { type ReadScope, readScopeOf } from "../../domain/auth/access.js";
import {
  adminLevelLabels,
  propertyClassLabels,
  roomStatusLabels,
  unitKindLabels,
  useCategoryLabels,
} from "../../domain/labels.js";
import {
  sortKeysOf,
  type TableName,
  tableColumns,
  tableNames,
  tableTitles,
} from "../../domain/tables/table-columns.js";
import { MAX_EXPORT_ROWS, toCsv } from "../../domain/tables/table-export.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, integerParameter, regionCodeParameter, textQueryParameter } from "../schemas.js";
import { tableWorkbook } from "../table-workbook.js";
import { validationHook } from "../validation.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
type Format = "json" | "csv" | "xlsx";

const codesOf = <Code extends string>(labels: Readonly<Record<Code, unknown>>) =>
  Object.keys(labels) as [Code, ...Code[]];
const recordId = z
  .string()
  .regex(/^\d{1,9}$/, "must be a whole number")
  .transform(Number)
  .openapi({ type: "integer" });

/** The filters each ledger accepts besides region, q, sort and order. */
const filtersOf = {
  buildings: {
    property_class: z.enum(codesOf(propertyClassLabels)).optional(),
    idle: z
      .enum(["true", "false"], { error: "idle must be true or false" })
      .transform((value) => value === "true")
      .optional(),
  },
  units: {
    kind: z.enum(codesOf(unitKindLabels)).optional(),
    level: z.enum(codesOf(adminLevelLabels)).optional(),
  },
  rooms: {
    use_category: z.enum(codesOf(useCategoryLabels)).optional(),
    status: z.enum(codesOf(roomStatusLabels)).optional(),
    building_id: recordId.optional(),
    unit_id: recordId.optional(),
  },
} as const;

/** Strict query of a ledger: unknown parameters and unknown sort keys are refused, naming what is valid. */
function querySchema(table: TableName, format: Format) {
  const keys = sortKeysOf(table);
  const common = {
    region: regionCodeParameter.optional(),
    q: textQueryParameter.optional(),
    sort: z
      .enum(keys, { error: `sort must be one of: ${keys.join(", ")}` })
      .optional()
      .default("id"),
    order: z.enum(["asc", "desc"], { error: "order must be asc or desc" }).optional().default("asc"),
    ...filtersOf[table],
  };
  // Exports hold every matching row: a page makes no sense there, so limit/offset are refused.
  return format === "json"
    ? z
        .object({
          ...common,
          limit: integerParameter("limit", 1, 500, 100),
          offset: integerParameter("offset", 0, 10_000_000, 0),
        })
        .strict()
    : z.object(common).strict();
}

type ParsedQuery = TableFilter & {
  sort: string;
  order: "asc" | "desc";
  limit?: number;
  offset?: number;
};

function tableQueryOf(parsed: ParsedQuery, limit: number | null, offset: number): TableQuery {
  const { sort, order, limit: _limit, offset: _offset, ...filter } = parsed;
  return { filter, sort, order, limit, offset };
}

/** Today in Beijing time, e.g. { day: "20261126", stamp: "2026-11-26 14:03" }. */
export function beijingTime(now: Date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Shanghai",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  return {
    day: `${parts.year}${parts.month}${parts.day}`,
    stamp: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`,
  };
}

/** RFC 6266: an ASCII fallback for old clients, the Chinese name as RFC 8187 UTF-8 for the rest. */
function contentDisposition(table: TableName, format: "csv" | "xlsx", day: string): string {
  const title = tableTitles[table];
  return attachmentDisposition(`${title.zh}-${day}.${format}`, `${title.en}-${day}.${format}`);
}

/** An attachment named `name` (UTF-8, RFC 8187) with `asciiName` for clients that read only filename. */
export function attachmentDisposition(name: string, asciiName: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The rows of an export, refused with a 400 when the filter matches too many. */
async function exportRows(
  deps: AppDependencies,
  table: TableName,
  parsed: ParsedQuery,
  scope: ReadScope,
): Promise<{ rows: Array<Record<string, unknown>>; total: number }> {
  const query = tableQueryOf(parsed, MAX_EXPORT_ROWS, 0);
  const total = await countTableRows(deps.db, table, query.filter, scope);
  if (total > MAX_EXPORT_ROWS) {
    throw new ApiError(
      "invalid_request",
      `${total} rows match, but an export holds at most ${MAX_EXPORT_ROWS}: narrow the filter (region, q or another filter) and export again`,
      [{ path: "region", message: `${total} rows match; at most ${MAX_EXPORT_ROWS}` }],
    );
  }
  return { rows: await tableRows(deps.db, table, query, scope), total };
}

function subtitle(parsed: ParsedQuery, stamp: string, total: number): string {
  const { sort, order, limit: _limit, offset: _offset, ...filter } = parsed;
  const conditions = Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`);
  const filtered = conditions.length > 0 ? `；筛选：${conditions.join("，")}` : "";
  return `（导出时间 ${stamp}（北京时间）；共 ${total} 条；排序：${sort} ${order}${filtered}）`;
}

const ok = (format: Format) => ({
  200: {
    content:
      format === "json"
        ? { "application/json": { schema: z.any() } }
        : format === "csv"
          ? { "text/csv": { schema: z.string() } }
          : { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
    description: format === "json" ? "One page of the ledger" : `The ledger as ${format.toUpperCase()}`,
  },
  ...errorResponses,
});

/**
 * `/tables/{table}` (one page, JSON) and `/tables/{table}.csv|.xlsx` (every matching row, at most
 * 50,000) for the workbench's ledgers of buildings, units and rooms, scoped like every list.
 */
export function tableRoutes(deps: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  for (const table of tableNames) {
    const columns = tableColumns[table];
    // Clients translate codes with their own vocabulary; the code labels are for exports.
    const publicColumns = columns.map(({ codes: _codes, ...column }) => column);
    for (const format of ["json", "csv", "xlsx"] as const) {
      const route = createRoute({
        method: "get",
        path: format === "json" ? `/tables/${table}` : `/tables/${table}.${format}`,
        summary:
          format === "json"
            ? `The ${table} ledger: columns, one page of rows and the number matched`
            : `The ${table} ledger as ${format.toUpperCase()} (same filters and sort; at most ${MAX_EXPORT_ROWS} rows)`,
        request: { query: querySchema(table, format) },
        responses: ok(format),
      });
      app.openapi(route, async (c) => {
        const scope = readScopeOf(requireReader(c));
        const parsed: ParsedQuery = c.req.valid("query");
        if (format === "json") {
          const limit = parsed.limit ?? 100;
          const offset = parsed.offset ?? 0;
          const query = tableQueryOf(parsed, limit, offset);
          const [rows, total] = await Promise.all([
            tableRows(deps.db, table, query, scope),
            countTableRows(deps.db, table, query.filter, scope),
          ]);
          return c.json({ table, columns: publicColumns, rows, total, limit, offset }, 200);
        }
        const { rows, total } = await exportRows(deps, table, parsed, scope);
        const { day, stamp } = beijingTime(new Date());
        const headers = {
          "Content-Disposition": contentDisposition(table, format, day),
          "Cache-Control": "private, no-store",
        };
        if (format === "csv") {
          return c.body(toCsv(columns, rows), 200, { ...headers, "Content-Type": "text/csv; charset=utf-8" });
        }
        const workbook = await tableWorkbook(columns, rows, {
          title: tableTitles[table].zh,
          subtitle: subtitle(parsed, stamp, total),
        });
        return c.body(workbook, 200, { ...headers, "Content-Type": XLSX });
      });
    }
  }
  return app;
}
