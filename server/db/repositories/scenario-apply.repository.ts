import { type Kysely, sql } from "kysely";
import type {
  ActionEffect,
  ScenarioAction,
  ScenarioLease,
  ScenarioRoom,
  ScenarioState,
} from "../../domain/scenarios/scenario-model.js";
import type { Database } from "../schema.js";
import { appendAudit } from "./audit.repository.js";
import { type Row, snapshot, updateRow } from "./journal.repository.js";

// Writing an approved scenario into the live ledger: the difference between the engine's state before
// and after, row by row, each write audited with the scenario's id. The caller holds the transaction
// and has checked that the rows are still at the versions the scenario was validated against.

/** Term of a lease a scenario takes up, when the scenario gives none (the usual three-year contract). */
const LEASE_TERM_YEARS = 3;

export interface ApplyContext {
  readonly scenarioId: number;
  readonly userId: number;
  readonly before: ScenarioState;
  readonly after: ScenarioState;
  readonly actions: readonly ScenarioAction[];
  readonly effects: readonly ActionEffect[];
}

export interface ApplySummary {
  readonly roomsChanged: number;
  readonly titlesTransferred: number;
  readonly leasesAdded: number;
  readonly leasesEnded: number;
  readonly conversions: number;
  readonly disposals: number;
  readonly audit: string[];
}

const roomChanged = (before: ScenarioRoom | undefined, after: ScenarioRoom) =>
  before !== undefined && (before.occupantUnitId !== after.occupantUnitId || before.status !== after.status);

/** The live status of a room the scenario left: a disposed building's rooms await disposal. */
function liveStatus(state: ScenarioState, room: ScenarioRoom): ScenarioRoom["status"] {
  return state.buildings.get(room.buildingId)?.disposed ? "pending_disposal" : room.status;
}

async function writeRooms(trx: Kysely<Database>, context: ApplyContext, audit: string[]): Promise<number> {
  let changed = 0;
  for (const room of context.after.rooms.values()) {
    const before = context.before.rooms.get(room.id);
    const status = liveStatus(context.after, room);
    if (!roomChanged(before, { ...room, status })) continue;
    const key = { id: room.id };
    const was = (await snapshot(trx, "room", key)) as Row;
    const now = await updateRow(trx, "room", key, { occupant_unit_id: room.occupantUnitId, status });
    audit.push(await entry(trx, context, "update", "room", room.id, was, now));
    if (before?.occupantUnitId !== room.occupantUnitId) await unseat(trx, context, room.id, audit);
    changed += 1;
  }
  return changed;
}

/** A room that changes hands keeps none of its former unit's people seated in it. */
async function unseat(trx: Kysely<Database>, context: ApplyContext, roomId: number, audit: string[]) {
  const { rows } = await sql<{ row: Row }>`
    delete from room_occupants o where o.room_id = ${roomId} returning to_jsonb(o) as row`.execute(trx);
  for (const { row } of rows) {
    const seated = typeof row === "string" ? (JSON.parse(row) as Row) : row;
    audit.push(
      await appendAudit(trx, {
        userId: context.userId,
        regionCode: String(seated.region_code),
        action: "delete",
        entity: "room_occupant",
        entityId: `${String(seated.room_id)}:${String(seated.person_id)}`,
        before: seated,
        scenarioId: context.scenarioId,
      }),
    );
  }
}

function entry(
  trx: Kysely<Database>,
  context: ApplyContext,
  action: "create" | "update" | "delete",
  entity: string,
  entityId: number,
  before: unknown,
  after: unknown,
): Promise<string> {
  const row = (after ?? before) as Row;
  return appendAudit(trx, {
    userId: context.userId,
    regionCode: typeof row.region_code === "string" ? row.region_code : null,
    action,
    entity,
    entityId,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
    scenarioId: context.scenarioId,
  });
}

const leaseRow = async (trx: Kysely<Database>, id: number) => {
  const { rows } = await sql<{ row: Row }>`
    select to_jsonb(l) - 'location' - 'location_3857' || jsonb_build_object('location', st_asgeojson(l.location)::jsonb) as row
    from leases_in l where l.id = ${id}`.execute(trx);
  const row = rows[0]?.row;
  return typeof row === "string" ? (JSON.parse(row) as Row) : row;
};

async function writeLeases(trx: Kysely<Database>, context: ApplyContext, audit: string[]) {
  let added = 0;
  let ended = 0;
  for (const lease of context.after.leases) {
    if (typeof lease.id === "number") {
      if (!lease.ended) continue;
      const before = await leaseRow(trx, lease.id);
      await sql`delete from leases_in where id = ${lease.id}`.execute(trx);
      audit.push(await entry(trx, context, "delete", "lease_in", lease.id, before, undefined));
      ended += 1;
    } else if (!lease.ended) {
      const id = await insertLease(trx, context, lease);
      audit.push(await entry(trx, context, "create", "lease_in", id, undefined, await leaseRow(trx, id)));
      added += 1;
    }
  }
  return { added, ended };
}

