import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bureauLevelRanks } from "../../server/domain/inspections/inspection-plans.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}
interface Inspection {
  id: number;
  plan_id: number | null;
  kind: string;
  status: string;
  version: number;
  unit_id: number | null;
  building_id: number | null;
  planned_on: string;
  done_on: string | null;
  inspector_id: number | null;
}
interface Plan {
  id: number;
  kind: string;
  round: number | null;
  status: string;
  version: number;
  title: string;
  inspections: Inspection[];
  counts: { inspections: number; done: number };
}
interface PlanList {
  routineRule: {
    required: number;
    planned: number;
    completed: number;
    meetsPlan: boolean;
    met: boolean;
  } | null;
  plans: Plan[];
}
interface ChecklistRoom {
  roomId: number;
  number: string;
  useCategory: string;
  usableArea: number;
  occupantUnitId: number | null;
  occupants: Array<{ personId: number; name: string; rankCode: string; limit: number | null }>;
  standardArea: number | null;
  result: { observedUsableArea: number | null; observedUseCategory: string | null } | null;
}
interface Checklist {
  inspection: Inspection;
  rooms: ChecklistRoom[];
  summary: { rooms: number; checked: number; usableArea: number; photos: number };
}
interface Proposal {
  key: string;
  rule: string;
  roomId: number;
  personId: number | null;
  severity: string;
  description: string;
  confirmed: boolean;
}
type Answer = Record<string, unknown> & ErrorBody;

