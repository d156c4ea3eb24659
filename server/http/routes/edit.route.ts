import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { appendAudit, auditHistory } from "../../db/repositories/audit.repository.js";
import { type EditableTable, lockRow, updateVersioned } from "../../db/repositories/edit.repository.js";
import { refreshStandardStatusAfter } from "../../db/repositories/standard-status-refresh.repository.js";
import type { Database } from "../../db/schema.js";
import { canRead, canWrite, isUnitOnly, type Principal } from "../../domain/auth/access.js";
import { outOfInventoryProblem, roomRuleProblem } from "../../domain/inventory/room-rules.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses } from "../schemas.js";
import { validationHook } from "../validation.js";

const idParameter = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/, "id must be a whole number")
    .transform(Number),
});
const version = z.number().int().positive("version must be a positive integer");

const buildingPatch = z
  .object({
    version,
    name: z.string().trim().min(1).max(200).optional(),
    address: z.string().max(300).nullable().optional(),
    condition: z.enum(["good", "fair", "poor", "dangerous"]).optional(),
    note: z.string().max(2000).nullable().optional(),
    built_year: z.number().int().min(1800).max(2100).nullable().optional(),
    floors_above: z.number().int().min(1).max(200).optional(),
  })
  .strict();

const roomPatch = z
  .object({
    version,
    function: z.string().trim().max(100).nullable().optional(),
    status: z.enum(["in_use", "idle", "leased_out", "lent_out", "vacating", "pending_disposal"]).optional(),
    occupant_unit_id: z.number().int().positive().nullable().optional(),
    usable_area: z.number().positive().max(100_000).optional(),
    use_category: z.enum(["office", "service", "equipment", "ancillary", "technical"]).optional(),
  })
  .strict();

const ok = {
  200: { content: { "application/json": { schema: z.any() } }, description: "OK" },
  ...errorResponses,
};
/** What a unit user may change in their own sub-ledger: the use of their rooms, not the survey or allocation. */
const unitUserRoomFields = new Set(["version", "function"]);

function scopeOf(table: EditableTable, row: Record<string, unknown>) {
  return {
    regionCode: String(row.region_code),
    unitId: table === "rooms" ? (row.occupant_unit_id as number | null) : null,
  };
}

