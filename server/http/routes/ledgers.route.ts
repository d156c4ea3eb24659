import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import {
  type LedgerFilter,
  officeBuildingRows,
  overStandardRows,
  staffOfficeRows,
  unitLedgerRows,
  vacatedRows,
} from "../../db/repositories/ledger.repository.js";
import { unitEntitlementReport } from "../../db/repositories/unit-entitlement.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import {
  isLedgerName,
  type LedgerName,
  ledgerDefinitions,
  ledgerNames,
  MAX_LEDGER_UNITS,
} from "../../domain/ledgers/ledger-columns.js";
import { MAX_EXPORT_ROWS } from "../../domain/tables/table-export.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { entitlementSheetHtml, type StaffingLine } from "../entitlement-sheet.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters, regionCodeParameter } from "../schemas.js";
import { tableWorkbook } from "../table-workbook.js";
import { validationHook } from "../validation.js";
import { attachmentDisposition, beijingTime } from "./tables.route.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const ledgerQuery = z.object({ region: regionCodeParameter.optional() }).strict();

type Row = Record<string, unknown>;
type Reader = (
  deps: AppDependencies,
  filter: LedgerFilter & { regionLevel: string; asOf: string },
) => Promise<Row[]>;

const readers: Readonly<Record<LedgerName, Reader>> = {
  "office-buildings": ({ db }, filter) => officeBuildingRows(db, filter),
  units: ({ db }, filter) => unitLedgerRows(db, filter),
  "staff-offices": ({ db }, filter) => staffOfficeRows(db, filter),
  "over-standard": ({ db }, filter) => overStandardRows(db, filter),
  vacated: ({ db }, filter) =>
    vacatedRows(db, {
      ...filter,
      perUnit: filter.regionLevel === "county" || filter.regionLevel === "township",
    }),
};

/** The most rows a ledger holds: the export cap, and for units the cap of per-unit entitlement runs. */
const capOf = (ledger: LedgerName) =>
  ledger === "units" ? Math.min(MAX_LEDGER_UNITS, MAX_EXPORT_ROWS) : MAX_EXPORT_ROWS;

/**
 * `/ledgers/{name}.xlsx`: the official ledgers (ledger-columns.ts) of a region subtree within the
 * reader's scope, and `/units/{id}/entitlement.html`, the printable entitlement sheet of one unit.
 */
export function ledgerRoutes(deps: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  for (const ledger of ledgerNames) {
    const definition = ledgerDefinitions[ledger];
    const route = createRoute({
      method: "get",
      path: `/ledgers/${ledger}.xlsx`,
      summary: `${definition.titleZh} (XLSX) of a region (default: the reader's own), within the reader's scope`,
      request: { query: ledgerQuery },
      responses: {
        200: {
          content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
          description: `${definition.titleZh} as XLSX`,
        },
        ...errorResponses,
      },
    });
    app.openapi(route, async (c) => {
      const principal = requireReader(c);
      const code = c.req.valid("query").region ?? principal.regionCode;
      const region = await deps.db
        .selectFrom("regions")
        .select(["code", "name", "level"])
        .where("code", "=", code)
        .executeTakeFirst();
      if (!region)
        throw new ApiError("invalid_request", `Unknown region ${code}`, [
          { path: "region", message: `no region has the code ${code}` },
        ]);
      const cap = capOf(ledger);
      const { day, stamp } = beijingTime(new Date());
      const asOf = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
      const rows = await readers[ledger](deps, {
        region: code,
        regionLevel: region.level,
        scope: readScopeOf(principal),
        limit: cap + 1,
        asOf,
      });
      if (rows.length > cap) {
        throw new ApiError(
          "invalid_request",
          `More than ${cap} rows match, but this ledger holds at most ${cap}: narrow the region and export again`,
          [{ path: "region", message: `more than ${cap} rows in ${code}` }],
        );
      }
      const workbook = await tableWorkbook(
        definition.columns,
        rows.map((row, index) => ({ ...row, sequence: index + 1 })),
        {
          title: `${region.name} ${definition.titleZh}`,
          subtitle: `（统计日期 ${stamp}（北京时间）；区划代码 ${code}；共 ${rows.length} 条）`,
          sheetName: definition.sheetName,
          ...(definition.totals ? { totals: definition.totals } : {}),
        },
      );
      return c.body(workbook, 200, {
        "Content-Type": XLSX,
        "Content-Disposition": attachmentDisposition(
          `${region.name}${definition.titleZh}-${day}.xlsx`,
          `${definition.fileEn}-${code}-${day}.xlsx`,
        ),
        "Cache-Control": "private, no-store",
      });
    });
  }

  // Any other ledger name: a 404 that lists the valid ones (registered after the ledgers themselves).
  app.get("/ledgers/:name", (c) => {
    const name = c.req.param("name").replace(/\.xlsx$/, "");
    if (isLedgerName(name)) throw new ApiError("not_found", `Ledgers are served as ${name}.xlsx`);
    throw new ApiError("not_found", `Unknown ledger ${name}: valid ledgers are ${ledgerNames.join(", ")}`, [
      { path: "name", message: `one of ${ledgerNames.map((valid) => `${valid}.xlsx`).join(", ")}` },
    ]);
  });

  const sheetRoute = createRoute({
    method: "get",
    path: "/units/{id}/entitlement.html",
    summary: "The unit's printable entitlement sheet (HTML for A4, 发改投资〔2014〕2674号)",
    request: { params: idParameters },
    responses: {
      200: { content: { "text/html": { schema: z.string() } }, description: "Printable entitlement sheet" },
      ...errorResponses,
    },
  });
  app.openapi(sheetRoute, async (c) => {
    const { id } = c.req.valid("param");
    const report = await unitEntitlementReport(deps.db, id, readScopeOf(requireReader(c)));
    if (!report) throw new ApiError("not_found", `Unit ${id} not found`);
    const { rows: staffing } = await sql<StaffingLine>`
      select s.rank_code, s.authorized, s.actual from staffing s
      left join ranks k on k.code = s.rank_code
      where s.unit_id = ${id} order by k.sort_order nulls last, s.rank_code`.execute(deps.db);
    const html = entitlementSheetHtml(report, staffing, beijingTime(new Date()).stamp);
    return c.body(html, 200, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "private, no-store",
    });
  });
  return app;
}
