import { type Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { geometryFromGeoJSON } from "../../server/db/postgis.js";
import type { Database } from "../../server/db/schema.js";
import { onTestDatabase, testModes } from "../support/databases.js";

const square = {
  type: "Polygon",
  coordinates: [
    [
      [126.65, 45.75],
      [126.651, 45.75],
      [126.651, 45.751],
      [126.65, 45.751],
      [126.65, 45.75],
    ],
  ],
};
// A bow-tie: its edges cross, so it is not a valid polygon.
const bowTie = {
  type: "Polygon",
  coordinates: [
    [
      [126.65, 45.75],
      [126.651, 45.751],
      [126.651, 45.75],
      [126.65, 45.751],
      [126.65, 45.75],
    ],
  ],
};

function building(overrides: Record<string, unknown> = {}) {
  return {
    region_code: "230103",
    name: "约束测试楼",
    footprint: geometryFromGeoJSON(square),
    floors_above: 5,
    gross_area: 1000,
    property_class: "office" as const,
    ...overrides,
  };
}

class Rollback extends Error {}

/** Runs writes that must succeed, then undoes them so the shared server database stays as loaded. */
async function inRolledBackTransaction(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<void>) {
  await expect(
    db.transaction().execute(async (trx) => {
      await work(trx);
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
}

describe.each(testModes())("database constraints (%s)", (mode) => {
  let db: Kysely<Database>;
  onTestDatabase(mode, (database) => {
    db = database.db;
  });

  it("accepts a valid building", async () => {
    await inRolledBackTransaction(db, async (trx) => {
      const row = await trx
        .insertInto("buildings")
        .values(building())
        .returning("id")
        .executeTakeFirstOrThrow();
      expect(row.id).toBeGreaterThan(0);
    });
  });

  it("rejects a self-intersecting footprint", async () => {
    await expect(
      db
        .insertInto("buildings")
        .values(building({ footprint: geometryFromGeoJSON(bowTie) }))
        .execute(),
    ).rejects.toThrow(/buildings_footprint_check/);
  });

  it("rejects a footprint that is not a polygon or not in WGS84", async () => {
    await expect(
      db
        .insertInto("buildings")
        .values(building({ footprint: geometryFromGeoJSON({ type: "Point", coordinates: [126.65, 45.75] }) }))
        .execute(),
    ).rejects.toThrow(/Geometry type \(Point\) does not match column type \(Polygon\)/);
    await expect(
      db
        .insertInto("buildings")
        .values(building({ footprint: sql`st_transform(${geometryFromGeoJSON(square)}, 3857)` }))
        .execute(),
    ).rejects.toThrow(/SRID \(3857\) does not match column SRID \(4326\)/);
  });

  it("rejects a negative area", async () => {
    await expect(
      db
        .insertInto("buildings")
        .values(building({ gross_area: -1 }))
        .execute(),
    ).rejects.toThrow(/buildings_gross_area_check/);
    const room = await db.selectFrom("rooms").selectAll().executeTakeFirstOrThrow();
    await expect(
      db.updateTable("rooms").set({ usable_area: -5 }).where("id", "=", room.id).execute(),
    ).rejects.toThrow(/rooms_usable_area_check/);
  });

  it("rejects a room of a missing building", async () => {
    const floor = await db.selectFrom("floors").select(["id"]).executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto("rooms")
        .values({
          building_id: 99_999_999,
          floor_id: floor.id,
          region_code: "230103",
          number: "X01",
          use_category: "office",
          usable_area: 20,
          status: "idle",
        })
        .execute(),
    ).rejects.toThrow(/foreign key constraint/);
  });

  it("rejects a duplicate certificate number", async () => {
    const existing = await db.selectFrom("use_certificates").selectAll().executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto("use_certificates")
        .values({
          kind: "allocation_certificate",
          certificate_no: existing.certificate_no,
          unit_id: existing.unit_id,
          building_id: existing.building_id,
          region_code: existing.region_code,
          area: 10,
          issued_on: "2026-01-01",
        })
        .execute(),
    ).rejects.toThrow(/use_certificates_certificate_no_key/);
  });

  it("rejects unknown enumeration values and an in-use room without occupant", async () => {
    await expect(
      db
        .insertInto("buildings")
        .values(building({ property_class: "palace" as never }))
        .execute(),
    ).rejects.toThrow(/buildings_property_class_check/);
    const room = await db
      .selectFrom("rooms")
      .select("id")
      .where("status", "=", "in_use")
      .executeTakeFirstOrThrow();
    await expect(
      db.updateTable("rooms").set({ occupant_unit_id: null }).where("id", "=", room.id).execute(),
    ).rejects.toThrow(/rooms_check/);
  });

  it("keeps the audit log append-only", async () => {
    await inRolledBackTransaction(db, async (trx) => {
      await trx
        .insertInto("audit_log")
        .values({
          action: "create",
          entity: "building",
          entity_id: "1",
          before: null,
          after: JSON.stringify({ a: 1 }),
        })
        .execute();
      await expect(sql`savepoint before_update`.execute(trx)).resolves.toBeDefined();
      await expect(trx.updateTable("audit_log").set({ entity: "x" }).execute()).rejects.toThrow(
        /append-only/,
      );
      await sql`rollback to savepoint before_update`.execute(trx);
      await expect(trx.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    });
  });
});
