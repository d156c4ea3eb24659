import { type Kysely, sql } from "kysely";
import { restructuredUnitNames } from "../domain/demo/catalogue.js";
import type { ScenarioAction } from "../domain/scenarios/scenario-model.js";
import { insertScenario } from "./repositories/scenario.repository.js";
import type { Database } from "./schema.js";

// The demo's swap scenarios (DOMAIN.md, the real cases), built over the loaded demo ledger by name, so
// they name the right ids whatever the generator numbered: the 18-unit former machinery building cleared
// by equal-area moves into scattered vacated properties and the SASAC moved in from its rented office,
// and the statistics survey team ↔ former local-tax bureau cross-level swap; each with an alternative.

/** The provincial plan: scenarios of the province's administration, over the whole province's ledger. */
const PROVINCE = "230000";
const MACHINERY_BUILDING = "原黑龙江省机械工业厅办公楼";
const SASAC = "黑龙江省人民政府国有资产监督管理委员会";
const STATISTICS_TEAM = "国家统计局黑龙江调查总队";
const STATISTICS_BUILDINGS = ["国家统计局黑龙江调查总队办公楼（一）", "国家统计局黑龙江调查总队办公楼（二）"];
const TAX_BUREAU = "黑龙江省地方税务局（原）";
const TAX_BUILDING = "原黑龙江省地方税务局办公楼";
/** Provincial units short of their standard that the statistics team's two buildings go to. */
const REALLOCATED_TO = ["黑龙江省生态环境厅", "黑龙江省民政厅"];
/** How many vacated properties the 18 units are spread over in the equal-area plan. */
const SCATTERED_PROPERTIES = 6;

async function idOf(db: Kysely<Database>, table: "units" | "buildings", name: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select("id")
    .where("name", "=", name)
    .orderBy("id")
    .executeTakeFirst();
  if (!row) throw new Error(`demo scenarios: no ${table} named ${name}`);
  return row.id;
}

/**
 * Empty provincial buildings of the administration's, largest idle area first: the vacated properties
 * (闲置) the machinery building's units move into.
 */
