import type { Browser, BrowserContext, Page } from "playwright-core";
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

/** A real 8 × 8 PNG (a grey square), as a tablet would send a small picture. */
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGNoaGjAihhGJYYIAgBL5j+BGb0kMwAAAABJRU5ErkJggg==",
  "base64",
);

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "an inspector runs the planned inspection on a tablet (Chromium, 1024 × 768, touch)",
  { timeout: 180_000 },
  () => {
    let served: ServedApp | undefined;
    let context: BrowserContext;
    let browser: Browser;
    let page: Page;
    const errors: string[] = [];

    useServedWorkbench(chromiumPath as string, "inspections", async (app, opened: WorkbenchPage) => {
      served = app;
      browser = opened.browser;
      context = await opened.browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
      page = await context.newPage();
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
      page.on("pageerror", (error) => errors.push(String(error)));
      page.on("dialog", (dialog) => void dialog.accept());
    });
    const shoot = (name: string) =>
      page.screenshot({ path: `${screenshots}/inspections-tablet-${name}.png` });
    const tab = () => page.locator("fangtu-sv-inspections");
    const detail = () => page.locator("fangtu-sv-inspection-detail");
    const room = (number: string) =>
      detail().locator(`fangtu-sv-inspection-room article[data-number="${number}"]`);

    /** The inspection run here, and the province's active findings (dashboard) before it. */
    let inspectionId = 0;
    let activeBefore = 0;
    const activeFindings = (on: Page) =>
      on.evaluate(
        async () =>
          (
            (await (await fetch("/api/dashboard?region=230000")).json()) as {
              totals: { activeFindings: number };
            }
          ).totals.activeFindings,
      );

    /** A new tablet page signed in as `username`, opened at `hash`. */
    async function tabletAs(
      username: string,
      hash: string,
    ): Promise<{ context: BrowserContext; page: Page }> {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
      const opened = await context.newPage();
      opened.on("pageerror", (error) => errors.push(String(error)));
      opened.on("dialog", (dialog) => void dialog.accept());
      await opened.goto(`${served?.base}/${hash}`);
      await signInAs(opened, username);
      return { context, page: opened };
    }

    it("opens the plans, runs the education department's inspection and confirms its findings", async () => {
      await page.goto(`${served?.base}/#sv=inspections&svq=year%3D2026`);
      await signInAs(page, "demo-inspector");
      await tab().locator("section.plan").first().waitFor({ timeout: 60_000 });
      activeBefore = await activeFindings(page);
      await expect(tab().locator("section.plan").count()).resolves.toBe(3);
      await expect(tab().locator("p.rule").textContent()).resolves.toMatch(/已安排 2 轮.*满足/);
      await shoot("plans");

      const planned = tab().locator('section.plan[data-kind="routine"] tr[data-status="planned"]');
      await expect(planned.textContent()).resolves.toMatch(/黑龙江省教育厅/);
      const id = Number(await planned.getAttribute("data-inspection"));
      inspectionId = id;
      await planned.locator("button.open-inspection").tap();
      await detail().locator("section.inspection-head").waitFor();
      await expect(page.evaluate(() => location.hash)).resolves.toContain(`inspection%3D${id}`);
      await detail().locator("button.start").tap();
      await detail().locator('section.inspection-head[data-status="in_progress"]').waitFor();

      // Room 105 as the ledger says (three 正处级 in 55.88 m²); room 104 measured 4.5 m² larger, photographed.
      await room("105").locator("button.enter").tap();
      await room("105").locator("button.same").tap();
      await room("105").locator(".badge.done").waitFor();
      await room("104").locator("button.enter").tap();
      await expect(room("104").locator("select[name=unit]").inputValue()).resolves.toBe("ledger");
      const area = room("104").locator("input[name=area]");
      const ledgerArea = Number(await area.inputValue());
      await area.fill(String(Math.round((ledgerArea + 4.5) * 100) / 100));
      await room("104").locator("input[name=note]").fill("隔墙拆除，与相邻房间打通");
      await shoot("entry");
      await room("104").locator("button.save").tap();
      await room("104").locator(".badge.differs").waitFor();
      await room("104")
        .locator("input[name=photo]")
        .setInputFiles({ name: "104-现场.png", mimeType: "image/png", buffer: png });
      await room("104").locator(".photos img").waitFor();
      await expect(detail().locator("p.progress").textContent()).resolves.toMatch(/已检查 2 \//);
      // Touch targets: the room's buttons are at least 44 px tall.
      const box = await room("104").locator("button.enter").boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      await shoot("checked");

      await detail().locator("button.finish").tap();
      const proposals = detail().locator("section.proposals .proposal");
      await proposals.first().waitFor();
      const rules = await proposals.evaluateAll((nodes) =>
        nodes.map((node) => node.getAttribute("data-rule")),
      );
      expect(rules.sort()).toEqual([
        "field_area_differs",
        "over_standard_office",
        "over_standard_office",
        "over_standard_office",
      ]);
      await detail()
        .locator('.proposal[data-rule="field_area_differs"] select.severity')
        .selectOption("medium");
      await shoot("proposals");
      await detail().locator("button.confirm-findings").tap();
      await detail().locator("button.to-ledger").waitFor();
      await expect(detail().locator(".proposal .badge.done").count()).resolves.toBe(4);
      await shoot("confirmed");

      // In the finding ledger: four findings of this inspection, from the inspection, open.
      const unitId = (
        await served?.database.db
          .selectFrom("units")
          .select("id")
          .where("name", "=", "黑龙江省教育厅")
          .executeTakeFirstOrThrow()
      )?.id;
      const ledger = (await page.evaluate(
        async (unit) => (await fetch(`/api/findings?unit=${unit}&limit=500`)).json(),
        unitId,
      )) as {
        findings: Array<{
          inspection_id: number | null;
          source: string;
          status: string;
          severity: string;
          rule: string;
        }>;
      };
      const ours = ledger.findings.filter((finding) => finding.inspection_id === id);
      expect(ours).toHaveLength(4);
      expect(ours.every((finding) => finding.source === "inspection" && finding.status === "open")).toBe(
        true,
      );
      expect(ours.find((finding) => finding.rule === "field_area_differs")?.severity).toBe("medium");

      await detail().locator("button.to-ledger").tap();
      await expect
        .poll(() => page.evaluate(() => decodeURIComponent(location.hash)))
        .toContain(`sv=findings&svq=inspection=${id}`);
      // The finding ledger tab lists exactly this inspection's four findings.
      const ledgerRows = page.locator("fangtu-sv-findings table.ledger tbody tr");
      await expect.poll(() => ledgerRows.count(), { timeout: 30_000 }).toBe(4);
      await expect(page.locator("fangtu-sv-findings table.ledger").textContent()).resolves.toMatch(
        /黑龙江省教育厅/,
      );
      await shoot("ledger");
      // And the dashboard's active findings (open + rectifying) of the province count them.
      await page.evaluate(() => {
        window.location.hash = "#sv=dashboard&svq=region%3D230000";
      });
      const active = page.locator("fangtu-sv-dashboard .card[data-figure=activeFindings] .value");
      await active.waitFor({ timeout: 60_000 });
      await expect.poll(() => active.getAttribute("data-value")).toBe(String(activeBefore + 4));
      await shoot("dashboard");
      expect(realErrors(errors)).toEqual([]);
      await context.close();
    });

    it("the unit answers an inspection finding, the inspector verifies it and the approver closes it", async () => {
      const db = (served as ServedApp).database.db;
      const finding = await db
        .selectFrom("findings")
        .select("id")
        .where("inspection_id", "=", inspectionId)
        .where("rule", "=", "field_area_differs")
        .executeTakeFirstOrThrow();
      const hash = `#sv=findings&svq=${encodeURIComponent(`inspection=${inspectionId}&id=${finding.id}`)}`;
      const findingDetail = (on: Page) => on.locator("fangtu-sv-finding-detail");
      const status = (on: Page) =>
        findingDetail(on).locator("section.finding-detail > .row .tag.status").textContent();

      const unit = await tabletAs("demo-unit", hash);
      await findingDetail(unit.page).locator("form.answer-plan").waitFor({ timeout: 60_000 });
      await findingDetail(unit.page)
        .locator("textarea[name=plan]")
        .fill("恢复隔墙，按台账面积使用，一个月内完成。");
      await findingDetail(unit.page).locator("button.submit-plan").tap();
      await findingDetail(unit.page).locator("form.answer-evidence").waitFor({ timeout: 30_000 });
      await findingDetail(unit.page).locator("textarea[name=evidence]").fill("隔墙已恢复，见照片。");
      await findingDetail(unit.page)
        .locator("input[name=files]")
        .setInputFiles({ name: "104-整改后.png", mimeType: "image/png", buffer: png });
      await findingDetail(unit.page).locator("button.submit-evidence").tap();
      await findingDetail(unit.page).locator("ul.attachments li").waitFor({ timeout: 30_000 });
      await unit.page.screenshot({ path: `${screenshots}/inspections-tablet-unit-answered.png` });
      await unit.context.close();

      const inspector = await tabletAs("demo-inspector", hash);
      await findingDetail(inspector.page).locator("button.decide-verify").tap({ timeout: 60_000 });
      await findingDetail(inspector.page).locator(".decision-confirm button.confirm-decision").tap();
      await expect.poll(() => status(inspector.page), { timeout: 30_000 }).toBe("已核验");
      await inspector.context.close();

      const approver = await tabletAs("demo-approver", hash);
      await findingDetail(approver.page).locator("button.decide-close").tap({ timeout: 60_000 });
      await findingDetail(approver.page).locator(".decision-confirm button.confirm-decision").tap();
      await expect.poll(() => status(approver.page), { timeout: 30_000 }).toBe("已销号");
      const steps = await findingDetail(approver.page)
        .locator("table.history tbody tr")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-step")));
      expect(steps).toEqual(["raise", "answer", "attachment", "answer", "verify", "close"]);
      await approver.page.screenshot({ path: `${screenshots}/inspections-tablet-closed.png` });
      // Closed, it no longer counts as active on the dashboard.
      await expect(activeFindings(approver.page)).resolves.toBe(activeBefore + 3);
      await approver.context.close();
      expect(realErrors(errors)).toEqual([]);
    });

    it("shows the unit user the inspection of their unit, read-only, once done", async () => {
      const unitContext = await browser.newContext({
        viewport: { width: 1024, height: 768 },
        hasTouch: true,
      });
      const unitPage = await unitContext.newPage();
      await unitPage.goto(`${served?.base}/#sv=inspections&svq=year%3D2026`);
      await signInAs(unitPage, "demo-unit");
      const unitTab = unitPage.locator("fangtu-sv-inspections");
      await unitTab.locator("section.plan").first().waitFor({ timeout: 60_000 });
      await expect(unitTab.locator("p.notice").textContent()).resolves.toMatch(/与本单位有关的检查/);
      await expect(unitTab.locator("button.new-plan").count()).resolves.toBe(0);
      // Only their own unit's inspections, no routine-rule banner, no plan controls.
      const units = await unitTab.locator("tr[data-inspection] td:first-child").allTextContents();
      expect(units.length).toBeGreaterThan(0);
      expect(units.every((text) => text.includes("黑龙江省教育厅"))).toBe(true);
      await expect(unitTab.locator("p.rule, button.cancel-plan").count()).resolves.toBe(0);
      await unitTab.locator('tr[data-status="done"] button.open-inspection').last().tap();
      const unitDetail = unitPage.locator("fangtu-sv-inspection-detail");
      await unitDetail.locator("fangtu-sv-inspection-room").first().waitFor();
      await expect(
        unitDetail.locator("button.start, button.finish, button.enter, section.proposals").count(),
      ).resolves.toBe(0);
      await unitPage.screenshot({ path: `${screenshots}/inspections-tablet-unit.png` });
      await unitContext.close();
    });
  },
);
