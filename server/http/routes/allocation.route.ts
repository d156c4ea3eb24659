import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  allocationAreaValidity,
  allocationCandidates,
  allocationTargets,
  type TargetBuildingRow,
  zoneGeometries,
} from "../../db/repositories/allocation.repository.js";
import {
  allocationOptions,
  objectives,
  type TargetBuilding,
} from "../../domain/allocation/allocation-model.js";
import { type AllocationResult, allocationPlans } from "../../domain/allocation/allocation-plans.js";
import { placeOnFloors } from "../../domain/allocation/floor-placement.js";
import { isAdministrationStaff, readScopeOf } from "../../domain/auth/access.js";
import type { Areal, Polygon } from "../../domain/geojson.js";
import { checkFootprint } from "../../domain/inventory/footprint.js";
import { DEFAULT_RADIUS_METERS, MAX_RADIUS_METERS } from "../../domain/zones/zone-analysis.js";
import type { JobRegistry } from "../../jobs/job-registry.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses } from "../schemas.js";
import { validationHook } from "../validation.js";

const weight = z.number().min(0, "weights are ≥ 0").max(100, "weights are ≤ 100");
const planBody = z
  .object({
    zoneIds: z.array(z.number().int().positive("zone ids are positive integers")).max(50).optional(),
    geometry: z
      .object({
        type: z.enum(["Polygon", "MultiPolygon"], "geometry must be a GeoJSON Polygon or MultiPolygon"),
        coordinates: z.array(z.unknown()),
        bbox: z.array(z.number()).optional(),
        crs: z.unknown().optional(),
      })
      .strict()
      .optional(),
    unitIds: z.array(z.number().int().positive("unit ids are positive integers")).min(1).max(1000).optional(),
    objective: z.enum(objectives, `objective must be one of ${objectives.join(", ")}`).optional(),
    // What a unit needs, as POST /api/analysis/zone counts it (demandOf); the units move whole by default.
    demand: z.enum(["gap", "current"], 'demand must be "gap" or "current"').optional(),
    // Candidates are looked for this far around the area (m), as in the zone analysis, unless unitIds names them.
    radiusMeters: z
      .number()
      .min(0, `radiusMeters must be between 0 and ${MAX_RADIUS_METERS}`)
      .max(MAX_RADIUS_METERS, `radiusMeters must be between 0 and ${MAX_RADIUS_METERS}`)
      .optional(),
    maxBuildingsPerUnit: z.number().int().min(1).max(5).optional(),
    weights: z
      .object({ rent: weight, distance: weight, fragmentation: weight, grassroots: weight })
      .partial()
      .strict()
      .optional(),
    timeLimitSeconds: z.number().positive().max(60, "timeLimitSeconds is at most 60").optional(),
    mustHouse: z.boolean().optional(),
    async: z.boolean().optional(),
  })
  .strict()
  .refine((body) => body.zoneIds !== undefined || body.geometry !== undefined, {
    message: "give zoneIds or geometry (the area whose buildings take the units)",
    path: ["geometry"],
  });

type PlanBody = z.infer<typeof planBody>;

const json = (description: string) => ({ content: { "application/json": { schema: z.any() } }, description });

/** The polygons of a drawn area, or a 400 naming what is wrong with it. */
function checkedGeometry(geometry: NonNullable<PlanBody["geometry"]>): Areal {
  const invalid = (message: string) =>
    new ApiError("invalid_request", `Invalid geometry: ${message}`, [{ path: "geometry", message }]);
  if (geometry.crs !== undefined && !isWgs84(geometry.crs))
    throw invalid("coordinates must be WGS84 longitude/latitude (EPSG:4326, no other crs)");
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  if (polygons.length === 0) throw invalid("the geometry is empty");
  const checked: Polygon["coordinates"][] = [];
  for (const [index, coordinates] of polygons.entries()) {
    const result = checkFootprint({ type: "Polygon", coordinates });
    if (!result.ok) {
      const which = polygons.length > 1 ? `polygon ${index + 1}: ` : "";
      throw invalid(which + result.message.replace("The footprint", "the polygon"));
    }
    checked.push(result.polygon.coordinates);
  }
  return checked.length === 1
    ? { type: "Polygon", coordinates: checked[0] as Polygon["coordinates"] }
    : { type: "MultiPolygon", coordinates: checked };
}

function isWgs84(crs: unknown): boolean {
  const name = (crs as { properties?: { name?: unknown } } | null)?.properties?.name;
  return typeof name === "string" && /(EPSG:{1,2}4326|CRS84)$/i.test(name);
}

/**
 * Allocation plans (调配方案, DOMAIN.md workflow 5): house candidate units in the idle space of the
 * buildings of zones or a drawn area, optimised with HiGHS; at least two alternative plans.
 */
