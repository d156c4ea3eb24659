import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientDistDirectory } from "../../server/client-build.js";
import { findChromium, launchChromium } from "../support/browser.js";
import { requireOrExplain } from "../support/environment.js";
import { type ServedApp, serveTestApp } from "../support/served-app.js";

const chromiumPath = findChromium();
const screenshots = "test-results";

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "map page in Chromium",
  () => {
    let served: ServedApp | undefined;
    let origin: string;
    let browser: Browser;
    let page: Page;
    const consoleErrors: string[] = [];
    const foreignRequests: string[] = [];

    beforeAll(async () => {
      served = await serveTestApp({ clientDirectory: clientDistDirectory });
      origin = served.base;
      browser = await launchChromium(chromiumPath as string);
      page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      page.on("pageerror", (error) => consoleErrors.push(String(error)));
      page.on("request", (request) => {
        if (
          !request.url().startsWith(origin) &&
          !request.url().startsWith("data:") &&
          !request.url().startsWith("blob:")
        ) {
          foreignRequests.push(request.url());
        }
      });
      mkdirSync(screenshots, { recursive: true });
    });

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    /** Waits until the map has drawn more than `minimum` buildings (the map element reports it on idle). */
    const waitForRenderedBuildings = (minimum: number, timeout = 30_000) =>
      page.waitForFunction(
        (least) =>
          Number(
            document.querySelector("fangtu-app")?.shadowRoot?.querySelector<HTMLElement>("fangtu-map")
              ?.dataset.renderedBuildings ?? 0,
          ) > least,
        minimum,
        { timeout },
      );

    it("asks to sign in, refuses a wrong password and accepts a demo account", async () => {
      await page.goto(origin);
      const login = page.locator("fangtu-app fangtu-login");
      await expect(login.locator(".hint").textContent()).resolves.toContain("demo-admin");
      await login.locator("#username").fill("demo-planner");
      await login.locator("#password").fill("wrong-password-1");
      await login.locator("button[type=submit]").click();
      await expect(login.locator(".error").textContent()).resolves.toContain("用户名或密码错误");
      await page.screenshot({ path: `${screenshots}/login.png` });
      await login.locator("#password").fill("fangtu-demo");
      await login.locator("button[type=submit]").click();
      await expect(page.locator("fangtu-app header .user").textContent()).resolves.toContain("规划人员");
    });

    it("renders demo buildings of Harbin on the map", async () => {
      await waitForRenderedBuildings(20, 45_000);
      await expect(page.locator("fangtu-app header h1").textContent()).resolves.toBe("房图");
      // The inventory panel shows the counts from /api/health.
      await page.waitForSelector("fangtu-app aside dl");
      const inventory = await page.locator("fangtu-app aside dl").first().textContent();
      expect(inventory).toMatch(/使用单位\s*2\d\d/);
      await page.screenshot({ path: `${screenshots}/map-harbin.png` });
    });

    it("searches a real case and flies to it", async () => {
      await page.locator("fangtu-app aside input[type=search]").fill("富裕 腾退");
      const hit = page.locator("fangtu-app ul.results button").first();
      await expect(hit.textContent()).resolves.toContain("富裕县原县直机关办公楼（已腾退）");
      await hit.click();
      // Flying to Fuyu (124.46E) from Harbin (126.66E): the map ends up over the Fuyu building.
      await page.waitForFunction(
        () => {
          const map = document
            .querySelector("fangtu-app")
            ?.shadowRoot?.querySelector("fangtu-map") as unknown as {
            mapView?: { map: { getCenter(): { lng: number }; isMoving(): boolean } };
          };
          const view = map?.mapView?.map;
          return view !== undefined && !view.isMoving() && Math.abs(view.getCenter().lng - 124.46) < 0.05;
        },
        null,
        { timeout: 30_000 },
      );
      await waitForRenderedBuildings(0);
      // The building's figures appear in the side panel: 9,019 m² gross area.
      await page.locator("fangtu-app aside dl", { hasText: "9,019 m²" }).waitFor({ timeout: 10_000 });
      await expect(page.locator("fangtu-app aside").textContent()).resolves.toMatch(/建筑面积\s*9,019 m²/);
      await page.screenshot({ path: `${screenshots}/map-fuyu.png` });
    });

    it("switches the interface to English", async () => {
      await page.locator("fangtu-app header button.language").click();
      await expect(page.locator("fangtu-app header h1").textContent()).resolves.toBe("Fangtu");
      await expect(page.locator("fangtu-app aside h2").first().textContent()).resolves.toBeTruthy();
    });

    it("made no console errors (besides the refused sign-ins) and no request to any other origin", () => {
      // The browser logs every 4xx response; the signed-out /api/auth/me and the wrong password are expected.
      expect(consoleErrors.filter((message) => !/status of 40[01]/.test(message))).toEqual([]);
      expect(foreignRequests).toEqual([]);
    });
  },
);
