import { z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { type InspectionRow, inspectionById } from "../../db/repositories/inspection.repository.js";
import type { Database } from "../../db/schema.js";
import { isUnitOnly, type Principal, readScopeOf, regionWithin } from "../../domain/auth/access.js";
import { mayManageInspections } from "../../domain/inspections/inspection-plans.js";
import { ApiError } from "../errors.js";

// What the inspection routes share: who may manage, loading a readable inspection, parameters.

/** Inspectors, planners and system administrators manage plans and run inspections; others get 403. */
export function requireInspectionStaff(principal: Principal, what: string): void {
  if (!mayManageInspections(principal))
    throw new ApiError("forbidden", `Only inspectors, planners and administrators ${what}`);
}

/** Whether a level's records (a plan of `regionCode`) lie within the principal's level. */
export const withinLevel = (principal: Principal, regionCode: string): boolean =>
  principal.roles.includes("system_admin") || regionWithin(regionCode, principal.regionCode);

/** A readable inspection or 404 (unknown, out of scope, or an unannounced spot check for its unit). */
export async function readableInspection(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
): Promise<InspectionRow> {
  const inspection = await inspectionById(db, readScopeOf(principal), id);
  if (!inspection) throw new ApiError("not_found", `Inspection ${id} not found`);
  return inspection;
}

/** A readable inspection the principal may work on (staff of its level), or 403/404. */
export async function workableInspection(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  what: string,
): Promise<InspectionRow> {
  if (isUnitOnly(principal)) {
    await readableInspection(db, principal, id);
    throw new ApiError("forbidden", `Unit users may not ${what}`);
  }
  const inspection = await readableInspection(db, principal, id);
  requireInspectionStaff(principal, what);
  return inspection;
}

export const optionalText = (name: string, max: number) =>
  z.string().trim().max(max, `${name} is longer than ${max} characters`).optional();

export const requiredText = (name: string, max: number) =>
  z.string().trim().min(1, `${name} must not be empty`).max(max, `${name} is longer than ${max} characters`);

export const positiveId = (name: string) =>
  z.number().int(`${name} must be a whole number`).positive(`${name} must be positive`);

/** A path parameter id other than `id`. */
export const pathId = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .openapi({ param: { name, in: "path" }, type: "integer" });
