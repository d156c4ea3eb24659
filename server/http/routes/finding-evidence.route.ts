import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import { findingById } from "../../db/repositories/finding.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import { checkEvidenceFile, MAX_EVIDENCE_BYTES } from "../../domain/findings/evidence-file.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { todayInChina } from "./consistency.route.js";
import { createdResponses } from "./edit-support.js";

const evidenceForm = z.object({
  file: z.any().openapi({ type: "string", format: "binary" }),
});

const attachmentParameters = z.object({
  id: idParameters.shape.id,
  attachmentId: z
    .string()
    .regex(/^\d{1,9}$/, "attachmentId must be a whole number")
    .transform(Number)
    .openapi({ param: { name: "attachmentId", in: "path" }, type: "integer" }),
});

/** Evidence files of findings (照片、整改通知扫描件): the unit uploads, every reader of the finding downloads. */
export function findingEvidenceRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: "post",
        path: "/findings/{id}/attachments",
        summary: `Attach an evidence file (form field 'file': PDF, JPEG, PNG or WebP, at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB) to a finding being rectified; the finding's unit only`,
        request: {
          params: idParameters,
          body: { content: { "multipart/form-data": { schema: evidenceForm } }, required: true },
        },
        responses: createdResponses,
      }),
      async (c) => {
        const principal = requireReader(c);
        const { id } = c.req.valid("param");
        const finding = await findingById(db, readScopeOf(principal), id, todayInChina());
        if (!finding) throw new ApiError("not_found", `Finding ${id} not found`);
        const ownUnit = principal.roles.includes("unit_user") && principal.unitId === finding.unit_id;
        if (!ownUnit && !principal.roles.includes("system_admin"))
          throw new ApiError("forbidden", `Evidence of finding ${id} is given by its unit`);
        if (finding.status !== "open" && finding.status !== "rectifying")
          throw new ApiError("conflict", `Finding ${id} is ${finding.status}: it takes no more evidence`, [
            { path: "status", message: finding.status },
          ]);
        const file = c.req.valid("form").file as unknown;
        if (!(file instanceof File))
          throw new ApiError("invalid_request", "Send the file in the form field 'file'", [
            { path: "file", message: "missing" },
          ]);
        if (file.size > MAX_EVIDENCE_BYTES)
          throw new ApiError(
            "payload_too_large",
            `Evidence files are limited to ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB; ${file.name} has ${file.size} bytes`,
            [{ path: "file", message: `${file.size} bytes` }],
          );
        const bytes = new Uint8Array(await file.arrayBuffer());
        const checked = checkEvidenceFile(file.name, file.type, bytes);
        if (!checked.ok)
          throw new ApiError(
            checked.code === "too_large" ? "payload_too_large" : "invalid_request",
            checked.message,
            [{ path: "file", message: checked.message }],
          );
        const row = await db.transaction().execute(async (trx) => {
          const inserted = await trx
            .insertInto("finding_attachments")
            .values({
              finding_id: id,
              region_code: finding.region_code,
              file_name: checked.fileName,
              media_type: checked.mediaType,
              size_bytes: bytes.length,
              content: bytes,
              uploaded_by: principal.userId,
            })
            .returning(["id", "file_name", "media_type", "size_bytes", "created_at"])
            .executeTakeFirstOrThrow();
          await appendAudit(trx, {
            userId: principal.userId,
            regionCode: finding.region_code,
            action: "create",
            entity: "finding_attachment",
            entityId: inserted.id,
            after: {
              findingId: id,
              fileName: inserted.file_name,
              mediaType: inserted.media_type,
              sizeBytes: inserted.size_bytes,
            },
          });
          return inserted;
        });
        return c.json({ ...row, finding_id: id }, 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/findings/{id}/attachments/{attachmentId}",
        summary: "Download an evidence file of a finding the reader may read",
        request: { params: attachmentParameters },
        responses: {
          200: { content: { "application/octet-stream": { schema: z.any() } }, description: "The file" },
          ...errorResponses,
        },
      }),
      async (c) => {
        const principal = requireReader(c);
        const { id, attachmentId } = c.req.valid("param");
        const finding = await findingById(db, readScopeOf(principal), id, todayInChina());
        if (!finding) throw new ApiError("not_found", `Finding ${id} not found`);
        const row = await db
          .selectFrom("finding_attachments")
          .select(["file_name", "media_type", "content"])
          .where("id", "=", attachmentId)
          .where("finding_id", "=", id)
          .executeTakeFirst();
        if (!row) throw new ApiError("not_found", `No evidence file ${attachmentId} of finding ${id}`);
        return c.body(new Uint8Array(row.content), 200, {
          "Content-Type": row.media_type,
          "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(row.file_name)}`,
          "X-Content-Type-Options": "nosniff",
          "Cache-Control": "private, no-store",
        });
      },
    );
}
