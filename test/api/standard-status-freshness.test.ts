import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unitEntitlementReport } from "../../server/db/repositories/unit-entitlement.repository.js";
import { unrestricted } from "../../server/db/scope.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { type Body, send } from "./inventory-edit.support.js";

interface StoredStatus {
  status: string;
  entitled_core: number;
  actual_core: number;
  authorized: number;
}

// The stored unit_standard_status follows every audited write of the ledger, inside its transaction.
describe.each(testModes())("stored standard status after edits (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;

  beforeAll(async () => {
    app = await openTestApp(mode);
    planner = await app.signIn("demo-planner");
    const recompute = await app.json("/api/standards/recompute", { method: "POST" });
    expect(recompute.status).toBe(200);
  });
  afterAll(() => app?.database.close());

  const stored = async (unitId: number): Promise<StoredStatus | undefined> => {
    const { rows } = await sql<Record<keyof StoredStatus, unknown>>`
      select status, entitled_core, actual_core, authorized from unit_standard_status
      where unit_id = ${unitId}`.execute(app.database.db);
    const row = rows[0];
    return row
      ? {
          status: String(row.status),
          entitled_core: Number(row.entitled_core),
          actual_core: Number(row.actual_core),
          authorized: Number(row.authorized),
        }
      : undefined;
  };
  /** What the per-unit engine says of the unit now, in the stored row's terms. */
  const engine = async (unitId: number): Promise<StoredStatus> => {
    const report = await unitEntitlementReport(app.database.db, unitId, unrestricted);
    if (!report) throw new Error(`no report for unit ${unitId}`);
    return {
      status: report.status,
      entitled_core: report.entitlement.coreUsableArea,
      actual_core: report.actual.core,
      authorized: report.headcount.authorized,
    };
  };

  /** A staffed unit within its standard, and an idle room (no people, not leased) to give it. */
  const fixture = async () => {
    const { rows } = await sql<{ unit_id: number; entitled_core: string; actual_core: string }>`
      select s.unit_id, s.entitled_core, s.actual_core from unit_standard_status s
      join units u on u.id = s.unit_id
      where s.status = 'within' and u.kind <> 'administration' order by s.unit_id limit 1`.execute(
      app.database.db,
    );
    const unit = rows[0];
    const { rows: rooms } = await sql<{ id: number; version: number }>`
      select r.id, r.version from rooms r where r.status = 'idle'
        and not exists (select 1 from room_occupants o where o.room_id = r.id)
        and not exists (select 1 from leases_out l where l.room_id = r.id)
      order by r.id limit 1`.execute(app.database.db);
    const room = rooms[0];
    if (!unit || !room) throw new Error("the demo has no unit within standard or no idle room");
    return { unitId: unit.unit_id, entitled: Number(unit.entitled_core), room };
  };

  it("a room given to a unit makes its stored row over standard, and undoing it restores the row", async () => {
    const { unitId, entitled, room } = await fixture();
    const before = await stored(unitId);
    expect(before?.status).toBe("within");
    expect(before).toEqual(await engine(unitId));

    // As much again as the unit is entitled to, as an office: surely over standard.
    const area = Math.round(entitled * 100) / 100;
    const patched = await send<Body>(planner, "PATCH", `/api/rooms/${room.id}`, {
      version: room.version,
      status: "in_use",
      occupant_unit_id: unitId,
      use_category: "office",
      usable_area: area,
    });
    expect(patched.status).toBe(200);
    const after = await stored(unitId);
    expect(after?.status).toBe("over");
    expect(after?.actual_core).toBeCloseTo((before?.actual_core ?? 0) + area, 2);
    expect(after).toEqual(await engine(unitId));

    const reverted = await send(planner, "POST", "/api/edits/revert", { audit: patched.body.audit });
    expect(reverted.status).toBe(200);
    expect(await stored(unitId)).toEqual(before);
  });

  it("a staffing change moves the stored entitlement; a refused write leaves the row as it was", async () => {
    const { unitId } = await fixture();
    const before = await stored(unitId);
    const unit = await app.database.db
      .selectFrom("units")
      .select(["version", "admin_level"])
      .where("id", "=", unitId)
      .executeTakeFirstOrThrow();

    // A stale version: 409 and nothing written, the stored row included.
    const stale = await send(planner, "PUT", `/api/units/${unitId}/staffing`, {
      version: unit.version + 5,
      staffing: [],
    });
    expect(stale.status).toBe(409);
    expect(await stored(unitId)).toEqual(before);

    // No staffing at all: the standard gives nothing, the stored row says so.
    const cleared = await send<Body>(planner, "PUT", `/api/units/${unitId}/staffing`, {
      version: unit.version,
      staffing: [],
    });
    expect(cleared.status).toBe(200);
    const after = await stored(unitId);
    expect(after?.status).toBe("no_staffing");
    expect(after?.authorized).toBe(0);
    expect(after?.entitled_core).toBe(0);

    const reverted = await send(planner, "POST", "/api/edits/revert", { audit: cleared.body.audit });
    expect(reverted.status).toBe(200);
    expect(await stored(unitId)).toEqual(before);
  });

  it("an edit of a unit with no stored row yet gives it one, equal to the engine's", async () => {
    const { unitId, room } = await fixture();
    await sql`delete from unit_standard_status where unit_id = ${unitId}`.execute(app.database.db);
    const patched = await send<Body>(planner, "PATCH", `/api/rooms/${room.id}`, {
      version: room.version,
      status: "in_use",
      occupant_unit_id: unitId,
      use_category: "service",
    });
    expect(patched.status).toBe(200);
    expect(await stored(unitId)).toEqual(await engine(unitId));
    expect((await send(planner, "POST", "/api/edits/revert", { audit: patched.body.audit })).status).toBe(
      200,
    );
    expect(await stored(unitId)).toEqual(await engine(unitId));
  });
});
