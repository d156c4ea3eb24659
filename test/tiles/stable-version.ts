import { type Kysely, sql } from "kysely";
import type { Database } from "../../server/db/schema.js";

async function dataVersion(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ version: number }>`select data_version as version from tiles.state`.execute(
    db,
  );
  return Number(rows[0]?.version);
}

/**
 * Runs `observe` until no write moved the tile data version while it ran, and returns what it saw.
 * In server mode the test files share one database, so another file's write may land between two
 * requests and rightly change an ETag; observations that span such a write are made again.
 */
export async function observeWhileStable<T>(db: Kysely<Database>, observe: () => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await dataVersion(db);
    const seen = await observe();
    if ((await dataVersion(db)) === before) return seen;
  }
  throw new Error("the tile data version kept moving during five attempts");
}
