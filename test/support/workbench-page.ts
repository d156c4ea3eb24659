import { mkdirSync } from "node:fs";
import type { Map as MapLibreMap } from "maplibre-gl";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { clientDistDirectory } from "../../server/client-build.js";
import { launchChromium } from "./browser.js";
import { type ServedApp, serveTestApp } from "./served-app.js";

/** Where e2e screenshots go (test artifacts to look at). */
export const screenshots = "test-results";

type MapElement = HTMLElement & { mapView?: { map: MapLibreMap } };

declare global {
  interface Window {
    /** The workbench's live map (Playwright's locators pierce shadow roots; page scripts must do it by hand). */
    fangtuLiveMap: () => MapLibreMap | undefined;
  }
}

/** A Chromium page on the workbench that records console errors and every request it makes. */
export interface WorkbenchPage {
  readonly browser: Browser;
  readonly page: Page;
  readonly consoleErrors: string[];
  readonly requested: string[];
  /** Saves a screenshot as `test-results/<prefix>-<name>.png`. */
  readonly shoot: (name: string) => Promise<Buffer>;
}

/** Opens a 1500 × 900 page; confirmation dialogs (deleting) are accepted. */
export async function openWorkbenchPage(chromiumPath: string, prefix: string): Promise<WorkbenchPage> {
  const browser = await launchChromium(chromiumPath);
  const context = await browser.newContext({ viewport: { width: 1500, height: 900 }, acceptDownloads: true });
  await context.addInitScript(() => {
    window.fangtuLiveMap = () =>
      document.querySelector("fangtu-app")?.shadowRoot?.querySelector<MapElement>("fangtu-map")?.mapView?.map;
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const requested: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  page.on("request", (request) => requested.push(request.url()));
  page.on("dialog", (dialog) => void dialog.accept());
  mkdirSync(screenshots, { recursive: true });
  return {
    browser,
    page,
    consoleErrors,
    requested,
    shoot: (name) => page.screenshot({ path: `${screenshots}/${prefix}-${name}.png` }),
  };
}

/** A failed step leaves a screenshot of the page as it was, next to the others. */
export function screenshotFailures(current: () => WorkbenchPage | undefined, prefix: string): void {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const name = task.name.replace(/[^\p{L}\p{N}]+/gu, "-").slice(0, 60);
      await current()
        ?.page.screenshot({ path: `${screenshots}/${prefix}-failed-${name}.png` })
        .catch(() => undefined);
    });
  });
}

/**
 * A describe block's life cycle: the app served on its own test database and a workbench page on it,
 * both closed afterwards, failed steps screenshotted. `ready` receives them, to keep in the file's
 * variables and to look up the fixtures the steps need.
 */
export function useServedWorkbench(
  chromiumPath: string,
  prefix: string,
  ready: (served: ServedApp, workbench: WorkbenchPage) => void | Promise<void>,
): void {
  let served: ServedApp | undefined;
  let workbench: WorkbenchPage | undefined;
  beforeAll(async () => {
    served = await serveTestApp({ clientDirectory: clientDistDirectory });
    workbench = await openWorkbenchPage(chromiumPath, prefix);
    await ready(served, workbench);
  });
  afterAll(async () => {
    await workbench?.browser.close();
    await served?.close();
  });
  screenshotFailures(() => workbench, prefix);
}

/** Signs a demo account in on the login form the page shows. */
export async function signInAs(page: Page, username: string): Promise<void> {
  const login = page.locator("fangtu-login");
  await login.locator("#username").fill(username);
  await login.locator("#password").fill("fangtu-demo");
  await login.locator("button[type=submit]").click();
}

/** Waits until the map has stopped moving and loaded what it shows. */
export function waitForStillMap(page: Page) {
  return page.waitForFunction(
    () => {
      const map = window.fangtuLiveMap();
      return map !== undefined && !map.isMoving() && map.loaded();
    },
    null,
    { timeout: 60_000 },
  );
}

/** Console errors that matter: before signing in, /api/auth/me answers 401 (is there a session?). */
export const realErrors = (errors: readonly string[]) =>
  errors.filter((message) => !/status of 401/.test(message));
