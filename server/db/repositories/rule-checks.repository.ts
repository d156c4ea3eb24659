import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { RuleCode } from "../../domain/rule-catalogue.js";
import type { CandidateFacts, CandidateSubject } from "../../domain/rule-explanations.js";
import type { Database } from "../schema.js";
import { inRegion, regionOnlyScope, unitScope } from "../scope.js";

/**
 * The rule checks of the 2017 management rules and the 2014 standard (server/domain/rule-catalogue.ts),
 * one SQL query per rule over the live ledger. Every person- or unit-based candidate is scoped by its
 * unit (unitScope): administration staff read their region subtree, unit users their own and supervised
 * units — so a reader always may read the person a candidate names (people belong to the unit). Lease
 * candidates are the administration's records and scoped like leases out (unit users never read them).
 */
export interface RuleCheckParameters {
  /** 'YYYY-MM-DD': the day deadlines (1 month, 2 months) and certificates are judged at. */
  readonly asOf: string;
  /** A region code: candidates of that region and the regions below it. */
  readonly region?: string | undefined;
  readonly scope: ReadScope;
}

type Check = (db: Kysely<Database>, parameters: RuleCheckParameters) => Promise<CandidateFacts[]>;

/** Rows share the subject columns; each rule adds its figures. */
interface SubjectRow {
  unit_id: number | null;
  unit_name: string | null;
  region_code: string;
  building_id?: number | null;
  building_name?: string | null;
  room_id?: number | null;
  room_number?: string | null;
  person_id?: number | null;
  person_name?: string | null;
  rank_code?: string | null;
}

function subjectOf(row: SubjectRow): CandidateSubject {
  return {
    unitId: row.unit_id,
    unitName: row.unit_name,
    regionCode: row.region_code,
    ...(row.building_id != null && { buildingId: row.building_id }),
    ...(row.building_name != null && { buildingName: row.building_name }),
    ...(row.room_id != null && { roomId: row.room_id }),
    ...(row.room_number != null && { roomNumber: row.room_number }),
    ...(row.person_id != null && { personId: row.person_id }),
    ...(row.person_name != null && { personName: row.person_name }),
    ...(row.rank_code != null && { rankCode: row.rank_code }),
  };
}

/** Scope and region filter over the unit alias `u`. */
function unitFilter({ scope, region }: RuleCheckParameters): RawBuilder<boolean> {
  const regionCondition = region ? inRegion(sql.ref("u.region_code"), region) : sql<boolean>`true`;
  return sql<boolean>`${unitScope(scope, "u")} and ${regionCondition}`;
}

/**
 * Each person's share of each office room they occupy (usable area ÷ occupants) above their rank's
 * limit. The room's usable area includes any washroom, which the 2014 standard counts inside the limit.
 */
const overStandardOffice: Check = async (db, parameters) => {
  const { rows } = await sql<
    SubjectRow & { room_area: number; occupants: number; limit_m2: number; washroom_area: number }
  >`
    select u.id as unit_id, u.name as unit_name, u.region_code, b.id as building_id,
      b.name as building_name, r.id as room_id, r.number as room_number, p.id as person_id,
      p.name as person_name, p.rank_code, r.usable_area as room_area, n.occupants,
      k.office_limit_m2 as limit_m2, r.washroom_area
    from rooms r
    join lateral (select count(*)::int as occupants from room_occupants c where c.room_id = r.id) n on true
    join room_occupants o on o.room_id = r.id
    join people p on p.id = o.person_id
    join ranks k on k.code = p.rank_code
    join units u on u.id = p.unit_id
    join buildings b on b.id = r.building_id
    where r.use_category = 'office' and r.usable_area > k.office_limit_m2 * n.occupants
      and ${unitFilter(parameters)}
    order by u.id, p.id, r.id`.execute(db);
  return rows.map((row) => {
    const share = round2(row.room_area / row.occupants);
    return {
      ...subjectOf(row),
      rule: "over_standard_office",
      figures: {
        roomArea: row.room_area,
        occupants: row.occupants,
        share,
        limit: row.limit_m2,
        excess: round2(row.room_area / row.occupants - row.limit_m2),
        washroomArea: row.washroom_area,
      },
    };
  });
};

