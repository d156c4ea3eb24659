import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listScenarios, scenarioActions } from "../../server/db/repositories/scenario.repository.js";
import { unrestricted } from "../../server/db/scope.js";
import type { ComparisonRow, ValidationResult } from "../../server/domain/scenarios/scenario-model.js";
import { type Evaluation, evaluateScenario } from "../../server/http/routes/scenario-evaluation.js";
import { testModes } from "../support/databases.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";
import { type ErrorBody, send } from "./inventory-edit.support.js";
import { DEMO, demoScenarioId, idByName, type Scenario, type ScenarioBody } from "./scenarios.support.js";

type ValidateBody = { scenario: Scenario; validation: ValidationResult } & ErrorBody;
type ApplyBody = {
  scenario: Scenario;
  applied: { roomsChanged: number; leasesEnded: number };
  audit: string[];
} & ErrorBody;

describe.each(testModes())("scenarios: validate, compare, approve and apply (%s)", (mode) => {
  let app: TestApp;
  let planner: SignedInClient;
  let approver: SignedInClient;
  const ids: Record<keyof typeof DEMO, number> = {
    machinery: 0,
    machineryTogether: 0,
    statistics: 0,
    statisticsMove: 0,
  };

  beforeAll(async () => {
    app = await openTestApp(mode);
    [planner, approver] = await Promise.all([app.signIn("demo-planner"), app.signIn("demo-approver")]);
    for (const key of Object.keys(DEMO) as (keyof typeof DEMO)[])
      ids[key] = await demoScenarioId(app, DEMO[key]);
  });
  afterAll(async () => {
    await app.database.close();
  });

  const validate = (id: number) => send<ValidateBody>(planner, "POST", `/api/scenarios/${id}/validate`, {});
  const scenarioOf = async (id: number) =>
    (await planner.json<ScenarioBody>(`/api/scenarios/${id}`)).body.scenario;
  const approve = async (id: number) => {
    const { version } = await scenarioOf(id);
    return send<ScenarioBody>(approver, "POST", `/api/scenarios/${id}/approve`, { version });
  };
  const apply = async (id: number, version: number) =>
    send<ApplyBody>(approver, "POST", `/api/scenarios/${id}/apply`, { version });
  /** What the engine says the scenario does to the ledger as it is now. */
  const expected = async (id: number): Promise<Evaluation> => {
    const [row] = await listScenarios(app.database.db, unrestricted, { id });
    if (!row) throw new Error(`no scenario ${id}`);
    return evaluateScenario(app.database.db, row, await scenarioActions(app.database.db, id));
  };

  it("validates the four demo scenarios: the cross-level swap is within the equal-area tolerance, titles warned", async () => {
    for (const id of Object.values(ids)) {
      const { status, body } = await validate(id);
      expect(status, JSON.stringify(body)).toBe(200);
      expect(body.validation.valid, JSON.stringify(body.validation.issues)).toBe(true);
      expect(body.scenario.status).toBe("validated");
    }
    const swap = (await validate(ids.statistics)).body.validation;
    expect(swap.swaps).toHaveLength(1);
    const [balance] = swap.swaps;
    expect(balance?.withinTolerance).toBe(true);
    expect(Math.abs((balance?.areaA ?? 0) - (balance?.areaB ?? 0))).toBeCloseTo(balance?.difference ?? -1, 2);
    expect(swap.issues.map((issue) => [issue.code, issue.severity])).toContainEqual([
      "not_administration_titled",
      "warning",
    ]);
  });

  it("reports unknown ids as validation issues and keeps the scenario a draft", async () => {
    const created = await send<ScenarioBody>(planner, "POST", "/api/scenarios", {
      name: "未知单位",
      actions: [{ kind: "vacate", space: { unitId: 999_999 } }],
    });
    const { status, body } = await validate(created.body.scenario.id);
    expect(status).toBe(200);
    expect(body.validation.valid).toBe(false);
    expect(body.validation.issues[0]).toMatchObject({ action: 0, code: "unknown_unit", severity: "error" });
    expect(body.scenario.status).toBe("draft");
    expect(
      (
        await send<ErrorBody>(approver, "POST", `/api/scenarios/${created.body.scenario.id}/approve`, {
          version: body.scenario.version,
        })
      ).status,
    ).toBe(422);
  });

  it("compares scenarios in the contract's shape, best index in each row's direction, and exports XLSX", async () => {
    const query = `ids=${ids.machinery},${ids.machineryTogether},${ids.statisticsMove}`;
    const { status, body } = await planner.json<{ scenarios: Scenario[]; metrics: ComparisonRow[] }>(
      `/api/scenarios/compare?${query}`,
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.scenarios.map((scenario) => scenario.id)).toEqual([
      ids.machinery,
      ids.machineryTogether,
      ids.statisticsMove,
    ]);
    const rent = body.metrics.find((row) => row.key === "rentSavedPerYear");
    expect(rent).toMatchObject({ better: "higher", label: expect.any(String), labelEn: expect.any(String) });
    // Both machinery plans end the SASAC's lease; the statistics move ends none.
    expect(rent?.values[0]).toBeGreaterThan(0);
    expect(rent?.values[0]).toBe(rent?.values[1]);
    expect(rent?.values[2]).toBe(0);
    expect(rent?.best).toBe(0);
    for (const row of body.metrics) {
      expect(row.values).toHaveLength(3);
      if (row.best === null) expect(new Set(row.values).size).toBe(1);
      else {
        const best = row.values[row.best] as number;
        for (const value of row.values)
          expect(row.better === "lower" ? best <= value : best >= value).toBe(true);
      }
    }
    expect((await planner.json<ErrorBody>(`/api/scenarios/compare?ids=${ids.machinery}`)).status).toBe(400);
    expect((await planner.json<ErrorBody>(`/api/scenarios/compare?ids=${ids.machinery},999999`)).status).toBe(
      404,
    );

    const xlsx = await planner.request(`/api/scenarios/compare.xlsx?${query}`);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe("方案比选");
    const header = sheet?.getRow(2).values as unknown[];
    expect(header).toContain(DEMO.machinery);
    const labels = body.metrics.map((row) => row.label);
    const sheetLabels = [];
    for (let row = 3; row < 3 + labels.length; row += 1)
      sheetLabels.push(sheet?.getRow(row).getCell(1).value);
    expect(sheetLabels).toEqual(labels);
    const rentRow = sheet?.getRow(3 + labels.indexOf(rent?.label ?? "")) as ExcelJS.Row;
    expect(rentRow.getCell(3).value).toBe(rent?.values[0]);
  });

  it("flags a validated scenario stale after a live edit and refuses to approve it, naming the row", async () => {
    await validate(ids.statistics);
    expect((await scenarioOf(ids.statistics)).stale).toBe(false);
    const taxBuilding = await idByName(app, "buildings", "原黑龙江省地方税务局办公楼");
    const room = await app.database.db
      .updateTable("rooms")
      .set((eb) => ({ version: eb("version", "+", 1), function: "档案室" }))
      .where("id", "=", (eb) =>
        eb
          .selectFrom("rooms")
          .select((x) => x.fn.min("id").as("id"))
          .where("building_id", "=", taxBuilding),
      )
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await scenarioOf(ids.statistics)).stale).toBe(true);
    const refused = await approve(ids.statistics);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.map((detail) => detail.path)).toEqual([`rooms.${room.id}`]);
    // Validating again takes the new version: no longer stale, approvable.
    await validate(ids.statistics);
    expect((await approve(ids.statistics)).status).toBe(200);
  });

  it("applies one of two conflicting scenarios run at once; the other gets 409 and writes nothing", async () => {
    for (const id of [ids.machinery, ids.machineryTogether]) {
      await validate(id);
      expect((await approve(id)).status).toBe(200);
    }
    const plans = {
      [ids.machinery]: await expected(ids.machinery),
      [ids.machineryTogether]: await expected(ids.machineryTogether),
    };
    const [first, second] = await Promise.all(
      [ids.machinery, ids.machineryTogether].map(async (id) => apply(id, (await scenarioOf(id)).version)),
    );
    const outcomes = [first?.status, second?.status].sort();
    expect(outcomes).toEqual([200, 409]);
    const winner = first?.status === 200 ? ids.machinery : ids.machineryTogether;
    const loser = winner === ids.machinery ? ids.machineryTogether : ids.machinery;
    const refused = (first?.status === 409 ? first : second)?.body as ErrorBody;
    expect(refused.error.details.length).toBeGreaterThan(0);
    expect(refused.error.details[0]?.message).toMatch(/changed since validation/);
    expect((await scenarioOf(loser)).status).toBe("approved");
    const loserWrites = await app.database.db
      .selectFrom("audit_log")
      .select("id")
      .where("scenario_id", "=", loser)
      .where("entity", "<>", "scenario")
      .execute();
    expect(loserWrites).toEqual([]);

    // Diffing the ledger against the engine's state after the winner reproduces its actions.
    const plan = plans[winner] as Evaluation;
    const live = await app.database.db
      .selectFrom("rooms")
      .select(["id", "occupant_unit_id", "status"])
      .where("id", "in", [...plan.after.rooms.keys()])
      .execute();
    const liveById = new Map(live.map((row) => [row.id, row]));
    let changed = 0;
    for (const room of plan.after.rooms.values()) {
      const now = liveById.get(room.id);
      expect(now, `room ${room.id}`).toMatchObject({
        occupant_unit_id: room.occupantUnitId,
        status: room.status,
      });
      if (plan.before.rooms.get(room.id)?.occupantUnitId !== room.occupantUnitId) changed += 1;
    }
    const applied = (first?.status === 200 ? first : second)?.body as ApplyBody;
    expect(applied.scenario.status).toBe("applied");
    expect(applied.applied.roomsChanged).toBe(changed);
    expect(applied.applied.leasesEnded).toBe(1);
    const sasac = await idByName(app, "units", "黑龙江省人民政府国有资产监督管理委员会");
    expect(
      await app.database.db.selectFrom("leases_in").select("id").where("unit_id", "=", sasac).execute(),
    ).toEqual([]);
    // Every write is audited with the scenario's id, and the stored standard status was recomputed.
    const audit = await app.database.db
      .selectFrom("audit_log")
      .select(["entity", "action"])
      .where("id", "in", applied.audit)
      .execute();
    expect(audit.filter((entry) => entry.entity === "room")).toHaveLength(changed);
    expect(audit).toContainEqual({ entity: "scenario", action: "apply" });
    const withScenario = await app.database.db
      .selectFrom("audit_log")
      .select("id")
      .where("scenario_id", "=", winner)
      .where("id", "in", applied.audit)
      .execute();
    expect(withScenario).toHaveLength(applied.audit.length);
    const status = await app.database.db
      .selectFrom("unit_standard_status")
      .select("actual_core")
      .where("unit_id", "=", sasac)
      .executeTakeFirstOrThrow();
    const sasacArea = [...plan.after.rooms.values()]
      .filter((room) => room.occupantUnitId === sasac)
      .reduce((sum, room) => sum + room.usableArea, 0);
    expect(Number(status.actual_core)).toBeCloseTo(sasacArea, 2);

    // Applied is final: no second apply, no edits, and the metrics stay as recorded.
    expect((await apply(winner, applied.scenario.version)).status).toBe(409);
    expect(
      (await send<ErrorBody>(planner, "POST", `/api/scenarios/${winner}/actions`, { actions: [] })).status,
    ).toBe(409);
    const metrics = await planner.json<{
      recorded: boolean;
      metrics: { after: { rentSavedPerYear: number } };
    }>(`/api/scenarios/${winner}/metrics`);
    expect(metrics.body.recorded).toBe(true);
    expect(metrics.body.metrics.after.rentSavedPerYear).toBe(plan.metrics.after.rentSavedPerYear);
  });

  it("serves metrics with the flows the map draws as arcs", async () => {
    const { status, body } = await planner.json<{
      metrics: { flows: Array<{ from: number[]; to: number[]; distanceMeters: number }> };
      buildings: Array<{ id: number; name: string }>;
    }>(`/api/scenarios/${ids.statisticsMove}/metrics`);
    expect(status).toBe(200);
    expect(body.metrics.flows.length).toBeGreaterThan(0);
    for (const flow of body.metrics.flows) {
      expect(flow.from).toHaveLength(2);
      expect(flow.distanceMeters).toBeGreaterThan(0);
    }
    expect(body.buildings.map((building) => building.name)).toContain("国家统计局黑龙江调查总队办公楼（一）");
  });
});
