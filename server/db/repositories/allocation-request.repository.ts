import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import { isAdministrationHolder } from "../../domain/consistency/certificates.js";
import type { AdminLevel, UnitKind } from "../../domain/demo/dataset.js";
import type { CandidateRoom, PlanDraft, SwapPartner } from "../../domain/requests/allocation-planner.js";
import { type AllocationSettings, poolLevel, poolPrefix } from "../../domain/requests/allocation-settings.js";
import type { RoomClaim } from "../../domain/requests/room-claims.js";
import type { Database } from "../schema.js";
import { inRegion, unitScope, unrestricted } from "../scope.js";
import { appendAudit } from "./audit.repository.js";
import { unitEntitlementReport } from "./unit-entitlement.repository.js";

export interface RequestUnit {
  id: number;
  name: string;
  kind: UnitKind;
  admin_level: AdminLevel;
  region_code: string;
}

export interface RequestRow {
  id: number;
  unit_id: number;
  unit_name: string;
  unit_kind: UnitKind;
  unit_level: AdminLevel;
  region_code: string;
  requested_area: number;
  reason: string;
  needed_by: string | null;
  status: "submitted" | "planning" | "decided" | "rejected" | "withdrawn";
  submitted_at: Date;
  decided_at: Date | null;
  filed_by: number | null;
  decided_by: number | null;
  version: number;
}

export interface PlanRow {
  id: number;
  request_id: number;
  region_code: string;
  rank: number;
  name: string;
  method: "reallocation" | "swap" | "lease" | "construction";
  allocated_area: number;
  annual_cost: number;
  details: Record<string, unknown>;
  status: "proposed" | "chosen" | "rejected";
  version: number;
  created_at: Date;
}

/** Requests still waiting for a decision: their proposed plans hold claims on idle rooms. */
export const OPEN_STATUSES = ["submitted", "planning"] as const;

const requestColumns = sql`q.id, q.unit_id, u.name as unit_name, u.kind as unit_kind,
  u.admin_level as unit_level, q.region_code, q.requested_area, q.reason, q.needed_by, q.status,
  q.submitted_at, q.decided_at, q.filed_by, q.decided_by, q.version`;

export async function findUnit(db: Kysely<Database>, id: number): Promise<RequestUnit | undefined> {
  return db
    .selectFrom("units")
    .select(["id", "name", "kind", "admin_level", "region_code"])
    .where("id", "=", id)
    .executeTakeFirst() as Promise<RequestUnit | undefined>;
}

export async function findRequest(
  db: Kysely<Database>,
  id: number,
  lock = false,
): Promise<RequestRow | undefined> {
  const { rows } = await sql<RequestRow>`select ${requestColumns}
    from allocation_requests q join units u on u.id = q.unit_id where q.id = ${id}
    ${lock ? sql`for update of q` : sql``}`.execute(db);
  return rows[0];
}

