import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/db/repositories/auth.repository.js";
import { hashPassword } from "../../server/domain/auth/password.js";
import { testModes } from "../support/databases.js";
import { type Client, openTestApp, type TestApp } from "../support/test-app.js";

type Actor =
  | "anonymous"
  | "public"
  | "demo-admin"
  | "demo-planner"
  | "demo-inspector"
  | "demo-approver"
  | "demo-county"
  | "demo-unit";
type Family = "api read" | "api write" | "ogc item" | "ogc items" | "search" | "tiles";

/**
 * Expected status per actor and endpoint family, on records of 黑龙江省教育厅 (a provincial unit in
 * 南岗区, Harbin): the county user (富裕县) is out of scope (404: existence not revealed), inspectors and
 * approvers read but do not edit (403), the unit user reads and edits its own rooms' use.
 */
const expected: Record<Actor, Record<Family, number>> = {
  anonymous: {
    "api read": 401,
    "api write": 401,
    "ogc item": 401,
    "ogc items": 401,
    search: 401,
    tiles: 401,
  },
  public: { "api read": 403, "api write": 403, "ogc item": 403, "ogc items": 403, search: 403, tiles: 403 },
  "demo-admin": {
    "api read": 200,
    "api write": 200,
    "ogc item": 200,
    "ogc items": 200,
    search: 200,
    tiles: 200,
  },
  "demo-planner": {
    "api read": 200,
    "api write": 200,
    "ogc item": 200,
    "ogc items": 200,
    search: 200,
    tiles: 200,
  },
  "demo-inspector": {
    "api read": 200,
    "api write": 403,
    "ogc item": 200,
    "ogc items": 200,
    search: 200,
    tiles: 200,
  },
  "demo-approver": {
    "api read": 200,
    "api write": 403,
    "ogc item": 200,
    "ogc items": 200,
    search: 200,
    tiles: 200,
  },
  "demo-county": {
    "api read": 404,
    "api write": 404,
    "ogc item": 404,
    "ogc items": 200,
    search: 200,
    tiles: 200,
  },
  "demo-unit": {
    "api read": 200,
    "api write": 200,
    "ogc item": 200,
    "ogc items": 200,
    search: 200,
    tiles: 200,
  },
};

/** Whether the actor sees the unit's records in lists (search hits, OGC items). */
const seesInLists: Record<Actor, boolean> = {
  anonymous: false,
  public: false,
  "demo-admin": true,
  "demo-planner": true,
  "demo-inspector": true,
  "demo-approver": true,
  "demo-county": false,
  "demo-unit": true,
};

describe.each(testModes())("access matrix: role × endpoint family (%s)", (mode) => {
  let app: TestApp;
  const clients = new Map<Actor, Client>();
  let buildingId: number;
  let roomId: number;

  beforeAll(async () => {
    app = await openTestApp(mode);
    const db = app.database.db;
    buildingId = (
      await db
        .selectFrom("buildings")
        .select("id")
        .where("name", "=", "黑龙江省教育厅办公楼")
        .executeTakeFirstOrThrow()
    ).id;
    const unit = await db
      .selectFrom("units")
      .select("id")
      .where("name", "=", "黑龙江省教育厅")
      .executeTakeFirstOrThrow();
    roomId = (
      await db
        .selectFrom("rooms")
        .select("id")
        .where("occupant_unit_id", "=", unit.id)
        .where("building_id", "=", buildingId)
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow()
    ).id;
    const publicName = `public-${randomUUID().slice(0, 8)}`;
    await createUser(db, {
      username: publicName,
      displayName: "公众",
      passwordHash: await hashPassword("public-pass-2026"),
      regionCode: "230000",
      unitId: null,
      roles: ["public"],
    });
    clients.set("anonymous", app.anonymous);
    clients.set("public", await app.signIn(publicName, "public-pass-2026"));
    for (const actor of [
      "demo-admin",
      "demo-planner",
      "demo-inspector",
      "demo-approver",
      "demo-county",
      "demo-unit",
    ] as const) {
      clients.set(actor, await app.signIn(actor));
    }
  });
  afterAll(() => app.database.close());

  const version = async () =>
    (
      await app.database.db
        .selectFrom("rooms")
        .select("version")
        .where("id", "=", roomId)
        .executeTakeFirstOrThrow()
    ).version;

  const requests: Record<Family, (client: Client) => Promise<Response>> = {
    "api read": (client) => client.request(`/api/buildings/${buildingId}`),
    "api write": async (client) =>
      client.request(`/api/rooms/${roomId}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ version: await version(), function: "会议室" }),
      }),
    "ogc item": (client) => client.request(`/ogc/collections/buildings/items/${buildingId}`),
    "ogc items": (client) => client.request("/ogc/collections/buildings/items?limit=10000"),
    search: (client) => client.request(`/api/search?q=${encodeURIComponent("黑龙江省教育厅")}`),
    // z15 tile over 南岗区, Harbin.
    tiles: (client) => client.request("/tiles/buildings/15/27913/11690"),
  };

  const cases = (Object.keys(expected) as Actor[]).flatMap((actor) =>
    (Object.keys(requests) as Family[]).map((family) => [actor, family] as const),
  );

  it.each(cases)("%s · %s", async (actor, family) => {
    const client = clients.get(actor);
    if (!client) throw new Error(`no client for ${actor}`);
    const response = await requests[family](client);
    expect(response.status).toBe(expected[actor][family]);
    if (response.status !== 200) {
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toBe(
        { 401: "unauthorized", 403: "forbidden", 404: "not_found" }[response.status as 401 | 403 | 404],
      );
      return;
    }
    if (family === "search") {
      const { results } = (await response.json()) as { results: Array<{ name: string }> };
      expect(
        results.some((hit) => hit.name === "黑龙江省教育厅"),
        actor,
      ).toBe(seesInLists[actor]);
    }
    if (family === "ogc items") {
      const { features } = (await response.json()) as { features: Array<{ id: number }> };
      expect(
        features.some((feature) => feature.id === buildingId),
        actor,
      ).toBe(seesInLists[actor]);
    }
  });
});