/** Office rooms per person: how many, their usable area and numbers (people with at least one). */
const officesPerPerson = sql`(
  select o.person_id, count(distinct r.id)::int as offices, sum(r.usable_area) as usable_area,
    array_agg(r.number order by r.number) as room_numbers
  from room_occupants o join rooms r on r.id = o.room_id
  where r.use_category = 'office'
  group by o.person_id)`;

interface PersonOfficesRow extends SubjectRow {
  offices: number;
  usable_area: number;
  room_numbers: string[];
}

/** People occupying two or more office rooms without an approved second office. */
const twoOfficesWithoutApproval: Check = async (db, parameters) => {
  const { rows } = await sql<PersonOfficesRow>`
    select u.id as unit_id, u.name as unit_name, u.region_code, p.id as person_id,
      p.name as person_name, p.rank_code, f.offices, f.usable_area, f.room_numbers
    from people p
    join ${officesPerPerson} f on f.person_id = p.id
    join units u on u.id = p.unit_id
    where f.offices >= 2 and not p.second_office_approved and ${unitFilter(parameters)}
    order by u.id, p.id`.execute(db);
  return rows.map((row) => ({
    ...subjectOf(row),
    rule: "two_offices_without_approval",
    figures: { offices: row.offices, usableArea: row.usable_area, roomNumbers: row.room_numbers },
  }));
};

/**
 * People transferred or retired (the earlier date when both are recorded) whose office was due back
 * one calendar month later, before `asOf`, and who still occupy at least one office room.
 */
const officeNotRecovered: Check = async (db, parameters) => {
  const { rows } = await sql<
    PersonOfficesRow & { left_on: string; due_by: string; days_overdue: number; transferred: boolean }
  >`
    select * from (
      select u.id as unit_id, u.name as unit_name, u.region_code, p.id as person_id,
        p.name as person_name, p.rank_code, f.offices, f.usable_area, f.room_numbers,
        least(p.transferred_on, p.retired_on)::text as left_on,
        (least(p.transferred_on, p.retired_on) + interval '1 month')::date::text as due_by,
        ${parameters.asOf}::date - (least(p.transferred_on, p.retired_on) + interval '1 month')::date
          as days_overdue,
        p.transferred_on is not null and p.transferred_on <= coalesce(p.retired_on, p.transferred_on)
          as transferred
      from people p
      join ${officesPerPerson} f on f.person_id = p.id
      join units u on u.id = p.unit_id
      where (p.transferred_on is not null or p.retired_on is not null) and ${unitFilter(parameters)}
    ) due where days_overdue > 0
    order by unit_id, person_id`.execute(db);
  return rows.map((row) => ({
    ...subjectOf(row),
    rule: "office_not_recovered",
    figures: {
      reason: row.transferred ? "transferred" : "retired",
      leftOn: row.left_on,
      dueBy: row.due_by,
      daysOverdue: row.days_overdue,
      offices: row.offices,
      usableArea: row.usable_area,
    },
  }));
};

/**
 * People whose concurrent post ended more than two calendar months before `asOf` and who still occupy
 * two or more office rooms (approved or not: the approval lapses with the post).
 */
