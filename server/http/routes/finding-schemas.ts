import { z } from "@hono/zod-openapi";
import { findingSorts } from "../../db/repositories/finding.repository.js";
import { ageBuckets } from "../../domain/findings/finding-deadline.js";
import { findingStatuses } from "../../domain/findings/finding-status.js";
import { ruleCodes } from "../../domain/rule-catalogue.js";
import { integerParameter, regionCodeParameter } from "../schemas.js";
import { calendarDate } from "./consistency.route.js";
import { versionField } from "./edit-support.js";

// The finding ledger's request shapes (findings.route.ts and its companions).

const idField = z.number().int().positive();
export const text = (name: string, max: number) =>
  z.string().trim().min(1, `${name} must not be empty`).max(max, `${name} is longer than ${max} characters`);

export const createSchema = z
  .object({
    source: z.enum(["rule_check", "inspection"]),
    inspectionId: idField.optional(),
    unitId: idField,
    buildingId: idField.optional(),
    roomId: idField.optional(),
    rule: text("rule", 100),
    severity: z.enum(["low", "medium", "high"]),
    description: text("description", 2000),
    deadline: calendarDate("deadline").optional(),
  })
  .strict()
  .superRefine((body, context) => {
    if (body.source === "inspection" && body.inspectionId === undefined)
      context.addIssue({
        code: "custom",
        path: ["inspectionId"],
        message: "a finding of an inspection names it",
      });
    if (body.source === "rule_check" && body.inspectionId !== undefined)
      context.addIssue({
        code: "custom",
        path: ["inspectionId"],
        message: "a rule-check finding has no inspection",
      });
    if (body.source === "rule_check" && !(ruleCodes as readonly string[]).includes(body.rule))
      context.addIssue({
        code: "custom",
        path: ["rule"],
        message: `rule must be one of ${ruleCodes.join(", ")}`,
      });
  });

export const transitionSchema = z
  .object({
    to: z.enum(["rectifying", "verified", "closed", "referred"]),
    version: versionField,
    rectificationPlan: text("rectificationPlan", 4000).optional(),
    evidence: text("evidence", 4000).optional(),
    referredOn: calendarDate("referredOn").optional(),
    /** Why: required to send an answer back or to refer; a note when verifying or closing. */
    reason: text("reason", 2000).optional(),
  })
  .strict();

const flag = (name: string) =>
  z
    .enum(["1", "0", "true", "false"], { error: () => `${name} must be 1 or 0` })
    .transform((value) => value === "1" || value === "true")
    .optional();

const idQuery = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be an id`)
    .transform(Number)
    .optional();

/** The ledger's filters, as the findings tab's links carry them (the shared contract of issue 10). */
export const filterShape = {
  status: z
    .enum([...findingStatuses, "active", "unclosed"], {
      error: () => `status must be one of ${[...findingStatuses, "active", "unclosed"].join(", ")}`,
    })
    .optional(),
  unit: idQuery("unit"),
  region: regionCodeParameter.optional(),
  severity: z
    .enum(["low", "medium", "high"], { error: () => "severity must be low, medium or high" })
    .optional(),
  overdue: flag("overdue"),
  dueSoon: flag("dueSoon"),
  age: z.enum(ageBuckets, { error: () => `age must be one of ${ageBuckets.join(", ")}` }).optional(),
  source: z
    .enum(["rule_check", "inspection"], { error: () => "source must be rule_check or inspection" })
    .optional(),
  inspection: idQuery("inspection"),
  sort: z.enum(findingSorts, { error: () => `sort must be one of ${findingSorts.join(", ")}` }).optional(),
  /** The day overdue and age are judged at (default today in China). */
  asOf: calendarDate("asOf").optional(),
};

export const listQuery = z
  .object({
    ...filterShape,
    limit: integerParameter("limit", 1, 500, 100),
    offset: integerParameter("offset", 0, 1_000_000, 0),
  })
  .strict();

export const exportQuery = z.object(filterShape).strict();

export const alertsQuery = z
  .object({
    region: regionCodeParameter.optional(),
    asOf: calendarDate("asOf").optional(),
    limit: integerParameter("limit", 1, 200, 50),
  })
  .strict();

export const fromChecksSchema = z
  .object({
    region: regionCodeParameter,
    rules: z
      .array(z.enum(ruleCodes, { error: () => `rules must be among ${ruleCodes.join(", ")}` }))
      .min(1, "rules must name at least one rule")
      .optional(),
    deadline: calendarDate("deadline").optional(),
  })
  .strict();

/** The list filter of a parsed query. */
export function filterOf(query: z.infer<typeof exportQuery>) {
  return {
    status: query.status,
    unitId: query.unit,
    region: query.region,
    severity: query.severity,
    overdue: query.overdue,
    dueSoon: query.dueSoon,
    age: query.age,
    source: query.source,
    inspectionId: query.inspection,
    sort: query.sort,
  };
}
