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

/** 富裕镇, the seat of 富裕县. */
const FUYU_TOWN: [number, number] = [124.457, 47.798];
const FUYU_VACATED = "富裕县原县直机关办公楼（已腾退）";
const PROPOSAL = "富裕县老年人活动中心改造（e2e）";

/** A whole number out of text like "12,345 人". */
const people = (text: string | null) =>
  Number(/([\d,]+)\s*人/.exec(text ?? "")?.[1]?.replaceAll(",", "") ?? "NaN");

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "idle sites to public use in the workbench (Chromium)",
  { timeout: 180_000 },
  () => {
    let served: ServedApp;
    let workbench: WorkbenchPage | undefined;
    let page: Page;

    useServedWorkbench(chromiumPath as string, "sites", (app, opened) => {
      served = app;
      workbench = opened;
      page = opened.page;
    });
    const shoot = (name: string) => (workbench as WorkbenchPage).shoot(name);
    const panel = () => page.locator("fangtu-sites-panel");
    const fuyuSite = () => panel().locator("li.site", { hasText: FUYU_VACATED });
    const card = () => fuyuSite().locator("fangtu-conversion-card");
    const status = () => card().locator(".conversion-status");

    /** Searches with the panel's form and waits for the ranked list; the names in rank order. */
    const search = async (targetUse: string) => {
      await panel().locator("select[name=targetUse]").selectOption(targetUse);
      await panel().locator("button.find-sites").click();
      await panel().locator("li.site").first().waitFor({ timeout: 60_000 });
      await panel().locator(".progress").waitFor({ state: "detached" });
      return panel().locator("li.site .site-name").allTextContents();
    };

    it("ranks the vacated Fuyu building among the top three community-use sites around 富裕镇", async () => {
      await page.goto(`${served.base}/#c=${FUYU_TOWN[0]},${FUYU_TOWN[1]}&z=13.00&r=230227`);
      await signInAs(page, "demo-planner");
      await page.locator("button.open-sites").waitFor();
      await page.locator("button.open-sites").click();
      await panel().locator("h2").waitFor();
      // The panel narrows the map: centre 富裕镇 in what is left, about 10 km across.
      await page.evaluate((center) => window.fangtuLiveMap()?.jumpTo({ center, zoom: 13 }), FUYU_TOWN);
      await waitForStillMap(page);
      await panel().locator("input[name=inView]").check();
      const names = await search("people_home");
      expect(names.slice(0, 3), names.join("\n")).toContain(FUYU_VACATED);
      await shoot("people-home");
    });

    it("finds elderly-centre sites with the Fuyu building's score explained and the sites on the map", async () => {
      const names = await search("elderly_club");
      expect(names, names.join("\n")).toContain(FUYU_VACATED);
      // Its score explained: a bar per weighted criterion, the parts adding up to the score.
      const rows = fuyuSite().locator("table.breakdown tr");
      expect(await rows.count()).toBeGreaterThanOrEqual(5);
      const parts = (await fuyuSite().locator("table.breakdown td.number").allTextContents()).map(Number);
      const score = Number(await fuyuSite().locator(".score").textContent());
      expect(parts.reduce((sum, part) => sum + part, 0)).toBeCloseTo(score, 0);
      await expect(fuyuSite().locator(".site-facts").textContent()).resolves.toMatch(/直线距离.*\d+ 人/s);
      // The weights shown sum to 100 %; the sites are drawn on the map.
      await expect(panel().locator(".weight-sum").textContent()).resolves.toMatch(/合计 100%/);
      const counts = await page.evaluate(() => {
        const element = document.querySelector("fangtu-app")?.shadowRoot?.querySelector("fangtu-map") as
          | (HTMLElement & { mapView?: { analysisCounts(): Record<string, number> } })
          | null;
        return element?.mapView?.analysisCounts() ?? {};
      });
      expect(counts.sites).toBe(names.length);
      await shoot("found");
    });

    it("blocks the search while the weights do not sum to 100 %", async () => {
      await panel().locator("input[name=weight-area]").fill("55");
      await expect(panel().locator(".weight-sum").textContent()).resolves.toMatch(/须为 100%/);
      expect(await panel().locator("button.find-sites").isDisabled()).toBe(true);
      await panel().locator(".weight-sum button.link").click();
      expect(await panel().locator("button.find-sites").isDisabled()).toBe(false);
    });

    it("shows the population the Fuyu building would newly cover", async () => {
      await fuyuSite().locator(".site-head input[type=checkbox]").check();
      await panel().locator("button.run-coverage").click();
      const gained = panel().locator("dl.coverage dd.gained");
      await gained.waitFor({ timeout: 60_000 });
      expect(people(await gained.textContent())).toBeGreaterThan(0);
      await expect(panel().locator("dl.coverage").textContent()).resolves.toMatch(/现状覆盖人口/);
      await expect(
        panel().locator(".coverage-heading, h3", { hasText: "覆盖分析" }).first().textContent(),
      ).resolves.toMatch(/直线距离/);
      await panel().locator("button.run-allocation").click();
      await panel().locator(".allocation").waitFor({ timeout: 60_000 });
      await expect(panel().locator(".allocation").textContent()).resolves.toMatch(
        /最优解（HiGHS）[\s\S]*贪心选择/,
      );
      await shoot("coverage");
    });

    /** Signs in again as another demo account and opens the conversions register of the site panel. */
    const switchTo = async (username: string) => {
      await page.locator("button.sign-out").click();
      await signInAs(page, username);
      await page.locator("button.open-sites").click();
      await panel().locator("button.open-conversions").click();
      return panel().locator("section.conversions fangtu-conversion-card", { hasText: PROPOSAL });
    };

    it("proposes its conversion, which the approver approves in the register", async () => {
      await fuyuSite().locator("button.propose").click();
      await card().locator("input[name=name]").fill(PROPOSAL);
      // As in Fuyu: an 老年人俱乐部 and a 群众之家 in the one building.
      await card().locator("input[name=useName]").fill("富裕县老年人俱乐部");
      await card().locator("input[name=area]").fill("2900");
      await card().locator("select[name=use2]").selectOption("people_home");
      await card().locator("input[name=useName2]").fill("富裕县群众之家");
      await card().locator("input[name=area2]").fill("3000");
      await card().locator("input[name=cost]").fill("320");
      await shoot("proposal-form");
      await card().locator("button.submit-conversion").click();
      await status().waitFor({ timeout: 30_000 });
      expect(await status().getAttribute("data-status")).toBe("proposed");
      // A planner cannot approve.
      expect(await card().locator("button.step-approve").count()).toBe(0);
      await shoot("proposed");
      const proposal = await switchTo("demo-approver");
      await proposal.locator("button.step-approve").click();
      await proposal.locator(".conversion-status[data-status=approved]").waitFor();
      expect(await proposal.locator("button.step-start").count()).toBe(0);
    });

    it("is carried out by the planner, and the elderly-centre coverage rises on completion", async () => {
      const proposal = await switchTo("demo-planner");
      await proposal.locator("button.step-start").click();
      await proposal.locator(".conversion-status[data-status=converting]").waitFor();
      // Completing asks for confirmation (the workbench page accepts dialogs).
      await proposal.locator("button.step-complete").click();
      await proposal.locator(".conversion-status[data-status=done]").waitFor({ timeout: 30_000 });
      const rose = proposal.locator(".coverage-rose");
      await rose.waitFor();
      await expect(rose.textContent()).resolves.toMatch(/老年人活动中心/);
      const [before, after] = [...((await rose.textContent()) ?? "").matchAll(/([\d,]+)/g)].map((match) =>
        Number(match[1]?.replaceAll(",", "")),
      );
      expect(after).toBeGreaterThan(before as number);
      await proposal.scrollIntoViewIfNeeded();
      await shoot("completed");
    });

    it("is published by the approver and listed on the public page, without signing in", async () => {
      const proposal = await switchTo("demo-approver");
      await proposal.locator("button.step-publish").click();
      await proposal.locator(".published").waitFor();
      expect(await proposal.locator("a.public-link").getAttribute("target")).toBe("_blank");
      const context = await (workbench as WorkbenchPage).browser.newContext();
      const visitor = await context.newPage();
      await visitor.goto(`${served.base}/public/listings`);
      await expect(visitor.locator("body").textContent()).resolves.toContain(PROPOSAL);
      await expect(visitor.locator("body").textContent()).resolves.toMatch(/富裕县群众之家[\s\S]*3,000 m²/);
      await visitor.screenshot({ path: "test-results/sites-public.png", fullPage: true });
      await context.close();
      expect(realErrors(workbench?.consoleErrors ?? [])).toEqual([]);
    });
  },
);
