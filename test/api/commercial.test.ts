import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import {
  auditActions,
  buildingId,
  type ErrorBody,
  harbinStartupBuilding,
  json,
  MACHINERY_BUILDING,
} from "./outflow.support.js";

interface Commercial {
  id: number;
  status: string;
  scope: string;
  roomIds: number[];
  area: number;
  leaseIds: number[];
  version: number;
}
interface Lease {
  id: number;
  tenant: string;
  endsOn: string;
  daysLeft: number;
}
interface Option {
  method: string;
  applicable: boolean;
  reasons: Array<{ zh: string; en: string }>;
}

const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe.each(testModes())("commercial register and disposals (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let approver: SignedInClient;
  let unitUser: SignedInClient;
  let machinery = 0;
  let leasedRooms: number[] = [];
  let shopFront: Commercial;

  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(app.database.db)).rows;

  beforeAll(async () => {
    app = await openTestApp(mode);
    [planner, approver, unitUser] = await Promise.all([
      app.signIn("demo-planner"),
      app.signIn("demo-approver"),
      app.signIn("demo-unit"),
    ]);
    machinery = await buildingId(app, MACHINERY_BUILDING);
    leasedRooms = (
      await rows(
        sql<{
          id: number;
        }>`select id from rooms where building_id = ${machinery} and status = 'leased_out' order by id`,
      )
    ).map((row) => row.id);
  });
  afterAll(() => app?.database.close());

  it("flags the machinery building's leased-out rooms as candidates", async () => {
    expect(leasedRooms.length).toBe(8);
    const { status, body } = await planner.json<{
      items: Array<{
        buildingId: number;
        leasedRoomIds: number[];
        groundFloorLeasedRooms: number;
        suggestion: string;
      }>;
    }>("/api/commercial/candidates?region=230000");
    expect(status).toBe(200);
    const candidate = body.items.find((item) => item.buildingId === machinery);
    expect(candidate?.leasedRoomIds).toEqual(leasedRooms);
    expect(candidate?.groundFloorLeasedRooms).toBe(8);
    expect(candidate?.suggestion).toBe("rooms");
    expect(body.items.some((item) => item.suggestion === "building")).toBe(true);
    expect((await unitUser.json("/api/commercial/candidates")).status).toBe(403);
  });

  it("separates the leased-out shop-front into the commercial register, leases and history kept", async () => {
    const leases = await rows(sql<{ id: number; ends_on: string }>`select id, ends_on::text from leases_out
      where building_id = ${machinery} order by id`);
    const before = await rows(
      sql<{ n: number }>`select count(*)::int as n from rooms where building_id = ${machinery}`,
    );
    expect(
      (
        await approver.json(
          "/api/commercial-properties",
          json({ buildingId: machinery, roomIds: leasedRooms, origin: "shop_front" }),
        )
      ).status,
    ).toBe(403);
    const { status, body } = await planner.json<Commercial>(
      "/api/commercial-properties",
      json({ buildingId: machinery, roomIds: leasedRooms, origin: "shop_front", note: "沿街商铺剥离" }),
    );
    expect(status).toBe(201);
    expect(body.scope).toBe("rooms");
    expect(body.roomIds).toEqual(leasedRooms);
    expect(body.leaseIds).toEqual(leases.map((lease) => lease.id));
    const today = isoDay(0);
    expect(body.status).toBe(leases.some((lease) => lease.ends_on >= today) ? "leased" : "registered");
    shopFront = body;
    // The rooms leave the office inventory (rows kept): no leased-out office space is left in the building.
    const statuses = await rows(sql<{
      status: string;
      n: number;
    }>`select status, count(*)::int as n from rooms
      where id = any(${sql.val(leasedRooms)}::int[]) group by status`);
    expect(statuses).toEqual([{ status: "commercial", n: 8 }]);
    const after = await rows(sql<{ n: number; leased: number }>`select count(*)::int as n,
      count(*) filter (where status = 'leased_out')::int as leased from rooms where building_id = ${machinery}`);
    expect(after[0]).toEqual({ n: before[0]?.n, leased: 0 });
    const building = await rows(
      sql<{ property_class: string }>`select property_class from buildings where id = ${machinery}`,
    );
    expect(building[0]?.property_class).toBe("office");
    expect(await auditActions(app, "commercial_property", body.id)).toEqual(["create"]);
    expect(await auditActions(app, "room", leasedRooms[0] as number)).toContain("update");
    // Twice is a conflict; rooms a unit uses cannot be separated.
    const again = await planner.json<ErrorBody>(
      "/api/commercial-properties",
      json({ buildingId: machinery, roomIds: leasedRooms, origin: "shop_front" }),
    );
    expect(again.status).toBe(409);
    const inUse = await rows(
      sql<{
        id: number;
      }>`select id from rooms where building_id = ${machinery} and status = 'in_use' limit 1`,
    );
    const used = await planner.json<ErrorBody>(
      "/api/commercial-properties",
      json({ buildingId: machinery, roomIds: [inUse[0]?.id], origin: "leased_out" }),
    );
    expect(used.status).toBe(422);
  });

  it("tracks new leases and lists those expiring within N days", async () => {
    const soon = await planner.json<Lease>(
      `/api/commercial-properties/${shopFront.id}/leases`,
      json({
        tenant: "某便利店（演示）",
        annualRent: 120000,
        startsOn: isoDay(-345),
        endsOn: isoDay(20),
        area: 60,
      }),
    );
    expect(soon.status).toBe(201);
    expect(soon.body.daysLeft).toBe(20);
    const later = await planner.json<Lease>(
      `/api/commercial-properties/${shopFront.id}/leases`,
      json({
        tenant: "某药房（演示）",
        annualRent: 90000,
        startsOn: isoDay(0),
        endsOn: isoDay(200),
        area: 40,
      }),
    );
    expect(later.status).toBe(201);
    const backwards = await planner.json<ErrorBody>(
      `/api/commercial-properties/${shopFront.id}/leases`,
      json({ tenant: "x", annualRent: 1, startsOn: isoDay(10), endsOn: isoDay(0) }),
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0]?.path).toBe("endsOn");
    const expiring = await planner.json<{ items: Lease[] }>("/api/commercial-leases/expiring?days=30");
    const ids = expiring.body.items.map((lease) => lease.id);
    expect(ids).toContain(soon.body.id);
    expect(ids).not.toContain(later.body.id);
    expect(expiring.body.items.every((lease) => lease.daysLeft >= 0 && lease.daysLeft <= 30)).toBe(true);
    const wide = await planner.json<{ items: Lease[] }>("/api/commercial-leases/expiring?days=365");
    expect(wide.body.items.map((lease) => lease.id)).toContain(later.body.id);
    expect((await planner.json("/api/commercial-leases/expiring?days=0")).status).toBe(400);
    const detail = await planner.json<{ status: string; leases: Lease[] }>(
      `/api/commercial-properties/${shopFront.id}`,
    );
    expect(detail.body.status).toBe("leased");
  });

  it("auctions vacant commercial space: reserve price, a bid below it refused, the sale recorded", async () => {
    const street = await rows(sql<{
      building_id: number;
      ids: number[];
    }>`select r.building_id, array_agg(r.id order by r.id) as ids
      from rooms r join buildings b on b.id = r.building_id
      where b.name like '%机关沿街商业用房%' and r.status = 'idle' group by r.building_id order by r.building_id limit 1`);
    const lot = await planner.json<Commercial>(
      "/api/commercial-properties",
      json({ buildingId: street[0]?.building_id, roomIds: street[0]?.ids.slice(0, 3), origin: "shop_front" }),
    );
    expect(lot.status).toBe(201);
    expect(lot.body.status).toBe("registered");
    const options = await planner.json<{ options: Option[] }>(
      `/api/disposals/options?commercialPropertyId=${lot.body.id}`,
    );
    expect(options.body.options.find((option) => option.method === "auction")?.applicable).toBe(true);
    const noReserve = await planner.json<ErrorBody>(
      "/api/disposals",
      json({ commercialPropertyId: lot.body.id, method: "auction" }),
    );
    expect(noReserve.status).toBe(400);
    const auction = await planner.json<{
      id: number;
      version: number;
      reserve_price: number;
      method: string;
    }>("/api/disposals", json({ commercialPropertyId: lot.body.id, method: "auction", reservePrice: 320 }));
    expect(auction.status).toBe(201);
    expect(auction.body.reserve_price).toBe(320);
    const result = (body: unknown) =>
      planner.json<ErrorBody & { status: string; sale_price: number; result: string }>(
        `/api/disposals/${auction.body.id}/result`,
        json(body),
      );
    const low = await result({
      version: 1,
      outcome: "sold",
      price: 300,
      buyer: "某投资公司（演示）",
      on: isoDay(0),
    });
    expect(low.status).toBe(422);
    const unsold = await result({ version: 1, outcome: "unsold", on: isoDay(0) });
    expect(unsold.body.status).toBe("in_progress");
    const sold = await result({
      version: 2,
      outcome: "sold",
      price: 355.5,
      buyer: "某投资公司（演示）",
      on: isoDay(0),
    });
    expect(sold.status).toBe(200);
    expect(sold.body).toMatchObject({ status: "done", result: "sold", sale_price: 355.5 });
    const entry = await planner.json<{ status: string }>(`/api/commercial-properties/${lot.body.id}`);
    expect(entry.body.status).toBe("sold");
    expect(await auditActions(app, "disposal", auction.body.id)).toEqual(["create", "update", "update"]);
    expect(
      (await result({ version: 3, outcome: "sold", price: 400, buyer: "x", on: isoDay(0) })).status,
    ).toBe(409);
  });

  it("lists disposal options with reasons and refuses lending with a clear 400", async () => {
    const harbin = await harbinStartupBuilding(app);
    const { status, body } = await planner.json<{ options: Option[] }>(
      `/api/disposals/options?buildingId=${harbin.id}`,
    );
    expect(status).toBe(200);
    expect(body.options.map((option) => option.method)).toEqual([
      "reallocation",
      "change_of_use",
      "swap",
      "lease",
      "auction",
      "demolition",
    ]);
    const byMethod = new Map(body.options.map((option) => [option.method, option]));
    expect(byMethod.get("reallocation")?.applicable).toBe(true);
    expect(byMethod.get("change_of_use")?.applicable).toBe(true);
    expect(byMethod.get("lease")?.applicable).toBe(false);
    expect(byMethod.get("lease")?.reasons[0]?.zh).toContain("剥离为经营用房");
    const condition = await rows(
      sql<{ condition: string }>`select condition from buildings where id = ${harbin.id}`,
    );
    const poor = ["poor", "dangerous"].includes(condition[0]?.condition ?? "");
    expect(byMethod.get("demolition")?.applicable).toBe(poor);
    for (const method of ["lending", "出借"]) {
      const lending = await planner.json<ErrorBody>(
        "/api/disposals",
        json({ buildingId: harbin.id, method }),
      );
      expect(lending.status).toBe(400);
      expect(lending.body.error.details[0]).toMatchObject({ path: "method" });
      expect(lending.body.error.details[0]?.message).toContain("出借不是");
    }
    const lease = await planner.json<ErrorBody>(
      "/api/disposals",
      json({ buildingId: harbin.id, method: "lease" }),
    );
    expect(lease.status).toBe(422);
    const both = await planner.json<ErrorBody>("/api/disposals/options?buildingId=1&assetId=1");
    expect(both.status).toBe(400);
    // The machinery building is still used by units: it cannot be swapped or auctioned whole.
    const used = await planner.json<{ options: Option[] }>(`/api/disposals/options?buildingId=${machinery}`);
    expect(used.body.options.find((option) => option.method === "swap")?.applicable).toBe(false);
    const chosen = await planner.json<{ id: number; method: string; status: string }>(
      "/api/disposals",
      json({ buildingId: harbin.id, method: "reallocation", note: "纳入调剂房源" }),
    );
    expect(chosen.status).toBe(201);
    expect(chosen.body).toMatchObject({ method: "reallocation", status: "proposed" });
    expect(
      (await unitUser.json("/api/disposals", json({ buildingId: harbin.id, method: "swap" }))).status,
    ).toBe(403);
  });
});
