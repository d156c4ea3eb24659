import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { Database } from "../schema.js";
import { inRegion, scopeCondition } from "../scope.js";
import { appendAudit } from "./audit.repository.js";

// The commercial register (经营用房剥离): space in office buildings that is leased out or shop-front,
// separated from the office inventory and registered apart, then leased or auctioned.

/** Room statuses that may be separated: leased out, or not used by any unit. */
export const separableStatuses = ["leased_out", "idle", "vacating", "pending_disposal"] as const;

const regionOnly = (scope: ReadScope, column: string) =>
  scopeCondition(scope, sql.ref(column), () => sql<boolean>`false`);

/**
 * Candidates for separation in a region: office buildings with leased-out rooms (their leased rooms,
 * shop-front when on the ground floor) and commercial-class buildings not yet on the register.
 */
export async function commercialCandidates(db: Kysely<Database>, scope: ReadScope, region: string) {
  const { rows } = await sql<{
    building_id: number;
    building_name: string;
    region_code: string;
    property_class: string;
    room_ids: number[];
    leased_area: number;
    ground_floor_rooms: number;
    leases: number;
    registered: boolean;
  }>`
    select b.id as building_id, b.name as building_name, b.region_code, b.property_class,
      coalesce(array_agg(r.id order by r.id) filter (where r.status = 'leased_out'), '{}') as room_ids,
      coalesce(sum(r.usable_area) filter (where r.status = 'leased_out'), 0) as leased_area,
      (count(*) filter (where r.status = 'leased_out' and f.level = 1))::int as ground_floor_rooms,
      (select count(*)::int from leases_out l where l.building_id = b.id and l.commercial_property_id is null) as leases,
      exists (select 1 from commercial_properties p where p.building_id = b.id and p.scope = 'building') as registered
    from buildings b
    join rooms r on r.building_id = b.id
    join floors f on f.id = r.floor_id
    where ${regionOnly(scope, "b.region_code")} and ${inRegion(sql.ref("b.region_code"), region)}
      and (b.property_class = 'commercial' or r.status = 'leased_out')
    group by b.id
    having b.property_class = 'commercial' or count(*) filter (where r.status = 'leased_out') > 0
    order by b.region_code, b.id
    limit 500`.execute(db);
  return rows.filter((row) => !row.registered);
}

export interface CommercialRow {
  id: number;
  region_code: string;
  building_id: number;
  building_name: string;
  room_ids: number[];
  scope: "building" | "rooms";
  origin: "leased_out" | "shop_front";
  name: string;
  area: number;
  status: "registered" | "leased" | "auction" | "sold";
  note: string | null;
  separated_by: number | null;
  separated_at: Date;
  version: number;
}

const commercialSelect = sql`select p.id, p.region_code, p.building_id, b.name as building_name, p.room_ids,
  p.scope, p.origin, p.name, p.area, p.status, p.note, p.separated_by, p.separated_at, p.version
  from commercial_properties p join buildings b on b.id = p.building_id`;

export async function findCommercial(db: Kysely<Database>, id: number, lock = false) {
  const { rows } = await sql<CommercialRow>`${commercialSelect} where p.id = ${id}
    ${lock ? sql`for update of p` : sql``}`.execute(db);
  return rows[0];
}

export async function listCommercial(db: Kysely<Database>, scope: ReadScope, region: string | undefined) {
  const { rows } = await sql<CommercialRow>`${commercialSelect}
    where ${regionOnly(scope, "p.region_code")} ${region ? sql`and ${inRegion(sql.ref("p.region_code"), region)}` : sql``}
    order by p.id desc limit 500`.execute(db);
  return rows;
}

/** The leases of a register entry, newest end first; `days_left` from today (negative: expired). */
export async function commercialLeases(db: Kysely<Database>, propertyId: number) {
  const { rows } = await sql<LeaseRow>`${leaseSelect} where l.commercial_property_id = ${propertyId}
    order by l.ends_on desc, l.id`.execute(db);
  return rows;
}

export interface LeaseRow {
  id: number;
  commercial_property_id: number;
  property_name: string;
  region_code: string;
  room_id: number | null;
  tenant: string;
  area: number;
  annual_rent: number;
  starts_on: string;
  ends_on: string;
  days_left: number;
}

