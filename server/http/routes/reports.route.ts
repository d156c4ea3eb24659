import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { reportTable } from "../../db/repositories/report.repository.js";
import type { Principal } from "../../domain/auth/access.js";
import { type ReportName, reportDefinitions, reportNames } from "../../domain/reports/report-catalogue.js";
import { annualPackage } from "../annual-package.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { reportPageHtml } from "../report-page.js";
import { reportWorkbook } from "../report-workbook.js";
import { errorResponses } from "../schemas.js";
import { validationHook } from "../validation.js";
import { todayInChina } from "./consistency.route.js";
import { submissionRoutes } from "./report-submissions.route.js";
import {
  allTables,
  parentOf,
  reportedRegion,
  reportQuery,
  requireReportStaff,
  XLSX,
} from "./report-support.js";
import { attachmentDisposition } from "./tables.route.js";

const currentYear = () => Number(todayInChina().slice(0, 4));
const fileDay = (asOf: string) => asOf.replaceAll("-", "");
const anyJson = { "application/json": { schema: z.any() } };

/**
 * `/reports`: the official statistics tables (统计报表) per region one level down plus 本级 and 合计,
 * as JSON, XLSX and printable pages, and the annual report package (年度报告) a level sends upward.
 */
export function reportRoutes(deps: AppDependencies) {
  const { db } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "get",
      path: "/reports",
      summary: "Catalogue of the official statistics tables and the annual package (administration staff)",
      responses: { 200: { content: anyJson, description: "Catalogue" }, ...errorResponses },
    }),
    (c) => {
      requireReportStaff(requireReader(c));
      return c.json(
        {
          reports: reportNames.map((name) => {
            const definition = reportDefinitions[name];
            return {
              name,
              number: definition.number,
              title: definition.title,
              columns: definition.columns,
              notes: definition.notes,
              json: `/api/reports/${name}`,
              xlsx: `/api/reports/${name}.xlsx`,
              html: `/api/reports/${name}.html`,
            };
          }),
          annual: { zip: "/api/reports/annual.zip", submissions: "/api/reports/annual/submissions" },
          currentYear: currentYear(),
        },
        200,
      );
    },
  );

  const tableFor = async (principal: Principal, name: ReportName, query: z.infer<typeof reportQuery>) => {
    const region = await reportedRegion(db, principal, query.region);
    const table = await reportTable(db, name, region.code, {
      asOf: todayInChina(),
      year: query.year ?? currentYear(),
    });
    if (!table) throw new ApiError("not_found", `No region ${region.code}`);
    return table;
  };

  for (const name of reportNames) {
    const definition = reportDefinitions[name];
    app.openapi(
      createRoute({
        method: "get",
        path: `/reports/${name}`,
        summary: `${definition.title.zh}: rows per region one level down, 本级 and 合计 (JSON)`,
        request: { query: reportQuery },
        responses: { 200: { content: anyJson, description: definition.title.en }, ...errorResponses },
      }),
      async (c) => {
        const principal = requireReportStaff(requireReader(c));
        const table = await tableFor(principal, name, c.req.valid("query"));
        return c.json({ ...table, definition }, 200);
      },
    );
    app.openapi(
      createRoute({
        method: "get",
        path: `/reports/${name}.xlsx`,
        summary: `${definition.title.zh} as XLSX laid out like the paper form`,
        request: { query: reportQuery },
        responses: {
          200: {
            content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } },
            description: "XLSX",
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const principal = requireReportStaff(requireReader(c));
        const table = await tableFor(principal, name, c.req.valid("query"));
        const bytes = await reportWorkbook([{ definition, table }]);
        return c.body(bytes, 200, {
          "Content-Type": XLSX,
          "Content-Disposition": attachmentDisposition(
            `${table.region.name}${definition.title.zh}-${fileDay(table.asOf)}.xlsx`,
            `${name}-${table.region.code}-${fileDay(table.asOf)}.xlsx`,
          ),
          "Cache-Control": "private, no-store",
        });
      },
    );
    app.openapi(
      createRoute({
        method: "get",
        path: `/reports/${name}.html`,
        summary: `${definition.title.zh} as a printable page (A4 landscape, header rows repeat on every page)`,
        request: { query: reportQuery },
        responses: {
          200: { content: { "text/html": { schema: z.string() } }, description: "Printable page" },
          ...errorResponses,
        },
      }),
      async (c) => {
        const principal = requireReportStaff(requireReader(c));
        const table = await tableFor(principal, name, c.req.valid("query"));
        return c.body(reportPageHtml(definition, table), 200, {
          "Content-Type": "text/html; charset=utf-8",
          "Cache-Control": "private, no-store",
        });
      },
    );
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/reports/annual.zip",
      summary:
        "The annual report package (年度报告) of a region: every table as XLSX and printable page, a combined workbook, 报送说明 and manifest.json",
      request: { query: reportQuery },
      responses: {
        200: {
          content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } },
          description: "ZIP",
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = requireReportStaff(requireReader(c));
      const query = c.req.valid("query");
      const region = await reportedRegion(db, principal, query.region);
      const year = query.year ?? currentYear();
      const parent = await parentOf(db, region.code);
      const built = await annualPackage(await allTables(db, region.code, year), parent?.name ?? null);
      return c.body(built.bytes.slice().buffer, 200, {
        "Content-Type": "application/zip",
        "Content-Disposition": attachmentDisposition(
          `${region.name}${year}年度办公用房统计报表.zip`,
          `annual-report-${region.code}-${year}.zip`,
        ),
        "Cache-Control": "private, no-store",
      });
    },
  );

  submissionRoutes(app, deps);

  app.get("/reports/:name", (c) => {
    const name = c.req.param("name").replace(/\.(xlsx|html|zip)$/, "");
    throw new ApiError("not_found", `Unknown report ${name}: valid reports are ${reportNames.join(", ")}`, [
      { path: "name", message: `one of ${reportNames.join(", ")} (.xlsx, .html) or annual.zip` },
    ]);
  });
  return app;
}
