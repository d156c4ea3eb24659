import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { findChromium } from "../support/browser.js";
import { requireOrExplain } from "../support/environment.js";
import type { ServedApp } from "../support/served-app.js";
import { realErrors, signInAs, useServedWorkbench, type WorkbenchPage } from "../support/workbench-page.js";

const chromiumPath = findChromium();

/** A tiny valid PNG (1 × 1, grey): the "photo" of the rectified room. */
const PHOTO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==",
  "base64",
);

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "the finding ledger: the unit answers, the inspector verifies, the approver closes (Chromium)",
  { timeout: 180_000 },
  () => {
    let served: ServedApp | undefined;
    let workbench: WorkbenchPage | undefined;
    let page: Page;
    /** The finding the unit answers, and the link that opens it. */
    let findingId = 0;
    let findingHash = "";

    useServedWorkbench(chromiumPath as string, "findings", async (app, opened) => {
      served = app;
      workbench = opened;
      page = opened.page;
    });
    const shoot = (name: string) => (workbench as WorkbenchPage).shoot(name);
    const tab = () => page.locator("fangtu-sv-findings");
    const detail = () => page.locator("fangtu-sv-finding-detail");
    const statusOfDetail = () => detail().locator("section.finding-detail > .row .tag.status").textContent();

    async function switchUser(username: string): Promise<void> {
      await page.locator("button.sign-out").click();
      await signInAs(page, username);
      await page.locator("button.sign-out").waitFor();
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, findingHash);
      await detail().locator("section.finding-detail").waitFor({ timeout: 30_000 });
    }

    it("shows the unit user the overdue and open alert, and their open findings", async () => {
      await page.goto(`${served?.base}/#r=230000`);
      await signInAs(page, "demo-unit");
      await page.locator("button.open-supervision[data-tab=findings]").click();
      const alert = tab().locator(".findings-alert");
      await alert.waitFor({ timeout: 30_000 });
      const text = (await alert.textContent()) ?? "";
      expect(text).toMatch(/1 项问题已超过整改期限/);
      expect(text).toMatch(/1 项问题将在 7 天内到期/);
      expect(text).toMatch(/2 项问题待本单位答复整改方案/);
      await tab().locator("button.show-open").click();
      const rows = tab().locator("table.ledger tbody tr");
      await expect.poll(async () => rows.count(), { timeout: 30_000 }).toBe(2);
      expect(await tab().locator("button[data-status=open]").getAttribute("aria-pressed")).toBe("true");
      expect(page.url()).toMatch(/svq=[^&]*status%3Dopen/);
      const listed = (await tab().locator("table.ledger").textContent()) ?? "";
      expect(listed).toMatch(/黑龙江省教育厅/);
      expect(listed).toMatch(/办公室面积超标/);
      expect(listed).toMatch(/逾期/);
      await shoot("unit-alert");
    });

    it("lets the unit answer the overdue finding with a plan, then evidence with a photo", async () => {
      await tab()
        .locator("table.ledger tbody tr", { has: page.locator(".tag.overdue") })
        .click();
      await detail().locator("form.answer-plan").waitFor({ timeout: 30_000 });
      findingId = Number(
        await tab().locator("table.ledger tbody tr[aria-selected=true]").getAttribute("data-id"),
      );
      expect(findingId).toBeGreaterThan(0);
      findingHash = new URL(page.url()).hash;
      expect(findingHash).toContain(`id%3D${findingId}`);
      // An empty plan is not sent: the form says what is missing.
      await detail().locator("button.submit-plan").click();
      await expect(detail().locator("p.short").textContent()).resolves.toMatch(/整改措施/);
      await detail()
        .locator("textarea[name=plan]")
        .fill("将厅领导办公室调整至 30 m² 以内的房间，12 月底前完成。");
      await detail().locator("button.submit-plan").click();
      await detail().locator("form.answer-evidence").waitFor({ timeout: 30_000 });
      await expect(statusOfDetail()).resolves.toBe("整改中");
      await expect(detail().locator("p.plan").textContent()).resolves.toMatch(/30 m²/);

      await detail().locator("textarea[name=evidence]").fill("已调整房间，附调整后房间照片。");
      await detail().locator("input[name=files]").setInputFiles({
        name: "调整后照片.png",
        mimeType: "image/png",
        buffer: PHOTO,
      });
      await shoot("unit-evidence-form");
      await detail().locator("button.submit-evidence").click();
      await detail().locator("ul.attachments li").waitFor({ timeout: 30_000 });
      await expect(detail().locator("ul.attachments").textContent()).resolves.toMatch(/调整后照片\.png/);
      await expect(detail().locator("p.evidence").textContent()).resolves.toMatch(/附调整后房间照片/);
      await expect(detail().locator("p.waiting").textContent()).resolves.toMatch(/等待监督检查人员核验/);
      await shoot("unit-answered");
    });

    it("lets the inspector verify it after a confirmation, but not close it", async () => {
      await switchUser("demo-inspector");
      await expect(detail().locator("button.decide-close").count()).resolves.toBe(0);
      await detail().locator("button.decide-verify").click();
      const confirm = detail().locator(".decision-confirm");
      await expect(confirm.textContent()).resolves.toMatch(/核验通过/);
      await confirm.locator("button.confirm-decision").click();
      await expect.poll(statusOfDetail, { timeout: 30_000 }).toBe("已核验");
      await expect(detail().locator("p.waiting").textContent()).resolves.toMatch(/等待审批人员销号/);
      await shoot("inspector-verified");
    });

    it("lets the approver close it, and the history shows every step with who did it", async () => {
      await switchUser("demo-approver");
      await detail().locator("button.decide-close").click();
      await expect(detail().locator(".decision-confirm").textContent()).resolves.toMatch(/确认销号/);
      await detail().locator(".decision-confirm button.confirm-decision").click();
      await expect.poll(statusOfDetail, { timeout: 30_000 }).toBe("已销号");
      const steps = await detail()
        .locator("table.history tbody tr")
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-step")));
      expect(steps).toEqual(["raise", "answer", "attachment", "answer", "verify", "close"]);
      const history = (await detail().locator("table.history").textContent()) ?? "";
      expect(history).toMatch(/演示·黑龙江省教育厅/);
      expect(history).toMatch(/演示·省机关事务管理局监督检查人员/);
      expect(history).toMatch(/演示·省机关事务管理局审批人员/);
      expect(history).toMatch(/调整后照片\.png/);
      await shoot("approver-closed");

      const db = (served as ServedApp).database.db;
      const row = await db
        .selectFrom("findings")
        .select(["status", "evidence", "version"])
        .where("id", "=", findingId)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: "closed", evidence: "已调整房间，附调整后房间照片。", version: 5 });
      const files = await db
        .selectFrom("finding_attachments")
        .select(["file_name", "media_type", "size_bytes"])
        .where("finding_id", "=", findingId)
        .execute();
      expect(files).toEqual([
        { file_name: "调整后照片.png", media_type: "image/png", size_bytes: PHOTO.length },
      ]);
    });

    it("offers the inspector to raise findings from the rule checks, after a confirmation naming the region", async () => {
      await switchUser("demo-inspector");
      await tab().locator("button.from-checks").click();
      const confirm = tab().locator(".checks-confirm");
      await expect(confirm.textContent()).resolves.toMatch(/将对 黑龙江省 运行全部规则核查/);
      await confirm.locator("button.confirm-checks").click();
      const notice = tab().locator("p.notice");
      await notice.waitFor({ timeout: 150_000 });
      const created = Number(/新立 (\d+) 项/.exec((await notice.textContent()) ?? "")?.[1]);
      expect(created).toBeGreaterThan(0);
      const db = (served as ServedApp).database.db;
      const raised = await db
        .selectFrom("findings")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("subject_key", "is not", null)
        .executeTakeFirstOrThrow();
      expect(Number(raised.n)).toBe(created);
      await shoot("inspector-from-checks");
      expect(realErrors((workbench as WorkbenchPage).consoleErrors)).toEqual([]);
    }, 240_000);
  },
);
