import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { roomReferenceObstacles, takenRoomNumbers } from "../../db/repositories/inventory-edit.repository.js";
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
import { mergedArea, mergedValue, splitAreas } from "../../domain/inventory/room-areas.js";
import { roomRuleProblem } from "../../domain/inventory/room-rules.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import {
  createdResponses,
  existing,
  jsonBody,
  okResponses,
  requireStructureEditor,
  staleVersion,
  versionField,
  versionQuery,
} from "./edit-support.js";

const useCategory = z.enum(["office", "service", "equipment", "ancillary", "technical"]);
const roomStatus = z.enum(["in_use", "idle", "leased_out", "lent_out", "vacating", "pending_disposal"]);
const roomNumber = z.string().trim().min(1, "a room number must not be empty").max(30);
const usableArea = z.number().positive("usable_area must be above 0 m²").max(100_000);
const occupantUnit = z.number().int().positive().nullable();
const roomFunction = z.string().trim().max(100).nullable();

const roomCreate = z
  .object({
    floor_id: z.number().int().positive(),
    number: roomNumber,
    use_category: useCategory,
    usable_area: usableArea,
    status: roomStatus.optional(),
    occupant_unit_id: occupantUnit.optional(),
    function: roomFunction.optional(),
    has_rest_room: z.boolean().optional(),
    washroom_area: z.number().min(0).max(6).optional(),
  })
  .strict();

const splitPart = z
  .object({
    number: roomNumber,
    usable_area: usableArea,
    use_category: useCategory.optional(),
    status: roomStatus.optional(),
    occupant_unit_id: occupantUnit.optional(),
    function: roomFunction.optional(),
  })
  .strict();
const roomSplit = z
  .object({
    version: versionField,
    parts: z.array(splitPart).min(2, "a split needs at least 2 parts").max(20, "at most 20 parts"),
  })
  .strict();

const roomMerge = z
  .object({
    rooms: z
      .array(z.object({ id: z.number().int().positive(), version: versionField }).strict())
      .min(2, "a merge needs at least 2 rooms")
      .max(20, "at most 20 rooms"),
    number: roomNumber.optional(),
    use_category: useCategory.optional(),
    function: roomFunction.optional(),
    status: roomStatus.optional(),
    occupant_unit_id: occupantUnit.optional(),
  })
  .strict();

const round2 = (value: number) => Math.round(value * 100) / 100;
const roomScope = (room: Row) => ({
  regionCode: String(room.region_code),
  unitId: (room.occupant_unit_id as number | null) ?? null,
});

function checkRoom(room: Row, which = "The room"): void {
  const problem = roomRuleProblem(room);
  if (problem) throw new ApiError("domain_rule", `${which}: ${problem}`);
}

/** Room numbers are unique within a building (the ledger's convention), not only within a floor. */
async function requireFreeNumbers(
  trx: Kysely<Database>,
  buildingId: number,
  numbers: readonly string[],
  exceptRoomIds: readonly number[] = [],
) {
  const repeated = numbers.filter((number, index) => numbers.indexOf(number) !== index);
  if (repeated.length > 0)
    throw new ApiError(
      "invalid_request",
      `Room numbers must differ: ${[...new Set(repeated)].join(", ")} repeated`,
    );
  const taken = await takenRoomNumbers(trx, buildingId, numbers, exceptRoomIds);
  if (taken.length > 0)
    throw new ApiError(
      "conflict",
      `Room number ${taken.join(", ")} is already used in building ${buildingId}`,
      taken.map((number) => ({ path: "number", message: number })),
    );
}

async function requireUnit(trx: Kysely<Database>, unitId: unknown) {
  if (unitId == null) return;
  const unit = await trx.selectFrom("units").select("id").where("id", "=", Number(unitId)).executeTakeFirst();
  if (!unit) throw new ApiError("domain_rule", `No unit ${String(unitId)} (occupant_unit_id)`);
}

/** A room at the version the client saw, editable by the principal, or the error saying why not. */
async function editableRoom(
  trx: Kysely<Database>,
  principal: ReturnType<typeof requireReader>,
  id: number,
  version: number,
) {
  const room = await existing(trx, "room", id);
  requireStructureEditor(principal, roomScope(room), "room", id);
  if (room.version !== version) throw staleVersion("room", id, room.version);
  return room;
}

