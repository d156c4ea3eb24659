import { randomUUID } from "node:crypto";
import fc from "fast-check";
import type { FeatureCollection } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/db/repositories/auth.repository.js";
import { hashPassword } from "../../server/domain/auth/password.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

interface ErrorBody {
  error: { code: string; message: string; details: Array<{ path?: string; message: string }> };
}
type Items = FeatureCollection & { numberMatched: number };

describe.each(testModes())("accounts, roles and scope (%s)", (mode) => {
  let app: TestApp;
  let county: SignedInClient;
  let unit: SignedInClient;
  let planner: SignedInClient;
  let harbinBuildingId: number;
  let fuyuBuildingId: number;
  let ownRoomId: number;
  let otherUnitRoomId: number;
  let supervisedBuildingId: number;
  let supervisedRoomId: number;
  /** A room no other test reads closely: the writes of this file go there (the server database is shared). */
  let scratchRoomId: number;

  beforeAll(async () => {
    app = await openTestApp(mode);
    [county, unit, planner] = await Promise.all([
      app.signIn("demo-county"),
      app.signIn("demo-unit"),
      app.signIn("demo-planner"),
    ]);
    const db = app.database.db;
    const building = (name: string) =>
      db.selectFrom("buildings").select("id").where("name", "=", name).executeTakeFirstOrThrow();
    harbinBuildingId = (await building("黑龙江省教育厅办公楼")).id;
    fuyuBuildingId = (await building("富裕县原县直机关办公楼（已腾退）")).id;
    supervisedBuildingId = (await building("黑龙江大学办公楼")).id;
    const unitId = async (name: string) =>
      (await db.selectFrom("units").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
    const roomOf = async (occupant: number) =>
      (
        await db
          .selectFrom("rooms")
          .select("id")
          .where("occupant_unit_id", "=", occupant)
          .orderBy("id")
          .executeTakeFirstOrThrow()
      ).id;
    ownRoomId = await roomOf(await unitId("黑龙江省教育厅"));
    supervisedRoomId = await roomOf(await unitId("黑龙江大学"));
    otherUnitRoomId = await roomOf(await unitId("黑龙江省财政厅"));
    scratchRoomId = await roomOf(await unitId("齐齐哈尔市教育局"));
  });
  afterAll(() => app.database.close());

  const patch = (client: { request: TestApp["request"] }, path: string, body: unknown) =>
    client.request(path, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const versionOf = async (table: "rooms" | "buildings", id: number) =>
    (await app.database.db.selectFrom(table).select("version").where("id", "=", id).executeTakeFirstOrThrow())
      .version;

  it("keeps /api/health public and everything else behind sign-in", async () => {
    expect((await app.anonymous.request("/api/health")).status).toBe(200);
    for (const path of [
      "/api/units",
      "/api/buildings?bbox=126.6,45.7,126.7,45.8",
      "/api/search?q=富裕",
      `/api/buildings/${harbinBuildingId}`,
      "/ogc",
      "/ogc/collections/buildings/items",
      "/api/auth/me",
      "/api/tokens",
    ]) {
      const { status, body } = await app.anonymous.json<ErrorBody>(path);
      expect(status, path).toBe(401);
      expect(body.error.code).toBe("unauthorized");
    }
    const write = await patch(app.anonymous, `/api/rooms/${scratchRoomId}`, { version: 1, function: "x" });
    expect(write.status).toBe(401);
  });

  it("signs in with a session cookie that is HttpOnly and SameSite, and signs out", async () => {
    const response = await app.anonymous.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "demo-inspector", password: "fangtu-demo" }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^fangtu_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const body = (await response.json()) as {
      user: { username: string; roles: string[] };
      csrfToken: string;
    };
    expect(body.user).toMatchObject({ username: "demo-inspector", roles: ["inspector"] });
    const session = cookie.split(";")[0] ?? "";
    const me = await app.anonymous.json<{ csrfToken: string }>("/api/auth/me", {
      headers: { cookie: session },
    });
    expect(me.body.csrfToken).toBe(body.csrfToken);
    const withoutCsrf = await app.anonymous.request("/api/auth/logout", {
      method: "POST",
      headers: { cookie: session },
    });
    expect(withoutCsrf.status).toBe(403);
    const logout = await app.anonymous.request("/api/auth/logout", {
      method: "POST",
      headers: { cookie: session, "x-csrf-token": body.csrfToken },
    });
    expect(logout.status).toBe(200);
    expect((await app.anonymous.request("/api/auth/me", { headers: { cookie: session } })).status).toBe(401);
  });

  it("refuses state-changing requests without the CSRF token", async () => {
    const version = await versionOf("rooms", scratchRoomId);
    const response = await app.anonymous.request(`/api/rooms/${scratchRoomId}`, {
      method: "PATCH",
      headers: { cookie: app.cookie, "content-type": "application/json", "x-csrf-token": "forged" },
      body: JSON.stringify({ version, function: "伪造" }),
    });
    expect(response.status).toBe(403);
    expect(await versionOf("rooms", scratchRoomId)).toBe(version);
  });

  it("throttles repeated sign-in attempts and locks an account after 5 failures", async () => {
    const username = `lock-${randomUUID().slice(0, 8)}`;
    await createUser(app.database.db, {
      username,
      displayName: "锁定测试",
      passwordHash: await hashPassword("correct-horse-1"),
      regionCode: "230000",
      unitId: null,
      roles: ["inspector"],
    });
    const attempt = (password: string) =>
      app.anonymous.json<ErrorBody>("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
    for (let index = 0; index < 5; index++) expect((await attempt("wrong-password-9")).status).toBe(401);
    const locked = await attempt("correct-horse-1");
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe("account_locked");
    for (let index = 0; index < 4; index++) await attempt("wrong-password-9");
    const throttled = await attempt("correct-horse-1");
    expect(throttled.status).toBe(429);
    expect(throttled.response.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("scopes a county user to their county: by id, by bbox, by search and by OGC items", async () => {
    expect((await county.request(`/api/buildings/${fuyuBuildingId}`)).status).toBe(200);
    expect((await county.request(`/api/buildings/${harbinBuildingId}`)).status).toBe(404);
    const harbin = await county.json<FeatureCollection>("/api/buildings?bbox=126.6,45.7,126.72,45.8");
    expect(harbin.body.features).toEqual([]);
    const fuyu = await county.json<FeatureCollection>("/api/buildings?bbox=124.3,47.7,124.6,47.9");
    expect(fuyu.body.features.length).toBeGreaterThan(10);
    const items = await county.json<Items>("/ogc/collections/buildings/items?limit=1000");
    expect(items.body.numberMatched).toBeGreaterThan(10);
    expect(items.body.features.every((feature) => feature.properties?.region_code === "230227")).toBe(true);
    expect(
      (await county.json<Items>("/ogc/collections/buildings/items?region_code=230103")).body.numberMatched,
    ).toBe(0);
    expect((await county.request(`/ogc/collections/buildings/items/${harbinBuildingId}`)).status).toBe(404);
    const search = await county.json<{ results: Array<{ region_code: string }> }>(
      `/api/search?q=${encodeURIComponent("办公楼")}`,
    );
    expect(search.body.results.length).toBeGreaterThan(0);
    expect(search.body.results.every((hit) => hit.region_code === "230227")).toBe(true);
    // Regions are public reference data.
    expect((await county.json<Items>("/ogc/collections/regions/items?code=230103")).body.numberMatched).toBe(
      1,
    );
  });

  it("lets a unit user read its own and its supervised units' space, and edit only its own rooms", async () => {
    const units = await unit.json<{ units: Array<{ name: string }> }>("/api/units?limit=1000");
    expect(units.body.units.map((entry) => entry.name).sort()).toEqual(
      ["黑龙江大学", "黑龙江工程学院", "黑龙江省教育厅"].sort(),
    );
    expect((await unit.request(`/api/buildings/${supervisedBuildingId}`)).status).toBe(200);
    expect((await unit.request(`/api/rooms/${supervisedRoomId}`)).status).toBe(200);
    expect((await unit.request(`/api/rooms/${otherUnitRoomId}`)).status).toBe(404);
    const other = await patch(unit, `/api/rooms/${otherUnitRoomId}`, {
      version: await versionOf("rooms", otherUnitRoomId),
      function: "占用",
    });
    expect(other.status).toBe(404);
    const supervised = await patch(unit, `/api/rooms/${supervisedRoomId}`, {
      version: await versionOf("rooms", supervisedRoomId),
      function: "占用",
    });
    expect(supervised.status).toBe(403);
    const status = await patch(unit, `/api/rooms/${ownRoomId}`, {
      version: await versionOf("rooms", ownRoomId),
      status: "idle",
      occupant_unit_id: null,
    });
    expect(status.status).toBe(403);
    const own = await patch(unit, `/api/rooms/${ownRoomId}`, {
      version: await versionOf("rooms", ownRoomId),
      function: "资料室",
    });
    expect(own.status).toBe(200);
    expect((await unit.json<Items>("/ogc/collections/non-office-assets/items")).body.numberMatched).toBe(0);
    // Occupying a building is no licence to edit it.
    const building = await patch(unit, `/api/buildings/${harbinBuildingId}`, {
      version: await versionOf("buildings", harbinBuildingId),
      name: "改名",
    });
    expect(building.status).toBe(403);
  });

  it("lets planners edit buildings with versions, records before/after in the audit log, and refuses inspectors", async () => {
    const version = await versionOf("buildings", fuyuBuildingId);
    const edited = await patch(planner, `/api/buildings/${fuyuBuildingId}`, { version, condition: "poor" });
    expect(edited.status).toBe(200);
    expect((await edited.json()) as { version: number; condition: string }).toMatchObject({
      version: version + 1,
      condition: "poor",
    });
    const stale = await planner.json<ErrorBody>(`/api/buildings/${fuyuBuildingId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ version, condition: "good" }),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0]).toEqual({ path: "version", message: String(version + 1) });
    const history = await planner.json<{
      entries: Array<{
        action: string;
        username: string;
        before: { condition: string };
        after: { condition: string };
      }>;
    }>(`/api/audit?entity=building&id=${fuyuBuildingId}`);
    const last = history.body.entries.at(-1);
    expect(last).toMatchObject({ action: "update", username: "demo-planner", after: { condition: "poor" } });
    expect(last?.before.condition).not.toBe("poor");
    const inspector = await app.signIn("demo-inspector");
    const refused = await patch(inspector, `/api/buildings/${fuyuBuildingId}`, {
      version: version + 1,
      condition: "good",
    });
    expect(refused.status).toBe(403);
    expect((await county.request(`/api/audit?entity=building&id=${harbinBuildingId}`)).status).toBe(404);
  });

  it("enforces room rules as 422 and unknown references as 422, never 500", async () => {
    const version = await versionOf("rooms", scratchRoomId);
    const inUse = await patch(app, `/api/rooms/${scratchRoomId}`, { version, occupant_unit_id: null });
    expect(inUse.status).toBe(422);
    const missing = await patch(app, `/api/rooms/${scratchRoomId}`, {
      version,
      occupant_unit_id: 99_999_999,
    });
    expect(missing.status).toBe(422);
    expect(await versionOf("rooms", scratchRoomId)).toBe(version);
  });

  it("50 concurrent edits of one version: exactly one wins, 49 get 409, one audit entry", async () => {
    const db = app.database.db;
    const version = await versionOf("rooms", scratchRoomId);
    const auditBefore = await db
      .selectFrom("audit_log")
      .select("id")
      .where("entity", "=", "room")
      .where("entity_id", "=", String(scratchRoomId))
      .execute();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        patch(app, `/api/rooms/${scratchRoomId}`, { version, function: `并发编辑${index}` }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    expect(await versionOf("rooms", scratchRoomId)).toBe(version + 1);
    const auditAfter = await db
      .selectFrom("audit_log")
      .select("id")
      .where("entity", "=", "room")
      .where("entity_id", "=", String(scratchRoomId))
      .execute();
    expect(auditAfter.length - auditBefore.length).toBe(1);
  });

  it("never answers a fuzzed write with a 500 and writes nothing when it refuses (property)", async () => {
    const db = app.database.db;
    const snapshot = async () => ({
      room: await db
        .selectFrom("rooms")
        .selectAll()
        .where("id", "=", scratchRoomId)
        .executeTakeFirstOrThrow(),
      audit: (
        await db
          .selectFrom("audit_log")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          // Only the records written to here: other test files sign in (and are audited) meanwhile.
          .where("entity_id", "in", [String(scratchRoomId), String(fuyuBuildingId)])
          .where("entity", "in", ["room", "building"])
          .executeTakeFirstOrThrow()
      ).n,
    });
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    const body = fc.oneof(
      fc.dictionary(
        fc.constantFrom(
          "version",
          "function",
          "status",
          "occupant_unit_id",
          "usable_area",
          "use_category",
          "name",
          "x",
        ),
        value,
      ),
      fc.string(),
      fc.constant("{"),
    );
    const target = fc.constantFrom(
      `/api/rooms/${scratchRoomId}`,
      `/api/buildings/${fuyuBuildingId}`,
      "/api/rooms/abc",
      "/api/tokens",
      "/api/auth/login",
    );
    await fc.assert(
      fc.asyncProperty(target, body, fc.constantFrom("PATCH", "POST"), async (path, payload, method) => {
        const before = await snapshot();
        const response = await app.request(path, {
          method,
          headers: { "content-type": "application/json" },
          body: typeof payload === "string" ? payload : JSON.stringify(payload),
        });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it("issues personal access tokens that read /ogc, cannot write, and stop working when revoked", async () => {
    const created = await county.json<{ id: number; token: string }>("/api/tokens", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "QGIS 台式机", expiresInDays: 30 }),
    });
    expect(created.status).toBe(200);
    expect(created.body.token).toMatch(/^ft_/);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    const items = await app.anonymous.json<Items>("/ogc/collections/buildings/items?limit=5", {
      headers: bearer,
    });
    expect(items.status).toBe(200);
    expect(items.body.features.every((feature) => feature.properties?.region_code === "230227")).toBe(true);
    const write = await app.anonymous.request(`/api/buildings/${fuyuBuildingId}`, {
      method: "PATCH",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ version: 1, name: "x" }),
    });
    expect(write.status).toBe(403);
    // Used again at once: last_used_at is recorded, but not rewritten within the minute.
    const usedAt = async () =>
      (
        await app.database.db
          .selectFrom("personal_access_tokens")
          .select("last_used_at")
          .where("id", "=", created.body.id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    const first = await usedAt();
    expect(first).not.toBeNull();
    await app.anonymous.request("/ogc/collections/buildings/items?limit=1", { headers: bearer });
    expect(await usedAt()).toEqual(first);
    const listed = await county.json<{ tokens: Array<{ id: number; name: string; token?: string }> }>(
      "/api/tokens",
    );
    expect(listed.body.tokens.find((token) => token.id === created.body.id)).toMatchObject({
      name: "QGIS 台式机",
    });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect((await county.request(`/api/tokens/${created.body.id}`, { method: "DELETE" })).status).toBe(200);
    expect(
      (await app.anonymous.request("/ogc/collections/buildings/items", { headers: bearer })).status,
    ).toBe(401);
    expect((await app.anonymous.request("/ogc", { headers: { authorization: "Basic abc" } })).status).toBe(
      401,
    );
  });
});
