import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import {
  deleteRow,
  insertRow,
  openJournal,
  type Row,
  updateRow,
} from "../../db/repositories/journal.repository.js";
import { draftScenario, listZones, zoneOf } from "../../db/repositories/zone.repository.js";
import type { Database } from "../../db/schema.js";
import { canRead, canWrite, type Principal, readScopeOf } from "../../domain/auth/access.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import {
  createdResponses,
  existing,
  expectVersion,
  jsonBody,
  okResponses,
  versionField,
  versionQuery,
} from "./edit-support.js";
import { type CheckedZone, checkedZone, zoneGeometryField } from "./zone-support.js";

const name = z.string().trim().min(1, "name must not be empty").max(200);
const note = z.string().max(2000).nullable().optional();
const zoneCreate = z
  .object({
    name,
    geometry: zoneGeometryField,
    scenario_id: z.number().int().positive().nullable().optional(),
    note,
  })
  .strict();
const zoneChange = z
  .object({ version: versionField, name: name.optional(), geometry: zoneGeometryField.optional(), note })
  .strict();
const listQuery = z
  .object({
    scenarioId: z
      .string()
      .regex(/^\d{1,9}$/, "scenarioId must be a whole number")
      .transform(Number)
      .optional(),
  })
  .strict();

/** Scenarios that are approved or further on are frozen: their zones no longer change. */
const frozenStatuses = new Set(["approved", "applied", "archived"]);

/**
 * Zones are the administration's planning records: planners and system administrators write them
 * within their region; readers of the region see them; others find no such zone.
 */
function requireZoneWriter(principal: Principal, regionCode: string, id?: number): void {
  if (id !== undefined && !canRead(principal, { regionCode }))
    throw new ApiError("not_found", `No zone ${id}`);
  if (!canWrite(principal, { regionCode }))
    throw new ApiError(
      "forbidden",
      id === undefined
        ? `You may not draw a zone in region ${regionCode}: only planners of the region may`
        : `You may not change zone ${id}`,
    );
}

function placed(zone: CheckedZone): string {
  if (!zone.regionCode)
    throw new ApiError(
      "domain_rule",
      "The zone lies outside Heilongjiang: no region of the province contains it",
      [{ path: "geometry", message: "outside Heilongjiang" }],
    );
  return zone.regionCode;
}

/** A scenario the principal may put zones in (404 when unreadable, 403 when not theirs to change). */
async function usableScenario(trx: Kysely<Database>, principal: Principal, id: number): Promise<void> {
  const scenario = await existing(trx, "scenario", id);
  const regionCode = String(scenario.region_code);
  if (!canRead(principal, { regionCode })) throw new ApiError("not_found", `No scenario ${id}`);
  if (!canWrite(principal, { regionCode }))
    throw new ApiError("forbidden", `You may not change scenario ${id}`);
  if (frozenStatuses.has(String(scenario.status)))
    throw new ApiError("domain_rule", `Scenario ${id} is ${String(scenario.status)}: its zones are frozen`, [
      { path: "scenario_id", message: String(scenario.status) },
    ]);
}

/** GET/POST /api/zones, GET/PATCH/DELETE /api/zones/{id}: versioned, journaled, in one transaction each. */
export function zoneRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "get",
      path: "/zones",
      summary: "Consolidation zones the caller may read (optionally of one scenario)",
      request: { query: listQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { scenarioId } = c.req.valid("query");
      return c.json({ zones: await listZones(db, readScopeOf(principal), { scenarioId }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/zones/{id}",
      summary: "One consolidation zone",
      request: { params: idParameters },
      responses: { 200: okResponses[200], ...errorResponses },
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const [zone] = await listZones(db, readScopeOf(principal), { id });
      if (!zone) throw new ApiError("not_found", `No zone ${id}`);
      return c.json({ zone }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/zones",
      summary: "Save a drawn consolidation zone (in the caller's draft scenario unless one is given)",
      request: { body: jsonBody(zoneCreate) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { geometry, scenario_id, ...fields } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const zone = await checkedZone(trx, geometry);
        const regionCode = placed(zone);
        requireZoneWriter(principal, regionCode);
        const journal = openJournal(trx, principal.userId);
        let scenarioId: number;
        if (scenario_id != null) {
          await usableScenario(trx, principal, scenario_id);
          scenarioId = scenario_id;
        } else scenarioId = Number((await draftScenario(trx, journal, principal)).id);
        const row = await insertRow(trx, "zone", {
          ...fields,
          region_code: regionCode,
          scenario_id: scenarioId,
          geom: zone.geometry,
          created_by: principal.userId,
        });
        await journal.created("zone", row);
        return { zone: zoneOf(row, zone.area), audit: journal.ids };
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/zones/{id}",
      summary: "Rename, annotate or reshape a zone (optimistic version)",
      request: { params: idParameters, body: jsonBody(zoneChange) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version, geometry, ...fields } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const before = await existing(trx, "zone", id);
        requireZoneWriter(principal, String(before.region_code), id);
        expectVersion(before, version, "zone");
        if (before.scenario_id != null) await usableScenario(trx, principal, Number(before.scenario_id));
        const changes: Row = { ...fields };
        let area: number | undefined;
        if (geometry !== undefined) {
          const zone = await checkedZone(trx, geometry);
          const regionCode = placed(zone);
          if (regionCode !== before.region_code) requireZoneWriter(principal, regionCode);
          changes.geom = zone.geometry;
          changes.region_code = regionCode;
          area = zone.area;
        }
        const journal = openJournal(trx, principal.userId);
        const after = await updateRow(trx, "zone", { id }, changes);
        await journal.updated("zone", before, after);
        const [zone] = area === undefined ? await listZones(trx, readScopeOf(principal), { id }) : [];
        return { zone: zone ?? zoneOf(after, area ?? 0), audit: journal.ids };
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/zones/{id}",
      summary: "Delete a zone",
      request: { params: idParameters, query: versionQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("query");
      const result = await db.transaction().execute(async (trx) => {
        const zone = await existing(trx, "zone", id);
        requireZoneWriter(principal, String(zone.region_code), id);
        expectVersion(zone, version, "zone");
        if (zone.scenario_id != null) await usableScenario(trx, principal, Number(zone.scenario_id));
        const journal = openJournal(trx, principal.userId);
        await deleteRow(trx, "zone", { id });
        await journal.deleted("zone", zone);
        return { deleted: { id }, audit: journal.ids };
      });
      return c.json(result, 200);
    },
  );

  return app;
}
