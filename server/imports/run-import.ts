import gcoord from "gcoord";
import type { Kysely } from "kysely";
import { appendAudit } from "../db/repositories/audit.repository.js";
import {
  type CheckContext,
  type ChunkRow,
  existingStaffing,
  type PreparedRow,
  targetStores,
} from "../db/repositories/import.repository.js";
import { recomputeStandardStatusForUnits } from "../db/repositories/standard-status.repository.js";
import type { Database } from "../db/schema.js";
import type { Position } from "../domain/geojson.js";
import {
  type ConvertOptions,
  convertRow,
  duplicatesWithin,
  type RowError,
} from "../domain/imports/convert-row.js";
import type { ColumnMapping } from "../domain/imports/mapping.js";
import { type ImportTarget, targetFields } from "../domain/imports/targets.js";
import { JobCancelled, type JobContext, JobFailed } from "../jobs/job-registry.js";
import type { StagedImport } from "./import-staging.js";

/** Rows per statement: big enough to amortise round trips, small enough to cancel within a second. */
export const IMPORT_CHUNK_ROWS = 2000;
/**
 * A pause between chunks so that requests waiting for the database (progress polls, a cancellation)
 * get their turn: embedded PGlite is one connection, and a job that re-queued at once would starve them.
 */
const YIELD_MS = 10;
const pause = () => new Promise((resolve) => setTimeout(resolve, YIELD_MS));

/** Errors listed in a result; the counts cover all of them. */
export const MAX_LISTED_ERRORS = 1000;

export interface ImportOptions {
  readonly sourceCrs?: "WGS84" | "GCJ02" | undefined;
  readonly regionCode?: string | undefined;
}

export interface ImportRun {
  readonly staged: StagedImport;
  readonly mapping: ColumnMapping;
  readonly options: ImportOptions;
  /** Who imports (null: a script, e.g. the benchmark). */
  readonly userId: number | null;
  readonly context: Omit<CheckContext, "regionCode">;
}

export interface DryRunResult {
  readonly valid: number;
  readonly invalid: number;
  readonly errors: RowError[];
  readonly errorCount: number;
  readonly warnings: string[];
}

export interface CommitResult {
  readonly target: ImportTarget;
  readonly inserted: number;
  readonly updated: number;
  readonly warnings: string[];
}

const gcjToWgs = (position: Position): Position => {
  const [lon, lat] = gcoord.transform(
    [position[0] as number, position[1] as number],
    gcoord.GCJ02,
    gcoord.WGS84,
  );
  return [lon, lat];
};

/** In-file duplicates each target forbids: its key and how the reason names it. */
const fileKeys: Readonly<
  Record<
    ImportTarget,
    {
      field: string;
      key: (values: Record<string, unknown>) => string | null;
      describe: (key: string) => string;
    }
  >
> = {
  buildings: {
    field: "title_certificate_no",
    key: (values) => (values.title_certificate_no as string | null) ?? null,
    describe: (key) => `certificate ${key}`,
  },
  rooms: {
    field: "number",
    key: (values) => `${String(values.building)}\u0000${String(values.number)}`,
    describe: (key) => `room ${key.split("\u0000")[1]} of building ${key.split("\u0000")[0]}`,
  },
  staffing: {
    field: "rank",
    key: (values) => `${String(values.unit)}\u0000${String(values.rank)}`,
    describe: (key) => `rank ${key.split("\u0000")[1]} of unit ${key.split("\u0000")[0]}`,
  },
  people: {
    field: "name",
    key: (values) => `${String(values.unit)}\u0000${String(values.name)}`,
    describe: (key) => `${key.split("\u0000")[1]} of unit ${key.split("\u0000")[0]}`,
  },
  non_office_assets: {
    field: "name",
    key: (values) => String(values.name),
    describe: (key) => `asset ${key}`,
  },
};

