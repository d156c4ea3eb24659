import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { appendAudit } from "../../db/repositories/audit.repository.js";
import {
  type CommercialRow,
  commercialCandidates,
  commercialLeases,
  expiringLeases,
  findCommercial,
  type LeaseRow,
  listCommercial,
  separableStatuses,
  separate,
} from "../../db/repositories/commercial.repository.js";
import { findBuilding, sourceRooms } from "../../db/repositories/conversion.repository.js";
import { readScopeOf } from "../../domain/auth/access.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters, integerParameter, regionCodeParameter } from "../schemas.js";
import { validationHook } from "../validation.js";
import { createdResponses, jsonBody, okResponses } from "./edit-support.js";
import { areaField, cents, recordId, requireInRegion, requireRole, requireStaff } from "./outflow-access.js";

const separation = z
  .object({
    buildingId: recordId("buildingId"),
    /** Omitted: the whole building is separated (property class `commercial`). */
    roomIds: z.array(recordId("roomIds")).min(1, "roomIds must name at least one room").max(2000).optional(),
    origin: z.enum(["leased_out", "shop_front"], "origin must be leased_out or shop_front"),
    name: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

const leaseBody = z
  .object({
    tenant: z.string().trim().min(1, "tenant must not be empty").max(200),
    /** 元 per year, as leases_out records it. */
    annualRent: z.number().nonnegative("annualRent must not be negative").max(1e10),
    startsOn: z.iso.date("startsOn must be a date (YYYY-MM-DD)"),
    endsOn: z.iso.date("endsOn must be a date (YYYY-MM-DD)"),
    area: areaField("area").optional(),
    roomId: recordId("roomId").optional(),
  })
  .strict()
  .refine((body) => body.endsOn >= body.startsOn, {
    message: "endsOn must not be before startsOn",
    path: ["endsOn"],
  });

const regionQuery = z.object({ region: regionCodeParameter.optional() }).strict();

const leaseView = (row: LeaseRow) => ({
  id: row.id,
  commercialPropertyId: row.commercial_property_id,
  propertyName: row.property_name,
  regionCode: row.region_code,
  roomId: row.room_id,
  tenant: row.tenant,
  area: Number(row.area),
  /** 元 per year */
  annualRent: Number(row.annual_rent),
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  daysLeft: row.days_left,
});

const commercialView = (row: CommercialRow) => ({
  id: row.id,
  regionCode: row.region_code,
  buildingId: row.building_id,
  buildingName: row.building_name,
  scope: row.scope,
  roomIds: row.room_ids,
  origin: row.origin,
  name: row.name,
  area: Number(row.area),
  status: row.status,
  note: row.note,
  separatedBy: row.separated_by,
  separatedAt: row.separated_at,
  version: row.version,
});

/** The commercial register (经营用房剥离): candidates, separation, leases and their expiry. */
export function commercialRoutes(deps: AppDependencies) {
  const { db } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "get",
      path: "/commercial/candidates",
      summary:
        "Space to separate: leased-out rooms of office buildings, commercial buildings not yet registered",
      request: { query: regionQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const region = c.req.valid("query").region ?? principal.regionCode;
      const rows = await commercialCandidates(db, readScopeOf(principal), region);
      return c.json(
        {
          items: rows.map((row) => ({
            buildingId: row.building_id,
            buildingName: row.building_name,
            regionCode: row.region_code,
            propertyClass: row.property_class,
            leasedRoomIds: row.room_ids,
            leasedArea: Number(row.leased_area),
            groundFloorLeasedRooms: row.ground_floor_rooms,
            openLeases: row.leases,
            suggestion: row.property_class === "commercial" ? "building" : "rooms",
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/commercial-properties",
      summary: "Separate leased-out or shop-front space into the commercial register (planners)",
      request: { body: jsonBody(separation) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const body = c.req.valid("json");
      const building = await findBuilding(db, body.buildingId);
      if (!building) throw new ApiError("not_found", `No building ${body.buildingId}`);
      requireInRegion(principal, building.region_code, "building", building.id);
      requireRole(principal, "planner", building.region_code, "separate commercial property");
      const result = await db.transaction().execute(async (trx) => {
        const roomIds = body.roomIds ? [...new Set(body.roomIds)] : null;
        const rooms = await sourceRooms(trx, building.id, roomIds, true);
        const foreign = roomIds?.filter(
          (id) => !rooms.some((room) => room.id === id && room.building_id === building.id),
        );
        if (foreign && foreign.length > 0)
          throw new ApiError(
            "invalid_request",
            `Rooms ${foreign.join(", ")} are not rooms of building ${building.id}`,
            [{ path: "roomIds", message: foreign.join(", ") }],
          );
        if (rooms.length === 0) throw new ApiError("domain_rule", `Building ${building.id} has no rooms`);
        const already = rooms.filter((room) => room.status === "commercial");
        if (already.length > 0)
          throw new ApiError("conflict", `${already.length} room(s) are already on the commercial register`);
        const blocked = rooms.filter(
          (room) => !(separableStatuses as readonly string[]).includes(room.status),
        );
        if (blocked.length > 0)
          throw new ApiError(
            "domain_rule",
            `${blocked.length} room(s) are used by units or out of the office inventory: only leased-out or vacant space is separated`,
            blocked
              .slice(0, 20)
              .map((room) => ({ path: `rooms.${room.id}`, message: `${room.number}: ${room.status}` })),
          );
        const area = cents(rooms.reduce((sum, room) => sum + Number(room.usable_area), 0));
        const name =
          body.name ??
          (roomIds ? `${building.name}（${rooms.map((room) => room.number).join("、")}）` : building.name);
        return separate(
          trx,
          {
            regionCode: building.region_code,
            buildingId: building.id,
            roomIds: rooms.map((room) => room.id),
            wholeBuilding: roomIds === null,
            origin: body.origin,
            name: name.slice(0, 200),
            area,
            note: body.note ?? null,
          },
          principal.userId,
        );
      });
      const row = (await findCommercial(db, result.id)) as CommercialRow;
      return c.json({ ...commercialView(row), leaseIds: result.leaseIds, audit: result.audit }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/commercial-properties",
      summary: "The commercial register in the reader's region",
      request: { query: regionQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const rows = await listCommercial(db, readScopeOf(principal), c.req.valid("query").region);
      return c.json({ items: rows.map(commercialView) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/commercial-properties/{id}",
      summary: "One register entry with its leases and disposals (auctions)",
      request: { params: idParameters },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const id = c.req.valid("param").id;
      const row = await findCommercial(db, id);
      if (!row) throw new ApiError("not_found", `No commercial property ${id}`);
      requireInRegion(principal, row.region_code, "commercial property", id);
      const [leases, disposals] = await Promise.all([
        commercialLeases(db, id),
        db
          .selectFrom("disposals")
          .selectAll()
          .where("commercial_property_id", "=", id)
          .orderBy("id")
          .execute(),
      ]);
      return c.json({ ...commercialView(row), leases: leases.map(leaseView), disposals }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/commercial-properties/{id}/leases",
      summary: "Lease a register entry out (tenant, rent in 元 per year, term) (planners)",
      request: { params: idParameters, body: jsonBody(leaseBody) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const id = c.req.valid("param").id;
      const body = c.req.valid("json");
      const lease = await db.transaction().execute(async (trx) => {
        const row = await findCommercial(trx, id, true);
        if (!row) throw new ApiError("not_found", `No commercial property ${id}`);
        requireInRegion(principal, row.region_code, "commercial property", id);
        requireRole(principal, "planner", row.region_code, "lease commercial property");
        if (row.status === "sold") throw new ApiError("conflict", `Commercial property ${id} was sold`);
        if (body.roomId !== undefined && row.scope === "rooms" && !row.room_ids.includes(body.roomId))
          throw new ApiError(
            "invalid_request",
            `Room ${body.roomId} is not part of commercial property ${id}`,
            [{ path: "roomId", message: row.room_ids.join(", ") }],
          );
        const area = body.area ?? Number(row.area);
        if (area > Number(row.area) + 0.005)
          throw new ApiError(
            "domain_rule",
            `The lease covers ${area} m², more than the ${row.area} m² registered`,
          );
        const created = await trx
          .insertInto("leases_out")
          .values({
            building_id: row.building_id,
            room_id: body.roomId ?? null,
            region_code: row.region_code,
            tenant: body.tenant,
            area: cents(area),
            annual_rent: cents(body.annualRent),
            starts_on: body.startsOn,
            ends_on: body.endsOn,
            approved: true,
            commercial_property_id: id,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await sql`update commercial_properties set status = 'leased', version = version + 1 where id = ${id}
          and exists (select 1 from leases_out where commercial_property_id = ${id} and ends_on >= current_date)`.execute(
          trx,
        );
        const audit = await appendAudit(trx, {
          userId: principal.userId,
          regionCode: row.region_code,
          action: "create",
          entity: "lease_out",
          entityId: created.id,
          after: { ...body, commercialPropertyId: id },
        });
        return { id: created.id, audit };
      });
      const leases = await commercialLeases(db, id);
      const view = leases.find((row) => row.id === lease.id) as LeaseRow;
      return c.json({ ...leaseView(view), audit: [lease.audit] }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/commercial-leases/expiring",
      summary: "Leases of the commercial register ending within `days` (default 90) from today",
      request: { query: z.object({ days: integerParameter("days", 1, 3650, 90) }).strict() },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireStaff(requireReader(c));
      const days = c.req.valid("query").days;
      const rows = await expiringLeases(db, readScopeOf(principal), days);
      return c.json({ days, items: rows.map(leaseView) }, 200);
    },
  );
  return app;
}