async function insertLease(
  trx: Kysely<Database>,
  context: ApplyContext,
  lease: ScenarioLease,
): Promise<number> {
  const [lon, lat] = lease.location;
  const { rows } = await sql<{ id: number }>`
    insert into leases_in (unit_id, region_code, name, address, location, gross_area, annual_rent, starts_on, ends_on)
    select u.id, u.region_code, ${lease.name}, ${`方案 ${context.scenarioId} 租入`},
      st_setsrid(st_makepoint(${lon}, ${lat}), 4326), ${lease.grossArea}, ${lease.annualRent},
      current_date, (current_date + make_interval(years => ${LEASE_TERM_YEARS}))::date
    from units u where u.id = ${lease.unitId}
    returning id`.execute(trx);
  return (rows[0] as { id: number }).id;
}

async function writeInventoryExits(trx: Kysely<Database>, context: ApplyContext, audit: string[]) {
  let conversions = 0;
  let disposals = 0;
  for (const effect of context.effects) {
    const action = context.actions[effect.action];
    if (!action) continue;
    if (action.kind === "convert" && effect.roomsLeftInventory.length > 0) {
      // A proposal of the conversions register, which approves and completes it by its own duty; its
      // rooms are spoken for from now on (the loader counts them out of the office inventory).
      const { rows } = await sql<Row>`
        insert into conversions (region_code, building_id, room_ids, target_use, name, area, status, note)
        select b.region_code, b.id, ${sql.val([...effect.roomsLeftInventory])}::int[], ${action.targetUse},
          b.name || '改建', (select sum(usable_area) from rooms where id = any(${sql.val([...effect.roomsLeftInventory])}::int[])),
          'proposed', ${`方案 ${context.scenarioId}`}
        from buildings b where b.id = ${action.buildingId}
        returning to_jsonb(conversions.*) as row`.execute(trx);
      const row = rows[0] as { row: Row };
      audit.push(await entry(trx, context, "create", "conversion", Number(row.row.id), undefined, row.row));
      conversions += 1;
    }
    if (action.kind === "dispose")
      for (const buildingId of effect.buildingsDisposed) {
        const { rows } = await sql<Row>`
          insert into disposals (region_code, building_id, room_ids, method, status, area, result)
          select b.region_code, b.id, coalesce(array_agg(r.id order by r.id) filter (where r.id is not null), '{}'),
            ${action.method}, 'approved', greatest(b.gross_area, 0.01), ${`方案 ${context.scenarioId}`}
          from buildings b left join rooms r on r.building_id = b.id where b.id = ${buildingId} group by b.id
          returning to_jsonb(disposals.*) as row`.execute(trx);
        const row = rows[0] as { row: Row };
        audit.push(await entry(trx, context, "create", "disposal", Number(row.row.id), undefined, row.row));
        disposals += 1;
      }
  }
  return { conversions, disposals };
}

/**
 * Buildings a cross-level swap handed over whole pass to the province's administration (产权划转), as
 * the engine assumed when it let later actions allocate them; the audit keeps the former holder.
 */
async function writeTitleTransfers(trx: Kysely<Database>, context: ApplyContext, audit: string[]) {
  const buildingIds = [...new Set(context.effects.flatMap((effect) => effect.titlesTransferred ?? []))];
  for (const id of buildingIds) {
    const { rows } = await sql<{ holder: string }>`
      select p.name || '机关事务管理局' as holder from buildings b
      join regions p on p.code = left(b.region_code, 2) || '0000' where b.id = ${id}`.execute(trx);
    const holder = rows[0]?.holder;
    if (!holder) continue;
    const key = { id };
    const was = (await snapshot(trx, "building", key)) as Row;
    const now = await updateRow(trx, "building", key, { title_holder: holder });
    audit.push(await entry(trx, context, "update", "building", id, was, now));
  }
  return buildingIds.length;
}

/** Writes the scenario's changes: rooms, leases in and out of the ledger, titles, conversions and disposals. */
export async function writeScenario(trx: Kysely<Database>, context: ApplyContext): Promise<ApplySummary> {
  const audit: string[] = [];
  const roomsChanged = await writeRooms(trx, context, audit);
  const leases = await writeLeases(trx, context, audit);
  const exits = await writeInventoryExits(trx, context, audit);
  const titlesTransferred = await writeTitleTransfers(trx, context, audit);
  return {
    roomsChanged,
    titlesTransferred,
    leasesAdded: leases.added,
    leasesEnded: leases.ended,
    conversions: exits.conversions,
    disposals: exits.disposals,
    audit,
  };
}
