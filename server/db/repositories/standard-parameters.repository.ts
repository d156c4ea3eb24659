import { type Kysely, sql } from "kysely";
import {
  defaultStandardParameters,
  parseStandardParameters,
  type StandardParameters,
} from "../../domain/standards/parameters.js";
import type { Database } from "../schema.js";

/** The province (GB/T 2260 `xx0000`) a region code belongs to: provinces set the parameters. */
export const provinceOf = (regionCode: string): string => `${regionCode.slice(0, 2)}0000`;

/**
 * The latest parameter set in effect on `on` (YYYY-MM-DD, today by default) for the province of
 * `regionCode`, validated; Fangtu's labelled defaults when the province has none.
 */
export async function loadStandardParameters(
  db: Kysely<Database>,
  regionCode: string,
  on?: string,
): Promise<StandardParameters> {
  const row = await db
    .selectFrom("standard_parameters")
    .select(["parameters", "version", "effective_from", "region_code"])
    .where("region_code", "=", provinceOf(regionCode))
    .where("effective_from", "<=", on ?? sql<string>`current_date`)
    .orderBy("effective_from", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return defaultStandardParameters;
  const stored = typeof row.parameters === "string" ? JSON.parse(row.parameters) : row.parameters;
  // The row's own columns are authoritative for what identifies the set.
  return parseStandardParameters({
    ...(stored as object),
    version: row.version,
    effectiveFrom: row.effective_from,
    regionCode: row.region_code,
  });
}
