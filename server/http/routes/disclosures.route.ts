import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import { disclosureContent, disclosureHistory } from "../../db/repositories/disclosure.repository.js";
import type { Principal } from "../../domain/auth/access.js";
import { contentHash, type DisclosureChoices } from "../../domain/disclosure/disclosure-content.js";
import type { ReportRegion } from "../../domain/reports/report-table.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { disclosurePageHtml } from "../public/disclosure-page.js";
import { errorResponses, idParameters, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";
import { todayInChina } from "./consistency.route.js";
import { createdResponses, jsonBody, okResponses, staleVersion, versionField } from "./edit-support.js";
import { reportedRegion, requireReportStaff } from "./report-support.js";

const choicesShape = {
  region: regionCodeParameter.optional(),
  title: z.string().trim().min(1, "title must not be empty").max(200, "title must be at most 200 characters"),
  rules: z.string().max(20_000, "rules must be at most 20,000 characters").nullable().optional(),
  includeTotals: z.boolean("includeTotals must be true or false"),
  includeConversions: z.boolean("includeConversions must be true or false"),
  includeOffers: z.boolean("includeOffers must be true or false"),
};
const previewBody = z.object(choicesShape).strict();
const publishBody = z
  .object({
    ...choicesShape,
    previewHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "previewHash must be the contentSha256 of the preview you confirmed"),
  })
  .strict();
const withdrawBody = z
  .object({
    version: versionField,
    reason: z.string().trim().max(2000, "reason must be at most 2,000 characters").optional(),
  })
  .strict();
const regionQuery = z.object({ region: regionCodeParameter.optional() }).strict();
const anyJson = { "application/json": { schema: z.any() } };

/** Publishing and withdrawing: the level's own planners and approvers (system administrators anywhere). */
function requirePublisher(principal: Principal, region: ReportRegion, what: string): void {
  if (principal.roles.includes("system_admin")) return;
  if (!principal.roles.includes("planner") && !principal.roles.includes("approver"))
    throw new ApiError("forbidden", `Only planners and approvers ${what}`);
  if (principal.regionCode !== region.code)
    throw new ApiError("forbidden", `Only ${region.name}'s own administration may ${what} for it`);
}

const choicesOf = (body: z.infer<typeof previewBody>): DisclosureChoices => ({
  title: body.title,
  rules: body.rules?.trim() ? body.rules.trim() : null,
  includeTotals: body.includeTotals,
  includeConversions: body.includeConversions,
  includeOffers: body.includeOffers,
});

const period = () => ({ asOf: todayInChina(), year: Number(todayInChina().slice(0, 4)) });

/**
 * `/disclosures`: what a level publishes on its public page (信息公开). The administration previews
 * exactly the page the public will see, then publishes it (explicit, audited, with the preview's hash
 * so that figures that moved since are refused) or withdraws it; the history stays.
 */
