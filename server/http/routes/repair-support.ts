import { z } from "@hono/zod-openapi";
import type { Department, SeparationRule, StepRefusal } from "../../domain/maintenance/repair-workflow.js";
import { ApiError } from "../errors.js";
import { calendarDate } from "./consistency.route.js";
import { versionField } from "./edit-support.js";

// What the repair-request routes share: body pieces and the words of a refused step. Refusals carry a
// stable code in their details (`separation:approver_accepts`, `department:works`, …) that the client
// translates; the message itself says it in Chinese and English for API users.

export const text = (name: string, max: number) =>
  z.string().trim().min(1, `${name} must not be empty`).max(max, `${name} is longer than ${max} characters`);

/** An amount in 万元 (ten thousand yuan), two decimals at most. */
export const wanYuan = (name: string) =>
  z
    .number(`${name} must be a number (万元)`)
    .min(0, `${name} must not be negative`)
    .max(1_000_000, `${name} must be at most 1,000,000 万元`)
    // Binary fractions: 0.55 × 100 is 55.00000000000001, so "two decimals" allows a hair of error.
    .refine(
      (value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6,
      `${name} has at most two decimals (万元)`,
    );

const note = text("note", 2000).optional();
const reason = text("reason", 2000);

/** One step of a request's life, with what it records; `version` is the version the client saw. */
export const stepSchema = z.discriminatedUnion("step", [
  z.object({ step: z.literal("approve"), version: versionField, note }).strict(),
  z.object({ step: z.literal("reject"), version: versionField, reason }).strict(),
  z
    .object({
      step: z.literal("tender"),
      version: versionField,
      contractor: text("contractor", 200),
      contractPrice: wanYuan("contractPrice"),
      tenderedOn: calendarDate("tenderedOn"),
    })
    .strict(),
  z
    .object({ step: z.literal("start"), version: versionField, startedOn: calendarDate("startedOn") })
    .strict(),
  z
    .object({
      step: z.literal("complete"),
      version: versionField,
      completedOn: calendarDate("completedOn"),
      actualCost: wanYuan("actualCost").optional(),
    })
    .strict(),
  z.object({ step: z.literal("accept"), version: versionField, note }).strict(),
  z.object({ step: z.literal("refuse_acceptance"), version: versionField, reason }).strict(),
  z
    .object({
      step: z.literal("record_done"),
      version: versionField,
      completedOn: calendarDate("completedOn"),
      actualCost: wanYuan("actualCost"),
    })
    .strict(),
]);
export type StepBody = z.infer<typeof stepSchema>;

const departmentWords: Readonly<Record<Department, string>> = {
  approval:
    "只有审批部门（审批人员）可以审批、验收大中修项目 — Only the approval department (approvers) approves and accepts major repairs",
  works: "只有工程管理部门可以记录招标和施工 — Only the works department records tendering and construction",
  unit: "只有本单位的用户可以登记本单位维修完成 — Only the unit's own users record its repairs done",
};

export const separationWords: Readonly<Record<SeparationRule, string>> = {
  approver_accepts:
    "审验分离：审批该项目的人员不得验收该项目，请由审批部门的其他人员验收 — Separation of duties: the approver of a project cannot accept it; another member of the approval department must",
  approval_then_works:
    "审验分离：参与该项目审批或验收的人员不得记录其招标或施工 — Separation of duties: whoever approved or accepted a project cannot record its tendering or construction",
  works_then_approval:
    "审验分离：记录该项目招标或施工的人员不得审批或验收该项目 — Separation of duties: whoever recorded a project's tendering or construction cannot approve or accept it",
};

/** The HTTP answer to a refused step: 403 for the wrong person, 409 for the wrong moment. */
export function refusalError(id: number, step: string, refusal: StepRefusal): ApiError {
  switch (refusal.kind) {
    case "department":
      return new ApiError("forbidden", departmentWords[refusal.department], [
        { path: "step", message: `department:${refusal.department}` },
      ]);
    case "separation":
      return new ApiError("forbidden", separationWords[refusal.rule], [
        { path: "step", message: `separation:${refusal.rule}` },
      ]);
    case "status":
      return new ApiError(
        "conflict",
        `Repair request ${id} is ${refusal.status}: a ${refusal.repairKind} repair cannot take the step ${step} now`,
        [{ path: "step", message: `status:${refusal.status}` }],
      );
    default:
      return assertNever(refusal);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${String(value)}`);
}
