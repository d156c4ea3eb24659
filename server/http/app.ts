import { existsSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { compress } from "hono/compress";
import { secureHeaders } from "hono/secure-headers";
import { basemapOrigins } from "../domain/basemap.js";
import { ImportStaging } from "../imports/import-staging.js";
import { JobRegistry } from "../jobs/job-registry.js";
import { authRoutes } from "./auth/auth.route.js";
import { apiAccess, authenticate } from "./auth/authenticate.js";
import type { AppDependencies, AppEnv } from "./context.js";
import { ApiError, handleError, notFound } from "./errors.js";
import { ogcRoutes } from "./ogc/ogc.route.js";
import { publicRoutes } from "./public/public.route.js";
import { allocationRoutes } from "./routes/allocation.route.js";
import { allocationRequestRoutes } from "./routes/allocation-requests.route.js";
import { buildingRoutes } from "./routes/buildings.route.js";
import { checkRoutes } from "./routes/checks.route.js";
import { commercialRoutes } from "./routes/commercial.route.js";
import { consistencyRoutes } from "./routes/consistency.route.js";
import { conversionAttachmentRoutes } from "./routes/conversion-attachments.route.js";
import { conversionRoutes } from "./routes/conversions.route.js";
import { dashboardRoutes } from "./routes/dashboard.route.js";
import { disclosureRoutes } from "./routes/disclosures.route.js";
import { disposalRoutes } from "./routes/disposals.route.js";
import { editRoutes } from "./routes/edit.route.js";
import { exportRoutes } from "./routes/exports.route.js";
import { fieldCheckRoutes } from "./routes/field-checks.route.js";
import { findingRoutes } from "./routes/findings.route.js";
import { healthRoutes } from "./routes/health.route.js";
import { importRoutes } from "./routes/imports.route.js";
import { inspectionPhotoRoutes, isPhotoUpload } from "./routes/inspection-photos.route.js";
import { inspectionPlanRoutes } from "./routes/inspection-plans.route.js";
import { inspectionWorkRoutes } from "./routes/inspection-work.route.js";
import { inventoryEditRoutes } from "./routes/inventory-edit.route.js";
import { jobRoutes } from "./routes/jobs.route.js";
import { ledgerRoutes } from "./routes/ledgers.route.js";
import { regionRoutes } from "./routes/regions.route.js";
import { repairAttachmentRoutes } from "./routes/repair-attachments.route.js";
import { repairRoutes } from "./routes/repairs.route.js";
import { reportRoutes } from "./routes/reports.route.js";
import { revertRoutes } from "./routes/revert.route.js";
import { roomEditRoutes } from "./routes/room-edit.route.js";
import { scenarioDecisionRoutes } from "./routes/scenario-decision.route.js";
import { scenarioEvaluationRoutes } from "./routes/scenario-evaluation.route.js";
import { scenarioRoutes } from "./routes/scenarios.route.js";
import { searchRoutes } from "./routes/search.route.js";
import { siteRoutes } from "./routes/sites.route.js";
import { standardParametersRoutes } from "./routes/standard-parameters.route.js";
import { standardsRoutes } from "./routes/standards.route.js";
import { subLedgerRoutes } from "./routes/sub-ledger.route.js";
import { tableRoutes } from "./routes/tables.route.js";
import { tileRoutes } from "./routes/tiles.route.js";
import { unitEditRoutes } from "./routes/unit-edit.route.js";
import { unitRoutes } from "./routes/units.route.js";
import { zoneAnalysisRoutes } from "./routes/zone-analysis.route.js";
import { zoneRoutes } from "./routes/zones.route.js";

/** Largest request body accepted by the JSON API (uploads to POST /api/imports have their own limit). */
const MAX_BODY_BYTES = 1024 * 1024;

// Inspection photos have their own limit (inspection-photos.route.ts).
const isUpload = (method: string, path: string) =>
  (method === "POST" && /^\/api\/imports\/?$/.test(path)) || isPhotoUpload(method, path);

/** Builds the Hono app from its dependencies; server/main.ts is the only place that listens. */
export function createApp(deps: AppDependencies) {
  const { logger } = deps;
  const app = new OpenAPIHono<AppEnv>();

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", "blob:"],
        // A configured basemap's tiles and style are the only other origins the page may reach.
        imgSrc: ["'self'", "data:", "blob:", ...basemapOrigins(deps.basemap)],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'", ...basemapOrigins(deps.basemap)],
      },
    }),
  );
  app.use(compress());
  const jsonBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError("payload_too_large", `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    },
  });
  app.use("/api/*", (c, next) => (isUpload(c.req.method, c.req.path) ? next() : jsonBodyLimit(c, next)));

  app.use(authenticate(deps));
  app.use("/api/*", apiAccess);

  const jobs = new JobRegistry();
  const api = new OpenAPIHono<AppEnv>()
    .route("/", healthRoutes(deps))
    .route("/", authRoutes(deps))
    .route("/", editRoutes(deps))
    .route("/", inventoryEditRoutes(deps))
    .route("/", roomEditRoutes(deps))
    .route("/", unitEditRoutes(deps))
    .route("/", revertRoutes(deps))
    .route("/", regionRoutes(deps))
    .route("/", dashboardRoutes(deps))
    .route("/", reportRoutes(deps))
    .route("/", disclosureRoutes(deps))
    .route("/", findingRoutes(deps))
    .route("/", repairRoutes(deps))
    .route("/", repairAttachmentRoutes(deps))
    .route("/", unitRoutes(deps))
    .route("/", buildingRoutes(deps))
    .route("/", checkRoutes(deps))
    .route("/", searchRoutes(deps))
    .route("/", standardsRoutes(deps))
    .route("/", standardParametersRoutes(deps))
    .route("/", tableRoutes(deps))
    .route("/", ledgerRoutes(deps))
    .route("/", exportRoutes(deps))
    .route("/", consistencyRoutes(deps))
    .route("/", subLedgerRoutes(deps))
    .route("/", fieldCheckRoutes(deps))
    .route("/", inspectionPlanRoutes(deps))
    .route("/", inspectionWorkRoutes(deps))
    .route("/", inspectionPhotoRoutes(deps))
    .route("/", zoneRoutes(deps))
    // Evaluation first: its /scenarios/compare must match before /scenarios/{id}.
    .route("/", scenarioEvaluationRoutes(deps))
    .route("/", scenarioRoutes(deps))
    .route("/", scenarioDecisionRoutes(deps))
    .route("/", zoneAnalysisRoutes(deps))
    .route("/", siteRoutes(deps))
    .route("/", allocationRequestRoutes(deps))
    .route("/", conversionRoutes(deps))
    .route("/", conversionAttachmentRoutes(deps))
    .route("/", commercialRoutes(deps))
    .route("/", disposalRoutes(deps))
    .route("/", importRoutes(deps, new ImportStaging(), jobs))
    .route("/", allocationRoutes(deps, jobs))
    .route("/", jobRoutes(jobs));
  api.doc("/openapi.json", {
    openapi: "3.0.3",
    info: {
      title: "Fangtu (房图) API",
      version: "0.1.0",
      description: "Office-space inventory of Party and government organs",
    },
  });
  app.route("/api", api);
  app.route("/ogc", ogcRoutes(deps));
  app.route("/tiles", tileRoutes(deps));
  app.route("/public", publicRoutes(deps));

  if (deps.clientDirectory && existsSync(join(deps.clientDirectory, "index.html"))) {
    app.get("/*", serveStatic({ root: deps.clientDirectory }));
  }

  app.notFound(notFound);
  app.onError(handleError(logger));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
