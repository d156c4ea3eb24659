import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { sql } from "kysely";
import { canWrite, type Principal, regionPrefix } from "../../domain/auth/access.js";
import { mappingProblems, suggestMapping } from "../../domain/imports/mapping.js";
import { importTargets, spatialTargets, targetFields } from "../../domain/imports/targets.js";
import { FormatError, GEOMETRY_COLUMN, type ParsedSource } from "../../formats/format-error.js";
import { detectFormat, readUpload } from "../../formats/read-upload.js";
import type { ImportStaging, StagedImport } from "../../imports/import-staging.js";
import { commitImport, dryRunImport, type ImportOptions, type ImportRun } from "../../imports/run-import.js";
import type { JobRegistry } from "../../jobs/job-registry.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";

/** Largest accepted upload (the 50 MB). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const SAMPLE_ROWS = 5;

const uploadForm = z.object({
  file: z.any().openapi({
    type: "string",
    format: "binary",
    description: "GeoJSON, zipped Shapefile, GeoPackage, CSV or XLSX",
  }),
  target: z.enum(importTargets),
  encoding: z
    .string()
    .max(20)
    .optional()
    .openapi({ description: "attribute text encoding of CSV/DBF: UTF-8 or GBK" }),
});

const runBody = z
  .object({
    mapping: z.record(z.string(), z.string()).openapi({ description: "target field → source column" }),
    options: z
      .object({
        sourceCrs: z.enum(["WGS84", "GCJ02"]).optional(),
        encoding: z.string().max(20).optional(),
        regionCode: regionCodeParameter.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const stagedParameter = z.object({ id: z.string().uuid("id must be an import id") });

const json = (description: string) => ({ content: { "application/json": { schema: z.any() } }, description });

/** Imports change the inventory: planners (in their region) and system administrators. */
function requireImporter(principal: Principal): Principal {
  if (!principal.roles.some((role) => role === "planner" || role === "system_admin"))
    throw new ApiError("forbidden", "Imports need a planner or system administrator account");
  return principal;
}

/** What a column-mapping dialog shows: a few rows, geometries as their type. */
function sampleOf(source: ParsedSource) {
  return source.rows.slice(0, SAMPLE_ROWS).map((row) =>
    Object.fromEntries(
      source.columns.map((column) => {
        const value = row.cells[column] ?? null;
        if (column === GEOMETRY_COLUMN && value && typeof value === "object")
          return [column, String((value as { type?: unknown }).type ?? "geometry")];
        return [column, value];
      }),
    ),
  );
}

function describeStaged(staged: StagedImport) {
  const fields = targetFields[staged.target];
  return {
    id: staged.id,
    fileName: staged.fileName,
    format: staged.format,
    target: staged.target,
    encoding: staged.source.encoding ?? null,
    rowCount: staged.source.rows.length,
    columns: staged.source.columns,
    sample: sampleOf(staged.source),
    suggestedMapping: suggestMapping(fields, staged.source.columns),
    targetFields: fields.map(({ name, required, type, label_zh, values }) => ({
      name,
      required,
      type,
      label_zh,
      ...(values ? { values: Object.keys(values) } : {}),
    })),
    warnings: staged.source.warnings,
  };
}

async function parse<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof FormatError) throw new ApiError("invalid_request", error.message);
    throw error;
  }
}

/**
 * `POST /imports` stages an upload and proposes a column mapping; `/imports/{id}/dry-run` and
 * `/imports/{id}/commit` run as jobs (see jobs.route.ts).
 */
