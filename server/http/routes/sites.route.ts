import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import {
  type AllocationSite,
  allocateSites,
  allocationSitesOf,
  findSites,
  MAX_ALLOCATION_LOCATIONS,
  TooManyCandidates,
  walkOf,
} from "../../db/repositories/site-analysis.repository.js";
import type { FactOptions, SiteFilters } from "../../db/repositories/site-candidates.repository.js";
import { coverage } from "../../db/repositories/site-coverage.repository.js";
import { parseSiteKey, resolveSites, type SiteKey, siteKinds } from "../../db/repositories/site-locations.js";
import type { Database } from "../../db/schema.js";
import { isAdministrationStaff, type ReadScope, readScopeOf } from "../../domain/auth/access.js";
import {
  conditions,
  facilityKindsServing,
  type TargetUse,
  targetProfiles,
} from "../../domain/sites/site-criteria.js";
import { scoringSettings } from "../../domain/sites/site-scoring.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { validationHook } from "../validation.js";
import { jsonBody, okResponses } from "./edit-support.js";
import {
  type AllocationBody,
  allocationBody,
  checkedWithin,
  checkScoring,
  coverageBody,
  type SiteSearchBody,
  siteSearchBody,
} from "./sites-support.js";

// Idle sites to public use (issue 9, DOMAIN.md workflow 4): the site finder with its weighted score,
// coverage of the population before and after conversions, and location-allocation. Walking distances
// are straight-line (geodesic): every answer says so in `distanceKind`.

const DISTANCE_KIND = "straight_line" as const;
const DEFAULT_LIMIT = 20;

/** Site analysis is the public-use team's work: the administration's staff, in their region. */
function staffScope(principal: ReturnType<typeof requireReader>): ReadScope {
  if (!isAdministrationStaff(principal))
    throw new ApiError("forbidden", "Idle-site analysis is done by the administration's staff");
  return readScopeOf(principal);
}

async function searchOf(
  db: Kysely<Database>,
  body: SiteSearchBody | AllocationBody,
): Promise<{ filters: SiteFilters; facts: FactOptions }> {
  const use: TargetUse = body.targetUse;
  return {
    filters: {
      within: await checkedWithin(db, body.within),
      minArea: body.minArea ?? null,
      maxArea: body.maxArea ?? null,
      minContiguousArea: body.minContiguousArea ?? null,
      requireAccessible: body.requireAccessible ?? targetProfiles[use].requireAccessible,
      requireClearTitle: body.requireClearTitle ?? false,
      // A dangerous building is never offered unless asked for by name.
      conditions: body.conditions ?? conditions.filter((condition) => condition !== "dangerous"),
      kinds: body.kinds ?? [...siteKinds],
    },
    facts: {
      walkMeters: walkOf(use, body.walkMeters),
      facilityKinds: facilityKindsServing(use),
      maxDemandDistance: body.maxDemandDistance ?? null,
      minFacilityDistance: body.minFacilityDistance ?? null,
    },
  };
}

const tooMany = (cap: number) =>
  new ApiError(
    "domain_rule",
    `The search finds more than ${cap.toLocaleString("en-US")} candidate sites; narrow it with within, minArea or kinds`,
  );

/** The parsed keys of ids the schema has accepted (it checks their form). */
const keysOf = (ids: readonly string[]) =>
  [...new Set(ids)].map((id) => parseSiteKey(id)).filter((key): key is SiteKey => key !== null);

/** POST /api/analysis/sites, /coverage and /location-allocation. */
export function siteRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/analysis/sites",
      summary: "Idle sites for a target use, ranked by a weighted suitability score explained per criterion",
      request: { body: jsonBody(siteSearchBody) },
      responses: okResponses,
    }),
    async (c) => {
      const scope = staffScope(requireReader(c));
      const body = c.req.valid("json");
      checkScoring(body);
      const { filters, facts } = await searchOf(db, body);
      const settings = scoringSettings(body.targetUse, body.weights, body.criteria);
      try {
        const found = await findSites(db, filters, facts, settings, body.limit ?? DEFAULT_LIMIT, scope);
        return c.json(
          {
            targetUse: body.targetUse,
            walkMeters: facts.walkMeters,
            distanceKind: DISTANCE_KIND,
            facilityKinds: facts.facilityKinds,
            weights: settings.weights,
            influences: settings.influences,
            candidates: found.candidates,
            sites: found.sites,
          },
          200,
        );
      } catch (error) {
        if (error instanceof TooManyCandidates) throw tooMany(error.cap);
        throw error;
      }
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/analysis/coverage",
      summary:
        "Population within straight-line walking distance of facilities of a kind, before and after adding sites",
      request: { body: jsonBody(coverageBody) },
      responses: okResponses,
    }),
    async (c) => {
      const scope = staffScope(requireReader(c));
      const body = c.req.valid("json");
      const keys = keysOf(body.siteIds);
      const { sites, missing } = await resolveSites(db, keys, scope);
      if (missing.length > 0) throw new ApiError("not_found", `No site ${missing.join(", ")}`);
      const walkMeters = walkOf(body.facilityKind, body.walkMeters);
      const kinds = facilityKindsServing(body.facilityKind);
      const result = await coverage(db, keys, kinds, walkMeters, scope);
      return c.json(
        {
          facilityKind: body.facilityKind,
          facilityKinds: kinds,
          walkMeters,
          distanceKind: DISTANCE_KIND,
          sites: sites.map(({ id, name }) => ({ id, name })),
          ...result,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/analysis/location-allocation",
      summary:
        "Choose k sites maximising the population newly within walking distance (HiGHS), against greedy",
      request: { body: jsonBody(allocationBody) },
      responses: okResponses,
    }),
    async (c) => {
      const scope = staffScope(requireReader(c));
      const body = c.req.valid("json");
      const { filters, facts } = await searchOf(db, body);
      let sites: AllocationSite[];
      if (body.candidateIds) {
        const resolved = await resolveSites(db, keysOf(body.candidateIds), scope);
        if (resolved.missing.length > 0)
          throw new ApiError("not_found", `No site ${resolved.missing.join(", ")}`);
        sites = resolved.sites;
      } else {
        try {
          sites = await allocationSitesOf(db, filters, facts, scope);
        } catch (error) {
          if (error instanceof TooManyCandidates) throw tooMany(error.cap);
          throw error;
        }
      }
      const locations = new Set(sites.map((site) => `${site.location.kind}:${site.location.id}`)).size;
      if (locations > MAX_ALLOCATION_LOCATIONS) throw tooMany(MAX_ALLOCATION_LOCATIONS);
      const result = await allocateSites(
        db,
        sites,
        facts.facilityKinds,
        { k: body.k, walkMeters: facts.walkMeters, timeLimitSeconds: body.timeLimitSeconds ?? 10 },
        scope,
      );
      return c.json(
        {
          targetUse: body.targetUse,
          k: body.k,
          walkMeters: facts.walkMeters,
          distanceKind: DISTANCE_KIND,
          facilityKinds: facts.facilityKinds,
          ...result,
        },
        200,
      );
    },
  );

  return app;
}
