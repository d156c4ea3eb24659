import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { sql } from "kysely";
import { scenarioActions, updateScenario } from "../../db/repositories/scenario.repository.js";
import { writeScenario } from "../../db/repositories/scenario-apply.repository.js";
import { snapshotChanges } from "../../db/repositories/scenario-snapshot.repository.js";
import { recomputeStandardStatus } from "../../db/repositories/standard-status.repository.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { jsonBody, okResponses } from "./edit-support.js";
import { evaluateScenario, summaryOf } from "./scenario-evaluation.js";
import { versionBody } from "./scenario-schemas.js";
import {
  auditScenario,
  changeDetails,
  expectScenarioVersion,
  findScenario,
  requireApprover,
  scenarioView,
} from "./scenario-support.js";

// The decision on a scenario, a separate duty from planning it: approvers approve a validated scenario
// and apply an approved one to the live ledger. Both refuse (409, one detail per row) when rows the
// scenario touches changed since it was validated.

/** One key serialises applies (server mode has a pool): the second of two overlapping waits, then sees the first's versions. */
const APPLY_LOCK = 80_001;

/** POST /api/scenarios/{id}/approve and /apply. */
export function scenarioDecisionRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/scenarios/{id}/approve",
      summary:
        "Approve a validated scenario (approvers only; refused if the live data changed since validation)",
      request: { params: idParameters, body: jsonBody(versionBody) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const scenario = await findScenario(trx, principal, id, true);
        requireApprover(principal, scenario, "approve");
        expectScenarioVersion(scenario, version);
        if (scenario.status !== "validated")
          throw new ApiError(
            scenario.status === "draft" ? "domain_rule" : "conflict",
            scenario.status === "draft"
              ? `Scenario ${id} is a draft: validate it first (POST /api/scenarios/${id}/validate)`
              : `Scenario ${id} is ${scenario.status}: only a validated scenario can be approved`,
            [{ path: "status", message: scenario.status }],
          );
        const changes = scenario.snapshot ? await snapshotChanges(trx, scenario.snapshot) : [];
        if (changes.length > 0)
          throw new ApiError(
            "conflict",
            `The live data changed since scenario ${id} was validated (${changes.length} row(s)): validate it again`,
            changeDetails(changes),
          );
        await updateScenario(trx, id, {
          status: "approved",
          approved_by: principal.userId,
          approved_at: new Date().toISOString(),
        });
        const after = await findScenario(trx, principal, id);
        const audit = await auditScenario(trx, principal, "approve", scenario, after);
        return { scenario: await scenarioView(trx, after, true), audit: [audit] };
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/scenarios/{id}/apply",
      summary: "Write an approved scenario into the live ledger in one transaction (approvers only)",
      request: { params: idParameters, body: jsonBody(versionBody) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${APPLY_LOCK})`.execute(trx);
        const scenario = await findScenario(trx, principal, id, true);
        requireApprover(principal, scenario, "apply");
        expectScenarioVersion(scenario, version);
        if (scenario.status !== "approved")
          throw new ApiError(
            scenario.status === "applied" || scenario.status === "archived" ? "conflict" : "domain_rule",
            `Scenario ${id} is ${scenario.status}: only an approved scenario can be applied`,
            [{ path: "status", message: scenario.status }],
          );
        const changes = await snapshotChanges(
          trx,
          scenario.snapshot ?? { rooms: {}, buildings: {}, leases: {} },
          true,
        );
        if (changes.length > 0)
          throw new ApiError(
            "conflict",
            `The live data changed since scenario ${id} was validated (${changes.length} row(s)): nothing was applied; validate and approve it again`,
            changeDetails(changes),
          );
        const actions = await scenarioActions(trx, id);
        const evaluation = await evaluateScenario(trx, scenario, actions);
        if (!evaluation.validation.valid)
          throw new ApiError("domain_rule", `Scenario ${id} no longer validates: nothing was applied`, [
            ...evaluation.validation.issues
              .filter((issue) => issue.severity === "error")
              .map((issue) => ({ path: `actions.${issue.action}`, message: issue.message })),
          ]);
        const written = await writeScenario(trx, {
          scenarioId: id,
          userId: principal.userId,
          before: evaluation.before,
          after: evaluation.after,
          actions,
          effects: evaluation.effects,
        });
        await recomputeStandardStatus(trx, { region: scenario.region_code });
        await updateScenario(trx, id, {
          status: "applied",
          applied_by: principal.userId,
          applied_at: new Date().toISOString(),
          validation: JSON.stringify(summaryOf(evaluation)),
        });
        const after = await findScenario(trx, principal, id);
        const { audit, ...counts } = written;
        const entry = await auditScenario(trx, principal, "apply", scenario, after, counts);
        return { scenario: await scenarioView(trx, after), applied: counts, audit: [...audit, entry] };
      });
      return c.json(result, 200);
    },
  );

  return app;
}
