import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  type DisposalSubject,
  listDisposals,
  subjectFacts,
} from "../../db/repositories/disposal.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import {
  type DisposalMethod,
  disposalMethods,
  disposalOptions,
  LENDING_REFUSAL,
  lendingWords,
} from "../../domain/conversions/disposal-options.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";
import { createdResponses, jsonBody, okResponses, staleVersion } from "./edit-support.js";
import {
  cents,
  moneyField,
  recordId,
  requireInRegion,
  requireRole,
  requireStaff,
  stepBody,
} from "./outflow-access.js";
import { publicationRoutes } from "./publication.js";

const idText = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .transform(Number)
    .optional();

const optionsQuery = z
  .object({
    buildingId: idText("buildingId"),
    assetId: idText("assetId"),
    commercialPropertyId: idText("commercialPropertyId"),
    roomIds: z
      .string()
      .regex(/^\d{1,9}(,\d{1,9})*$/, "roomIds must be comma-separated whole numbers")
      .transform((text) => text.split(",").map(Number))
      .optional(),
  })
  .strict();

const subjectFields = {
  buildingId: recordId("buildingId").optional(),
  roomIds: z.array(recordId("roomIds")).min(1).max(2000).optional(),
  assetId: recordId("assetId").optional(),
  commercialPropertyId: recordId("commercialPropertyId").optional(),
};

