import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { TitledBuilding } from "../../domain/consistency/certificates.js";
import type { FieldObservation } from "../../domain/consistency/field-check.js";
import type { LedgerRoom } from "../../domain/consistency/mismatch.js";
import type { CheckedUnit, ConsistencyData } from "../../domain/consistency/report.js";
import type { SubLedgerRow } from "../../domain/consistency/sub-ledger.js";
import type { UnitKind } from "../../domain/demo/dataset.js";
import type { Database } from "../schema.js";
import { inRegion, regionOnlyScope, unitScope } from "../scope.js";

export interface ConsistencyFilter {
  /** A region code: the units of that region and the regions below it. */
  readonly region: string;
  readonly scope: ReadScope;
  /** One unit only. */
  readonly unitId?: number | undefined;
  /** 'YYYY-MM-DD': the day certificates are judged valid at. */
  readonly asOf: string;
}

const ids = (values: Iterable<number | null | undefined>) => [
  ...new Set([...values].filter((value): value is number => typeof value === "number")),
];
const intArray = (values: readonly number[]) => sql`${sql.val([...values])}::int[]`;

/** Rooms a unit occupies for the certificate check: in use or being vacated (as the rule checks count). */
const OCCUPYING = sql`('in_use', 'vacating')`;

/**
 * Both sides of the three consistencies (三相符) for the units of a region within a read scope: their
 * latest sub-ledgers, the master ledger rooms they touch, the latest field observation of each room
 * they answer for, and the titles, occupancy and valid certificates of the buildings involved.
 * Administration staff reading a whole region also get the region's unoccupied office buildings, whose
 * title problems nobody else answers for.
 */
