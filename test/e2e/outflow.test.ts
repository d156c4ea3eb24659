import { sql } from "kysely";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { findChromium } from "../support/browser.js";
import { requireOrExplain } from "../support/environment.js";
import type { ServedApp } from "../support/served-app.js";
import {
  realErrors,
  signInAs,
  useServedWorkbench,
  type WorkbenchPage,
  waitForStillMap,
} from "../support/workbench-page.js";

const chromiumPath = findChromium();
const MACHINERY = "原黑龙江省机械工业厅办公楼";

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "commercial separation, disposal options and startup space in the workbench (Chromium)",
  { timeout: 180_000 },
  () => {
    let served: ServedApp;
    let workbench: WorkbenchPage | undefined;
    let page: Page;
    const dialogs: string[] = [];
    /** The machinery building's leased-out rooms (its ground-floor shops), as the demo seeds them. */
    let leased: Array<{ id: number; number: string }>;
    /** A whole idle Harbin building the demo marks for startup space. */
    let harbin: { id: number; name: string; lng: number; lat: number };

    useServedWorkbench(chromiumPath as string, "outflow", async (app, opened) => {
      served = app;
      const db = app.database.db;
      leased = (
        await sql<{ id: number; number: string }>`select r.id, r.number from rooms r
          join floors f on f.id = r.floor_id join buildings b on b.id = f.building_id
          where b.name = ${MACHINERY} and r.status = 'leased_out' order by r.id`.execute(db)
      ).rows;
      const found = await sql<typeof harbin>`select id, name, st_x(st_centroid(footprint)) as lng,
          st_y(st_centroid(footprint)) as lat from buildings
        where note like '%创业孵化%' and name like '哈尔滨市%' order by id limit 1`.execute(db);
      harbin = found.rows[0] as typeof harbin;
      workbench = opened;
      page = opened.page;
      page.on("dialog", (dialog) => dialogs.push(dialog.message()));
    });
    const shoot = (name: string) => (workbench as WorkbenchPage).shoot(name);
    const inspector = () => page.locator("fangtu-building-inspector");

    const openBuilding = async (name: string, query: string) => {
      const search = page.locator("fangtu-search input");
      await search.fill(query);
      await page.locator("fangtu-search li[role=option]", { hasText: name }).first().waitFor();
      await page.locator("fangtu-search li[role=option]", { hasText: name }).first().click();
      await expect(inspector().locator("h2.name").textContent()).resolves.toBe(name);
    };

    it("separates the machinery building's leased-out shop-front into the commercial register", async () => {
      expect(leased.length).toBe(8);
      await page.goto(served.base);
      await signInAs(page, "demo-planner");
      await openBuilding(MACHINERY, "机械工业厅");
      const section = inspector().locator("fangtu-commercial-section");
      await section.locator("p.empty", { hasText: "暂无经营性用房台账" }).waitFor();
      for (const room of leased) await section.locator(`input.separable[data-room="${room.id}"]`).check();
      await section.locator("select[name=origin]").selectOption("shop_front");
      await section.locator("button.separate").click();
      // The confirmation names every room and the total area.
      await page.locator("fangtu-toasts", { hasText: "已分离为经营性用房：8 间" }).waitFor();
      const confirmation = dialogs.at(-1) ?? "";
      for (const room of leased) expect(confirmation).toContain(room.number);
      expect(confirmation).toMatch(/8 间房（合计 [\d,]+ m²）/);
      // The register entry shows up with its leases, and the rooms now read 经营性用房.
      await section.locator("ul.register li[data-entry]").waitFor();
      await expect(section.locator("ul.register").textContent()).resolves.toMatch(/租金 [\d.,]+ 万元\/年/);
      // The lease that ended on 2025-12-31 is flagged in the register.
      await expect(
        section.locator("li.expiring", { hasText: "2025-12-31" }).textContent(),
      ).resolves.toContain("已到期");
      const statuses = await inspector()
        .locator("table.floor-rooms tbody tr td:nth-child(5)")
        .allTextContents();
      expect(statuses.filter((status) => status === "经营性用房").length).toBe(8);
      expect(await section.locator("input.separable").count()).toBe(0);
      const rooms = await sql<{ status: string }>`select status from rooms
        where id in (${sql.join(leased.map((room) => room.id))})`.execute(served.database.db);
      expect(rooms.rows.every((row) => row.status === "commercial")).toBe(true);
      await section.scrollIntoViewIfNeeded();
      await shoot("separated");
    });

    it("lists the disposal options of a Harbin idle building, without lending, and records one", async () => {
      await openBuilding(harbin.name, harbin.name);
      const disposal = inspector().locator("fangtu-disposal-options");
      await disposal.locator("li[data-method]").first().waitFor();
      const methods = await disposal
        .locator("li[data-method]")
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.method));
      expect(methods).toEqual(["reallocation", "change_of_use", "swap", "lease", "auction", "demolition"]);
      await expect(disposal.textContent()).resolves.not.toMatch(/出借\s*(可用|不适用)/);
      // Lease needs the commercial register first: it does not apply, and says why.
      await expect(disposal.locator('li[data-method="lease"]').textContent()).resolves.toMatch(
        /不适用：办公用房不得出租.*经营用房/,
      );
      await disposal.scrollIntoViewIfNeeded();
      await shoot("disposal-options");
      await disposal.locator("select[name=method]").selectOption("change_of_use");
      await disposal.locator("button.record").click();
      await page.locator("fangtu-toasts", { hasText: "已记录处置方式：改变用途" }).waitFor();
      expect(dialogs.at(-1)).toContain(harbin.name);
      const recorded = await sql<{ method: string }>`select method from disposals
        where building_id = ${harbin.id}`.execute(served.database.db);
      expect(recorded.rows.map((row) => row.method)).toEqual(["change_of_use"]);
    });

    it("proposes the top Harbin idle building as startup space from the site finder", async () => {
      await page.locator("button.open-sites").click();
      const panel = page.locator("fangtu-sites-panel");
      await panel.locator("h2").waitFor();
      await page.evaluate((center) => window.fangtuLiveMap()?.jumpTo({ center, zoom: 12 }), [
        harbin.lng,
        harbin.lat,
      ] as [number, number]);
      await waitForStillMap(page);
      await panel.locator("input[name=inView]").check();
      await panel.locator("select[name=targetUse]").selectOption("startup_incubator");
      await panel.locator("button.find-sites").click();
      await panel.locator("li.site").first().waitFor({ timeout: 60_000 });
      const site = panel.locator("li.site", { hasText: /哈尔滨市/ }).first();
      const name = (await site.locator(".site-name").textContent())?.trim() ?? "";
      await site.locator("button.propose").click();
      const card = site.locator("fangtu-conversion-card");
      expect(await card.locator("select[name=use]").inputValue()).toBe("startup_incubator");
      await card.locator("input[name=name]").fill("哈尔滨市高校毕业生创业孵化基地（e2e）");
      await card.locator("input[name=area]").fill("500");
      await card.locator("input[name=cost]").fill("300");
      await card.locator("button.submit-conversion").click();
      await card.locator(".conversion-status[data-status=proposed]").waitFor({ timeout: 30_000 });
      const proposed = await sql<{ target_use: string; region_code: string }>`select target_use, region_code
        from conversions where name = '哈尔滨市高校毕业生创业孵化基地（e2e）'`.execute(served.database.db);
      expect(proposed.rows).toEqual([
        { target_use: "startup_incubator", region_code: expect.stringMatching(/^2301/) },
      ]);
      expect(name).toMatch(/^哈尔滨市/);
      await shoot("startup-proposed");
      expect(realErrors(workbench?.consoleErrors ?? [])).toEqual([]);
    });
  },
);
