import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStandardParameters } from "../../server/db/repositories/standard-parameters.repository.js";
import type { AdminLevel, UnitKind } from "../../server/domain/demo/dataset.js";
import { unitEntitlement } from "../../server/domain/standards/unit-entitlement.js";
import { createApp } from "../../server/http/app.js";
import { testModes } from "../support/databases.js";
import { silentLogger } from "../support/logger.js";
import { type Client, openTestApp, type SignedInClient, signIn, type TestApp } from "../support/test-app.js";

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}
interface PlanRoom {
  id: number;
  version: number;
  usableArea: number;
}
interface Plan {
  id: number;
  rank: number;
  method: "reallocation" | "swap" | "lease" | "construction";
  allocatedArea: number;
  annualCost: number;
  status: string;
  details: {
    buildings?: Array<{ id: number; name: string; area: number; rooms: PlanRoom[] }>;
    partners?: Array<{ unitId: number; surplus: number }>;
    priority?: {
      grassroots: boolean;
      heldBy: Array<{ requestId: number }>;
      contested: Array<{ requestId: number; roomIds: number[] }>;
    };
    explanation: Array<{ zh: string; en: string }>;
  };
}
interface RequestBody {
  id: number;
  unitId: number;
  status: string;
  version: number;
  requestedArea: number;
  grassroots: boolean;
  check: { shortfall: number; allocatableArea: number; exceedsEntitlement: boolean };
  position: { entitled: { core: number }; actual: { core: number } };
  plans: Plan[];
}
interface PlansBody {
  request: { id: number; status: string; version: number };
  /** The draft scenario a chosen swap or lease plan became (decisions only). */
  scenarioId?: number | null;
  check: { allocatableArea: number };
  plans: Plan[];
}

const json = (body: unknown, method = "POST"): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const preference = ["reallocation", "swap", "lease", "construction"];
const roomIdsOf = (plans: readonly Plan[]) =>
  plans.flatMap((plan) => plan.details.buildings?.flatMap((b) => b.rooms.map((room) => room.id)) ?? []);

