import { type Kysely, sql } from "kysely";
import type { SwapPartner } from "../../domain/requests/allocation-planner.js";
import type { ScenarioAction } from "../../domain/scenarios/scenario-model.js";
import type { Database } from "../schema.js";
import type { PlanRow, RequestRow } from "./allocation-request.repository.js";
import { insertScenario } from "./scenario.repository.js";

// A chosen swap or lease plan of an allocation request (调配申报) is not written to the ledger at once:
// it becomes a draft scenario whose actions the planner validates, and the approver approves and applies
// like any other (issue 8). A construction plan has no scenario action: it is a building project.

/** The unit's surplus rooms that make up its share of a swap: its smallest office rooms up to the share. */
async function surplusRooms(db: Kysely<Database>, unitId: number, share: number) {
  const { rows } = await sql<{ id: number; building_id: number; usable_area: number }>`
    select id, building_id, usable_area from rooms
    where occupant_unit_id = ${unitId} and status = 'in_use' and use_category = 'office'
    order by usable_area, id`.execute(db);
  const taken: typeof rows = [];
  let area = 0;
  for (const room of rows) {
    if (area >= share) break;
    if (area + room.usable_area > share * 1.05 && taken.length > 0) continue;
    taken.push(room);
    area += room.usable_area;
  }
  return taken;
}

/** Partners vacate their surplus rooms to the pool, then the applicant is housed in those buildings. */
async function swapActions(
  db: Kysely<Database>,
  request: RequestRow,
  plan: PlanRow,
): Promise<ScenarioAction[]> {
  const partners = (plan.details.partners ?? []) as SwapPartner[];
  let remaining = plan.allocated_area;
  const actions: ScenarioAction[] = [];
  const housed = new Map<number, number>();
  for (const partner of partners) {
    if (remaining <= 0) break;
    const rooms = await surplusRooms(db, partner.unitId, Math.min(partner.surplus, remaining));
    if (rooms.length === 0) continue;
    actions.push({
      kind: "vacate",
      space: { unitId: partner.unitId, roomIds: rooms.map((room) => room.id) },
    });
    for (const room of rooms) {
      housed.set(room.building_id, (housed.get(room.building_id) ?? 0) + room.usable_area);
      remaining -= room.usable_area;
    }
  }
  if (housed.size > 0)
    actions.push({
      kind: "allocate",
      assignments: [...housed].map(([buildingId, area]) => ({
        unitId: request.unit_id,
        buildingId,
        area: Math.round(Math.min(area, plan.allocated_area) * 100) / 100,
      })),
    });
  return actions;
}

/** The lease at the applicant's present site (its buildings' centre, else its region's). */
async function leaseActions(
  db: Kysely<Database>,
  request: RequestRow,
  plan: PlanRow,
): Promise<ScenarioAction[]> {
  const { rows } = await sql<{ lon: number; lat: number }>`
    with here as (
      select st_pointonsurface(st_collect(b.footprint)) as point from buildings b
      where b.id in (select building_id from rooms where occupant_unit_id = ${request.unit_id})
      union all
      select st_pointonsurface(geom) from regions where code = ${request.region_code} and geom is not null)
    select st_x(point) as lon, st_y(point) as lat from here where point is not null limit 1`.execute(db);
  const place = rows[0];
  if (!place) return [];
  const grossArea = Number(plan.details.grossArea ?? plan.allocated_area);
  return [
    {
      kind: "lease_in",
      unitId: request.unit_id,
      name: `${request.unit_name} 租用办公用房（调配申报 #${request.id}）`,
      location: [place.lon, place.lat],
      grossArea,
      annualRent: plan.annual_cost,
    },
  ];
}

/**
 * The draft scenario of a chosen swap or lease plan, inside the decision's transaction; undefined for
 * re-allocation (written to the ledger directly) and construction (a project, not a scenario).
 */
export async function scenarioForDecision(
  db: Kysely<Database>,
  request: RequestRow,
  plan: PlanRow,
  userId: number | null,
): Promise<number | undefined> {
  const actions =
    plan.method === "swap"
      ? await swapActions(db, request, plan)
      : plan.method === "lease"
        ? await leaseActions(db, request, plan)
        : [];
  if (actions.length === 0) return undefined;
  return insertScenario(
    db,
    {
      regionCode: request.region_code,
      name: `调配申报 #${request.id} ${request.unit_name}：${plan.name}`,
      description: `由调配申报 #${request.id}（${request.requested_area} m²）选定的${plan.name}生成，待校验、批准后实施。Generated from allocation request #${request.id}: validate, approve and apply it like any scenario.`,
      createdBy: userId,
    },
    actions,
  );
}
