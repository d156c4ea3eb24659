import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { loadConsistencyData } from "../../db/repositories/consistency.repository.js";
import { canRead, isUnitOnly, type Principal, readScopeOf } from "../../domain/auth/access.js";
import type { Mismatch, MismatchValue } from "../../domain/consistency/mismatch.js";
import { mismatchKinds } from "../../domain/consistency/mismatch.js";
import { consistencyReport, findMismatches, type UnitMismatches } from "../../domain/consistency/report.js";
import {
  type Conclusion,
  consistencyDetailColumns,
  consistencySummaryColumns,
  consistencySummaryTotals,
} from "../../domain/consistency/report-columns.js";
import { roomStatusLabels, useCategoryLabels } from "../../domain/labels.js";
import { MAX_EXPORT_ROWS } from "../../domain/tables/table-export.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, integerParameter, regionCodeParameter } from "../schemas.js";
import { tablesWorkbook } from "../table-workbook.js";
import { validationHook } from "../validation.js";
import { attachmentDisposition, beijingTime } from "./tables.route.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A calendar date written YYYY-MM-DD that exists ('2026-02-30' does not). */
export function calendarDate(name: string) {
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must be a date written YYYY-MM-DD`)
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    }, `${name} is not a calendar date`);
}

/** Today in China (UTC+8), 'YYYY-MM-DD'. */
export function todayInChina(): string {
  const { day } = beijingTime(new Date());
  return `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
}

const kindParameter = z.enum(mismatchKinds, {
  error: () => `kind must be one of ${mismatchKinds.join(", ")}`,
});

const reportQuery = z
  .object({
    region: regionCodeParameter.optional(),
    unitId: z
      .string()
      .regex(/^\d{1,9}$/, "unitId must be a whole number")
      .transform(Number)
      .optional(),
    kind: kindParameter.optional(),
    asOf: calendarDate("asOf").optional(),
    limit: integerParameter("limit", 1, 1000, 100),
    offset: integerParameter("offset", 0, 10_000_000, 0),
  })
  .strict();

const workbookQuery = z
  .object({
    region: regionCodeParameter.optional(),
    kind: kindParameter.optional(),
    asOf: calendarDate("asOf").optional(),
  })
  .strict();

const reportRoute = createRoute({
  method: "get",
  path: "/consistency",
  summary:
    "三相符: mismatches of the master ledger with the units' sub-ledgers, field checks and certificates, per unit, within the reader's scope",
  request: { query: reportQuery },
  responses: {
    200: { content: { "application/json": { schema: z.any() } }, description: "Mismatch report" },
    ...errorResponses,
  },
});

const workbookRoute = createRoute({
  method: "get",
  path: "/consistency.xlsx",
  summary: "三相符核查情况表 (XLSX: one row per unit, and the mismatches in detail) of a region",
  request: { query: workbookQuery },
  responses: {
    200: {
      content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
      description: "三相符核查情况表",
    },
    ...errorResponses,
  },
});