export async function loadConsistencyData(
  db: Kysely<Database>,
  filter: ConsistencyFilter,
): Promise<ConsistencyData> {
  const { scope, region, asOf } = filter;
  const includeUnattributed = filter.unitId === undefined && scope.unitIds === null;
  const { rows: unitRows } = await sql<{
    id: number;
    name: string;
    region_code: string;
    submission_id: number | null;
    submitted_on: string | null;
  }>`
    select u.id, u.name, u.region_code, s.id as submission_id, s.submitted_on::text as submitted_on
    from units u
    left join lateral (select x.id, x.submitted_on from sub_ledger_submissions x where x.unit_id = u.id
      order by x.submitted_on desc, x.id desc limit 1) s on true
    where ${unitScope(scope, "u")} and ${inRegion(sql.ref("u.region_code"), region)}
      ${filter.unitId === undefined ? sql`` : sql`and u.id = ${filter.unitId}`}
    order by u.id`.execute(db);
  const units: CheckedUnit[] = unitRows.map((row) => ({
    id: row.id,
    name: row.name,
    regionCode: row.region_code,
    submittedOn: row.submitted_on,
  }));
  const unitIds = units.map((unit) => unit.id);

  const { rows: subLedgerRows } = await sql<{
    unit_id: number;
    building_id: number;
    room_number: string;
    use_category: SubLedgerRow["useCategory"];
    usable_area: number;
    status: SubLedgerRow["status"];
  }>`
    select s.unit_id, w.building_id, w.room_number, w.use_category, w.usable_area, w.status
    from sub_ledger_rows w join sub_ledger_submissions s on s.id = w.submission_id
    where w.submission_id = any(${intArray(ids(unitRows.map((row) => row.submission_id)))})
    order by w.id`.execute(db);
  const subLedgers = new Map<number, SubLedgerRow[]>(
    unitRows.filter((row) => row.submission_id !== null).map((row) => [row.id, []]),
  );
  for (const row of subLedgerRows) {
    subLedgers.get(row.unit_id)?.push({
      buildingId: row.building_id,
      roomNumber: row.room_number,
      useCategory: row.use_category,
      usableArea: row.usable_area,
      status: row.status,
    });
  }

  // The latest observation of each room, kept when the unit answering for it is one of ours (the same
  // answerable unit as compareFieldChecks: the ledger occupant, else the one found, else the inspected).
  const answerable = sql`coalesce(o.ledger_unit_id, o.observed_occupant_unit_id, o.inspection_unit_id)`;
  const { rows: observationRows } = await sql<{
    id: number;
    room_id: number;
    inspection_id: number;
    inspection_unit_id: number | null;
    checked_on: string;
    observed_status: FieldObservation["observedStatus"];
    observed_use_category: FieldObservation["observedUseCategory"];
    observed_usable_area: number | null;
    observed_occupant_unit_id: number | null;
  }>`
    select o.* from (
      select distinct on (f.room_id) f.id, f.room_id, f.inspection_id, i.unit_id as inspection_unit_id,
        f.checked_on::text as checked_on, f.observed_status, f.observed_use_category, f.observed_usable_area,
        f.observed_occupant_unit_id, r.occupant_unit_id as ledger_unit_id, r.region_code as room_region
      from field_check_results f
      join inspections i on i.id = f.inspection_id
      join rooms r on r.id = f.room_id
      order by f.room_id, f.checked_on desc, f.id desc
    ) o
    join rooms room_scope on room_scope.id = o.room_id
    where ${answerable} = any(${intArray(unitIds)})
      or (${includeUnattributed ? sql`true` : sql`false`} and ${answerable} is null and ${regionOnlyScope(scope, "room_scope")}
        and ${inRegion(sql.ref("o.room_region"), region)})
    order by o.room_id`.execute(db);
  const observations: FieldObservation[] = observationRows.map((row) => ({
    id: row.id,
    roomId: row.room_id,
    inspectionId: row.inspection_id,
    inspectionUnitId: row.inspection_unit_id,
    checkedOn: row.checked_on,
    observedStatus: row.observed_status,
    observedUseCategory: row.observed_use_category,
    observedUsableArea: row.observed_usable_area,
    observedOccupantUnitId: row.observed_occupant_unit_id,
  }));

  const subLedgerBuildings = ids(subLedgerRows.map((row) => row.building_id));
  const { rows: roomRows } = await sql<{
    id: number;
    building_id: number;
    building_name: string;
    number: string;
    use_category: LedgerRoom["useCategory"];
    usable_area: number;
    status: LedgerRoom["status"];
    occupant_unit_id: number | null;
  }>`
    select r.id, r.building_id, b.name as building_name, r.number, r.use_category, r.usable_area, r.status,
      r.occupant_unit_id
    from rooms r join buildings b on b.id = r.building_id
    where r.occupant_unit_id = any(${intArray(unitIds)})
      or r.building_id = any(${intArray(subLedgerBuildings)})
      or r.id = any(${intArray(observations.map((observation) => observation.roomId))})
    order by r.id`.execute(db);
  const ledgerRooms: LedgerRoom[] = roomRows.map((row) => ({
    roomId: row.id,
    buildingId: row.building_id,
    buildingName: row.building_name,
    roomNumber: row.number,
    useCategory: row.use_category,
    usableArea: row.usable_area,
    status: row.status,
    occupantUnitId: row.occupant_unit_id,
  }));

  const { rows: certificateRows } = await sql<{
    certificate_no: string;
    unit_id: number;
    building_id: number;
    area: number;
  }>`
    select c.certificate_no, c.unit_id, c.building_id, c.area from use_certificates c
    where c.unit_id = any(${intArray(unitIds)}) and c.issued_on <= ${asOf}::date
      and (c.revoked_on is null or c.revoked_on > ${asOf}::date)
    order by c.id`.execute(db);
  const { rows: unoccupied } = includeUnattributed
    ? await sql<{ id: number }>`
        select b.id from buildings b
        where b.property_class = 'office' and ${regionOnlyScope(scope, "b")}
          and ${inRegion(sql.ref("b.region_code"), region)}
          and not exists (select 1 from rooms r where r.building_id = b.id and r.status in ${OCCUPYING}
            and r.occupant_unit_id is not null)`.execute(db)
    : { rows: [] };
  const occupiedByUs = ledgerRooms.filter(
    (room) =>
      room.occupantUnitId !== null &&
      unitIds.includes(room.occupantUnitId) &&
      (room.status === "in_use" || room.status === "vacating"),
  );
  const buildingIds = ids([
    ...occupiedByUs.map((room) => room.buildingId),
    ...certificateRows.map((row) => row.building_id),
    ...unoccupied.map((row) => row.id),
  ]);
  const { rows: buildingRows } = await sql<{
    id: number;
    name: string;
    property_class: TitledBuilding["propertyClass"];
    title_certificate_no: string | null;
    title_holder: string | null;
  }>`
    select id, name, property_class, title_certificate_no, title_holder from buildings
    where id = any(${intArray([...buildingIds, ...subLedgerBuildings])}) order by id`.execute(db);
  const { rows: occupancyRows } = await sql<{ unit_id: number; building_id: number; area: number }>`
    select occupant_unit_id as unit_id, building_id, sum(usable_area) as area from rooms
    where building_id = any(${intArray(buildingIds)}) and status in ${OCCUPYING}
      and occupant_unit_id is not null
    group by occupant_unit_id, building_id order by building_id, occupant_unit_id`.execute(db);

  const unitNameIds = ids([
    ...unitIds,
    ...ledgerRooms.map((room) => room.occupantUnitId),
    ...observations.map((observation) => observation.observedOccupantUnitId),
    ...occupancyRows.map((row) => row.unit_id),
  ]);
  const { rows: namedUnits } = await sql<{ id: number; name: string; kind: UnitKind }>`
    select id, name, kind from units where id = any(${intArray(unitNameIds)})`.execute(db);
  const { rows: administrations } = await sql<{ name: string }>`
    select name from units where kind = 'administration'`.execute(db);

  const titled = new Set(buildingIds);
  return {
    units,
    names: {
      units: new Map(namedUnits.map((row) => [row.id, row.name])),
      buildings: new Map([
        ...ledgerRooms.map((room) => [room.buildingId, room.buildingName] as const),
        ...buildingRows.map((row) => [row.id, row.name] as const),
      ]),
    },
    ledgerRooms,
    subLedgers,
    observations,
    certificates: {
      buildings: buildingRows
        .filter((row) => titled.has(row.id))
        .map((row) => ({
          id: row.id,
          name: row.name,
          propertyClass: row.property_class,
          titleCertificateNo: row.title_certificate_no,
          titleHolder: row.title_holder,
        })),
      occupancy: occupancyRows.map((row) => ({
        unitId: row.unit_id,
        buildingId: row.building_id,
        area: row.area,
      })),
      certificates: certificateRows.map((row) => ({
        certificateNo: row.certificate_no,
        unitId: row.unit_id,
        buildingId: row.building_id,
        area: row.area,
      })),
      unitKinds: new Map(namedUnits.map((row) => [row.id, row.kind])),
      administrations: new Set(administrations.map((row) => row.name)),
    },
    includeUnattributed,
  };
}
