import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";

/** The province's administration: its plans are the provincial level's. */
const PROVINCE = "230000";

interface DemoPlan {
  readonly kind: "routine" | "key_reinspection";
  readonly round: number | null;
  readonly title: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly note: string | null;
}

const plans: readonly DemoPlan[] = [
  {
    kind: "routine",
    round: 1,
    title: "2026年第一轮常规检查（省直机关）",
    startsOn: "2026-04-01",
    endsOn: "2026-06-30",
    note: "第一轮检查以纸质检查表记录，结果未录入平台（演示数据）",
  },
  {
    kind: "routine",
    round: 2,
    title: "2026年第二轮常规检查（省直机关）",
    startsOn: "2026-09-01",
    endsOn: "2026-12-31",
    note: null,
  },
  {
    kind: "key_reinspection",
    round: null,
    title: "2026年厅局级领导干部办公用房重点复查",
    startsOn: "2026-11-01",
    endsOn: "2026-12-31",
    note: "复查厅局级及以上领导干部办公室面积与一人一室",
  },
];

/** The building where a unit has most rooms (lowest id on a tie), and the unit's region. */
async function mainBuilding(db: Kysely<Database>, unitName: string) {
  const { rows } = await sql<{ unit_id: number; building_id: number; region_code: string }>`
    select u.id as unit_id, r.building_id, b.region_code
    from units u join rooms r on r.occupant_unit_id = u.id join buildings b on b.id = r.building_id
    where u.name = ${unitName}
    group by u.id, r.building_id, b.region_code
    order by count(*) desc, r.building_id limit 1`.execute(db);
  return rows[0];
}

/**
 * The demo's inspection plans (issue 10): the province's two 2026 routine rounds and its key
 * re-inspection of leaders' offices. The autumn inspections of provincial units the consistency cases
 * recorded (consistency-cases.ts) belong to round 2; round 1's two May inspections were kept on paper.
 * Two inspections are still planned, assigned to demo-inspector, for a user (and the e2e) to run: the
 * education department's building in round 2 — its room 105 seats three 正处级 in 55.88 m², over the
 * 18 m² each — and the civil affairs department's leaders' offices, where one 副厅级 has two offices.
 */
export async function insertDemoInspectionPlans(db: Kysely<Database>): Promise<void> {
  const inspector = await db
    .selectFrom("users")
    .select("id")
    .where("username", "=", "demo-inspector")
    .executeTakeFirst();
  const planIds: number[] = [];
  for (const plan of plans) {
    const row = await db
      .insertInto("inspection_plans")
      .values({
        region_code: PROVINCE,
        year: 2026,
        kind: plan.kind,
        round: plan.round,
        title: plan.title,
        starts_on: plan.startsOn,
        ends_on: plan.endsOn,
        note: plan.note,
        is_demo: true,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    planIds.push(row.id);
  }
  const [roundOne, roundTwo, keyPlan] = planIds as [number, number, number];

  await sql`update inspections i set plan_id = ${roundTwo}
    from units u
    where u.id = i.unit_id and u.admin_level = 'provincial' and i.kind = 'routine' and i.plan_id is null
      and i.planned_on between '2026-09-01' and '2026-12-31'`.execute(db);

  const add = async (
    planId: number,
    kind: "routine" | "key_reinspection",
    unitName: string,
    plannedOn: string,
    done: boolean,
    note: string | null,
  ) => {
    const target = await mainBuilding(db, unitName);
    if (!target) return;
    await db
      .insertInto("inspections")
      .values({
        plan_id: planId,
        region_code: target.region_code,
        kind,
        unit_id: target.unit_id,
        building_id: target.building_id,
        planned_on: plannedOn,
        started_on: done ? plannedOn : null,
        done_on: done ? plannedOn : null,
        status: done ? "done" : "planned",
        inspector_id: inspector?.id ?? null,
        note,
        is_demo: true,
      })
      .execute();
  };
  await add(roundOne, "routine", "黑龙江省公安厅", "2026-05-12", true, "纸质检查表存档");
  await add(roundOne, "routine", "黑龙江省司法厅", "2026-05-13", true, "纸质检查表存档");
  await add(roundTwo, "routine", "黑龙江省教育厅", "2026-12-03", false, null);
  await add(keyPlan, "key_reinspection", "黑龙江省民政厅", "2026-12-10", false, "厅级领导办公室复查");
}
