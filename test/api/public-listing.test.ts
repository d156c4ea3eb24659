import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sensitiveFields } from "../../server/domain/conversions/public-listing.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import {
  auditActions,
  buildingId,
  type ErrorBody,
  FUYU_BUILDING,
  harbinStartupBuilding,
  json,
} from "./outflow.support.js";

interface Listing {
  type: string;
  features: Array<{
    id: string;
    geometry: { type: string; coordinates: number[] } | null;
    properties: Record<string, unknown>;
  }>;
}

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}

const INTERNAL_NOTE = "内部备注：运营方为某协会，勿公开";
const TENANT = "某连锁餐饮（公开测试）";

describe.each(testModes())("public listing (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let approver: SignedInClient;
  let unitUser: SignedInClient;
  let published = { id: 0, version: 0 };
  let unpublishedName = "";
  let offerId = 0;
  let certificate = "";

  beforeAll(async () => {
    app = await openTestApp(mode);
    [planner, approver, unitUser] = await Promise.all([
      app.signIn("demo-planner"),
      app.signIn("demo-approver"),
      app.signIn("demo-unit"),
    ]);
    const harbin = await harbinStartupBuilding(app);
    const proposal = await planner.json<{ id: number; version: number }>(
      "/api/conversions",
      json({
        name: "哈尔滨市高校毕业生创业孵化基地",
        source: { kind: "building", buildingId: harbin.id },
        uses: [{ kind: "startup_incubator", name: "创业孵化基地", area: 400 }],
        estimatedCost: 280,
        fundingSource: "市本级财政",
        publicSummary: "闲置办公楼改建为高校毕业生创业孵化基地",
        note: INTERNAL_NOTE,
      }),
    );
    const approved = await approver.json<{ version: number }>(
      `/api/conversions/${proposal.body.id}/approve`,
      json({ version: proposal.body.version, note: "同意，注意消防验收" }),
    );
    published = { id: proposal.body.id, version: approved.body.version };
    unpublishedName = "富裕县便民服务中心（未公布）";
    await planner.json(
      "/api/conversions",
      json({
        name: unpublishedName,
        source: { kind: "building", buildingId: await buildingId(app, FUYU_BUILDING) },
        uses: [{ kind: "convenience_service", name: "便民服务中心", area: 800 }],
      }),
    );
    // A leased commercial lot with a tenant and rent, offered at auction once vacant.
    const street = (
      await sql<{ building_id: number; ids: number[]; certificate: string }>`select r.building_id,
        array_agg(r.id order by r.id) as ids, min(b.title_certificate_no) as certificate
        from rooms r join buildings b on b.id = r.building_id
        where b.name like '%机关沿街商业用房%' and r.status = 'idle' and b.title_certificate_no is not null
        group by r.building_id order by r.building_id desc limit 1`.execute(app.database.db)
    ).rows[0];
    certificate = street?.certificate ?? "";
    const lot = await planner.json<{ id: number }>(
      "/api/commercial-properties",
      json({ buildingId: street?.building_id, roomIds: street?.ids.slice(0, 2), origin: "shop_front" }),
    );
    await planner.json(
      `/api/commercial-properties/${lot.body.id}/leases`,
      json({ tenant: TENANT, annualRent: 98765, startsOn: "2020-01-01", endsOn: "2021-12-31" }),
    );
    const auction = await planner.json<{ id: number }>(
      "/api/disposals",
      json({ commercialPropertyId: lot.body.id, method: "auction", reservePrice: 210, note: INTERNAL_NOTE }),
    );
    offerId = auction.body.id;
  });
  afterAll(() => app?.database.close());

  it("answers anonymous readers with an empty listing before anything is published", async () => {
    const { status, body, response } = await app.anonymous.json<Listing>("/public/api/listings");
    expect(status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/geo+json");
    expect(body).toEqual({ type: "FeatureCollection", features: [] });
  });

  it("lets only approvers publish, only decided conversions, and audits it", async () => {
    const publish = (client: SignedInClient | TestApp["anonymous"], path: string, version: number) =>
      client.json<ErrorBody & { isPublished: boolean; version: number }>(path, json({ version }));
    expect(
      (await publish(app.anonymous, `/api/conversions/${published.id}/publish`, published.version)).status,
    ).toBe(401);
    expect(
      (await publish(planner, `/api/conversions/${published.id}/publish`, published.version)).status,
    ).toBe(403);
    expect(
      (await publish(unitUser, `/api/conversions/${published.id}/publish`, published.version)).status,
    ).toBe(403);
    const proposed = await sql<{ id: number; version: number }>`select id, version from conversions
      where name = ${unpublishedName}`.execute(app.database.db);
    const early = await publish(
      approver,
      `/api/conversions/${proposed.rows[0]?.id}/publish`,
      proposed.rows[0]?.version ?? 1,
    );
    expect(early.status).toBe(409);
    const done = await publish(approver, `/api/conversions/${published.id}/publish`, published.version);
    expect(done.status).toBe(200);
    expect(done.body.isPublished).toBe(true);
    published.version = done.body.version;
    const offer = await publish(approver, `/api/disposals/${offerId}/publish`, 1);
    expect(offer.status).toBe(200);
    expect(await auditActions(app, "conversion", published.id)).toEqual(["create", "approve", "publish"]);
    expect(await auditActions(app, "disposal", offerId)).toEqual(["create", "publish"]);
  });

  it("shows only published items, with no sensitive field or value", async () => {
    const { status, body, response } = await app.anonymous.json<Listing>("/public/api/listings");
    expect(status).toBe(200);
    expect(body.features.map((feature) => feature.id)).toEqual([
      `conversion-${published.id}`,
      `offer-${offerId}`,
    ]);
    const [conversion, offer] = body.features;
    expect(conversion?.properties).toMatchObject({
      kind: "conversion",
      name: "哈尔滨市高校毕业生创业孵化基地",
      status: "approved",
      summary: "闲置办公楼改建为高校毕业生创业孵化基地",
    });
    expect(conversion?.geometry?.type).toBe("Point");
    expect(offer?.properties).toMatchObject({ kind: "offer", method: "auction", reservePrice: 210 });
    const keys = new Set(keysOf(body));
    for (const field of sensitiveFields) expect(keys.has(field), field).toBe(false);
    const text = JSON.stringify(body);
    for (const secret of [
      INTERNAL_NOTE,
      TENANT,
      "98765",
      "市本级财政",
      "同意，注意消防验收",
      unpublishedName,
      certificate,
    ])
      expect(text.includes(secret), secret).toBe(false);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("renders the public page with a map and the list, without login", async () => {
    const response = await app.anonymous.request("/public/listings");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain("<svg");
    expect((html.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(13);
    expect((html.match(/<circle /g) ?? []).length).toBe(2);
    expect(html).toContain("哈尔滨市高校毕业生创业孵化基地");
    expect(html).toContain("210 万元");
    expect(html).not.toContain("<script");
    for (const secret of [INTERNAL_NOTE, TENANT, unpublishedName])
      expect(html.includes(secret), secret).toBe(false);
  });

  it("unpublishes: the item leaves the public listing and the log says so", async () => {
    const gone = await approver.json<{ isPublished: boolean }>(
      `/api/conversions/${published.id}/unpublish`,
      json({ version: published.version }),
    );
    expect(gone.status).toBe(200);
    expect(gone.body.isPublished).toBe(false);
    const { body } = await app.anonymous.json<Listing>("/public/api/listings");
    expect(body.features.map((feature) => feature.id)).toEqual([`offer-${offerId}`]);
    const log = await sql<{ after: { isPublished: boolean } }>`select after from audit_log
      where entity = 'conversion' and entity_id = ${String(published.id)} and action = 'publish' order by id`.execute(
      app.database.db,
    );
    expect(log.rows.map((row) => row.after.isPublished)).toEqual([true, false]);
    const page = await (await app.anonymous.request("/public/listings")).text();
    expect(page).toContain("暂无已公布的公益用房转换项目");
  });
});
