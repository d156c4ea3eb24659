import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { DatabaseMode } from "../db/database.js";
import type { Database } from "../db/schema.js";

/** What the HTTP layer is built from (see createApp). */
export interface AppDependencies {
  readonly db: Kysely<Database>;
  readonly mode: DatabaseMode;
  readonly logger: Logger;
  /** The built client (vite build output); omitted in API-only tests. */
  readonly clientDirectory?: string;
}
