import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { type ErrorBody, send } from "./inventory-edit.support.js";
import { DEMO, demoScenarioId, idByName, type Scenario, type ScenarioBody } from "./scenarios.support.js";

describe.each(testModes())("scenarios: records, actions and roles (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let approver: SignedInClient;
  let county: SignedInClient;
  let unitUser: SignedInClient;
  let inspector: SignedInClient;

  beforeAll(async () => {
    app = await openTestApp(mode);
    [planner, approver, county, unitUser, inspector] = await Promise.all([
      app.signIn("demo-planner"),
      app.signIn("demo-approver"),
      app.signIn("demo-county"),
      app.signIn("demo-unit"),
      app.signIn("demo-inspector"),
    ]);
  });
  afterAll(async () => {
    await app.database.close();
  });

  it("lists the four demo scenarios of the province, each alternative a branch of its case", async () => {
    const { status, body } = await planner.json<{ scenarios: Scenario[] }>("/api/scenarios");
    expect(status).toBe(200);
    const byName = new Map(body.scenarios.map((scenario) => [scenario.name, scenario]));
    for (const name of Object.values(DEMO))
      expect(byName.get(name)).toMatchObject({ status: "draft", is_demo: true });
    const machinery = byName.get(DEMO.machinery) as Scenario;
    // 18 units move out, the SASAC moves in.
    expect(machinery.action_count).toBe(19);
    expect(machinery.region_code).toBe("230000");
    expect(byName.get(DEMO.machineryTogether)?.parent_scenario_id).toBe(machinery.id);
    expect(byName.get(DEMO.statisticsMove)?.parent_scenario_id).toBe(byName.get(DEMO.statistics)?.id);
    const one = await planner.json<ScenarioBody>(`/api/scenarios/${machinery.id}`);
    expect(one.body.scenario.actions?.[18]).toMatchObject({
      kind: "move",
      from: { unitId: await idByName(app, "units", "黑龙江省人民政府国有资产监督管理委员会") },
    });
    expect(one.body.scenario.stale).toBe(false);
  });

  it("creates, renames, appends, removes and replaces actions, copies and archives, all audited", async () => {
    const unitId = await idByName(app, "units", "黑龙江省机械研究院");
    const buildingId = await idByName(app, "buildings", "原黑龙江省机械工业厅办公楼");
    const created = await send<ScenarioBody>(planner, "POST", "/api/scenarios", {
      name: "测试方案",
      actions: [{ kind: "vacate", space: { unitId, buildingIds: [buildingId] } }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const scenario = created.body.scenario;
    expect(scenario).toMatchObject({
      name: "测试方案",
      status: "draft",
      region_code: "230000",
      version: 1,
      action_count: 1,
    });

    const renamed = await send<ScenarioBody>(planner, "PATCH", `/api/scenarios/${scenario.id}`, {
      version: 1,
      name: "测试方案（改）",
      description: "说明",
    });
    expect(renamed.body.scenario).toMatchObject({ name: "测试方案（改）", description: "说明", version: 2 });
    const stale = await send<ErrorBody>(planner, "PATCH", `/api/scenarios/${scenario.id}`, {
      version: 1,
      name: "x",
    });
    expect(stale.status).toBe(409);

    const appended = await send<ScenarioBody>(planner, "POST", `/api/scenarios/${scenario.id}/actions`, {
      version: 2,
      actions: [
        {
          kind: "lease_in",
          unitId,
          name: "临时租用",
          location: [126.65, 45.75],
          grossArea: 300,
          annualRent: 240000,
        },
        { kind: "end_lease", leaseId: "a1" },
      ],
    });
    expect(appended.status, JSON.stringify(appended.body)).toBe(200);
    expect(appended.body.scenario.actions?.map((action) => action.kind)).toEqual([
      "vacate",
      "lease_in",
      "end_lease",
    ]);
    const removed = await send<ScenarioBody>(
      planner,
      "DELETE",
      `/api/scenarios/${scenario.id}/actions/1?version=3`,
    );
    expect(removed.body.scenario.actions?.map((action) => action.kind)).toEqual(["vacate", "end_lease"]);
    const missing = await send<ErrorBody>(planner, "DELETE", `/api/scenarios/${scenario.id}/actions/7`);
    expect(missing.status).toBe(404);
    const replaced = await send<ScenarioBody>(planner, "POST", `/api/scenarios/${scenario.id}/actions`, {
      replace: true,
      actions: [{ kind: "dispose", buildingId, method: "auction" }],
    });
    expect(replaced.body.scenario).toMatchObject({ action_count: 1, version: 5 });

    const copy = await send<ScenarioBody>(planner, "POST", `/api/scenarios/${scenario.id}/copy`, {});
    expect(copy.status).toBe(201);
    expect(copy.body.scenario).toMatchObject({
      name: "测试方案（改）（副本）",
      parent_scenario_id: scenario.id,
      status: "draft",
      actions: [{ kind: "dispose", buildingId, method: "auction" }],
    });

    const archived = await send<ScenarioBody>(planner, "PATCH", `/api/scenarios/${scenario.id}`, {
      version: 5,
      status: "archived",
    });
    expect(archived.body.scenario.status).toBe("archived");
    const frozen = await send<ErrorBody>(planner, "POST", `/api/scenarios/${scenario.id}/actions`, {
      actions: [],
    });
    expect(frozen.status).toBe(409);
    const restored = await send<ScenarioBody>(planner, "PATCH", `/api/scenarios/${scenario.id}`, {
      version: 6,
      status: "draft",
    });
    expect(restored.body.scenario.status).toBe("draft");
    const validatedByPatch = await send<ErrorBody>(planner, "PATCH", `/api/scenarios/${scenario.id}`, {
      version: 7,
      status: "approved",
    });
    expect(validatedByPatch.status).toBe(400);
    expect(validatedByPatch.body.error.details[0]?.path).toBe("status");

    const audit = await app.database.db
      .selectFrom("audit_log")
      .select(["action", "entity", "scenario_id"])
      .where("entity", "=", "scenario")
      .where("entity_id", "=", String(scenario.id))
      .orderBy("id")
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual([
      "create",
      "update",
      "update",
      "update",
      "update",
      "update",
      "update",
    ]);
    expect(audit.every((entry) => entry.scenario_id === scenario.id)).toBe(true);
  });

  it("answers malformed actions with 400 naming the field", async () => {
    const cases: Array<[unknown, string]> = [
      [{ kind: "teleport", unitId: 1 }, "actions.0.kind"],
      [{ kind: "move", from: { unitId: 1 }, to: { buildingId: 2 }, speed: 3 }, "actions.0"],
      [{ kind: "move", from: { unitId: -4 }, to: { buildingId: 2 } }, "actions.0.from.unitId"],
      [{ kind: "swap", a: { unitId: 1, roomIds: [] }, b: { unitId: 2 } }, "actions.0.a.roomIds"],
      [
        { kind: "lease_in", unitId: 1, name: "x", location: [200, 45], grossArea: 10, annualRent: 1 },
        "actions.0.location.0",
      ],
      [{ kind: "dispose", buildingId: 3, method: "lend" }, "actions.0.method"],
      [{ kind: "chain", parties: [{ unitId: 1 }, { unitId: 2 }] }, "actions.0.parties"],
    ];
    for (const [action, path] of cases) {
      const { status, body } = await send<ErrorBody>(planner, "POST", "/api/scenarios", {
        name: "坏方案",
        actions: [action],
      });
      expect(status, JSON.stringify(action)).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(
        body.error.details.map((detail) => detail.path),
        JSON.stringify(body),
      ).toContain(path);
    }
    const unknownRegion = await send<ErrorBody>(app, "POST", "/api/scenarios", {
      name: "x",
      regionCode: "999900",
    });
    expect(unknownRegion.status).toBe(422);
  });

  it("keeps scenarios to the administration: unit users 403, anonymous 401, county staff in their region, approval to approvers", async () => {
    const id = await demoScenarioId(app, DEMO.statistics);
    expect((await unitUser.json<ErrorBody>("/api/scenarios")).status).toBe(403);
    expect((await send<ErrorBody>(unitUser, "POST", "/api/scenarios", { name: "x" })).status).toBe(403);
    expect((await app.anonymous.json<ErrorBody>("/api/scenarios")).status).toBe(401);
    // The county planner sees none of the province's scenarios and cannot plan one there.
    const countyList = await county.json<{ scenarios: Scenario[] }>("/api/scenarios");
    expect(countyList.body.scenarios.filter((scenario) => scenario.region_code === "230000")).toEqual([]);
    expect((await county.json<ErrorBody>(`/api/scenarios/${id}`)).status).toBe(404);
    expect(
      (await send<ErrorBody>(county, "POST", "/api/scenarios", { name: "x", regionCode: "230000" })).status,
    ).toBe(403);
    const own = await send<ScenarioBody>(county, "POST", "/api/scenarios", { name: "富裕县方案" });
    expect(own.body.scenario.region_code).toBe("230227");
    // Inspectors and approvers read but do not edit; planners do not approve.
    expect((await inspector.json(`/api/scenarios/${id}`)).status).toBe(200);
    expect(
      (await send<ErrorBody>(inspector, "PATCH", `/api/scenarios/${id}`, { version: 1, name: "x" })).status,
    ).toBe(403);
    expect(
      (await send<ErrorBody>(approver, "POST", `/api/scenarios/${id}/actions`, { actions: [] })).status,
    ).toBe(403);
    expect(
      (await send<ErrorBody>(planner, "POST", `/api/scenarios/${id}/approve`, { version: 1 })).status,
    ).toBe(403);
    const draft = await send<ErrorBody>(approver, "POST", `/api/scenarios/${id}/approve`, { version: 1 });
    expect(draft.status).toBe(422);
    expect(draft.body.error.message).toContain("validate it first");
  });
});
