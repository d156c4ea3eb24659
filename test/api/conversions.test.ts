import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { type Client, openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import {
  auditActions,
  buildingId,
  type ErrorBody,
  FUYU_BUILDING,
  harbinStartupBuilding,
  json,
  MACHINERY_BUILDING,
} from "./outflow.support.js";

interface ConversionBody {
  id: number;
  status: string;
  version: number;
  area: number;
  regionCode: string;
  targetUse: string;
  uses: Array<{ kind: string; name: string; area: number }>;
  facilityIds: number[];
  approvedBy: number | null;
  source: { kind: string; buildingId: number | null; roomIds: number[] };
  audit?: string[];
}

describe.each(testModes())("conversions (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let county: SignedInClient;
  let approver: SignedInClient;
  let inspector: SignedInClient;
  let unitUser: SignedInClient;
  let fuyu = 0;
  let fuyuRooms: Array<{ id: number; usable_area: number }> = [];
  let fuyuConversion: ConversionBody;

  const propose = (client: Client, body: unknown) =>
    client.json<ConversionBody & ErrorBody>("/api/conversions", json(body));
  const step = (client: Client, id: number, action: string, body: Record<string, unknown>) =>
    client.json<ConversionBody & ErrorBody>(`/api/conversions/${id}/${action}`, json(body));
  const fuyuProposal = () => ({
    name: "富裕县群众之家和老年人俱乐部",
    source: { kind: "building", buildingId: fuyu },
    uses: [
      { kind: "people_home", name: "富裕县群众之家", area: 3500 },
      { kind: "elderly_club", name: "富裕县老年人俱乐部", area: 2000 },
    ],
    estimatedCost: 860,
    annualOperatingCost: 45,
    fundingSource: "县财政预算",
    publicSummary: "腾退办公用房改建为群众之家和老年人俱乐部",
    note: "内部备注：与县民政局协商运营",
  });

  beforeAll(async () => {
    app = await openTestApp(mode);
    [planner, county, approver, inspector, unitUser] = await Promise.all([
      app.signIn("demo-planner"),
      app.signIn("demo-county"),
      app.signIn("demo-approver"),
      app.signIn("demo-inspector"),
      app.signIn("demo-unit"),
    ]);
    fuyu = await buildingId(app, FUYU_BUILDING);
    fuyuRooms = (
      await sql<{ id: number; usable_area: number }>`select id, usable_area from rooms
        where building_id = ${fuyu} order by id`.execute(app.database.db)
    ).rows;
  });
  afterAll(() => app?.database.close());

  it("lets the county planner propose converting Fuyu's vacated building into a 群众之家 and 老年人俱乐部", async () => {
    const { status, body } = await propose(county, fuyuProposal());
    expect(status).toBe(201);
    const usable = fuyuRooms.reduce((sum, room) => sum + Number(room.usable_area), 0);
    expect(body.status).toBe("proposed");
    expect(body.regionCode).toBe("230227");
    expect(body.area).toBeCloseTo(usable, 2);
    expect(body.uses.map((use) => use.kind)).toEqual(["people_home", "elderly_club"]);
    expect(body.targetUse).toBe("people_home");
    expect(await auditActions(app, "conversion", body.id)).toEqual(["create"]);
    fuyuConversion = body;
    // Its gross area is the real case's 9,019 m².
    const building = await app.database.db
      .selectFrom("buildings")
      .select("gross_area")
      .where("id", "=", fuyu)
      .executeTakeFirstOrThrow();
    expect(building.gross_area).toBe(9019);
  });

  it("refuses bad proposals with precise 4xx", async () => {
    const noUses = await propose(county, { ...fuyuProposal(), uses: [] });
    expect(noUses.status).toBe(400);
    expect(noUses.body.error.details[0]?.path).toBe("uses");
    const badKind = await propose(county, {
      ...fuyuProposal(),
      uses: [{ kind: "casino", name: "x", area: 1 }],
    });
    expect(badKind.status).toBe(400);
    const tooLarge = await propose(county, {
      ...fuyuProposal(),
      uses: [{ kind: "people_home", name: "群众之家", area: 9000 }],
    });
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.error.code).toBe("domain_rule");
    // The machinery building is still used by 18 restructured units: it cannot be converted whole.
    const inUse = await propose(planner, {
      ...fuyuProposal(),
      source: { kind: "building", buildingId: await buildingId(app, MACHINERY_BUILDING) },
    });
    expect(inUse.status).toBe(422);
    expect(inUse.body.error.details.length).toBeGreaterThan(0);
    const missing = await propose(planner, {
      ...fuyuProposal(),
      source: { kind: "building", buildingId: 99999999 },
    });
    expect(missing.status).toBe(404);
  });

  it("refuses proposals by the wrong roles", async () => {
    expect((await propose(approver, fuyuProposal())).status).toBe(403);
    expect((await propose(inspector, fuyuProposal())).status).toBe(403);
    expect((await propose(unitUser, fuyuProposal())).status).toBe(403);
    expect((await propose(app.anonymous, fuyuProposal())).status).toBe(401);
  });

  it("lets only an approver approve, and only a proposal", async () => {
    const id = fuyuConversion.id;
    expect((await step(county, id, "approve", { version: 1 })).status).toBe(403);
    expect((await step(county, id, "complete", { version: 1 })).status).toBe(409);
    const stale = await step(approver, id, "approve", { version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0]).toEqual({ path: "version", message: "1" });
    const approved = await step(approver, id, "approve", { version: 1, note: "同意" });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe("approved");
    expect(approved.body.approvedBy).not.toBeNull();
    const again = await step(approver, id, "approve", { version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it("lets the planner start and complete it: the ledger changes and the audit trail shows it", async () => {
    const id = fuyuConversion.id;
    expect((await step(approver, id, "start", { version: 2 })).status).toBe(403);
    const started = await step(county, id, "start", { version: 2 });
    expect(started.body.status).toBe("converting");
    const done = await step(county, id, "complete", { version: 3, openedOn: "2026-11-27" });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe("done");
    expect(done.body.facilityIds).toHaveLength(2);

    // Rooms leave the office inventory, their rows kept.
    const rooms = await sql<{ status: string; n: number }>`select status, count(*)::int as n from rooms
      where building_id = ${fuyu} group by status`.execute(app.database.db);
    expect(rooms.rows).toEqual([{ status: "converted", n: fuyuRooms.length }]);
    const building = await app.database.db
      .selectFrom("buildings")
      .select("property_class")
      .where("id", "=", fuyu)
      .executeTakeFirstOrThrow();
    expect(building.property_class).toBe("community_use");
    // A community facility of each target kind at the site, so coverage analysis sees them.
    const facilities = await sql<{ kind: string; name: string; usable_area: number; inside: boolean }>`
      select f.kind, f.name, f.usable_area, st_intersects(st_buffer(b.footprint::geography, 1)::geometry, f.location) as inside
      from community_facilities f join buildings b on b.id = f.source_building_id
      where f.source_building_id = ${fuyu} order by f.id`.execute(app.database.db);
    expect(facilities.rows).toEqual([
      { kind: "people_home", name: "富裕县群众之家", usable_area: 3500, inside: true },
      { kind: "elderly_club", name: "富裕县老年人俱乐部", usable_area: 2000, inside: true },
    ]);
    expect(await auditActions(app, "conversion", id)).toEqual(["create", "approve", "update", "apply"]);
    expect(await auditActions(app, "building", fuyu)).toContain("update");
    const firstRoom = fuyuRooms[0]?.id as number;
    const history = await sql<{ before: { status: string }; after: { status: string } }>`select before, after
      from audit_log where entity = 'room' and entity_id = ${String(firstRoom)} order by id`.execute(
      app.database.db,
    );
    expect(history.rows.at(-1)?.before.status).toBe("idle");
    expect(history.rows.at(-1)?.after.status).toBe("converted");
    // A converted room is no longer office space: editing cannot bring it back into use.
    const version = (
      await sql<{ version: number }>`select version from rooms where id = ${firstRoom}`.execute(
        app.database.db,
      )
    ).rows[0]?.version;
    const patch = await county.json<ErrorBody>(
      `/api/rooms/${firstRoom}`,
      json({ version, status: "idle" }, "PATCH"),
    );
    expect(patch.status).toBe(422);
    expect(patch.body.error.message).toContain("converted");
    // Done is final.
    expect((await step(county, id, "cancel", { version: 4 })).status).toBe(409);
    const detail = await county.json<{ history: Array<{ action: string }> }>(`/api/conversions/${id}`);
    expect(detail.body.history.map((entry) => entry.action)).toEqual([
      "create",
      "approve",
      "update",
      "apply",
    ]);
  });

  it("lets a Harbin idle building be proposed as startup space and approved", async () => {
    const harbin = await harbinStartupBuilding(app);
    const { status, body } = await propose(planner, {
      name: "哈尔滨市高校毕业生创业孵化基地",
      source: { kind: "building", buildingId: harbin.id },
      uses: [{ kind: "startup_incubator", name: "高校毕业生创业孵化基地", area: 500 }],
      estimatedCost: 300,
    });
    expect(status).toBe(201);
    expect(body.targetUse).toBe("startup_incubator");
    expect(body.regionCode.startsWith("2301")).toBe(true);
    const approved = await step(approver, body.id, "approve", { version: body.version });
    expect(approved.body.status).toBe("approved");
    const list = await planner.json<{ items: ConversionBody[] }>("/api/conversions?status=approved");
    expect((await planner.json<ErrorBody>("/api/conversions?colour=red")).status).toBe(400);
    expect(list.body.items.map((item) => item.id)).toContain(body.id);
    // The Fuyu county planner does not see Harbin's conversions.
    expect((await county.json(`/api/conversions/${body.id}`)).status).toBe(404);
  });

  it("converts a non-office asset reported by finance: the asset is taken over, a facility opens there", async () => {
    const asset = await app.database.db
      .selectFrom("non_office_assets")
      .select(["id", "gross_area"])
      .where("name", "=", "原富裕县招待所")
      .executeTakeFirstOrThrow();
    const proposal = await propose(county, {
      name: "富裕镇便民服务中心",
      source: { kind: "asset", assetId: asset.id },
      uses: [{ kind: "convenience_service", name: "富裕镇便民服务中心", area: 300 }],
    });
    expect(proposal.status).toBe(201);
    expect(proposal.body.area).toBe(asset.gross_area);
    const approved = await step(approver, proposal.body.id, "approve", { version: 1 });
    await step(county, proposal.body.id, "start", { version: approved.body.version });
    const done = await step(county, proposal.body.id, "complete", { version: approved.body.version + 1 });
    expect(done.body.status).toBe("done");
    const after = await sql<{
      status: string;
      kind: string;
      source_building_id: number | null;
      inside: boolean;
    }>`
      select a.status, f.kind, f.source_building_id, st_intersects(a.geom, f.location) as inside
      from non_office_assets a, community_facilities f
      where a.id = ${asset.id} and f.id = ${done.body.facilityIds[0] ?? 0}`.execute(app.database.db);
    expect(after.rows).toEqual([
      { status: "taken_over", kind: "convenience_service", source_building_id: null, inside: true },
    ]);
    expect(
      (await propose(county, { ...fuyuProposal(), source: { kind: "asset", assetId: asset.id } })).status,
    ).toBe(422);
  });

  it("keeps attachments up to 512 KiB and refuses larger ones with 413", async () => {
    const id = fuyuConversion.id;
    const form = new FormData();
    form.append("file", new File([new TextEncoder().encode("批复文件")], "批复.txt", { type: "text/plain" }));
    const created = await county.json<{ id: number; sizeBytes: number }>(
      `/api/conversions/${id}/attachments`,
      {
        method: "POST",
        body: form,
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.sizeBytes).toBe(12);
    const download = await county.request(`/api/conversions/${id}/attachments/${created.body.id}`);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe("批复文件");
    const big = new FormData();
    big.append("file", new File([new Uint8Array(600 * 1024)], "plan.pdf", { type: "application/pdf" }));
    const refused = await county.json<ErrorBody>(`/api/conversions/${id}/attachments`, {
      method: "POST",
      body: big,
    });
    expect(refused.status).toBe(413);
    expect(refused.body.error.code).toBe("payload_too_large");
    const unitTry = await unitUser.json(`/api/conversions/${id}/attachments/${created.body.id}`);
    expect(unitTry.status).toBe(403);
  });

  it("lets a planner cancel a proposal of some idle rooms", async () => {
    const harbin = await harbinStartupBuilding(app);
    const rooms = (
      await sql<{
        id: number;
      }>`select id from rooms where building_id = ${harbin.id} order by id limit 2`.execute(app.database.db)
    ).rows.map((row) => row.id);
    const other = await buildingId(app, MACHINERY_BUILDING);
    const wrongRooms = await propose(planner, {
      name: "便民服务点",
      source: { kind: "rooms", buildingId: other, roomIds: rooms },
      uses: [{ kind: "convenience_service", name: "便民服务点", area: 10 }],
    });
    expect(wrongRooms.status).toBe(400);
    const proposal = await propose(planner, {
      name: "便民服务点",
      source: { kind: "rooms", buildingId: harbin.id, roomIds: rooms },
      uses: [{ kind: "convenience_service", name: "便民服务点", area: 10 }],
    });
    expect(proposal.status).toBe(201);
    expect(proposal.body.source.roomIds).toEqual(rooms);
    const cancelled = await step(planner, proposal.body.id, "cancel", { version: 1, note: "改为整栋转换" });
    expect(cancelled.body.status).toBe("cancelled");
    expect((await step(approver, proposal.body.id, "approve", { version: 2 })).status).toBe(409);
  });
  it("refuses to start a conversion whose space another conversion took meanwhile (409)", async () => {
    const harbin = await harbinStartupBuilding(app);
    const rooms = (
      await sql<{
        id: number;
      }>`select id from rooms where building_id = ${harbin.id} order by id limit 2`.execute(app.database.db)
    ).rows.map((row) => row.id);
    const whole = (
      await planner.json<{ items: ConversionBody[] }>("/api/conversions?status=approved")
    ).body.items.find(
      (item) => item.source.buildingId === harbin.id && item.source.kind === "building",
    ) as ConversionBody;
    const part = await propose(planner, {
      name: "创业咖啡",
      source: { kind: "rooms", buildingId: harbin.id, roomIds: rooms },
      uses: [{ kind: "startup_incubator", name: "创业咖啡", area: 10 }],
    });
    await step(approver, part.body.id, "approve", { version: 1 });
    await step(planner, part.body.id, "start", { version: 2 });
    expect((await step(planner, part.body.id, "complete", { version: 3 })).body.status).toBe("done");
    const blocked = await step(planner, whole.id, "start", { version: whole.version });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details.map((detail) => detail.path).sort()).toEqual(
      rooms.map((id) => `rooms.${id}`).sort(),
    );
  });
});