export function allocationRoutes({ db, logger }: AppDependencies, jobs: JobRegistry) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  return app.openapi(
    createRoute({
      method: "post",
      path: "/allocation/plans",
      summary:
        "Allocation plans for the units around (or named) into the idle space of zones or a drawn area: { plans, infeasible? }, or { jobId } with async: true",
      request: { body: { content: { "application/json": { schema: planBody } }, required: true } },
      responses: { 200: json("The plans"), 202: json("Job started: { jobId }"), ...errorResponses },
    }),
    async (c) => {
      const principal = requireReader(c);
      if (!isAdministrationStaff(principal))
        throw new ApiError("forbidden", "Allocation plans are prepared by the administration's staff");
      const scope = readScopeOf(principal);
      const body = c.req.valid("json");
      const areas: Areal[] = [];
      if (body.geometry) {
        const geometry = checkedGeometry(body.geometry);
        const validity = await allocationAreaValidity(db, geometry);
        if (!validity.valid) {
          const at = validity.at ? ` at [${validity.at[0]}, ${validity.at[1]}]` : "";
          throw new ApiError("invalid_request", `Invalid geometry: ${validity.reason}${at}`, [
            { path: "geometry", message: `${validity.reason}${at}` },
          ]);
        }
        areas.push(geometry);
      }
      if (body.zoneIds) {
        const zones = await zoneGeometries(db, body.zoneIds, scope);
        const missing = body.zoneIds.filter((id) => !zones.has(id));
        if (missing.length > 0) throw new ApiError("not_found", `No zone ${missing.join(", ")}`);
        areas.push(...zones.values());
      }
      const options = allocationOptions({
        ...(body.objective ? { objective: body.objective } : {}),
        ...(body.maxBuildingsPerUnit ? { maxBuildingsPerUnit: body.maxBuildingsPerUnit } : {}),
        ...(body.weights ? { weights: { ...allocationOptions().weights, ...body.weights } } : {}),
        ...(body.timeLimitSeconds ? { timeLimitSeconds: body.timeLimitSeconds } : {}),
        ...(body.mustHouse !== undefined ? { mustHouse: body.mustHouse } : {}),
      });
      const demand = body.demand ?? "current";
      const radius = body.radiusMeters ?? DEFAULT_RADIUS_METERS;
      const [buildings, units] = await Promise.all([
        allocationTargets(db, areas, scope),
        allocationCandidates(db, areas, radius, scope, demand, body.unitIds),
      ]);
      if (body.unitIds) {
        const found = new Set(units.map((unit) => unit.unitId));
        const missing = body.unitIds.filter((id) => !found.has(id));
        if (missing.length > 0)
          throw new ApiError(
            "not_found",
            `No unit ${missing.join(", ")} needing space (no such unit, no staffing to compute its entitlement, or a demand of 0 m² by demand = ${demand})`,
          );
      }
      const targets: TargetBuilding[] = buildings;
      const run = async (progress: (done: number, total: number) => void = () => {}) => ({
        demand,
        ...labelled(await allocationPlans(units, targets, options, progress), units, buildings),
      });
      if (body.async) {
        const job = jobs.start(
          "allocation-plans",
          principal.userId,
          3,
          (context) => run((done, total) => context.progress(done, total, "solving")),
          (error) => logger.error({ err: error }, "allocation job failed"),
        );
        return c.json({ jobId: job.id }, 202);
      }
      return c.json(await run(), 200);
    },
  );
}

/** The plans with unit and building names, and the candidates and targets they were drawn from. */
function labelled(
  result: AllocationResult,
  units: ReadonlyArray<{ unitId: number; name: string; demandArea: number; currentAnnualRent: number }>,
  buildings: ReadonlyArray<TargetBuildingRow>,
) {
  const floorsOf = new Map(buildings.map((building) => [building.buildingId, building.floors]));
  const unitName = new Map(units.map((unit) => [unit.unitId, unit.name]));
  const buildingName = new Map(buildings.map((building) => [building.buildingId, building.name]));
  return {
    candidates: units.map(({ unitId, name, demandArea, currentAnnualRent }) => ({
      unitId,
      name,
      demandArea,
      currentAnnualRent,
    })),
    targets: buildings.map(({ buildingId, name, idleArea, floors }) => ({
      buildingId,
      name,
      idleArea,
      floors,
    })),
    plans: result.plans.map((plan) => {
      // Which floors: the plan decides buildings, the floors' idle space decides where in them.
      const floors = placeOnFloors(plan.assignments, floorsOf);
      return {
        ...plan,
        assignments: plan.assignments.map((assignment, index) => ({
          unitId: assignment.unitId,
          unitName: unitName.get(assignment.unitId) ?? "",
          buildingId: assignment.buildingId,
          buildingName: buildingName.get(assignment.buildingId) ?? "",
          area: assignment.area,
          floors: floors[index] ?? [],
        })),
      };
    }),
    ...(result.infeasible ? { infeasible: result.infeasible } : {}),
  };
}
