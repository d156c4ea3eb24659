import { serve } from "@hono/node-server";
import pino from "pino";
import { buildClientIfStale, clientDistDirectory } from "./client-build.js";
import { ConfigError, loadConfig } from "./config.js";
import { DatabaseUnavailableError } from "./db/database.js";
import { createApp } from "./http/app.js";
import { prepareDatabase } from "./server.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const [database] = await Promise.all([
    prepareDatabase(config, logger, { bootstrapAdministrator: true }),
    buildClientIfStale().then((built) => built && logger.info("client built")),
  ]);
  const app = createApp({
    db: database.db,
    mode: database.mode,
    logger,
    basemap: config.basemap,
    clientDirectory: clientDistDirectory,
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const host = config.host === "127.0.0.1" ? "localhost" : config.host;
    console.log(`房图 Fangtu is serving at http://${host}:${info.port} (${database.mode} database)`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    server.close();
    database
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, "error while closing the database");
        process.exit(1);
      });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) {
    console.error(`Fangtu cannot start: ${error.message}`);
  } else {
    // The stack, not the whole error object: database errors carry every query parameter.
    console.error("Fangtu failed to start:", error instanceof Error ? error.stack : error);
  }
  process.exit(1);
});
