import { mkdirSync, readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import type { Map as MapLibreMap } from "maplibre-gl";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clientDistDirectory } from "../../server/client-build.js";
import { findChromium, launchChromium } from "../support/browser.js";
import { requireOrExplain } from "../support/environment.js";
import { type ServedApp, serveTestApp } from "../support/served-app.js";

const chromiumPath = findChromium();
const screenshots = "test-results";

type MapElement = HTMLElement & { mapView?: { map: MapLibreMap }; renderedBuildings: number };

declare global {
  interface Window {
    /** The page's map element (Playwright's locators pierce shadow roots; page scripts must do it by hand). */
    fangtuMap: () => MapElement | null;
  }
}

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "the map workbench in Chromium",
  // Flights across the province in software WebGL on a shared 2-core machine take their time.
  { timeout: 120_000 },
  () => {
    let served: ServedApp | undefined;
    let origin: string;
    let browser: Browser;
    let page: Page;
    const consoleErrors: string[] = [];
    const foreignRequests: string[] = [];
    const requested: string[] = [];

    beforeAll(async () => {
      served = await serveTestApp({ clientDirectory: clientDistDirectory });
      origin = served.base;
      browser = await launchChromium(chromiumPath as string);
      const context = await browser.newContext({
        viewport: { width: 1500, height: 900 },
        acceptDownloads: true,
      });
      await context.addInitScript(() => {
        window.fangtuMap = () =>
          document.querySelector("fangtu-app")?.shadowRoot?.querySelector<MapElement>("fangtu-map") ?? null;
      });
      page = await context.newPage();
      page.on("console", (message) => {
        // A development build (Lit's dev mode) warns: the served client must be the production build.
        if (message.type() === "error" || /dev mode/i.test(message.text()))
          consoleErrors.push(message.text());
      });
      page.on("pageerror", (error) => consoleErrors.push(String(error)));
      page.on("request", (request) => {
        const url = request.url();
        requested.push(url);
        if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:"))
          foreignRequests.push(url);
      });
      mkdirSync(screenshots, { recursive: true });
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    // A failed step leaves a screenshot of the page as it was, next to the others.
    beforeEach(({ task, onTestFailed }) => {
      onTestFailed(async () => {
        const name = task.name.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60);
        await page.screenshot({ path: `${screenshots}/workbench-failed-${name}.png` }).catch(() => undefined);
      });
    });

    const shoot = (name: string) => page.screenshot({ path: `${screenshots}/workbench-${name}.png` });

    /** Waits until the map has settled with more than `minimum` buildings drawn. */
    const waitForRenderedBuildings = (minimum: number, timeout = 60_000) =>
      page.waitForFunction(
        (least) => {
          const element = window.fangtuMap();
          const view = element?.mapView?.map;
          return (
            view !== undefined &&
            !view.isMoving() &&
            view.loaded() &&
            (element?.renderedBuildings ?? 0) > least
          );
        },
        minimum,
        // Counting queries every drawn feature: four times a second is plenty.
        { timeout, polling: 250 },
      );

    const mapCenter = () =>
      page.evaluate(() => {
        const view = window.fangtuMap()?.mapView?.map;
        if (!view) throw new Error("no map");
        return { ...view.getCenter(), zoom: view.getZoom() };
      });

    const waitForStill = () =>
      page.waitForFunction(
        () => {
          const view = window.fangtuMap()?.mapView?.map;
          return view !== undefined && !view.isMoving() && view.loaded();
        },
        null,
        { timeout: 60_000 },
      );

    /** The ids of rendered buildings whose feature state has `key` set. */
    const buildingsWithState = (key: "highlighted" | "selected") =>
      page.evaluate((state) => {
        const view = window.fangtuMap()?.mapView?.map;
        if (!view) throw new Error("no map");
        return view
          .queryRenderedFeatures({ layers: ["buildings-fill"] })
          .filter(
            (feature) =>
              view.getFeatureState({
                source: "buildings",
                sourceLayer: "buildings",
                id: feature.id as number,
              })[state],
          )
          .map((feature) => Number(feature.id));
      }, key);

    it("asks to sign in, refuses a wrong password and accepts a demo account", async () => {
      await page.goto(origin);
      const login = page.locator("fangtu-login");
      await expect(login.locator(".hint").textContent()).resolves.toContain("demo-admin");
      await login.locator("#username").fill("demo-planner");
      await login.locator("#password").fill("wrong-password-1");
      await login.locator("button[type=submit]").click();
      await expect(login.locator(".error").textContent()).resolves.toContain("用户名或密码错误");
      await shoot("login");
      await login.locator("#password").fill("fangtu-demo");
      await login.locator("button[type=submit]").click();
      await expect(page.locator("header .user").textContent()).resolves.toContain("规划人员");
    });

    it("opens on the province with its figures, regions and building cells, in Chinese", async () => {
      await page.locator("fangtu-region-bar .current", { hasText: "黑龙江省" }).waitFor();
      await waitForRenderedBuildings(20);
      await expect(page.locator("header h1").textContent()).resolves.toBe("房图");
      const totals = await page.locator("fangtu-layer-panel dl.region-totals").textContent();
      expect(totals).toMatch(/使用单位\s*2\d\d/);
      expect(totals).toMatch(/万元/);
      expect(totals).toMatch(/m²/);
      expect(page.url()).toContain("r=230000");
      // The first screen does not load the measuring code (its own chunk, with turf).
      expect(requested.filter((url) => /measure-tool/.test(url))).toEqual([]);
      await shoot("province");
    });

    it("switches to 齐齐哈尔市 → 富裕县 and the map moves there", async () => {
      const switcher = page.locator("fangtu-region-bar select");
      await switcher.selectOption({ label: "齐齐哈尔市" });
      await page.locator("fangtu-region-bar .current", { hasText: "齐齐哈尔市" }).waitFor();
      await switcher.selectOption({ label: "富裕县" });
      await page.locator("fangtu-region-bar .current", { hasText: "富裕县" }).waitFor();
      await waitForStill();
      const centre = await mapCenter();
      // 富裕县 lies around 124.5° E, 47.7° N.
      expect(centre.lng).toBeGreaterThan(124);
      expect(centre.lng).toBeLessThan(125.2);
      expect(centre.lat).toBeGreaterThan(47.3);
      expect(centre.lat).toBeLessThan(48.3);
      await expect(page.locator("fangtu-region-bar nav").textContent()).resolves.toMatch(
        /黑龙江省\s*›\s*齐齐哈尔市\s*›\s*富裕县/,
      );
      await expect(page.locator("fangtu-layer-panel h2").first().textContent()).resolves.toContain("富裕县");
      expect(page.url()).toContain("r=230227");
      await shoot("fuyu-county");
    });

    it("finds a unit with the keyboard, inspects it and highlights its sites", async () => {
      const search = page.locator("fangtu-search input");
      await search.fill("教育厅");
      await page.locator("fangtu-search li[role=option]").first().waitFor();
      await search.press("ArrowDown");
      await search.press("ArrowUp");
      await search.press("Enter");
      const inspector = page.locator("fangtu-unit-inspector");
      await expect(inspector.locator("h2.name").textContent()).resolves.toBe("黑龙江省教育厅");
      await inspector.locator("ul.sites li").first().waitFor();
      const sites = await inspector.locator("ul.sites li").count();
      expect(sites).toBeGreaterThan(0);
      await expect(inspector.locator("ul.supervised").textContent()).resolves.toMatch(/黑龙江大学/);
      // Its entitlement under the 2014 standard, and the people whose office share is over their limit.
      await expect(inspector.locator("dl.entitlement").textContent()).resolves.toMatch(
        /核定办公室面积\s*[\d,]+ m²/,
      );
      await inspector.locator("ul.over-standard li").first().waitFor();
      // The 三相符 check of the unit: its mismatches listed, or the statement that it is consistent.
      await inspector.locator("h2", { hasText: "三相符核查" }).waitFor();
      await expect(inspector.locator("ul.mismatches li, p.consistent").count()).resolves.toBeGreaterThan(0);
      await expect(inspector.locator("ul.over-standard li").first().textContent()).resolves.toMatch(
        /办公室标准 \d+ m²/,
      );
      await waitForRenderedBuildings(0);
      const highlighted = await buildingsWithState("highlighted");
      expect(highlighted.length).toBeGreaterThan(0);
      expect(page.url()).toMatch(/sel=u:\d+/);
      await shoot("unit");
    });

    it("opens a building and shows its floor stack with rooms", async () => {
      const search = page.locator("fangtu-search input");
      await search.fill("富裕 腾退");
      await page
        .locator("fangtu-search li[role=option]", { hasText: "富裕县原县直机关办公楼（已腾退）" })
        .waitFor();
      await search.press("Enter");
      const inspector = page.locator("fangtu-building-inspector");
      await expect(inspector.locator("h2.name").textContent()).resolves.toBe(
        "富裕县原县直机关办公楼（已腾退）",
      );
      await expect(inspector.locator("dl.figures").textContent()).resolves.toMatch(/建筑面积\s*9,019 m²/);
      // One stack row per floor, top floor first, every one with rooms.
      const floors = inspector.locator(".stack .floor");
      const floorCount = await floors.count();
      expect(floorCount).toBeGreaterThanOrEqual(2);
      const levels = await floors.evaluateAll((rows) =>
        rows.map((row) => Number((row as HTMLElement).dataset.floor)),
      );
      expect(levels).toEqual([...levels].sort((a, b) => b - a));
      expect(await inspector.locator(".stack .room").count()).toBeGreaterThan(floorCount);
      // Vacated: every room is idle.
      await inspector.locator(".switch button", { hasText: "状态" }).click();
      await inspector.locator(".stack .room").first().click();
      await expect(inspector.locator(".room-detail").textContent()).resolves.toContain("闲置");
      await expect(inspector.locator("table.floor-rooms tbody tr").count()).resolves.toBeGreaterThan(0);
      await waitForRenderedBuildings(0);
      const selectedId = Number(/sel=b:(\d+)/.exec(page.url())?.[1]);
      const selected = (await buildingsWithState("selected")).includes(selectedId);
      expect(selected).toBe(true);
      await shoot("building");
    });

    it("switches the building theme and its legend follows", async () => {
      const legend = page.locator("fangtu-layer-panel .themes .legend");
      await expect(legend.textContent()).resolves.toContain("整栋闲置");
      await page.locator("fangtu-layer-panel input[name=theme][value=compliance]").check();
      await expect(legend.getAttribute("data-theme")).resolves.toBe("compliance");
      await expect(legend.textContent()).resolves.toMatch(/超标[\s\S]*符合标准[\s\S]*面积不足/);
      const paint = await page.evaluate(() =>
        JSON.stringify(window.fangtuMap()?.mapView?.map.getPaintProperty("buildings-fill", "fill-color")),
      );
      expect(paint).toContain("compliance");
      expect(page.url()).toContain("theme=compliance");
      await page.locator("fangtu-layer-panel input[name=theme][value=age]").check();
      await expect(legend.textContent()).resolves.toContain("1990年以前");
      await shoot("theme-age");
    });

    it("lists buildings in a table synced with the map and exports it", async () => {
      await page.locator("button.open-table").click();
      const table = page.locator("fangtu-table-panel");
      await table.locator("tbody tr").first().waitFor();
      const range = await table.locator(".range").textContent();
      const total = Number(/共\s*([\d,]+)\s*条/.exec(range ?? "")?.[1]?.replaceAll(",", ""));
      expect(total).toBeGreaterThan(0);
      // Sorting by gross area, largest first.
      await table.locator("th button", { hasText: "建筑面积" }).click();
      await expect(table.locator("th[aria-sort=descending]").count()).resolves.toBe(1);
      // A row click selects the building on the map and in the inspector.
      const firstName = await table.locator("tbody tr").first().locator("td").nth(1).textContent();
      await table.locator("tbody tr").first().click();
      await expect(page.locator("fangtu-building-inspector h2.name").textContent()).resolves.toBe(firstName);
      await expect(table.locator("tbody tr[aria-selected=true]").count()).resolves.toBe(1);

      const [xlsx] = await Promise.all([
        page.waitForEvent("download"),
        table.locator("button.export-xlsx").click(),
      ]);
      expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await xlsx.path());
      const sheet = workbook.worksheets[0];
      if (!sheet) throw new Error("the workbook has no sheet");
      const values = [1, 2].flatMap((row) => sheet.getRow(row).values as unknown[]).join(" ");
      expect(values).toContain("建筑面积");

      const [csv] = await Promise.all([
        page.waitForEvent("download"),
        table.locator("button.export-csv").click(),
      ]);
      const text = readFileSync(await csv.path(), "utf8");
      expect(text.charCodeAt(0)).toBe(0xfeff);
      // The heading and one line per building of the region.
      expect(text.trim().split(/\r?\n/).length).toBeGreaterThanOrEqual(total + 1);
      expect(text).toContain(firstName ?? "?");
      await shoot("table");
    });

    it("exports the region's official ledger as the administration reports it", async () => {
      const [ledger] = await Promise.all([
        page.waitForEvent("download"),
        page.locator(".ledgers button[data-ledger=office-buildings]").click(),
      ]);
      expect(ledger.suggestedFilename()).toMatch(/\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await ledger.path());
      const sheet = workbook.worksheets[0];
      if (!sheet) throw new Error("the ledger has no sheet");
      const text = [1, 2, 3].flatMap((row) => sheet.getRow(row).values as unknown[]).join(" ");
      expect(text).toContain("党政机关办公用房基本情况表");
      expect(text).toContain("富裕县");
      expect(text).toMatch(/建筑面积/);
    });

    it("measures a distance on the map", async () => {
      await page.locator("button.measure-distance").click();
      await page.locator(".measurement").waitFor();
      expect(requested.filter((url) => /measure-tool-.*\.js$/.test(url))).toHaveLength(1);
      const box = await page.locator(".map-wrap").boundingBox();
      if (!box) throw new Error("no map");
      await page.mouse.click(box.x + 200, box.y + 150);
      await page.mouse.click(box.x + 400, box.y + 150);
      await page.keyboard.press("Enter");
      const text = await page.locator(".measurement").textContent();
      expect(text).toMatch(/距离：\s*[\d,.]+\s*(m|km)/);
      await shoot("measure");
      await page.keyboard.press("Escape");
      await expect(page.locator(".measurement").count()).resolves.toBe(0);
    });

    it("reproduces the view from a copied link", async () => {
      const link = page.url();
      const copy = await page.context().newPage();
      await copy.goto(link);
      await copy.locator("fangtu-building-inspector h2.name").waitFor({ timeout: 30_000 });
      await expect(
        copy.locator("fangtu-layer-panel .themes .legend").getAttribute("data-theme"),
      ).resolves.toBe("age");
      await expect(copy.locator("fangtu-table-panel tbody tr").count()).resolves.toBeGreaterThan(0);
      expect(new URL(copy.url()).hash).toContain("r=230227");
      await copy.close();
    });

    it("says what went wrong when a request fails, with the server's message", async () => {
      // A link to a region that does not exist (a separate page: its refused request is expected).
      const broken = await page.context().newPage();
      try {
        await broken.goto(`${origin}/#c=126.65,45.75&z=12&r=239999`);
        const toast = broken.locator("fangtu-toasts .toast");
        await toast.waitFor({ timeout: 30_000 });
        await expect(toast.getAttribute("role")).resolves.toBe("alert");
        await expect(toast.textContent()).resolves.toMatch(/请求失败[\s\S]*239999/);
        await broken.screenshot({ path: `${screenshots}/workbench-toast.png` });
        await toast.locator("button").click();
        await expect(toast.count()).resolves.toBe(0);
      } finally {
        await broken.close();
      }
    });

    it("exports the map view as a PNG", async () => {
      const [png] = await Promise.all([
        page.waitForEvent("download"),
        page.locator("button.export-png").click(),
      ]);
      expect(png.suggestedFilename()).toMatch(/^房图-地图-\d{8}\.png$/);
      const bytes = readFileSync(await png.path());
      expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(bytes.length).toBeGreaterThan(10_000);
    });

    it("prints the map view as an image with its title", async () => {
      // The print dialog itself is the browser's; count the calls instead of opening it.
      await page.evaluate(() => {
        Object.assign(window, { printed: 0 });
        window.print = () =>
          Object.assign(window, { printed: (window as unknown as { printed: number }).printed + 1 });
      });
      await page.locator("button.print").click();
      await page.waitForFunction(() => (window as unknown as { printed: number }).printed === 1);
      await page.emulateMedia({ media: "print" });
      try {
        await expect(page.locator(".print-sheet h1").textContent()).resolves.toContain("房图 · 地图打印");
        await expect(page.locator(".print-sheet img").isVisible()).resolves.toBe(true);
        // The theme's legend and the selected building's figures go onto the paper with the map.
        await expect(page.locator(".print-sheet .print-legend").textContent()).resolves.toContain("建成年代");
        await expect(page.locator(".print-sheet .print-selection").textContent()).resolves.toMatch(
          /建筑面积\s*[\d,]+ m²/,
        );
        await expect(page.locator("header").isVisible()).resolves.toBe(false);
        const width = await page
          .locator(".print-sheet img")
          .evaluate((image) => (image as HTMLImageElement).naturalWidth);
        expect(width).toBeGreaterThan(300);
        await shoot("print");
      } finally {
        await page.emulateMedia({ media: "screen" });
      }
    });

    it("drills down from the province's choropleth by clicking a prefecture", async () => {
      await page.locator("fangtu-region-bar nav button", { hasText: "黑龙江省" }).click();
      await page.locator("fangtu-region-bar .current", { hasText: "黑龙江省" }).waitFor();
      await waitForStill();
      // A spot of 齐齐哈尔市 with no building cell over it.
      const spot = await page.evaluate(() => {
        const view = window.fangtuMap()?.mapView?.map;
        if (!view) throw new Error("no map");
        const { width, height } = view.getCanvas().getBoundingClientRect();
        for (let y = 10; y < height; y += 15) {
          for (let x = 10; x < width; x += 15) {
            const hits = view.queryRenderedFeatures([x, y]);
            const region = hits.find((hit) => hit.layer.id === "region-fill-prefecture");
            const cell = hits.some((hit) => hit.layer.id === "building-cells");
            if (region?.properties.code === "230200" && !cell) return { x, y };
          }
        }
        return null;
      });
      expect(spot).not.toBeNull();
      const box = await page.locator(".map-wrap").boundingBox();
      if (!box || !spot) throw new Error("no spot");
      await page.mouse.move(box.x + spot.x, box.y + spot.y);
      await expect(page.locator(".fangtu-tooltip").textContent()).resolves.toMatch(/齐齐哈尔市[\s\S]*闲置/);
      await shoot("choropleth");
      await page.mouse.click(box.x + spot.x, box.y + spot.y);
      await page.locator("fangtu-region-bar .current", { hasText: "齐齐哈尔市" }).waitFor();
      expect(page.url()).toContain("r=230200");
    });

    it("switches the interface to English", async () => {
      await page.locator("header button.language").click();
      await expect(page.locator("header h1").textContent()).resolves.toBe("Fangtu");
      await expect(page.locator("fangtu-layer-panel .themes legend").textContent()).resolves.toBe(
        "Building theme",
      );
      await expect(page.locator("fangtu-layer-panel .themes .legend").textContent()).resolves.toContain(
        "Before 1990",
      );
      await expect(page.locator("fangtu-building-inspector dl.figures").textContent()).resolves.toMatch(
        /Gross area\s*9,019 m²/,
      );
      await expect(page.locator("fangtu-table-panel [role=tablist]").textContent()).resolves.toMatch(
        /Buildings\s*Units\s*Rooms/,
      );
      await shoot("english");
      await page.locator("header button.language").click();
      await expect(page.locator("header h1").textContent()).resolves.toBe("房图");
    });

    it("made no console errors (besides the refused sign-in) and no request to any other origin", () => {
      // The browser logs every 4xx response; the signed-out /api/auth/me and the wrong password are expected.
      expect(consoleErrors.filter((message) => !/status of 40[01]/.test(message))).toEqual([]);
      expect(foreignRequests).toEqual([]);
    });
  },
);
