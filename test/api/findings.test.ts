import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface Finding {
  id: number;
  status: string;
  version: number;
  unit_id: number;
  source: string;
  overdue: boolean;
  rectification_plan: string | null;
  evidence: string | null;
  referred_on: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}
type Answer = Finding & ErrorBody;

const send = (client: SignedInClient, path: string, body: unknown) =>
  client.json<Answer>(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe.each(testModes())("finding ledger 立账整改 (%s)", (mode) => {
  let app: TestApp;
  let inspector: SignedInClient;
  let approver: SignedInClient;
  let unitUser: SignedInClient;
  let county: SignedInClient;
  let unitId: number;

  beforeAll(async () => {
    app = await openTestApp(mode);
    inspector = await app.signIn("demo-inspector");
    approver = await app.signIn("demo-approver");
    unitUser = await app.signIn("demo-unit");
    county = await app.signIn("demo-county");
    const account = await app.database.db
      .selectFrom("users")
      .select("unit_id")
      .where("username", "=", "demo-unit")
      .executeTakeFirstOrThrow();
    unitId = account.unit_id as number;
  }, 180_000);
  afterAll(async () => {
    await app?.database.close();
  });

  const openFindings = async () =>
    (await app.json<{ totals: { openFindings: number } }>("/api/dashboard?region=230000")).body.totals
      .openFindings;

  it("runs the whole cycle: open → rectifying → verified → closed, every step audited", async () => {
    const openBefore = await openFindings();
    const created = await send(inspector, "/api/findings", {
      source: "rule_check",
      unitId,
      rule: "over_standard_office",
      severity: "high",
      description: "厅长办公室超标 6 m²",
      deadline: "2099-12-31",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "open", version: 1, unit_id: unitId, source: "rule_check" });
    expect(created.body.overdue).toBe(false);
    const id = created.body.id;
    const transition = (client: SignedInClient, body: Record<string, unknown>) =>
      send(client, `/api/findings/${id}/transition`, body);
    expect(await openFindings()).toBe(openBefore + 1);

    const listed = await unitUser.json<{ findings: Finding[]; total: number }>(
      `/api/findings?unit=${unitId}`,
    );
    expect(listed.body.findings.map((finding) => finding.id)).toContain(id);

    // The unit answers but cannot verify or close; a plan is required; a stale version is refused.
    expect((await transition(unitUser, { to: "verified", version: 1 })).status).toBe(403);
    const noPlan = await transition(unitUser, { to: "rectifying", version: 1 });
    expect(noPlan.status).toBe(400);
    expect(noPlan.body.error.details[0]?.path).toBe("rectificationPlan");
    const answered = await transition(unitUser, {
      to: "rectifying",
      version: 1,
      rectificationPlan: "调整至 18 m² 房间",
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      status: "rectifying",
      version: 2,
      rectification_plan: "调整至 18 m² 房间",
    });
    const stale = await transition(unitUser, { to: "rectifying", version: 1, evidence: "调整通知" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0]?.path).toBe("version");

    // Verification needs the unit's evidence.
    expect((await transition(inspector, { to: "verified", version: 2 })).body.error.details[0]?.path).toBe(
      "evidence",
    );
    const evidence = await transition(unitUser, {
      to: "rectifying",
      version: 2,
      evidence: "房间调整单及照片",
    });
    expect(evidence.body).toMatchObject({ status: "rectifying", version: 3, evidence: "房间调整单及照片" });
    expect((await transition(unitUser, { to: "closed", version: 3 })).status).toBe(403);
    expect((await transition(approver, { to: "closed", version: 3 })).status).toBe(409);

    const verified = await transition(inspector, { to: "verified", version: 3 });
    expect(verified.body).toMatchObject({ status: "verified", version: 4 });
    expect((await transition(unitUser, { to: "rectifying", version: 4, evidence: "x" })).status).toBe(409);
    const closed = await transition(approver, { to: "closed", version: 4 });
    expect(closed.body).toMatchObject({ status: "closed", version: 5 });
    const reopened = await transition(inspector, { to: "verified", version: 5 });
    expect(reopened.status).toBe(409);
    expect(reopened.body.error.code).toBe("conflict");
    expect(await openFindings()).toBe(openBefore);

    const detail = await unitUser.json<{
      finding: Finding;
      history: Array<{ action: string; username: string; after: { status: string } }>;
    }>(`/api/findings/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.history.map((entry) => [entry.action, entry.username, entry.after.status])).toEqual([
      ["create", "demo-inspector", "open"],
      ["update", "demo-unit", "rectifying"],
      ["update", "demo-unit", "rectifying"],
      ["update", "demo-inspector", "verified"],
      ["update", "demo-approver", "closed"],
    ]);
    expect(detail.body.history.map((entry) => (entry.after as { step?: string }).step)).toEqual([
      undefined,
      "answer",
      "answer",
      "verify",
      "close",
    ]);
  });

  it("refers an overdue inspection finding to discipline inspection, with its date", async () => {
    const unit = await app.database.db
      .selectFrom("units")
      .select(["id", "region_code"])
      .where("region_code", "like", "230227%")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const inspection = await app.database.db
      .insertInto("inspections")
      .values({
        region_code: unit.region_code,
        kind: "spot_check",
        unit_id: unit.id,
        planned_on: "2026-09-01",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const created = await send(county, "/api/findings", {
      source: "inspection",
      inspectionId: inspection.id,
      unitId: unit.id,
      rule: "idle_room_occupied",
      severity: "medium",
      description: "闲置用房被占用",
      deadline: "2026-10-31",
    });
    expect(created.status).toBe(201);
    expect(created.body.overdue).toBe(true);
    const id = created.body.id;
    const overdue = await county.json<{ findings: Finding[] }>("/api/findings?overdue=true&region=230227");
    expect(overdue.body.findings.map((finding) => finding.id)).toContain(id);
    expect(overdue.body.findings.every((finding) => finding.overdue)).toBe(true);
    const notOverdue = await county.json<{ findings: Finding[] }>("/api/findings?overdue=false");
    expect(notOverdue.body.findings.map((finding) => finding.id)).not.toContain(id);

    const noDate = await send(county, `/api/findings/${id}/transition`, {
      to: "referred",
      version: 1,
      reason: "逾期未整改",
    });
    expect(noDate.status).toBe(400);
    expect(noDate.body.error.details[0]?.path).toBe("referredOn");
    const noReason = await send(county, `/api/findings/${id}/transition`, {
      to: "referred",
      version: 1,
      referredOn: "2026-11-20",
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0]?.path).toBe("reason");
    const referred = await send(county, `/api/findings/${id}/transition`, {
      to: "referred",
      version: 1,
      referredOn: "2026-11-20",
      reason: "逾期未整改，移交纪检监察机关",
    });
    expect(referred.body).toMatchObject({ status: "referred", referred_on: "2026-11-20", version: 2 });
    expect((await send(app, `/api/findings/${id}/transition`, { to: "closed", version: 2 })).status).toBe(
      409,
    );
    const referredList = await app.json<{ findings: Finding[] }>("/api/findings?status=referred");
    expect(referredList.body.findings.map((finding) => finding.id)).toContain(id);
  });

  it("keeps findings within the reader's scope and refuses writers without the role", async () => {
    const theirs = await app.json<{ findings: Finding[] }>(`/api/findings?unit=${unitId}`);
    const id = theirs.body.findings[0]?.id;
    expect(id).toBeDefined();
    expect((await county.json(`/api/findings/${id}`)).status).toBe(404);
    expect(
      (await send(county, `/api/findings/${id}/transition`, { to: "referred", version: 9 })).status,
    ).toBe(404);
    const countyList = await county.json<{ findings: Finding[]; total: number }>("/api/findings");
    expect(countyList.body.findings.every((finding) => finding.unit_id !== unitId)).toBe(true);
    const body = {
      source: "rule_check",
      unitId,
      rule: "over_standard_office",
      severity: "low",
      description: "x",
    };
    expect((await send(unitUser, "/api/findings", body)).status).toBe(403);
    expect((await send(county, "/api/findings", body)).status).toBe(400);
    expect((await app.anonymous.request("/api/findings")).status).toBe(401);
  });

  it("answers 400 for bad input and leaves no finding behind", async () => {
    const count = async () =>
      Number(
        (
          await app.database.db
            .selectFrom("findings")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const base = {
      source: "rule_check",
      unitId,
      rule: "over_standard_office",
      severity: "low",
      description: "x",
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, source: "inspection" }, "inspectionId"],
      [{ ...base, rule: "no_such_rule" }, "rule"],
      [{ ...base, unitId: 99_999_999 }, "unitId"],
      [{ ...base, severity: "grave" }, "severity"],
      [{ ...base, deadline: "2026-02-30" }, "deadline"],
      [{ ...base, roomId: 99_999_999 }, "roomId"],
      [{ ...base, extra: 1 }, ""],
    ];
    for (const [body, path] of cases) {
      const { status, body: answer } = await send(inspector, "/api/findings", body);
      expect(status, JSON.stringify(body)).toBe(400);
      if (path) expect(answer.error.details.map((detail) => detail.path)).toContain(path);
    }
    expect((await app.json("/api/findings?status=lost")).status).toBe(400);
    expect((await app.json("/api/findings/abc")).status).toBe(400);
    expect((await app.json("/api/findings/99999999")).status).toBe(404);
    expect((await send(app, "/api/findings/1/transition", { to: "open", version: 1 })).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it("publishes the ledger and dashboard endpoints in the OpenAPI document", async () => {
    const spec = await app.json<{ paths: Record<string, unknown> }>("/api/openapi.json");
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        "/dashboard",
        "/dashboard/snapshots",
        "/dashboard/trend",
        "/findings",
        "/findings/{id}",
        "/findings/{id}/transition",
      ]),
    );
  });
});