/** The three consistencies (三相符): the mismatch report as JSON and as the XLSX 三相符核查情况表. */
export function consistencyRoutes({ db }: AppDependencies) {
  const regionOf = async (code: string) => {
    const region = await db
      .selectFrom("regions")
      .select(["code", "name"])
      .where("code", "=", code)
      .executeTakeFirst();
    if (!region)
      throw new ApiError("invalid_request", `Unknown region ${code}`, [
        { path: "region", message: `no region has the code ${code}` },
      ]);
    return region;
  };

  /** A unit the reader may not read answers like a missing one. */
  const requireUnit = async (principal: Principal, unitId: number) => {
    const unit = await db
      .selectFrom("units")
      .select(["id", "region_code"])
      .where("id", "=", unitId)
      .executeTakeFirst();
    if (!unit || !canRead(principal, { regionCode: unit.region_code, unitId: unit.id }))
      throw new ApiError("not_found", `Unit ${unitId} not found`);
  };

  const run = async (
    principal: Principal,
    query: { region?: string | undefined; unitId?: number | undefined; asOf?: string | undefined },
  ) => {
    // A unit user's units (its own and those it supervises) may lie anywhere in the province.
    const home = isUnitOnly(principal) ? `${principal.regionCode.slice(0, 2)}0000` : principal.regionCode;
    const region = await regionOf(query.region ?? home);
    if (query.unitId !== undefined) await requireUnit(principal, query.unitId);
    const asOf = query.asOf ?? todayInChina();
    const data = await loadConsistencyData(db, {
      region: region.code,
      scope: readScopeOf(principal),
      unitId: query.unitId,
      asOf,
    });
    return { region, asOf, units: data.units, mismatches: findMismatches(data) };
  };

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(reportRoute, async (c) => {
      const query = c.req.valid("query");
      const { region, asOf, units, mismatches } = await run(requireReader(c), query);
      const report = consistencyReport(units, mismatches, query.kind ? [query.kind] : mismatchKinds);
      return c.json(
        {
          region: region.code,
          regionName: region.name,
          asOf,
          summary: report.summary,
          units: report.units.slice(query.offset, query.offset + query.limit),
          total: report.units.length,
          limit: query.limit,
          offset: query.offset,
        },
        200,
      );
    })
    .openapi(workbookRoute, async (c) => {
      const query = c.req.valid("query");
      const { region, asOf, units, mismatches } = await run(requireReader(c), query);
      const kinds = query.kind ? [query.kind] : mismatchKinds;
      const wanted = mismatches.filter((mismatch) => kinds.includes(mismatch.kind));
      if (units.length > MAX_EXPORT_ROWS || wanted.length > MAX_EXPORT_ROWS) {
        throw new ApiError(
          "invalid_request",
          `More than ${MAX_EXPORT_ROWS} rows match, but a workbook holds at most ${MAX_EXPORT_ROWS}: narrow the region and export again`,
          [{ path: "region", message: `more than ${MAX_EXPORT_ROWS} rows in ${region.code}` }],
        );
      }
      const report = consistencyReport(units, mismatches, kinds);
      const regionNames = await regionNamesOf(units.map((unit) => unit.regionCode));
      const { day, stamp } = beijingTime(new Date());
      const summaryRows = summaryRowsOf(units, wanted, report.units, regionNames);
      const detailRows = report.units.flatMap((entry) =>
        entry.mismatches.map((mismatch) => detailRowOf(entry, mismatch)),
      );
      const title = "三相符核查情况表";
      const subtitle = `（统计日期 ${stamp}（北京时间）；凭证有效日 ${asOf}；区划代码 ${region.code}；`;
      const workbook = await tablesWorkbook([
        {
          columns: consistencySummaryColumns,
          rows: summaryRows.map((row, index) => ({ ...row, sequence: index + 1 })),
          options: {
            title: `${region.name} ${title}`,
            subtitle: `${subtitle}共 ${units.length} 个单位）`,
            sheetName: "三相符核查情况",
            totals: consistencySummaryTotals,
          },
        },
        {
          columns: consistencyDetailColumns,
          rows: detailRows.map((row, index) => ({ ...row, sequence: index + 1 })),
          options: {
            title: `${region.name} 三相符不符事项明细`,
            subtitle: `${subtitle}共 ${detailRows.length} 项）`,
            sheetName: "不符明细",
          },
        },
      ]);
      return c.body(workbook, 200, {
        "Content-Type": XLSX,
        "Content-Disposition": attachmentDisposition(
          `${region.name}${title}-${day}.xlsx`,
          `consistency-${region.code}-${day}.xlsx`,
        ),
        "Cache-Control": "private, no-store",
      });
    });

  async function regionNamesOf(codes: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return new Map();
    const { rows } = await sql<{ code: string; name: string }>`
      select code, name from regions where code = any(${sql.val(unique)}::text[])`.execute(db);
    return new Map(rows.map((row) => [row.code, row.name]));
  }
}

/** One summary row per unit checked (and one for the buildings no unit answers for, if any). */
function summaryRowsOf(
  units: ReadonlyArray<{ id: number; name: string; regionCode: string; submittedOn: string | null }>,
  mismatches: readonly Mismatch[],
  listed: readonly UnitMismatches[],
  regionNames: ReadonlyMap<string, string>,
): Array<Record<string, unknown>> {
  const byUnit = new Map<number | null, Mismatch[]>();
  for (const mismatch of mismatches) {
    const own = byUnit.get(mismatch.unitId);
    if (own) own.push(mismatch);
    else byUnit.set(mismatch.unitId, [mismatch]);
  }
  const countsOf = (unitId: number | null) => {
    const own = byUnit.get(unitId) ?? [];
    return {
      ledger_vs_subledger: own.filter((mismatch) => mismatch.kind === "ledger_vs_subledger").length,
      ledger_vs_field: own.filter((mismatch) => mismatch.kind === "ledger_vs_field").length,
      ledger_vs_certificate: own.filter((mismatch) => mismatch.kind === "ledger_vs_certificate").length,
      mismatches: own.length,
    };
  };
  const rows: Array<Record<string, unknown>> = units.map((unit) => {
    const counts = countsOf(unit.id);
    const conclusion: Conclusion =
      counts.mismatches > 0 ? "inconsistent" : unit.submittedOn === null ? "no_submission" : "consistent";
    return {
      name: unit.name,
      region_name: regionNames.get(unit.regionCode) ?? unit.regionCode,
      submitted_on: unit.submittedOn,
      ...counts,
      conclusion,
    };
  });
  if (listed.some((entry) => entry.unitId === null)) {
    rows.push({ name: "（无使用单位的楼宇）", ...countsOf(null), conclusion: "inconsistent" });
  }
  return rows;
}

function detailRowOf(entry: UnitMismatches, mismatch: Mismatch): Record<string, unknown> {
  return {
    unit_name: entry.name ?? "（无使用单位）",
    kind: mismatch.kind,
    building_name: mismatch.buildingName,
    room_number: mismatch.roomNumber ?? null,
    field: mismatch.field,
    ledger_value: printed(mismatch, mismatch.ledgerValue),
    other_value: printed(mismatch, mismatch.otherValue),
    message: mismatch.message,
  };
}

/** A compared value as the detail sheet prints it: codes in Chinese, areas with their unit. */
function printed(mismatch: Mismatch, value: MismatchValue): string | null {
  if (value === null) return null;
  if (typeof value === "number") return `${value.toFixed(2)} m²`;
  if (mismatch.field === "use_category")
    return useCategoryLabels[value as keyof typeof useCategoryLabels]?.zh ?? value;
  if (mismatch.field === "status")
    return roomStatusLabels[value as keyof typeof roomStatusLabels]?.zh ?? value;
  return value;
}
