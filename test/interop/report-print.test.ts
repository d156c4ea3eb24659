import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportDefinitions, reportNames } from "../../server/domain/reports/report-catalogue.js";
import { formatFigure } from "../../server/domain/reports/report-format.js";
import { findChromium, launchChromium } from "../support/browser.js";
import { requireOrExplain } from "../support/environment.js";
import { hasGdal } from "../support/served-app.js";
import { openTestApp, type SignedInClient, type TestApp } from "../support/test-app.js";

const run = promisify(execFile);
const chromium = findChromium();
const hasPoppler = await run("pdftotext", ["-v"]).then(
  () => true,
  () => false,
);

interface ReportBody {
  rows: Array<{ region: { code: string }; values: Record<string, number> }>;
  totals: Record<string, number>;
}

describe.runIf(
  requireOrExplain(
    Boolean(chromium) && hasPoppler && hasGdal,
    "Chromium, poppler-utils (pdftotext) or GDAL (ogrinfo)",
  ),
)("printed statistics tables and their XLSX in real readers", () => {
  let app: TestApp;
  let planner: SignedInClient;
  let browser: Browser | undefined;
  const directory = mkdtempSync(join(tmpdir(), "fangtu-reports-"));
  // The printed tables are kept for a person to look at (test-results/ is not committed).
  const printedDirectory = join("test-results", "report-print");

  beforeAll(async () => {
    app = await openTestApp("embedded");
    planner = await app.signIn("demo-planner");
    browser = await launchChromium(chromium ?? "chromium");
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("prints each table to an A4-landscape PDF whose text holds the title and every 合计", async () => {
    if (!browser) throw new Error("no browser");
    const page = await browser.newPage();
    for (const name of reportNames) {
      const definition = reportDefinitions[name];
      const html = await (await planner.request(`/api/reports/${name}.html?region=230000`)).text();
      const { body } = await planner.json<ReportBody>(`/api/reports/${name}?region=230000`);
      await page.setContent(html, { waitUntil: "load" });
      mkdirSync(printedDirectory, { recursive: true });
      const pdfPath = join(printedDirectory, `${name}.pdf`);
      writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      const info = (await run("pdfinfo", [pdfPath])).stdout;
      // A4 landscape: 297 × 210 mm = 841.89 × 595.28 pt (Chromium rounds to whole pixels: 841.92 × 594.96).
      expect(info, name).toMatch(/Page size:\s+84[12]\.\d+ x 59[45]\.\d+ pts \(A4\)/);
      const text = (await run("pdftotext", ["-layout", pdfPath, "-"])).stdout;
      expect(text.replace(/\s+/g, ""), name).toContain(`黑龙江省${definition.title.zh}`);
      const totalLine = text.split("\n").find((line) => /^\s*合计\s/.test(line));
      expect(totalLine, `${name}: a 合计 line`).toBeDefined();
      const printed = (totalLine ?? "").trim().split(/\s+/).slice(2);
      expect(printed, name).toEqual(
        definition.columns.map((column) => formatFigure(column.kind, body.totals[column.key] ?? 0)),
      );
      expect(text).toContain("填表人");
    }
    await page.close();
  }, 120_000);

  it("repeats the header rows on every page when a table runs over a page", async () => {
    if (!browser) throw new Error("no browser");
    // Townships of a county: a table long enough to need two pages.
    const { rows } = await planner
      .json<ReportBody>("/api/reports/office-space-basic?region=230227")
      .then((r) => r.body);
    const html = await (await planner.request("/api/reports/office-space-basic.html?region=230227")).text();
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    const pdfPath = join(directory, "long.pdf");
    writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true }));
    await page.close();
    const pages = Number(/Pages:\s+(\d+)/.exec((await run("pdfinfo", [pdfPath])).stdout)?.[1]);
    const text = (await run("pdftotext", ["-layout", pdfPath, "-"])).stdout;
    const perPage = text.split("\f").filter((chunk) => chunk.trim().length > 0);
    expect(perPage.length).toBe(pages);
    if (pages > 1) for (const chunk of perPage) expect(chunk).toContain("区划代码");
    expect(rows.length).toBeGreaterThan(1);
  }, 60_000);

  it("writes XLSX files GDAL's XLSX driver opens, with a feature per region row", async () => {
    for (const name of reportNames) {
      const path = join(directory, `${name}.xlsx`);
      const response = await planner.request(`/api/reports/${name}.xlsx?region=230000`);
      writeFileSync(path, new Uint8Array(await response.arrayBuffer()));
      const { stdout } = await run("ogrinfo", ["-ro", "-al", "-so", path]);
      expect(stdout).toContain("using driver `XLSX' successful");
      expect(stdout).toContain(reportDefinitions[name].sheetName);
      const count = Number(/Feature Count:\s+(\d+)/.exec(stdout)?.[1]);
      // Title, meta, two header rows, 14 rows, 合计, signatures and notes: at least the data rows.
      expect(count).toBeGreaterThanOrEqual(15);
    }
  }, 60_000);
});