/** Reading, editing (versioned, audited) and the history of buildings and rooms. */
export function editRoutes({ db }: AppDependencies) {
  /** Rooms belong to their occupant unit; a building to every unit that occupies one of its rooms. */
  const readable = async (
    executor: Kysely<Database>,
    principal: Principal,
    table: EditableTable,
    row: Record<string, unknown>,
  ) => {
    if (canRead(principal, scopeOf(table, row))) return true;
    if (table !== "buildings") return false;
    const occupants = await executor
      .selectFrom("rooms")
      .select("occupant_unit_id")
      .distinct()
      .where("building_id", "=", Number(row.id))
      .where("occupant_unit_id", "is not", null)
      .execute();
    return occupants.some((occupant) =>
      canRead(principal, { regionCode: String(row.region_code), unitId: occupant.occupant_unit_id }),
    );
  };

  const read = async (principal: Principal, table: EditableTable, id: number) => {
    const row = await lockRow(db, table, id).catch(() => undefined);
    // Out of scope looks like missing: no probing of other regions' ids.
    if (!row || !(await readable(db, principal, table, row)))
      throw new ApiError("not_found", `No ${table.slice(0, -1)} ${id}`);
    const { footprint: _footprint, plan: _plan, ...fields } = row;
    return fields;
  };

  const patch = async (
    principal: Principal,
    table: EditableTable,
    id: number,
    body: Record<string, unknown>,
  ) => {
    const { version: expected, ...changes } = body as { version: number } & Record<string, unknown>;
    if (Object.keys(changes).length === 0)
      throw new ApiError("invalid_request", "Nothing to change: send at least one field besides version");
    return db.transaction().execute(async (trx) => {
      const current = await lockRow(trx, table, id);
      if (!current || !(await readable(trx, principal, table, current)))
        throw new ApiError("not_found", `No ${table.slice(0, -1)} ${id}`);
      if (!canWrite(principal, scopeOf(table, current)))
        throw new ApiError("forbidden", `You may not change this ${table.slice(0, -1)}`);
      if (isUnitOnly(principal) && Object.keys(body).some((field) => !unitUserRoomFields.has(field))) {
        throw new ApiError("forbidden", "Unit users may change only the function of their own rooms");
      }
      if (table === "rooms") {
        const outside = outOfInventoryProblem(current, changes);
        if (outside)
          throw new ApiError("domain_rule", outside, [{ path: "status", message: String(current.status) }]);
        checkRoomRules({ ...current, ...changes });
      }
      const result = await updateVersioned(trx, table, id, expected, changes);
      switch (result.outcome) {
        case "not_found":
          throw new ApiError("not_found", `No ${table.slice(0, -1)} ${id}`);
        case "conflict":
          throw new ApiError(
            "conflict",
            `Changed by someone else: current version is ${String(result.current.version)}`,
            [{ path: "version", message: String(result.current.version) }],
          );
        case "updated": {
          const strip = ({ footprint: _f, plan: _p, ...rest }: Record<string, unknown>) => rest;
          const auditId = await appendAudit(trx, {
            userId: principal.userId,
            regionCode: String(current.region_code),
            action: "update",
            entity: table.slice(0, -1),
            entityId: id,
            before: strip(result.before),
            after: strip(result.after),
          });
          await refreshStandardStatusAfter(trx, [auditId]);
          // `audit`: the entries written, for POST /api/edits/revert.
          return { ...strip(result.after), audit: [auditId] };
        }
        default: {
          const unreachable: never = result;
          return unreachable;
        }
      }
    });
  };

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const editable = [
    ["buildings", "building", buildingPatch],
    ["rooms", "room", roomPatch],
  ] as const;
  // GET /buildings/{id} is the building's detail (stack plan, certificates, history) in
  // buildings.route.ts; it carries the building's fields and version in `building`.
  app.openapi(
    createRoute({
      method: "get",
      path: "/rooms/{id}",
      summary: "One room",
      request: { params: idParameter },
      responses: ok,
    }),
    async (c) => c.json(await read(requireReader(c), "rooms", c.req.valid("param").id), 200),
  );
  for (const [table, noun, schema] of editable) {
    app.openapi(
      createRoute({
        method: "patch",
        path: `/${table}/{id}`,
        summary: `Edit a ${noun} (send its current version)`,
        request: {
          params: idParameter,
          body: { content: { "application/json": { schema } }, required: true },
        },
        responses: ok,
      }),
      async (c) =>
        c.json(await patch(requireReader(c), table, c.req.valid("param").id, c.req.valid("json")), 200),
    );
  }
  return app.openapi(
    createRoute({
      method: "get",
      path: "/audit",
      summary: "Change history of one record",
      request: {
        query: z
          .object({
            entity: z.enum(["building", "room", "user", "access_token"]),
            id: z.string().regex(/^\d{1,9}$/, "id must be a whole number"),
          })
          .strict(),
      },
      responses: ok,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { entity, id } = c.req.valid("query");
      if (entity === "building" || entity === "room") await read(principal, `${entity}s`, Number(id));
      else if (!principal.roles.includes("system_admin") && Number(id) !== principal.userId) {
        throw new ApiError("forbidden", "Only system administrators read other users' history");
      }
      return c.json({ entity, id, entries: await auditHistory(db, entity, id) }, 200);
    },
  );
}

/** A room in use has an occupant unit; an idle one has none (the database enforces it too). */
function checkRoomRules(room: Record<string, unknown>): void {
  const problem = roomRuleProblem(room);
  if (problem) throw new ApiError("domain_rule", problem);
}
