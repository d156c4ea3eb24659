import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import {
  type ConversionStatus,
  type ConversionUse,
  communityUseLabels,
  convertibleRoomStatuses,
} from "../../domain/conversions/conversion-flow.js";
import type { Database } from "../schema.js";
import { inRegion, scopeCondition } from "../scope.js";
import { appendAudit } from "./audit.repository.js";

/** A conversion with the names of its source (building or asset) and region. */
export interface ConversionRow {
  id: number;
  region_code: string;
  region_name: string | null;
  source_kind: "building" | "rooms" | "asset";
  building_id: number | null;
  building_name: string | null;
  asset_id: number | null;
  asset_name: string | null;
  room_ids: number[];
  target_use: string;
  uses: ConversionUse[];
  name: string;
  area: number;
  estimated_cost: number | null;
  annual_operating_cost: number | null;
  funding_source: string | null;
  public_summary: string | null;
  note: string | null;
  decision_note: string | null;
  status: ConversionStatus;
  is_published: boolean;
  published_at: Date | null;
  proposed_by: number | null;
  approved_by: number | null;
  approved_at: Date | null;
  completed_by: number | null;
  completed_at: Date | null;
  facility_ids: number[];
  created_at: Date;
  version: number;
}

const conversionSelect = sql`select c.id, c.region_code, g.name as region_name, c.source_kind, c.building_id,
    b.name as building_name, c.asset_id, a.name as asset_name, c.room_ids, c.target_use, c.uses, c.name, c.area,
    c.estimated_cost, c.annual_operating_cost, c.funding_source, c.public_summary, c.note, c.decision_note,
    c.status, c.is_published, c.published_at, c.proposed_by, c.approved_by, c.approved_at, c.completed_by,
    c.completed_at, c.facility_ids, c.created_at, c.version
  from conversions c
  left join regions g on g.code = c.region_code
  left join buildings b on b.id = c.building_id
  left join non_office_assets a on a.id = c.asset_id`;

/** One conversion (locked for the transaction when `lock`). */
export async function findConversion(
  db: Kysely<Database>,
  id: number,
  lock = false,
): Promise<ConversionRow | undefined> {
  const { rows } = await sql<ConversionRow>`${conversionSelect} where c.id = ${id}
    ${lock ? sql`for update of c` : sql``}`.execute(db);
  return rows[0];
}

