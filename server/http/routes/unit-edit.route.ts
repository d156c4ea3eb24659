import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import {
  deleteRow,
  insertRow,
  openJournal,
  type Row,
  snapshot,
  updateRow,
} from "../../db/repositories/journal.repository.js";
import { refreshStandardStatusAfter } from "../../db/repositories/standard-status-refresh.repository.js";
import type { Database } from "../../db/schema.js";
import type { Principal } from "../../domain/auth/access.js";
import type { AdminLevel } from "../../domain/demo/dataset.js";
import { internalRankCode, validApiRanks } from "../../domain/standards/rank-codes.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";
import {
  createdResponses,
  existing,
  jsonBody,
  okResponses,
  requireStructureEditor,
  staleVersion,
  versionField,
} from "./edit-support.js";

const unitKind = z.enum([
  "party_organ",
  "government_department",
  "peoples_congress",
  "cppcc",
  "court",
  "procuratorate",
  "supervision_commission",
  "mass_organisation",
  "civil_service_institution",
  "public_institution",
  "university",
  "state_owned_enterprise",
  "vertical_branch",
  "administration",
]);
const adminLevel = z.enum(["central", "provincial", "prefecture", "county", "township"]);
const unitFields = {
  name: z.string().trim().min(1).max(200),
  short_name: z.string().trim().max(50).nullable().optional(),
  kind: unitKind,
  admin_level: adminLevel,
  region_code: regionCodeParameter,
  parent_unit_id: z.number().int().positive().nullable().optional(),
  supervising_unit_id: z.number().int().positive().nullable().optional(),
  is_dispatched: z.boolean().optional(),
  is_restructured: z.boolean().optional(),
  note: z.string().max(2000).nullable().optional(),
};
const unitCreate = z.object(unitFields).strict();
const unitPatch = z
  .object({
    version: versionField,
    ...unitFields,
    name: unitFields.name.optional(),
    kind: unitKind.optional(),
    admin_level: adminLevel.optional(),
    region_code: regionCodeParameter.optional(),
  })
  .strict();
const staffingPut = z
  .object({
    version: versionField.optional(),
    staffing: z
      .array(
        z
          .object({
            rank: z.string().min(1),
            authorized: z.number().int().min(0).max(100_000),
            actual: z.number().int().min(0).max(100_000).optional(),
          })
          .strict(),
      )
      .max(20),
  })
  .strict();

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dates are YYYY-MM-DD");
const personFields = {
  unit_id: z.number().int().positive(),
  name: z.string().trim().min(1).max(100),
  rank: z
    .string()
    .min(1)
    .openapi({ description: "API rank code valid for the unit's level, e.g. division_head" }),
  position_title: z.string().max(100).nullable().optional(),
  is_leader: z.boolean().optional(),
  concurrent_post: z.string().max(200).nullable().optional(),
  concurrent_post_ended_on: date.nullable().optional(),
  second_office_approved: z.boolean().optional(),
  transferred_on: date.nullable().optional(),
  retired_on: date.nullable().optional(),
};
const personCreate = z.object(personFields).strict();
const personPatch = z
  .object({
    version: versionField,
    ...personFields,
    unit_id: personFields.unit_id.optional(),
    name: personFields.name.optional(),
    rank: personFields.rank.optional(),
  })
  .strict();
const occupantsPut = z
  .object({ version: versionField, person_ids: z.array(z.number().int().positive()).max(50) })
  .strict();

/** The internal rank code of an API rank at a unit's level, or 400 naming the valid ones. */
function rankCodeOf(level: AdminLevel, rank: string, path: string): string {
  const code = internalRankCode(level, rank);
  if (!code) {
    const valid = validApiRanks(level).join(", ");
    throw new ApiError(
      "invalid_request",
      `Rank ${rank} does not exist at ${level} level: use one of ${valid}`,
      [{ path, message: valid }],
    );
  }
  return code;
}

async function unitRow(trx: Kysely<Database>, id: unknown, path: string): Promise<Row> {
  const row = await snapshot(trx, "unit", { id: Number(id) });
  if (!row) throw new ApiError("domain_rule", `No unit ${String(id)} (${path})`);
  return row;
}

