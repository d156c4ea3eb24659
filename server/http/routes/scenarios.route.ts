import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import {
  backToDraft,
  insertScenario,
  listScenarios,
  type ScenarioChanges,
  type ScenarioRow,
  scenarioActions,
  scenarioStatuses,
  updateScenario,
  writeActions,
} from "../../db/repositories/scenario.repository.js";
import type { Database } from "../../db/schema.js";
import type { Principal } from "../../domain/auth/access.js";
import type { ScenarioAction } from "../../domain/scenarios/scenario-model.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { createdResponses, jsonBody, okResponses } from "./edit-support.js";
import {
  actionIndexParameters,
  actionsBody,
  MAX_ACTIONS,
  scenarioChange,
  scenarioCopy,
  scenarioCreate,
} from "./scenario-schemas.js";
import {
  auditScenario,
  expectScenarioVersion,
  findScenario,
  requireEditable,
  requireScenarioEditor,
  requireScenarioReader,
  scenarioView,
} from "./scenario-support.js";

// Scenarios (置换方案) as records: list, create, rename/describe/archive, copy and edit the action list.
// Validation, metrics and comparison (scenario-evaluation.route.ts) run the engine; approval and
// application (scenario-decision.route.ts) are the approvers'.
// Any change of the actions sends a validated or approved scenario back to draft: what was checked and
// approved is no longer what it holds.

const listQuery = z
  .object({
    status: z.enum(scenarioStatuses, `status must be one of ${scenarioStatuses.join(", ")}`).optional(),
  })
  .strict();

async function requireRegion(trx: Kysely<Database>, code: string): Promise<void> {
  const region = await trx.selectFrom("regions").select("code").where("code", "=", code).executeTakeFirst();
  if (!region)
    throw new ApiError("domain_rule", `No region ${code}`, [
      { path: "regionCode", message: "unknown region" },
    ]);
}

/** Writes the new action list (sending the scenario back to draft) and audits it. */
async function replaceActions(
  trx: Kysely<Database>,
  principal: Principal,
  scenario: ScenarioRow,
  actions: readonly ScenarioAction[],
) {
  if (actions.length > MAX_ACTIONS)
    throw new ApiError("invalid_request", `A scenario has at most ${MAX_ACTIONS} actions`, [
      { path: "actions", message: `${actions.length} actions` },
    ]);
  await writeActions(trx, scenario, actions);
  await updateScenario(trx, scenario.id, scenario.status === "draft" ? {} : backToDraft);
  const after = await findScenario(trx, principal, scenario.id);
  const audit = await auditScenario(trx, principal, "update", scenario, after);
  return { scenario: await scenarioView(trx, after, true), audit: [audit] };
}

