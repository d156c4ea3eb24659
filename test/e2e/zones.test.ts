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

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "an office district drawn in the workbench (Chromium)",
  { timeout: 240_000 },
  () => {
    let served: ServedApp | undefined;
    let workbench: WorkbenchPage | undefined;
    let page: Page;
    /** The former engineering-college campus next to the provincial government: its buildings' extent. */
    let campus: { west: number; south: number; east: number; north: number };

    useServedWorkbench(chromiumPath as string, "zones", async (app, opened) => {
      served = app;
      const { rows } = await sql<typeof campus>`
        select st_xmin(e) as west, st_ymin(e) as south, st_xmax(e) as east, st_ymax(e) as north
        from (select st_extent(footprint)::geometry as e from buildings
              where name like '原黑龙江工程学院南岗校区%') x`.execute(app.database.db);
      campus = rows[0] as typeof campus;
      workbench = opened;
      page = opened.page;
    });
    const shoot = (name: string) => (workbench as WorkbenchPage).shoot(name);
    const zonePanel = () => page.locator("fangtu-zone-panel");

    /** The page position of a longitude/latitude on the map. */
    const onPage = async (lng: number, lat: number) => {
      const box = await page.locator("fangtu-map .maplibregl-canvas").boundingBox();
      if (!box) throw new Error("no map canvas");
      const point = await page.evaluate(({ x, y }) => window.fangtuLiveMap()?.project([x, y]), {
        x: lng,
        y: lat,
      });
      if (!point) throw new Error("no map");
      return { x: box.x + point.x, y: box.y + point.y };
    };

    it("opens the workbench over the campus next to the provincial government", async () => {
      const lng = (campus.west + campus.east) / 2;
      const lat = (campus.south + campus.north) / 2;
      await page.goto(`${served?.base}/#c=${lng.toFixed(5)},${lat.toFixed(5)}&z=15.00&r=230100`);
      await signInAs(page, "demo-planner");
      await page.locator("button.draw-zone-rectangle").waitFor();
      await waitForStillMap(page);
      expect(workbench?.requested.filter((url) => /zone-panel|draw-tool|echarts/.test(url))).toEqual([]);
    });

    it("draws a rectangle around the campus and shows the district's analysis", async () => {
      await page.locator("button.draw-zone-rectangle").click();
      await zonePanel().locator("h2").waitFor();
      const margin = 0.002;
      // The panel narrows the map: frame the campus in what is left, then draw around it.
      await page.evaluate(
        ({ west, south, east, north }) =>
          window.fangtuLiveMap()?.fitBounds(
            [
              [west, south],
              [east, north],
            ],
            { padding: 120, animate: false },
          ),
        {
          west: campus.west - margin,
          south: campus.south - margin,
          east: campus.east + margin,
          north: campus.north + margin,
        },
      );
      await waitForStillMap(page);
      const corner = await onPage(campus.west - margin, campus.north + margin);
      const opposite = await onPage(campus.east + margin, campus.south - margin);
      await page.mouse.click(corner.x, corner.y);
      await page.mouse.move((corner.x + opposite.x) / 2, (corner.y + opposite.y) / 2, { steps: 5 });
      await page.mouse.click(opposite.x, opposite.y);
      const figures = zonePanel().locator("dl.zone-figures");
      await figures.waitFor({ timeout: 60_000 });
      const text = (await figures.textContent()) ?? "";
      expect(text).toMatch(/办公区面积/);
      expect(text).toMatch(/公顷|m²/);
      const buildings = Number(/区内楼宇\s*([\d,]+)/.exec(text)?.[1]?.replaceAll(",", "") ?? "0");
      expect(buildings).toBeGreaterThanOrEqual(4);
      // Units renting outside and units split over sites nearby are listed as candidates.
      const candidates = zonePanel().locator("table.candidates tbody tr");
      await candidates.first().waitFor();
      const reasons = (await zonePanel().locator("table.candidates").textContent()) ?? "";
      expect(reasons).toMatch(/在外租房/);
      expect(reasons).toMatch(/分散办公/);
      await expect(zonePanel().locator("ul.assets").textContent()).resolves.toMatch(
        /原黑龙江工程学院南岗校区/,
      );
      // Sites per unit before → after: an ECharts canvas, its code loaded only now.
      const chart = zonePanel().locator("fangtu-sites-chart");
      await chart.locator(".sites-chart canvas").waitFor({ timeout: 30_000 });
      await expect(chart.locator("h3").textContent()).resolves.toMatch(/迁入前 → 迁入后/);
      expect(workbench?.requested.some((url) => /echarts-runtime/.test(url))).toBe(true);
      await chart.scrollIntoViewIfNeeded();
      await shoot("analysis");
      // The drawn outline stays editable: dragging a corner inwards shrinks the zone, and the analysis follows.
      const areaText = () => figures.locator("dd").first().textContent();
      const before = await areaText();
      await page.mouse.move(opposite.x, opposite.y);
      await page.mouse.down();
      await page.mouse.move(opposite.x - 60, opposite.y - 60, { steps: 8 });
      await page.mouse.up();
      await expect.poll(areaText, { timeout: 60_000 }).not.toBe(before);
    });

    it("compares at least two allocation plans for the candidates", async () => {
      await zonePanel().locator("button.make-plans").click();
      const plans = zonePanel().locator("table.plans");
      // A hang guard: the three HiGHS plans took over a minute with seven Chromium files on two cores.
      await plans.waitFor({ timeout: 180_000 });
      await expect(plans.locator("thead th").count()).resolves.toBeGreaterThanOrEqual(3);
      await expect(plans.textContent()).resolves.toMatch(/安置单位/);
      // The chart adds the units of the plan chosen in its list.
      const choice = zonePanel().locator("fangtu-sites-chart select[name=plan] option");
      await expect(choice.count()).resolves.toBe(
        await plans
          .locator("thead th")
          .count()
          .then((n) => n - 1),
      );
      await zonePanel().locator("fangtu-sites-chart").scrollIntoViewIfNeeded();
      await shoot("plans");
    });

    it("made no console errors", () => {
      expect(realErrors(workbench?.consoleErrors ?? [])).toEqual([]);
    });
  },
);
