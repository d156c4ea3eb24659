import type { Insertable, Kysely } from "kysely";
import type { RepairKind, RepairStatus } from "../domain/maintenance/repair-workflow.js";
import type { Database, RepairRequestTable } from "./schema.js";

// The demo's repair requests (DOMAIN.md workflow 7): a few at every stage, by unit and account name so
// they hold whatever ids the generator gave. The roof repair of 黑龙江省教育厅 was approved by
// demo-approver and built by demo-works and now waits for acceptance: demo-approver is refused
// (审验分离), demo-approver2 may accept it. 黑龙江省民政厅's façade was redone without approval (违规).

interface DemoStep {
  readonly step: "approve" | "reject" | "tender" | "start" | "complete" | "accept" | "record_done";
  readonly on: string;
  readonly by: string | null;
  readonly fields?: Record<string, unknown>;
}

interface DemoRepair {
  readonly unit: string;
  /** Which of the unit's buildings (0: the one with its lowest id) and how many of its rooms there. */
  readonly rooms: number;
  readonly kind: RepairKind;
  readonly title: string;
  readonly description: string;
  readonly estimatedCost: number;
  readonly filedOn: string;
  readonly dueOn: string | null;
  readonly filedBy: string | null;
  readonly steps: readonly DemoStep[];
}

const EDUCATION = "黑龙江省教育厅";