/** GET/POST /api/scenarios, GET/PATCH /api/scenarios/{id}, copy, actions and approve. */
export function scenarioRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "get",
      path: "/scenarios",
      summary: "Scenarios of the caller's region (administration staff), newest first",
      request: { query: listQuery },
      responses: okResponses,
    }),
    async (c) => {
      const scope = requireScenarioReader(requireReader(c));
      const { status } = c.req.valid("query");
      const rows = await listScenarios(db, scope, status ? { status } : {});
      return c.json({ scenarios: await Promise.all(rows.map((row) => scenarioView(db, row))) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/scenarios",
      summary: "Create a draft scenario (planners), optionally with its actions",
      request: { body: jsonBody(scenarioCreate) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      requireScenarioReader(principal);
      const body = c.req.valid("json");
      const regionCode = body.regionCode ?? principal.regionCode;
      requireScenarioEditor(principal, regionCode);
      const result = await db.transaction().execute(async (trx) => {
        await requireRegion(trx, regionCode);
        const id = await insertScenario(
          trx,
          { regionCode, name: body.name, description: body.description ?? null, createdBy: principal.userId },
          body.actions ?? [],
        );
        const scenario = await findScenario(trx, principal, id);
        const audit = await auditScenario(trx, principal, "create", undefined, scenario);
        return { scenario: await scenarioView(trx, scenario, true), audit: [audit] };
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/scenarios/{id}",
      summary: "One scenario with its actions and whether the live ledger changed under it (stale)",
      request: { params: idParameters },
      responses: { 200: okResponses[200], ...errorResponses },
    }),
    async (c) => {
      const principal = requireReader(c);
      const scenario = await findScenario(db, principal, c.req.valid("param").id);
      return c.json({ scenario: await scenarioView(db, scenario, true) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/scenarios/{id}",
      summary: "Rename, describe, archive or send back to draft (optimistic version)",
      request: { params: idParameters, body: jsonBody(scenarioChange) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version, status, ...fields } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const before = await findScenario(trx, principal, id, true);
        requireScenarioEditor(principal, before.region_code, id);
        expectScenarioVersion(before, version);
        // An archived scenario comes back only as a draft; an applied one never changes.
        if (before.status === "applied" || (before.status === "archived" && status !== "draft"))
          requireEditable(before);
        const changes: ScenarioChanges = { ...fields };
        if (status === "archived" && before.status !== "archived")
          Object.assign(changes, { status: "archived", archived_from: before.status });
        if (status === "draft" && before.status !== "draft") Object.assign(changes, backToDraft);
        await updateScenario(trx, id, changes);
        const after = await findScenario(trx, principal, id);
        const audit = await auditScenario(trx, principal, "update", before, after);
        return { scenario: await scenarioView(trx, after, true), audit: [audit] };
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/scenarios/{id}/copy",
      summary: "Copy (branch) a scenario into a new draft with the same actions, to try an alternative",
      request: { params: idParameters, body: jsonBody(scenarioCopy) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const source = await findScenario(trx, principal, id);
        requireScenarioEditor(principal, source.region_code);
        const copyId = await insertScenario(
          trx,
          {
            regionCode: source.region_code,
            name: body.name ?? `${source.name}（副本）`,
            description: body.description === undefined ? source.description : body.description,
            createdBy: principal.userId,
            parentScenarioId: source.id,
          },
          await scenarioActions(trx, source.id),
        );
        const scenario = await findScenario(trx, principal, copyId);
        const audit = await auditScenario(trx, principal, "create", undefined, scenario);
        return { scenario: await scenarioView(trx, scenario, true), audit: [audit] };
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/scenarios/{id}/actions",
      summary: "Append actions (or replace the list with replace: true); a checked scenario returns to draft",
      request: { params: idParameters, body: jsonBody(actionsBody) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version, actions, replace } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const scenario = await findScenario(trx, principal, id, true);
        requireScenarioEditor(principal, scenario.region_code, id);
        expectScenarioVersion(scenario, version);
        requireEditable(scenario);
        const list = replace ? actions : [...(await scenarioActions(trx, id)), ...actions];
        return replaceActions(trx, principal, scenario, list);
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/scenarios/{id}/actions/{index}",
      summary: "Remove one action (0-based index); the later ones move up",
      request: {
        params: actionIndexParameters,
        query: z
          .object({
            version: z
              .string()
              .regex(/^\d{1,9}$/, "version must be a positive whole number")
              .transform(Number)
              .optional(),
          })
          .strict(),
      },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id, index } = c.req.valid("param");
      const { version } = c.req.valid("query");
      const result = await db.transaction().execute(async (trx) => {
        const scenario = await findScenario(trx, principal, id, true);
        requireScenarioEditor(principal, scenario.region_code, id);
        expectScenarioVersion(scenario, version);
        requireEditable(scenario);
        const actions = await scenarioActions(trx, id);
        if (index >= actions.length)
          throw new ApiError(
            "not_found",
            `Scenario ${id} has no action ${index} (it has ${actions.length})`,
            [{ path: "index", message: `0 to ${actions.length - 1}` }],
          );
        return replaceActions(
          trx,
          principal,
          scenario,
          actions.filter((_, at) => at !== index),
        );
      });
      return c.json(result, 200);
    },
  );

  return app;
}