/** Converts and checks every row (types, required, enumerations, in-file duplicates, database checks). */
async function checkAll(
  db: Kysely<Database>,
  run: ImportRun,
  job: JobContext,
  totalSteps: number,
): Promise<{ prepared: PreparedRow[]; errors: RowError[]; invalidLines: Set<number> }> {
  const { staged, mapping, options } = run;
  const fields = targetFields[staged.target];
  const convertOptions: ConvertOptions = options.sourceCrs === "GCJ02" ? { transformPosition: gcjToWgs } : {};
  const errors: RowError[] = [];
  const converted: ChunkRow[] = [];
  for (const row of staged.source.rows) {
    const outcome = convertRow(fields, mapping, row, convertOptions);
    if (outcome.errors.length > 0) errors.push(...outcome.errors);
    else {
      let values = outcome.values;
      if (staged.target === "non_office_assets" && options.sourceCrs === "GCJ02") {
        const [lon, lat] = gcjToWgs([values.lon as number, values.lat as number]);
        values = { ...values, lon, lat };
      }
      converted.push({ line: row.line, values });
    }
  }
  const keys = fileKeys[staged.target];
  const duplicates = duplicatesWithin(
    converted.map(({ line, values }) => ({ line, key: keys.key(values) })),
    keys.field,
    keys.describe,
  );
  errors.push(...duplicates);
  const duplicateLines = new Set(duplicates.map((error) => error.line));
  const checkable = converted.filter((row) => !duplicateLines.has(row.line));
  const context: CheckContext = { ...run.context, regionCode: options.regionCode ?? null };
  const prepared: PreparedRow[] = [];
  let processed = staged.source.rows.length - checkable.length;
  job.progress(processed, totalSteps, "checking");
  for (let start = 0; start < checkable.length; start += IMPORT_CHUNK_ROWS) {
    await pause();
    const chunk = checkable.slice(start, start + IMPORT_CHUNK_ROWS);
    const outcome = await targetStores[staged.target].check(db, chunk, context);
    errors.push(...outcome.errors);
    prepared.push(...outcome.prepared);
    processed += chunk.length;
    job.progress(processed, totalSteps, "checking");
  }
  errors.sort((a, b) => a.line - b.line);
  return { prepared, errors, invalidLines: new Set(errors.map((error) => error.line)) };
}

function summary(run: ImportRun, errors: RowError[], invalidLines: Set<number>): DryRunResult {
  const rowCount = run.staged.source.rows.length;
  return {
    valid: rowCount - invalidLines.size,
    invalid: invalidLines.size,
    errors: errors.slice(0, MAX_LISTED_ERRORS),
    errorCount: errors.length,
    warnings: [...run.staged.source.warnings],
  };
}

/** Every check the commit makes, without writing anything. */
export async function dryRunImport(
  db: Kysely<Database>,
  run: ImportRun,
  job: JobContext,
): Promise<DryRunResult> {
  const { prepared, errors, invalidLines } = await checkAll(db, run, job, run.staged.source.rows.length);
  const result = summary(run, errors, invalidLines);
  if (run.staged.target === "staffing" && prepared.length > 0) {
    const existing = await existingStaffing(db, prepared);
    if (existing > 0) result.warnings.push(`${existing} staffing lines exist and will be updated`);
  }
  return result;
}

/**
 * Checks every row, then writes them all in ONE transaction: any invalid row and nothing is written
 * (the job fails with the row errors); a cancellation rolls the transaction back. The checks run before
 * the transaction, chunk by chunk: embedded PGlite has one connection, which a transaction holds, so
 * this keeps progress polls and cancellation answering during the long part; the constraints of the
 * schema still guard the write. One audit entry per import.
 */
export async function commitImport(
  db: Kysely<Database>,
  run: ImportRun,
  job: JobContext,
): Promise<CommitResult> {
  const rowCount = run.staged.source.rows.length;
  const { prepared, errors, invalidLines } = await checkAll(db, run, job, rowCount * 2);
  if (errors.length > 0) {
    throw new JobFailed(
      "invalid_rows",
      `${invalidLines.size} of ${rowCount} rows are invalid: nothing was written`,
      summary(run, errors, invalidLines),
    );
  }
  const target = run.staged.target;
  return db.transaction().execute(async (trx) => {
    const updated = target === "staffing" ? await existingStaffing(trx, prepared) : 0;
    let written = 0;
    for (let start = 0; start < prepared.length; start += IMPORT_CHUNK_ROWS) {
      if (job.signal.aborted) throw new JobCancelled();
      const chunk = prepared.slice(start, start + IMPORT_CHUNK_ROWS);
      written += await targetStores[target].insert(trx, chunk);
      job.progress(rowCount + start + chunk.length, rowCount * 2, "writing");
    }
    // Rooms, staffing and people change their units' standard status (new buildings house nobody yet).
    await recomputeStandardStatusForUnits(trx, prepared.flatMap(statusUnitOf));
    const regions = [...new Set(prepared.map((row) => String(row.region_code)))].sort();
    await appendAudit(trx, {
      userId: run.userId,
      regionCode: regions.length === 1 ? (regions[0] as string) : null,
      action: "create",
      entity: "import",
      entityId: run.staged.id,
      after: {
        target,
        file: run.staged.fileName,
        format: run.staged.format,
        rows: rowCount,
        inserted: written - updated,
        updated,
        regions,
        mapping: run.mapping,
        options: run.options,
      },
    });
    if (job.signal.aborted) throw new JobCancelled();
    return { target, inserted: written - updated, updated, warnings: [...run.staged.source.warnings] };
  });
}

/** The unit whose standard status an imported row changes, if any. */
function statusUnitOf(row: PreparedRow): number[] {
  const unit = row.occupant_unit_id ?? row.unit_id;
  return typeof unit === "number" ? [unit] : [];
}
