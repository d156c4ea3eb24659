import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
const NAME = "测试新建办公楼（编辑流程）";

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "editing the inventory in the workbench (Chromium)",
  { timeout: 120_000 },
  () => {
    let served: ServedApp | undefined;
    let workbench: WorkbenchPage | undefined;
    let page: Page;
    /** An empty spot in a Harbin county: no building within 400 m. */
    let spot: { lng: number; lat: number };

    const buildingsNamed = async (name: string) => {
      const { rows } = await sql<{ id: number; rooms: number; area: number | null }>`
        select b.id, count(r.id)::int as rooms, sum(r.usable_area) as area
        from buildings b left join rooms r on r.building_id = b.id
        where b.name = ${name} group by b.id`.execute((served as ServedApp).database.db);
      return rows;
    };

    useServedWorkbench(chromiumPath as string, "editing", async (app, opened) => {
      served = app;
      const { rows } = await sql<{ lng: number; lat: number }>`
        select st_x(g.p) as lng, st_y(g.p) as lat from (
          select st_setsrid(st_makepoint(126.50 + i * 0.01, 45.68 + j * 0.01), 4326) as p
          from generate_series(0, 30) i, generate_series(0, 15) j) g
        where exists (select 1 from regions r where r.level = 'county' and r.code like '2301%'
            and st_contains(r.geom, g.p))
          and not exists (select 1 from buildings b
            where st_dwithin(b.footprint::geography, g.p::geography, 400))
        limit 1`.execute(app.database.db);
      spot = rows[0] as { lng: number; lat: number };
      workbench = opened;
      page = opened.page;
    });
    const shoot = (name: string) => (workbench as WorkbenchPage).shoot(name);
    const requested = () => (workbench as WorkbenchPage).requested;
    const panel = () => page.locator("fangtu-edit-panel");
    const inspector = () => page.locator("fangtu-building-inspector");

    /** The page position of a point at `dx`, `dy` pixels from the map's centre. */
    const atCentre = async (dx: number, dy: number) => {
      const box = await page.locator("fangtu-map .maplibregl-canvas").boundingBox();
      if (!box) throw new Error("no map canvas");
      return { x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy };
    };

    it("signs a planner in on an empty spot of Harbin and offers the editing tools", async () => {
      await page.goto(`${served?.base}/#c=${spot.lng.toFixed(5)},${spot.lat.toFixed(5)}&z=18.00&r=230100`);
      await signInAs(page, "demo-planner");
      await panel().locator("h2", { hasText: "编辑" }).waitFor();
      await waitForStillMap(page);
      // Drawing code is not part of the first screen.
      expect(requested().filter((url) => /draw-tool|import-dialog/.test(url))).toEqual([]);
    });

    it("draws a footprint with the mouse, describes it and saves a new building", async () => {
      await panel().locator("button.draw-polygon").click();
      await panel().locator(".drawing").waitFor();
      expect(requested().some((url) => /draw-tool/.test(url))).toBe(true);
      const corners = [
        await atCentre(-120, -80),
        await atCentre(120, -80),
        await atCentre(120, 80),
        await atCentre(-120, 80),
      ];
      for (const corner of corners) {
        await page.mouse.click(corner.x, corner.y);
        await page.waitForTimeout(150);
      }
      // Clicking the first corner again closes the ring.
      await page.mouse.click(corners[0]?.x ?? 0, corners[0]?.y ?? 0);
      const form = panel().locator("form.new-building");
      await form.waitFor();
      const area = await form.locator(".drawn-area").textContent();
      expect(Number(area?.replace(/[^\d.]/g, ""))).toBeGreaterThan(100);
      await form.locator("input[name=name]").fill(NAME);
      await form.locator("input[name=floors_above]").fill("3");
      await shoot("drawn");
      await form.locator("button[type=submit]").click();
      await expect(inspector().locator("h2.name").textContent()).resolves.toBe(NAME);
      await expect(inspector().locator(".floor").count()).resolves.toBe(3);
      const saved = await buildingsNamed(NAME);
      expect(saved).toHaveLength(1);
      await expect(panel().locator("ol.history li").first().textContent()).resolves.toContain(NAME);
      await shoot("created");
    });

    it("adds a room on the ground floor, splits it and sees the stack plan follow", async () => {
      const add = inspector().locator("fangtu-room-editor form.add-room");
      await add.locator("input[name=number]").fill("101");
      await add.locator("input[name=usable_area]").fill("60");
      await add.locator("button[type=submit]").click();
      await inspector().locator(".room[data-room]").first().waitFor();
      await inspector().locator("table.floor-rooms tbody tr", { hasText: "101" }).click();
      const editor = inspector().locator("fangtu-room-editor");
      await editor.locator("button.split-room").click();
      await editor.locator("form.split button[type=submit]").click();
      await expect
        .poll(async () => inspector().locator("table.floor-rooms tbody tr").count(), { timeout: 30_000 })
        .toBe(2);
      const [building] = await buildingsNamed(NAME);
      expect(building).toMatchObject({ rooms: 2, area: 60 });
      await shoot("split");
    });

    it("undoes the split, the room and the building with Ctrl+Z and the undo button", async () => {
      await panel().locator("button.undo").click();
      await expect.poll(async () => (await buildingsNamed(NAME))[0]?.rooms, { timeout: 30_000 }).toBe(1);
      await page.locator("body").press("Control+z");
      await expect.poll(async () => (await buildingsNamed(NAME))[0]?.rooms, { timeout: 30_000 }).toBe(0);
      await panel().locator("button.undo").click();
      await expect.poll(async () => (await buildingsNamed(NAME)).length, { timeout: 30_000 }).toBe(0);
      // The inspector closes once its building is gone.
      await expect.poll(async () => inspector().count(), { timeout: 30_000 }).toBe(0);
      await expect(panel().locator("button.undo").isDisabled()).resolves.toBe(true);
      await shoot("undone");
    });

    it("imports a GeoJSON building after a dry run and finds it on the map's source", async () => {
      const file = join(tmpdir(), `fangtu-import-${Date.now()}.geojson`);
      const d = 0.0006;
      const ring = [
        [spot.lng - d, spot.lat - d],
        [spot.lng + d, spot.lat - d],
        [spot.lng + d, spot.lat + d],
        [spot.lng - d, spot.lat + d],
        [spot.lng - d, spot.lat - d],
      ];
      writeFileSync(
        file,
        JSON.stringify({
          type: "FeatureCollection",
          features: [
            {
              type: "Feature",
              properties: { 名称: "测试导入楼", 地上层数: 2, 建筑面积: 2000 },
              geometry: { type: "Polygon", coordinates: [ring] },
            },
          ],
        }),
      );
      await panel().locator("button.import-data").click();
      const dialog = page.locator("fangtu-import-dialog dialog");
      await dialog.waitFor();
      await dialog.locator("input[type=file]").setInputFiles(file);
      await dialog.locator("button.upload").click();
      await dialog.locator("table.mapping").waitFor();
      await dialog.locator("select[data-field=name]").selectOption("名称");
      await dialog.locator("select[data-field=floors_above]").selectOption("地上层数");
      await dialog.locator("button.dry-run").click();
      await dialog.locator("button.commit:not([disabled])").waitFor({ timeout: 60_000 });
      await shoot("import-checked");
      await dialog.locator("button.commit").click();
      await dialog.locator("p.good", { hasText: "已导入 1 行" }).waitFor({ timeout: 60_000 });
      await expect(buildingsNamed("测试导入楼")).resolves.toHaveLength(1);
      await shoot("imported");
    });

    it("made no console errors", () => {
      expect(realErrors(workbench?.consoleErrors ?? [])).toEqual([]);
    });
  },
);
