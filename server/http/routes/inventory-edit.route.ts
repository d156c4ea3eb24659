import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { buildingDeleteObstacles } from "../../db/repositories/inventory-edit.repository.js";
import {
  deleteRow,
  insertRow,
  type Journal,
  openJournal,
  type Row,
  updateRow,
} from "../../db/repositories/journal.repository.js";
import { refreshStandardStatusAfter } from "../../db/repositories/standard-status-refresh.repository.js";
import type { Database } from "../../db/schema.js";
import { floorLevels, floorName } from "../../domain/inventory/floor-naming.js";
import { requireReader } from "../auth/authenticate.js";
import type { AppDependencies, AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { idParameters } from "../schemas.js";
import { validationHook } from "../validation.js";
import {
  createdResponses,
  existing,
  expectVersion,
  footprintField,
  footprintPolygon,
  jsonBody,
  okResponses,
  placeFootprint,
  requireStructureEditor,
  versionField,
  versionQuery,
} from "./edit-support.js";

const condition = z.enum(["good", "fair", "poor", "dangerous"]);
const buildingCreate = z
  .object({
    name: z.string().trim().min(1, "name must not be empty").max(200),
    footprint: footprintField,
    floors_above: z.number().int().min(1).max(200),
    floors_below: z.number().int().min(0).max(10).optional(),
    gross_area: z.number().min(0).max(10_000_000).optional(),
    property_class: z.enum(["office", "technical", "commercial", "non_office_asset"]).optional(),
    address: z.string().max(300).nullable().optional(),
    built_year: z.number().int().min(1800).max(2100).nullable().optional(),
    structure: z
      .enum(["brick_concrete", "frame", "frame_shear_wall", "steel", "other"])
      .nullable()
      .optional(),
    site_id: z.number().int().positive().nullable().optional(),
    condition: condition.optional(),
    net_to_gross: z.number().gt(0).max(1).nullable().optional(),
    title_holder: z.string().max(200).nullable().optional(),
    title_certificate_no: z.string().trim().min(1).max(100).nullable().optional(),
    note: z.string().max(2000).nullable().optional(),
  })
  .strict();

const footprintChange = z.object({ version: versionField, footprint: footprintField }).strict();
const floorCreate = z
  .object({
    level: z
      .number()
      .int()
      .min(-10)
      .max(200)
      .refine((level) => level !== 0, "level 0 does not exist: 1 is the ground floor, −1 the first basement"),
    name: z.string().trim().min(1).max(50).optional(),
  })
  .strict();

const round2 = (value: number) => Math.round(value * 100) / 100;
const buildingScope = (row: Row) => ({ regionCode: String(row.region_code) });

/** Puts floors and rooms into the building's region after its footprint moved across a boundary. */
async function moveChildren(trx: Kysely<Database>, journal: Journal, buildingId: number, regionCode: string) {
  for (const [entity, table] of [
    ["floor", "floors"],
    ["room", "rooms"],
  ] as const) {
    const children = await trx.selectFrom(table).select("id").where("building_id", "=", buildingId).execute();
    for (const { id } of children) {
      const before = (await existing(trx, entity, id)) as Row;
      await journal.updated(
        entity,
        before,
        await updateRow(trx, entity, { id }, { region_code: regionCode }),
      );
    }
  }
}

/** Creating, reshaping and deleting buildings; adding and removing floors. Every write is journaled. */
export function inventoryEditRoutes({ db }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.openapi(
    createRoute({
      method: "post",
      path: "/buildings",
      summary: "Create a building from a drawn footprint (region and floors follow)",
      request: { body: jsonBody(buildingCreate) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const {
        footprint,
        floors_below = 0,
        gross_area,
        property_class = "office",
        ...fields
      } = c.req.valid("json");
      const polygon = footprintPolygon(footprint);
      const result = await db.transaction().execute(async (trx) => {
        const placed = await placeFootprint(trx, polygon);
        requireStructureEditor(principal, { regionCode: placed.regionCode }, "building");
        const journal = openJournal(trx, principal.userId);
        const building = await insertRow(trx, "building", {
          ...fields,
          region_code: placed.regionCode,
          footprint: polygon,
          floors_below,
          property_class,
          // Recorded gross area when surveyed; else the footprint on every storey above ground.
          gross_area: gross_area ?? round2(placed.area * fields.floors_above),
        });
        await journal.created("building", building);
        for (const level of floorLevels(fields.floors_above, floors_below)) {
          const floor = await insertRow(trx, "floor", {
            building_id: building.id,
            region_code: placed.regionCode,
            level,
            name: floorName(level),
          });
          await journal.created("floor", floor);
        }
        await refreshStandardStatusAfter(trx, journal.ids);
        return { building, audit: journal.ids };
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/buildings/{id}/footprint",
      summary: "Reshape a building's footprint (its region is recomputed)",
      request: { params: idParameters, body: jsonBody(footprintChange) },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version, footprint } = c.req.valid("json");
      const polygon = footprintPolygon(footprint);
      const result = await db.transaction().execute(async (trx) => {
        const before = await existing(trx, "building", id);
        requireStructureEditor(principal, buildingScope(before), "building", id);
        expectVersion(before, version, "building");
        const placed = await placeFootprint(trx, polygon);
        if (placed.regionCode !== before.region_code)
          requireStructureEditor(principal, { regionCode: placed.regionCode }, "building");
        const journal = openJournal(trx, principal.userId);
        const building = await updateRow(
          trx,
          "building",
          { id },
          {
            footprint: polygon,
            region_code: placed.regionCode,
          },
        );
        await journal.updated("building", before, building);
        if (placed.regionCode !== before.region_code) await moveChildren(trx, journal, id, placed.regionCode);
        await refreshStandardStatusAfter(trx, journal.ids);
        return { building, audit: journal.ids };
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/buildings/{id}",
      summary: "Delete a building with its (idle, unreferenced) floors and rooms",
      request: { params: idParameters, query: versionQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("query");
      const result = await db.transaction().execute(async (trx) => {
        const building = await existing(trx, "building", id);
        requireStructureEditor(principal, buildingScope(building), "building", id);
        expectVersion(building, version, "building");
        const obstacles = await buildingDeleteObstacles(trx, id);
        if (obstacles.length > 0)
          throw new ApiError(
            "domain_rule",
            `Building ${id} cannot be deleted: ${obstacles.join("; ")}`,
            obstacles.map((message) => ({ message })),
          );
        const journal = openJournal(trx, principal.userId);
        // Children first, so that undoing (newest first) puts the building back before its floors and rooms.
        for (const [entity, table] of [
          ["room", "rooms"],
          ["floor", "floors"],
        ] as const) {
          const children = await trx
            .selectFrom(table)
            .select("id")
            .where("building_id", "=", id)
            .orderBy("id")
            .execute();
          for (const child of children) {
            const row = await existing(trx, entity, child.id);
            await deleteRow(trx, entity, { id: child.id });
            await journal.deleted(entity, row);
          }
        }
        await deleteRow(trx, "building", { id });
        await journal.deleted("building", building);
        await refreshStandardStatusAfter(trx, journal.ids);
        return { deleted: { entity: "building", id }, audit: journal.ids };
      });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/buildings/{id}/floors",
      summary: "Add a floor to a building (its storey counts grow to include it)",
      request: { params: idParameters, body: jsonBody(floorCreate) },
      responses: createdResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { level, name } = c.req.valid("json");
      const result = await db.transaction().execute(async (trx) => {
        const building = await existing(trx, "building", id);
        requireStructureEditor(principal, buildingScope(building), "building", id);
        const taken = await trx
          .selectFrom("floors")
          .select(["id", "name"])
          .where("building_id", "=", id)
          .where("level", "=", level)
          .executeTakeFirst();
        if (taken)
          throw new ApiError(
            "conflict",
            `Building ${id} already has level ${level} (${taken.name}, floor ${taken.id})`,
          );
        const journal = openJournal(trx, principal.userId);
        const floor = await insertRow(trx, "floor", {
          building_id: id,
          region_code: building.region_code,
          level,
          name: name ?? floorName(level),
        });
        await journal.created("floor", floor);
        const storeys =
          level > Number(building.floors_above)
            ? { floors_above: level }
            : level < -Number(building.floors_below)
              ? { floors_below: -level }
              : undefined;
        if (storeys)
          await journal.updated("building", building, await updateRow(trx, "building", { id }, storeys));
        await refreshStandardStatusAfter(trx, journal.ids);
        return { floor, audit: journal.ids };
      });
      return c.json(result, 201);
    },
  );

  return app.openapi(
    createRoute({
      method: "delete",
      path: "/floors/{id}",
      summary: "Delete a floor without rooms",
      request: { params: idParameters, query: versionQuery },
      responses: okResponses,
    }),
    async (c) => {
      const principal = requireReader(c);
      const { id } = c.req.valid("param");
      const { version } = c.req.valid("query");
      const result = await db.transaction().execute(async (trx) => {
        const floor = await existing(trx, "floor", id);
        requireStructureEditor(principal, buildingScope(floor), "floor", id);
        expectVersion(floor, version, "floor");
        const rooms = await trx
          .selectFrom("rooms")
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .where("floor_id", "=", id)
          .executeTakeFirstOrThrow();
        if (Number(rooms.count) > 0)
          throw new ApiError(
            "domain_rule",
            `Floor ${id} (${String(floor.name)}) has ${Number(rooms.count)} room(s): delete or move them first`,
          );
        const journal = openJournal(trx, principal.userId);
        await deleteRow(trx, "floor", { id });
        await journal.deleted("floor", floor);
        await refreshStandardStatusAfter(trx, journal.ids);
        return { deleted: { entity: "floor", id }, audit: journal.ids };
      });
      return c.json(result, 200);
    },
  );
}
