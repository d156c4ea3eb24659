import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface Preview {
  content: {
    totals: { level: Record<string, number>; rows: Array<{ regionName: string }> } | null;
    conversions: Array<{ name: string; area: number }> | null;
    offers: Array<{ name: string }> | null;
  };
  contentSha256: string;
  html: string;
}

const post = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** Keys that would carry sensitive columns: people, occupants, rooms, users, internal notes, unit-level details. */
const sensitiveKeys = [
  "id",
  "number",
  "roomNumber",
  "occupant",
  "occupantUnitId",
  "occupant_unit_id",
  "person",
  "personId",
  "people",
  "userId",
  "user_id",
  "username",
  "displayName",
  "publishedBy",
  "published_by",
  "proposedBy",
  "approvedBy",
  "note",
  "decisionNote",
  "decision_note",
  "tenant",
  "buyer",
  "unitId",
  "unit_id",
  "units",
  "titleCertificateNo",
  "title_certificate_no",
  "rectificationPlan",
  "contentSha256",
];

function keysOf(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, found);
  else if (value && typeof value === "object")
    for (const [key, inner] of Object.entries(value)) {
      found.add(key);
      keysOf(inner, found);
    }
  return found;
}

function stringsOf(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") found.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, found);
  else if (value && typeof value === "object")
    for (const inner of Object.values(value)) stringsOf(inner, found);
  return found;
}