const concurrentOfficeNotVacated: Check = async (db, parameters) => {
  const { rows } = await sql<
    PersonOfficesRow & { ended_on: string; due_by: string; days_overdue: number; approved: boolean }
  >`
    select * from (
      select u.id as unit_id, u.name as unit_name, u.region_code, p.id as person_id,
        p.name as person_name, p.rank_code, f.offices, f.usable_area, f.room_numbers,
        p.concurrent_post_ended_on::text as ended_on,
        (p.concurrent_post_ended_on + interval '2 months')::date::text as due_by,
        ${parameters.asOf}::date - (p.concurrent_post_ended_on + interval '2 months')::date as days_overdue,
        p.second_office_approved as approved
      from people p
      join ${officesPerPerson} f on f.person_id = p.id
      join units u on u.id = p.unit_id
      where p.concurrent_post_ended_on is not null and f.offices >= 2 and ${unitFilter(parameters)}
    ) due where days_overdue > 0
    order by unit_id, person_id`.execute(db);
  return rows.map((row) => ({
    ...subjectOf(row),
    rule: "concurrent_office_not_vacated",
    figures: {
      postEndedOn: row.ended_on,
      dueBy: row.due_by,
      daysOverdue: row.days_overdue,
      offices: row.offices,
      usableArea: row.usable_area,
      secondOfficeApproved: row.approved,
    },
  }));
};

/**
 * Units that may not use organ space occupying rooms of office-class buildings, per unit and building:
 * state-owned enterprises, and restructured units (units.is_restructured: 改制单位 turned or turning into
 * business-type bodies). The schema has no kind for trade associations or business-type public
 * institutions, so those are caught only when flagged restructured. A building whose title holder is
 * the unit itself (an enterprise's own building) is not organ space.
 */
const nonOrganOccupant: Check = async (db, parameters) => {
  const { rows } = await sql<
    SubjectRow & { kind: string; restructured: boolean; rooms: number; usable_area: number }
  >`
    select u.id as unit_id, u.name as unit_name, u.region_code, b.id as building_id,
      b.name as building_name, u.kind, u.is_restructured as restructured,
      count(*)::int as rooms, sum(r.usable_area) as usable_area
    from rooms r
    join units u on u.id = r.occupant_unit_id
    join buildings b on b.id = r.building_id
    where b.property_class = 'office' and b.title_holder is distinct from u.name
      and (u.kind = 'state_owned_enterprise' or u.is_restructured) and ${unitFilter(parameters)}
    group by u.id, b.id
    order by u.id, b.id`.execute(db);
  return rows.map((row) => ({
    ...subjectOf(row),
    rule: "non_organ_occupant",
    figures: {
      basis: row.kind === "state_owned_enterprise" ? "enterprise" : "restructured",
      unitKind: row.kind,
      rooms: row.rooms,
      usableArea: row.usable_area,
    },
  }));
};

/**
 * The unit answerable for a building's leasing: the unit holding its title (by name), else the unit
 * occupying most of its usable area; none when neither is recorded.
 */
const answerableUnit = sql`left join lateral (
    select x.id, x.name from (
      select t.id, t.name, 0 as priority, 0::numeric as area from units t where t.name = b.title_holder
      union all
      select t.id, t.name, 1, sum(rr.usable_area) from rooms rr join units t on t.id = rr.occupant_unit_id
      where rr.building_id = b.id group by t.id, t.name
    ) x order by x.priority, x.area desc, x.id limit 1) a on true`;

/**
 * Leases out not approved, and rooms marked leased out with no lease naming them nor a lease of the
 * whole building (room_id null).
 */
