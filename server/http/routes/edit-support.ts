import { z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { footprintFacts } from "../../db/repositories/inventory-edit.repository.js";
import type { JournalEntity, Row } from "../../db/repositories/journal.repository.js";
import { snapshot } from "../../db/repositories/journal.repository.js";
import type { Database } from "../../db/schema.js";
import { canRead, canWrite, isUnitOnly, type Principal } from "../../domain/auth/access.js";
import type { Polygon } from "../../domain/geojson.js";
import { checkFootprint, type FootprintInput, MIN_FOOTPRINT_AREA } from "../../domain/inventory/footprint.js";
import { ApiError } from "../errors.js";
import { errorResponses } from "../schemas.js";

// What the inventory-editing routes share: body pieces, the answer to a stale version, write scope.

export const versionField = z.number().int().positive("version must be a positive integer");

/** `?version=n` of a DELETE. */
export const versionQuery = z
  .object({
    version: z
      .string()
      .regex(/^\d{1,9}$/, "version must be a positive whole number")
      .transform(Number)
      .pipe(z.number().int().positive("version must be a positive integer")),
  })
  .strict();

/** A GeoJSON Polygon or MultiPolygon; the positions are checked by checkFootprint with better words. */
export const footprintField = z
  .object({
    type: z.enum(["Polygon", "MultiPolygon"], "footprint must be a GeoJSON Polygon or MultiPolygon"),
    coordinates: z.array(z.unknown()),
    bbox: z.array(z.number()).optional(),
  })
  .strict();

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});

const anyJson = { "application/json": { schema: z.any() } };
/** Responses of a write that answers 200 (or an error). */
export const okResponses = { 200: { content: anyJson, description: "OK" }, ...errorResponses } as const;
/** Responses of a write that answers 201 (or an error). */
export const createdResponses = {
  201: { content: anyJson, description: "Created" },
  ...errorResponses,
} as const;

/** The footprint's one polygon, or a 400 naming what is wrong with it. */
export function footprintPolygon(footprint: FootprintInput): Polygon {
  const checked = checkFootprint(footprint);
  if (!checked.ok)
    throw new ApiError("invalid_request", `Invalid footprint: ${checked.message}`, [
      { path: "footprint", message: checked.message },
    ]);
  return checked.polygon;
}

/** 409 for an optimistic-concurrency miss: the current version in the details (as PATCH answers). */
export function staleVersion(noun: string, id: number | string, current: unknown): ApiError {
  return new ApiError(
    "conflict",
    `The ${noun} ${id} was changed by someone else: its current version is ${String(current)}`,
    [{ path: "version", message: String(current) }],
  );
}

/**
 * Inventory structure (buildings, floors, rooms, units, people) is the administration's: planners and
 * system administrators within their region. Unit users change only the function of their own rooms
 * (PATCH /rooms/{id}). An existing record (with `id`) out of read scope looks missing.
 */
export function requireStructureEditor(
  principal: Principal,
  scope: { regionCode: string; unitId?: number | null },
  noun: string,
  id?: number | string,
): void {
  if (id !== undefined && !canRead(principal, scope) && !isUnitOnly(principal))
    throw new ApiError("not_found", `No ${noun} ${id}`);
  if (isUnitOnly(principal))
    throw new ApiError("forbidden", "Unit users may change only the function of their own rooms");
  if (!canWrite(principal, scope))
    throw new ApiError(
      "forbidden",
      id === undefined
        ? `You may not add a ${noun} in region ${scope.regionCode}: it is outside your region`
        : `You may not change this ${noun}`,
    );
}

/** The row (locked) or a 404. */
export async function existing(
  db: Kysely<Database>,
  entity: JournalEntity,
  id: number,
  noun: string = entity,
): Promise<Row> {
  const row = await snapshot(db, entity, { id });
  if (!row) throw new ApiError("not_found", `No ${noun} ${id}`);
  return row;
}

/** A versioned row at the version the client saw, or 409. */
export function expectVersion(row: Row, expected: number, noun: string): void {
  if (row.version !== expected) throw staleVersion(noun, String(row.id), row.version);
}

const coordinate = (value: number) => String(Number(value.toFixed(6)));

/**
 * Where a footprint goes: its region (the county containing its point on surface, else the prefecture
 * or province with a boundary) and geodesic area; 400 for invalid or tiny shapes, 422 outside the province.
 */
export async function placeFootprint(
  db: Kysely<Database>,
  polygon: Polygon,
): Promise<{ regionCode: string; area: number }> {
  const facts = await footprintFacts(db, polygon);
  if (!facts.valid) {
    const where = facts.at ? ` at ${coordinate(facts.at[0])} ${coordinate(facts.at[1])}` : "";
    const message = `${facts.reason}${where}`;
    throw new ApiError("invalid_request", `Invalid footprint: ${message}`, [{ path: "footprint", message }]);
  }
  if (facts.area < MIN_FOOTPRINT_AREA) {
    const message = `The footprint covers ${facts.area.toFixed(2)} m², less than ${MIN_FOOTPRINT_AREA} m²`;
    throw new ApiError("invalid_request", `Invalid footprint: ${message}`, [{ path: "footprint", message }]);
  }
  if (!facts.regionCode)
    throw new ApiError(
      "domain_rule",
      "The footprint lies outside Heilongjiang: no region of the province contains it",
      [{ path: "footprint", message: "outside Heilongjiang" }],
    );
  return { regionCode: facts.regionCode, area: facts.area };
}