async function vacatedProperties(db: Kysely<Database>): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select b.id from buildings b join rooms r on r.building_id = b.id
    where b.title_holder = '黑龙江省机关事务管理局' and b.name like '%（闲置%' and b.property_class = 'office'
    group by b.id having count(r.occupant_unit_id) = 0
    order by sum(r.usable_area) filter (where r.status = 'idle') desc, b.id`.execute(db);
  return rows.map((row) => row.id);
}

/**
 * Rooms of `buildingId` for `unitId`'s entitled core area: office and service rooms held by the units
 * that leave (or idle), floor by floor, until the area is reached (never the rooms leased out).
 */
async function roomsForEntitlement(
  db: Kysely<Database>,
  buildingId: number,
  unitId: number,
): Promise<number[]> {
  const { rows } = await sql<{ id: number; usable_area: string | number; entitled: string | number }>`
    select r.id, r.usable_area, s.entitled_core as entitled
    from rooms r join floors f on f.id = r.floor_id
    cross join (select entitled_core from unit_standard_status where unit_id = ${unitId}) s
    where r.building_id = ${buildingId} and r.status in ('in_use', 'idle') and r.use_category in ('office', 'service')
    order by f.level, r.number, r.id`.execute(db);
  const chosen: number[] = [];
  let area = 0;
  for (const row of rows) {
    if (area >= Number(row.entitled)) break;
    chosen.push(row.id);
    area += Number(row.usable_area);
  }
  return chosen;
}

/** The unit's shortfall against its entitled core area (m², whole), from the stored standard status. */
async function shortfall(db: Kysely<Database>, unitId: number): Promise<number> {
  const row = await db
    .selectFrom("unit_standard_status")
    .select(["entitled_core", "actual_core"])
    .where("unit_id", "=", unitId)
    .executeTakeFirstOrThrow();
  return Math.floor(Number(row.entitled_core) - Number(row.actual_core));
}

async function occupiedArea(db: Kysely<Database>, buildingId: number): Promise<number> {
  const { rows } = await sql<{ area: string | number }>`
    select coalesce(sum(usable_area), 0) as area from rooms
    where building_id = ${buildingId} and occupant_unit_id is not null`.execute(db);
  return Number(rows[0]?.area ?? 0);
}

async function machineryScenarios(db: Kysely<Database>) {
  const machinery = await idOf(db, "buildings", MACHINERY_BUILDING);
  const units = await Promise.all(restructuredUnitNames.map((name) => idOf(db, "units", name)));
  const sasac = await idOf(db, "units", SASAC);
  const properties = (await vacatedProperties(db)).slice(0, SCATTERED_PROPERTIES);
  const [largest] = properties;
  if (largest === undefined) throw new Error("demo scenarios: no vacated provincial property");
  // Moving all of a unit ends its leases-in (scenario-model.ts SpaceSelector): the SASAC leaves its rented office.
  const sasacMovesIn: ScenarioAction[] = [
    {
      kind: "move",
      from: { unitId: sasac },
      to: { buildingId: machinery, roomIds: await roomsForEntitlement(db, machinery, sasac) },
    },
  ];
  // Equal area: without rooms named, a move takes idle rooms of the destination until its area is covered.
  const scattered: ScenarioAction[] = units.map((unitId, index) => ({
    kind: "move",
    from: { unitId, buildingIds: [machinery] },
    to: { buildingId: properties[index % properties.length] as number },
  }));
  const together: ScenarioAction[] = units.map((unitId) => ({
    kind: "move",
    from: { unitId, buildingIds: [machinery] },
    to: { buildingId: largest },
  }));
  return [
    {
      name: "机械工业厅办公楼等面积置换腾空",
      description:
        "原黑龙江省机械工业厅办公楼的18家改制单位按等面积置换至分散的腾退闲置房产，腾空后省国资委由在外租房迁入（真实案例，演示数据）",
      actions: [...scattered, ...sasacMovesIn],
    },
    {
      name: "机械工业厅办公楼腾空（备选：集中迁入单一闲置楼宇）",
      description: "备选方案：18家改制单位集中迁入一处腾退闲置办公楼，省国资委同样迁入原机械工业厅办公楼",
      actions: [...together, ...sasacMovesIn],
    },
  ];
}

async function statisticsScenarios(db: Kysely<Database>) {
  const team = await idOf(db, "units", STATISTICS_TEAM);
  const bureau = await idOf(db, "units", TAX_BUREAU);
  const taxBuilding = await idOf(db, "buildings", TAX_BUILDING);
  const teamBuildings = await Promise.all(STATISTICS_BUILDINGS.map((name) => idOf(db, "buildings", name)));
  const receivers = await Promise.all(REALLOCATED_TO.map((name) => idOf(db, "units", name)));
  const assignments = await Promise.all(
    teamBuildings.map(async (buildingId, index) => {
      const unitId = receivers[index] as number;
      const area = Math.min(await shortfall(db, unitId), Math.floor(await occupiedArea(db, buildingId)));
      return { unitId, buildingId, area };
    }),
  );
  const swap: ScenarioAction = {
    kind: "swap",
    a: { unitId: team },
    b: { unitId: bureau, buildingIds: [taxBuilding] },
  };
  const [fallback] = await vacatedProperties(db);
  if (fallback === undefined) throw new Error("demo scenarios: no vacated provincial property");
  return [
    {
      name: "统计调查总队与地税局办公楼置换",
      description:
        "国家统计局黑龙江调查总队两处分散办公楼与原省地方税务局办公楼置换（中省直互换），两处楼宇再调剂给省直单位（真实案例，演示数据）",
      actions: [
        swap,
        { kind: "vacate", space: { unitId: bureau, buildingIds: teamBuildings } },
        { kind: "allocate", assignments },
      ] satisfies ScenarioAction[],
    },
    {
      name: "统计调查总队迁入闲置楼宇（备选：不置换）",
      description: "备选方案：调查总队整体迁入一处腾退闲置办公楼，两处原办公楼空置，原地税局办公楼不动",
      actions: [
        { kind: "move", from: { unitId: team }, to: { buildingId: fallback } },
      ] satisfies ScenarioAction[],
    },
  ];
}

/** Adds the demo scenarios (drafts of the province, each alternative a branch of its case) to the demo ledger. */
export async function insertDemoScenarios(db: Kysely<Database>): Promise<number[]> {
  const ids: number[] = [];
  for (const [main, alternative] of [await machineryScenarios(db), await statisticsScenarios(db)]) {
    let parentScenarioId: number | null = null;
    for (const scenario of [main, alternative]) {
      if (!scenario) continue;
      const { name, description, actions } = scenario;
      const id = await insertScenario(
        db,
        { regionCode: PROVINCE, name, description, createdBy: null, parentScenarioId, isDemo: true },
        actions,
      );
      parentScenarioId ??= id;
      ids.push(id);
    }
  }
  return ids;
}
