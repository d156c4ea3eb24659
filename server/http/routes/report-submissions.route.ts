import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  insertSubmission,
  latestSubmissions,
  submissionPackage,
} from "../../db/repositories/report-submission.repository.js";
import { regionWithin } from "../../domain/auth/access.js";
import { annualPackage, recipientOf } from "../annual-package.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters, regionCodeParameter } from "../schemas.js";
import { todayInChina } from "./consistency.route.js";
import { createdResponses, jsonBody } from "./edit-support.js";
import { allTables, parentOf, reportedRegion, reportQuery, requireReportStaff } from "./report-support.js";
import { attachmentDisposition } from "./tables.route.js";

const submissionBody = z
  .object({
    region: regionCodeParameter.optional(),
    year: z
      .number("year must be a number")
      .int("year must be a whole number")
      .min(2000, "year must be 2000 or later")
      .refine((year) => year <= Number(todayInChina().slice(0, 4)), "year must not be in the future"),
    note: z.string().trim().max(2000, "note must be at most 2,000 characters").optional(),
  })
  .strict();

const anyJson = { "application/json": { schema: z.any() } };

/**
 * The annual report package sent upward: `POST /reports/annual/submissions` (the level's own planners,
 * approvers; system administrators), audited, the package kept byte for byte; the level above lists
 * which of its child regions have sent theirs and downloads each package as sent.
 */
export function submissionRoutes(app: OpenAPIHono<AppEnv>, { db }: AppDependencies) {
  app.openapi(
    createRoute({
      method: "post",
      path: "/reports/annual/submissions",
      summary:
        "Submit the region's annual report package upward (its own planners or approvers); a new revision corrects an earlier one",
      request: { body: jsonBody(submissionBody) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReportStaff(requireReader(c));
      const body = c.req.valid("json");
      const region = await reportedRegion(db, principal, body.region);
      const admin = principal.roles.includes("system_admin");
      if (!admin && !(principal.roles.includes("planner") || principal.roles.includes("approver")))
        throw new ApiError("forbidden", "Only planners and approvers submit the annual report");
      if (!admin && principal.regionCode !== region.code)
        throw new ApiError(
          "forbidden",
          `Only ${region.name}'s own administration submits its annual report; you may read it`,
        );
      const parent = await parentOf(db, region.code);
      const built = await annualPackage(await allTables(db, region.code, body.year), parent?.name ?? null);
      const result = await db
        .transaction()
        .execute(async (trx) => {
          const submission = await insertSubmission(trx, {
            regionCode: region.code,
            year: body.year,
            submittedTo: parent?.code ?? null,
            asOf: todayInChina(),
            note: body.note ?? null,
            totals: built.totals,
            bytes: built.bytes,
            sha256: built.sha256,
            userId: principal.userId,
          });
          const audit = await appendAudit(trx, {
            userId: principal.userId,
            regionCode: region.code,
            action: "create",
            entity: "annual_report_submission",
            entityId: submission.id,
            after: {
              region: region.code,
              year: body.year,
              revision: submission.revision,
              submittedTo: submission.submittedTo,
              recipient: recipientOf(parent?.name ?? null),
              packageSha256: built.sha256,
              packageBytes: built.bytes.byteLength,
              files: built.files,
              note: body.note ?? null,
            },
          });
          return { submission, recipient: recipientOf(parent?.name ?? null), audit: [audit] };
        })
        .catch((error: unknown) => {
          if ((error as { code?: string }).code === "23505")
            throw new ApiError(
              "conflict",
              "Another submission of this report was saved at the same moment: reload and try again",
            );
          throw error;
        });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/reports/annual/submissions",
      summary:
        "Which child regions (and the region itself) have submitted their annual report for a year: the latest revision of each",
      request: { query: reportQuery },
      responses: { 200: { content: anyJson, description: "Submissions" }, ...errorResponses },
    }),
    async (c) => {
      const principal = requireReportStaff(requireReader(c));
      const query = c.req.valid("query");
      const region = await reportedRegion(db, principal, query.region);
      const year = query.year ?? Number(todayInChina().slice(0, 4));
      const children = await db
        .selectFrom("regions")
        .select(["code", "name", "level"])
        .where("parent_code", "=", region.code)
        .orderBy("code")
        .execute();
      const latest = await latestSubmissions(db, [region.code, ...children.map((child) => child.code)], year);
      const childRows = children.map((child) => ({
        region: child,
        submission: latest.get(child.code) ?? null,
      }));
      return c.json(
        {
          region,
          year,
          own: latest.get(region.code) ?? null,
          children: childRows,
          submitted: childRows.filter((row) => row.submission !== null).length,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/reports/annual/submissions/{id}/package.zip",
      summary:
        "A submitted annual report package exactly as it was sent (the region's own level and the levels above)",
      request: { params: idParameters },
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
      const { id } = c.req.valid("param");
      const found = await submissionPackage(db, id);
      const readable =
        found &&
        (principal.roles.includes("system_admin") || regionWithin(found.regionCode, principal.regionCode));
      if (!found || !readable) throw new ApiError("not_found", `No submission ${id}`);
      return c.body(found.bytes.slice().buffer as ArrayBuffer, 200, {
        "Content-Type": "application/zip",
        "Content-Disposition": attachmentDisposition(
          `年度报告-${found.regionCode}-${found.year}-第${found.revision}版.zip`,
          `annual-report-${found.regionCode}-${found.year}-r${found.revision}.zip`,
        ),
        "Cache-Control": "private, no-store",
      });
    },
  );
}
