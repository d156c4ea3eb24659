import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import { existingBuildingIds, insertSubLedger } from "../../db/repositories/sub-ledger.repository.js";
import { canRead, isAdministrationStaff, type Principal, regionWithin } from "../../domain/auth/access.js";
import { roomStatusCodes, useCategoryCodes } from "../../domain/consistency/mismatch.js";
import { roomKey } from "../../domain/consistency/sub-ledger.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError, type ErrorDetail } from "../errors.js";
import { errorResponses, idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { calendarDate, todayInChina } from "./consistency.route.js";

const useCategories = useCategoryCodes;
const roomStatuses = roomStatusCodes;

/** Most rows one sub-ledger holds (the body limit of 1 MB allows about this many). */
const MAX_ROWS = 10_000;

const rowSchema = z
  .object({
    buildingId: z.number().int("buildingId must be a whole number").positive("buildingId must be positive"),
    roomNumber: z.string().trim().min(1, "roomNumber must not be empty").max(50),
    useCategory: z.enum(useCategories, {
      error: () => `useCategory must be one of ${useCategories.join(", ")}`,
    }),
    usableArea: z.number().positive("usableArea must be above 0 m²").max(100_000),
    status: z
      .enum(roomStatuses, { error: () => `status must be one of ${roomStatuses.join(", ")}` })
      .optional()
      .default("in_use"),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

const bodySchema = z
  .object({
    rows: z.array(rowSchema).max(MAX_ROWS, `a sub-ledger holds at most ${MAX_ROWS} rows`),
    submittedOn: calendarDate("submittedOn").optional(),
  })
  .strict();

const route = createRoute({
  method: "post",
  path: "/units/{id}/sub-ledger",
  summary:
    "Submit the unit's sub-ledger (分台账): the rooms it reports using; the latest submission is the one 三相符 compares",
  request: {
    params: idParameters,
    body: { content: { "application/json": { schema: bodySchema } }, required: true },
  },
  responses: {
    201: { content: { "application/json": { schema: z.any() } }, description: "The submission" },
    ...errorResponses,
  },
});

/** Who submits a unit's sub-ledger: its own users, and administration staff of its region. */
function maySubmit(principal: Principal, unit: { id: number; region_code: string }): boolean {
  if (principal.roles.includes("system_admin")) return true;
  if (isAdministrationStaff(principal) && regionWithin(unit.region_code, principal.regionCode)) return true;
  return principal.roles.includes("unit_user") && principal.unitId === unit.id;
}

/** `POST /units/{id}/sub-ledger`: validated, transactional and audited. */
export function subLedgerRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
    const principal = requireReader(c);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const unit = await db
      .selectFrom("units")
      .select(["id", "name", "region_code"])
      .where("id", "=", id)
      .executeTakeFirst();
    // Out of scope looks like missing; a supervising unit reads but does not submit for another.
    if (!unit || !canRead(principal, { regionCode: unit.region_code, unitId: unit.id }))
      throw new ApiError("not_found", `Unit ${id} not found`);
    if (!maySubmit(principal, unit))
      throw new ApiError(
        "forbidden",
        "Only the unit's own users or administration staff of its region submit its sub-ledger",
      );

    const submittedOn = body.submittedOn ?? todayInChina();
    if (submittedOn > todayInChina())
      throw new ApiError("invalid_request", "submittedOn lies in the future", [
        { path: "submittedOn", message: `${submittedOn} is after today` },
      ]);
    const problems: ErrorDetail[] = [];
    const seen = new Map<string, number>();
    body.rows.forEach((row, index) => {
      const key = roomKey(row.buildingId, row.roomNumber);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else
        problems.push({
          path: `rows.${index}`,
          message: `row ${index + 1} repeats building ${row.buildingId} room ${row.roomNumber} of row ${first + 1}`,
        });
    });
    const buildings = await existingBuildingIds(
      db,
      body.rows.map((row) => row.buildingId),
    );
    body.rows.forEach((row, index) => {
      if (!buildings.has(row.buildingId))
        problems.push({
          path: `rows.${index}.buildingId`,
          message: `row ${index + 1}: no building ${row.buildingId}`,
        });
    });
    if (problems.length > 0) {
      problems.sort((a, b) => rowIndex(a) - rowIndex(b));
      throw new ApiError(
        "invalid_request",
        `Invalid sub-ledger: ${problems.map((problem) => problem.message).join("; ")}`,
        problems,
      );
    }

    const rows = body.rows.map((row) => ({ ...row, note: row.note ?? null }));
    const saved = await db.transaction().execute(async (trx) => {
      const submission = await insertSubLedger(trx, {
        unitId: unit.id,
        regionCode: unit.region_code,
        submittedOn,
        submittedBy: principal.userId,
        rows,
      });
      await appendAudit(trx, {
        userId: principal.userId,
        regionCode: unit.region_code,
        action: "create",
        entity: "sub_ledger_submission",
        entityId: submission.id,
        after: { unitId: unit.id, submittedOn, rows },
      });
      return submission;
    });
    return c.json(
      {
        id: saved.id,
        unitId: unit.id,
        unitName: unit.name,
        regionCode: unit.region_code,
        submittedOn,
        submittedBy: principal.userId,
        version: saved.version,
        rowCount: rows.length,
        rows,
      },
      201,
    );
  });
}

const rowIndex = (detail: ErrorDetail) => Number(/^rows\.(\d+)/.exec(detail.path ?? "")?.[1] ?? 0);
