import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { findChromium } from "../support/browser.js";
import { requireOrExplain } from "../support/environment.js";
import type { ServedApp } from "../support/served-app.js";
import { realErrors, signInAs, useServedWorkbench, type WorkbenchPage } from "../support/workbench-page.js";

const chromiumPath = findChromium();

type Totals = Record<string, number>;

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "the supervision dashboard: figures, drill-down and the lists behind the numbers (Chromium)",
  { timeout: 180_000 },
  () => {
    let served: ServedApp | undefined;
    let workbench: WorkbenchPage | undefined;
    let page: Page;
    let fuyuUnit = 0;

    useServedWorkbench(chromiumPath as string, "dashboard", async (app, opened) => {
      served = app;
      workbench = opened;
      page = opened.page;
      // Findings of a Fuyu unit, for the findings chart and the link to the finding ledger.
      const unit = await app.database.db
        .selectFrom("units")
        .select(["id", "region_code"])
        .where("region_code", "=", "230227")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      fuyuUnit = unit.id;
      await app.database.db
        .insertInto("findings")
        .values(
          ["open", "open", "rectifying"].map((status, index) => ({
            region_code: unit.region_code,
            unit_id: unit.id,
            rule: "over_standard_office",
            severity: "medium" as const,
            description: `看板测试 ${index}`,
            status,
            created_at: new Date(Date.now() - (index * 50 + 3) * 86_400_000),
          })),
        )
        .execute();
    });
    const shoot = (name: string) => (workbench as WorkbenchPage).shoot(name);
    const tab = () => page.locator("fangtu-sv-dashboard");
    const hash = () => new URL(page.url()).hash;
    const apiTotals = (region: string) =>
      page.evaluate(
        async (code) =>
          ((await (await fetch(`/api/dashboard?region=${code}`)).json()) as { totals: Totals }).totals,
        region,
      );

    /** Waits for the tab to show `name` as the last crumb and the figures of `code` (a slow machine: 90 s). */
    async function shows(name: string, code: string): Promise<void> {
      await tab().locator(`.cards[data-region='${code}']`).waitFor({ timeout: 90_000 });
      await tab()
        .locator(`nav.crumbs [aria-current="page"]`)
        .filter({ hasText: name })
        .waitFor({ timeout: 60_000 });
      await tab().locator(".cards .card").first().waitFor({ timeout: 60_000 });
    }

    /**
     * Clicks the map where the region `code` is drawn on top, or (`{ unit: 0 }`) where any unit is;
     * answers what it clicked (units in one building share a point, so the test takes the top one).
     */
    async function clickOnMap(target: { code: string } | { unit: 0 }): Promise<Record<string, unknown>> {
      const map = tab().locator(".map");
      await tab().locator(".map[data-ready]").waitFor({ timeout: 60_000 });
      const pixel = await page.waitForFunction(
        (wanted) => {
          const root = document
            .querySelector("fangtu-app")
            ?.shadowRoot?.querySelector("fangtu-supervision")
            ?.shadowRoot?.querySelector("fangtu-sv-dashboard") as
            | (HTMLElement & {
                dashboardMap?: {
                  map: {
                    getCanvas(): HTMLCanvasElement;
                    isMoving(): boolean;
                    queryRenderedFeatures(
                      point: [number, number],
                      options: { layers: string[] },
                    ): Array<{ properties: Record<string, unknown> }>;
                  };
                };
              })
            | null;
          const map = root?.dashboardMap?.map;
          if (!map || map.isMoving()) return null;
          const { width, height } = map.getCanvas().getBoundingClientRect();
          for (let y = 4; y < height; y += 4)
            for (let x = 4; x < width; x += 4) {
              const hit = map.queryRenderedFeatures([x, y], { layers: ["area-fill", "unit-circle"] })[0];
              const properties = hit?.properties ?? {};
              if ("code" in wanted ? properties.code === wanted.code : properties.kind === "unit")
                return [x, y, properties];
            }
          return null;
        },
        target,
        { timeout: 60_000, polling: 500 },
      );
      const [x, y, properties] = (await pixel.jsonValue()) as [number, number, Record<string, unknown>];
      await map.click({ position: { x, y } });
      return properties;
    }

    async function expectCardsEqual(totals: Totals, cards: Locator): Promise<void> {
      for (const [figure, value] of Object.entries(totals)) {
        const shown = await cards.locator(`.card[data-figure=${figure}] .value`).getAttribute("data-value");
        expect(Number(shown), figure).toBeCloseTo(value, 2);
      }
    }

    it("opens 数据看板 with the province's figures equal to the API's", async () => {
      await page.goto(`${served?.base}/#r=230000`);
      await signInAs(page, "demo-admin");
      await page.locator("button.open-supervision[data-tab=dashboard]").click();
      await shows("黑龙江省", "230000");
      const totals = await apiTotals("230000");
      await expectCardsEqual(totals, tab().locator(".cards"));
      const gross = (await tab().locator(".card[data-figure=grossArea] .value").textContent()) ?? "";
      expect(gross.replaceAll(",", "")).toContain(`${Math.round(totals.grossArea ?? 0)} m²`);
      await expect(tab().locator(".card[data-figure=annualRentOutside]").textContent()).resolves.toMatch(
        /万元/,
      );
      await tab().locator(".children-chart[data-ready]").waitFor({ timeout: 60_000 });
      await tab().locator(".trend-chart[data-ready]").waitFor({ timeout: 60_000 });
      await tab().locator(".map[data-ready]").waitFor({ timeout: 60_000 });
      await shoot("province");
    });

    it("drills province → 齐齐哈尔市 → 富裕县 → a unit through the tables; the breadcrumb goes back", async () => {
      await tab().locator("table.children tr[data-region='230200'] button.drill").click();
      await shows("齐齐哈尔市", "230200");
      expect(hash()).toContain("svq=region%3D230200");
      await expectCardsEqual(await apiTotals("230200"), tab().locator(".cards"));
      await tab().locator("table.children tr[data-region='230227'] button.drill").click();
      await shows("富裕县", "230227");
      await expectCardsEqual(await apiTotals("230227"), tab().locator(".cards"));
      await tab().locator("table.units tbody tr").first().waitFor();
      await shoot("fuyu");
      await tab().locator(`table.units tr[data-unit='${fuyuUnit}'] button.unit-drill`).click();
      const unit = tab().locator("fangtu-sv-dashboard-unit section.dashboard-unit");
      await unit.waitFor({ timeout: 60_000 });
      expect(hash()).toContain(`unit%3D${fuyuUnit}`);
      const office = await page.evaluate(
        async (id) =>
          ((await (await fetch(`/api/dashboard/units/${id}`)).json()) as { areaByCategory: Totals })
            .areaByCategory.office,
        fuyuUnit,
      );
      const shown = (await unit.locator("dd[data-category=office]").textContent()) ?? "";
      expect(Number(shown.replace(/[^\d.]/g, ""))).toBeCloseTo(office ?? -1, 2);
      await expect(unit.locator("table.entitlement").textContent()).resolves.toMatch(/核定|m²/);
      await shoot("unit");
      await tab().locator("nav.crumbs button.crumb[data-region='230000']").click();
      await shows("黑龙江省", "230000");
    });

    it("drills province → 齐齐哈尔市 → 富裕县 → a unit on the map", async () => {
      await clickOnMap({ code: "230200" });
      await shows("齐齐哈尔市", "230200");
      await clickOnMap({ code: "230227" });
      await shows("富裕县", "230227");
      await shoot("fuyu-map");
      const picked = await clickOnMap({ unit: 0 });
      await tab()
        .locator(`fangtu-sv-dashboard-unit section[data-unit='${Number(picked.id)}']`)
        .waitFor({ timeout: 60_000 });
      expect(hash()).toContain(`unit%3D${Number(picked.id)}`);
      await shoot("unit-from-map");
      await tab().locator("fangtu-sv-dashboard-unit button.back").click();
      await shows("富裕县", "230227");
    });

    it("opens the list behind a number with a matching count, and a row opens the unit", async () => {
      const card = tab().locator(".card[data-figure=unitsOverStandard] .value");
      const count = Number(await card.getAttribute("data-value"));
      expect(count).toBeGreaterThan(0);
      await card.locator("button.number").click();
      const list = tab().locator("fangtu-sv-dashboard-list");
      await list.locator("p.summary").waitFor({ timeout: 60_000 });
      expect(hash()).toContain("list%3Dunits_over_standard");
      await expect(list.locator("table.list tbody tr").count()).resolves.toBe(count);
      expect(Number(await list.locator("p.summary").getAttribute("data-count"))).toBe(count);
      await shoot("list-units-over");
      await list.locator("button.back").click();
      await shows("富裕县", "230227");
      // An area figure: its list's rows add up to the card.
      const idle = Number(
        await tab().locator(".card[data-figure=idleArea] .value").getAttribute("data-value"),
      );
      await tab().locator(".card[data-figure=idleArea] button.number").click();
      await list.locator("p.summary").waitFor({ timeout: 60_000 });
      expect(Number(await list.locator("p.summary").getAttribute("data-total"))).toBeCloseTo(idle, 2);
      await shoot("list-idle");
      // A building row opens in the workbench: the supervision view closes, the inspector shows it.
      await list.locator("table.list tbody tr").first().locator("button.open-record").click();
      await page.locator("fangtu-building-inspector").waitFor({ timeout: 60_000 });
      expect(hash()).not.toContain("sv=");
      expect(hash()).toMatch(/sel=b:\d+/);
    });

    it("links an open-findings number to the finding ledger tab with the filter in the link", async () => {
      // Back from the workbench through the left panel: the tab opens on the region in focus.
      await page.locator("button.open-supervision[data-tab=dashboard]").click();
      await shows("黑龙江省", "230000");
      await tab().locator("table.children tr[data-region='230200'] button.drill").click();
      await shows("齐齐哈尔市", "230200");
      await tab().locator("table.children tr[data-region='230227'] button.drill").click();
      await shows("富裕县", "230227");
      await tab().locator(".findings-chart[data-ready]").waitFor({ timeout: 60_000 });
      const open = tab().locator(".card[data-figure=openFindings] button.number[data-status=open]");
      await expect(open.textContent()).resolves.toBe("2");
      await shoot("findings-chart");
      await open.click();
      await page.waitForFunction(() => location.hash.includes("sv=findings"));
      expect(hash()).toContain("sv=findings&svq=region%3D230227%26status%3Dopen");
      await expect(
        page.locator("fangtu-supervision [role=tab][aria-selected=true]").textContent(),
      ).resolves.toMatch(/问题台账/);
      expect(realErrors(workbench?.consoleErrors ?? [])).toEqual([]);
    });
  },
);
