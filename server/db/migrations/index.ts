import type { Migration, MigrationProvider } from "kysely";
import * as initialSchema from "./2026-11-26-01-initial-schema.js";
import * as standardRanks from "./2026-11-26-02-standard-ranks.js";
import * as tileSupport from "./2026-11-26-03-tile-support.js";
import * as accessTokens from "./2026-11-26-04-access-tokens.js";
import * as tileThemes from "./2026-11-27-05-tile-themes.js";
import * as standardParameters from "./2026-11-27-06-standard-parameters.js";
import * as consistency from "./2026-11-27-07-consistency.js";
import * as standardStatus from "./2026-11-27-08-standard-status.js";
import * as editing from "./2026-11-27-09-editing.js";
import * as zones from "./2026-11-27-10-zones.js";
import * as allocationRequests from "./2026-11-27-12-allocation-requests.js";
import * as scenarios from "./2026-11-27-13-scenarios.js";
import * as zoneCoreArea from "./2026-11-27-14-zone-core-area.js";
import * as siteAnalysis from "./2026-11-27-15-site-analysis.js";
import * as conversions from "./2026-11-27-16-conversions.js";
import * as supervision from "./2026-11-27-17-supervision.js";
import * as inspectionPlans from "./2026-11-27-18-inspection-plans.js";
import * as findingLedger from "./2026-11-27-19-finding-ledger.js";
import * as reportsDisclosure from "./2026-11-27-21-reports-disclosure.js";
import * as maintenance from "./2026-11-27-22-maintenance.js";

/** Every migration, in order. Names sort chronologically; never rename or edit a released one. */
const migrations: Record<string, Migration> = {
  "2026-11-26-01-initial-schema": initialSchema,
  "2026-11-26-02-standard-ranks": standardRanks,
  "2026-11-26-03-tile-support": tileSupport,
  "2026-11-26-04-access-tokens": accessTokens,
  "2026-11-27-05-tile-themes": tileThemes,
  "2026-11-27-06-standard-parameters": standardParameters,
  "2026-11-27-07-consistency": consistency,
  "2026-11-27-08-standard-status": standardStatus,
  "2026-11-27-09-editing": editing,
  "2026-11-27-10-zones": zones,
  "2026-11-27-12-allocation-requests": allocationRequests,
  "2026-11-27-13-scenarios": scenarios,
  "2026-11-27-14-zone-core-area": zoneCoreArea,
  "2026-11-27-15-site-analysis": siteAnalysis,
  "2026-11-27-16-conversions": conversions,
  "2026-11-27-17-supervision": supervision,
  "2026-11-27-18-inspection-plans": inspectionPlans,
  "2026-11-27-19-finding-ledger": findingLedger,
  "2026-11-27-21-reports-disclosure": reportsDisclosure,
  "2026-11-27-22-maintenance": maintenance,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
