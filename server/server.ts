import type { Logger } from "pino";
import type { Config } from "./config.js";
import { type FangtuDatabase, migrateToLatest, openDatabase } from "./db/database.js";
import { loadDemoIfEmpty } from "./db/demo-loader.js";
import { loadReferenceData } from "./db/reference-data.js";

/** Opens the configured database, migrates it, loads reference data and (when asked) the demo data. */
export async function prepareDatabase(config: Config, logger: Logger): Promise<FangtuDatabase> {
  const started = performance.now();
  const database = await openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, "migrations applied");
    const regions = await loadReferenceData(database.db);
    if (regions > 0) logger.info({ regions }, "reference regions loaded");
    if (config.loadDemo && (await loadDemoIfEmpty(database.db))) logger.info("demo data loaded (演示数据)");
  } catch (error) {
    await database.close();
    throw error;
  }
  logger.info({ mode: database.mode, ms: Math.round(performance.now() - started) }, "database ready");
  return database;
}
