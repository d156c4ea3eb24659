import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { DatabaseMode } from "../db/database.js";
import type { Database } from "../db/schema.js";
import type { Principal } from "../domain/auth/access.js";
import type { Basemap } from "../domain/basemap.js";
import type { AllocationSettings } from "../domain/requests/allocation-settings.js";

/** What the HTTP layer is built from (see createApp). */
export interface AppDependencies {
  readonly db: Kysely<Database>;
  readonly mode: DatabaseMode;
  readonly logger: Logger;
  /** An external basemap for the client (and the CSP); the map is offline without one. */
  readonly basemap?: Basemap | undefined;
  /** The built client (vite build output); omitted in API-only tests. */
  readonly clientDirectory?: string;
  /** Overrides of the allocation-request planning defaults (rent, construction cost, grassroots kinds …). */
  readonly allocationSettings?: Partial<AllocationSettings>;
}

/** Per-request values set by the authentication middleware. */
export interface AppEnv {
  Variables: {
    /** The signed-in user or token owner; null for anonymous requests. */
    principal: Principal | null;
    /** The session behind a cookie login (absent for tokens), for logout and CSRF checks. */
    session: { secret: string; csrfToken: string } | null;
  };
}
