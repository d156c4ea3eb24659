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

interface CandidateRoom {
  readonly id: number;
  readonly building_id: number;
  readonly use_category: string;
  readonly area: number;
}

/** Rooms of the buildings a unit may be given, floor by floor (never the rooms leased out). */
async function candidateRooms(
  db: Kysely<Database>,
  buildingIds: readonly number[],
): Promise<CandidateRoom[]> {
  const { rows } = await sql<CandidateRoom & { usable_area: string | number }>`
    select r.id, r.building_id, r.use_category, r.usable_area from rooms r join floors f on f.id = r.floor_id
    where r.building_id = any(${sql.val([...buildingIds])}::int[]) and r.status in ('in_use', 'idle')
      and r.use_category in ('office', 'service')
    order by r.building_id, f.level, r.number, r.id`.execute(db);
  return rows.map((row) => ({ ...row, area: Number(row.usable_area) }));
}

interface Budget {
  /** Office rooms (m²): the entitled office area, never more than the unit had (the person check). */
  readonly office: number;
  /** All core rooms (m²): the entitled core area, never more than the unit had (the unit check). */
  readonly core: number;
}

/**
 * A unit's budget in new rooms: like for like where the destination has it, within the standard — no
 * more office area than its people are entitled to (else some sit over their limit) and no more core
 * area than its entitlement or than it had (a renting unit: its entitlement).
 */
async function budgetOf(db: Kysely<Database>, unitId: number): Promise<Budget> {
  const row = await db
    .selectFrom("unit_standard_status")
    .select(["entitled_office", "entitled_core", "actual_office", "actual_core"])
    .where("unit_id", "=", unitId)
    .executeTakeFirstOrThrow();
  const had = Number(row.actual_core) > 0 ? Number(row.actual_core) : Number(row.entitled_core);
  const core = Math.min(Number(row.entitled_core), had);
  return { office: Math.min(Number(row.entitled_office), core), core };
}

/** Rooms of `buildingId` for a budget, first fit in floor order, skipping rooms `taken` (then marked). */
function pickRooms(
  candidates: readonly CandidateRoom[],
  buildingId: number,
  budget: Budget,
  taken: Set<number>,
) {
  const chosen: number[] = [];
  let office = 0;
  let core = 0;
  for (const room of candidates) {
    if (room.building_id !== buildingId || taken.has(room.id)) continue;
    const isOffice = room.use_category === "office";
    if (core + room.area > budget.core || (isOffice && office + room.area > budget.office)) continue;
    chosen.push(room.id);
    taken.add(room.id);
    core += room.area;
    if (isOffice) office += room.area;
  }
  return chosen;
}

async function machineryScenarios(db: Kysely<Database>) {
  const machinery = await idOf(db, "buildings", MACHINERY_BUILDING);
  const units = await Promise.all(restructuredUnitNames.map((name) => idOf(db, "units", name)));
  const sasac = await idOf(db, "units", SASAC);
  const properties = (await vacatedProperties(db)).slice(0, SCATTERED_PROPERTIES);
  const [largest] = properties;
  if (largest === undefined) throw new Error("demo scenarios: no vacated provincial property");
  const candidates = await candidateRooms(db, [...properties, machinery]);
  const budgets = await Promise.all(units.map((unitId) => budgetOf(db, unitId)));
  // Moving all of a unit ends its leases-in (scenario-model.ts SpaceSelector): the SASAC leaves its
  // rented office for rooms the 18 units have left, within its entitlement.
  const sasacMovesIn: ScenarioAction = {
    kind: "move",
    from: { unitId: sasac },
    to: {
      buildingId: machinery,
      roomIds: pickRooms(candidates, machinery, await budgetOf(db, sasac), new Set()),
    },
  };
  const movesInto = (destination: (index: number) => number): ScenarioAction[] => {
    const taken = new Set<number>();
    return units.map((unitId, index) => {
      const buildingId = destination(index);
      const roomIds = pickRooms(candidates, buildingId, budgets[index] as Budget, taken);
      return { kind: "move", from: { unitId, buildingIds: [machinery] }, to: { buildingId, roomIds } };
    });
  };
  return [
    {
      name: "机械工业厅办公楼等面积置换腾空",
      description:
        "原黑龙江省机械工业厅办公楼的18家改制单位按原面积（不超核定面积）置换至分散的腾退闲置房产，腾空后省国资委由在外租房迁入（真实案例，演示数据）",
      actions: [...movesInto((index) => properties[index % properties.length] as number), sasacMovesIn],
    },
    {
      name: "机械工业厅办公楼腾空（备选：集中迁入单一闲置楼宇）",
      description: "备选方案：18家改制单位集中迁入一处腾退闲置办公楼，省国资委同样迁入原机械工业厅办公楼",
      actions: [...movesInto(() => largest), sasacMovesIn],
    },
  ];
}

/** Provincial units renting outside (在外租房), highest rent first, that have an entitlement to house. */
async function rentingProvincialUnits(db: Kysely<Database>, except: readonly number[]): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select u.id from units u join leases_in l on l.unit_id = u.id
      join unit_standard_status s on s.unit_id = u.id
    where u.admin_level = 'provincial' and s.entitled_core > 0 and s.actual_core = 0
      and u.id <> all(${sql.val([...except])}::int[])
    group by u.id order by sum(l.annual_rent) desc, u.id`.execute(db);
  return rows.map((row) => row.id);
}

async function statisticsScenarios(db: Kysely<Database>) {
  const team = await idOf(db, "units", STATISTICS_TEAM);
  const bureau = await idOf(db, "units", TAX_BUREAU);
  const taxBuilding = await idOf(db, "buildings", TAX_BUILDING);
  const teamBuildings = await Promise.all(STATISTICS_BUILDINGS.map((name) => idOf(db, "buildings", name)));
  const swap: ScenarioAction = {
    kind: "swap",
    a: { unitId: team },
    b: { unitId: bureau, buildingIds: [taxBuilding] },
  };
  const [fallback] = await vacatedProperties(db);
  if (fallback === undefined) throw new Error("demo scenarios: no vacated provincial property");
  // The team's two buildings, handed over whole, pass to the administration's title in the swap and
  // are re-allocated to provincial units renting outside, within their entitlement.
  const renters = await rentingProvincialUnits(db, [team, bureau, await idOf(db, "units", SASAC)]);
  const candidates = await candidateRooms(db, teamBuildings);
  const taken = new Set<number>();
  const reallocations: ScenarioAction[] = [];
  for (const [index, buildingId] of teamBuildings.entries()) {
    const unitId = renters[index];
    if (unitId === undefined) break;
    const roomIds = pickRooms(candidates, buildingId, await budgetOf(db, unitId), taken);
    if (roomIds.length > 0)
      reallocations.push({ kind: "move", from: { unitId }, to: { buildingId, roomIds } });
  }
  return [
    {
      name: "统计调查总队与地税局办公楼置换",
      description:
        "国家统计局黑龙江调查总队两处分散办公楼与原省地方税务局办公楼置换（中省直互换），两处楼宇产权划转后调剂给在外租房的省直单位（真实案例，演示数据）",
      actions: [
        swap,
        { kind: "vacate", space: { unitId: bureau, buildingIds: teamBuildings } },
        ...reallocations,
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
