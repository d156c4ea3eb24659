import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  createFindings,
  findingAlerts,
  listFindings,
  pendingSubjectKeys,
} from "../../db/repositories/finding.repository.js";
import { runRuleChecks } from "../../db/repositories/rule-checks.repository.js";
import { type Principal, readScopeOf, regionWithin } from "../../domain/auth/access.js";
import { ageOf } from "../../domain/findings/finding-deadline.js";
import {
  findingRuleLabels,
  findingSourceLabels,
  findingStatusLabels,
  severityLabels,
} from "../../domain/findings/finding-labels.js";
import { mayRaiseFindings } from "../../domain/findings/finding-status.js";
import { draftOfCandidate, type RuleCheckFindingDraft } from "../../domain/findings/rule-check-findings.js";
import { ruleCodes } from "../../domain/rule-catalogue.js";
import { explainCandidate } from "../../domain/rule-explanations.js";
import { count, type TableColumn, text } from "../../domain/tables/table-columns.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses } from "../schemas.js";
import { tableWorkbook } from "../table-workbook.js";
import { validationHook } from "../validation.js";
import { todayInChina } from "./consistency.route.js";
import { jsonBody, okResponses } from "./edit-support.js";
import { alertsQuery, exportQuery, filterOf, fromChecksSchema } from "./finding-schemas.js";
import { attachmentDisposition } from "./tables.route.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** An export beyond this many findings is refused: narrow the filter. */
const MAX_EXPORT_ROWS = 10_000;

const date = (key: string, zh: string, en: string): TableColumn => ({
  key,
  label_zh: zh,
  label_en: en,
  type: "date",
});

/** The ledger's columns as the administration prints them (问题整改台账). */
const exportColumns: readonly TableColumn[] = [
  count("sequence", "序号", "No."),
  count("id", "问题编号", "Finding ID"),
  text("region_name", "行政区划", "Region"),
  text("unit_name", "责任单位", "Responsible unit"),
  text("source", "问题来源", "Source", findingSourceLabels),
  text("rule", "问题类型", "Rule", findingRuleLabels),
  text("description", "问题描述", "Description"),
  text("severity", "严重程度", "Severity", severityLabels),
  date("raised_on", "立账日期", "Raised on"),
  date("deadline", "整改期限", "Deadline"),
  count("age_days", "立账天数", "Age (days)"),
  text("status", "整改状态", "Status", findingStatusLabels),
  text("overdue_mark", "是否逾期", "Overdue"),
  text("rectification_plan", "整改措施", "Rectification plan"),
  text("evidence", "整改佐证", "Evidence"),
  date("referred_on", "移交纪检监察日期", "Referred on"),
];

const alertsRoute = createRoute({
  method: "get",
  path: "/findings/alerts",
  summary:
    "Overdue alert of the reader's findings: counts overdue (deadline passed, not verified/closed/referred), due within 7 days, open, sent back; and the overdue and due-soon findings, most urgent first",
  request: { query: alertsQuery },
  responses: okResponses,
});
const fromChecksRoute = createRoute({
  method: "post",
  path: "/findings/from-checks",
  summary:
    "Raise findings (source rule_check) for the rule-check violations of a region that no finding not yet closed records; idempotent, one transaction; inspectors, approvers, administrators",
  request: { body: jsonBody(fromChecksSchema) },
  responses: okResponses,
});
const exportRoute = createRoute({
  method: "get",
  path: "/findings.xlsx",
  summary: "The finding ledger (问题整改台账) as XLSX with Chinese headings, with the list's filters",
  request: { query: exportQuery },
  responses: {
    200: { content: { [XLSX]: { schema: z.string().openapi({ format: "binary" }) } }, description: "XLSX" },
    ...errorResponses,
  },
});

/** A region the principal may act in, or 404 (unknown, or beyond their level). */
async function requireRegion(deps: AppDependencies, principal: Principal, code: string) {
  const region = await deps.db
    .selectFrom("regions")
    .select(["code", "name"])
    .where("code", "=", code)
    .executeTakeFirst();
  const reachable = principal.roles.includes("system_admin") || regionWithin(code, principal.regionCode);
  if (!region || !reachable)
    throw new ApiError("not_found", `No region ${code} within your level`, [
      { path: "region", message: `no region ${code} within your level` },
    ]);
  return region;
}

