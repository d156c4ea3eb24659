import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { analyseZone } from "../../db/repositories/zone-analysis.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import {
  DEFAULT_CANDIDATE_LIMIT,
  DEFAULT_CONVERSION_COST_PER_M2,
  DEFAULT_RADIUS_METERS,
  MAX_CANDIDATE_LIMIT,
  MAX_RADIUS_METERS,
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
    maxCandidates: z
      .number()
      .int(`maxCandidates must be a whole number between 1 and ${MAX_CANDIDATE_LIMIT}`)
      .min(1, `maxCandidates must be a whole number between 1 and ${MAX_CANDIDATE_LIMIT}`)
      .max(MAX_CANDIDATE_LIMIT, `maxCandidates must be a whole number between 1 and ${MAX_CANDIDATE_LIMIT}`)
      .optional(),
  })
  .strict();

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
      const conversionCostPerM2 = body.conversionCostPerM2 ?? DEFAULT_CONVERSION_COST_PER_M2;
      const zone = await checkedZone(db, body.geometry);
      const analysis = await analyseZone(
        db,
        zone,
        {
          radiusMeters,
          demand,
          conversionCostPerM2,
          candidateLimit: body.maxCandidates ?? DEFAULT_CANDIDATE_LIMIT,
        },
        readScopeOf(principal),
      );
      return c.json(analysis, 200);
    },
  );

  return app;
}
