import type { ScenarioAction } from "../../server/domain/scenarios/scenario-model.js";
import type { TestApp } from "../support/test-app.js";
import type { ErrorBody } from "./inventory-edit.support.js";

export interface Scenario {
  id: number;
  name: string;
  description: string | null;
  region_code: string;
  status: "draft" | "validated" | "approved" | "applied" | "archived";
  parent_scenario_id: number | null;
  version: number;
  action_count: number;
  stale: boolean;
  is_demo: boolean;
  actions?: ScenarioAction[];
}
export type ScenarioBody = { scenario: Scenario; audit: string[] } & ErrorBody;

/** The demo scenarios (demo-scenarios.ts) by name. */
export const DEMO = {
  machinery: "机械工业厅办公楼等面积置换腾空",
  machineryTogether: "机械工业厅办公楼腾空（备选：集中迁入单一闲置楼宇）",
  statistics: "统计调查总队与地税局办公楼置换",
  statisticsMove: "统计调查总队迁入闲置楼宇（备选：不置换）",
} as const;

export async function demoScenarioId(app: TestApp, name: string): Promise<number> {
  const row = await app.database.db
    .selectFrom("scenarios")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function idByName(app: TestApp, table: "units" | "buildings", name: string): Promise<number> {
  const row = await app.database.db
    .selectFrom(table)
    .select("id")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}
