import { execFile } from "node:child_process";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { serve } from "@hono/node-server";
import type { FangtuDatabase } from "../../server/db/database.js";
import { createApp } from "../../server/http/app.js";
import { openTestDatabase } from "./databases.js";
import { silentLogger } from "./logger.js";
import { signIn } from "./test-app.js";

export interface ServedApp {
  readonly base: string;
  readonly database: FangtuDatabase;
  /** A personal access token of demo-admin's, created through the API as a GIS user would. */
  readonly token: () => Promise<string>;
  readonly close: () => Promise<void>;
}

/** The app over an embedded test database, listening on a free loopback port (for real clients). */
export async function serveTestApp(options: { clientDirectory?: string } = {}): Promise<ServedApp> {
  const database = await openTestDatabase("embedded");
  const app = createApp({ db: database.db, mode: database.mode, logger: silentLogger, ...options });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    database,
    token: async () => {
      const session = await signIn((path, init) => fetch(`${base}${path}`, init), "demo-admin");
      const created = await session.json<{ token: string }>("/api/tokens", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "test client" }),
      });
      return created.body.token;
    },
    close: async () => {
      server.close();
      await database.close();
    },
  };
}

const run = promisify(execFile);

/** Whether GDAL's command-line tools are installed. */
export const hasGdal = await run("ogrinfo", ["--version"]).then(
  () => true,
  () => false,
);

/** Runs a GDAL tool with GDAL_HTTP_HEADERS (e.g. "Authorization: Bearer …"), as docs/api.md tells users. */
export async function gdal(command: string, args: string[], headers = ""): Promise<string> {
  const { stdout } = await run(command, args, {
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GDAL_HTTP_HEADERS: headers },
  });
  return stdout;
}
