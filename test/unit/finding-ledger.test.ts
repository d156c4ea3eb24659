import { describe, expect, it } from "vitest";
import type { Principal, Role } from "../../server/domain/auth/access.js";
import { checkEvidenceFile, MAX_EVIDENCE_BYTES } from "../../server/domain/findings/evidence-file.js";
import {
  actionOf,
  applyAction,
  type FindingState,
  mayAct,
} from "../../server/domain/findings/finding-action.js";
import {
  addDays,
  ageBucketOf,
  ageOf,
  daysBetween,
  deadlineStateOf,
} from "../../server/domain/findings/finding-deadline.js";
import { subjectKeyOf } from "../../server/domain/findings/rule-check-findings.js";
import type { CandidateFacts } from "../../server/domain/rule-explanations.js";

const principal = (roles: Role[], unitId: number | null = null): Principal => ({
  userId: 1,
  username: "u",
  roles,
  regionCode: "230000",
  unitId,
  supervisedUnitIds: [],
});
const open: FindingState = {
  status: "open",
  rectificationPlan: null,
  evidence: null,
  referredOn: null,
  returnedReason: null,
};
const action = (request: Parameters<typeof actionOf>[0]) => {
  const parsed = actionOf(request);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.action;
};

describe("finding deadlines and ages", () => {
  const today = "2030-03-01";
  it("counts days across months and years", () => {
    expect(daysBetween("2030-01-01", today)).toBe(59);
    expect(daysBetween("2029-12-31", "2030-01-01")).toBe(1);
    expect(addDays("2030-02-26", 7)).toBe("2030-03-05");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(ageOf("2030-03-05", today)).toBe(0);
  });

  it("buckets ages 0-30, 31-90, 91-", () => {
    expect([0, 30, 31, 90, 91, 400].map(ageBucketOf)).toEqual([
      "0-30",
      "0-30",
      "31-90",
      "31-90",
      "91-",
      "91-",
    ]);
  });

  it("judges overdue only while the unit has to act; the deadline day is still in time", () => {
    const state = (status: FindingState["status"], deadline: string | null) =>
      deadlineStateOf({ status, deadline }, today);
    expect(state("open", "2030-02-28")).toBe("overdue");
    expect(state("rectifying", "2030-02-28")).toBe("overdue");
    expect(state("open", today)).toBe("due_soon");
    expect(state("open", "2030-03-08")).toBe("due_soon");
    expect(state("open", "2030-03-09")).toBe("on_time");
    expect(state("open", null)).toBe("no_deadline");
    for (const settled of ["verified", "closed", "referred"] as const)
      expect(state(settled, "2020-01-01")).toBe("settled");
  });
});