describe.each(testModes())("public disclosure (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let planner: SignedInClient;
  let inspector: SignedInClient;
  let approver: SignedInClient;
  let unitUser: SignedInClient;
  /** Values from the demo data (and the records made here) that must never reach a public page. */
  let sensitiveValues: string[] = [];
  const secretNote = "内部备注：领导批示暂不公开ZX-7781";
  const choices = {
    region: "230227",
    title: "富裕县党政机关办公用房管理信息公开",
    rules: "一、全县党政机关办公用房实行统一管理。\n\n二、闲置办公用房优先用于社区公益。",
    includeTotals: true,
    includeConversions: true,
    includeOffers: true,
  };

  beforeAll(async () => {
    app = await openTestApp(mode);
    county = await app.signIn("demo-county");
    planner = await app.signIn("demo-planner");
    inspector = await app.signIn("demo-inspector");
    approver = await app.signIn("demo-approver");
    unitUser = await app.signIn("demo-unit");
    const db = app.database.db;
    const building = await db
      .selectFrom("buildings")
      .select(["id"])
      .where("region_code", "=", "230227")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const user = await db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "demo-county")
      .executeTakeFirstOrThrow();
    // The reform's case: 富裕县 turned 9,019 m² of vacated offices into a 群众之家 and an 老年人俱乐部.
    await sql`insert into conversions (region_code, building_id, source_kind, target_use, name, area, status, uses,
        note, decision_note, proposed_by, approved_by, approved_at, completed_by, completed_at, public_summary)
      values ('230227', ${building.id}, 'building', 'people_home', '富裕县群众之家', 9019, 'done',
        ${JSON.stringify([
          { kind: "people_home", name: "群众之家", area: 6019 },
          { kind: "elderly_club", name: "老年人俱乐部", area: 3000 },
        ])}::jsonb, ${secretNote}, ${secretNote}, ${user.id}, ${user.id}, now(), ${user.id}, now(),
        '腾退办公用房改建为群众之家和老年人俱乐部')`.execute(db);
    await sql`insert into disposals (region_code, building_id, method, status, area, reserve_price, note, buyer,
        is_published, published_at)
      values ('230227', ${building.id}, 'auction', 'approved', 420, 88, ${secretNote}, '某竞买人张三丰', true, now())`.execute(
      db,
    );

    const people = await db.selectFrom("people").select("name").where("region_code", "like", "23%").execute();
    const users = await db.selectFrom("users").select(["username", "display_name"]).execute();
    const units = await db.selectFrom("units").select("name").execute();
    const leases = await db.selectFrom("leases_in").select(["name", "address"]).execute();
    const tenants = await db.selectFrom("leases_out").select("tenant").execute();
    const certificates = await db
      .selectFrom("buildings")
      .select("title_certificate_no")
      .where("title_certificate_no", "is not", null)
      .execute();
    sensitiveValues = [
      // Two-character names also occur inside ordinary words; three characters and more identify a person.
      ...people.map((person) => person.name).filter((name) => name.length >= 3),
      ...users.flatMap((row) => [row.username, row.display_name]),
      ...units.map((unit) => unit.name),
      ...leases.flatMap((lease) => [lease.name, lease.address ?? ""]),
      ...tenants.map((lease) => lease.tenant),
      ...certificates.map((row) => row.title_certificate_no ?? ""),
      secretNote,
      "张三丰",
    ].filter((value) => value.length > 0);
  }, 180_000);
  afterAll(async () => {
    await app?.database.close();
  });

  async function preview(client: SignedInClient = county) {
    const { status, body } = await client.json<Preview>("/api/disclosures/preview", post(choices));
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  }

  /** Every public response: HTML and JSON, the index and the region. */
  async function publicResponses(): Promise<Array<{ path: string; status: number; text: string }>> {
    const paths = [
      "/public/regions",
      "/public/api/regions",
      "/public/regions/230227",
      "/public/api/regions/230227",
      "/public/listings",
      "/public/api/listings",
    ];
    return Promise.all(
      paths.map(async (path) => {
        const response = await app.anonymous.request(path);
        return { path, status: response.status, text: await response.text() };
      }),
    );
  }

  function expectNothingSensitive(responses: Array<{ path: string; text: string }>) {
    for (const { path, text } of responses) {
      for (const value of sensitiveValues) expect(text.includes(value), `${path} shows ${value}`).toBe(false);
      if (path.includes("/api/")) {
        const body = JSON.parse(text) as unknown;
        const keys = keysOf(path === "/public/api/listings" ? {} : body);
        for (const key of sensitiveKeys) expect(keys.has(key), `${path} has the key ${key}`).toBe(false);
      }
    }
  }

  it("previews exactly the page the public will see, with totals equal to the reports", async () => {
    const body = await preview();
    expect(body.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(body.html).toContain("预览");
    expect(body.html).toContain("富裕县群众之家");
    const { body: basic } = await county.json<{ totals: Record<string, number> }>(
      "/api/reports/office-space-basic?region=230227",
    );
    expect(body.content.totals?.level.grossArea).toBe(basic.totals.grossArea);
    expect(body.content.totals?.level.conversionArea).toBe(9019);
    expect(body.content.offers?.map((offer) => offer.name)).toHaveLength(1);
    // Preview twice with nothing changed: the same content.
    expect((await preview()).contentSha256).toBe(body.contentSha256);
    const bad = await county.json<{ error: { message: string } }>(
      "/api/disclosures/preview",
      post({ ...choices, secret: true }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("secret");
  });

  it("lets only the level's own planners and approvers publish", async () => {
    const { contentSha256 } = await preview();
    for (const client of [planner, approver, inspector, unitUser]) {
      const response = await client.request(
        "/api/disclosures",
        post({ ...choices, previewHash: contentSha256 }),
      );
      expect(response.status).toBe(403);
    }
    const stale = await county.json<{ error: { code: string } }>(
      "/api/disclosures",
      post({ ...choices, previewHash: "0".repeat(64) }),
    );
    expect(stale.status).toBe(409);
    expect((await app.anonymous.request("/public/regions/230227")).status).toBe(404);
  });

  it("publishes as an audited act; the public page without login shows the frozen totals and nothing sensitive", async () => {
    const shown = await preview();
    const published = await county.json<{ disclosure: { id: number; version: number }; audit: string[] }>(
      "/api/disclosures",
      post({ ...choices, previewHash: shown.contentSha256 }),
    );
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const audit = await app.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("id", "=", published.body.audit[0] ?? "0")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "publish", entity: "disclosure", region_code: "230227" });
    expect(audit.after).toMatchObject({ isPublished: true, contentSha256: shown.contentSha256 });

    // Frozen at publication: a room that goes idle afterwards does not move the public figures.
    const before = shown.content.totals?.level.idleArea ?? NaN;
    await sql`update rooms set status = 'idle', occupant_unit_id = null where id = (select r.id from rooms r
      join buildings b on b.id = r.building_id where b.region_code = '230227' and r.status = 'in_use' order by r.id limit 1)`.execute(
      app.database.db,
    );
    const pageJson = await app.anonymous.json<{ totals: { level: Record<string, number> }; title: string }>(
      "/public/api/regions/230227",
    );
    expect(pageJson.status).toBe(200);
    expect(pageJson.body.title).toBe(choices.title);
    expect(pageJson.body.totals.level.idleArea).toBe(before);
    const html = await (await app.anonymous.request("/public/regions/230227")).text();
    expect(html).toContain(choices.title);
    expect(html).toContain("全县党政机关办公用房实行统一管理");
    expect(html).toContain(
      (shown.content.totals?.level.grossArea ?? 0).toLocaleString("en-US", { minimumFractionDigits: 2 }),
    );
    expect(html).not.toContain("预览");
    const index = await app.anonymous.json<{ regions: Array<{ code: string; url: string }> }>(
      "/public/api/regions",
    );
    expect(index.body.regions.map((region) => region.code)).toEqual(["230227"]);
    expect(await (await app.anonymous.request("/public/listings")).text()).toContain(
      'href="/public/regions"',
    );

    const responses = await publicResponses();
    for (const response of responses.slice(0, 4)) expect(response.status, response.path).toBe(200);
    expectNothingSensitive(responses);
  });

  it("supersedes the previous publication, and withdraws with a version check, audited", async () => {
    const history = async () =>
      (
        await county.json<{
          current: number | null;
          items: Array<{ id: number; status: string; version: number }>;
        }>("/api/disclosures?region=230227")
      ).body;
    const { contentSha256 } = await preview();
    const second = await county.json<{
      disclosure: { id: number; version: number };
      superseded: number | null;
    }>(
      "/api/disclosures",
      post({ ...choices, title: "富裕县办公用房信息公开（更新）", previewHash: contentSha256 }),
    );
    // The title is part of the content: a preview of another title does not publish this one.
    expect(second.status).toBe(409);
    const retitled = { ...choices, title: "富裕县办公用房信息公开（更新）" };
    const fresh = await county.json<Preview>("/api/disclosures/preview", post(retitled));
    const published = await county.json<{
      disclosure: { id: number; version: number };
      superseded: number | null;
    }>("/api/disclosures", post({ ...retitled, previewHash: fresh.body.contentSha256 }));
    expect(published.status).toBe(201);
    expect(published.body.superseded).not.toBeNull();
    const listed = await history();
    expect(listed.current).toBe(published.body.disclosure.id);
    expect(listed.items.map((item) => item.status)).toEqual(["published", "superseded"]);

    const id = published.body.disclosure.id;
    expect((await planner.request(`/api/disclosures/${id}/withdraw`, post({ version: 1 }))).status).toBe(403);
    expect((await county.request(`/api/disclosures/${id}/withdraw`, post({ version: 99 }))).status).toBe(409);
    const withdrawn = await county.json<{ status: string; audit: string[] }>(
      `/api/disclosures/${id}/withdraw`,
      post({ version: published.body.disclosure.version, reason: "数据更正" }),
    );
    expect(withdrawn.status).toBe(200);
    const audit = await app.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("id", "=", withdrawn.body.audit[0] ?? "0")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "publish", entity: "disclosure", entity_id: String(id) });
    expect(audit.after).toMatchObject({ isPublished: false, reason: "数据更正" });
    expect((await app.anonymous.request("/public/regions/230227")).status).toBe(404);
    expect((await app.anonymous.request("/public/api/regions/230227")).status).toBe(404);
    expect((await history()).items.map((item) => item.status)).toEqual(["withdrawn", "superseded"]);
    expect((await county.request(`/api/disclosures/${id}/withdraw`, post({ version: 2 }))).status).toBe(409);
    expectNothingSensitive(await publicResponses());
    expect(stringsOf((await county.json(`/api/disclosures/${id}`)).body)).toContain(retitled.title);
  });
});
