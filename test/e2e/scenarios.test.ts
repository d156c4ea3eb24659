import { sql } from "kysely";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ScenarioDetail } from "../../client/api/scenario-types.js";
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

/** The demo's swap scenarios (server/db/demo-scenarios.ts): the two real cases and an alternative each. */
const TAX_SWAP = "统计调查总队与地税局办公楼置换";
const TAX_ALTERNATIVE = "统计调查总队迁入闲置楼宇（备选：不置换）";
const MACHINERY = "机械工业厅办公楼等面积置换腾空";
const MACHINERY_ALTERNATIVE = "机械工业厅办公楼腾空（备选：集中迁入单一闲置楼宇）";

type MapHost = HTMLElement & {
  mapView?: {
    analysisCounts(): Record<string, number>;
    pickAnalysis(x: number, y: number): { layerId: string; object: unknown } | undefined;
    map: { project(point: [number, number]): { x: number; y: number } };
  };
};

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "swap scenarios in the workbench (Chromium)",
  { timeout: 180_000 },
  () => {
    let served: ServedApp | undefined;
    let workbench: WorkbenchPage | undefined;
    let page: Page;

    useServedWorkbench(chromiumPath as string, "scenarios", (app, opened) => {
      served = app;
      workbench = opened;
      page = opened.page;
    });
    const shoot = (name: string) => (workbench as WorkbenchPage).shoot(name);
    const panel = () => page.locator("fangtu-scenario-panel");
    const detail = () => page.locator("fangtu-scenario-detail");
    const item = (name: string) => panel().locator("ul.scenarios li").filter({ hasText: name });
    const open = async (name: string) => {
      await item(name).locator("button.open").click();
      await detail().locator("h3.scenario-name").filter({ hasText: name }).waitFor();
    };

    /** Objects per deck.gl layer on the main map (MapView.analysisCounts). */
    const arcCounts = () =>
      page.evaluate(() => {
        const host = document.querySelector("fangtu-app")?.shadowRoot?.querySelector<MapHost>("fangtu-map");
        return host?.mapView?.analysisCounts() ?? {};
      });

    it("opens the scenario list from 规划 → 置换方案; deck.gl and the panel load only then", async () => {
      await page.goto(`${served?.base}/#r=230100`);
      await signInAs(page, "demo-planner");
      await page.locator("button.open-scenarios").waitFor();
      await waitForStillMap(page);
      const lazy = /scenario|deck|maplibre-overlay|charts/;
      expect(workbench?.requested.filter((url) => lazy.test(url.replace(/^.*\/assets\//, "")))).toEqual([]);
      await page.locator("button.open-scenarios").click();
      for (const name of [TAX_SWAP, TAX_ALTERNATIVE, MACHINERY, MACHINERY_ALTERNATIVE])
        await item(name).waitFor();
      await expect(item(TAX_SWAP).textContent()).resolves.toMatch(/草稿|已校验/);
    });

    it("opens the cross-level swap, validates it and shows the equal-area balance and metrics", async () => {
      await open(TAX_SWAP);
      const actions = detail().locator("ol.actions-list li");
      await expect(actions.count()).resolves.toBeGreaterThanOrEqual(1);
      await expect(detail().locator("ol.actions-list").textContent()).resolves.toMatch(/置换：.*⇄/);
      await detail().locator("button.validate").click();
      const result = detail().locator("p.validation-result");
      await result.waitFor({ timeout: 60_000 });
      await expect(result.textContent()).resolves.toMatch(/校验通过|校验未通过/);
      // The equal-area check names both sides' areas, the difference and the tolerance.
      const swaps = detail().locator("table.swaps");
      await swaps.waitFor();
      const balance = (await swaps.textContent()) ?? "";
      expect(balance).toMatch(/甲方面积/);
      expect(balance).toMatch(/m²/);
      expect(balance).toMatch(/[✓✗]/);
      const metrics = (await detail().locator("table.metrics").textContent()) ?? "";
      expect(metrics).toMatch(/闲置面积合计/);
      expect(metrics).toMatch(/每年节省租金/);
      expect(metrics).toMatch(/万元/);
      await expect(detail().locator(".status").first().textContent()).resolves.toMatch(/已校验|草稿/);
    });

    it("draws the scenario's moves as arcs on the map, pickable where they run", async () => {
      await expect
        .poll(async () => Object.values(await arcCounts()).reduce((sum, count) => sum + count, 0), {
          timeout: 60_000,
        })
        .toBeGreaterThan(0);
      await waitForStillMap(page);
      // Seen from straight above, an arc runs over the midpoint of its ends: deck.gl picks it there.
      const picked = await page.evaluate(() => {
        const app = document.querySelector("fangtu-app")?.shadowRoot;
        const view = app?.querySelector<MapHost>("fangtu-map")?.mapView;
        const scenario = app
          ?.querySelector("fangtu-scenario-panel")
          ?.shadowRoot?.querySelector<HTMLElement & { detail?: ScenarioDetail }>(
            "fangtu-scenario-detail",
          )?.detail;
        const flow = scenario?.metrics?.flows.find(
          (candidate) => candidate.from[0] !== candidate.to[0] || candidate.from[1] !== candidate.to[1],
        );
        if (!view || !flow) return undefined;
        const from = view.map.project([flow.from[0], flow.from[1]]);
        const to = view.map.project([flow.to[0], flow.to[1]]);
        const hit = view.pickAnalysis((from.x + to.x) / 2, (from.y + to.y) / 2);
        return hit && { layerId: hit.layerId, object: hit.object as { unitName: string; area: number } };
      });
      expect(picked?.layerId).toMatch(/^scenario-arcs-/);
      expect(picked?.object.area).toBeGreaterThan(0);
      await shoot("arcs");
      // "Before" takes the arcs away, "after" brings them back.
      await detail().locator("button.state-before").click();
      await expect.poll(arcCounts).toEqual({});
      await detail().locator("button.state-after").click();
      await expect
        .poll(async () => Object.values(await arcCounts()).reduce((sum, count) => sum + count, 0))
        .toBeGreaterThan(0);
    });

    it("compares the two demo cases with their alternatives: metrics with Δ, best marked, charts", async () => {
      await panel().locator("button.back").click();
      for (const name of [TAX_SWAP, TAX_ALTERNATIVE, MACHINERY, MACHINERY_ALTERNATIVE])
        await item(name).locator("input[type=checkbox]").check();
      await panel().locator("button.compare").click();
      const compare = page.locator("fangtu-scenario-compare");
      const table = compare.locator("table.comparison");
      await table.waitFor({ timeout: 90_000 });
      await expect(table.locator("thead th").count()).resolves.toBeGreaterThanOrEqual(5);
      const text = (await table.textContent()) ?? "";
      expect(text).toMatch(/差值/);
      expect(text).toMatch(/★/);
      expect(text).toMatch(/m²/);
      await expect(table.locator("tbody tr").count()).resolves.toBeGreaterThanOrEqual(6);
      const canvas = compare.locator(".chart canvas").first();
      await canvas.waitFor();
      const size = await canvas.evaluate((element) => [
        (element as HTMLCanvasElement).width,
        (element as HTMLCanvasElement).height,
      ]);
      expect(size[0]).toBeGreaterThan(100);
      expect(size[1]).toBeGreaterThan(100);
      await shoot("compare");
      // The same comparison as an Excel sheet, and as a printable page.
      const download = page.waitForEvent("download");
      await compare.locator("button.export-xlsx").click();
      expect((await download).suggestedFilename()).toMatch(/^置换方案比选-\d{8}\.xlsx$/);
      // What is on the print sheet while the browser prints (print() blocks until its dialog closes).
      await page.evaluate(() => {
        window.print = () => {
          const sheet = document.querySelector("fangtu-app")?.shadowRoot?.querySelector(".print-sheet");
          document.body.dataset.printed = sheet?.textContent ?? "";
        };
      });
      await compare.locator("button.print").click();
      const printed = () => page.evaluate(() => document.body.dataset.printed ?? "");
      await expect.poll(printed).toMatch(/置换方案比较/);
      expect(await printed()).toMatch(/年节约租金.*万元\/年/s);
      await compare.locator("button.close-compare").click();
    });

    it("shows two scenarios side by side on two maps that move together", async () => {
      for (const name of [TAX_ALTERNATIVE, MACHINERY_ALTERNATIVE])
        await item(name).locator("input[type=checkbox]").uncheck();
      await panel().locator("button.split").click();
      const split = page.locator("fangtu-scenario-split");
      await expect.poll(() => split.locator("fangtu-map").count()).toBe(2);
      // Both scenarios are drawn and the maps are joined before the drag.
      await page.locator("fangtu-scenario-split[data-ready]").waitFor({ timeout: 90_000 });
      await page.waitForTimeout(500);
      const centers = () =>
        split.evaluate((element) => (element as HTMLElement & { centers: number[][] }).centers);
      const pane = split.locator(".pane").nth(1);
      const box = await pane.boundingBox();
      if (!box) throw new Error("no second pane");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2 + 60, { steps: 6 });
      await page.mouse.up();
      // The dragged map eases on after the mouse is up (inertia); the other follows on each move event.
      const apart = async () => {
        const [left, right] = await centers();
        return Math.max(
          ...[0, 1, 2].map((index) =>
            Math.abs((left?.[index] ?? Number.NaN) - (right?.[index] ?? Number.NaN)),
          ),
        );
      };
      await expect.poll(apart, { timeout: 30_000 }).toBeLessThan(5e-7);
      await shoot("split");
      await split.locator("button.close-split").click();
    });

    it("creates a scenario, adds a move picked through the search, removes it and archives the scenario", async () => {
      await panel().locator("form.create input[name=name]").fill("民政厅迁入闲置楼宇（测试）");
      await panel().locator("form.create button[type=submit]").click();
      await detail().locator("h3.scenario-name").filter({ hasText: "民政厅迁入闲置楼宇（测试）" }).waitFor();
      await expect(detail().locator("p.empty").first().textContent()).resolves.toMatch(/还没有动作/);
      const pick = async (slot: string, text: string, hit: string) => {
        await detail().locator(`.field[data-slot=${slot}] fangtu-search input`).fill(text);
        await detail()
          .locator(`.field[data-slot=${slot}] fangtu-search li[role=option]`)
          .filter({ hasText: hit })
          .first()
          .click();
        await detail().locator(`.field[data-slot=${slot}] .picked`).filter({ hasText: hit }).waitFor();
      };
      await pick("unit", "民政厅", "黑龙江省民政厅");
      await pick("toBuilding", "纺织工业局", "纺织工业局办公楼");
      await detail().locator("form.add-action button.add").click();
      await expect
        .poll(() => detail().locator("ol.actions-list").textContent(), { timeout: 60_000 })
        .toMatch(/移动：黑龙江省民政厅 → .*纺织工业局办公楼/);
      await detail().locator("table.metrics").waitFor({ timeout: 60_000 });
      await shoot("added");
      await detail().locator("ol.actions-list button.remove-action").click();
      await expect.poll(() => detail().locator("p.empty").first().textContent()).toMatch(/还没有动作/);
      await panel().locator("button.back").click();
      const created = item("民政厅迁入闲置楼宇（测试）");
      await created.locator("button.archive").click();
      await expect.poll(() => created.locator(".status").textContent()).toMatch(/已归档/);
    });

    it("lets the approver (not the planner) approve and apply the validated scenario", async () => {
      // The planner validates the 18-unit clearance too (applied below against changed data).
      await open(MACHINERY);
      await detail().locator("button.validate").click();
      await expect
        .poll(() => detail().locator("p.validation-result").textContent(), { timeout: 90_000 })
        .toMatch(/校验通过/);
      await expect(page.locator("button.approve").count()).resolves.toBe(0);
      await page.locator("button.sign-out").click();
      await signInAs(page, "demo-approver");
      await page.locator("button.open-scenarios").click();
      await open(TAX_SWAP);
      const approve = detail().locator("button.approve");
      await expect.poll(() => approve.isEnabled()).toBe(true);
      await approve.click();
      await expect.poll(() => detail().locator(".status").first().textContent()).toMatch(/已批准/);
      await detail().locator("button.apply").click();
      await expect
        .poll(() => detail().locator(".status").first().textContent(), { timeout: 60_000 })
        .toMatch(/已实施/);
      await shoot("applied");
    });

    it("refuses to apply over changed live data and lists what changed", async () => {
      await panel().locator("button.back").click();
      await open(MACHINERY);
      const approve = detail().locator("button.approve");
      await expect.poll(() => approve.isEnabled()).toBe(true);
      await approve.click();
      await expect.poll(() => detail().locator(".status").first().textContent()).toMatch(/已批准/);
      // Someone edits the building being cleared after approval: its rooms move on a version.
      await sql`update rooms set version = version + 1 where building_id =
        (select id from buildings where name = '原黑龙江省机械工业厅办公楼' order by id limit 1)`.execute(
        (served as ServedApp).database.db,
      );
      await detail().locator("button.apply").click();
      const conflict = detail().locator(".conflict");
      await conflict.waitFor({ timeout: 60_000 });
      await expect(conflict.textContent()).resolves.toMatch(/台账在校验后已变动/);
      await expect(conflict.locator("li").count()).resolves.toBeGreaterThan(0);
      await expect(conflict.locator("li").first().textContent()).resolves.toMatch(
        /^房间 \d+：校验后已被修改（版本 \d+ → \d+）$/,
      );
      await expect(detail().locator(".status").first().textContent()).resolves.not.toMatch(/已实施/);
      await expect(detail().locator("h3.scenario-name .stale").textContent()).resolves.toMatch(/台账已变动/);
      await shoot("conflict");
    });

    it("made no console errors", () => {
      // The refused apply answers 409 on purpose; the browser logs every non-2xx response.
      const errors = realErrors(workbench?.consoleErrors ?? []);
      expect(errors.filter((message) => !/status of 409/.test(message))).toEqual([]);
      expect(errors.filter((message) => /status of 409/.test(message))).toHaveLength(1);
    });
  },
);