export function importRoutes({ db, logger }: AppDependencies, staging: ImportStaging, jobs: JobRegistry) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Uploads get their own limit (the JSON API keeps 1 MB, see app.ts). Without a Content-Length the
  // body is counted as it streams in and refused once past the limit, not buffered whole first.
  app.use(
    "/imports",
    bodyLimit({
      maxSize: MAX_UPLOAD_BYTES,
      onError: () => {
        throw new ApiError(
          "payload_too_large",
          `Uploads are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB (${MAX_UPLOAD_BYTES} bytes)`,
        );
      },
    }),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/imports",
      summary: "Upload a file to import: returns its columns, a sample and a suggested column mapping",
      request: { body: { content: { "multipart/form-data": { schema: uploadForm } }, required: true } },
      responses: { 201: json("Staged upload"), ...errorResponses },
    }),
    async (c) => {
      const principal = requireImporter(requireReader(c));
      const form = c.req.valid("form");
      const file = form.file as unknown;
      if (!(file instanceof File))
        throw new ApiError("invalid_request", "Send the file in the form field 'file'");
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (bytes.length === 0) throw new ApiError("invalid_request", `${file.name} is empty`);
      const format = await parse(async () => detectFormat(file.name, bytes));
      const spatial = format === "geojson" || format === "shapefile" || format === "geopackage";
      if (spatial !== spatialTargets.has(form.target)) {
        throw new ApiError(
          "invalid_request",
          spatialTargets.has(form.target)
            ? `${form.target} are imported from GeoJSON, a zipped Shapefile or a GeoPackage, not ${format}`
            : `${form.target} are imported from a CSV or XLSX ledger, not ${format}`,
        );
      }
      const source = await parse(() => readUpload(format, bytes, { encoding: form.encoding }));
      if (source.rows.length === 0) throw new ApiError("invalid_request", `${file.name} holds no rows`);
      const staged = staging.add({
        ownerId: principal.userId,
        target: form.target,
        format,
        fileName: file.name,
        bytes,
        source,
      });
      return c.json(describeStaged(staged), 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/imports/{id}",
      summary: "A staged upload: columns, sample, suggested mapping",
      request: { params: stagedParameter },
      responses: { 200: json("Staged upload"), ...errorResponses },
    }),
    (c) => {
      const principal = requireImporter(requireReader(c));
      return c.json(describeStaged(stagedOf(c.req.valid("param").id, principal)), 200);
    },
  );

  const stagedOf = (id: string, principal: Principal) => {
    const staged = staging.get(id, principal.userId);
    if (!staged) throw new ApiError("not_found", `No staged import ${id} (expired, committed, or not yours)`);
    return staged;
  };

  /** Validates the mapping and options, then starts the job. */
  const start = async (principal: Principal, id: string, body: z.infer<typeof runBody>, commit: boolean) => {
    let staged = stagedOf(id, principal);
    const options: ImportOptions & { encoding?: string } = body.options ?? {};
    if (options.encoding && staged.format !== "shapefile" && staged.format !== "csv")
      throw new ApiError(
        "invalid_request",
        `options.encoding applies to CSV and Shapefile attributes, not ${staged.format}`,
      );
    if (options.encoding) {
      const encoding = options.encoding;
      const source = await parse(() => readUpload(staged.format, staged.bytes, { encoding }));
      staging.replaceSource(staged.id, source);
      staged = { ...staged, source };
    }
    const fields = targetFields[staged.target];
    const problems = mappingProblems(fields, staged.source.columns, body.mapping);
    if (problems.length > 0) {
      throw new ApiError(
        "invalid_request",
        `Invalid mapping: ${problems.map((problem) => problem.message).join("; ")}`,
        problems,
      );
    }
    if (
      options.sourceCrs === "GCJ02" &&
      staged.target !== "buildings" &&
      staged.target !== "non_office_assets"
    )
      throw new ApiError("invalid_request", `${staged.target} have no coordinates to convert from GCJ-02`);
    if (options.regionCode) {
      const { rows } = await sql`select 1 from regions where code = ${options.regionCode}`.execute(db);
      if (rows.length === 0) throw new ApiError("invalid_request", `No region ${options.regionCode}`);
      if (!canWrite(principal, { regionCode: options.regionCode }))
        throw new ApiError("forbidden", `Region ${options.regionCode} is outside what you may change`);
    }
    const scopeRegion = options.regionCode ?? principal.regionCode;
    const run: ImportRun = {
      staged,
      mapping: body.mapping,
      options: { sourceCrs: options.sourceCrs, regionCode: options.regionCode },
      userId: principal.userId,
      context: {
        namePrefix:
          options.regionCode || !principal.roles.includes("system_admin") ? regionPrefix(scopeRegion) : "",
        provinceCode: `${scopeRegion.slice(0, 2)}0000`,
        canWrite: (regionCode, unitId) => canWrite(principal, { regionCode, unitId }),
      },
    };
    const total = staged.source.rows.length * (commit ? 2 : 1);
    const job = jobs.start(
      commit ? "import-commit" : "import-dry-run",
      principal.userId,
      total,
      async (context) => {
        const result = commit ? await commitImport(db, run, context) : await dryRunImport(db, run, context);
        if (commit) staging.delete(staged.id);
        return result;
      },
      (error) => logger.error({ err: error, importId: staged.id }, "import job failed"),
    );
    return { jobId: job.id };
  };

  for (const [action, commit] of [
    ["dry-run", false],
    ["commit", true],
  ] as const) {
    app.openapi(
      createRoute({
        method: "post",
        path: `/imports/{id}/${action}`,
        summary: commit
          ? "Write the staged rows, all or nothing, as a job (GET /api/jobs/{jobId})"
          : "Check the staged rows without writing, as a job (GET /api/jobs/{jobId})",
        request: {
          params: stagedParameter,
          body: { content: { "application/json": { schema: runBody } }, required: true },
        },
        responses: { 202: json("Job started: { jobId }"), ...errorResponses },
      }),
      async (c) => {
        const principal = requireImporter(requireReader(c));
        return c.json(await start(principal, c.req.valid("param").id, c.req.valid("json"), commit), 202);
      },
    );
  }
  return app;
}
