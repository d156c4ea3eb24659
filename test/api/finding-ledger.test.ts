import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFinding } from "../../server/db/repositories/finding.repository.js";
import { ageOf, deadlineStateOf } from "../../server/domain/findings/finding-deadline.js";
import type { FindingStatus } from "../../server/domain/findings/finding-status.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface Finding {
  id: number;
  status: FindingStatus;
  version: number;
  unit_id: number;
  unit_name: string;
  source: string;
  rule: string;
  description: string;
  deadline: string | null;
  raised_on: string;
  overdue: boolean;
  due_soon: boolean;
  age_days: number;
  attachments: number;
  evidence: string | null;
  returned_reason: string | null;
  subject_key: string | null;
}
interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}
type Answer = Finding & ErrorBody;
interface Page {
  findings: Finding[];
  total: number;
  counts: Record<FindingStatus, number>;
}
interface HistoryEntry {
  action: string;
  entity: string;
  username: string | null;
  after: { status?: string; step?: string; reason?: string; fileName?: string };
}

const post = (client: SignedInClient, path: string, body: unknown) =>
  client.json<Answer>(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

const upload = (client: SignedInClient, id: number, name: string, type: string, bytes: Uint8Array) => {
  const form = new FormData();
  form.set("file", new File([bytes as BlobPart], name, { type }));
  return client.json<Answer & { file_name: string; media_type: string; size_bytes: number }>(
    `/api/findings/${id}/attachments`,
    { method: "POST", body: form },
  );
};

describe.each(testModes())("finding ledger: answers, evidence, alerts, rule checks (%s)", (mode) => {
  let app: TestApp;
  let inspector: SignedInClient;
  let approver: SignedInClient;
  let unitUser: SignedInClient;
  let county: SignedInClient;
  let planner: SignedInClient;
  let education: number;

  beforeAll(async () => {
    app = await openTestApp(mode);
    inspector = await app.signIn("demo-inspector");
    approver = await app.signIn("demo-approver");
    unitUser = await app.signIn("demo-unit");
    county = await app.signIn("demo-county");
    planner = await app.signIn("demo-planner");
    education = (
      await app.database.db
        .selectFrom("units")
        .select("id")
        .where("name", "=", "黑龙江省教育厅")
        .executeTakeFirstOrThrow()
    ).id;
  }, 180_000);
  afterAll(async () => {
    await app?.database.close();
  });

  it("ships demo findings at every status, two open ones for the education department to answer", async () => {
    const all = await app.json<Page>("/api/findings?limit=500");
    expect(all.body.counts.open).toBeGreaterThanOrEqual(2);
    for (const status of ["rectifying", "verified", "closed", "referred"] as const)
      expect(all.body.counts[status], status).toBeGreaterThanOrEqual(1);
    const own = await unitUser.json<Page>("/api/findings?status=open");
    expect(own.body.findings.map((finding) => finding.unit_id)).toEqual([education, education]);
    expect(own.body.findings.some((finding) => finding.overdue)).toBe(true);
    expect(own.body.findings.some((finding) => finding.due_soon)).toBe(true);
    const alerts = await unitUser.json<{
      overdue: number;
      dueSoon: number;
      open: number;
      findings: Finding[];
    }>("/api/findings/alerts");
    expect(alerts.status).toBe(200);
    expect(alerts.body).toMatchObject({ overdue: 1, dueSoon: 1, open: 2 });
    expect(alerts.body.findings.map((finding) => finding.overdue)).toEqual([true, false]);
    // Unit users read only their unit's findings.
    expect(all.body.total).toBeGreaterThan(own.body.total);
    const verified = all.body.findings.find((finding) => finding.status === "verified") as Finding;
    const detail = await app.json<{ history: HistoryEntry[] }>(`/api/findings/${verified.id}`);
    expect(detail.body.history.map((entry) => entry.after.step ?? "raise")).toEqual([
      "raise",
      "answer",
      "answer",
      "verify",
    ]);
  });

  it("runs a cycle with an evidence file, a send-back and separated duties, and keeps every step", async () => {
    const created = await post(inspector, "/api/findings", {
      source: "rule_check",
      unitId: education,
      rule: "two_offices_without_approval",
      severity: "medium",
      description: "一名处长占用两处办公室",
      deadline: "2099-06-30",
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const move = (client: SignedInClient, body: Record<string, unknown>) =>
      post(client, `/api/findings/${id}/transition`, body);

    // The unit user of another unit (here: a finding of another unit) does not see it at all.
    const others = await app.json<Page>("/api/findings?status=verified");
    const elsewhere = others.body.findings.find((finding) => finding.unit_id !== education) as Finding;
    expect((await unitUser.json(`/api/findings/${elsewhere.id}`)).status).toBe(404);
    expect(
      (await post(unitUser, `/api/findings/${elsewhere.id}/transition`, { to: "closed", version: 1 })).status,
    ).toBe(404);
    expect((await upload(unitUser, elsewhere.id, "a.png", "image/png", PNG)).status).toBe(404);

    expect((await move(inspector, { to: "rectifying", version: 1, rectificationPlan: "x" })).status).toBe(
      403,
    );
    const planned = await move(unitUser, {
      to: "rectifying",
      version: 1,
      rectificationPlan: "收回第二处办公室",
    });
    expect(planned.body).toMatchObject({ status: "rectifying", version: 2 });

    // Evidence files: the unit's, a photo or a PDF by content, within 2 MiB, only while rectifying.
    expect((await upload(inspector, id, "a.png", "image/png", PNG)).status).toBe(403);
    const text = await upload(unitUser, id, "说明.txt", "text/plain", new TextEncoder().encode("hello"));
    expect(text.status).toBe(400);
    expect(text.body.error.details[0]?.path).toBe("file");
    const disguised = await upload(unitUser, id, "a.png", "image/png", new TextEncoder().encode("%PDF-1.4"));
    expect(disguised.status).toBe(400);
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(PNG);
    expect((await upload(unitUser, id, "big.png", "image/png", big)).status).toBe(413);
    const photo = await upload(unitUser, id, "腾退照片.png", "image/png", PNG);
    expect(photo.status).toBe(201);
    expect(photo.body).toMatchObject({
      file_name: "腾退照片.png",
      media_type: "image/png",
      size_bytes: PNG.length,
    });
    const download = await inspector.request(`/api/findings/${id}/attachments/${photo.body.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);
    expect((await county.request(`/api/findings/${id}/attachments/${photo.body.id}`)).status).toBe(404);

    const evidenced = await move(unitUser, { to: "rectifying", version: 2, evidence: "已收回，附照片" });
    expect(evidenced.body).toMatchObject({ status: "rectifying", version: 3, attachments: 1 });
    // Sending back needs a reason and clears the evidence; the unit answers again.
    expect((await move(unitUser, { to: "rectifying", version: 3, reason: "x" })).status).toBe(403);
    expect((await move(planner, { to: "rectifying", version: 3, reason: "x" })).status).toBe(403);
    const returned = await move(inspector, { to: "rectifying", version: 3, reason: "照片未显示房间已腾空" });
    expect(returned.body).toMatchObject({
      version: 4,
      evidence: null,
      returned_reason: "照片未显示房间已腾空",
    });
    expect((await move(inspector, { to: "verified", version: 4 })).body.error.details[0]?.path).toBe(
      "evidence",
    );
    const answered = await move(unitUser, { to: "rectifying", version: 4, evidence: "补充腾空后照片" });
    expect(answered.body).toMatchObject({ version: 5, returned_reason: null });

    expect((await move(unitUser, { to: "verified", version: 5 })).status).toBe(403);
    expect((await move(approver, { to: "verified", version: 5 })).status).toBe(403);
    const verified = await move(inspector, { to: "verified", version: 5 });
    expect(verified.body).toMatchObject({ status: "verified", version: 6 });
    expect((await upload(unitUser, id, "late.png", "image/png", PNG)).status).toBe(409);
    expect((await move(inspector, { to: "closed", version: 6 })).status).toBe(403);
    const closed = await move(approver, { to: "closed", version: 6, reason: "整改到位，予以销号" });
    expect(closed.body).toMatchObject({ status: "closed", version: 7 });

    const detail = await unitUser.json<{
      history: HistoryEntry[];
      attachments: Array<{ file_name: string; username: string }>;
    }>(`/api/findings/${id}`);
    expect(detail.body.attachments).toMatchObject([{ file_name: "腾退照片.png", username: "demo-unit" }]);
    expect(
      detail.body.history.map((entry) => [
        entry.entity,
        entry.username,
        entry.after.step ?? entry.after.fileName ?? "raise",
        entry.after.status ?? "",
      ]),
    ).toEqual([
      ["finding", "demo-inspector", "raise", "open"],
      ["finding", "demo-unit", "answer", "rectifying"],
      ["finding_attachment", "demo-unit", "腾退照片.png", ""],
      ["finding", "demo-unit", "answer", "rectifying"],
      ["finding", "demo-inspector", "send_back", "rectifying"],
      ["finding", "demo-unit", "answer", "rectifying"],
      ["finding", "demo-inspector", "verify", "verified"],
      ["finding", "demo-approver", "close", "closed"],
    ]);
    expect(detail.body.history[4]?.after.reason).toBe("照片未显示房间已腾空");
    expect(detail.body.history[7]?.after.reason).toBe("整改到位，予以销号");
  });

  it("computes overdue, due soon and age on fixtures with fixed dates, as the domain does", async () => {
    const db = app.database.db;
    const unit = await db
      .selectFrom("units")
      .select(["id", "region_code"])
      .where("region_code", "=", "230227")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    const asOf = "2030-03-01";
    const fixtures: Array<[string, FindingStatus, string, string | null]> = [
      ["A", "open", "2030-01-01", "2030-02-28"],
      ["B", "rectifying", "2030-02-20", "2030-03-01"],
      ["C", "rectifying", "2029-10-01", "2030-03-08"],
      ["D", "open", "2030-03-01", "2030-03-09"],
      ["E", "verified", "2029-12-01", "2030-01-15"],
      ["F", "referred", "2029-11-01", "2030-01-01"],
      ["G", "closed", "2029-09-01", "2029-12-01"],
      ["H", "open", "2030-02-25", null],
    ];
    const ids = new Map<string, number>();
    await db.transaction().execute(async (trx) => {
      for (const [name, status, raisedOn, deadline] of fixtures) {
        const id = await createFinding(
          trx,
          {
            regionCode: unit.region_code,
            source: "rule_check",
            unitId: unit.id,
            rule: "over_standard_office",
            severity: "low",
            description: `fixture ${name}`,
            deadline,
            raisedOn,
          },
          null,
        );
        await trx
          .updateTable("findings")
          .set({ status, referred_on: status === "referred" ? "2030-02-01" : null })
          .where("id", "=", id)
          .execute();
        ids.set(name, id);
      }
    });
    const names = (findings: Finding[]) =>
      findings.map((finding) => [...ids].find(([, id]) => id === finding.id)?.[0]).filter(Boolean);
    const list = async (query: string) =>
      (await county.json<Page>(`/api/findings?unit=${unit.id}&asOf=${asOf}&${query}`)).body;

    const all = await list("sort=deadline");
    expect(names(all.findings)).toEqual(["G", "F", "E", "A", "B", "C", "D", "H"]);
    for (const finding of all.findings) {
      const state = deadlineStateOf(finding, asOf);
      expect(finding.overdue, finding.description).toBe(state === "overdue");
      expect(finding.due_soon).toBe(state === "due_soon");
      expect(finding.age_days).toBe(ageOf(finding.raised_on, asOf));
    }
    expect(
      Object.fromEntries(all.findings.map((finding) => [names([finding])[0], finding.age_days])),
    ).toEqual({
      A: 59,
      B: 9,
      C: 151,
      D: 0,
      E: 90,
      F: 120,
      G: 181,
      H: 4,
    });
    expect(names((await list("overdue=1")).findings)).toEqual(["A"]);
    expect(names((await list("overdue=0&sort=deadline")).findings)).toEqual([
      "G",
      "F",
      "E",
      "B",
      "C",
      "D",
      "H",
    ]);
    expect(names((await list("dueSoon=1&sort=deadline")).findings)).toEqual(["B", "C"]);
    expect(names((await list("age=0-30&sort=age")).findings)).toEqual(["B", "H", "D"]);
    expect(names((await list("age=31-90&sort=age")).findings)).toEqual(["E", "A"]);
    expect(names((await list("age=91-&sort=-age")).findings)).toEqual(["F", "C", "G"]);
    const active = await list("status=active&sort=deadline");
    expect(names(active.findings)).toEqual(["A", "B", "C", "D", "H"]);
    expect(active.total).toBe(5);
    expect(active.counts).toEqual({ open: 3, rectifying: 2, verified: 1, closed: 1, referred: 1 });
    // Not closed: the dashboard's open-findings figure, referred ones included.
    const unclosed = await list("status=unclosed");
    expect(unclosed.total).toBe(7);
    expect(unclosed.findings.every((finding) => finding.status !== "closed")).toBe(true);
    expect((await list("status=open&severity=low&source=rule_check")).total).toBe(3);
    expect((await list("severity=high")).total).toBe(0);

    const alerts = await county.json<{ overdue: number; dueSoon: number; open: number; findings: Finding[] }>(
      `/api/findings/alerts?asOf=${asOf}`,
    );
    expect(alerts.body).toMatchObject({ overdue: 1, dueSoon: 2, open: 3 });
    expect(names(alerts.body.findings)).toEqual(["A", "B", "C"]);

    for (const bad of [
      "status=lost",
      "age=1-2",
      "overdue=yes",
      "sort=name",
      "asOf=2030-02-30",
      "colour=red",
    ]) {
      const answer = await county.json<ErrorBody>(`/api/findings?${bad}`);
      expect(answer.status, bad).toBe(400);
      expect(answer.body.error.message.length).toBeGreaterThan(0);
    }
  });

  it("raises findings from the rule checks once per violation, in one audited transaction", async () => {
    const body = { region: "230000", rules: ["over_standard_office", "two_offices_without_approval"] };
    expect((await post(unitUser, "/api/findings/from-checks", body)).status).toBe(403);
    expect((await post(county, "/api/findings/from-checks", body)).status).toBe(404);
    expect((await post(inspector, "/api/findings/from-checks", { ...body, rules: ["nope"] })).status).toBe(
      400,
    );
    expect((await post(inspector, "/api/findings/from-checks", { ...body, extra: 1 })).status).toBe(400);
    const checks = await inspector.json<{ rules: Array<{ rule: string; count: number }> }>(
      "/api/checks?region=230000&limit=1&rule=over_standard_office",
    );
    const violations = checks.body.rules[0]?.count ?? 0;
    expect(violations).toBeGreaterThan(0);

    const first = await inspector.json<{ created: number; alreadyRecorded: number; findingIds: number[] }>(
      "/api/findings/from-checks",
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    );
    expect(first.status).toBe(200);
    expect(first.body.created).toBeGreaterThanOrEqual(violations);
    const raised = await app.database.db
      .selectFrom("findings")
      .select(["id", "subject_key", "source", "status"])
      .where("subject_key", "is not", null)
      .execute();
    expect(raised).toHaveLength(first.body.created);
    expect(new Set(raised.map((finding) => finding.subject_key)).size).toBe(first.body.created);
    expect(raised.every((finding) => finding.source === "rule_check" && finding.status === "open")).toBe(
      true,
    );
    const listed = await inspector.json<Page>("/api/findings?source=rule_check&status=open&limit=1");
    expect(listed.body.total).toBeGreaterThanOrEqual(first.body.created);
    const audited = await app.database.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("entity", "=", "finding")
      .where("action", "=", "create")
      .where("entity_id", "in", first.body.findingIds.map(String))
      .executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(first.body.created);

    const second = await post(inspector, "/api/findings/from-checks", body);
    expect(second.body).toMatchObject({ created: 0, alreadyRecorded: first.body.created });

    // Once a finding is closed and the violation persists, the next run raises it again.
    const one = raised[0] as { id: number };
    const admin = (payload: Record<string, unknown>) =>
      post(app, `/api/findings/${one.id}/transition`, payload);
    await admin({ to: "rectifying", version: 1, rectificationPlan: "p", evidence: "e" });
    await admin({ to: "verified", version: 2 });
    expect((await admin({ to: "closed", version: 3 })).body.status).toBe("closed");
    const third = await post(inspector, "/api/findings/from-checks", body);
    expect(third.body).toMatchObject({ created: 1, alreadyRecorded: first.body.created - 1 });
  });

  it("exports the ledger as XLSX with Chinese headings, filtered like the list", async () => {
    const response = await app.request("/api/findings.xlsx?status=active&sort=deadline");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/spreadsheetml/);
    expect(decodeURIComponent(response.headers.get("content-disposition") ?? "")).toMatch(/问题整改台账/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    const headings = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(headings).toEqual(
      expect.arrayContaining([
        "责任单位",
        "问题描述",
        "严重程度",
        "立账日期",
        "整改期限",
        "立账天数",
        "整改状态",
        "是否逾期",
      ]),
    );
    const listed = await app.json<Page>("/api/findings?status=active");
    expect(sheet.rowCount - 2).toBe(listed.body.total);
    const statuses = new Set<string>();
    sheet.getColumn(headings.indexOf("整改状态") + 1).eachCell((cell, row) => {
      if (row > 2) statuses.add(String(cell.value));
    });
    expect([...statuses].every((status) => status === "待整改" || status === "整改中")).toBe(true);
    expect((await unitUser.request("/api/findings.xlsx?status=lost")).status).toBe(400);
  });
});