export function disclosureRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/disclosures/preview",
      summary:
        "Preview a level's public page for the chosen sections: the content, its hash and the page itself",
      request: { body: jsonBody(previewBody) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReportStaff(requireReader(c));
      const body = c.req.valid("json");
      const region = await reportedRegion(db, principal, body.region);
      const content = await disclosureContent(db, region, choicesOf(body), period());
      return c.json(
        { content, contentSha256: contentHash(content), html: disclosurePageHtml(content, null) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/disclosures",
      summary:
        "Publish a level's public page as previewed (its own planners or approvers); the previous one is superseded",
      request: { body: jsonBody(publishBody) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReportStaff(requireReader(c));
      const body = c.req.valid("json");
      const region = await reportedRegion(db, principal, body.region);
      requirePublisher(principal, region, "publish disclosures");
      const choices = choicesOf(body);
      const result = await db.transaction().execute(async (trx) => {
        // One publication of a region at a time: the region's row is the lock.
        await sql`select code from regions where code = ${region.code} for update`.execute(trx);
        const content = await disclosureContent(trx, region, choices, period());
        const hash = contentHash(content);
        if (hash !== body.previewHash)
          throw new ApiError(
            "conflict",
            "The public content changed since your preview (figures or listings moved): preview again and confirm",
            [{ path: "previewHash", message: `the content now hashes to ${hash}` }],
          );
        const previous = await trx
          .updateTable("disclosures")
          .set({ status: "superseded", version: sql`version + 1` })
          .where("region_code", "=", region.code)
          .where("status", "=", "published")
          .returning(["id", "version"])
          .executeTakeFirst();
        const inserted = await trx
          .insertInto("disclosures")
          .values({
            region_code: region.code,
            title: choices.title,
            rules: choices.rules,
            include_totals: choices.includeTotals,
            include_conversions: choices.includeConversions,
            include_offers: choices.includeOffers,
            content: JSON.stringify(content),
            content_sha256: hash,
            published_by: principal.userId,
          })
          .returning(["id", "published_at", "version"])
          .executeTakeFirstOrThrow();
        const audit = [
          await appendAudit(trx, {
            userId: principal.userId,
            regionCode: region.code,
            action: "publish",
            entity: "disclosure",
            entityId: inserted.id,
            before: previous ? { supersedes: previous.id } : null,
            after: {
              isPublished: true,
              title: choices.title,
              sections: {
                rules: choices.rules !== null,
                totals: choices.includeTotals,
                conversions: choices.includeConversions,
                offers: choices.includeOffers,
              },
              contentSha256: hash,
              version: inserted.version,
            },
          }),
        ];
        return {
          disclosure: {
            id: inserted.id,
            regionCode: region.code,
            status: "published",
            publishedAt: inserted.published_at,
            version: inserted.version,
            contentSha256: hash,
            publicUrl: `/public/regions/${region.code}`,
          },
          superseded: previous?.id ?? null,
          audit,
        };
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/disclosures/{id}/withdraw",
      summary:
        "Withdraw a published disclosure from the public page (its own planners or approvers), audited",
      request: { params: idParameters, body: jsonBody(withdrawBody) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReportStaff(requireReader(c));
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom("disclosures")
          .select(["region_code", "status", "version"])
          .where("id", "=", id)
          .forUpdate()
          .executeTakeFirst();
        if (!row) throw new ApiError("not_found", `No disclosure ${id}`);
        const region = await reportedRegion(trx, principal, row.region_code).catch(() => {
          throw new ApiError("not_found", `No disclosure ${id}`);
        });
        requirePublisher(principal, region, "withdraw disclosures");
        if (row.version !== body.version) throw staleVersion("disclosure", id, row.version);
        if (row.status !== "published")
          throw new ApiError(
            "conflict",
            `Disclosure ${id} is ${row.status}, not published: nothing to withdraw`,
          );
        const updated = await trx
          .updateTable("disclosures")
          .set({
            status: "withdrawn",
            withdrawn_by: principal.userId,
            withdrawn_at: new Date(),
            withdraw_reason: body.reason ?? null,
            version: sql`version + 1`,
          })
          .where("id", "=", id)
          .returning(["version", "withdrawn_at"])
          .executeTakeFirstOrThrow();
        const audit = await appendAudit(trx, {
          userId: principal.userId,
          regionCode: row.region_code,
          action: "publish",
          entity: "disclosure",
          entityId: id,
          before: { isPublished: true, version: row.version },
          after: { isPublished: false, version: updated.version, reason: body.reason ?? null },
        });
        return {
          id,
          status: "withdrawn",
          withdrawnAt: updated.withdrawn_at,
          version: updated.version,
          audit: [audit],
        };
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/disclosures",
      summary:
        "A level's disclosures, newest first, and which one is on the public page (administration staff)",
      request: { query: regionQuery },
      responses: { 200: { content: anyJson, description: "History" }, ...errorResponses },
    }),
    async (c) => {
      const principal = requireReportStaff(requireReader(c));
      const region = await reportedRegion(db, principal, c.req.valid("query").region);
      const items = await disclosureHistory(db, region.code);
      return c.json(
        {
          region,
          current: items.find((item) => item.status === "published")?.id ?? null,
          publicUrl: `/public/regions/${region.code}`,
          items,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/disclosures/{id}",
      summary: "One disclosure with the content exactly as it was published",
      request: { params: idParameters },
      responses: { 200: { content: anyJson, description: "Disclosure" }, ...errorResponses },
    }),
    async (c) => {
      const principal = requireReportStaff(requireReader(c));
      const { id } = c.req.valid("param");
      const row = await db
        .selectFrom("disclosures")
        .select(["region_code", "content"])
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) throw new ApiError("not_found", `No disclosure ${id}`);
      await reportedRegion(db, principal, row.region_code).catch(() => {
        throw new ApiError("not_found", `No disclosure ${id}`);
      });
      const record = (await disclosureHistory(db, row.region_code)).find((item) => item.id === id);
      return c.json({ ...record, content: row.content }, 200);
    },
  );
  return app;
}