export interface RequestFilter {
  readonly status?: string | undefined;
  readonly region?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** The requests a scope reads, newest first, with the total before paging. */
export async function listRequests(db: Kysely<Database>, scope: ReadScope, filter: RequestFilter) {
  const conditions = [unitScope(scope)];
  if (filter.status) conditions.push(sql<boolean>`q.status = ${filter.status}`);
  if (filter.region) conditions.push(inRegion(sql.ref("q.region_code"), filter.region));
  const where = sql.join(conditions, sql` and `);
  const [{ rows }, { rows: counted }] = await Promise.all([
    sql<RequestRow>`select ${requestColumns} from allocation_requests q join units u on u.id = q.unit_id
      where ${where} order by q.submitted_at desc, q.id desc limit ${filter.limit} offset ${filter.offset}`.execute(
      db,
    ),
    sql<{ total: number }>`select count(*)::int as total from allocation_requests q
      join units u on u.id = q.unit_id where ${where}`.execute(db),
  ]);
  return { total: counted[0]?.total ?? 0, rows };
}

export async function requestPlans(db: Kysely<Database>, requestId: number): Promise<PlanRow[]> {
  const { rows } = await sql<PlanRow>`select id, request_id, region_code, rank, name, method, allocated_area,
      annual_cost, details, status, version, created_at
    from allocation_plans where request_id = ${requestId} order by rank, id`.execute(db);
  return rows;
}

/** The unit's core entitlement and use, from the standards engine over the ledger (live, not the stored status). */
export async function unitPosition(db: Kysely<Database>, unitId: number) {
  return unitEntitlementReport(db, unitId, unrestricted);
}

export interface Origin {
  readonly lng: number;
  readonly lat: number;
  readonly source: "main_building" | "lease";
  readonly name: string;
}

/** Where distances are measured from: the building holding most of the unit's area, else its largest lease. */
export async function unitOrigin(db: Kysely<Database>, unitId: number): Promise<Origin | undefined> {
  const { rows } = await sql<Origin>`
    select * from (
      (select st_x(st_centroid(b.footprint)) as lng, st_y(st_centroid(b.footprint)) as lat,
        'main_building' as source, b.name, 0 as preference, sum(r.usable_area) as area, b.id
      from rooms r join buildings b on b.id = r.building_id
      where r.occupant_unit_id = ${unitId} and r.status = 'in_use'
      group by b.id order by sum(r.usable_area) desc, b.id limit 1)
      union all
      (select st_x(l.location), st_y(l.location), 'lease', l.name, 1, l.gross_area, l.id
      from leases_in l where l.unit_id = ${unitId} order by l.gross_area desc, l.id limit 1)
    ) o order by preference limit 1`.execute(db);
  return rows[0];
}

const distanceFrom = (origin: Origin | undefined, geometry: ReturnType<typeof sql.ref>) =>
  origin
    ? sql<number>`round(st_distance(st_centroid(${geometry})::geography,
        st_setsrid(st_makepoint(${origin.lng}, ${origin.lat}), 4326)::geography)::numeric, 0)::float8`
    : sql<number>`null::float8`;

/**
 * The title holders whose idle office space a unit's administration allocates: the administration unit of
 * the unit's level and region, or (where the ledger knows a district administration only by name) the
 * administration-like holders of the region that are not another level's administration.
 */
async function poolHolders(db: Kysely<Database>, unit: RequestUnit): Promise<string[]> {
  const level = poolLevel(unit.admin_level);
  const prefix = poolPrefix(unit.region_code, unit.admin_level);
  const administrations = await db
    .selectFrom("units")
    .select(["name", "admin_level", "region_code"])
    .where("kind", "=", "administration")
    .execute();
  const own = administrations.filter(
    (row) => row.admin_level === level && poolPrefix(row.region_code, level) === prefix,
  );
  if (own.length > 0) return own.map((row) => row.name);
  const others = new Set(administrations.map((row) => row.name));
  const { rows } = await sql<{ title_holder: string }>`select distinct title_holder from buildings
    where property_class = 'office' and title_holder is not null and region_code like ${`${prefix}%`}`.execute(
    db,
  );
  return rows
    .map((row) => row.title_holder)
    .filter((holder) => !others.has(holder) && isAdministrationHolder(holder, new Set()));
}

/**
 * Idle office and service rooms of administration-titled office buildings in the unit's pool (its
 * level's region), with their distance from `origin`.
 */
export async function poolRooms(
  db: Kysely<Database>,
  unit: RequestUnit,
  origin: Origin | undefined,
): Promise<CandidateRoom[]> {
  const holders = await poolHolders(db, unit);
  if (holders.length === 0) return [];
  const prefix = poolPrefix(unit.region_code, unit.admin_level);
  const { rows } = await sql<CandidateRoom>`
    select r.id, r.version, r.number, r.use_category as "useCategory", r.usable_area as "usableArea",
      b.id as "buildingId", b.name as "buildingName", f.id as "floorId", f.name as "floorName",
      f.level as "floorLevel", ${distanceFrom(origin, sql.ref("b.footprint"))} as "distanceMeters"
    from rooms r join buildings b on b.id = r.building_id join floors f on f.id = r.floor_id
    where r.status = 'idle' and r.occupant_unit_id is null and r.use_category in ('office', 'service')
      and b.property_class = 'office' and b.title_holder = any(${sql.val(holders)}::text[])
      and b.region_code like ${`${prefix}%`}
    order by b.id, f.level, r.id`.execute(db);
  return rows.map((row) => ({ ...row, usableArea: Number(row.usableArea) }));
}

/** The nearest units of the same pool with in-use space, checked against their entitlement for a surplus. */
export async function swapPartners(
  db: Kysely<Database>,
  unit: RequestUnit,
  origin: Origin | undefined,
  settings: Pick<AllocationSettings, "swapNeighbours">,
): Promise<SwapPartner[]> {
  const levels = (["central", "provincial", "prefecture", "county", "township"] as const).filter(
    (level) =>
      poolLevel(level) === poolLevel(unit.admin_level) &&
      (level !== "central" || unit.admin_level === "central"),
  );
  const { rows } = await sql<{ id: number; name: string; distance: number | null; buildings: string[] }>`
    select u.id, u.name, min(${distanceFrom(origin, sql.ref("b.footprint"))}) as distance,
      array_agg(distinct b.name order by b.name) as buildings
    from units u join rooms r on r.occupant_unit_id = u.id and r.status = 'in_use'
    join buildings b on b.id = r.building_id
    where u.id <> ${unit.id} and u.kind <> 'administration'
      and u.region_code like ${`${poolPrefix(unit.region_code, unit.admin_level)}%`}
      and u.admin_level = any(${sql.val([...levels])}::text[])
    group by u.id, u.name order by distance nulls last, u.id limit ${settings.swapNeighbours}`.execute(db);
  const partners: SwapPartner[] = [];
  for (const row of rows) {
    const report = await unitEntitlementReport(db, row.id, unrestricted);
    const core = report?.comparison.find((comparison) => comparison.category === "core");
    if (!report || report.headcount.authorized === 0 || !core || core.surplus <= 0) continue;
    partners.push({
      unitId: row.id,
      name: row.name,
      surplus: core.surplus,
      distanceMeters: row.distance === null ? null : Number(row.distance),
      buildingNames: row.buildings,
    });
  }
  return partners;
}

/** Rooms held by the proposed re-allocation plans of other open requests. */
export async function roomClaims(db: Kysely<Database>, exceptRequestId: number): Promise<RoomClaim[]> {
  const { rows } = await sql<{
    request_id: number;
    unit_id: number;
    unit_name: string;
    kind: UnitKind;
    admin_level: AdminLevel;
    submitted_at: Date;
    room_ids: number[] | null;
  }>`select q.id as request_id, q.unit_id, u.name as unit_name, u.kind, u.admin_level, q.submitted_at,
      (select array_agg(distinct (room ->> 'id')::int)
        from jsonb_array_elements(p.details -> 'buildings') building,
          jsonb_array_elements(building -> 'rooms') room) as room_ids
    from allocation_plans p join allocation_requests q on q.id = p.request_id join units u on u.id = q.unit_id
    where p.method = 'reallocation' and p.status = 'proposed' and q.id <> ${exceptRequestId}
      and q.status = any(${sql.val([...OPEN_STATUSES])}::text[])
    order by q.id, p.id`.execute(db);
  const byRequest = new Map<number, RoomClaim>();
  for (const row of rows) {
    const previous = byRequest.get(row.request_id);
    byRequest.set(row.request_id, {
      requestId: row.request_id,
      unitId: row.unit_id,
      unitName: row.unit_name,
      kind: row.kind,
      adminLevel: row.admin_level,
      submittedAt: new Date(row.submitted_at),
      roomIds: [...new Set([...(previous?.roomIds ?? []), ...(row.room_ids ?? [])])],
    });
  }
  return [...byRequest.values()];
}

/**
 * Replaces a request's proposed plans with `drafts` (ranked in their order) and marks it `planning`, all
 * audited; call it in a transaction holding the request's lock. Returns the audit entry ids.
 */
export async function storePlans(
  trx: Kysely<Database>,
  request: RequestRow,
  drafts: readonly PlanDraft[],
  userId: number,
): Promise<string[]> {
  const audit: string[] = [];
  const entry = { userId, regionCode: request.region_code } as const;
  const replaced = await trx
    .deleteFrom("allocation_plans")
    .where("request_id", "=", request.id)
    .where("status", "=", "proposed")
    .returningAll()
    .execute();
  for (const plan of replaced)
    audit.push(
      await appendAudit(trx, {
        ...entry,
        action: "delete",
        entity: "allocation_plan",
        entityId: plan.id,
        before: plan,
      }),
    );
  for (const [index, draft] of drafts.entries()) {
    const plan = await trx
      .insertInto("allocation_plans")
      .values({
        request_id: request.id,
        region_code: request.region_code,
        rank: index + 1,
        name: draft.name,
        method: draft.method,
        allocated_area: draft.allocatedArea,
        annual_cost: draft.annualCost,
        details: JSON.stringify(draft.details),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    audit.push(
      await appendAudit(trx, {
        ...entry,
        action: "create",
        entity: "allocation_plan",
        entityId: plan.id,
        after: plan,
      }),
    );
  }
  const { rows } = await sql<{ status: string; version: number }>`update allocation_requests
    set status = 'planning', version = version + 1 where id = ${request.id} returning status, version`.execute(
    trx,
  );
  audit.push(
    await appendAudit(trx, {
      ...entry,
      action: "update",
      entity: "allocation_request",
      entityId: request.id,
      before: { status: request.status, version: request.version },
      after: rows[0],
    }),
  );
  return audit;
}
