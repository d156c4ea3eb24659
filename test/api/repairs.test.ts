import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/db/repositories/auth.repository.js";
import { hashPassword } from "../../server/domain/auth/password.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface Repair {
  id: number;
  kind: string;
  status: string;
  version: number;
  unit_id: number;
  unit_name: string;
  building_id: number;
  room_ids: number[];
  room_numbers: string[];
  estimated_cost: number;
  contract_price: number | null;
  actual_cost: number | null;
  unapproved: boolean;
  overdue: boolean;
  approved_by: string | null;
  accepted_by: string | null;
  refusal_count: number;
  finding_id: number | null;
  title: string;
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}
type Answer = Repair & ErrorBody;
interface Detail {
  repair: Repair;
  history: Array<{ action: string; username: string | null; after: { step: string; status?: string } }>;
  attachments: Array<{ id: number; file_name: string; media_type: string; size_bytes: number }>;
  steps: Array<{ step: string; blockedBy: string | null }>;
}
interface Places {
  buildings: Array<{ id: number; name: string; rooms: Array<{ id: number; number: string }> }>;
}

const post = (client: SignedInClient, path: string, body: unknown) =>
  client.json<Answer>(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

describe.each(testModes())("maintenance: repair requests and separation of duties (%s)", (mode) => {
  let app: TestApp;
  let unitUser: SignedInClient;
  let approver: SignedInClient;
  let approver2: SignedInClient;
  let works: SignedInClient;
  let inspector: SignedInClient;
  let county: SignedInClient;
  let both: SignedInClient;
  let places: Places["buildings"];

  beforeAll(async () => {
    app = await openTestApp(mode);
    await createUser(app.database.db, {
      username: "approver-and-works",
      displayName: "审批兼工程（测试）",
      passwordHash: await hashPassword("both-sides-1"),
      regionCode: "230000",
      unitId: null,
      roles: ["approver", "works"],
    });
    [unitUser, approver, approver2, works, inspector, county, both] = await Promise.all([
      app.signIn("demo-unit"),
      app.signIn("demo-approver"),
      app.signIn("demo-approver2"),
      app.signIn("demo-works"),
      app.signIn("demo-inspector"),
      app.signIn("demo-county"),
      app.signIn("approver-and-works", "both-sides-1"),
    ]);
    places = (await unitUser.json<Places>("/api/repair-requests/places")).body.buildings;
  }, 180_000);
  afterAll(async () => {
    await app?.database.close();
  });

  const file = async (kind: "routine" | "major", extra: Record<string, unknown> = {}) => {
    const building = places[0];
    if (!building) throw new Error("demo-unit has no building");
    const answer = await post(unitUser, "/api/repair-requests", {
      kind,
      buildingId: building.id,
      roomIds: building.rooms.slice(0, 2).map((room) => room.id),
      title: kind === "major" ? "办公楼外墙修缮" : "走廊灯具更换",
      description: "测试用维修申请",
      estimatedCost: kind === "major" ? 52.5 : 0.6,
      dueOn: "2099-06-30",
      ...extra,
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const step = (client: SignedInClient, id: number, body: Record<string, unknown>) =>
    post(client, `/api/repair-requests/${id}/steps`, body);
  const detail = async (client: SignedInClient, id: number) =>
    (await client.json<Detail>(`/api/repair-requests/${id}`)).body;

  it("gives the unit its buildings and rooms to file for", () => {
    expect(places.length).toBeGreaterThan(0);
    expect(places[0]?.rooms.length).toBeGreaterThan(1);
  });

  it("runs a routine repair: filed and recorded done by the unit, no approval", async () => {
    const repair = await file("routine");
    expect(repair).toMatchObject({ kind: "routine", status: "requested", version: 1, estimated_cost: 0.6 });
    expect(repair.room_numbers).toHaveLength(2);
    const approve = await step(approver, repair.id, { step: "approve", version: 1 });
    expect(approve.status).toBe(409);
    const byWorks = await step(works, repair.id, {
      step: "record_done",
      version: 1,
      completedOn: "2026-01-05",
      actualCost: 0.55,
    });
    expect(byWorks.status, JSON.stringify(byWorks.body)).toBe(403);
    expect(byWorks.body.error.details[0]?.message).toBe("department:unit");
    const done = await step(unitUser, repair.id, {
      step: "record_done",
      version: 1,
      completedOn: "2026-01-05",
      actualCost: 0.55,
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "done", version: 2, actual_cost: 0.55, unapproved: false });
    const history = (await detail(unitUser, repair.id)).history;
    expect(history.map((entry) => [entry.username, entry.after.step, entry.after.status])).toEqual([
      ["demo-unit", "file", "requested"],
      ["demo-unit", "record_done", "done"],
    ]);
  });

  it("runs a major repair: approval → tender → construction → refused acceptance → acceptance by another approver", async () => {
    const repair = await file("major");
    const id = repair.id;
    // Neither the unit nor the works department approves.
    const byUnit = await step(unitUser, id, { step: "approve", version: 1 });
    expect(byUnit.status).toBe(403);
    expect(byUnit.body.error.details[0]?.message).toBe("department:approval");
    const byWorks = await step(works, id, { step: "approve", version: 1 });
    expect(byWorks.status).toBe(403);
    expect(byWorks.body.error.message).toContain("审批部门");
    expect(
      (
        await step(works, id, {
          step: "tender",
          version: 1,
          contractor: "某建设公司",
          contractPrice: 50,
          tenderedOn: "2026-01-10",
        })
      ).status,
    ).toBe(409);

    const approved = await step(approver, id, { step: "approve", version: 1, note: "同意" });
    expect(approved.body).toMatchObject({ status: "approved", version: 2, approved_by: "demo-approver" });
    // The approval department does not tender; a stale version is refused.
    const tenderByApprover = await step(approver2, id, {
      step: "tender",
      version: 2,
      contractor: "某建设公司",
      contractPrice: 49.8,
      tenderedOn: "2026-01-10",
    });
    expect(tenderByApprover.status).toBe(403);
    expect(tenderByApprover.body.error.details[0]?.message).toBe("department:works");
    const stale = await step(works, id, {
      step: "tender",
      version: 1,
      contractor: "某建设公司",
      contractPrice: 49.8,
      tenderedOn: "2026-01-10",
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0]?.path).toBe("version");
    const tendered = await step(works, id, {
      step: "tender",
      version: 2,
      contractor: "哈尔滨某建设工程有限公司",
      contractPrice: 49.8,
      tenderedOn: "2026-01-10",
    });
    expect(tendered.body).toMatchObject({ status: "tendered", version: 3, contract_price: 49.8 });
    const early = await step(works, id, { step: "start", version: 3, startedOn: "2026-01-09" });
    expect(early.status).toBe(400);
    expect(early.body.error.details[0]?.path).toBe("startedOn");
    expect((await step(works, id, { step: "start", version: 3, startedOn: "2026-01-15" })).body.status).toBe(
      "in_construction",
    );
    expect(
      (await step(works, id, { step: "complete", version: 4, completedOn: "2026-03-01", actualCost: 50.2 }))
        .body.status,
    ).toBe("completed");

    // The approver of the project cannot accept it (nor refuse acceptance); the works department neither.
    const own = await step(approver, id, { step: "accept", version: 5 });
    expect(own.status).toBe(403);
    expect(own.body.error.details[0]?.message).toBe("separation:approver_accepts");
    expect(own.body.error.message).toContain("审批该项目的人员不得验收该项目");
    expect(own.body.error.message).toContain("cannot accept it");
    expect((await step(approver, id, { step: "refuse_acceptance", version: 5, reason: "x" })).status).toBe(
      403,
    );
    expect((await step(works, id, { step: "accept", version: 5 })).status).toBe(403);
    const approverView = await detail(approver, id);
    expect(approverView.steps).toEqual([
      { step: "accept", blockedBy: "approver_accepts" },
      { step: "refuse_acceptance", blockedBy: "approver_accepts" },
    ]);
    expect((await detail(approver2, id)).steps).toEqual([
      { step: "accept", blockedBy: null },
      { step: "refuse_acceptance", blockedBy: null },
    ]);

    const refused = await step(approver2, id, {
      step: "refuse_acceptance",
      version: 5,
      reason: "女儿墙泛水未按图施工",
    });
    expect(refused.body).toMatchObject({ status: "in_construction", refusal_count: 1, version: 6 });
    await step(works, id, { step: "complete", version: 6, completedOn: "2026-03-20", actualCost: 50.9 });
    const accepted = await step(approver2, id, { step: "accept", version: 7, note: "验收合格" });
    expect(accepted.body).toMatchObject({
      status: "accepted",
      version: 8,
      approved_by: "demo-approver",
      accepted_by: "demo-approver2",
      actual_cost: 50.9,
    });
    expect((await step(approver2, id, { step: "accept", version: 8 })).status).toBe(409);

    const history = (await detail(unitUser, id)).history;
    expect(history.map((entry) => [entry.username, entry.after.step, entry.after.status])).toEqual([
      ["demo-unit", "file", "requested"],
      ["demo-approver", "approve", "approved"],
      ["demo-works", "tender", "tendered"],
      ["demo-works", "start", "in_construction"],
      ["demo-works", "complete", "completed"],
      ["demo-approver2", "refuse_acceptance", "in_construction"],
      ["demo-works", "complete", "completed"],
      ["demo-approver2", "accept", "accepted"],
    ]);
    const audit = await app.database.db
      .selectFrom("audit_log")
      .select(["action", "region_code"])
      .where("entity", "=", "repair_request")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual([
      "create",
      "approve",
      "update",
      "update",
      "update",
      "update",
      "update",
      "update",
    ]);
  });

  it("never lets a user with both roles act on both sides of one project", async () => {
    // Approved by the double-role user: they may not tender, and not accept.
    const first = await file("major");
    await step(both, first.id, { step: "approve", version: 1 });
    const tender = await step(both, first.id, {
      step: "tender",
      version: 2,
      contractor: "甲公司",
      contractPrice: 40,
      tenderedOn: "2026-02-01",
    });
    expect(tender.status).toBe(403);
    expect(tender.body.error.details[0]?.message).toBe("separation:approval_then_works");
    await step(works, first.id, {
      step: "tender",
      version: 2,
      contractor: "甲公司",
      contractPrice: 40,
      tenderedOn: "2026-02-01",
    });
    expect((await step(both, first.id, { step: "start", version: 3, startedOn: "2026-02-02" })).status).toBe(
      403,
    );
    await step(works, first.id, { step: "start", version: 3, startedOn: "2026-02-02" });
    await step(works, first.id, { step: "complete", version: 4, completedOn: "2026-02-20" });
    const accept = await step(both, first.id, { step: "accept", version: 5 });
    expect(accept.status).toBe(403);
    expect(accept.body.error.details[0]?.message).toBe("separation:approver_accepts");

    // Built by the double-role user: they may not accept (nor refuse acceptance).
    const second = await file("major");
    await step(approver, second.id, { step: "approve", version: 1 });
    await step(both, second.id, {
      step: "tender",
      version: 2,
      contractor: "乙公司",
      contractPrice: 30,
      tenderedOn: "2026-02-01",
    });
    await step(both, second.id, { step: "start", version: 3, startedOn: "2026-02-03" });
    await step(works, second.id, { step: "complete", version: 4, completedOn: "2026-02-25" });
    const acceptBuilt = await step(both, second.id, { step: "accept", version: 5 });
    expect(acceptBuilt.status).toBe(403);
    expect(acceptBuilt.body.error.details[0]?.message).toBe("separation:works_then_approval");
    expect((await step(both, second.id, { step: "refuse_acceptance", version: 5, reason: "x" })).status).toBe(
      403,
    );
    expect((await detail(both, second.id)).steps).toEqual([
      { step: "accept", blockedBy: "works_then_approval" },
      { step: "refuse_acceptance", blockedBy: "works_then_approval" },
    ]);
    expect((await step(approver2, second.id, { step: "accept", version: 5 })).body.status).toBe("accepted");

    // Approval after having built: a rejected-then-refiled case is not needed; a works user never approves.
    const third = await file("major");
    expect((await step(works, third.id, { step: "reject", version: 1, reason: "x" })).status).toBe(403);
  });

  it("flags a major repair done without approval (违规) and raises it as a finding", async () => {
    const repair = await file("major", { title: "未批先修" });
    const done = await step(unitUser, repair.id, {
      step: "record_done",
      version: 1,
      completedOn: "2026-02-01",
      actualCost: 48,
    });
    expect(done.body).toMatchObject({ status: "done", unapproved: true, version: 2 });
    const listed = await approver.json<{ repairs: Repair[]; total: number }>(
      "/api/repair-requests?violation=true",
    );
    expect(listed.body.repairs.map((row) => row.id)).toContain(repair.id);
    expect(listed.body.repairs.every((row) => row.unapproved)).toBe(true);

    expect((await post(unitUser, `/api/repair-requests/${repair.id}/finding`, { version: 2 })).status).toBe(
      403,
    );
    const raised = await post(inspector, `/api/repair-requests/${repair.id}/finding`, {
      version: 2,
      deadline: "2099-03-31",
    });
    expect(raised.status).toBe(201);
    const findingId = (raised.body as unknown as { findingId: number }).findingId;
    const finding = await unitUser.json<{
      finding: { rule: string; severity: string; status: string; unit_id: number };
    }>(`/api/findings/${findingId}`);
    expect(finding.body.finding).toMatchObject({
      rule: "unapproved_major_repair",
      severity: "high",
      status: "open",
      unit_id: repair.unit_id,
    });
    const again = await post(inspector, `/api/repair-requests/${repair.id}/finding`, { version: 3 });
    expect(again.status).toBe(409);
    const routine = await file("routine");
    expect((await post(inspector, `/api/repair-requests/${routine.id}/finding`, { version: 1 })).status).toBe(
      422,
    );
  });

  it("keeps unit users to their unit's requests and other levels out (404)", async () => {
    const all = await approver.json<{ repairs: Repair[]; total: number }>("/api/repair-requests?limit=500");
    const other = all.body.repairs.find((row) => row.unit_name !== "黑龙江省教育厅");
    if (!other) throw new Error("no demo repair of another unit");
    const mine = await unitUser.json<{ repairs: Repair[]; total: number }>("/api/repair-requests?limit=500");
    expect(mine.body.total).toBeGreaterThan(0);
    expect(mine.body.repairs.every((row) => row.unit_name === "黑龙江省教育厅")).toBe(true);
    expect((await unitUser.json(`/api/repair-requests/${other.id}`)).status).toBe(404);
    expect(
      (
        await step(unitUser, other.id, {
          step: "record_done",
          version: other.version,
          completedOn: "2026-01-01",
          actualCost: 1,
        })
      ).status,
    ).toBe(404);
    expect((await county.json(`/api/repair-requests/${other.id}`)).status).toBe(404);
    expect((await county.json<{ total: number }>("/api/repair-requests")).body.total).toBe(0);
    expect((await step(county, other.id, { step: "approve", version: other.version })).status).toBe(404);
    // Filing for a building the unit does not use.
    const foreign = await post(unitUser, "/api/repair-requests", {
      kind: "routine",
      buildingId: other.building_id,
      title: "x",
      description: "x",
      estimatedCost: 1,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details[0]?.path).toBe("buildingId");
    // Only unit users file.
    const byApprover = await post(approver, "/api/repair-requests", {
      kind: "routine",
      buildingId: other.building_id,
      title: "x",
      description: "x",
      estimatedCost: 1,
    });
    expect(byApprover.status).toBe(403);
    expect((await app.anonymous.json("/api/repair-requests")).status).toBe(401);
  });

  it("validates bodies and queries, naming the field", async () => {
    const building = places[0] as Places["buildings"][number];
    const base = { kind: "major", buildingId: building.id, title: "t", description: "d", estimatedCost: 10 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, colour: "red" }, ""],
      [{ ...base, kind: "huge" }, "kind"],
      [{ ...base, estimatedCost: -1 }, "estimatedCost"],
      [{ ...base, estimatedCost: 1.234 }, "estimatedCost"],
      [{ ...base, title: "  " }, "title"],
      [{ ...base, dueOn: "2020-01-01" }, "dueOn"],
      [{ ...base, dueOn: "2099-02-30" }, "dueOn"],
      [{ ...base, roomIds: [999999] }, "roomIds"],
    ];
    for (const [body, path] of cases) {
      const answer = await post(unitUser, "/api/repair-requests", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.details[0]?.path ?? "").toBe(path);
    }
    expect(
      (await post(unitUser, "/api/repair-requests", { ...base, colour: "red" })).body.error.message,
    ).toContain("colour");
    const repair = await file("major");
    const badSteps: Array<[Record<string, unknown>, string]> = [
      [{ step: "demolish", version: 1 }, "step"],
      [{ step: "reject", version: 1 }, "reason"],
      [{ step: "approve", version: 1, extra: true }, ""],
      [{ step: "approve" }, "version"],
    ];
    for (const [body, path] of badSteps) {
      const answer = await step(approver, repair.id, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.details[0]?.path ?? "").toBe(path);
    }
    expect((await approver.json("/api/repair-requests?colour=red")).status).toBe(400);
    expect((await approver.json("/api/repair-requests?overdue=maybe")).status).toBe(400);
    expect((await approver.json("/api/repair-requests/abc")).status).toBe(400);
    expect((await approver.json("/api/repair-requests/999999")).status).toBe(404);
    const future = await step(approver, repair.id, { step: "approve", version: 1 });
    expect(future.status).toBe(200);
    const tomorrow = await step(works, repair.id, {
      step: "tender",
      version: 2,
      contractor: "x",
      contractPrice: 1,
      tenderedOn: "2099-01-01",
    });
    expect(tomorrow.status).toBe(400);
    expect(tomorrow.body.error.details[0]?.path).toBe("tenderedOn");
  });

  it("filters the list by status, kind, unit and overdue", async () => {
    const overdue = await approver.json<{ repairs: Repair[]; total: number }>(
      "/api/repair-requests?overdue=true",
    );
    expect(overdue.body.total).toBeGreaterThan(0);
    expect(overdue.body.repairs.every((row) => row.overdue)).toBe(true);
    const routine = await approver.json<{ repairs: Repair[] }>(
      "/api/repair-requests?kind=routine&status=done",
    );
    expect(routine.body.repairs.every((row) => row.kind === "routine" && row.status === "done")).toBe(true);
    expect(routine.body.repairs.length).toBeGreaterThan(0);
    const unitId = routine.body.repairs[0]?.unit_id as number;
    const byUnit = await approver.json<{ repairs: Repair[] }>(`/api/repair-requests?unit=${unitId}`);
    expect(byUnit.body.repairs.every((row) => row.unit_id === unitId)).toBe(true);
  });

  it("shows the demo roof repair approved by demo-approver waiting for another approver's acceptance", async () => {
    const list = await approver.json<{ repairs: Repair[] }>("/api/repair-requests?status=completed");
    const roof = list.body.repairs.find((row) => row.title === "办公楼屋面防水及保温层大修");
    if (!roof) throw new Error("demo roof repair missing");
    expect(roof).toMatchObject({
      approved_by: "demo-approver",
      unit_name: "黑龙江省教育厅",
      contract_price: 79.8,
    });
    const refused = await step(approver, roof.id, { step: "accept", version: roof.version });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details[0]?.message).toBe("separation:approver_accepts");
    const view = await detail(approver2, roof.id);
    expect(view.history.map((entry) => entry.after.step)).toEqual([
      "file",
      "approve",
      "tender",
      "start",
      "complete",
    ]);
    expect(view.steps.map((entry) => entry.step)).toEqual(["accept", "refuse_acceptance"]);
    const violation = await approver.json<{ repairs: Repair[] }>("/api/repair-requests?violation=true");
    expect(violation.body.repairs.map((row) => row.unit_name)).toContain("黑龙江省民政厅");
  });

  it("stores photo attachments, checking their size and type", async () => {
    const repair = await file("routine");
    const upload = (client: SignedInClient, bytes: Uint8Array<ArrayBuffer>, name: string, type: string) => {
      const form = new FormData();
      form.set("file", new File([bytes], name, { type }));
      return client.json<{ id: number; media_type: string; size_bytes: number } & ErrorBody>(
        `/api/repair-requests/${repair.id}/attachments`,
        { method: "POST", body: form },
      );
    };
    const photo = await upload(unitUser, PNG, "漏水.png", "image/png");
    expect(photo.status).toBe(201);
    expect(photo.body).toMatchObject({ media_type: "image/png", size_bytes: PNG.length });
    const text = await upload(unitUser, new TextEncoder().encode("not a photo"), "a.png", "image/png");
    expect(text.status).toBe(400);
    expect(text.body.error.details[0]?.path).toBe("file");
    const big = new Uint8Array(800 * 1024);
    big.set(PNG);
    expect((await upload(unitUser, big, "big.png", "image/png")).status).toBe(413);
    expect((await upload(inspector, PNG, "x.png", "image/png")).status).toBe(403);
    const download = await unitUser.request(`/api/repair-requests/${repair.id}/attachments/${photo.body.id}`);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);
    expect((await detail(unitUser, repair.id)).attachments).toMatchObject([{ file_name: "漏水.png" }]);
    const audit = await app.database.db
      .selectFrom("audit_log")
      .select("entity")
      .where("entity", "=", "repair_attachment")
      .where("entity_id", "=", String(photo.body.id))
      .execute();
    expect(audit).toHaveLength(1);
  });
});
