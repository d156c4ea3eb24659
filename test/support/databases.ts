import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { type FangtuDatabase, openEmbedded, openServer } from "../../server/db/database.js";
import { isCI } from "./environment.js";

export type TestMode = "embedded" | "server";

/** The database modes this run covers: PGlite always, PostgreSQL when DATABASE_URL is set (always in CI). */
export function testModes(): TestMode[] {
  const url = inject("serverDatabaseUrl");
  if (!url && isCI)
    throw new Error("CI=true but DATABASE_URL is not set: the server-mode db suite must run in CI.");
  if (!url) console.warn("\n!!! SERVER-MODE DB SUITE NOT RUN: DATABASE_URL is not set.\n");
  return url ? ["embedded", "server"] : ["embedded"];
}

/** Opens a test database with the migrated schema, reference regions and demo data. */
export async function openTestDatabase(mode: TestMode): Promise<FangtuDatabase> {
  if (mode === "embedded") {
    const template = new Blob([readFileSync(inject("templatePath"))]);
    return openEmbedded({ template });
  }
  const copy = await copyServerDatabase();
  const database = await openServer(copy.url);
  return {
    ...database,
    close: async () => {
      await database.close();
      await copy.drop();
    },
  };
}

/**
 * A private copy of the server-mode test database (CREATE DATABASE … TEMPLATE, a file copy on the
 * server): test files run in parallel, and one file's writes must not move another's counts.
 */
export async function copyServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const template = inject("serverDatabaseUrl");
  if (!template) throw new Error("no server database");
  const templateUrl = new URL(template);
  // Named after the template, so the run's teardown finds any copy a file could not drop.
  const name = `${templateUrl.pathname.slice(1)}_f${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl(templateUrl) });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  // Copies of one template made at the same moment can collide ("source database is being accessed"):
  // a short wait and another try settles it.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(`create database ${name} template ${templateUrl.pathname.slice(1)}`);
      break;
    } catch (error) {
      if (attempt >= 10 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // Without force: a connection still closing must not be killed mid-test (an unhandled error). A
    // copy still in use stays for the run's teardown, which drops every copy with force.
    drop: () => admin(`drop database if exists ${name}`).catch(() => undefined),
  };
}

/** The server's maintenance database, for creating and dropping the copies. */
function adminUrl(databaseUrl: URL): string {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  return url.toString();
}

/** Opens the mode's test database before a suite's tests (handing it to `use`) and closes it after. */
export function onTestDatabase(mode: TestMode, use: (database: FangtuDatabase) => void): void {
  let database: FangtuDatabase | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(mode);
    use(database);
  });
  afterAll(() => database?.close());
}
