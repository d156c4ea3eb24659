import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { buildClientIfStale } from "../../server/client-build.js";
import { migrateToLatest, openEmbedded, openServer } from "../../server/db/database.js";
import { loadDemoIfEmpty } from "../../server/db/demo-loader.js";
import { loadReferenceData } from "../../server/db/reference-data.js";
import { serverUrl } from "./environment.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PGlite dump (migrated, with reference and demo data) that every test file loads (~3 s). */
    templatePath: string;
    /** A fresh PostgreSQL database with the same content, when DATABASE_URL is set. */
    serverDatabaseUrl: string | null;
  }
}

/**
 * Builds the shared fixtures once: migrating PGlite and installing PostGIS costs ~15 s, loading a dump
 * ~3 s. With DATABASE_URL, a throw-away database is created on that server (never the one named).
 */
export default async function setup(project: TestProject) {
  const started = performance.now();
  const clientBuild = buildClientIfStale();
  const embedded = await openEmbedded();
  await migrateToLatest(embedded.db);
  await loadReferenceData(embedded.db);
  await loadDemoIfEmpty(embedded.db);
  const dump = await embedded.pglite.dumpDataDir("none");
  await embedded.close();
  const templatePath = join(tmpdir(), `fangtu-template-${randomUUID()}.tar`);
  writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
  project.provide("templatePath", templatePath);

  let dropServerDatabase: (() => Promise<void>) | undefined;
  project.provide("serverDatabaseUrl", null);
  if (serverUrl) {
    const name = `fangtu_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const server = await openServer(url.toString());
    await migrateToLatest(server.db);
    await loadReferenceData(server.db);
    await loadDemoIfEmpty(server.db);
    await server.close();
    project.provide("serverDatabaseUrl", url.toString());
    dropServerDatabase = async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      // The files' own copies (test/support/databases.ts) that were still in use when their file ended.
      const copies = await client.query<{ datname: string }>(
        "select datname from pg_database where datname like $1",
        [`${name}\\_f%`],
      );
      for (const { datname } of copies.rows)
        await client.query(`drop database if exists ${datname} with (force)`);
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  await clientBuild;
  console.log(`test fixtures ready in ${Math.round(performance.now() - started)} ms`);

  return async () => {
    rmSync(templatePath, { force: true });
    await dropServerDatabase?.();
  };
}