const repairs: readonly DemoRepair[] = [
  {
    unit: EDUCATION,
    rooms: 0,
    kind: "major",
    title: "办公楼屋面防水及保温层大修",
    description: "屋面防水层老化开裂，雨季多处渗漏至顶层办公室；拟整体翻修防水层并更换保温层约 1,600 m²。",
    estimatedCost: 86.5,
    filedOn: "2026-08-18",
    dueOn: "2026-11-30",
    filedBy: "demo-unit",
    steps: [
      {
        step: "approve",
        on: "2026-08-25",
        by: "demo-approver",
        fields: { note: "同意，纳入年度大中修计划" },
      },
      {
        step: "tender",
        on: "2026-09-12",
        by: "demo-works",
        fields: { contractor: "哈尔滨建工集团有限责任公司", contractPrice: 79.8, tenderedOn: "2026-09-12" },
      },
      { step: "start", on: "2026-09-20", by: "demo-works", fields: { startedOn: "2026-09-20" } },
      {
        step: "complete",
        on: "2026-11-10",
        by: "demo-works",
        fields: { completedOn: "2026-11-10", actualCost: 80.6 },
      },
    ],
  },
  {
    unit: EDUCATION,
    rooms: 1,
    kind: "routine",
    title: "会议室空调维修",
    description: "会议室分体空调不制热，需更换压缩机电容并补充冷媒。",
    estimatedCost: 0.85,
    filedOn: "2026-11-20",
    dueOn: "2026-12-15",
    filedBy: "demo-unit",
    steps: [],
  },
  {
    unit: EDUCATION,
    rooms: 1,
    kind: "routine",
    title: "卫生间给排水管道疏通",
    description: "二层卫生间排水不畅，疏通并更换老化存水弯。",
    estimatedCost: 0.3,
    filedOn: "2026-10-05",
    dueOn: null,
    filedBy: "demo-unit",
    steps: [
      {
        step: "record_done",
        on: "2026-10-09",
        by: "demo-unit",
        fields: { completedOn: "2026-10-09", actualCost: 0.28 },
      },
    ],
  },
  {
    unit: "黑龙江省财政厅",
    rooms: 0,
    kind: "major",
    title: "办公楼电梯更新改造",
    description: "两部客梯已使用 22 年，年检提出整改意见；拟整体更换曳引机、控制柜及轿厢。",
    estimatedCost: 120,
    filedOn: "2026-09-02",
    dueOn: "2026-10-31",
    filedBy: null,
    steps: [],
  },
  {
    unit: "黑龙江省民政厅",
    rooms: 0,
    kind: "major",
    title: "外墙保温及门窗更换",
    description: "未经审批自行组织外墙保温改造并更换全部外窗，完工后补录。",
    estimatedCost: 65,
    filedOn: "2026-10-25",
    dueOn: null,
    filedBy: null,
    steps: [
      {
        step: "record_done",
        on: "2026-10-25",
        by: null,
        fields: { completedOn: "2026-10-20", actualCost: 68.3 },
      },
    ],
  },
  {
    unit: "黑龙江省卫生健康委员会",
    rooms: 0,
    kind: "major",
    title: "配电系统改造",
    description: "低压配电柜老化，负荷不足；更换配电柜并重新敷设主干电缆。",
    estimatedCost: 45,
    filedOn: "2026-06-01",
    dueOn: "2026-09-30",
    filedBy: null,
    steps: [
      { step: "approve", on: "2026-06-10", by: "demo-approver2" },
      {
        step: "tender",
        on: "2026-07-01",
        by: "demo-works",
        fields: { contractor: "黑龙江省电力安装工程有限公司", contractPrice: 42.3, tenderedOn: "2026-07-01" },
      },
      { step: "start", on: "2026-07-10", by: "demo-works", fields: { startedOn: "2026-07-10" } },
      {
        step: "complete",
        on: "2026-09-05",
        by: "demo-works",
        fields: { completedOn: "2026-09-05", actualCost: 43.1 },
      },
      { step: "accept", on: "2026-09-15", by: "demo-approver", fields: { note: "验收合格，资料齐全" } },
    ],
  },
  {
    unit: "黑龙江省卫生健康委员会",
    rooms: 0,
    kind: "major",
    title: "消防喷淋系统维修",
    description: "喷淋管网锈蚀渗漏，更换主管及报警阀组。",
    estimatedCost: 28,
    filedOn: "2026-09-25",
    dueOn: "2026-12-20",
    filedBy: null,
    steps: [
      { step: "approve", on: "2026-10-08", by: "demo-approver2" },
      {
        step: "tender",
        on: "2026-10-20",
        by: "demo-works",
        fields: { contractor: "哈尔滨消防工程有限公司", contractPrice: 26.5, tenderedOn: "2026-10-20" },
      },
      { step: "start", on: "2026-11-02", by: "demo-works", fields: { startedOn: "2026-11-02" } },
    ],
  },
  {
    unit: "黑龙江省科学技术厅",
    rooms: 0,
    kind: "major",
    title: "办公区整体装修",
    description: "办公区吊顶、地面、墙面整体重新装修。",
    estimatedCost: 150,
    filedOn: "2026-09-28",
    dueOn: null,
    filedBy: null,
    steps: [
      {
        step: "reject",
        on: "2026-10-12",
        by: "demo-approver",
        fields: { reason: "属于装修改造而非必要维修，不符合办公用房维修标准；请按必要项目重新申报" },
      },
    ],
  },
];

const department = { approve: "approval", reject: "approval", accept: "approval" } as const;
const sideOf = (step: DemoStep["step"]) =>
  step === "record_done" ? "unit" : step in department ? "approval" : "works";
const statusAfter: Record<DemoStep["step"], RepairStatus> = {
  approve: "approved",
  reject: "rejected",
  tender: "tendered",
  start: "in_construction",
  complete: "completed",
  accept: "accepted",
  record_done: "done",
};
/** Beijing office hours of a demo day, as the time its audit entry was written. */
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

