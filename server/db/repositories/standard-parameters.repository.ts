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

/** One stored parameter set, as GET /api/standards/parameters lists it. */
export interface StandardParametersVersion {
  id: number;
  regionCode: string;
  version: string;
  effectiveFrom: string;
  note: string | null;
  createdAt: string;
  /** The set the engine uses today for the province. */
  inEffect: boolean;
  parameters: StandardParameters;
}

/** Every parameter set of the province of `regionCode`, newest first, with the one in effect today marked. */
export async function listStandardParameters(
  db: Kysely<Database>,
  regionCode: string,
): Promise<StandardParametersVersion[]> {
  const rows = await db
    .selectFrom("standard_parameters")
    .select(["id", "region_code", "version", "effective_from", "parameters", "note", "created_at"])
    .where("region_code", "=", provinceOf(regionCode))
    .orderBy("effective_from", "desc")
    .orderBy("id", "desc")
    .execute();
  const current = await loadStandardParameters(db, regionCode);
  return rows.map((row) => {
    const stored = typeof row.parameters === "string" ? JSON.parse(row.parameters) : row.parameters;
    return {
      id: row.id,
      regionCode: row.region_code,
      version: row.version,
      effectiveFrom: row.effective_from,
      note: row.note,
      createdAt: new Date(row.created_at).toISOString(),
      inEffect: row.version === current.version,
      parameters: parseStandardParameters({
        ...(stored as object),
        version: row.version,
        effectiveFrom: row.effective_from,
        regionCode: row.region_code,
      }),
    };
  });
}

/** Adds a parameter set (never edits one); undefined when the province already has that version. */
export async function insertStandardParameters(
  db: Kysely<Database>,
  parameters: StandardParameters,
  note: string | null,
): Promise<{ id: number } | undefined> {
  return db
    .insertInto("standard_parameters")
    .values({
      region_code: parameters.regionCode,
      version: parameters.version,
      effective_from: parameters.effectiveFrom,
      parameters: JSON.stringify(parameters),
      note,
    })
    .onConflict((conflict) => conflict.columns(["region_code", "version"]).doNothing())
    .returning("id")
    .executeTakeFirst();
}
