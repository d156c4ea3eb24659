import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  existingUnitIds,
  insertFieldResults,
  readableRoomRegions,
} from "../../db/repositories/field-check.repository.js";
import { isAdministrationStaff, readScopeOf, regionWithin } from "../../domain/auth/access.js";
import {
  roomStatusCodes as roomStatuses,
  useCategoryCodes as useCategories,
} from "../../domain/consistency/mismatch.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError, type ErrorDetail } from "../errors.js";
import { errorResponses, idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { calendarDate, todayInChina } from "./consistency.route.js";

/** Most results one request records (an inspection of a large compound). */
const MAX_RESULTS = 5_000;

const resultSchema = z
  .object({
    roomId: z.number().int("roomId must be a whole number").positive("roomId must be positive"),
    observedStatus: z
      .enum(roomStatuses, { error: () => `observedStatus must be one of ${roomStatuses.join(", ")}` })
      .optional(),
    observedUseCategory: z
      .enum(useCategories, {
        error: () => `observedUseCategory must be one of ${useCategories.join(", ")}`,
      })
      .optional(),
    observedUsableArea: z.number().positive("observedUsableArea must be above 0 m²").max(100_000).optional(),
    observedOccupantUnitId: z.number().int().positive("observedOccupantUnitId must be positive").optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .refine(
    (result) =>
      result.observedStatus !== undefined ||
      result.observedUseCategory !== undefined ||
      result.observedUsableArea !== undefined ||
      result.observedOccupantUnitId !== undefined,
    "record at least one observation: observedStatus, observedUseCategory, observedUsableArea or observedOccupantUnitId",
  );

const bodySchema = z
  .object({
    results: z
      .array(resultSchema)
      .min(1, "results must hold at least one room")
      .max(MAX_RESULTS, `at most ${MAX_RESULTS} results a request`),
    checkedOn: calendarDate("checkedOn").optional(),
  })
  .strict();

const route = createRoute({
  method: "post",
  path: "/inspections/{id}/field-results",
  summary: "Record what inspectors found in rooms during an inspection (账实相符); administration staff only",
  request: {
    params: idParameters,
    body: { content: { "application/json": { schema: bodySchema } }, required: true },
  },
  responses: {
    201: { content: { "application/json": { schema: z.any() } }, description: "The recorded results" },
    ...errorResponses,
  },
});

/** `POST /inspections/{id}/field-results`: validated, transactional and audited. */
export function fieldCheckRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
    const principal = requireReader(c);
    if (!isAdministrationStaff(principal))
      throw new ApiError("forbidden", "Only administration staff record field-check results");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const inspection = await db
      .selectFrom("inspections")
      .select(["id", "region_code", "status", "version"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (
      !inspection ||
      !(
        principal.roles.includes("system_admin") || regionWithin(inspection.region_code, principal.regionCode)
      )
    )
      throw new ApiError("not_found", `Inspection ${id} not found`);
    if (inspection.status === "cancelled")
      throw new ApiError("domain_rule", `Inspection ${id} was cancelled: it takes no field results`);
    const checkedOn = body.checkedOn ?? todayInChina();
    if (checkedOn > todayInChina())
      throw new ApiError("invalid_request", "checkedOn lies in the future", [
        { path: "checkedOn", message: `${checkedOn} is after today` },
      ]);

    const rooms = await readableRoomRegions(
      db,
      body.results.map((result) => result.roomId),
      readScopeOf(principal),
    );
    const units = await existingUnitIds(
      db,
      body.results.flatMap((result) =>
        result.observedOccupantUnitId === undefined ? [] : [result.observedOccupantUnitId],
      ),
    );
    const problems: ErrorDetail[] = [];
    body.results.forEach((result, index) => {
      if (!rooms.has(result.roomId))
        problems.push({
          path: `results.${index}.roomId`,
          message: `result ${index + 1}: no room ${result.roomId} in your region`,
        });
      if (result.observedOccupantUnitId !== undefined && !units.has(result.observedOccupantUnitId))
        problems.push({
          path: `results.${index}.observedOccupantUnitId`,
          message: `result ${index + 1}: no unit ${result.observedOccupantUnitId}`,
        });
    });
    if (problems.length > 0)
      throw new ApiError(
        "invalid_request",
        `Invalid field results: ${problems.map((problem) => problem.message).join("; ")}`,
        problems,
      );

    const results = body.results.map((result) => ({
      roomId: result.roomId,
      regionCode: rooms.get(result.roomId) ?? inspection.region_code,
      observedStatus: result.observedStatus ?? null,
      observedUseCategory: result.observedUseCategory ?? null,
      observedUsableArea: result.observedUsableArea ?? null,
      observedOccupantUnitId: result.observedOccupantUnitId ?? null,
      note: result.note ?? null,
    }));
    const ids = await db.transaction().execute(async (trx) => {
      const inserted = await insertFieldResults(trx, inspection.id, checkedOn, results);
      await appendAudit(trx, {
        userId: principal.userId,
        regionCode: inspection.region_code,
        action: "create",
        entity: "field_check_results",
        entityId: inspection.id,
        after: {
          inspectionId: inspection.id,
          checkedOn,
          results: inserted.map((resultId, index) => ({ id: resultId, ...results[index] })),
        },
      });
      return inserted;
    });
    return c.json(
      {
        inspectionId: inspection.id,
        checkedOn,
        results: results.map((result, index) => ({ id: ids[index], ...result })),
      },
      201,
    );
  });
}
