import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { findChromium } from "../support/browser.js";
import { requireOrExplain } from "../support/environment.js";
import type { ServedApp } from "../support/served-app.js";
import { realErrors, signInAs, useServedWorkbench, type WorkbenchPage } from "../support/workbench-page.js";

const chromiumPath = findChromium();

/** A tiny valid PNG (1 × 1, grey): a site photo. */
const PHOTO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==",
  "base64",
);
const TITLE = "办公楼供暖管网更换";

describe.runIf(requireOrExplain(chromiumPath !== undefined, "Chromium (apt-get install chromium)"))(
  "a major repair filed by a unit, approved, built and accepted by separate people (Chromium)",
  { timeout: 180_000 },
  () => {
    let served: ServedApp;
    let workbench: WorkbenchPage | undefined;
    let page: Page;
    let repairId = 0;

    useServedWorkbench(chromiumPath as string, "maintenance", (app, opened) => {
      served = app;
      workbench = opened;
      page = opened.page;
    });
    const shoot = (name: string) => (workbench as WorkbenchPage).shoot(name);
    const tab = () => page.locator("fangtu-sv-maintenance");
    const detail = () => page.locator("fangtu-sv-maintenance-detail");
    const status = () => detail().locator("[data-status]").getAttribute("data-status");

    /** Signs `username` in on the maintenance tab with the request open (after signing the last one out). */
    const openAs = async (username: string, query: string) => {
      if (await page.locator("button.sign-out").isVisible()) {
        await page.locator("button.sign-out").click();
        // Signed out for real before the link changes (else the tab asks the server without a session).
        await page.locator("fangtu-login").waitFor();
      }
      await page.goto(`${served.base}/#r=230000&sv=maintenance&svq=${encodeURIComponent(query)}`);
      await signInAs(page, username);
      await tab().locator("table.repairs, p.empty").first().waitFor({ timeout: 60_000 });
    };
    const takeStep = async (step: string, fields: Record<string, string> = {}) => {
      const action = detail().locator(`.action[data-step=${step}]`);
      await action.waitFor({ timeout: 30_000 });
      for (const [name, value] of Object.entries(fields)) await action.locator(`[name=${name}]`).fill(value);
      const before = await status();
      await action.locator("button[type=submit]").click();
      await page.waitForFunction(
        (previous) => {
          const root = document
            .querySelector("fangtu-app")
            ?.shadowRoot?.querySelector("fangtu-supervision")
            ?.shadowRoot?.querySelector("fangtu-sv-maintenance")
            ?.shadowRoot?.querySelector("fangtu-sv-maintenance-detail")?.shadowRoot;
          const current = root?.querySelector("[data-status]")?.getAttribute("data-status");
          return current !== undefined && current !== previous;
        },
        before,
        { timeout: 30_000 },
      );
    };

    it("lets the unit file a major repair with a photo", async () => {
      await openAs("demo-unit", "");
      const rows = await tab().locator("table.repairs tbody tr").count();
      expect(rows).toBe(3); // the demo's three requests of 黑龙江省教育厅
      await tab().locator("button.file-repair").click();
      const form = page.locator("fangtu-sv-maintenance-form");
      await form.locator("input[name=kind][value=major]").check();
      await form.locator("input[name=room]").nth(0).check();
      await form.locator("input[name=room]").nth(1).check();
      await form.locator("input[name=title]").fill(TITLE);
      await form.locator("textarea[name=description]").fill("供暖主管网锈蚀漏水，冬季前须整体更换。");
      await form.locator("input[name=estimatedCost]").fill("38.5");
      await form.locator("input[name=dueOn]").fill("2027-10-15");
      await form
        .locator("input[name=photos]")
        .setInputFiles({ name: "漏水点.png", mimeType: "image/png", buffer: PHOTO });
      await shoot("unit-form");
      await form.locator("button.submit-repair").click();
      await detail().locator("h2").filter({ hasText: TITLE }).waitFor({ timeout: 30_000 });
      expect(await status()).toBe("requested");
      await detail().locator(".thumbs img").waitFor();
      await expect(tab().locator("table.repairs tbody tr").count()).resolves.toBe(4);
      const row = await db()
        .selectFrom("repair_requests")
        .select(["id", "kind", "estimated_cost", "room_ids"])
        .where("title", "=", TITLE)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ kind: "major", estimated_cost: 38.5 });
      expect(row.room_ids).toHaveLength(2);
      repairId = row.id;
      // The unit cannot approve its own repair: its only action is to own up to doing it unapproved.
      await expect(
        detail()
          .locator(".action")
          .evaluateAll((actions) => actions.map((action) => action.getAttribute("data-step"))),
      ).resolves.toEqual(["record_done"]);
      // Offered folded away with its warning, never as the main button.
      await expect(detail().locator("details.action summary").textContent()).resolves.toMatch(
        /大中修须等待审批/,
      );
      await expect(detail().locator("button.primary").count()).resolves.toBe(0);
      await shoot("unit-filed");
    });

    it("has demo-approver approve it and demo-works record tender, construction and completion", async () => {
      await openAs("demo-approver", `id=${repairId}`);
      await takeStep("approve", { note: "同意，列入今年大中修计划" });
      expect(await status()).toBe("approved");
      await shoot("approved");

      await openAs("demo-works", `id=${repairId}`);
      await takeStep("tender", { contractor: "哈尔滨市热力安装有限公司", contractPrice: "36.2" });
      expect(await status()).toBe("tendered");
      await takeStep("start");
      expect(await status()).toBe("in_construction");
      await takeStep("complete", { actualCost: "36.9" });
      expect(await status()).toBe("completed");
      await shoot("completed");
    });

    it("refuses demo-approver's acceptance of the project they approved, and lets demo-approver2 accept", async () => {
      await openAs("demo-approver", `id=${repairId}`);
      const blocked = detail().locator(".action.blocked[data-step=accept]");
      await blocked.waitFor({ timeout: 30_000 });
      await expect(blocked.locator("button").isDisabled()).resolves.toBe(true);
      await expect(blocked.textContent()).resolves.toMatch(/您批准了该项目，按审验分离不得验收/);
      // The server says the same when asked directly.
      const answer = await page.evaluate(async (id) => {
        const me = await (await fetch("/api/auth/me")).json();
        const current = await (await fetch(`/api/repair-requests/${id}`)).json();
        const response = await fetch(`/api/repair-requests/${id}/steps`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
          body: JSON.stringify({ step: "accept", version: current.repair.version }),
        });
        return { status: response.status, body: await response.json() };
      }, repairId);
      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toMatch(/审批该项目的人员不得验收该项目/);
      await shoot("approver-refused");

      await openAs("demo-approver2", `id=${repairId}`);
      await takeStep("accept", { note: "管网试压合格，验收通过" });
      expect(await status()).toBe("accepted");
      const steps = await detail()
        .locator("ol.history li")
        .evaluateAll((items) => items.map((item) => item.getAttribute("data-step")));
      expect(steps).toEqual(["file", "approve", "tender", "start", "complete", "accept"]);
      const history = (await detail().locator("ol.history").textContent()) ?? "";
      for (const who of ["demo-unit", "demo-approver", "demo-works", "demo-approver2"])
        expect(history).toContain(who);
      expect(history).toMatch(/验收通过/);
      await expect(detail().locator("dl.facts").textContent()).resolves.toMatch(/36\.90 万元/);
      await detail().locator("ol.history").scrollIntoViewIfNeeded();
      await shoot("accepted");
      const row = await db()
        .selectFrom("repair_requests as r")
        .innerJoin("users as a", "a.id", "r.approved_by")
        .innerJoin("users as c", "c.id", "r.accepted_by")
        .select(["r.status", "a.username as approver", "c.username as acceptor", "r.contract_price"])
        .where("r.id", "=", repairId)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        status: "accepted",
        approver: "demo-approver",
        acceptor: "demo-approver2",
        contract_price: 36.2,
      });
      // The one 403 is the direct request above.
      expect(
        realErrors(workbench?.consoleErrors ?? []).filter((message) => !/status of 403/.test(message)),
      ).toEqual([]);
    });

    it("shows the violation of a major repair done without approval in the list", async () => {
      await openAs("demo-inspector", "violation=true");
      const rows = tab().locator("table.repairs tbody tr");
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().textContent()).resolves.toMatch(/外墙保温及门窗更换\s*违规/);
      await rows.first().click();
      await detail().locator("button.raise-finding").waitFor({ timeout: 30_000 });
      await shoot("violation");
      // The same in English.
      await page.locator("button.language").click();
      await expect(rows.first().textContent()).resolves.toMatch(/Violation/);
      await expect(detail().locator("button.raise-finding").textContent()).resolves.toMatch(
        /Raise as a finding/,
      );
      await shoot("violation-en");
    });

    const db = () => served.database.db;
  },
);
