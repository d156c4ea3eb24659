import type { Logger } from "pino";
import type { Config } from "./config.js";
import { bootstrapAdministrator } from "./db/bootstrap.js";
import { type FangtuDatabase, migrateToLatest, openDatabase } from "./db/database.js";
import { loadDemoIfEmpty } from "./db/demo-loader.js";
import { loadReferenceData } from "./db/reference-data.js";

export interface PrepareOptions {
  /** Create the first administrator on a database without users (the server does; tools do not). */
  readonly bootstrapAdministrator?: boolean;
}

/** Opens the configured database, migrates it, loads reference data and (when asked) the demo data. */
export async function prepareDatabase(
  config: Config,
  logger: Logger,
  options: PrepareOptions = {},
): Promise<FangtuDatabase> {
  const started = performance.now();
  const database = await openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, "migrations applied");
    const regions = await loadReferenceData(database.db);
    if (regions > 0) logger.info({ regions }, "reference regions loaded");
    if (config.loadDemo && (await loadDemoIfEmpty(database.db))) logger.info("demo data loaded (演示数据)");
    const bootstrap = options.bootstrapAdministrator
      ? await bootstrapAdministrator(database.db, config.adminPassword)
      : ({ created: false } as const);
    if (bootstrap.created && bootstrap.generatedPassword) {
      // Printed once, never logged: pino output may be shipped elsewhere.
      console.log(
        `First start: administrator "${bootstrap.username}" created with the one-time password ${bootstrap.generatedPassword}`,
      );
    } else if (bootstrap.created) {
      logger.info({ username: bootstrap.username }, "administrator created from FANGTU_ADMIN_PASSWORD");
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  logger.info({ mode: database.mode, ms: Math.round(performance.now() - started) }, "database ready");
  return database;
}
