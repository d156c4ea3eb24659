import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import { findConversion } from "../../db/repositories/conversion.repository.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { createdResponses } from "./edit-support.js";
import { requireInRegion, requireRole, requireStaff } from "./outflow-access.js";
import { publicationRoutes } from "./publication.js";

/** Largest attachment (a scanned approval, a floor plan): 512 KiB, as the table's check says. */
export const MAX_ATTACHMENT_BYTES = 512 * 1024;

const attachmentForm = z.object({
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

/** Attachments of conversions (small files in the database) and their publication. */
export function conversionAttachmentRoutes(deps: AppDependencies) {
  const { db } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/conversions/{id}/attachments",
      summary: `Attach a file (form field 'file', at most ${MAX_ATTACHMENT_BYTES / 1024} KiB) to a conversion (planners)`,
      request: {
        params: idParameters,
        body: { content: { "multipart/form-data": { schema: attachmentForm } }, required: true },
      },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const id = c.req.valid("param").id;
      const conversion = await findConversion(db, id);
      if (!conversion) throw new ApiError("not_found", `No conversion ${id}`);
      requireInRegion(principal, conversion.region_code, "conversion", id);
      requireRole(principal, "planner", conversion.region_code, "attach files to conversions");
      const file = c.req.valid("form").file as unknown;
      if (!(file instanceof File))
        throw new ApiError("invalid_request", "Send the file in the form field 'file'");
      if (file.size > MAX_ATTACHMENT_BYTES)
        throw new ApiError(
          "payload_too_large",
          `Attachments are limited to ${MAX_ATTACHMENT_BYTES / 1024} KiB (${MAX_ATTACHMENT_BYTES} bytes); ${file.name} has ${file.size}`,
        );
      if (file.size === 0) throw new ApiError("invalid_request", `${file.name} is empty`);
      const name = file.name.trim().slice(0, 200) || "attachment";
      const bytes = Buffer.from(await file.arrayBuffer());
      const created = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("conversion_attachments")
          .values({
            conversion_id: id,
            region_code: conversion.region_code,
            file_name: name,
            media_type: file.type || "application/octet-stream",
            size_bytes: bytes.length,
            content: bytes,
            uploaded_by: principal.userId,
          })
          .returning(["id", "file_name", "media_type", "size_bytes", "created_at"])
          .executeTakeFirstOrThrow();
        const audit = await appendAudit(trx, {
          userId: principal.userId,
          regionCode: conversion.region_code,
          action: "create",
          entity: "conversion_attachment",
          entityId: row.id,
          after: {
            conversionId: id,
            fileName: row.file_name,
            mediaType: row.media_type,
            sizeBytes: row.size_bytes,
          },
        });
        return { row, audit };
      });
      const { row } = created;
      return c.json(
        {
          id: row.id,
          conversionId: id,
          fileName: row.file_name,
          mediaType: row.media_type,
          sizeBytes: row.size_bytes,
          createdAt: row.created_at,
          audit: [created.audit],
        },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/conversions/{id}/attachments/{attachmentId}",
      summary: "Download an attachment of a conversion",
      request: { params: attachmentParameters },
      responses: {
        200: { content: { "application/octet-stream": { schema: z.any() } }, description: "The file" },
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const { id, attachmentId } = c.req.valid("param");
      const row = await db
        .selectFrom("conversion_attachments")
        .select(["file_name", "media_type", "content", "region_code"])
        .where("id", "=", attachmentId)
        .where("conversion_id", "=", id)
        .executeTakeFirst();
      if (!row) throw new ApiError("not_found", `No attachment ${attachmentId} of conversion ${id}`);
      requireInRegion(principal, row.region_code, "attachment", attachmentId);
      return c.body(new Uint8Array(row.content), 200, {
        "Content-Type": row.media_type,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(row.file_name)}`,
      });
    },
  );

  publicationRoutes(app, deps, {
    table: "conversions",
    path: "/conversions",
    entity: "conversion",
    noun: "conversion",
    statuses: ["approved", "converting", "done"],
  });
  return app;
}