describe.each(testModes())("allocation requests (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let approver: SignedInClient;
  let inspector: SignedInClient;
  let unitUser: SignedInClient;
  /** The same database, with public institutions configured as grassroots units. */
  let grassrootsPlanner: SignedInClient;
  const unit = { education: 0, civilAffairs: 0, agriculturalMachinery: 0 };
  let civilRequest: PlansBody;
  let machineryRequestId = 0;

  const file = (client: Client, body: unknown) =>
    client.json<RequestBody & ErrorBody>("/api/allocation-requests", json(body));
  const prepare = (client: Client, id: number) =>
    client.json<PlansBody & ErrorBody>(`/api/allocation-requests/${id}/plans`, { method: "POST" });
  const decide = (client: Client, id: number, body: unknown) =>
    client.json<PlansBody & ErrorBody>(`/api/allocation-requests/${id}/decide`, json(body));
  const unitId = async (name: string) =>
    (
      await app.database.db
        .selectFrom("units")
        .select("id")
        .where("name", "=", name)
        .executeTakeFirstOrThrow()
    ).id;
  const roomRows = async (ids: readonly number[]) =>
    (
      await sql<{ id: number; version: number; status: string; occupant_unit_id: number | null }>`
        select id, version, status, occupant_unit_id from rooms where id = any(${sql.val([...ids])}::int[])
        order by id`.execute(app.database.db)
    ).rows;
  const auditCount = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(app.database.db)).rows[0]?.n;

  beforeAll(async () => {
    app = await openTestApp(mode);
    [planner, approver, inspector, unitUser] = await Promise.all([
      app.signIn("demo-planner"),
      app.signIn("demo-approver"),
      app.signIn("demo-inspector"),
      app.signIn("demo-unit"),
    ]);
    const grassrootsApp = createApp({
      db: app.database.db,
      mode: app.database.mode,
      logger: silentLogger,
      allocationSettings: { grassrootsKinds: ["public_institution"] },
    });
    grassrootsPlanner = await signIn(async (path, init) => grassrootsApp.request(path, init), "demo-planner");
    unit.education = await unitId("黑龙江省教育厅");
    unit.civilAffairs = await unitId("黑龙江省民政厅");
    unit.agriculturalMachinery = await unitId("黑龙江省农业机械工程科学研究院");
  });
  afterAll(() => app?.database.close());

  describe("filing", () => {
    it("lets a unit user file for their own unit (201, audited)", async () => {
      const { status, body } = await file(unitUser, {
        unitId: unit.education,
        requestedArea: 300,
        reason: "新设处室，需增加办公用房",
        neededBy: "2027-03-01",
      });
      expect(status).toBe(201);
      expect(body).toMatchObject({
        unitId: unit.education,
        status: "submitted",
        requestedArea: 300,
        version: 1,
      });
      const audit = await sql<{ action: string }>`select action from audit_log
        where entity = 'allocation_request' and entity_id = ${String(body.id)}`.execute(app.database.db);
      expect(audit.rows.map((row) => row.action)).toEqual(["create"]);
    });

    it("refuses a unit user filing for another unit (404: out of scope looks missing)", async () => {
      const { status, body } = await file(unitUser, {
        unitId: unit.civilAffairs,
        requestedArea: 100,
        reason: "x",
      });
      expect(status).toBe(404);
      expect(body.error.code).toBe("not_found");
    });

    it.each([
      ["zero area", { requestedArea: 0 }],
      ["negative area", { requestedArea: -5 }],
      ["an absurd area", { requestedArea: 60_000 }],
      ["an empty reason", { reason: "   " }],
      ["a bad date", { neededBy: "next spring" }],
      ["an unknown field", { priority: "high" }],
      ["a missing unit", { unitId: undefined }],
    ])("answers 400 for %s", async (_case, change) => {
      const { status, body } = await file(planner, {
        unitId: unit.civilAffairs,
        requestedArea: 100,
        reason: "理由",
        ...change,
      });
      expect(status).toBe(400);
      expect(body.error.code).toBe("invalid_request");
    });

    it("lists requests by scope: the unit user sees only their unit's", async () => {
      await file(planner, { unitId: unit.civilAffairs, requestedArea: 300, reason: "业务扩展" });
      const own = await unitUser.json<{ total: number; items: Array<{ unitId: number }> }>(
        "/api/allocation-requests",
      );
      expect(own.status).toBe(200);
      expect(own.body.total).toBe(1);
      expect(own.body.items.every((item) => item.unitId === unit.education)).toBe(true);
      const all = await planner.json<{ total: number }>(
        "/api/allocation-requests?status=submitted&region=230000",
      );
      expect(all.body.total).toBe(2);
      expect((await planner.request("/api/allocation-requests?status=open")).status).toBe(400);
    });
  });

  describe("the unit's standard position", () => {
    it("computes the shortfall and caps the request at the entitlement (standards engine, independently)", async () => {
      const listed = await unitUser.json<{ items: Array<{ id: number }> }>("/api/allocation-requests");
      const id = listed.body.items[0]?.id as number;
      const { status, body } = await unitUser.json<RequestBody>(`/api/allocation-requests/${id}`);
      expect(status).toBe(200);

      const db = app.database.db;
      const row = await db
        .selectFrom("units")
        .select(["kind", "admin_level", "region_code", "is_dispatched"])
        .where("id", "=", unit.education)
        .executeTakeFirstOrThrow();
      const staffing = await db
        .selectFrom("staffing")
        .select(["rank_code", "authorized"])
        .where("unit_id", "=", unit.education)
        .execute();
      const entitled = unitEntitlement(
        {
          kind: row.kind as UnitKind,
          adminLevel: row.admin_level as AdminLevel,
          isDispatched: row.is_dispatched,
          regionCode: row.region_code,
        },
        staffing.map((line) => ({ rank: line.rank_code, authorized: line.authorized })),
        { highRise: false },
        await loadStandardParameters(db, row.region_code),
      ).coreUsableArea;
      const { rows } = await sql<{ area: number }>`select coalesce(sum(usable_area), 0) as area from rooms
        where occupant_unit_id = ${unit.education} and status = 'in_use'
          and use_category in ('office', 'service', 'equipment')`.execute(db);
      const shortfall = Math.round((entitled - Number(rows[0]?.area)) * 100) / 100;
      expect(shortfall).toBeGreaterThan(0);
      expect(shortfall).toBeLessThan(300);
      expect(body.position.entitled.core).toBeCloseTo(entitled, 2);
      expect(body.check.shortfall).toBeCloseTo(shortfall, 2);
      // 300 m² would take the unit above its entitlement: flagged and capped at the shortfall.
      expect(body.check.exceedsEntitlement).toBe(true);
      expect(body.check.allocatableArea).toBeCloseTo(shortfall, 2);
    });
  });

  describe("plans", () => {
    it("are only prepared by the administration's planners and approvers", async () => {
      const listed = await unitUser.json<{ items: Array<{ id: number }> }>("/api/allocation-requests");
      const id = listed.body.items[0]?.id as number;
      expect((await prepare(unitUser, id)).status).toBe(403);
      expect((await prepare(inspector, id)).status).toBe(403);
      expect((await prepare(planner, 999_999)).status).toBe(404);
    });

    it("come at least two, in the order of preference, with idle rooms of administration-titled office buildings", async () => {
      const listed = await planner.json<{ items: Array<{ id: number; unitId: number }> }>(
        `/api/allocation-requests?status=submitted`,
      );
      const id = listed.body.items.find((item) => item.unitId === unit.civilAffairs)?.id as number;
      const { status, body } = await prepare(planner, id);
      expect(status).toBe(201);
      civilRequest = body;
      expect(body.request.status).toBe("planning");
      expect(body.plans.length).toBeGreaterThanOrEqual(2);
      expect(body.plans.map((plan) => plan.rank)).toEqual(body.plans.map((_, index) => index + 1));
      const order = body.plans.map((plan) => preference.indexOf(plan.method));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(body.plans[0]?.method).toBe("reallocation");
      const allocatable = body.check.allocatableArea;
      for (const plan of body.plans) expect(plan.allocatedArea).toBeLessThanOrEqual(allocatable + 0.005);

      const first = body.plans[0] as Plan;
      const rooms = first.details.buildings?.flatMap((building) => building.rooms) ?? [];
      expect(rooms.length).toBeGreaterThan(0);
      expect(first.allocatedArea).toBeCloseTo(
        rooms.reduce((sum, room) => sum + room.usableArea, 0),
        2,
      );
      const { rows } = await sql<{
        status: string;
        occupant_unit_id: number | null;
        property_class: string;
        title_holder: string;
      }>`
        select r.status, r.occupant_unit_id, b.property_class, b.title_holder from rooms r
        join buildings b on b.id = r.building_id where r.id = any(${sql.val(rooms.map((room) => room.id))}::int[])`.execute(
        app.database.db,
      );
      expect(rows).toHaveLength(rooms.length);
      for (const row of rows)
        expect(row).toEqual({
          status: "idle",
          occupant_unit_id: null,
          property_class: "office",
          title_holder: "黑龙江省机关事务管理局",
        });

      const lease = body.plans.find((plan) => plan.method === "lease") as Plan;
      // 300 m² usable / K 0.65 = 461.54 m² gross × 1.2 元/m²/day × 365 days.
      expect(lease.allocatedArea).toBe(allocatable);
      expect(lease.annualCost).toBeCloseTo((Math.round((allocatable / 0.65) * 100) / 100) * 1.2 * 365, 1);
      expect(lease.details.explanation[0]?.zh).toContain("不掌握真实市场房源");
      expect(body.plans.at(-1)?.method).toBe("construction");
    });

    it("let a grassroots unit claim contested rooms first", async () => {
      const filed = await file(planner, {
        unitId: unit.agriculturalMachinery,
        requestedArea: 150,
        reason: "科研人员增加",
      });
      machineryRequestId = filed.body.id;
      const civilRooms = new Set(roomIdsOf(civilRequest.plans));

      // Not grassroots by default: the earlier request keeps its rooms.
      const ordinary = await prepare(planner, machineryRequestId);
      expect(ordinary.status).toBe(201);
      expect(ordinary.body.plans[0]?.details.priority?.grassroots).toBe(false);
      expect(ordinary.body.plans[0]?.details.priority?.heldBy.map((h) => h.requestId)).toContain(
        civilRequest.request.id,
      );
      expect(roomIdsOf(ordinary.body.plans).filter((id) => civilRooms.has(id))).toEqual([]);

      // Public institutions configured as grassroots: the same request now takes rooms of the earlier one.
      const grassroots = await prepare(grassrootsPlanner, machineryRequestId);
      expect(grassroots.status).toBe(201);
      const reallocations = grassroots.body.plans.filter((plan) => plan.method === "reallocation");
      expect(reallocations.every((plan) => plan.details.priority?.grassroots)).toBe(true);
      const taken = roomIdsOf(grassroots.body.plans).filter((id) => civilRooms.has(id));
      expect(taken.length).toBeGreaterThan(0);
      const contested = reallocations.flatMap((plan) => plan.details.priority?.contested ?? []);
      expect(contested.map((claim) => claim.requestId)).toContain(civilRequest.request.id);

      // The earlier, non-grassroots plan can no longer be decided as made: 409 naming the claimed rooms.
      const before = await auditCount();
      const stale = await decide(grassrootsPlanner, civilRequest.request.id, {
        planId: civilRequest.plans[0]?.id,
        version: civilRequest.request.version,
      });
      expect(stale.status).toBe(409);
      expect(
        stale.body.error.details.some((detail) => detail.message.includes(`request ${machineryRequestId}`)),
      ).toBe(true);
      expect(await auditCount()).toBe(before);

      // Prepared again, the earlier request's plans leave the grassroots unit's rooms alone.
      const again = await prepare(grassrootsPlanner, civilRequest.request.id);
      expect(again.status).toBe(201);
      const held = new Set(roomIdsOf(grassroots.body.plans));
      expect(roomIdsOf(again.body.plans).filter((id) => held.has(id))).toEqual([]);
      expect(again.body.plans[0]?.details.priority?.heldBy.map((h) => h.requestId)).toContain(
        machineryRequestId,
      );
      civilRequest = again.body;
    });
  });

  describe("decision", () => {
    it("is refused to inspectors and unit users, and to bad or stale input", async () => {
      const id = civilRequest.request.id;
      const planId = civilRequest.plans[0]?.id;
      expect((await decide(inspector, id, { planId, version: civilRequest.request.version })).status).toBe(
        403,
      );
      expect((await decide(unitUser, id, { planId, version: civilRequest.request.version })).status).toBe(
        404,
      );
      expect((await decide(approver, id, { planId: "first", version: 1 })).status).toBe(400);
      expect((await decide(approver, id, { planId })).status).toBe(400);
      const stale = await decide(approver, id, { planId, version: 1 });
      expect(stale.status).toBe(409);
      const foreign = await decide(approver, id, { planId: 999_999, version: civilRequest.request.version });
      expect(foreign.status).toBe(422);
    });

    it("turns a re-allocation plan into room assignments, audited, in one transaction", async () => {
      const plan = civilRequest.plans[0] as Plan;
      expect(plan.method).toBe("reallocation");
      const rooms = plan.details.buildings?.flatMap((building) => building.rooms) ?? [];
      const { status, body } = await decide(grassrootsPlanner, civilRequest.request.id, {
        planId: plan.id,
        version: civilRequest.request.version,
      });
      expect(status).toBe(200);
      expect(body.request.status).toBe("decided");
      expect(body.plans.map((row) => row.status)).toEqual(
        body.plans.map((row) => (row.id === plan.id ? "chosen" : "rejected")),
      );
      const after = await roomRows(rooms.map((room) => room.id));
      for (const row of after) {
        const planned = rooms.find((room) => room.id === row.id) as PlanRoom;
        expect(row).toMatchObject({
          status: "in_use",
          occupant_unit_id: unit.civilAffairs,
          version: planned.version + 1,
        });
      }
      const audit = await sql<{ entity_id: string; action: string }>`select entity_id, action from audit_log
        where entity = 'room' and entity_id = any(${sql.val(rooms.map((room) => String(room.id)))}::text[])`.execute(
        app.database.db,
      );
      expect(audit.rows).toHaveLength(rooms.length);
      expect(audit.rows.every((row) => row.action === "update")).toBe(true);
      const again = await decide(approver, civilRequest.request.id, {
        planId: plan.id,
        version: civilRequest.request.version + 1,
      });
      expect(again.status).toBe(409);
    });

    it("answers 409 listing a room changed since the plan was made, and writes nothing", async () => {
      const detail = await planner.json<RequestBody>(`/api/allocation-requests/${machineryRequestId}`);
      const plan = detail.body.plans.find((row) => row.method === "reallocation") as Plan;
      const rooms = plan.details.buildings?.flatMap((building) => building.rooms) ?? [];
      const changed = rooms[0] as PlanRoom;
      const patched = await planner.json(
        `/api/rooms/${changed.id}`,
        json({ version: changed.version, function: "库房" }, "PATCH"),
      );
      expect(patched.status).toBe(200);
      const before = await auditCount();
      const roomsBefore = await roomRows(rooms.map((room) => room.id));
      const { status, body } = await decide(approver, machineryRequestId, {
        planId: plan.id,
        version: detail.body.version,
      });
      expect(status).toBe(409);
      expect(body.error.details.map((item) => item.path)).toEqual([`rooms.${changed.id}`]);
      expect(await auditCount()).toBe(before);
      expect(await roomRows(rooms.map((room) => room.id))).toEqual(roomsBefore);
      const unchanged = await planner.json<RequestBody>(`/api/allocation-requests/${machineryRequestId}`);
      expect(unchanged.body.status).toBe("planning");
      expect(unchanged.body.plans.every((row) => row.status === "proposed")).toBe(true);
    });

    it("turns a lease decision into a draft scenario without touching rooms", async () => {
      const detail = await planner.json<RequestBody>(`/api/allocation-requests/${machineryRequestId}`);
      const lease = detail.body.plans.find((row) => row.method === "lease") as Plan;
      const { status, body } = await decide(approver, machineryRequestId, {
        planId: lease.id,
        version: detail.body.version,
      });
      expect(status).toBe(200);
      expect(body.request.status).toBe("decided");
      expect(body.plans.find((row) => row.id === lease.id)?.status).toBe("chosen");
      const rooms = roomIdsOf(detail.body.plans);
      expect((await roomRows(rooms)).filter((row) => row.status !== "idle")).toEqual([]);
      // The lease is the scenarios' work (issue 8): a draft whose one action leases the plan's area and rent.
      const scenarioId = body.scenarioId;
      expect(scenarioId).toEqual(expect.any(Number));
      const scenario = await planner.json<{
        scenario: { status: string; actions: Array<Record<string, unknown>> };
      }>(`/api/scenarios/${scenarioId}`);
      expect(scenario.body.scenario.status).toBe("draft");
      expect(scenario.body.scenario.actions).toEqual([
        expect.objectContaining({
          kind: "lease_in",
          unitId: detail.body.unitId,
          annualRent: lease.annualCost,
        }),
      ]);
    });

    it("turns a swap decision into a draft scenario: partners vacate surplus rooms, the applicant is housed there", async () => {
      // The demo's other open requests: the first with a swap plan (nearby units over their entitlement).
      const open = await planner.json<{ items: Array<{ id: number; status: string }> }>(
        "/api/allocation-requests?status=submitted",
      );
      let chosen: { id: number; body: PlansBody; swap: Plan } | undefined;
      for (const item of open.body.items) {
        const prepared = await prepare(planner, item.id);
        const swap = prepared.body.plans?.find((plan) => plan.method === "swap");
        if (prepared.status === 201 && swap) {
          chosen = { id: item.id, body: prepared.body, swap };
          break;
        }
      }
      if (!chosen) throw new Error("the demo has no open request with a swap plan");
      const { status, body } = await decide(approver, chosen.id, {
        planId: chosen.swap.id,
        version: chosen.body.request.version,
      });
      expect(status).toBe(200);
      const scenario = await planner.json<{
        scenario: {
          status: string;
          actions: Array<{ kind: string; space?: { unitId: number; roomIds: number[] } }>;
        };
      }>(`/api/scenarios/${body.scenarioId}`);
      const actions = scenario.body.scenario.actions;
      expect(actions.at(-1)?.kind).toBe("allocate");
      const vacates = actions.slice(0, -1);
      expect(vacates.length).toBeGreaterThan(0);
      const partners = new Set(chosen.swap.details.partners?.map((partner) => partner.unitId));
      for (const action of vacates) {
        expect(action.kind).toBe("vacate");
        expect(partners.has(action.space?.unitId as number)).toBe(true);
        // Only rooms the partner holds now.
        const rows = await roomRows(action.space?.roomIds ?? []);
        expect(rows.every((row) => row.occupant_unit_id === action.space?.unitId)).toBe(true);
      }
    });
  });
});
