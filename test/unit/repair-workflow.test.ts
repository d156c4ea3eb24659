import { describe, expect, it } from "vitest";
import {
  availableSteps,
  checkStep,
  isOverdue,
  type Participant,
  type RepairState,
  type RepairStatus,
  repairStatuses,
  repairSteps,
  type StepActor,
} from "../../server/domain/maintenance/repair-workflow.js";

const unit: StepActor = { userId: 1, roles: ["unit_user"], unitId: 7 };
const approver: StepActor = { userId: 2, roles: ["approver"], unitId: null };
const approver2: StepActor = { userId: 3, roles: ["approver"], unitId: null };
const works: StepActor = { userId: 4, roles: ["works"], unitId: null };
const both: StepActor = { userId: 5, roles: ["approver", "works"], unitId: null };
const admin: StepActor = { userId: 6, roles: ["system_admin"], unitId: null };
const major = (status: RepairStatus, approvedBy: number | null = null): RepairState => ({
  kind: "major",
  status,
  unitId: 7,
  approvedBy,
});

describe("repair workflow (维修: 审批与施工分离)", () => {
  it("walks a major repair through its statuses with the right department at each step", () => {
    const path: Array<[RepairStatus, StepActor, (typeof repairSteps)[number], RepairStatus]> = [
      ["requested", approver, "approve", "approved"],
      ["approved", works, "tender", "tendered"],
      ["tendered", works, "start", "in_construction"],
      ["in_construction", works, "complete", "completed"],
      ["completed", approver2, "refuse_acceptance", "in_construction"],
      ["completed", approver2, "accept", "accepted"],
    ];
    for (const [from, actor, step, to] of path)
      expect(checkStep(step, major(from, 2), actor, [])).toEqual({ ok: true, to, unapproved: false });
  });

  it("lets the unit record a routine repair done, and flags a major one done without approval", () => {
    const routine: RepairState = { kind: "routine", status: "requested", unitId: 7, approvedBy: null };
    expect(checkStep("record_done", routine, unit, [])).toEqual({ ok: true, to: "done", unapproved: false });
    expect(checkStep("record_done", major("requested"), unit, [])).toEqual({
      ok: true,
      to: "done",
      unapproved: true,
    });
    expect(checkStep("record_done", major("rejected"), unit, [])).toMatchObject({
      ok: true,
      unapproved: true,
    });
    expect(checkStep("record_done", major("approved", 2), unit, [])).toMatchObject({ ok: false });
    expect(checkStep("approve", routine, approver, [])).toMatchObject({
      ok: false,
      refusal: { kind: "status" },
    });
    const otherUnit: StepActor = { ...unit, unitId: 8 };
    expect(checkStep("record_done", routine, otherUnit, [])).toMatchObject({
      refusal: { kind: "department", department: "unit" },
    });
  });

  it("refuses every step to the wrong department, including system administrators", () => {
    for (const step of repairSteps)
      for (const status of repairStatuses) {
        const check = checkStep(step, major(status, 2), admin, []);
        expect(check).toMatchObject({ ok: false, refusal: { kind: "department" } });
      }
    expect(checkStep("approve", major("requested"), works, [])).toMatchObject({
      refusal: { kind: "department", department: "approval" },
    });
    expect(checkStep("approve", major("requested"), unit, [])).toMatchObject({
      refusal: { kind: "department", department: "approval" },
    });
    expect(checkStep("tender", major("approved", 2), approver, [])).toMatchObject({
      refusal: { kind: "department", department: "works" },
    });
  });

  it("never lets the approver accept, nor anyone act on both sides", () => {
    expect(checkStep("accept", major("completed", 2), approver, [])).toEqual({
      ok: false,
      refusal: { kind: "separation", rule: "approver_accepts" },
    });
    const approvedByBoth: Participant[] = [{ userId: 5, department: "approval" }];
    expect(checkStep("tender", major("approved", 5), both, approvedByBoth)).toEqual({
      ok: false,
      refusal: { kind: "separation", rule: "approval_then_works" },
    });
    const builtByBoth: Participant[] = [
      { userId: 2, department: "approval" },
      { userId: 5, department: "works" },
    ];
    expect(checkStep("accept", major("completed", 2), both, builtByBoth)).toEqual({
      ok: false,
      refusal: { kind: "separation", rule: "works_then_approval" },
    });
    expect(availableSteps(major("completed", 2), both, builtByBoth)).toEqual([
      { step: "accept", blockedBy: "works_then_approval" },
      { step: "refuse_acceptance", blockedBy: "works_then_approval" },
    ]);
    expect(availableSteps(major("completed", 2), approver2, builtByBoth)).toEqual([
      { step: "accept", blockedBy: null },
      { step: "refuse_acceptance", blockedBy: null },
    ]);
  });

  it("counts a request overdue only while unfinished and past its date", () => {
    expect(isOverdue("requested", "2026-10-31", "2026-11-27")).toBe(true);
    expect(isOverdue("requested", "2026-11-27", "2026-11-27")).toBe(false);
    expect(isOverdue("accepted", "2026-10-31", "2026-11-27")).toBe(false);
    expect(isOverdue("in_construction", null, "2026-11-27")).toBe(false);
  });
});
