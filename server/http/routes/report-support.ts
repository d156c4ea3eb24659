import { z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { reportRegion, reportTable } from "../../db/repositories/report.repository.js";
import type { Database } from "../../db/schema.js";
import { isAdministrationStaff, type Principal, regionWithin } from "../../domain/auth/access.js";
import { type ReportName, reportNames } from "../../domain/reports/report-catalogue.js";
import type { ReportTable } from "../../domain/reports/report-table.js";
import { ApiError } from "../errors.js";
import { regionCodeParameter } from "../schemas.js";
import { todayInChina } from "./consistency.route.js";

// What the report routes and the annual submissions share: the query, who may read, the region asked for.

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The statistical year: any year from 2000 to the current one (Beijing time). */
export const yearParameter = z
  .string()
  .regex(/^\d{4}$/, "year must be a four-digit year")
  .transform(Number)
  .refine((year) => year >= 2000 && year <= Number(todayInChina().slice(0, 4)), {
    message: "year must be between 2000 and the current year",
  });

export const reportQuery = z
  .object({ region: regionCodeParameter.optional(), year: yearParameter.optional() })
  .strict();

/** Statistics tables are the administration's (403 for unit users). */
export function requireReportStaff(principal: Principal): Principal {
  if (!isAdministrationStaff(principal))
    throw new ApiError("forbidden", "Statistics tables are the administration's: unit users do not see them");
  return principal;
}

/** The region a report is asked for: the reader's own by default; one the reader's level does not reach is a 404. */
export async function reportedRegion(db: Kysely<Database>, principal: Principal, code: string | undefined) {
  const wanted = code ?? principal.regionCode;
  const reachable = principal.roles.includes("system_admin") || regionWithin(wanted, principal.regionCode);
  const region = reachable ? await reportRegion(db, wanted) : undefined;
  if (!region) throw new ApiError("not_found", `No region ${wanted}`);
  return region;
}

/** Every table of a region for a year, in catalogue order (as of today, Beijing time). */
export async function allTables(
  db: Kysely<Database>,
  code: string,
  year: number,
): Promise<Map<ReportName, ReportTable>> {
  const asOf = todayInChina();
  const tables = new Map<ReportName, ReportTable>();
  for (const name of reportNames) {
    const table = await reportTable(db, name, code, { asOf, year });
    if (table) tables.set(name, table);
  }
  return tables;
}

export async function parentOf(db: Kysely<Database>, code: string) {
  return db
    .selectFrom("regions as r")
    .innerJoin("regions as p", "p.code", "r.parent_code")
    .select(["p.code", "p.name", "p.level"])
    .where("r.code", "=", code)
    .executeTakeFirst();
}
