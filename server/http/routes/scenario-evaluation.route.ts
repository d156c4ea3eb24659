import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import {
  backToDraft,
  listScenarios,
  type ScenarioRow,
  scenarioActions,
  updateScenario,
} from "../../db/repositories/scenario.repository.js";
import { snapshotOf } from "../../db/repositories/scenario-snapshot.repository.js";
import type { Database } from "../../db/schema.js";
import type { Principal } from "../../domain/auth/access.js";
import type { ScenarioMetrics } from "../../domain/scenarios/scenario-model.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { jsonBody, okResponses } from "./edit-support.js";
import { comparisonOf, comparisonWorkbook } from "./scenario-comparison.js";
import { buildingsOf, evaluateScenario, metricsOf, storedMetrics, summaryOf } from "./scenario-evaluation.js";
import { compareQuery, validateBody } from "./scenario-schemas.js";
import {
  auditScenario,
  findScenario,
  requireEditable,
  requireScenarioEditor,
  requireScenarioReader,
  scenarioView,
} from "./scenario-support.js";
import { attachmentDisposition, beijingTime } from "./tables.route.js";

// Scenarios through the engine: validate (→ validated, with a snapshot of the row versions it touches),
// metrics (with the flows the map draws as arcs) and compare (JSON and XLSX). Approval and application
// are in scenario-decision.route.ts.

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function scenarioEvaluationRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  // Registered before /scenarios/{id}: "compare" is not an id.
  app.openapi(
    createRoute({
      method: "get",
      path: "/scenarios/compare",
      summary: "Compare 2–6 scenarios: one row per metric with each scenario's value and the best",
      request: { query: compareQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const comparison = await compare(db, principal, c.req.valid("query").ids);
      return c.json(comparison, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/scenarios/compare.xlsx",
      summary: "The comparison as an XLSX sheet (metrics × scenarios, Δ against the first, best marked)",
      request: { query: compareQuery },
      responses: {
        200: { content: { [XLSX]: { schema: { type: "string", format: "binary" } } }, description: "XLSX" },
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = requireReader(c);
      const comparison = await compare(db, principal, c.req.valid("query").ids);
      const { day, stamp } = beijingTime(new Date());
      const workbook = await comparisonWorkbook(comparison, stamp);
      return c.body(workbook, 200, {
        "Content-Type": XLSX,
        "Content-Disposition": attachmentDisposition(
          `置换方案比选-${day}.xlsx`,
          `scenario-comparison-${day}.xlsx`,
        ),
        "Cache-Control": "private, no-store",
      });
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/scenarios/{id}/metrics",
      summary:
        "Metrics of a scenario over the live ledger: totals before/after, units, move flows, buildings",
      request: { params: idParameters },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const scenario = await findScenario(db, principal, c.req.valid("param").id);
      if (scenario.status === "applied" || scenario.archived_from === "applied") {
        return c.json(
          { scenarioId: scenario.id, recorded: true, metrics: storedMetrics(scenario) ?? null },
          200,
        );
      }
      const evaluation = await evaluateScenario(db, scenario, await scenarioActions(db, scenario.id));
      return c.json(
        {
          scenarioId: scenario.id,
          recorded: false,
          metrics: evaluation.metrics,
          validation: evaluation.validation,
          buildings: buildingsOf(evaluation),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/scenarios/{id}/validate",
      summary: "Check the actions over the live ledger; a valid scenario becomes validated (with a snapshot)",
      request: { params: idParameters, body: jsonBody(validateBody) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const options = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const scenario = await findScenario(trx, principal, id, true);
        requireScenarioEditor(principal, scenario.region_code, id);
        requireEditable(scenario);
        const actions = await scenarioActions(trx, id);
        if (actions.length === 0)
          throw new ApiError("domain_rule", `Scenario ${id} has no actions to validate`, [
            { path: "actions", message: "empty" },
          ]);
        const evaluation = await evaluateScenario(trx, scenario, actions, options);
        const stored = summaryOf(evaluation);
        // Re-validating an approved scenario withdraws the approval: what is approved must be what was checked.
        await updateScenario(
          trx,
          id,
          evaluation.validation.valid
            ? {
                ...backToDraft,
                status: "validated",
                validated_at: new Date().toISOString(),
                validated_by: principal.userId,
                validation: JSON.stringify(stored),
                snapshot: JSON.stringify(snapshotOf(evaluation.before)),
              }
            : { ...backToDraft, validation: JSON.stringify(stored) },
        );
        const after = await findScenario(trx, principal, id);
        const audit = await auditScenario(trx, principal, "update", scenario, after, {
          validation: { ...stored, metrics: undefined },
        });
        return {
          scenario: await scenarioView(trx, after),
          validation: evaluation.validation,
          metrics: evaluation.metrics,
          buildings: buildingsOf(evaluation),
          audit: [audit],
        };
      });
      return c.json(result, 200);
    },
  );

  return app;
}

/** The comparison of `ids` (each readable by the principal, else 404), metrics side by side. */
async function compare(db: Kysely<Database>, principal: Principal, ids: readonly number[]) {
  const scenarios = await listScenarios(db, requireScenarioReader(principal), { ids });
  const byId = new Map(scenarios.map((scenario) => [scenario.id, scenario]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0)
    throw new ApiError("not_found", `No scenario ${missing.join(", ")}`, [
      { path: "ids", message: `unknown: ${missing.join(", ")}` },
    ]);
  const ordered = ids.map((id) => byId.get(id) as ScenarioRow);
  const metrics: ScenarioMetrics[] = [];
  for (const scenario of ordered) metrics.push(await metricsOf(db, scenario));
  return comparisonOf(await Promise.all(ordered.map((scenario) => scenarioView(db, scenario))), metrics);
}
