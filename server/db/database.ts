import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { postgis } from "@electric-sql/pglite-postgis";
import { Kysely, Migrator, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { DatabaseConfig } from "../config.js";
import { migrationProvider } from "./migrations/index.js";
import { PGliteDialect } from "./pglite-dialect.js";
import type { Database } from "./schema.js";

export type DatabaseMode = DatabaseConfig["mode"];

export interface FangtuDatabase {
  readonly db: Kysely<Database>;
  readonly mode: DatabaseMode;
  /** Closes the pool or the embedded database cleanly (PGlite flushes its data directory). */
  close(): Promise<void>;
}

/** Start-up failures a person can act on: printed as they are, with a non-zero exit. */
export class DatabaseUnavailableError extends Error {}

// Type OIDs. numeric and int8 become numbers (areas and rents stay far below 2^53),
// date stays the 'YYYY-MM-DD' text it is, so both modes hand out identical values.
const NUMERIC = 1700;
const INT8 = 20;
const DATE = 1082;
const parseNumber = (value: string) => Number(value);
const keepText = (value: string) => value;

export interface EmbeddedOptions {
  /** Data directory; omitted means in memory. */
  readonly dataDir?: string;
  /** A dump from `PGlite.dumpDataDir()` to start from (tests use a migrated template). */
  readonly template?: Blob | File;
}

/** Opens PGlite with PostGIS. The first start of a new data directory takes ~15 s (extension set-up). */
export async function openEmbedded(
  options: EmbeddedOptions = {},
): Promise<FangtuDatabase & { pglite: PGlite }> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.template ? { loadDataDir: options.template } : {}),
    extensions: { postgis },
    parsers: { [NUMERIC]: parseNumber, [INT8]: parseNumber, [DATE]: keepText },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    pglite,
    mode: "embedded",
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Connects to PostgreSQL and checks that PostGIS can be used, with messages that say what to do. */
export async function openServer(url: string): Promise<FangtuDatabase> {
  const types = {
    getTypeParser(oid: number, format?: "text" | "binary") {
      if (oid === NUMERIC || oid === INT8) return parseNumber;
      if (oid === DATE) return keepText;
      return pg.types.getTypeParser(oid, format);
    },
  };
  // JIT compilation costs tens of milliseconds on the dense spatial queries of tiles and bboxes and
  // rarely pays back on them (measured in bench/db.bench.ts), so it is off for Fangtu's connections.
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: 10,
    connectionTimeoutMillis: 10_000,
    options: "-c jit=off",
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const target = redactUrl(url);
  try {
    const { rows } = await sql<{ available: boolean }>`
      select exists (select 1 from pg_available_extensions where name = 'postgis') as available`.execute(db);
    if (!rows[0]?.available) {
      throw new DatabaseUnavailableError(
        `PostGIS is not installed on the PostgreSQL server at ${target}. ` +
          "Install it (Debian: apt-get install postgresql-15-postgis-3) and try again.",
      );
    }
  } catch (error) {
    await db.destroy();
    if (error instanceof DatabaseUnavailableError) throw error;
    throw new DatabaseUnavailableError(
      `Cannot reach PostgreSQL at ${target}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { db, mode: "server", close: () => db.destroy() };
}

/** Opens the database the configuration names. */
export function openDatabase(config: DatabaseConfig): Promise<FangtuDatabase> {
  return config.mode === "server" ? openServer(config.url) : openEmbedded({ dataDir: config.dataDir });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<readonly string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? "(unknown)"} failed: ${reason}`);
  }
  return (results ?? []).map((result) => result.migrationName);
}

/** The PostGIS library version, e.g. "3.3.2". */
export async function postgisVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ version: string }>`select postgis_lib_version() as version`.execute(db);
  return rows[0]?.version ?? "unknown";
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
