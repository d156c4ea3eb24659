import { z } from "@hono/zod-openapi";
import { isAdministrationStaff, type Principal, regionWithin } from "../../domain/auth/access.js";
import { ApiError } from "../errors.js";
import { integerParameter, regionCodeParameter } from "../schemas.js";
import { versionField } from "./edit-support.js";

// Who may do what with the outflow of idle space (conversions, the commercial register, disposals):
// it is the administration's work, so unit users see none of it. Planners prepare and carry it out,
// approvers decide and publish; system administrators may do both.

/** Administration staff (403 otherwise): the outflow records are not a unit's business. */
export function requireStaff(principal: Principal): Principal {
  if (!isAdministrationStaff(principal))
    throw new ApiError(
      "forbidden",
      "Disposal of idle space is the administration's: unit users do not see it",
    );
  return principal;
}

/** A record of `regionCode` the principal may read: staff of that region or above (404 otherwise). */
export function requireInRegion(principal: Principal, regionCode: string, noun: string, id: number): void {
  requireStaff(principal);
  if (!principal.roles.includes("system_admin") && !regionWithin(regionCode, principal.regionCode))
    throw new ApiError("not_found", `No ${noun} ${id}`);
}

/** The role a step needs within the record's region (403 otherwise); system administrators may all. */
export function requireRole(
  principal: Principal,
  role: "planner" | "approver",
  regionCode: string,
  what: string,
): void {
  if (principal.roles.includes("system_admin")) return;
  if (principal.roles.includes(role) && regionWithin(regionCode, principal.regionCode)) return;
  throw new ApiError(
    "forbidden",
    role === "approver"
      ? `Only an approver of the region may ${what}`
      : `Only a planner of the region may ${what}`,
  );
}

/** Body of a status step: the version the client saw and an optional note. */
export const stepBody = z
  .object({
    version: versionField,
    note: z.string().trim().max(2000, "note must be at most 2,000 characters").optional(),
  })
  .strict();

export const listQuery = <T extends z.ZodType>(status: T) =>
  z
    .object({
      status: status.optional(),
      region: regionCodeParameter.optional(),
      limit: integerParameter("limit", 1, 500, 50),
      offset: integerParameter("offset", 0, 1_000_000, 0),
    })
    .strict();

/** An area in m² (at most a very large building's). */
export const areaField = (name: string) =>
  z.number().positive(`${name} must be above 0 m²`).max(500_000, `${name} must be at most 500,000 m²`);

/** A sum of money in 万元 (10,000 yuan). */
export const moneyField = (name: string) =>
  z
    .number()
    .nonnegative(`${name} must not be negative`)
    .max(10_000_000, `${name} must be at most 10,000,000 万元`);

export const recordId = (name: string) =>
  z.number().int(`${name} must be a whole number`).positive(`${name} must be positive`);

/** Rounds m² and 万元 to the stored two decimals. */
export const cents = (value: number) => Math.round(value * 100) / 100;