const leaseSelect = sql`select l.id, l.commercial_property_id, p.name as property_name, l.region_code, l.room_id,
  l.tenant, l.area, l.annual_rent, l.starts_on, l.ends_on, (l.ends_on - current_date)::int as days_left
  from leases_out l join commercial_properties p on p.id = l.commercial_property_id`;

/** Leases of the register ending within `days` from today (not yet ended), soonest first. */
export async function expiringLeases(db: Kysely<Database>, scope: ReadScope, days: number) {
  const { rows } = await sql<LeaseRow>`${leaseSelect}
    where ${regionOnly(scope, "l.region_code")} and l.ends_on >= current_date
      and l.ends_on <= current_date + ${days}::int
    order by l.ends_on, l.id`.execute(db);
  return rows;
}

export interface Separation {
  readonly regionCode: string;
  readonly buildingId: number;
  readonly roomIds: readonly number[];
  readonly wholeBuilding: boolean;
  readonly origin: "leased_out" | "shop_front";
  readonly name: string;
  readonly area: number;
  readonly note: string | null;
}

/**
 * Registers the separation inside the caller's transaction: the rooms leave the office inventory
 * (status `commercial`, rows and history kept), their leases move to the register, a whole building
 * takes the property class `commercial`. Audited per row.
 */
export async function separate(trx: Kysely<Database>, input: Separation, userId: number) {
  const audit: string[] = [];
  const entry = (
    action: "create" | "update",
    entity: string,
    entityId: number,
    before: unknown,
    after: unknown,
  ) =>
    appendAudit(trx, { userId, regionCode: input.regionCode, action, entity, entityId, before, after }).then(
      (id) => audit.push(id),
    );
  const { rows: created } = await sql<{ id: number }>`
    insert into commercial_properties (region_code, building_id, room_ids, scope, origin, name, area, note, separated_by)
    values (${input.regionCode}, ${input.buildingId},
      ${sql.val(input.wholeBuilding ? [] : [...input.roomIds])}::int[],
      ${input.wholeBuilding ? "building" : "rooms"}, ${input.origin}, ${input.name}, ${input.area}, ${input.note},
      ${userId})
    returning id`.execute(trx);
  const id = created[0]?.id as number;
  for (const roomId of input.roomIds) {
    const { rows } = await sql<{ status: string; occupant_unit_id: number | null; version: number }>`
      with old as (select id, status, occupant_unit_id, version from rooms where id = ${roomId} for update)
      update rooms r set status = 'commercial', occupant_unit_id = null, version = r.version + 1
      from old where r.id = old.id
      returning old.status, old.occupant_unit_id, old.version`.execute(trx);
    const before = rows[0];
    await entry("update", "room", roomId, before, {
      status: "commercial",
      occupant_unit_id: null,
      version: (before?.version ?? 0) + 1,
      commercialPropertyId: id,
    });
  }
  const { rows: leases } = await sql<{ id: number }>`
    update leases_out set commercial_property_id = ${id}, version = version + 1
    where commercial_property_id is null and building_id = ${input.buildingId}
      and ${input.wholeBuilding ? sql`true` : sql`room_id = any(${sql.val([...input.roomIds])}::int[])`}
    returning id`.execute(trx);
  for (const lease of leases) await entry("update", "lease_out", lease.id, {}, { commercialPropertyId: id });
  if (input.wholeBuilding) {
    const { rows } = await sql<{ property_class: string; version: number }>`
      with old as (select id, property_class, version from buildings where id = ${input.buildingId} for update)
      update buildings b set property_class = 'commercial', version = b.version + 1, updated_at = now()
      from old where b.id = old.id returning old.property_class, old.version`.execute(trx);
    await entry("update", "building", input.buildingId, rows[0], { property_class: "commercial" });
  }
  await sql`update commercial_properties set status = 'leased' where id = ${id} and exists
    (select 1 from leases_out where commercial_property_id = ${id} and ends_on >= current_date)`.execute(trx);
  await entry("create", "commercial_property", id, null, {
    ...input,
    leaseIds: leases.map((lease) => lease.id),
  });
  return { id, audit, leaseIds: leases.map((lease) => lease.id) };
}
