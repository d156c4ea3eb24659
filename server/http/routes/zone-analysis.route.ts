import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  zoneContents,
  zoneConvertibleAssets,
  zoneNearbyUnits,
} from "../../db/repositories/zone-analysis.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import {
  candidatesOf,
  DEFAULT_CONVERSION_COST_PER_M2,
  DEFAULT_RADIUS_METERS,
  MAX_RADIUS_METERS,
  rentSaved,
} from "../../domain/zones/zone-analysis.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { validationHook } from "../validation.js";
import { jsonBody, okResponses } from "./edit-support.js";
import { checkedZone, zoneGeometryField } from "./zone-support.js";

const analysisRequest = z
  .object({
    geometry: zoneGeometryField,
    radiusMeters: z
      .number()
      .min(0, "radiusMeters must be between 0 and 20000")
      .max(MAX_RADIUS_METERS, "radiusMeters must be between 0 and 20000")
      .optional(),
    demand: z.enum(["gap", "current"], 'demand must be "gap" or "current"').optional(),
    conversionCostPerM2: z.number().min(0).max(1_000_000).optional(),
  })
  .strict();

const round2 = (value: number) => Math.round(value * 100) / 100;

/** POST /api/analysis/zone: what a drawn zone holds, who should move in, what it saves. */
export function zoneAnalysisRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/analysis/zone",
      summary: "Analyse a drawn consolidation zone: contents, candidate units, supply and demand",
      request: { body: jsonBody(analysisRequest) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const body = c.req.valid("json");
      const radiusMeters = body.radiusMeters ?? DEFAULT_RADIUS_METERS;
      const demand = body.demand ?? "gap";
      const costPerM2 = body.conversionCostPerM2 ?? DEFAULT_CONVERSION_COST_PER_M2;
      const zone = await checkedZone(db, body.geometry);
      const scope = readScopeOf(principal);
      const [contents, assets, units] = await Promise.all([
        zoneContents(db, zone.geometry, scope),
        zoneConvertibleAssets(db, zone.geometry, scope),
        zoneNearbyUnits(db, zone.geometry, radiusMeters, scope),
      ]);
      const candidateUnits = candidatesOf(units, demand);
      const supplyArea = round2(contents.idleUsableArea);
      const demandArea = round2(candidateUnits.reduce((sum, unit) => sum + unit.demandArea, 0));
      const saved = rentSaved(candidateUnits, supplyArea);
      return c.json(
        {
          zoneArea: round2(zone.area),
          buildings: contents.buildings,
          grossArea: round2(contents.grossArea),
          usableArea: round2(contents.usableArea),
          idleUsableArea: supplyArea,
          idleByCategory: contents.idleByCategory,
          unitsHoused: contents.unitsHoused,
          buildingIds: contents.buildingIds,
          candidateUnits,
          supplyArea,
          demandArea,
          balance: round2(supplyArea - demandArea),
          rentSavedPerYear: saved.rentSavedPerYear,
          rentSavedUnitIds: saved.housedUnitIds,
          sitesScatter: candidateUnits.map((unit) => ({
            unitId: unit.unitId,
            before: unit.sitesBefore,
            after: unit.sitesAfter,
          })),
          convertibleAssets: assets.map((asset) => ({
            ...asset,
            conversionCost: round2(asset.grossArea * costPerM2),
          })),
          radiusMeters,
          demand,
          conversionCostPerM2: costPerM2,
          regionCode: zone.regionCode,
        },
        200,
      );
    },
  );

  return app;
}