const disposalCreate = z
  .object({
    ...subjectFields,
    // Any text, so that lending is refused with the rule rather than as an unknown value.
    method: z.string().trim().min(1, "method must not be empty").max(50),
    /** 万元, required for an auction. */
    reservePrice: moneyField("reservePrice").optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

const resultBody = stepBody
  .extend({
    outcome: z.enum(["sold", "unsold", "done"], "outcome must be sold, unsold (流拍) or done"),
    /** 万元 */
    price: moneyField("price").optional(),
    buyer: z.string().trim().min(1).max(200).optional(),
    on: z.iso.date("on must be a date (YYYY-MM-DD)"),
  })
  .strict();

/** Exactly one subject, or a 400 that says so. */
function subjectOf(input: {
  buildingId?: number | undefined;
  roomIds?: readonly number[] | undefined;
  assetId?: number | undefined;
  commercialPropertyId?: number | undefined;
}): DisposalSubject {
  const given = [input.buildingId, input.assetId, input.commercialPropertyId].filter(
    (id) => id !== undefined,
  );
  if (given.length !== 1)
    throw new ApiError("invalid_request", "Name exactly one of buildingId, assetId or commercialPropertyId", [
      { path: "buildingId", message: "exactly one subject" },
    ]);
  if (input.roomIds && input.buildingId === undefined)
    throw new ApiError("invalid_request", "roomIds need their buildingId", [
      { path: "roomIds", message: "needs buildingId" },
    ]);
  if (input.buildingId !== undefined)
    return { kind: "building", buildingId: input.buildingId, roomIds: input.roomIds };
  if (input.assetId !== undefined) return { kind: "asset", assetId: input.assetId };
  return { kind: "commercial", commercialPropertyId: input.commercialPropertyId as number };
}

/** Disposal of idle sites (2017 rules): the options with reasons, recording a choice, its result. */
export function disposalRoutes(deps: AppDependencies) {
  const { db } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  const facts = async (subject: DisposalSubject, principal: Parameters<typeof requireInRegion>[0]) => {
    const found = await subjectFacts(db, subject);
    const id =
      subject.kind === "building"
        ? subject.buildingId
        : subject.kind === "asset"
          ? subject.assetId
          : subject.commercialPropertyId;
    if (!found) throw new ApiError("not_found", `No ${subject.kind} ${id} (or rooms not of that building)`);
    requireInRegion(principal, found.regionCode, subject.kind, id);
    return found;
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/disposals/options",
      summary:
        "The disposal methods applicable to an idle site, each with its reasons (lending is never one)",
      request: { query: optionsQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const found = await facts(subjectOf(c.req.valid("query")), principal);
      return c.json(
        { subject: { ...found, site: undefined }, site: found.site, options: disposalOptions(found.site) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/disposals",
      summary: "Record the chosen disposal of an idle site (planners); lending is refused (400)",
      request: { body: jsonBody(disposalCreate) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const body = c.req.valid("json");
      const method = body.method.toLowerCase();
      if ((lendingWords as readonly string[]).includes(method))
        throw new ApiError("invalid_request", LENDING_REFUSAL.en, [
          { path: "method", message: LENDING_REFUSAL.zh },
        ]);
      if (!(disposalMethods as readonly string[]).includes(method))
        throw new ApiError("invalid_request", `method must be one of: ${disposalMethods.join(", ")}`, [
          { path: "method", message: method },
        ]);
      const chosen = method as DisposalMethod;
      if (chosen === "auction" && body.reservePrice === undefined)
        throw new ApiError("invalid_request", "An auction needs its reservePrice (万元)", [
          { path: "reservePrice", message: "required for an auction" },
        ]);
      const found = await facts(subjectOf(body), principal);
      requireRole(principal, "planner", found.regionCode, "record disposals");
      const option = disposalOptions(found.site).find((entry) => entry.method === chosen);
      if (!option?.applicable)
        throw new ApiError(
          "domain_rule",
          `${chosen} does not apply to ${found.name}: ${option?.reasons.map((reason) => reason.en).join("; ")}`,
          (option?.reasons ?? []).map((reason) => ({ path: "method", message: reason.zh })),
        );
      const area = cents(found.site.idleArea + found.site.occupiedArea);
      const created = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("disposals")
          .values({
            region_code: found.regionCode,
            building_id: found.buildingId,
            room_ids: [...found.roomIds],
            asset_id: found.assetId,
            commercial_property_id: found.commercialPropertyId,
            method: chosen,
            area: area > 0 ? area : 0.01,
            reserve_price: body.reservePrice ?? null,
            note: body.note ?? null,
            recorded_by: principal.userId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (chosen === "auction" && found.commercialPropertyId !== null)
          await sql`update commercial_properties set status = 'auction', version = version + 1
            where id = ${found.commercialPropertyId}`.execute(trx);
        const audit = await appendAudit(trx, {
          userId: principal.userId,
          regionCode: found.regionCode,
          action: "create",
          entity: "disposal",
          entityId: row.id,
          after: row,
        });
        return { row, audit };
      });
      return c.json({ ...created.row, reasons: option.reasons, audit: [created.audit] }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/disposals",
      summary: "Disposals in the reader's region, newest first",
      request: { query: z.object({ region: regionCodeParameter.optional() }).strict() },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const rows = await listDisposals(db, readScopeOf(principal), c.req.valid("query").region);
      return c.json({ items: rows }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/disposals/{id}/result",
      summary:
        "Record the result: an auction sold (price ≥ reserve, buyer) or unsold (流拍); other methods done",
      request: { params: idParameters, body: jsonBody(resultBody) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const id = c.req.valid("param").id;
      const body = c.req.valid("json");
      const row = await db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom("disposals")
          .selectAll()
          .where("id", "=", id)
          .forUpdate()
          .executeTakeFirst();
        if (!current) throw new ApiError("not_found", `No disposal ${id}`);
        requireInRegion(principal, current.region_code, "disposal", id);
        requireRole(principal, "planner", current.region_code, "record disposal results");
        if (current.version !== body.version) throw staleVersion("disposal", id, current.version);
        if (current.status === "done" || current.status === "rejected")
          throw new ApiError("conflict", `Disposal ${id} is already ${current.status}`);
        const auction = current.method === "auction";
        if (auction === (body.outcome === "done"))
          throw new ApiError(
            "invalid_request",
            auction
              ? "An auction ends sold or unsold"
              : `A ${current.method} ends done (sold/unsold are auctions')`,
            [{ path: "outcome", message: body.outcome }],
          );
        if (body.outcome === "sold") {
          if (body.price === undefined || body.buyer === undefined)
            throw new ApiError("invalid_request", "A sale needs its price (万元) and buyer", [
              { path: body.price === undefined ? "price" : "buyer", message: "required when sold" },
            ]);
          if (body.price < Number(current.reserve_price ?? 0))
            throw new ApiError(
              "domain_rule",
              `The price ${body.price} 万元 is below the reserve price ${current.reserve_price} 万元: the lot cannot be sold`,
              [{ path: "price", message: `≥ ${current.reserve_price}` }],
            );
        }
        const status = body.outcome === "unsold" ? "in_progress" : "done";
        const updated = await trx
          .updateTable("disposals")
          .set({
            status,
            result: body.outcome,
            sale_price: body.outcome === "sold" ? (body.price ?? null) : null,
            buyer: body.outcome === "sold" ? (body.buyer ?? null) : null,
            result_on: body.on,
            note: body.note ?? current.note,
            version: current.version + 1,
          })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (current.commercial_property_id !== null && auction)
          await sql`update commercial_properties set version = version + 1,
            status = ${body.outcome === "sold" ? "sold" : "registered"} where id = ${current.commercial_property_id}`.execute(
            trx,
          );
        const audit = await appendAudit(trx, {
          userId: principal.userId,
          regionCode: current.region_code,
          action: "update",
          entity: "disposal",
          entityId: id,
          before: { status: current.status, result: current.result, version: current.version },
          after: {
            status,
            result: body.outcome,
            salePrice: updated.sale_price,
            resultOn: body.on,
            version: updated.version,
          },
        });
        return { ...updated, audit: [audit] };
      });
      return c.json(row, 200);
    },
  );

  publicationRoutes(app, deps, {
    table: "disposals",
    path: "/disposals",
    entity: "disposal",
    noun: "disposal",
    statuses: ["proposed", "approved", "in_progress"],
  });
  return app;
}