/** Adding, deleting, splitting and merging rooms. Every write is journaled. */
export function roomEditRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/rooms",
      summary: "Add a room to a floor",
      request: { body: jsonBody(roomCreate) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const {
        floor_id,
        status = "idle",
        occupant_unit_id = null,
        usable_area,
        ...fields
      } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const floor = await snapshot(trx, "floor", { id: floor_id });
        if (!floor) throw new ApiError("domain_rule", `No floor ${floor_id} (floor_id)`);
        requireStructureEditor(principal, { regionCode: String(floor.region_code) }, "room");
        const room = {
          ...fields,
          building_id: floor.building_id,
          floor_id,
          region_code: floor.region_code,
          usable_area: round2(usable_area),
          status,
          occupant_unit_id,
        };
        checkRoom(room);
        await requireUnit(trx, occupant_unit_id);
        await requireFreeNumbers(trx, Number(floor.building_id), [fields.number]);
        const journal = openJournal(trx, principal.userId);
        const created = await insertRow(trx, "room", room);
        await journal.created("room", created);
        await refreshStandardStatusAfter(trx, journal.ids);
        return { room: created, audit: journal.ids };
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/rooms/{id}",
      summary: "Delete a room that is not in use, leased or lent out, and has no people",
      request: { params: idParameters, query: versionQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("query");
      const result = await db.transaction().execute(async (trx) => {
        const room = await editableRoom(trx, principal, id, version);
        const obstacles = await roomReferenceObstacles(trx, [id]);
        if (["in_use", "leased_out", "lent_out"].includes(String(room.status)))
          obstacles.unshift(`it is ${String(room.status).replace("_", " ")}`);
        if (obstacles.length > 0)
          throw new ApiError(
            "domain_rule",
            `Room ${id} (${String(room.number)}) cannot be deleted: ${obstacles.join("; ")}`,
            obstacles.map((message) => ({ message })),
          );
        const journal = openJournal(trx, principal.userId);
        await deleteRow(trx, "room", { id });
        await journal.deleted("room", room);
        await refreshStandardStatusAfter(trx, journal.ids);
        return { deleted: { entity: "room", id }, audit: journal.ids };
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/rooms/{id}/split",
      summary: "Split a room into parts whose areas add up to it; the first part keeps the id and the people",
      request: { params: idParameters, body: jsonBody(roomSplit) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version, parts } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const room = await editableRoom(trx, principal, id, version);
        const leases = await trx.selectFrom("leases_out").select("id").where("room_id", "=", id).execute();
        if (leases.length > 0)
          throw new ApiError(
            "domain_rule",
            `Room ${id} is leased out (lease ${leases.map((lease) => lease.id).join(", ")}): end the lease before splitting it`,
          );
        const areas = splitAreas(
          Number(room.usable_area),
          parts.map((part) => part.usable_area),
        );
        if (!areas.ok)
          throw new ApiError("domain_rule", areas.message, [{ path: "parts", message: areas.message }]);
        const rows = parts.map((part, index) => {
          const status = part.status ?? room.status;
          const row = {
            number: part.number,
            usable_area: areas.areas[index],
            use_category: part.use_category ?? room.use_category,
            function: part.function !== undefined ? part.function : room.function,
            status,
            occupant_unit_id:
              part.occupant_unit_id !== undefined
                ? part.occupant_unit_id
                : status === "idle"
                  ? null
                  : room.occupant_unit_id,
          };
          checkRoom(row, `Part ${index + 1} (${part.number})`);
          return row;
        });
        for (const row of rows) await requireUnit(trx, row.occupant_unit_id);
        await requireFreeNumbers(
          trx,
          Number(room.building_id),
          rows.map((row) => row.number),
          [id],
        );
        const journal = openJournal(trx, principal.userId);
        // The floor-plan polygon was the whole room's: it no longer fits any part (the audit keeps it).
        const [first, ...others] = rows;
        const kept = await updateRow(trx, "room", { id }, { ...first, plan: null });
        await journal.updated("room", room, kept);
        const rooms = [kept];
        for (const row of others) {
          const created = await insertRow(trx, "room", {
            ...row,
            building_id: room.building_id,
            floor_id: room.floor_id,
            region_code: room.region_code,
          });
          await journal.created("room", created);
          rooms.push(created);
        }
        await refreshStandardStatusAfter(trx, journal.ids);
        return { rooms, audit: journal.ids };
      });
      return c.json(result, 201);
    },
  );

  return app.openapi(
    createRoute({
      method: "post",
      path: "/rooms/merge",
      summary: "Merge rooms of one floor into the first: summed area, people moved, the others deleted",
      request: { body: jsonBody(roomMerge) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const body = c.req.valid("json");
      const ids = body.rooms.map((room) => room.id);
      if (new Set(ids).size !== ids.length)
        throw new ApiError("invalid_request", "Each room may be named once in a merge");
      const result = await db.transaction().execute(async (trx) => {
        const rooms: Row[] = [];
        for (const { id, version } of body.rooms) rooms.push(await editableRoom(trx, principal, id, version));
        const [keptRoom, ...absorbed] = rooms as [Row, ...Row[]];
        const floors = [...new Set(rooms.map((room) => room.floor_id))];
        if (floors.length > 1)
          throw new ApiError(
            "domain_rule",
            `Only rooms of one floor can be merged: these lie on floors ${floors.join(", ")}`,
          );
        const resolve = <T>(field: string, values: readonly T[], chosen: T | undefined): T => {
          const merged = mergedValue(values, chosen);
          if (merged.ok) return merged.value;
          throw new ApiError(
            "domain_rule",
            `The rooms have different ${field} values (${merged.values.map(String).join(", ")}): say which with ${field}`,
            [{ path: field, message: merged.values.map(String).join(", ") }],
          );
        };
        const status = resolve(
          "status",
          rooms.map((room) => room.status),
          body.status,
        );
        // A room without an occupant unit does not dispute the others' unit.
        const units = rooms.map((room) => room.occupant_unit_id ?? null).filter((unit) => unit !== null);
        const occupant =
          body.occupant_unit_id === undefined && (status === "idle" || units.length === 0)
            ? null
            : resolve("occupant_unit_id", units, body.occupant_unit_id);
        const merged = {
          number: body.number ?? keptRoom.number,
          use_category: resolve(
            "use_category",
            rooms.map((room) => room.use_category),
            body.use_category,
          ),
          function: body.function !== undefined ? body.function : keptRoom.function,
          status,
          occupant_unit_id: occupant,
          usable_area: mergedArea(rooms.map((room) => Number(room.usable_area))),
          has_rest_room: rooms.some((room) => room.has_rest_room === true),
          washroom_area: mergedArea(rooms.map((room) => Number(room.washroom_area ?? 0))),
          plan: null,
        };
        checkRoom(merged, "The merged room");
        await requireUnit(trx, occupant);
        const absorbedIds = absorbed.map((room) => Number(room.id));
        const obstacles = await roomReferenceObstacles(trx, absorbedIds).then((found) =>
          found.filter((obstacle) => !obstacle.includes("people")),
        );
        if (obstacles.length > 0)
          throw new ApiError(
            "domain_rule",
            `The rooms merged away are still referenced: ${obstacles.join("; ")}`,
          );
        await requireFreeNumbers(trx, Number(keptRoom.building_id), [String(merged.number)], ids);
        const journal = openJournal(trx, principal.userId);
        const keptId = Number(keptRoom.id);
        // People move to the kept room; then the others go; then the kept room takes its new shape.
        for (const room of absorbed) {
          const occupants = await trx
            .selectFrom("room_occupants")
            .select("person_id")
            .where("room_id", "=", Number(room.id))
            .orderBy("person_id")
            .execute();
          for (const { person_id } of occupants) {
            const row = (await snapshot(trx, "room_occupant", { room_id: room.id, person_id })) as Row;
            await deleteRow(trx, "room_occupant", { room_id: room.id, person_id });
            await journal.deleted("room_occupant", row);
            if (!(await snapshot(trx, "room_occupant", { room_id: keptId, person_id }))) {
              const moved = await insertRow(trx, "room_occupant", { ...row, room_id: keptId });
              await journal.created("room_occupant", moved);
            }
          }
        }
        for (const room of absorbed) {
          await deleteRow(trx, "room", { id: room.id });
          await journal.deleted("room", room);
        }
        const after = await updateRow(trx, "room", { id: keptId }, merged);
        await journal.updated("room", keptRoom, after);
        await refreshStandardStatusAfter(trx, journal.ids);
        return { room: after, audit: journal.ids };
      });
      return c.json(result, 201);
    },
  );
}
