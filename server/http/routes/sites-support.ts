import { z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { footprintFacts } from "../../db/repositories/inventory-edit.repository.js";
import { siteKinds } from "../../db/repositories/site-locations.js";
import type { Database } from "../../db/schema.js";
import { checkArealGeometry } from "../../domain/areal-geometry.js";
import type { MultiPolygon } from "../../domain/geojson.js";
import { conditions, criterionNames, targetUses } from "../../domain/sites/site-criteria.js";
import { influenceProblems, weightProblems } from "../../domain/sites/site-scoring.js";
import { ApiError } from "../errors.js";

// Request pieces of the idle-site analysis routes (sites.route.ts), checked the same way in each.

export const MAX_WALK_METERS = 10_000;
export const MAX_SITE_IDS = 1000;

export const targetUseField = z.enum(
  targetUses,
  `targetUse must be one of ${targetUses.join(", ")} (群众之家, 社区服务中心, 老年人活动中心, 便民服务, 创业孵化, 其他)`,
);

export const walkField = z
  .number()
  .min(50, `walkMeters must be between 50 and ${MAX_WALK_METERS}`)
  .max(MAX_WALK_METERS, `walkMeters must be between 50 and ${MAX_WALK_METERS}`);

const areaField = (name: string) =>
  z.number().min(0, `${name} must be ≥ 0 m²`).max(10_000_000, `${name} must be ≤ 10,000,000 m²`);

export const siteIdField = z
  .string()
  .regex(
    /^(room|floor|building|asset):[1-9]\d{0,9}$/,
    'site ids look like "building:12", "floor:3", "room:45" or "asset:7"',
  );

/** A GeoJSON Polygon or MultiPolygon in WGS84, checked by checkedWithin with messages naming the problem. */
export const withinField = z.unknown().optional().openapi({
  description: "GeoJSON Polygon or MultiPolygon, WGS84 [lng, lat]: only sites intersecting it",
});

const weight = z.number().min(0, "weights are ≥ 0 (%)").max(100, "weights are ≤ 100 (%)");
const bound = z.number().min(-1e9).max(1e9);
const influence = z.discriminatedUnion(
  "influence",
  [
    z.object({ influence: z.literal("positive"), low: bound, high: bound }).strict(),
    z.object({ influence: z.literal("inverse"), low: bound, high: bound }).strict(),
    z.object({ influence: z.literal("ideal"), ideal: bound, tolerance: bound }).strict(),
  ],
  'influence must be "positive" (with low, high), "inverse" (low, high) or "ideal" (ideal, tolerance)',
);
const perCriterion = <T extends z.ZodType>(schema: T) =>
  z
    .object(
      Object.fromEntries(criterionNames.map((name) => [name, schema.optional()])) as Record<
        (typeof criterionNames)[number],
        z.ZodOptional<T>
      >,
    )
    .strict();

/** The filters the finder and location-allocation share. */
const filterFields = {
  minArea: areaField("minArea").optional(),
  maxArea: areaField("maxArea").optional(),
  within: withinField,
  walkMeters: walkField.optional(),
  minContiguousArea: areaField("minContiguousArea").optional(),
  requireAccessible: z.boolean().optional(),
  requireClearTitle: z.boolean().optional(),
  conditions: z
    .array(z.enum(conditions, `conditions are ${conditions.join(", ")}`))
    .min(1)
    .optional(),
  kinds: z
    .array(z.enum(siteKinds, `kinds are ${siteKinds.join(", ")}`))
    .min(1)
    .optional(),
  maxDemandDistance: z.number().min(0).max(50_000).optional(),
  minFacilityDistance: z.number().min(0).max(50_000).optional(),
};

const areaRange = (body: { minArea?: number | undefined; maxArea?: number | undefined }) =>
  body.minArea === undefined || body.maxArea === undefined || body.minArea <= body.maxArea;
const areaRangeMessage = { message: "minArea must not exceed maxArea", path: ["maxArea"] };

export const siteSearchBody = z
  .object({
    targetUse: targetUseField,
    ...filterFields,
    weights: perCriterion(weight).optional(),
    criteria: perCriterion(influence).optional(),
    limit: z.number().int().min(1, "limit is 1 to 500").max(500, "limit is 1 to 500").optional(),
  })
  .strict()
  .refine(areaRange, areaRangeMessage);
export type SiteSearchBody = z.infer<typeof siteSearchBody>;

export const coverageBody = z
  .object({
    siteIds: z.array(siteIdField).min(1, "give at least one site id").max(MAX_SITE_IDS),
    facilityKind: z.enum(targetUses, `facilityKind must be one of ${targetUses.join(", ")}`),
    walkMeters: walkField.optional(),
  })
  .strict();

export const allocationBody = z
  .object({
    targetUse: targetUseField,
    k: z.number().int("k is a whole number").min(1, "k is 1 to 50").max(50, "k is 1 to 50"),
    candidateIds: z.array(siteIdField).min(1).max(5000).optional(),
    ...filterFields,
    timeLimitSeconds: z.number().positive().max(60, "timeLimitSeconds is at most 60").optional(),
  })
  .strict()
  .refine(areaRange, areaRangeMessage);
export type AllocationBody = z.infer<typeof allocationBody>;

/** 400 for weights not summing to 100 % and for influences with empty ranges. */
export function checkScoring(body: Pick<SiteSearchBody, "weights" | "criteria">): void {
  const problems = [
    ...(body.weights ? weightProblems(body.weights).map((message) => ({ path: "weights", message })) : []),
    ...Object.entries(body.criteria ?? {}).flatMap(([name, rule]) =>
      rule
        ? influenceProblems(name as (typeof criterionNames)[number], rule).map((message) => ({
            path: `criteria.${name}`,
            message,
          }))
        : [],
    ),
  ];
  if (problems.length > 0)
    throw new ApiError(
      "invalid_request",
      `Invalid scoring: ${problems.map((problem) => problem.message).join("; ")}`,
      problems,
    );
}

/**
 * The search area, or a 400 naming what is wrong: its structure (checkArealGeometry, as for zones) and
 * its validity with the place PostGIS reports (ST_IsValidDetail).
 */
export async function checkedWithin(db: Kysely<Database>, input: unknown): Promise<MultiPolygon | null> {
  if (input === undefined) return null;
  const invalid = (message: string) =>
    new ApiError("invalid_request", `Invalid within geometry: ${message}`, [{ path: "within", message }]);
  const checked = checkArealGeometry(input, { noun: "search area" });
  if (!checked.ok) throw invalid(checked.message);
  const facts = await footprintFacts(db, checked.geometry);
  if (!facts.valid) {
    const where = facts.at ? ` at ${facts.at[0].toFixed(6)} ${facts.at[1].toFixed(6)}` : "";
    throw invalid(`${facts.reason}${where}`);
  }
  return checked.geometry;
}
