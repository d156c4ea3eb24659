import { sql } from "kysely";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { findChromium } from "../support/browser.js";
import { requireOrExplain } from "../support/environment.js";
import type { ServedApp } from "../support/served-app.js";
import { realErrors, signInAs, useServedWorkbench, type WorkbenchPage } from "../support/workbench-page.js";

const chromiumPath = findChromium();

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "an allocation request filed by a unit and decided by the administration (Chromium)",
  { timeout: 120_000 },
  () => {
    let served: ServedApp | undefined;
    let workbench: WorkbenchPage | undefined;
    let page: Page;
    let education = 0;

    useServedWorkbench(chromiumPath as string, "requests", async (app, opened) => {
      served = app;
      education = (
        await app.database.db
          .selectFrom("units")
          .select("id")
          .where("name", "=", "黑龙江省教育厅")
          .executeTakeFirstOrThrow()
      ).id;
      workbench = opened;
      page = opened.page;
    });
    const shoot = (name: string) => (workbench as WorkbenchPage).shoot(name);
    const panel = () => page.locator("fangtu-requests-panel");
    const detail = () => page.locator("fangtu-request-detail");

    it("shows a unit user their unit's position from the ledger and files a request", async () => {
      await page.goto(`${served?.base}/#r=230100`);
      await signInAs(page, "demo-unit");
      await page.locator("button.open-requests").click();
      const position = panel().locator("table.position");
      await position.waitFor({ timeout: 30_000 });
      const text = (await position.textContent()) ?? "";
      expect(text).toMatch(/基本办公用房合计/);
      expect(text).toMatch(/m²/);
      // The unit is short of its entitlement: the panel says by how much before anything is filed.
      await expect(panel().locator("p.short").textContent()).resolves.toMatch(/缺口 [\d.,]+ m²/);
      await expect(panel().locator("table.requests, p.empty").first().textContent()).resolves.toMatch(
        /没有符合条件的调配申报/,
      );

      await panel().locator("input[name=area]").fill("120");
      // More than the shortfall: flagged before the server caps it.
      await expect(panel().locator(".shortfall-note").textContent()).resolves.toMatch(/最多调配/);
      await panel().locator("textarea[name=reason]").fill("新设处室，需增加办公用房");
      await panel().locator("input[name=neededBy]").fill("2027-03-01");
      await shoot("unit-form");
      await panel().locator("button.file-request").click();
      const row = panel().locator("table.requests tbody tr");
      await row.first().waitFor();
      await expect(row.count()).resolves.toBe(1);
      const listed = (await row.first().textContent()) ?? "";
      expect(listed).toMatch(/黑龙江省教育厅/);
      expect(listed).toMatch(/120 m²/);
      expect(listed).toMatch(/已申报/);
      await shoot("unit-filed");
      const { rows } = await sql<{ unit_id: number; requested_area: string; needed_by: string }>`
        select unit_id, requested_area::text, needed_by::text from allocation_requests`.execute(
        (served as ServedApp).database.db,
      );
      expect(rows).toEqual([{ unit_id: education, requested_area: "120.00", needed_by: "2027-03-01" }]);
    });

    it("lets the planner prepare at least two plans in the order of preference", async () => {
      await page.locator("button.sign-out").click();
      await signInAs(page, "demo-planner");
      await page.locator("button.open-requests").click();
      await panel().locator("select[name=status]").selectOption("submitted");
      const row = panel().locator("table.requests tbody tr");
      await row.first().waitFor({ timeout: 30_000 });
      await row.first().click();
      await detail().locator("dl.check").waitFor();
      await expect(detail().locator("dl.check").textContent()).resolves.toMatch(/可调配面积/);
      await detail().locator("button.prepare-plans").click();
      const plans = detail().locator("table.request-plans");
      await plans.waitFor({ timeout: 60_000 });
      const headers = await plans.locator("thead th[data-plan]").allTextContents();
      expect(headers.length).toBeGreaterThanOrEqual(2);
      const order = ["调剂", "置换", "租用", "建设"];
      const methods = headers.map((header) => order.findIndex((method) => header.includes(method)));
      expect(methods.every((index) => index >= 0)).toBe(true);
      expect(methods).toEqual([...methods].sort((a, b) => a - b));
      expect(headers[0]).toMatch(/调剂/);
      // The comparison shows areas in m² and costs in 万元.
      const figures = (await plans.textContent()) ?? "";
      expect(figures).toMatch(/m²/);
      expect(figures).toMatch(/万元/);
      await shoot("plans");
    });

    it("chooses the first plan after a confirmation saying what will be written, and shows the rooms", async () => {
      await detail().locator("button.choose-plan").first().click();
      const confirm = detail().locator(".confirm");
      await confirm.waitFor();
      const text = (await confirm.textContent()) ?? "";
      expect(text).toMatch(/分配给 黑龙江省教育厅/);
      expect(text).toMatch(/审计日志/);
      expect(text).toMatch(/未采用/);
      await shoot("confirm");
      await confirm.locator("button.confirm-plan").click();
      const decision = detail().locator("section.decision");
      await decision.waitFor({ timeout: 30_000 });
      await expect(decision.textContent()).resolves.toMatch(/已分配房间（\d+ 间/);
      await expect(detail().locator("h3 .tag").first().textContent()).resolves.toBe("已决定");
      await shoot("decided");

      const db = (served as ServedApp).database.db;
      const { rows } = await sql<{ status: string; plans: string[] }>`
        select r.status, array_agg(p.status order by p.rank) as plans from allocation_requests r
        join allocation_plans p on p.request_id = r.id group by r.status`.execute(db);
      expect(rows[0]?.status).toBe("decided");
      expect(rows[0]?.plans[0]).toBe("chosen");
      expect(rows[0]?.plans.slice(1).every((status) => status === "rejected")).toBe(true);
      const assigned = await sql<{ n: number; audited: number }>`
        select count(*)::int as n,
          (select count(*)::int from audit_log a where a.entity = 'room'
             and a.entity_id in (select id::text from rooms where occupant_unit_id = ${education}
               and id = any(select (jsonb_array_elements(jsonb_array_elements(p.details->'buildings')->'rooms')->>'id')::int
                            from allocation_plans p where p.status = 'chosen'))) as audited
        from rooms where occupant_unit_id = ${education} and status = 'in_use'
          and id = any(select (jsonb_array_elements(jsonb_array_elements(p.details->'buildings')->'rooms')->>'id')::int
                       from allocation_plans p where p.status = 'chosen')`.execute(db);
      expect(assigned.rows[0]?.n).toBeGreaterThan(0);
      expect(assigned.rows[0]?.audited).toBe(assigned.rows[0]?.n);
    });

    it("made no console errors", () => {
      expect(realErrors(workbench?.consoleErrors ?? [])).toEqual([]);
    });
  },
);