describe("finding actions", () => {
  it("reads a request as the step it means", () => {
    expect(action({ to: "rectifying", rectificationPlan: "p" })).toEqual({
      kind: "answer",
      rectificationPlan: "p",
    });
    expect(action({ to: "rectifying", reason: "照片不清" })).toEqual({
      kind: "send_back",
      reason: "照片不清",
    });
    expect(actionOf({ to: "referred", referredOn: "2030-01-01" })).toMatchObject({
      ok: false,
      path: "reason",
    });
    expect(actionOf({ to: "referred", reason: "r" })).toMatchObject({ ok: false, path: "referredOn" });
    expect(actionOf({ to: "verified", evidence: "e" })).toMatchObject({ ok: false, path: "evidence" });
    expect(actionOf({ to: "rectifying", evidence: "e", reason: "r" })).toMatchObject({ ok: false });
  });

  it("separates duties: the unit answers, the inspector verifies, the approver closes", () => {
    const unitUser = principal(["unit_user"], 7);
    const answer = action({ to: "rectifying", rectificationPlan: "p" });
    const sendBack = action({ to: "rectifying", reason: "r" });
    const verify = action({ to: "verified" });
    const close = action({ to: "closed" });
    const refer = action({ to: "referred", referredOn: "2030-01-01", reason: "r" });
    expect(mayAct(unitUser, 7, answer)).toBe(true);
    expect(mayAct(unitUser, 8, answer)).toBe(false);
    for (const step of [sendBack, verify, close, refer]) expect(mayAct(unitUser, 7, step)).toBe(false);
    expect(mayAct(principal(["inspector"]), 7, answer)).toBe(false);
    expect(mayAct(principal(["inspector"]), 7, verify)).toBe(true);
    expect(mayAct(principal(["inspector"]), 7, close)).toBe(false);
    expect(mayAct(principal(["approver"]), 7, close)).toBe(true);
    expect(mayAct(principal(["approver"]), 7, verify)).toBe(false);
    for (const role of ["inspector", "approver"] as const) {
      expect(mayAct(principal([role]), 7, sendBack)).toBe(true);
      expect(mayAct(principal([role]), 7, refer)).toBe(true);
    }
    expect(mayAct(principal(["planner"]), 7, refer)).toBe(false);
  });

  it("walks open → rectifying → sent back → rectifying → verified → closed", () => {
    const today = "2030-03-01";
    const step = (state: FindingState, request: Parameters<typeof actionOf>[0]) => {
      const result = applyAction(state, action(request), today);
      if (!result.ok) throw new Error(result.message);
      return result.next;
    };
    expect(applyAction(open, action({ to: "rectifying", evidence: "e" }), today)).toMatchObject({
      ok: false,
      path: "rectificationPlan",
    });
    const planned = step(open, { to: "rectifying", rectificationPlan: "调整房间" });
    expect(applyAction(planned, action({ to: "rectifying", reason: "r" }), today)).toMatchObject({
      ok: false,
      code: "conflict",
    });
    expect(applyAction(planned, action({ to: "verified" }), today)).toMatchObject({
      ok: false,
      path: "evidence",
    });
    const evidenced = step(planned, { to: "rectifying", evidence: "照片" });
    expect(evidenced).toMatchObject({
      status: "rectifying",
      rectificationPlan: "调整房间",
      evidence: "照片",
    });
    const returned = step(evidenced, { to: "rectifying", reason: "照片看不清" });
    expect(returned).toMatchObject({ status: "rectifying", evidence: null, returnedReason: "照片看不清" });
    const again = step(returned, { to: "rectifying", evidence: "清晰照片" });
    expect(again.returnedReason).toBeNull();
    const verified = step(again, { to: "verified" });
    expect(applyAction(verified, action({ to: "rectifying", evidence: "x" }), today)).toMatchObject({
      ok: false,
      code: "conflict",
    });
    expect(step(verified, { to: "closed" }).status).toBe("closed");
    expect(applyAction(open, action({ to: "closed" }), today)).toMatchObject({ ok: false, code: "conflict" });
    expect(
      applyAction(open, action({ to: "referred", referredOn: "2030-03-02", reason: "r" }), today),
    ).toMatchObject({ ok: false, path: "referredOn" });
    expect(step(open, { to: "referred", referredOn: today, reason: "r" })).toMatchObject({
      status: "referred",
      referredOn: today,
    });
  });
});

describe("evidence files", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  const pdf = new TextEncoder().encode("%PDF-1.4\n...");
  it("accepts PDFs and photos by their content", () => {
    expect(checkEvidenceFile("照片.png", "image/png", png)).toEqual({
      ok: true,
      mediaType: "image/png",
      fileName: "照片.png",
    });
    expect(checkEvidenceFile("通知.pdf", "", pdf)).toMatchObject({ ok: true, mediaType: "application/pdf" });
    expect(checkEvidenceFile("x.bin", "application/octet-stream", pdf)).toMatchObject({ ok: true });
  });
  it("refuses empty, oversized, other and disguised files", () => {
    expect(checkEvidenceFile("a.png", "image/png", new Uint8Array())).toMatchObject({
      ok: false,
      code: "empty",
    });
    const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
    big.set(png);
    expect(checkEvidenceFile("a.png", "image/png", big)).toMatchObject({ ok: false, code: "too_large" });
    expect(checkEvidenceFile("a.txt", "text/plain", new TextEncoder().encode("hello"))).toMatchObject({
      ok: false,
      code: "type",
    });
    expect(checkEvidenceFile("a.png", "image/png", pdf)).toMatchObject({ ok: false, code: "type" });
  });
});

describe("rule-check subject keys", () => {
  it("name the rule and its subject, and the lease of an unapproved lease", () => {
    const base = { unitId: 3, unitName: "x", regionCode: "230000" };
    const office = {
      ...base,
      rule: "over_standard_office",
      buildingId: 5,
      roomId: 9,
      personId: 11,
      figures: { roomArea: 40, occupants: 1, share: 40, limit: 30, excess: 10, washroomArea: 0 },
    } as CandidateFacts;
    expect(subjectKeyOf(office)).toBe("over_standard_office|u3|b5|r9|p11");
    const lease = {
      ...base,
      unitId: null,
      rule: "leased_out_without_approval",
      buildingId: 5,
      figures: {
        basis: "unapproved_lease",
        leaseId: 4,
        tenant: "t",
        area: 1,
        annualRent: 1,
        startsOn: "",
        endsOn: "",
      },
    } as CandidateFacts;
    expect(subjectKeyOf(lease)).toBe("leased_out_without_approval|u|b5|r|p|l4");
  });
});
