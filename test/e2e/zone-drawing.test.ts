import type { Geometry, Position } from "geojson";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { boundaryVertices } from "../../client/map/snap-candidates.js";
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

type PanelElement = HTMLElement & { shape?: { polygon: { coordinates: Position[][] } } };

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "drawing an office district: snapping to region boundaries and checks before the server (Chromium)",
  { timeout: 120_000 },
  () => {
    let served: ServedApp | undefined;
    let workbench: WorkbenchPage | undefined;
    let page: Page;

    useServedWorkbench(chromiumPath as string, "zone-drawing", (app, opened) => {
      served = app;
      workbench = opened;
      page = opened.page;
    });
    const zonePanel = () => page.locator("fangtu-zone-panel");
    /** The outline the zone panel holds (what it analyses and saves). */
    const drawnRing = () =>
      page.evaluate(
        () =>
          document.querySelector("fangtu-app")?.shadowRoot?.querySelector<PanelElement>("fangtu-zone-panel")
            ?.shape?.polygon.coordinates[0] ?? null,
      );
    /** Page position of a map position. */
    const onPage = async (position: Position) => {
      const box = await page.locator("fangtu-map .maplibregl-canvas").boundingBox();
      const point = await page.evaluate(({ lng, lat }) => window.fangtuLiveMap()?.project([lng, lat]), {
        lng: position[0] ?? 0,
        lat: position[1] ?? 0,
      });
      if (!box || !point) throw new Error("no map");
      return {
        x: box.x + point.x,
        y: box.y + point.y,
        width: box.width,
        height: box.height,
        left: box.x,
        top: box.y,
      };
    };

    it("snaps a corner clicked near a county boundary's corner onto it", async () => {
      // Harbin's Nangang district meets its neighbours here.
      await page.goto(`${served?.base}/#c=126.68000,45.75000&z=14.00&r=230100`);
      await signInAs(page, "demo-planner");
      await page.locator("button.draw-zone").click();
      await zonePanel().locator("h2").waitFor();
      await waitForStillMap(page);
      const rendered = await page.evaluate(() => {
        const map = window.fangtuLiveMap();
        return {
          zoom: map?.getZoom() ?? 0,
          geometries: (
            map?.queryRenderedFeatures({ layers: ["counties-line", "prefectures-line"] }) ?? []
          ).map((feature) => feature.geometry as Geometry),
        };
      });
      const corners = boundaryVertices(rendered.geometries, Math.floor(rendered.zoom));
      let target: { corner: Position; x: number; y: number; left: number; top: number } | undefined;
      for (const corner of corners) {
        const at = await onPage(corner);
        // Room around it for a triangle to the right and below, well inside the map.
        if (
          at.x > at.left + 80 &&
          at.x < at.left + at.width - 240 &&
          at.y > at.top + 80 &&
          at.y < at.top + at.height - 200
        ) {
          target = { corner, x: at.x, y: at.y, left: at.left, top: at.top };
          break;
        }
      }
      expect(target, `a boundary corner on screen among ${corners.length}`).toBeDefined();
      const { corner, x, y, left, top } = target as NonNullable<typeof target>;
      // 4 px off the corner: within the 10 px snapping distance.
      await page.mouse.move(x + 3, y + 2.5, { steps: 3 });
      await page.mouse.click(x + 3, y + 2.5);
      await page.mouse.move(x + 180, y + 10, { steps: 4 });
      await page.mouse.click(x + 180, y + 10);
      await page.mouse.move(x + 90, y + 150, { steps: 4 });
      await page.mouse.click(x + 90, y + 150);
      // Closing on the first corner finishes the outline.
      await page.mouse.move(x, y, { steps: 4 });
      await page.mouse.click(x, y);
      await expect.poll(drawnRing, { timeout: 10_000 }).not.toBeNull();
      const first = ((await drawnRing()) as Position[])[0] as Position;
      // On a boundary corner (terra-draw keeps 7 decimals): this one, or the same corner as the
      // neighbouring county's outline has it, a tile unit (~0.4 m at zoom 14) apart.
      const distance = (a: Position, b: Position) =>
        Math.hypot((a[0] ?? 0) - (b[0] ?? 0), (a[1] ?? 0) - (b[1] ?? 0));
      expect(Math.min(...corners.map((candidate) => distance(candidate, first)))).toBeLessThan(2e-7);
      expect(distance(first, corner)).toBeLessThan(1e-5);
      // Where the click was, unsnapped, is about 25 m (4 px) away.
      const clicked = await page.evaluate(
        ({ px, py }) => window.fangtuLiveMap()?.unproject([px, py]).toArray(),
        { px: x + 3 - left, py: y + 2.5 - top },
      );
      expect(distance(clicked as Position, first)).toBeGreaterThan(1e-4);
      await zonePanel().locator("dl.zone-figures").waitFor({ timeout: 60_000 });
      await workbench?.shoot("snapped");
    });

    it("says inline that a district is too small, and does not ask the server", async () => {
      await page.evaluate(() => window.fangtuLiveMap()?.jumpTo({ center: [126.64, 45.74], zoom: 19.5 }));
      await waitForStillMap(page);
      await zonePanel().locator("button", { hasText: "重新绘制" }).click();
      const asked = workbench?.requested.filter((url) => url.includes("/api/analysis/zone")).length ?? 0;
      const box = await page.locator("fangtu-map .maplibregl-canvas").boundingBox();
      if (!box) throw new Error("no map");
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      // About 11 m × 11 m / 2 at zoom 19.5: ~60 m², below the 100 m² minimum.
      for (const [dx, dy] of [
        [0, 0],
        [50, 0],
        [0, 50],
        [0, 0],
      ] as const) {
        await page.mouse.move(x + dx, y + dy, { steps: 3 });
        await page.mouse.click(x + dx, y + dy);
      }
      const problem = zonePanel().locator("p.invalid");
      await problem.waitFor({ timeout: 10_000 });
      await expect(problem.textContent()).resolves.toMatch(/小于最小面积 100 m²/);
      await workbench?.shoot("too-small");
      // Longer than the analysis's debounce: still no request for the outline.
      await page.waitForTimeout(1000);
      expect(workbench?.requested.filter((url) => url.includes("/api/analysis/zone")).length).toBe(asked);
    });

    it("made no console errors", () => {
      expect(realErrors(workbench?.consoleErrors ?? [])).toEqual([]);
    });
  },
);
