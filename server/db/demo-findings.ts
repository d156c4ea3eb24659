import type { Kysely } from "kysely";
import { addDays } from "../domain/findings/finding-deadline.js";
import type { FindingStatus } from "../domain/findings/finding-status.js";
import type { Database } from "./schema.js";

// The demo's finding ledger (立账整改): a handful of findings at every status and age, dated from the
// day the demo is loaded (so "overdue" and "due soon" mean the same whatever the day), each with its
// history written as it would have been: who raised, answered, verified, closed or referred it, when.
// The education department (demo-unit's unit) has two open findings to answer, one overdue and one
// due within the week; one finding is verified and waits for the approver to close it.

type Step =
  | {
      readonly day: number;
      readonly by: string;
      readonly step: "answer";
      readonly plan: string;
      readonly evidence?: string;
    }
  | { readonly day: number; readonly by: string; readonly step: "verify" | "close" }
  | { readonly day: number; readonly by: string; readonly step: "refer"; readonly reason: string }
  | { readonly day: number; readonly by: string; readonly step: "send_back"; readonly reason: string };

interface DemoFinding {
  readonly unit: string;
  readonly rule: string;
  readonly severity: "low" | "medium" | "high";
  readonly description: string;
  /** Days relative to the load day (negative: before). */
  readonly raised: number;
  readonly deadline: number;
  /** From the unit's demo inspection when true, else from the rule checks. */
  readonly fromInspection?: boolean;
  readonly steps: readonly Step[];
}

const EDUCATION = "黑龙江省教育厅";

const demoFindings: readonly DemoFinding[] = [
  {
    unit: EDUCATION,
    rule: "over_standard_office",
    severity: "high",
    description:
      "厅级领导办公室使用面积超过《党政机关办公用房建设标准》正厅（局）级 30 m² 的标准，超标 8.5 m²。",
    raised: -45,
    deadline: -5,
    steps: [],
  },
  {
    unit: EDUCATION,
    rule: "use_not_matching_certificate",
    severity: "medium",
    description: "现场检查发现一间登记为服务用房的房间实际作为办公室使用，与分配使用凭证不符。",
    raised: -12,
    deadline: 5,
    fromInspection: true,
    steps: [],
  },
  {
    unit: "黑龙江省财政厅",
    rule: "two_offices_without_approval",
    severity: "high",
    description: "一名处级干部同时占用两处办公室，未经批准。",
    raised: -20,
    deadline: 25,
    steps: [{ day: -8, by: "unit", step: "answer", plan: "腾退第二处办公室，交回机关事务管理局统一调剂。" }],
  },
  {
    unit: "黑龙江省民政厅",
    rule: "office_not_recovered",
    severity: "medium",
    description: "退休人员原办公室逾期一个月以上未腾退。",
    raised: -100,
    deadline: -3,
    steps: [
      { day: -90, by: "unit", step: "answer", plan: "通知退休人员限期清退个人物品。" },
      {
        day: -30,
        by: "unit",
        step: "answer",
        plan: "通知退休人员限期清退个人物品。",
        evidence: "腾退通知书",
      },
      {
        day: -25,
        by: "demo-inspector",
        step: "send_back",
        reason: "佐证材料只有通知书，未见房间腾空后的照片。",
      },
    ],
  },
  {
    unit: "黑龙江省财政厅",
    rule: "use_not_matching_certificate",
    severity: "low",
    description: "一处办公用房使用面积超出使用凭证核定面积 12 m²。",
    raised: -60,
    deadline: -10,
    steps: [
      { day: -50, by: "unit", step: "answer", plan: "申请换发使用凭证并调整隔断。" },
      {
        day: -20,
        by: "unit",
        step: "answer",
        plan: "申请换发使用凭证并调整隔断。",
        evidence: "新凭证复印件及现场照片",
      },
      { day: -15, by: "demo-inspector", step: "verify" },
    ],
  },
  {
    unit: "黑龙江省民政厅",
    rule: "over_standard_office",
    severity: "medium",
    description: "副厅级领导办公室超标 4 m²。",
    raised: -120,
    deadline: -60,
    steps: [
      { day: -110, by: "unit", step: "answer", plan: "调整至标准面积房间。" },
      { day: -80, by: "unit", step: "answer", plan: "调整至标准面积房间。", evidence: "调整后房间照片" },
      { day: -75, by: "demo-inspector", step: "verify" },
      { day: -70, by: "demo-approver", step: "close" },
    ],
  },
  {
    unit: "黑龙江省人民政府国有资产监督管理委员会",
    rule: "leased_out_without_approval",
    severity: "high",
    description: "未经批准将部分办公用房出租给企业使用，拒不整改。",
    raised: -150,
    deadline: -90,
    steps: [
      {
        day: -20,
        by: "demo-inspector",
        step: "refer",
        reason: "逾期两个月未整改，且存在擅自出租办公用房问题。",
      },
    ],
  },
];

