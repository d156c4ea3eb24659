import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import type { Principal } from "../../domain/auth/access.js";
import { mayRaiseFindings } from "../../domain/findings/finding-status.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { errorResponses, idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import { calendarDate, todayInChina } from "./consistency.route.js";
import { createdResponses, jsonBody, staleVersion, versionField } from "./edit-support.js";
import { loadRepair } from "./repairs.route.js";

/** Largest attachment: a photo the client has scaled down, or a scan; under the API's 1 MiB body limit. */
export const MAX_REPAIR_ATTACHMENT_BYTES = 768 * 1024;

/** The rule a finding about an unapproved major repair cites (2017 rules, accountability triggers). */
export const UNAPPROVED_REPAIR_RULE = "unapproved_major_repair";

/** What a file is by its first bytes: the declared type is the client's word, not the file's. */
export function sniffMediaType(bytes: Uint8Array): string | undefined {
  const starts = (...prefix: number[]) => prefix.every((byte, index) => bytes[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === "WEBP")
    return "image/webp";
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf";
  return undefined;
}

const attachmentForm = z.object({ file: z.any().openapi({ type: "string", format: "binary" }) });

const attachmentParameters = z.object({
  id: idParameters.shape.id,
  attachmentId: z
    .string()
    .regex(/^\d{1,9}$/, "attachmentId must be a whole number")
    .transform(Number)
    .openapi({ param: { name: "attachmentId", in: "path" }, type: "integer" }),
});

const findingSchema = z
  .object({
    version: versionField,
    deadline: calendarDate("deadline").optional(),
    severity: z.enum(["low", "medium", "high"]).optional(),
  })
  .strict();

/** Who may attach files: the request's unit, and the two departments that act on it. */
function mayAttach(principal: Principal, unitId: number): boolean {
  return (
    (principal.roles.includes("unit_user") && principal.unitId === unitId) ||
    principal.roles.includes("approver") ||
    principal.roles.includes("works")
  );
}

/** Photos and scans of repair requests, and the finding an unapproved major repair is raised as. */
export function repairAttachmentRoutes({ db }: AppDependencies) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: "post",
        path: "/repair-requests/{id}/attachments",
        summary: `Attach a photo or scan (form field 'file': JPEG, PNG, WebP or PDF, at most ${MAX_REPAIR_ATTACHMENT_BYTES / 1024} KiB)`,
        request: {
          params: idParameters,
          body: { content: { "multipart/form-data": { schema: attachmentForm } }, required: true },
        },
        responses: createdResponses,
      }),
      async (c) => {
        const principal = requireReader(c);
        const { id } = c.req.valid("param");
        const repair = await loadRepair(db, principal, id);
        if (!mayAttach(principal, repair.unit_id))
          throw new ApiError(
            "forbidden",
            "Only the unit and the approval and works departments attach files",
          );
        const file = c.req.valid("form").file as unknown;
        if (!(file instanceof File)) throw invalidFile("Send the file in the form field 'file'");
        if (file.size === 0) throw invalidFile(`${file.name} is empty`);
        if (file.size > MAX_REPAIR_ATTACHMENT_BYTES)
          throw new ApiError(
            "payload_too_large",
            `Attachments are limited to ${MAX_REPAIR_ATTACHMENT_BYTES / 1024} KiB; ${file.name} has ${file.size} bytes`,
            [{ path: "file", message: `at most ${MAX_REPAIR_ATTACHMENT_BYTES} bytes` }],
          );
        const bytes = new Uint8Array(await file.arrayBuffer());
        const mediaType = sniffMediaType(bytes);
        if (!mediaType) throw invalidFile(`${file.name} is not a JPEG, PNG or WebP photo nor a PDF`);
        const name = file.name.trim().slice(0, 200) || "attachment";
        const row = await db.transaction().execute(async (trx) => {
          const inserted = await trx
            .insertInto("repair_attachments")
            .values({
              repair_id: id,
              region_code: repair.region_code,
              file_name: name,
              media_type: mediaType,
              size_bytes: bytes.length,
              content: bytes,
              uploaded_by: principal.userId,
            })
            .returning(["id", "file_name", "media_type", "size_bytes", "created_at"])
            .executeTakeFirstOrThrow();
          await appendAudit(trx, {
            userId: principal.userId,
            regionCode: repair.region_code,
            action: "create",
            entity: "repair_attachment",
            entityId: inserted.id,
            after: { repairId: id, fileName: name, mediaType, sizeBytes: bytes.length },
          });
          return inserted;
        });
        return c.json({ ...row, repair_id: id }, 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/repair-requests/{id}/attachments/{attachmentId}",
        summary: "Download an attachment of a repair request",
        request: { params: attachmentParameters },
        responses: {
          200: { content: { "application/octet-stream": { schema: z.any() } }, description: "The file" },
          ...errorResponses,
        },
      }),
      async (c) => {
        const principal = requireReader(c);
        const { id, attachmentId } = c.req.valid("param");
        await loadRepair(db, principal, id);
        const row = await db
          .selectFrom("repair_attachments")
          .select(["file_name", "media_type", "content"])
          .where("id", "=", attachmentId)
          .where("repair_id", "=", id)
          .executeTakeFirst();
        if (!row) throw new ApiError("not_found", `No attachment ${attachmentId} of repair request ${id}`);
        return c.body(new Uint8Array(row.content), 200, {
          "Content-Type": row.media_type,
          "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(row.file_name)}`,
        });
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/repair-requests/{id}/finding",
        summary:
          "Raise a major repair done without approval (违规) as a finding in the ledger (inspectors, approvers, administrators)",
        request: { params: idParameters, body: jsonBody(findingSchema) },
        responses: createdResponses,
      }),
      async (c) => {
        const principal = requireReader(c);
        if (!mayRaiseFindings(principal))
          throw new ApiError("forbidden", "Only inspectors, approvers and administrators raise findings");
        const { id } = c.req.valid("param");
        const body = c.req.valid("json");
        const repair = await loadRepair(db, principal, id);
        if (!repair.unapproved)
          throw new ApiError(
            "domain_rule",
            `Repair request ${id} is not a major repair done without approval`,
          );
        if (repair.finding_id !== null)
          throw new ApiError("conflict", `Repair request ${id} was raised as finding ${repair.finding_id}`, [
            { path: "findingId", message: String(repair.finding_id) },
          ]);
        if (body.version !== repair.version) throw staleVersion("repair request", id, repair.version);
        const today = todayInChina();
        if (body.deadline !== undefined && body.deadline < today)
          throw new ApiError("invalid_request", `deadline ${body.deadline} is before today`, [
            { path: "deadline", message: "before today" },
          ]);
        const description = `未经批准实施大中修：${repair.building_name}「${repair.title}」，${repair.completed_on ?? ""} 完工，实际费用 ${repair.actual_cost ?? "—"} 万元（维修申请 ${id}）`;
        const findingId = await db.transaction().execute(async (trx) => {
          const finding = await trx
            .insertInto("findings")
            .values({
              region_code: repair.region_code,
              source: "rule_check",
              unit_id: repair.unit_id,
              building_id: repair.building_id,
              rule: UNAPPROVED_REPAIR_RULE,
              severity: body.severity ?? "high",
              description,
              deadline: body.deadline ?? null,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          const updated = await trx
            .updateTable("repair_requests")
            .set({ finding_id: finding.id, version: repair.version + 1, updated_at: new Date() })
            .where("id", "=", id)
            .where("version", "=", body.version)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) !== 1) throw staleVersion("repair request", id, "newer");
          await appendAudit(trx, {
            userId: principal.userId,
            regionCode: repair.region_code,
            action: "create",
            entity: "finding",
            entityId: finding.id,
            after: {
              source: "rule_check",
              rule: UNAPPROVED_REPAIR_RULE,
              unitId: repair.unit_id,
              buildingId: repair.building_id,
              repairRequestId: id,
              severity: body.severity ?? "high",
              description,
              deadline: body.deadline ?? null,
              status: "open",
            },
          });
          await appendAudit(trx, {
            userId: principal.userId,
            regionCode: repair.region_code,
            action: "update",
            entity: "repair_request",
            entityId: id,
            before: { findingId: null, version: repair.version },
            after: { step: "raise_finding", findingId: finding.id, version: repair.version + 1 },
          });
          return finding.id;
        });
        return c.json({ findingId, repair: await loadRepair(db, principal, id) }, 201);
      },
    );
}

function invalidFile(message: string): ApiError {
  return new ApiError("invalid_request", message, [{ path: "file", message }]);
}
