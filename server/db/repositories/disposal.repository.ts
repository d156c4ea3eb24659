import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { DisposalSite } from "../../domain/conversions/disposal-options.js";
import type { Database } from "../schema.js";
import { inRegion, scopeCondition } from "../scope.js";

/** What a disposal is about: a building (or some of its rooms), a non-office asset, a register entry. */
export type DisposalSubject =
  | {
      readonly kind: "building";
      readonly buildingId: number;
      readonly roomIds?: readonly number[] | undefined;
    }
  | { readonly kind: "asset"; readonly assetId: number }
  | { readonly kind: "commercial"; readonly commercialPropertyId: number };

export interface SubjectFacts {
  readonly regionCode: string;
  readonly name: string;
  readonly buildingId: number | null;
  readonly assetId: number | null;
  readonly commercialPropertyId: number | null;
  readonly roomIds: readonly number[];
  readonly site: DisposalSite;
}

interface RoomSums {
  idle: number;
  occupied: number;
  rooms: number;
}

const roomSums = async (db: Kysely<Database>, buildingId: number, roomIds: readonly number[] | null) => {
  const { rows } = await sql<RoomSums>`
    select coalesce(sum(usable_area) filter (where status in ('idle', 'vacating', 'pending_disposal')), 0)::float8 as idle,
      coalesce(sum(usable_area) filter (where status in ('in_use', 'leased_out', 'lent_out')), 0)::float8 as occupied,
      count(*)::int as rooms
    from rooms where building_id = ${buildingId}
      ${roomIds ? sql`and id = any(${sql.val([...roomIds])}::int[])` : sql``}`.execute(db);
  return rows[0] as RoomSums;
};

/** m² asked for by open allocation requests in the prefecture (or province) of `regionCode`. */
const openRequestArea = async (db: Kysely<Database>, regionCode: string) => {
  const prefecture = `${regionCode.slice(0, 4)}00`;
  const { rows } = await sql<{ area: number }>`
    select coalesce(sum(requested_area), 0)::float8 as area from allocation_requests
    where status in ('submitted', 'planning') and ${inRegion(sql.ref("region_code"), prefecture)}`.execute(
    db,
  );
  return rows[0]?.area ?? 0;
};

type Condition = DisposalSite["condition"];

/** The facts the disposal options of a subject depend on, or undefined when it does not exist. */
export async function subjectFacts(
  db: Kysely<Database>,
  subject: DisposalSubject,
): Promise<SubjectFacts | undefined> {
  if (subject.kind === "asset") {
    const asset = await db
      .selectFrom("non_office_assets")
      .select(["id", "region_code", "name", "gross_area", "condition", "suits_office_use", "status"])
      .where("id", "=", subject.assetId)
      .executeTakeFirst();
    if (!asset) return undefined;
    const free = asset.status !== "taken_over";
    return {
      regionCode: asset.region_code,
      name: asset.name,
      buildingId: null,
      assetId: asset.id,
      commercialPropertyId: null,
      roomIds: [],
      site: {
        kind: "asset",
        propertyClass: "non_office_asset",
        condition: asset.condition as Condition,
        idleArea: free ? Number(asset.gross_area) : 0,
        occupiedArea: free ? 0 : Number(asset.gross_area),
        hasTitle: true,
        suitsOfficeUse: asset.suits_office_use,
        openRequestArea: await openRequestArea(db, asset.region_code),
      },
    };
  }
  if (subject.kind === "commercial") {
    const { rows } = await sql<{
      id: number;
      region_code: string;
      name: string;
      building_id: number;
      room_ids: number[];
      area: number;
      status: string;
      condition: string;
      title_holder: string | null;
      leased: number;
    }>`select p.id, p.region_code, p.name, p.building_id, p.room_ids, p.area, p.status, b.condition, b.title_holder,
        (select coalesce(sum(l.area), 0)::float8 from leases_out l
          where l.commercial_property_id = p.id and l.ends_on >= current_date) as leased
      from commercial_properties p join buildings b on b.id = p.building_id where p.id = ${subject.commercialPropertyId}`.execute(
      db,
    );
    const entry = rows[0];
    if (!entry) return undefined;
    const occupied =
      entry.status === "sold" ? Number(entry.area) : Math.min(Number(entry.area), entry.leased);
    return {
      regionCode: entry.region_code,
      name: entry.name,
      buildingId: entry.building_id,
      assetId: null,
      commercialPropertyId: entry.id,
      roomIds: entry.room_ids,
      site: {
        kind: "commercial",
        propertyClass: "commercial",
        condition: entry.condition as Condition,
        idleArea: Math.max(0, Number(entry.area) - occupied),
        occupiedArea: occupied,
        hasTitle: entry.title_holder !== null,
        suitsOfficeUse: null,
        openRequestArea: 0,
      },
    };
  }
  const building = await db
    .selectFrom("buildings")
    .select(["id", "region_code", "name", "property_class", "condition", "title_holder"])
    .where("id", "=", subject.buildingId)
    .executeTakeFirst();
  if (!building) return undefined;
  const roomIds = subject.roomIds && subject.roomIds.length > 0 ? [...new Set(subject.roomIds)] : null;
  const sums = await roomSums(db, building.id, roomIds);
  if (roomIds && sums.rooms !== roomIds.length) return undefined;
  return {
    regionCode: building.region_code,
    name: building.name,
    buildingId: building.id,
    assetId: null,
    commercialPropertyId: null,
    roomIds: roomIds ?? [],
    site: {
      kind: roomIds ? "rooms" : "building",
      propertyClass: building.property_class,
      condition: building.condition as Condition,
      idleArea: sums.idle,
      occupiedArea: sums.occupied,
      hasTitle: building.title_holder !== null,
      suitsOfficeUse: null,
      openRequestArea: await openRequestArea(db, building.region_code),
    },
  };
}

export async function listDisposals(db: Kysely<Database>, scope: ReadScope, region: string | undefined) {
  return db
    .selectFrom("disposals")
    .selectAll()
    .where(scopeCondition(scope, sql.ref("region_code"), () => sql<boolean>`false`))
    .$if(region !== undefined, (query) => query.where(inRegion(sql.ref("region_code"), region ?? "")))
    .orderBy("id", "desc")
    .limit(500)
    .execute();
}