const stepStatus: Readonly<Record<Step["step"], FindingStatus>> = {
  answer: "rectifying",
  send_back: "rectifying",
  verify: "verified",
  close: "closed",
  refer: "referred",
};

/** Today in China (UTC+8): the day the demo's findings are dated from. */
function todayInChina(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

/** Inserts the demo findings and their history; units missing from the demo are skipped. */
export async function insertDemoFindings(db: Kysely<Database>, today = todayInChina()): Promise<void> {
  const users = new Map(
    (await db.selectFrom("users").select(["id", "username"]).execute()).map((user) => [
      user.username,
      user.id,
    ]),
  );
  const unitRows = await db
    .selectFrom("units")
    .select(["id", "name", "region_code"])
    .where(
      "name",
      "in",
      demoFindings.map((finding) => finding.unit),
    )
    .execute();
  const units = new Map(unitRows.map((unit) => [unit.name, unit]));
  const at = (day: number, hour: number) =>
    new Date(`${addDays(today, day)}T${String(hour).padStart(2, "0")}:00:00+08:00`);
  await db.transaction().execute(async (trx) => {
    for (const finding of demoFindings) {
      const unit = units.get(finding.unit);
      if (!unit) continue;
      const inspection = finding.fromInspection
        ? await trx
            .selectFrom("inspections")
            .select("id")
            .where("unit_id", "=", unit.id)
            .where("status", "<>", "cancelled")
            .orderBy("id")
            .executeTakeFirst()
        : undefined;
      let state = {
        status: "open" as FindingStatus,
        rectificationPlan: null as string | null,
        evidence: null as string | null,
        referredOn: null as string | null,
        returnedReason: null as string | null,
      };
      const raisedOn = addDays(today, finding.raised);
      const deadline = addDays(today, finding.deadline);
      const source = inspection ? "inspection" : "rule_check";
      const history: Array<{
        at: Date;
        by: string;
        action: "create" | "update";
        before: unknown;
        after: unknown;
      }> = [
        {
          at: at(finding.raised, 9),
          by: "demo-inspector",
          action: "create",
          before: null,
          after: {
            source,
            ...(inspection && { inspectionId: inspection.id }),
            unitId: unit.id,
            rule: finding.rule,
            severity: finding.severity,
            description: finding.description,
            deadline,
            raisedOn,
            status: "open",
          },
        },
      ];
      let version = 1;
      for (const step of finding.steps) {
        const before = { ...state, version };
        state = {
          ...state,
          status: stepStatus[step.step],
          ...(step.step === "answer" && {
            rectificationPlan: step.plan,
            evidence: step.evidence ?? state.evidence,
            returnedReason: null,
          }),
          ...(step.step === "send_back" && { evidence: null, returnedReason: step.reason }),
          ...(step.step === "refer" && { referredOn: addDays(today, step.day) }),
        };
        version++;
        history.push({
          at: at(step.day, 15),
          by: step.by,
          action: "update",
          before,
          after: {
            ...state,
            step: step.step,
            ...((step.step === "refer" || step.step === "send_back") && { reason: step.reason }),
            version,
          },
        });
      }
      const row = await trx
        .insertInto("findings")
        .values({
          region_code: unit.region_code,
          source,
          inspection_id: inspection?.id ?? null,
          unit_id: unit.id,
          rule: finding.rule,
          severity: finding.severity,
          description: finding.description,
          deadline,
          raised_on: raisedOn,
          status: state.status,
          rectification_plan: state.rectificationPlan,
          evidence: state.evidence,
          referred_on: state.referredOn,
          returned_reason: state.returnedReason,
          created_at: at(finding.raised, 9),
          updated_at: history.at(-1)?.at ?? at(finding.raised, 9),
          version,
          is_demo: true,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("audit_log")
        .values(
          history.map((entry) => ({
            at: entry.at,
            user_id: users.get(entry.by) ?? null,
            region_code: unit.region_code,
            action: entry.action,
            entity: "finding",
            entity_id: String(row.id),
            before: entry.before === null ? null : JSON.stringify(entry.before),
            after: JSON.stringify(entry.after),
          })),
        )
        .execute();
    }
  });
}
