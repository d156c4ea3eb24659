// Pieces every benchmark shares: number formatting, percentiles and a throw-away database on the
// local PostgreSQL server (benchmarks only ever talk to this machine).

import { cpus, loadavg, totalmem } from "node:os";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { postgisVersion } from "../server/db/database.js";
import type { Database } from "../server/db/schema.js";
import { loadSynthetic } from "../server/db/synth-loader.js";
import type { Polygon } from "../server/domain/geojson.js";

export const format = (value: number, digits = 1) =>
  value.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const whole = (value: number) => Math.round(value).toLocaleString("en");

/** A URL for a database on the same local server; refuses anything but this machine. */
export function localUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
    throw new Error(`benchmarks only talk to a local server; DATABASE_URL names ${url.hostname}`);
  }
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement as the server's admin (database `postgres`). */
export async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: localUrl("postgres") });
  await admin.connect();
  await admin.query(statement).finally(() => admin.end());
}

/** Drops and creates the benchmark's own database. */
export async function recreateDatabase(name: string): Promise<void> {
  await adminQuery(`drop database if exists ${name} with (force)`);
  await adminQuery(`create database ${name}`);
}

export const dropDatabase = (name: string) => adminQuery(`drop database if exists ${name} with (force)`);

/** Nearest-rank percentile of ascending samples. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

/** The promise's value, or null when it was aborted by an `AbortSignal.timeout` budget. */
export function nullOnTimeout<T>(promise: Promise<T>): Promise<T | null> {
  return promise.catch((error: unknown) => {
    if (error instanceof Error && error.name === "TimeoutError") return null;
    throw error;
  });
}

/** A whole-number command-line flag of `bench:<bench>`, at least `min`; otherwise exit 2 naming the flag. */
export function wholeFlag(bench: string, name: string, raw: unknown, min = 0): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    const bound = min > 0 ? ` ≥ ${min}` : "";
    console.error(`bench:${bench}: --${name} must be a whole number${bound}, got "${String(raw)}"`);
    process.exit(2);
  }
  return value;
}

/** Metres per degree of latitude (and of longitude at the equator), for squares around a point. */
export const METERS_PER_DEGREE = 111_320;

/** A square with sides of 2 × `halfMeters` centred on [lng, lat] (WGS84). */
export function squareAround([lng, lat]: readonly [number, number], halfMeters: number): Polygon {
  const dy = halfMeters / METERS_PER_DEGREE;
  const dx = dy / Math.cos((lat * Math.PI) / 180);
  return {
    type: "Polygon",
    coordinates: [
      [
        [lng - dx, lat - dy],
        [lng + dx, lat - dy],
        [lng + dx, lat + dy],
        [lng - dx, lat + dy],
        [lng - dx, lat - dy],
      ],
    ],
  };
}

/** Generates and loads the synthetic province (two rooms per building), saying how long it took. */
export async function loadSyntheticLogged(
  database: Parameters<typeof loadSynthetic>[0],
  options: { buildings: number; seed: number; units?: number; people?: boolean },
): Promise<void> {
  const { buildings, seed, units } = options;
  console.log(
    `generating ${whole(buildings)} buildings${units ? `, ${whole(units)} units` : ""} (seed ${seed})…`,
  );
  const load = await loadSynthetic(database, {
    buildings,
    seed,
    roomsPerBuilding: 2,
    ...(options.people ? { people: true } : {}),
    ...(units ? { buildingsPerUnit: buildings / units } : {}),
  });
  console.log(
    `generate+load: ${format(load.milliseconds / 1000)} s (${Object.entries(load.rows)
      .map(([table, value]) => `${whole(value)} ${table}`)
      .join(", ")})`,
  );
}

/**
 * Runs `work` with the named indexes dropped inside a transaction that is then rolled back: the
 * in-run "no spatial index" baseline, leaving the database as it was.
 */
export async function withoutIndexes<Result>(
  db: Kysely<Database>,
  indexes: readonly string[],
  work: (trx: Kysely<Database>) => Promise<Result>,
): Promise<Result> {
  const rollback = Symbol("rollback");
  return db
    .transaction()
    .execute(async (trx) => {
      for (const index of indexes) await sql`drop index if exists ${sql.id(index)}`.execute(trx);
      const result = await work(trx);
      throw Object.assign(new Error("rollback"), { [rollback]: true, result });
    })
    .catch((error: { [rollback]?: boolean; result?: Result }) => {
      if (!error[rollback]) throw error;
      return error.result as Result;
    });
}

/** Whether a database is there, e.g. a benchmark's from a `--keep` run, to `--reuse`. */
export async function databaseExists(name: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: localUrl("postgres") });
  await admin.connect();
  try {
    const { rows } = await admin.query("select 1 from pg_database where datname = $1", [name]);
    return rows.length > 0;
  } finally {
    await admin.end();
  }
}

/** The machine a server-mode bench ran on: cores, memory, Node, PostgreSQL, PostGIS and the load. */
export async function describeServerMachine(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{
    version: string;
  }>`select current_setting('server_version') as version`.execute(db);
  return (
    `machine: ${cpus().length} cores, ${format(totalmem() / 2 ** 30, 0)} GiB, Node ${process.versions.node}, ` +
    `PostgreSQL ${rows[0]?.version}, PostGIS ${await postgisVersion(db)}; load average ` +
    loadavg()
      .map((value) => format(value, 1))
      .join(" ")
  );
}