const sendJson = (client: SignedInClient, method: string, path: string, body: unknown) =>
  client.json<Answer>(path, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** A tiny JPEG-looking payload: the SOI/APP0 marker and some bytes (the server checks the signature). */
const jpeg = (size: number) => {
  const bytes = new Uint8Array(size).fill(7);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
};

describe.each(testModes())("inspections 监督检查 (%s)", (mode) => {
  let app: TestApp;
  let inspector: SignedInClient;
  let planner: SignedInClient;
  let approver: SignedInClient;
  let unitUser: SignedInClient;
  let county: SignedInClient;
  let education: { unitId: number; buildingId: number };

  beforeAll(async () => {
    app = await openTestApp(mode);
    inspector = await app.signIn("demo-inspector");
    planner = await app.signIn("demo-planner");
    approver = await app.signIn("demo-approver");
    unitUser = await app.signIn("demo-unit");
    county = await app.signIn("demo-county");
    const { rows } = await sql<{ unit_id: number; building_id: number }>`
      select u.id as unit_id, r.building_id from users a join units u on u.id = a.unit_id
      join rooms r on r.occupant_unit_id = u.id where a.username = 'demo-unit'
      group by u.id, r.building_id order by count(*) desc, r.building_id limit 1`.execute(app.database.db);
    education = { unitId: rows[0]?.unit_id as number, buildingId: rows[0]?.building_id as number };
  }, 180_000);
  afterAll(async () => {
    await app?.database.close();
  });

  it("lists the province's 2026 plans with the rule of two routine rounds a year", async () => {
    const list = await inspector.json<PlanList>("/api/inspection-plans?region=230000&year=2026");
    expect(list.status).toBe(200);
    expect(list.body.plans.map((plan) => [plan.kind, plan.round])).toEqual([
      ["routine", 1],
      ["routine", 2],
      ["key_reinspection", null],
    ]);
    // Round 1: two inspections, both done; round 2: the four autumn ones done, the education one planned.
    expect(list.body.plans.map((plan) => [plan.counts.inspections, plan.counts.done])).toEqual([
      [2, 2],
      [5, 4],
      [1, 0],
    ]);
    expect(list.body.routineRule).toEqual({
      required: 2,
      planned: 2,
      completed: 1,
      meetsPlan: true,
      met: false,
    });
    const planned = list.body.plans[1]?.inspections.find((inspection) => inspection.status === "planned");
    expect(planned?.unit_id).toBe(education.unitId);
    // 富裕县's level has no plan for 2026: the rule is not met there.
    const fuyu = await county.json<PlanList>("/api/inspection-plans?year=2026");
    expect(fuyu.body.plans).toEqual([]);
    expect(fuyu.body.routineRule).toMatchObject({ planned: 0, meetsPlan: false });
    expect((await county.json("/api/inspection-plans?region=230000&year=2026")).status).toBe(404);
  });

  it("generates the checklist from the ledger, and a key re-inspection's from leaders' offices only", async () => {
    const list = await inspector.json<PlanList>("/api/inspection-plans?region=230000&year=2026");
    const routine = list.body.plans[1]?.inspections.find((inspection) => inspection.status === "planned");
    const checklist = await inspector.json<Checklist>(`/api/inspections/${routine?.id}/checklist`);
    expect(checklist.status).toBe(200);
    const ledger = await app.database.db
      .selectFrom("rooms")
      .select(["id", "usable_area"])
      .where("occupant_unit_id", "=", education.unitId)
      .where("building_id", "=", education.buildingId)
      .orderBy("id")
      .execute();
    expect(checklist.body.rooms.map((room) => room.roomId).sort((a, b) => a - b)).toEqual(
      ledger.map((room) => room.id),
    );
    const total = Math.round(ledger.reduce((sum, room) => sum + Number(room.usable_area), 0) * 100) / 100;
    expect(checklist.body.summary).toMatchObject({ rooms: ledger.length, checked: 0, usableArea: total });
    // Room 105: three 正处级 (18 m² each at a provincial department) share 55.88 m².
    const room105 = checklist.body.rooms.find((room) => room.number === "105");
    expect(room105).toMatchObject({ useCategory: "office", usableArea: 55.88, standardArea: 54 });
    expect(room105?.occupants.map((occupant) => [occupant.rankCode, occupant.limit])).toEqual([
      ["provincial_division_head", 18],
      ["provincial_division_head", 18],
      ["provincial_division_head", 18],
    ]);

    const key = list.body.plans[2]?.inspections[0];
    const keyList = await inspector.json<Checklist>(`/api/inspections/${key?.id}/checklist`);
    expect(keyList.body.inspection.kind).toBe("key_reinspection");
    const { rows: leaderOffices } = await sql<{ id: number }>`
      select distinct r.id from rooms r join room_occupants o on o.room_id = r.id join people p on p.id = o.person_id
      where r.occupant_unit_id = ${key?.unit_id as number} and r.building_id = ${key?.building_id as number}
        and r.use_category = 'office' and p.rank_code = any(${[...bureauLevelRanks]}::text[])
      order by r.id`.execute(app.database.db);
    expect(leaderOffices.length).toBeGreaterThanOrEqual(4);
    expect(keyList.body.rooms.map((room) => room.roomId).sort((a, b) => a - b)).toEqual(
      leaderOffices.map((row) => row.id),
    );
    for (const room of keyList.body.rooms) {
      expect(room.useCategory).toBe("office");
      expect(room.occupants.some((occupant) => bureauLevelRanks.has(occupant.rankCode))).toBe(true);
      expect(room.standardArea).toBe(
        room.occupants.reduce((sum, occupant) => sum + (occupant.limit ?? 0), 0),
      );
    }
    // 正厅级 30 m², 副厅级 24 m² at a provincial department.
    const limits = new Set(keyList.body.rooms.flatMap((room) => room.occupants.map((o) => o.limit)));
    expect([...limits].sort()).toEqual([24, 30]);
  });

  it("runs a spot check: plan → inspection → results and photo → finish → confirmed findings", async () => {
    const db = app.database.db;
    const created = await sendJson(inspector, "POST", "/api/inspection-plans", {
      region: "230000",
      year: 2026,
      kind: "spot_check",
      title: "2026年第四季度随机抽查",
      startsOn: "2026-10-01",
      endsOn: "2026-12-31",
    });
    expect(created.status).toBe(201);
    const planId = created.body.id as number;
    const added = await sendJson(inspector, "POST", `/api/inspection-plans/${planId}/inspections`, {
      unitId: education.unitId,
      buildingId: education.buildingId,
      plannedOn: "2026-11-02",
    });
    expect(added.status).toBe(201);
    const inspection = added.body as unknown as Inspection;
    expect(inspection).toMatchObject({ kind: "spot_check", status: "planned", version: 1 });
    const id = inspection.id;

    // Unannounced: the unit sees nothing of it before it is done.
    expect((await unitUser.json(`/api/inspections/${id}`)).status).toBe(404);
    expect((await unitUser.json(`/api/inspections/${id}/checklist`)).status).toBe(404);
    const unitList = await unitUser.json<{ inspections: Inspection[] }>("/api/inspections");
    expect(unitList.body.inspections.map((item) => item.id)).not.toContain(id);
    expect(unitList.body.inspections.every((item) => item.unit_id === education.unitId)).toBe(true);

    // Results only while in progress; start with the version seen.
    const checklist = (await inspector.json<Checklist>(`/api/inspections/${id}/checklist`)).body;
    const room105 = checklist.rooms.find((room) => room.number === "105") as ChecklistRoom;
    const others = checklist.rooms.filter((room) => room.occupants.length > 0 && room.number !== "105");
    const [larger, service] = others as [ChecklistRoom, ChecklistRoom];
    const result = (roomId: number, body: Record<string, unknown>) =>
      sendJson(inspector, "PUT", `/api/inspections/${id}/rooms/${roomId}/result`, body);
    expect((await result(room105.roomId, { observedUsableArea: 55.88 })).status).toBe(409);
    expect((await sendJson(unitUser, "POST", `/api/inspections/${id}/start`, { version: 1 })).status).toBe(
      404,
    );
    expect((await sendJson(approver, "POST", `/api/inspections/${id}/start`, { version: 1 })).status).toBe(
      403,
    );
    const started = await sendJson(inspector, "POST", `/api/inspections/${id}/start`, { version: 1 });
    expect(started.body).toMatchObject({ status: "in_progress", version: 2 });
    expect((await sendJson(inspector, "POST", `/api/inspections/${id}/start`, { version: 2 })).status).toBe(
      409,
    );

    const same = room105.occupants.map((occupant) => occupant.name).join("、");
    expect(
      (
        await result(room105.roomId, {
          observedUseCategory: "office",
          observedUsableArea: 55.88,
          observedOccupants: same,
        })
      ).status,
    ).toBe(200);
    const wider = Math.round((larger.usableArea + 5) * 100) / 100;
    expect((await result(larger.roomId, { observedUsableArea: wider, note: "隔墙已拆除" })).status).toBe(200);
    expect((await result(service.roomId, { observedUseCategory: "service" })).status).toBe(200);
    const unknownField = await result(larger.roomId, { observedArea: 3 });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toContain("observedArea");
    const negative = await result(larger.roomId, { observedUsableArea: -2 });
    expect(negative.body.error.details[0]?.path).toBe("observedUsableArea");
    expect((await result(999_999, { observedUsableArea: 10 })).status).toBe(404);

    // A photo of the widened room: stored, listed, fetched byte for byte; too large 413, not a picture 400.
    const photo = new FormData();
    photo.set("file", new File([jpeg(2048)], "105-现场.jpg", { type: "image/jpeg" }));
    photo.set("roomId", String(larger.roomId));
    photo.set("caption", "隔墙拆除后");
    const uploaded = await inspector.json<Answer>(`/api/inspections/${id}/photos`, {
      method: "POST",
      body: photo,
    });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      media_type: "image/jpeg",
      size_bytes: 2048,
      room_id: larger.roomId,
    });
    const fetched = await inspector.request(`/api/inspections/${id}/photos/${uploaded.body.id}`);
    expect(fetched.headers.get("content-type")).toBe("image/jpeg");
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(jpeg(2048));
    const big = new FormData();
    big.set("file", new File([jpeg(2 * 1024 * 1024 + 1)], "big.jpg", { type: "image/jpeg" }));
    const tooBig = await inspector.json<Answer>(`/api/inspections/${id}/photos`, {
      method: "POST",
      body: big,
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.message).toContain("2 MiB");
    const text = new FormData();
    text.set("file", new File(["not a picture"], "note.jpg", { type: "image/jpeg" }));
    const notPicture = await inspector.json<Answer>(`/api/inspections/${id}/photos`, {
      method: "POST",
      body: text,
    });
    expect(notPicture.status).toBe(400);
    const photos = await inspector.json<{ photos: Array<{ id: number }> }>(`/api/inspections/${id}/photos`);
    expect(photos.body.photos).toHaveLength(1);

    const finished = await sendJson(inspector, "POST", `/api/inspections/${id}/finish`, { version: 2 });
    expect(finished.status).toBe(200);
    const proposals = finished.body.proposals as Proposal[];
    expect(proposals.map((proposal) => proposal.rule).sort()).toEqual([
      "field_area_differs",
      "field_use_differs",
      "over_standard_office",
      "over_standard_office",
      "over_standard_office",
    ]);
    const over = proposals.filter((proposal) => proposal.rule === "over_standard_office");
    expect(over.map((proposal) => proposal.roomId)).toEqual([room105.roomId, room105.roomId, room105.roomId]);
    // 55.88 / 3 = 18.63 m² against 18 m²: 3.5 % over, a measurement margin (low).
    expect(over[0]?.severity).toBe("low");
    expect(over[0]?.description).toContain("人均18.63 m²，超出标准（18.00 m²）0.63 m²");
    expect(proposals.find((proposal) => proposal.rule === "field_area_differs")?.roomId).toBe(larger.roomId);

    // Done: the unit now sees it; the three-consistency check reads the new area.
    expect((await unitUser.json(`/api/inspections/${id}`)).status).toBe(200);
    const consistency = await inspector.json<{
      units: Array<{ mismatches: Array<{ kind: string; roomId?: number; field: string }> }>;
    }>(`/api/consistency?unitId=${education.unitId}`);
    expect(
      consistency.body.units
        .flatMap((entry) => entry.mismatches)
        .some(
          (mismatch) =>
            mismatch.kind === "ledger_vs_field" &&
            mismatch.roomId === larger.roomId &&
            mismatch.field === "usable_area",
        ),
    ).toBe(true);

    const confirm = (body: unknown) => sendJson(inspector, "POST", `/api/inspections/${id}/findings`, body);
    const areaKey = proposals.find((proposal) => proposal.rule === "field_area_differs")?.key as string;
    const useKey = proposals.find((proposal) => proposal.rule === "field_use_differs")?.key as string;
    expect((await confirm({ findings: [{ key: "nonsense:1" }] })).status).toBe(400);
    expect((await confirm({ findings: [{ key: areaKey, deadline: "2020-01-01" }] })).status).toBe(400);
    expect(
      (await sendJson(approver, "POST", `/api/inspections/${id}/findings`, { findings: [{ key: areaKey }] }))
        .status,
    ).toBe(403);
    const confirmed = await confirm({
      findings: [{ key: areaKey, severity: "high", description: "擅自拆除隔墙扩大办公室" }, { key: useKey }],
    });
    expect(confirmed.status).toBe(201);
    const findings = confirmed.body.findings as Array<{
      id: number;
      deadline: string;
      severity: string;
      source: string;
    }>;
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ severity: "high", source: "inspection", status: "open" });
    const expectedDeadline = new Date(Date.now() + 8 * 3600_000);
    expectedDeadline.setUTCDate(expectedDeadline.getUTCDate() + 30);
    expect(findings[1]?.deadline).toBe(expectedDeadline.toISOString().slice(0, 10));
    expect((await confirm({ findings: [{ key: areaKey }] })).status).toBe(409);
    const again = await inspector.json<{ proposals: Proposal[] }>(`/api/inspections/${id}/proposals`);
    expect(
      again.body.proposals
        .filter((proposal) => proposal.confirmed)
        .map((p) => p.key)
        .sort(),
    ).toEqual([areaKey, useKey].sort());

    // In the finding ledger, with the inspection, audited; the unit reads its own.
    const ledger = await unitUser.json<{
      findings: Array<{ id: number; inspection_id: number; source: string }>;
    }>(`/api/findings?unit=${education.unitId}&limit=500`);
    const fromInspection = ledger.body.findings.filter((finding) => finding.inspection_id === id);
    expect(fromInspection.map((finding) => finding.id).sort()).toEqual(
      findings.map((finding) => finding.id).sort(),
    );
    const audited = await db
      .selectFrom("audit_log")
      .select(["entity", "action"])
      .where("entity", "in", [
        "inspection_plan",
        "inspection",
        "field_check_results",
        "inspection_photo",
        "finding",
      ])
      .where(
        "user_id",
        "=",
        (
          await db
            .selectFrom("users")
            .select("id")
            .where("username", "=", "demo-inspector")
            .executeTakeFirstOrThrow()
        ).id,
      )
      .execute();
    const count = (entity: string) => audited.filter((entry) => entry.entity === entity).length;
    expect([count("inspection_plan"), count("inspection_photo")]).toEqual([1, 1]);
    expect(count("inspection")).toBeGreaterThanOrEqual(3);
    expect(count("field_check_results")).toBe(3);
    expect(count("finding")).toBeGreaterThanOrEqual(2);

    // The rest of the cycle through the ledger: the unit answers the first finding with its plan and
    // evidence, the inspector verifies it (closing is not theirs), the approver closes it; the second is
    // referred to discipline inspection.
    const [first, second] = findings as [(typeof findings)[number], (typeof findings)[number]];
    const move = (client: SignedInClient, findingId: number, body: Record<string, unknown>) =>
      sendJson(client, "POST", `/api/findings/${findingId}/transition`, body);
    const answered = await move(unitUser, first.id, {
      to: "rectifying",
      version: 1,
      rectificationPlan: "恢复隔墙，按台账面积使用",
      evidence: "隔墙已恢复，现场照片附后",
    });
    expect(answered.body).toMatchObject({ status: "rectifying", version: 2 });
    const verified = await move(inspector, first.id, { to: "verified", version: 2 });
    expect(verified.body).toMatchObject({ status: "verified", version: 3 });
    expect((await move(inspector, first.id, { to: "closed", version: 3 })).status).toBe(403);
    const closed = await move(approver, first.id, { to: "closed", version: 3 });
    expect(closed.body).toMatchObject({ status: "closed", version: 4 });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const referred = await move(inspector, second.id, {
      to: "referred",
      version: 1,
      referredOn: today,
      reason: "擅自改变用途，情节严重",
    });
    expect(referred.body).toMatchObject({ status: "referred", referred_on: today });
    const finalStatuses = await db
      .selectFrom("findings")
      .select(["id", "status"])
      .where("inspection_id", "=", id)
      .orderBy("id")
      .execute();
    expect(finalStatuses.map((row) => row.status)).toEqual(["closed", "referred"]);
    const steps = await inspector.json<{ history: Array<{ after: { step?: string } | null }> }>(
      `/api/findings/${first.id}`,
    );
    expect(steps.body.history.map((entry) => entry.after?.step).filter(Boolean)).toEqual([
      "answer",
      "verify",
      "close",
    ]);
  });

  it("documents its routes in the OpenAPI description", async () => {
    const spec = await app.json<{ paths: Record<string, unknown> }>("/api/openapi.json");
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        "/inspection-plans",
        "/inspection-plans/{id}",
        "/inspection-plans/{id}/inspections",
        "/inspections",
        "/inspections/{id}/checklist",
        "/inspections/{id}/rooms/{roomId}/result",
        "/inspections/{id}/photos",
        "/inspections/{id}/photos/{photoId}",
        "/inspections/{id}/proposals",
        "/inspections/{id}/findings",
      ]),
    );
  });

  it("validates plans and refuses writers without the role or the level", async () => {
    const plan = (client: SignedInClient, body: Record<string, unknown>) =>
      sendJson(client, "POST", "/api/inspection-plans", body);
    const base = {
      region: "230000",
      year: 2026,
      kind: "routine",
      title: "第三轮",
      startsOn: "2026-11-01",
      endsOn: "2026-12-31",
    };
    const noRound = await plan(planner, base);
    expect(noRound.status).toBe(400);
    expect(noRound.body.error.details[0]?.path).toBe("round");
    const unknown = await plan(planner, { ...base, round: 3, colour: "red" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain("colour");
    const wrongYear = await plan(planner, { ...base, round: 3, endsOn: "2027-01-31" });
    expect(wrongYear.body.error.details.map((detail) => detail.path)).toContain("endsOn");
    expect((await plan(unitUser, { ...base, round: 3 })).status).toBe(403);
    expect((await plan(approver, { ...base, round: 3 })).status).toBe(403);
    expect((await plan(county, { ...base, round: 3 })).status).toBe(403);
    const taken = await plan(planner, { ...base, round: 2 });
    expect(taken.status).toBe(409);
    const third = await plan(planner, { ...base, round: 3 });
    expect(third.status).toBe(201);
    const id = third.body.id as number;

    // Inspections: inside the plan's dates and level, a real inspector, no duplicates.
    const add = (client: SignedInClient, body: Record<string, unknown>) =>
      sendJson(client, "POST", `/api/inspection-plans/${id}/inspections`, body);
    const outside = await add(planner, { unitId: education.unitId, plannedOn: "2026-10-01" });
    expect(outside.body.error.details[0]?.path).toBe("plannedOn");
    const none = await add(planner, { plannedOn: "2026-11-10" });
    expect(none.body.error.details[0]?.path).toBe("unitId");
    const approverAsInspector = await add(planner, {
      unitId: education.unitId,
      plannedOn: "2026-11-10",
      inspectorId: (
        await app.database.db
          .selectFrom("users")
          .select("id")
          .where("username", "=", "demo-approver")
          .executeTakeFirstOrThrow()
      ).id,
    });
    expect(approverAsInspector.body.error.details[0]?.path).toBe("inspectorId");
    expect((await add(county, { unitId: education.unitId, plannedOn: "2026-11-10" })).status).toBe(404);
    const ok = await add(planner, { unitId: education.unitId, plannedOn: "2026-11-10" });
    expect(ok.status).toBe(201);
    expect((await add(planner, { unitId: education.unitId, plannedOn: "2026-11-11" })).status).toBe(409);

    // Versions: a stale change is refused; cancelling the plan cancels its planned inspections.
    expect(
      (await sendJson(planner, "PATCH", `/api/inspection-plans/${id}`, { version: 9, title: "x" })).status,
    ).toBe(409);
    const cancelled = await sendJson(planner, "PATCH", `/api/inspection-plans/${id}`, {
      version: 1,
      status: "cancelled",
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: "cancelled", version: 2 });
    expect((cancelled.body.inspections as Inspection[]).map((inspection) => inspection.status)).toEqual([
      "cancelled",
    ]);
    expect((await add(planner, { unitId: education.unitId, plannedOn: "2026-11-12" })).status).toBe(422);
    expect((await unitUser.json(`/api/inspection-plans/${id}`)).status).toBe(404);
  });
});
