import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import { checklistRooms, inspectionPhotos } from "../../db/repositories/inspection.repository.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { createdResponses, okResponses } from "./edit-support.js";
import { pathId, readableInspection, workableInspection } from "./inspection-support.js";

/** Largest photo: 2 MiB (the table's check); the tab scales camera pictures down before sending. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
/** The multipart request around a photo: the file plus the form's fields and boundaries. */
const MAX_PHOTO_REQUEST_BYTES = MAX_PHOTO_BYTES + 64 * 1024;

/** POST paths app.ts leaves to this route's own body limit. */
export const isPhotoUpload = (method: string, path: string) =>
  method === "POST" && /^\/api\/inspections\/\d+\/photos\/?$/.test(path);

const photoForm = z.object({
  file: z.any().openapi({ type: "string", format: "binary" }),
  roomId: z
    .string()
    .regex(/^\d{1,9}$/, "roomId must be a room id")
    .optional(),
  caption: z.string().trim().max(200, "caption is longer than 200 characters").optional(),
});

/** The media type a photo's first bytes show: JPEG (FF D8 FF) or PNG (89 50 4E 47 0D 0A 1A 0A). */
export function photoTypeOf(bytes: Uint8Array): "image/jpeg" | "image/png" | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return png.every((byte, index) => bytes[index] === byte) ? "image/png" : null;
}

/** Photos taken during an inspection: attach (JPEG/PNG, ≤ 2 MiB), list, fetch. */
export function inspectionPhotoRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(
    "/inspections/:id/photos",
    bodyLimit({
      maxSize: MAX_PHOTO_REQUEST_BYTES,
      onError: () => {
        throw new ApiError(
          "payload_too_large",
          `Photos are limited to ${MAX_PHOTO_BYTES / 1024 / 1024} MiB (${MAX_PHOTO_BYTES} bytes)`,
        );
      },
    }),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/inspections/{id}/photos",
      summary: `Attach a photo (form field 'file', JPEG or PNG, at most ${MAX_PHOTO_BYTES / 1024 / 1024} MiB; optional roomId and caption) to an inspection`,
      request: {
        params: idParameters,
        body: { content: { "multipart/form-data": { schema: photoForm } }, required: true },
      },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const inspection = await workableInspection(db, principal, id, "attach photos");
      if (inspection.status === "cancelled" || inspection.status === "planned")
        throw new ApiError(
          "conflict",
          `Inspection ${id} is ${inspection.status}: photos are taken once it has started`,
        );
      const form = c.req.valid("form");
      const file = form.file as unknown;
      if (!(file instanceof File))
        throw new ApiError("invalid_request", "Send the photo in the form field 'file'", [
          { path: "file", message: "missing" },
        ]);
      if (file.size > MAX_PHOTO_BYTES)
        throw new ApiError(
          "payload_too_large",
          `Photos are limited to ${MAX_PHOTO_BYTES / 1024 / 1024} MiB (${MAX_PHOTO_BYTES} bytes); ${file.name} has ${file.size}`,
        );
      if (file.size === 0)
        throw new ApiError("invalid_request", `${file.name} is empty`, [{ path: "file", message: "empty" }]);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const mediaType = photoTypeOf(bytes);
      if (!mediaType)
        throw new ApiError("invalid_request", `${file.name} is no JPEG or PNG picture`, [
          { path: "file", message: "JPEG or PNG only" },
        ]);
      const roomId = form.roomId === undefined ? null : Number(form.roomId);
      if (roomId !== null && !(await checklistRooms(db, inspection)).some((room) => room.roomId === roomId))
        throw new ApiError("invalid_request", `Room ${roomId} is not on the checklist of inspection ${id}`, [
          { path: "roomId", message: `room ${roomId}` },
        ]);
      const name = file.name.trim().slice(0, 200) || (mediaType === "image/png" ? "photo.png" : "photo.jpg");
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("inspection_photos")
          .values({
            inspection_id: id,
            room_id: roomId,
            region_code: inspection.region_code,
            file_name: name,
            media_type: mediaType,
            size_bytes: bytes.length,
            content: bytes,
            caption: form.caption || null,
            uploaded_by: principal.userId,
          })
          .returning(["id", "room_id", "file_name", "media_type", "size_bytes", "caption", "created_at"])
          .executeTakeFirstOrThrow();
        await appendAudit(trx, {
          userId: principal.userId,
          regionCode: inspection.region_code,
          action: "create",
          entity: "inspection_photo",
          entityId: inserted.id,
          after: {
            inspectionId: id,
            roomId,
            fileName: name,
            mediaType,
            sizeBytes: bytes.length,
            caption: form.caption || null,
          },
        });
        return inserted;
      });
      return c.json({ inspectionId: id, ...row }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/inspections/{id}/photos",
      summary: "The photos of an inspection (without their bytes)",
      request: { params: idParameters, query: z.object({}).strict() },
      responses: okResponses,
    }),
    async (c) => {
      const inspection = await readableInspection(db, requireReader(c), c.req.valid("param").id);
      return c.json({ inspectionId: inspection.id, photos: await inspectionPhotos(db, inspection.id) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/inspections/{id}/photos/{photoId}",
      summary: "One photo of an inspection (its bytes)",
      request: { params: z.object({ id: idParameters.shape.id, photoId: pathId("photoId") }) },
      responses: {
        200: { content: { "image/jpeg": { schema: z.any() } }, description: "The photo" },
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id, photoId } = c.req.valid("param");
      await readableInspection(db, requireReader(c), id);
      const row = await db
        .selectFrom("inspection_photos")
        .select(["file_name", "media_type", "content"])
        .where("id", "=", photoId)
        .where("inspection_id", "=", id)
        .executeTakeFirst();
      if (!row) throw new ApiError("not_found", `No photo ${photoId} of inspection ${id}`);
      return c.body(new Uint8Array(row.content), 200, {
        "Content-Type": row.media_type,
        "Cache-Control": "private, max-age=86400",
        "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(row.file_name)}`,
      });
    },
  );
  return app;
}