const leasedOutWithoutApproval: Check = async (db, parameters) => {
  const { scope, region } = parameters;
  const regionCondition = region ? inRegion(sql.ref("b.region_code"), region) : sql<boolean>`true`;
  const filter = sql`${regionOnlyScope(scope, "b")} and ${regionCondition}`;
  const { rows } = await sql<
    SubjectRow & {
      lease_id: number | null;
      tenant: string | null;
      area: number;
      annual_rent: number | null;
      starts_on: string | null;
      ends_on: string | null;
    }
  >`
    select a.id as unit_id, a.name as unit_name, b.region_code, b.id as building_id,
      b.name as building_name, r.id as room_id, r.number as room_number, l.id as lease_id, l.tenant,
      l.area, l.annual_rent, l.starts_on::text as starts_on, l.ends_on::text as ends_on
    from leases_out l
    join buildings b on b.id = l.building_id
    left join rooms r on r.id = l.room_id
    ${answerableUnit}
    where not l.approved and ${filter}
    union all
    select a.id, a.name, b.region_code, b.id, b.name, r.id, r.number, null, null, r.usable_area,
      null, null, null
    from rooms r
    join buildings b on b.id = r.building_id
    ${answerableUnit}
    where r.status = 'leased_out' and ${filter}
      and not exists (select 1 from leases_out l where l.building_id = r.building_id
        and (l.room_id = r.id or l.room_id is null))
    order by building_id, room_id, lease_id`.execute(db);
  return rows.map((row) => ({
    ...subjectOf(row),
    rule: "leased_out_without_approval",
    figures:
      row.lease_id === null
        ? { basis: "no_lease_record", area: row.area }
        : {
            basis: "unapproved_lease",
            leaseId: row.lease_id,
            tenant: row.tenant ?? "",
            area: row.area,
            annualRent: row.annual_rent ?? 0,
            startsOn: row.starts_on ?? "",
            endsOn: row.ends_on ?? "",
          },
  }));
};

/**
 * Per unit and building, the usable area of the rooms the unit occupies (status in use or vacating)
 * against its certificates valid on `asOf` (issued by then, not revoked by then; allocation certificates
 * and use agreements alike, summed). A candidate when it holds none, or occupies more than they certify
 * (exact comparison of the two-decimal ledger areas).
 */
const useNotMatchingCertificate: Check = async (db, parameters) => {
  const { rows } = await sql<
    SubjectRow & { occupied_area: number; certified_area: number | null; certificates: number }
  >`
    select * from (
      select u.id as unit_id, u.name as unit_name, u.region_code, b.id as building_id,
        b.name as building_name, sum(r.usable_area) as occupied_area,
        (select sum(c.area) from use_certificates c where c.unit_id = u.id and c.building_id = b.id
          and c.issued_on <= ${parameters.asOf}::date
          and (c.revoked_on is null or c.revoked_on > ${parameters.asOf}::date)) as certified_area,
        (select count(*)::int from use_certificates c where c.unit_id = u.id and c.building_id = b.id
          and c.issued_on <= ${parameters.asOf}::date
          and (c.revoked_on is null or c.revoked_on > ${parameters.asOf}::date)) as certificates
      from rooms r
      join units u on u.id = r.occupant_unit_id
      join buildings b on b.id = r.building_id
      where r.status in ('in_use', 'vacating') and ${unitFilter(parameters)}
      group by u.id, b.id
    ) used where certified_area is null or occupied_area > certified_area
    order by unit_id, building_id`.execute(db);
  return rows.map((row) => {
    const certified = row.certified_area ?? 0;
    return {
      ...subjectOf(row),
      rule: "use_not_matching_certificate",
      figures: {
        basis: row.certified_area === null ? "no_certificate" : "area_exceeds",
        occupiedArea: row.occupied_area,
        certifiedArea: certified,
        excess: round2(row.occupied_area - certified),
        certificates: row.certificates,
      },
    };
  });
};

const checks: Readonly<Record<RuleCode, Check>> = {
  over_standard_office: overStandardOffice,
  two_offices_without_approval: twoOfficesWithoutApproval,
  office_not_recovered: officeNotRecovered,
  concurrent_office_not_vacated: concurrentOfficeNotVacated,
  non_organ_occupant: nonOrganOccupant,
  leased_out_without_approval: leasedOutWithoutApproval,
  use_not_matching_certificate: useNotMatchingCertificate,
};

/** Runs the given rules (all by default) and returns their candidates per rule. */
export async function runRuleChecks(
  db: Kysely<Database>,
  parameters: RuleCheckParameters,
  rules: readonly RuleCode[],
): Promise<ReadonlyMap<RuleCode, CandidateFacts[]>> {
  // Sequential: a transaction (tests) or PGlite runs one statement at a time anyway.
  const results = new Map<RuleCode, CandidateFacts[]>();
  for (const rule of rules) results.set(rule, await checks[rule](db, parameters));
  return results;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