const unitScope = (row: Row) => ({ regionCode: String(row.region_code) });

async function editableVersioned(
  trx: Kysely<Database>,
  principal: Principal,
  entity: "unit" | "person" | "room",
  id: number,
  version: number | undefined,
): Promise<Row> {
  const row = await existing(trx, entity, id);
  requireStructureEditor(principal, { regionCode: String(row.region_code) }, entity, id);
  if (version !== undefined && row.version !== version) throw staleVersion(entity, id, row.version);
  return row;
}

/** Units, their staffing, people and who sits in which room. Every write is journaled. */
export function unitEditRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/units",
      summary: "Add a unit",
      request: { body: jsonBody(unitCreate) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const body = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        requireStructureEditor(principal, { regionCode: body.region_code }, "unit");
        const journal = openJournal(trx, principal.userId);
        const unit = await insertRow(trx, "unit", body);
        await journal.created("unit", unit);
        await refreshStandardStatusAfter(trx, journal.ids);
        return { unit, audit: journal.ids };
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/units/{id}",
      summary: "Edit a unit (send its current version)",
      request: { params: idParameters, body: jsonBody(unitPatch) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version, ...changes } = c.req.valid("json");
      if (Object.keys(changes).length === 0)
        throw new ApiError("invalid_request", "Nothing to change: send at least one field besides version");
      const result = await db.transaction().execute(async (trx) => {
        const before = await editableVersioned(trx, principal, "unit", id, version);
        if (changes.region_code)
          requireStructureEditor(principal, { regionCode: changes.region_code }, "unit");
        const journal = openJournal(trx, principal.userId);
        const unit = await updateRow(trx, "unit", { id }, changes);
        await journal.updated("unit", before, unit);
        await refreshStandardStatusAfter(trx, journal.ids);
        return { unit, audit: journal.ids };
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/units/{id}/staffing",
      summary: "Replace a unit's authorised and actual headcount per rank",
      request: { params: idParameters, body: jsonBody(staffingPut) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version, staffing } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const unit = await editableVersioned(trx, principal, "unit", id, version);
        const level = unit.admin_level as AdminLevel;
        const wanted = new Map<string, { authorized: number; actual: number | undefined }>();
        for (const [index, line] of staffing.entries()) {
          const code = rankCodeOf(level, line.rank, `staffing.${index}.rank`);
          if (wanted.has(code)) throw new ApiError("invalid_request", `Rank ${line.rank} is listed twice`);
          wanted.set(code, { authorized: line.authorized, actual: line.actual });
        }
        const current = await trx
          .selectFrom("staffing")
          .select("rank_code")
          .where("unit_id", "=", id)
          .orderBy("rank_code")
          .execute();
        const journal = openJournal(trx, principal.userId);
        for (const { rank_code } of current) {
          const key = { unit_id: id, rank_code };
          const row = (await snapshot(trx, "staffing", key)) as Row;
          const line = wanted.get(rank_code);
          if (!line) {
            await deleteRow(trx, "staffing", key);
            await journal.deleted("staffing", row);
          } else if (
            line.authorized !== row.authorized ||
            (line.actual !== undefined && line.actual !== row.actual)
          ) {
            const after = await updateRow(trx, "staffing", key, {
              authorized: line.authorized,
              actual: line.actual ?? row.actual,
            });
            await journal.updated("staffing", row, after);
          }
          wanted.delete(rank_code);
        }
        for (const [rank_code, line] of wanted) {
          const row = await insertRow(trx, "staffing", {
            unit_id: id,
            rank_code,
            region_code: unit.region_code,
            authorized: line.authorized,
            actual: line.actual ?? 0,
          });
          await journal.created("staffing", row);
        }
        // The unit's version covers its staffing table: a stale copy of either is refused.
        const after = await updateRow(trx, "unit", { id }, {});
        await journal.updated("unit", unit, after);
        const rows = await trx
          .selectFrom("staffing")
          .selectAll()
          .where("unit_id", "=", id)
          .orderBy("rank_code")
          .execute();
        await refreshStandardStatusAfter(trx, journal.ids);
        return { unit: after, staffing: rows, audit: journal.ids };
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/people",
      summary: "Add a person to a unit",
      request: { body: jsonBody(personCreate) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { rank, ...fields } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const unit = await unitRow(trx, fields.unit_id, "unit_id");
        requireStructureEditor(principal, unitScope(unit), "person");
        const journal = openJournal(trx, principal.userId);
        const person = await insertRow(trx, "person", {
          ...fields,
          region_code: unit.region_code,
          rank_code: rankCodeOf(unit.admin_level as AdminLevel, rank, "rank"),
        });
        await journal.created("person", person);
        await refreshStandardStatusAfter(trx, journal.ids);
        return { person, audit: journal.ids };
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/people/{id}",
      summary: "Edit a person (send the current version)",
      request: { params: idParameters, body: jsonBody(personPatch) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version, rank, ...changes } = c.req.valid("json");
      if (Object.keys(changes).length === 0 && rank === undefined)
        throw new ApiError("invalid_request", "Nothing to change: send at least one field besides version");
      const result = await db.transaction().execute(async (trx) => {
        const before = await editableVersioned(trx, principal, "person", id, version);
        const unit = await unitRow(trx, changes.unit_id ?? before.unit_id, "unit_id");
        requireStructureEditor(principal, unitScope(unit), "person");
        const journal = openJournal(trx, principal.userId);
        const person = await updateRow(
          trx,
          "person",
          { id },
          {
            ...changes,
            region_code: unit.region_code,
            ...(rank === undefined
              ? {}
              : { rank_code: rankCodeOf(unit.admin_level as AdminLevel, rank, "rank") }),
          },
        );
        await journal.updated("person", before, person);
        await refreshStandardStatusAfter(trx, journal.ids);
        return { person, audit: journal.ids };
      });
      return c.json(result, 200);
    },
  );

  return app.openapi(
    createRoute({
      method: "put",
      path: "/rooms/{id}/occupants",
      summary: "Set the people who sit in a room (send the room's version)",
      request: { params: idParameters, body: jsonBody(occupantsPut) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version, person_ids } = c.req.valid("json");
      const wanted = new Set(person_ids);
      const result = await db.transaction().execute(async (trx) => {
        const room = await editableVersioned(trx, principal, "room", id, version);
        if (wanted.size > 0) {
          const found = await trx
            .selectFrom("people")
            .select("id")
            .where("id", "in", [...wanted])
            .execute();
          const missing = [...wanted].filter((personId) => !found.some((row) => row.id === personId));
          if (missing.length > 0)
            throw new ApiError("domain_rule", `No person ${missing.join(", ")} (person_ids)`);
        }
        const current = await trx
          .selectFrom("room_occupants")
          .select("person_id")
          .where("room_id", "=", id)
          .orderBy("person_id")
          .execute();
        const journal = openJournal(trx, principal.userId);
        for (const { person_id } of current) {
          if (wanted.delete(person_id)) continue;
          const key = { room_id: id, person_id };
          const row = (await snapshot(trx, "room_occupant", key)) as Row;
          await deleteRow(trx, "room_occupant", key);
          await journal.deleted("room_occupant", row);
        }
        for (const person_id of [...wanted].sort((a, b) => a - b)) {
          const row = await insertRow(trx, "room_occupant", {
            room_id: id,
            person_id,
            region_code: room.region_code,
          });
          await journal.created("room_occupant", row);
        }
        const after = await updateRow(trx, "room", { id }, {});
        await journal.updated("room", room, after);
        const occupants = await trx
          .selectFrom("room_occupants")
          .select("person_id")
          .where("room_id", "=", id)
          .orderBy("person_id")
          .execute();
        await refreshStandardStatusAfter(trx, journal.ids);
        return { room: after, person_ids: occupants.map((row) => row.person_id), audit: journal.ids };
      });
      return c.json(result, 200);
    },
  );
}
