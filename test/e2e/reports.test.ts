import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { findChromium } from "../support/browser.js";
import { requireOrExplain } from "../support/environment.js";
import type { ServedApp } from "../support/served-app.js";
import {
  realErrors,
  screenshots,
  signInAs,
  useServedWorkbench,
  type WorkbenchPage,
} from "../support/workbench-page.js";

const chromiumPath = findChromium();

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "a planner's statistics tables and public disclosure (Chromium)",
  { timeout: 180_000 },
  () => {
    let served: ServedApp | undefined;
    let workbench: WorkbenchPage | undefined;
    let page: Page;
    let grossTotal = "";

    useServedWorkbench(chromiumPath as string, "reports", (app, opened) => {
      served = app;
      workbench = opened;
      page = opened.page;
    });
    const shoot = (name: string) => (workbench as WorkbenchPage).shoot(name);
    const reports = () => page.locator("fangtu-sv-reports");
    const disclosure = () => page.locator("fangtu-sv-disclosure");

    it("opens 统计报表, previews a table with its 合计 and downloads its XLSX", async () => {
      await page.goto(
        `${served?.base}/#r=230000&sv=reports&svq=${encodeURIComponent("report=office-space-basic")}`,
      );
      await signInAs(page, "demo-planner");
      const table = reports().locator("table.report");
      await table.waitFor({ timeout: 60_000 });
      const caption = (await table.locator("caption").textContent()) ?? "";
      expect(caption).toContain("黑龙江省党政机关办公用房基本情况统计表");
      const headings = (await table.locator("thead").textContent()) ?? "";
      expect(headings).toContain("总建筑面积（m²）");
      expect(headings).toContain("基本办公用房使用面积");
      await expect(table.locator("tbody tr").count()).resolves.toBe(15);
      grossTotal = (await table.locator("tr.total td[data-key=grossArea]").textContent())?.trim() ?? "";
      const gross = await (served as ServedApp).database.db
        .selectFrom("buildings")
        .select((eb) => eb.fn.sum<string>("gross_area").as("total"))
        .executeTakeFirstOrThrow();
      expect(grossTotal.replaceAll(",", "")).toBe(Number(gross.total).toFixed(2));
      await reports().locator(".annual").waitFor();
      await shoot("table");

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        reports().getByRole("button", { name: "下载 XLSX" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/黑龙江省党政机关办公用房基本情况统计表-\d{8}\.xlsx/);
      const path = `${screenshots}/reports-download.xlsx`;
      await download.saveAs(path);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(new Uint8Array(readFileSync(path)).buffer);
      const sheet = workbook.getWorksheet("办公用房基本情况");
      if (!sheet) throw new Error("no sheet 办公用房基本情况 in the workbook");
      expect(String(sheet.getCell(1, 1).value)).toBe("黑龙江省党政机关办公用房基本情况统计表");
      expect((sheet.getRow(3).values as unknown[]).map(String)).toContain("总建筑面积（m²）");

      // Another table from the catalogue, and a prefecture's rows by clicking its name.
      await reports().locator("select").first().selectOption("leases-in");
      await reports().locator("table.report[data-report=leases-in]").waitFor();
      await expect(reports().locator("table.report thead").textContent()).resolves.toContain(
        "年租金（万元）",
      );
      await reports().getByRole("button", { name: "齐齐哈尔市" }).click();
      await expect(reports().locator("table.report caption").textContent()).resolves.toContain("齐齐哈尔市");
      await reports().locator("table.submissions").waitFor();
      await expect(reports().locator("table.submissions").textContent()).resolves.toContain("富裕县");
      await shoot("prefecture");
    });

    it("previews, publishes the totals in 信息公开, and the public page shows them without login", async () => {
      await page.locator("[role=tab][data-tab=disclosure]").click();
      const form = disclosure().locator("form");
      await form.waitFor({ timeout: 30_000 });
      await disclosure()
        .locator("textarea[name=rules]")
        .fill("一、办公用房实行统一管理。\n\n二、咨询电话：0451-00000000");
      await disclosure().locator("input[name=conversions]").uncheck();
      await disclosure().locator("button.preview").click();
      const frame = page.frameLocator("fangtu-sv-disclosure iframe");
      await frame.locator("h1").waitFor({ timeout: 30_000 });
      const previewText = (await frame.locator("body").textContent()) ?? "";
      expect(previewText).toContain("预览");
      expect(previewText).toContain("办公用房总体情况");
      expect(previewText).toContain(grossTotal);
      expect(previewText).not.toContain("闲置办公用房转为公益用房");
      await shoot("disclosure-preview");

      await disclosure().locator("button.publish").click();
      await disclosure().locator(".current strong").waitFor({ timeout: 30_000 });
      await expect(disclosure().locator("table.history tbody tr").count()).resolves.toBe(1);
      await expect(disclosure().locator("table.history").textContent()).resolves.toContain("公开中");
      await shoot("disclosure-published");

      const visitor = await (workbench as WorkbenchPage).browser.newContext({
        viewport: { width: 1200, height: 900 },
      });
      const publicPage = await visitor.newPage();
      const response = await publicPage.goto(`${served?.base}/public/regions/230000`);
      expect(response?.status()).toBe(200);
      const text = (await publicPage.locator("body").textContent()) ?? "";
      expect(text).toContain("黑龙江省党政机关办公用房管理信息公开");
      expect(text).toContain("办公用房实行统一管理");
      expect(text).toContain(grossTotal);
      expect(text).not.toContain("预览");
      await publicPage.screenshot({ path: `${screenshots}/reports-public-page.png`, fullPage: true });
      await publicPage.goto(`${served?.base}/public/listings`);
      await publicPage.getByRole("link", { name: "各级公开信息" }).click();
      await expect(publicPage.locator("body").textContent()).resolves.toContain("黑龙江省");
      await visitor.close();

      await disclosure().locator("button.withdraw").click();
      await expect
        .poll(async () => disclosure().locator("table.history").textContent(), { timeout: 30_000 })
        .toContain("已撤回");
      expect(realErrors((workbench as WorkbenchPage).consoleErrors)).toEqual([]);
    });
  },
);