/** The finding ledger's overdue alert, raising from the rule checks, and its XLSX export. */
export function findingLedgerRoutes(deps: AppDependencies) {
  const { db } = deps;
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(alertsRoute, async (c) => {
      const query = c.req.valid("query");
      const alerts = await findingAlerts(db, readScopeOf(requireReader(c)), {
        today: query.asOf ?? todayInChina(),
        region: query.region,
        limit: query.limit,
      });
      return c.json(alerts, 200);
    })
    .openapi(fromChecksRoute, async (c) => {
      const principal = requireReader(c);
      if (!mayRaiseFindings(principal))
        throw new ApiError("forbidden", "Only inspectors, approvers and administrators raise findings");
      const body = c.req.valid("json");
      await requireRegion(deps, principal, body.region);
      const today = todayInChina();
      if (body.deadline !== undefined && body.deadline < today)
        throw new ApiError("invalid_request", `deadline ${body.deadline} has passed`, [
          { path: "deadline", message: `${body.deadline} is before today (${today})` },
        ]);
      const rules = body.rules ? [...new Set(body.rules)] : [...ruleCodes];
      const result = await db.transaction().execute(async (trx) => {
        const candidates = await runRuleChecks(
          trx,
          { asOf: today, region: body.region, scope: readScopeOf(principal) },
          rules,
        );
        const drafts: RuleCheckFindingDraft[] = [];
        let withoutUnit = 0;
        for (const list of candidates.values())
          for (const candidate of list) {
            const draft = draftOfCandidate(explainCandidate(candidate), today, body.deadline);
            if (draft) drafts.push(draft);
            else withoutUnit++;
          }
        // One finding per violation even when a rule lists a subject twice.
        const unique = [...new Map(drafts.map((draft) => [draft.subjectKey, draft])).values()];
        const pending = await pendingSubjectKeys(
          trx,
          unique.map((draft) => draft.subjectKey),
        );
        const fresh = unique.filter((draft) => !pending.has(draft.subjectKey));
        const unitIds = [...new Set(fresh.map((draft) => draft.unitId))];
        const unitRegions = new Map(
          unitIds.length === 0
            ? []
            : (
                await trx
                  .selectFrom("units")
                  .select(["id", "region_code"])
                  .where("id", "in", unitIds)
                  .execute()
              ).map((unit) => [unit.id, unit.region_code]),
        );
        const created = await createFindings(
          trx,
          fresh.map((draft) => ({
            regionCode: unitRegions.get(draft.unitId) ?? draft.regionCode,
            source: "rule_check" as const,
            unitId: draft.unitId,
            buildingId: draft.buildingId,
            roomId: draft.roomId,
            personId: draft.personId,
            rule: draft.rule,
            severity: draft.severity,
            description: draft.description,
            deadline: draft.deadline,
            raisedOn: today,
            subjectKey: draft.subjectKey,
          })),
          principal.userId,
        );
        return {
          region: body.region,
          rules,
          asOf: today,
          violations: unique.length,
          created: created.length,
          alreadyRecorded: unique.length - fresh.length,
          withoutUnit,
          findingIds: created,
        };
      });
      return c.json(result, 200);
    })
    .openapi(exportRoute, async (c) => {
      const principal = requireReader(c);
      const query = c.req.valid("query");
      const today = query.asOf ?? todayInChina();
      const { findings, total } = await listFindings(db, readScopeOf(principal), {
        ...filterOf(query),
        sort: query.sort ?? "deadline",
        today,
        limit: MAX_EXPORT_ROWS,
        offset: 0,
      });
      if (total > MAX_EXPORT_ROWS)
        throw new ApiError(
          "invalid_request",
          `${total} findings match: exports are limited to ${MAX_EXPORT_ROWS}; narrow the filter`,
        );
      const regionCodes = [...new Set(findings.map((finding) => finding.region_code))];
      const regionNames = new Map(
        regionCodes.length === 0
          ? []
          : (
              await db
                .selectFrom("regions")
                .select(["code", "name"])
                .where("code", "in", regionCodes)
                .execute()
            ).map((region) => [region.code, region.name]),
      );
      const rows = findings.map((finding, index) => ({
        ...finding,
        sequence: index + 1,
        region_name: regionNames.get(finding.region_code) ?? finding.region_code,
        age_days: ageOf(finding.raised_on, today),
        overdue_mark: finding.overdue ? "逾期" : "",
      }));
      const workbook = await tableWorkbook(exportColumns, rows, {
        title: "问题整改台账",
        subtitle: `（截至 ${today}，共 ${total} 项）`,
      });
      return c.body(workbook, 200, {
        "Content-Type": XLSX,
        "Content-Disposition": attachmentDisposition(`问题整改台账-${today}.xlsx`, `findings-${today}.xlsx`),
        "Cache-Control": "private, no-store",
      });
    });
}
