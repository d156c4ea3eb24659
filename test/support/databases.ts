import { readFileSync } from "node:fs";
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
  const url = inject("serverDatabaseUrl");
  if (!url) throw new Error("no server database");
  return openServer(url);
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