/** Inserts the demo repair requests with their audit history (called once, with the demo data). */
export async function insertDemoRepairs(db: Kysely<Database>): Promise<void> {
  const users = new Map(
    (await db.selectFrom("users").select(["id", "username"]).execute()).map((user) => [
      user.username,
      user.id,
    ]),
  );
  const userId = (name: string | null) => (name === null ? null : (users.get(name) ?? null));
  await db.transaction().execute(async (trx) => {
    for (const demo of repairs) {
      const unit = await trx
        .selectFrom("units")
        .select(["id", "region_code"])
        .where("name", "=", demo.unit)
        .executeTakeFirstOrThrow();
      const rooms = await trx
        .selectFrom("rooms")
        .select(["id", "building_id"])
        .where("occupant_unit_id", "=", unit.id)
        .orderBy("building_id")
        .orderBy("id")
        .execute();
      const first = rooms[0];
      if (!first) throw new Error(`demo repairs: ${demo.unit} occupies no rooms`);
      const roomIds = rooms
        .filter((room) => room.building_id === first.building_id)
        .slice(0, demo.rooms)
        .map((room) => room.id);
      const row: Insertable<RepairRequestTable> = {
        region_code: unit.region_code,
        unit_id: unit.id,
        building_id: first.building_id,
        room_ids: roomIds,
        kind: demo.kind,
        title: demo.title,
        description: demo.description,
        estimated_cost: demo.estimatedCost,
        due_on: demo.dueOn,
        requested_by: userId(demo.filedBy),
        created_at: at(demo.filedOn),
        updated_at: at(demo.steps.at(-1)?.on ?? demo.filedOn),
        is_demo: true,
        version: demo.steps.length + 1,
        status: demo.steps.at(-1) ? statusAfter[(demo.steps.at(-1) as DemoStep).step] : "requested",
      };
      for (const step of demo.steps) Object.assign(row, columnsOf(step, userId(step.by)));
      if (demo.kind === "major" && demo.steps.at(-1)?.step === "record_done") row.unapproved = true;
      const { id } = await trx
        .insertInto("repair_requests")
        .values(row)
        .returning("id")
        .executeTakeFirstOrThrow();
      const entries = [
        {
          user_id: userId(demo.filedBy),
          at: at(demo.filedOn),
          action: "create",
          before: null,
          after: JSON.stringify({
            kind: demo.kind,
            title: demo.title,
            estimatedCost: demo.estimatedCost,
            step: "file",
            department: "unit",
            status: "requested",
            version: 1,
          }),
        },
        ...demo.steps.map((step, index) => ({
          user_id: userId(step.by),
          at: at(step.on),
          action: step.step === "approve" ? "approve" : "update",
          before: JSON.stringify({ version: index + 1 }),
          after: JSON.stringify({
            step: step.step,
            department: sideOf(step.step),
            status: statusAfter[step.step],
            ...(step.step === "record_done" && demo.kind === "major" ? { unapproved: true } : {}),
            ...step.fields,
            version: index + 2,
          }),
        })),
      ];
      await trx
        .insertInto("audit_log")
        .values(
          entries.map((entry) => ({
            ...entry,
            region_code: unit.region_code,
            entity: "repair_request",
            entity_id: String(id),
          })),
        )
        .execute();
    }
  });
}

function columnsOf(step: DemoStep, by: number | null): Partial<Insertable<RepairRequestTable>> {
  const fields = (step.fields ?? {}) as Record<string, string | number | undefined>;
  switch (step.step) {
    case "approve":
      return { approved_by: by, decided_at: at(step.on), decision_note: (fields.note as string) ?? null };
    case "reject":
      return { decided_at: at(step.on), decision_note: fields.reason as string };
    case "tender":
      return {
        contractor: fields.contractor as string,
        contract_price: fields.contractPrice as number,
        tendered_on: fields.tenderedOn as string,
        tendered_by: by,
      };
    case "start":
      return { started_on: fields.startedOn as string, started_by: by };
    case "complete":
    case "record_done":
      return {
        completed_on: fields.completedOn as string,
        completed_by: by,
        actual_cost: fields.actualCost as number,
      };
    case "accept":
      return { accepted_by: by, accepted_at: at(step.on), acceptance_note: (fields.note as string) ?? null };
    default:
      return step.step satisfies never;
  }
}