export interface ConversionFilter {
  readonly status?: ConversionStatus | undefined;
  readonly region?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** Conversions in the reader's region subtree, newest first. */
export async function listConversions(db: Kysely<Database>, scope: ReadScope, filter: ConversionFilter) {
  const where = sql.join(
    [
      scopeCondition(scope, sql.ref("c.region_code"), () => sql<boolean>`false`),
      filter.status ? sql`c.status = ${filter.status}` : sql`true`,
      filter.region ? inRegion(sql.ref("c.region_code"), filter.region) : sql`true`,
    ],
    sql` and `,
  );
  const [{ rows: count }, { rows }] = await Promise.all([
    sql<{ total: number }>`select count(*)::int as total from conversions c where ${where}`.execute(db),
    sql<ConversionRow>`${conversionSelect} where ${where} order by c.id desc
      limit ${filter.limit} offset ${filter.offset}`.execute(db),
  ]);
  return { total: count[0]?.total ?? 0, rows };
}

/** A source room as a conversion sees it. */
export interface SourceRoom {
  id: number;
  building_id: number;
  number: string;
  status: string;
  usable_area: number;
  version: number;
}

/** The rooms of a building (all of them, or those of `roomIds`), locked when asked. */
export async function sourceRooms(
  db: Kysely<Database>,
  buildingId: number,
  roomIds: readonly number[] | null,
  lock = false,
): Promise<SourceRoom[]> {
  const { rows } = await sql<SourceRoom>`
    select id, building_id, number, status, usable_area, version from rooms
    where ${roomIds ? sql`id = any(${sql.val([...roomIds])}::int[])` : sql`building_id = ${buildingId}`}
    order by id ${lock ? sql`for update` : sql``}`.execute(db);
  return rows;
}

export interface SourceBuilding {
  id: number;
  region_code: string;
  name: string;
  property_class: string;
  condition: string;
  title_holder: string | null;
  version: number;
}

export async function findBuilding(db: Kysely<Database>, id: number): Promise<SourceBuilding | undefined> {
  return db
    .selectFrom("buildings")
    .select(["id", "region_code", "name", "property_class", "condition", "title_holder", "version"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function findAsset(db: Kysely<Database>, id: number) {
  return db
    .selectFrom("non_office_assets")
    .select(["id", "region_code", "name", "gross_area", "condition", "status", "suits_office_use", "version"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Rooms of the list that may not be converted (in use, leased or lent, already out of the inventory). */
export function blockingRooms(rooms: readonly SourceRoom[]): SourceRoom[] {
  return rooms.filter((room) => !(convertibleRoomStatuses as readonly string[]).includes(room.status));
}

const strip = ({ plan: _plan, ...rest }: Record<string, unknown>) => rest;

/**
 * Completion in the ledger, inside the caller's transaction: the source rooms leave the office
 * inventory (status `converted`, rows and history kept), a whole building takes the property class
 * `community_use`, an asset is taken over, and one community facility per target use opens at the site.
 */
export async function applyConversion(
  trx: Kysely<Database>,
  conversion: ConversionRow,
  userId: number,
  openedOn: string,
): Promise<{ facilityIds: number[]; roomIds: number[]; audit: string[] }> {
  const audit: string[] = [];
  const record = (entity: string, entityId: number, before: unknown, after: unknown) =>
    appendAudit(trx, {
      userId,
      regionCode: conversion.region_code,
      action: "update",
      entity,
      entityId,
      before,
      after,
    }).then((id) => audit.push(id));
  const roomIds: number[] = [];
  if (conversion.building_id !== null) {
    const rooms = await sourceRooms(
      trx,
      conversion.building_id,
      conversion.source_kind === "rooms" ? conversion.room_ids : null,
      true,
    );
    for (const room of rooms) {
      const { rows } = await sql<Record<string, unknown>>`
        update rooms set status = 'converted', occupant_unit_id = null, version = version + 1,
          function = ${`${communityUseLabels[conversion.uses[0]?.kind ?? "other"].zh}（公益用房转换 #${conversion.id}）`}
        where id = ${room.id} returning *`.execute(trx);
      await record("room", room.id, room, strip(rows[0] ?? {}));
      roomIds.push(room.id);
    }
    if (conversion.source_kind === "building") {
      const before = await findBuilding(trx, conversion.building_id);
      const { rows } = await sql<{ property_class: string; version: number }>`
        update buildings set property_class = 'community_use', version = version + 1, updated_at = now()
        where id = ${conversion.building_id} returning property_class, version`.execute(trx);
      await record(
        "building",
        conversion.building_id,
        { property_class: before?.property_class, version: before?.version },
        rows[0],
      );
    }
  }
  if (conversion.asset_id !== null) {
    const before = await findAsset(trx, conversion.asset_id);
    const { rows } = await sql<{ status: string; version: number }>`
      update non_office_assets set status = 'taken_over', version = version + 1
      where id = ${conversion.asset_id} returning status, version`.execute(trx);
    await record(
      "non_office_asset",
      conversion.asset_id,
      { status: before?.status, version: before?.version },
      rows[0],
    );
  }
  const site =
    conversion.building_id !== null
      ? sql`(select st_pointonsurface(footprint) from buildings where id = ${conversion.building_id})`
      : sql`(select st_pointonsurface(geom) from non_office_assets where id = ${conversion.asset_id})`;
  const facilityIds: number[] = [];
  for (const use of conversion.uses) {
    const { rows } = await sql<{ id: number }>`
      insert into community_facilities (region_code, name, kind, location, usable_area, opened_on, source_building_id)
      values (${conversion.region_code}, ${use.name}, ${use.kind}, ${site}, ${use.area}, ${openedOn}::date,
        ${conversion.building_id})
      returning id`.execute(trx);
    const id = rows[0]?.id as number;
    facilityIds.push(id);
    audit.push(
      await appendAudit(trx, {
        userId,
        regionCode: conversion.region_code,
        action: "create",
        entity: "community_facility",
        entityId: id,
        after: { ...use, conversionId: conversion.id, sourceBuildingId: conversion.building_id, openedOn },
      }),
    );
  }
  return { facilityIds, roomIds, audit };
}
