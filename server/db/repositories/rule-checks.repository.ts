import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import { type RuleCode, ruleCatalogue, ruleCodes, type Severity } from "../../domain/rule-catalogue.js";
import type { CandidateFacts, CandidateSubject } from "../../domain/rule-explanations.js";
import type { Database } from "../schema.js";
import { inRegion, regionOnlyScope, unitScope } from "../scope.js";
import {
  effectiveLevelOf,
  type ProvinceParameters,
  provinceColumn,
  provinceParameters,
  rankLimitsRelation,
  subProvincialOf,
} from "../standards-sql.js";

/**
 * The rule checks of the 2017 management rules and the 2014 standard (server/domain/rule-catalogue.ts),
 * one SQL query per rule over the live ledger, all of one shape (subject columns + a jsonb of figures)
 * so that they can be counted, ordered and paged together in the database. Every person- or unit-based
 * candidate is scoped by its unit (unitScope): administration staff read their region subtree, unit
 * users their own and supervised units — so a reader always may read the person a candidate names
 * (people belong to the unit). Lease candidates are the administration's records and scoped like
 * leases out (unit users never read them).
 */
export interface RuleCheckParameters {
  /** 'YYYY-MM-DD': the day deadlines (1 month, 2 months) and certificates are judged at. */
  readonly asOf: string;
  /** A region code: candidates of that region and the regions below it. */
  readonly region?: string | undefined;
  readonly scope: ReadScope;
}

interface RuleContext extends RuleCheckParameters {
  /** Parameter sets of the provinces concerned: the office limits come from the standards engine. */
  readonly sets: readonly ProvinceParameters[];
}

/**
 * A rule's candidates as rows of: rule, severity_rank, seq (the rule's own order), the subject columns
 * (unit_id, unit_name, region_code, building_id, building_name, room_id, room_number, person_id,
 * person_name, rank_code; null where the rule has none) and figures (jsonb).
 */
type RuleQuery = (context: RuleContext) => RawBuilder<unknown>;

interface CandidateRow {
  rule: RuleCode;
  unit_id: number | null;
  unit_name: string | null;
  region_code: string;
  building_id: number | null;
  building_name: string | null;
  room_id: number | null;
  room_number: string | null;
  person_id: number | null;
  person_name: string | null;
  rank_code: string | null;
  figures: unknown;
}

const severityRanks: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 };
const severityRankOf = (rule: RuleCode) => sql.lit(severityRanks[ruleCatalogue[rule].severity]);

function subjectOf(row: CandidateRow): CandidateSubject {
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

/** A row of the union as the candidate's facts (figures are built per rule in SQL, in RuleFigures' shape). */
function factsOf(row: CandidateRow): CandidateFacts {
  const figures = typeof row.figures === "string" ? JSON.parse(row.figures) : row.figures;
  return { ...subjectOf(row), rule: row.rule, figures } as CandidateFacts;
}

/** Scope and region filter over the unit alias `u`. */
function unitFilter({ scope, region }: RuleCheckParameters): RawBuilder<boolean> {
  const regionCondition = region ? inRegion(sql.ref("u.region_code"), region) : sql<boolean>`true`;
  return sql<boolean>`${unitScope(scope, "u")} and ${regionCondition}`;
}

/**
 * Each person's share of each office room they occupy (usable area ÷ occupants) above their limit
 * under the standards engine (levels.ts limitOf): dispatched bodies and public institutions take the
 * level below, a sub-provincial city's deputies and department heads the higher provincial figures,
 * townships the province's figures. The room's usable area includes any washroom, which the 2014
 * standard counts inside the limit. Severity grows with the excess (rule-explanations.ts severityOf).
 */
const overStandardOffice: RuleQuery = (context) => sql`
  select 'over_standard_office' as rule,
    case when x.share > x.limit_m2 * 1.2 then 0 when x.share > x.limit_m2 * 1.05 then 1 else 2 end
      as severity_rank,
    row_number() over (order by x.unit_id, x.person_id, x.room_id) as seq,
    x.unit_id, x.unit_name, x.region_code, x.building_id, x.building_name, x.room_id, x.room_number,
    x.person_id, x.person_name, x.rank_code,
    jsonb_build_object('roomArea', x.room_area, 'occupants', x.occupants, 'share', x.share,
      'limit', x.limit_m2, 'excess', round((x.room_area / x.occupants - x.limit_m2::numeric), 2),
      'washroomArea', x.washroom_area) as figures
  from (
    select u.id as unit_id, u.name as unit_name, u.region_code, b.id as building_id,
      b.name as building_name, r.id as room_id, r.number as room_number, p.id as person_id,
      p.name as person_name, p.rank_code, r.usable_area as room_area, n.occupants,
      round(r.usable_area / n.occupants, 2) as share, l.limit_m2, r.washroom_area
    from rooms r
    join lateral (select count(*)::int as occupants from room_occupants c where c.room_id = r.id) n on true
    join room_occupants o on o.room_id = r.id
    join people p on p.id = o.person_id
    join units u on u.id = p.unit_id
    cross join lateral (select ${provinceColumn(sql.ref("u.region_code"))} as province,
      ${effectiveLevelOf("u")} as level) e
    join ${rankLimitsRelation(context.sets)} l on l.province = e.province and l.level = e.level
      and l.sub_provincial = ${subProvincialOf(sql.ref("u.region_code"), sql.ref("e.level"), context.sets)}
      and l.rank_code = p.rank_code
    join buildings b on b.id = r.building_id
    where r.use_category = 'office' and r.usable_area > l.limit_m2 * n.occupants
      and ${unitFilter(context)}
  ) x`;

/** Office rooms per person: how many, their usable area and numbers (people with at least one). */
const officesPerPerson = sql`(
  select o.person_id, count(distinct r.id)::int as offices, sum(r.usable_area) as usable_area,
    array_agg(r.number order by r.number) as room_numbers
  from room_occupants o join rooms r on r.id = o.room_id
  where r.use_category = 'office'
  group by o.person_id)`;

/** People occupying two or more office rooms without an approved second office. */
const twoOfficesWithoutApproval: RuleQuery = (context) => sql`
  select 'two_offices_without_approval' as rule, ${severityRankOf("two_offices_without_approval")} as severity_rank,
    row_number() over (order by u.id, p.id) as seq,
    u.id as unit_id, u.name as unit_name, u.region_code, null::int as building_id, null as building_name,
    null::int as room_id, null as room_number, p.id as person_id, p.name as person_name, p.rank_code,
    jsonb_build_object('offices', f.offices, 'usableArea', f.usable_area, 'roomNumbers', to_jsonb(f.room_numbers))
      as figures
  from people p
  join ${officesPerPerson} f on f.person_id = p.id
  join units u on u.id = p.unit_id
  where f.offices >= 2 and not p.second_office_approved and ${unitFilter(context)}`;

/**
 * People transferred or retired (the earlier date when both are recorded) whose office was due back
 * one calendar month later, before `asOf`, and who still occupy at least one office room.
 */
const officeNotRecovered: RuleQuery = (context) => sql`
  select 'office_not_recovered' as rule, ${severityRankOf("office_not_recovered")} as severity_rank,
    row_number() over (order by unit_id, person_id) as seq,
    unit_id, unit_name, region_code, null::int as building_id, null as building_name, null::int as room_id,
    null as room_number, person_id, person_name, rank_code,
    jsonb_build_object('reason', case when transferred then 'transferred' else 'retired' end,
      'leftOn', left_on, 'dueBy', due_by, 'daysOverdue', days_overdue, 'offices', offices,
      'usableArea', usable_area) as figures
  from (
    select u.id as unit_id, u.name as unit_name, u.region_code, p.id as person_id,
      p.name as person_name, p.rank_code, f.offices, f.usable_area,
      least(p.transferred_on, p.retired_on)::text as left_on,
      (least(p.transferred_on, p.retired_on) + interval '1 month')::date::text as due_by,
      ${context.asOf}::date - (least(p.transferred_on, p.retired_on) + interval '1 month')::date
        as days_overdue,
      p.transferred_on is not null and p.transferred_on <= coalesce(p.retired_on, p.transferred_on)
        as transferred
    from people p
    join ${officesPerPerson} f on f.person_id = p.id
    join units u on u.id = p.unit_id
    where (p.transferred_on is not null or p.retired_on is not null) and ${unitFilter(context)}
  ) due where days_overdue > 0`;

/**
 * People whose concurrent post ended more than two calendar months before `asOf` and who still occupy
 * two or more office rooms (approved or not: the approval lapses with the post).
 */
const concurrentOfficeNotVacated: RuleQuery = (context) => sql`
  select 'concurrent_office_not_vacated' as rule,
    ${severityRankOf("concurrent_office_not_vacated")} as severity_rank,
    row_number() over (order by unit_id, person_id) as seq,
    unit_id, unit_name, region_code, null::int as building_id, null as building_name, null::int as room_id,
    null as room_number, person_id, person_name, rank_code,
    jsonb_build_object('postEndedOn', ended_on, 'dueBy', due_by, 'daysOverdue', days_overdue,
      'offices', offices, 'usableArea', usable_area, 'secondOfficeApproved', approved) as figures
  from (
    select u.id as unit_id, u.name as unit_name, u.region_code, p.id as person_id,
      p.name as person_name, p.rank_code, f.offices, f.usable_area,
      p.concurrent_post_ended_on::text as ended_on,
      (p.concurrent_post_ended_on + interval '2 months')::date::text as due_by,
      ${context.asOf}::date - (p.concurrent_post_ended_on + interval '2 months')::date as days_overdue,
      p.second_office_approved as approved
    from people p
    join ${officesPerPerson} f on f.person_id = p.id
    join units u on u.id = p.unit_id
    where p.concurrent_post_ended_on is not null and f.offices >= 2 and ${unitFilter(context)}
  ) due where days_overdue > 0`;

/**
 * Units that may not use organ space occupying rooms of office-class buildings, per unit and building:
 * state-owned enterprises, and restructured units (units.is_restructured: 改制单位 turned or turning into
 * business-type bodies). The schema has no kind for trade associations or business-type public
 * institutions, so those are caught only when flagged restructured. A building whose title holder is
 * the unit itself (an enterprise's own building) is not organ space.
 */
const nonOrganOccupant: RuleQuery = (context) => sql`
  select 'non_organ_occupant' as rule, ${severityRankOf("non_organ_occupant")} as severity_rank,
    row_number() over (order by u.id, b.id) as seq,
    u.id as unit_id, u.name as unit_name, u.region_code, b.id as building_id, b.name as building_name,
    null::int as room_id, null as room_number, null::int as person_id, null as person_name,
    null as rank_code,
    jsonb_build_object('basis', case when u.kind = 'state_owned_enterprise' then 'enterprise'
        else 'restructured' end,
      'unitKind', u.kind, 'rooms', count(*)::int, 'usableArea', sum(r.usable_area)) as figures
  from rooms r
  join units u on u.id = r.occupant_unit_id
  join buildings b on b.id = r.building_id
  where b.property_class = 'office' and b.title_holder is distinct from u.name
    and (u.kind = 'state_owned_enterprise' or u.is_restructured) and ${unitFilter(context)}
  group by u.id, b.id`;

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
const leasedOutWithoutApproval: RuleQuery = (context) => {
  const { scope, region } = context;
  const regionCondition = region ? inRegion(sql.ref("b.region_code"), region) : sql<boolean>`true`;
  const filter = sql`${regionOnlyScope(scope, "b")} and ${regionCondition}`;
  return sql`
    select 'leased_out_without_approval' as rule,
      ${severityRankOf("leased_out_without_approval")} as severity_rank,
      row_number() over (order by building_id, room_id, lease_id) as seq,
      unit_id, unit_name, region_code, building_id, building_name, room_id, room_number,
      null::int as person_id, null as person_name, null as rank_code,
      case when lease_id is null then jsonb_build_object('basis', 'no_lease_record', 'area', area)
        else jsonb_build_object('basis', 'unapproved_lease', 'leaseId', lease_id,
          'tenant', coalesce(tenant, ''), 'area', area, 'annualRent', coalesce(annual_rent, 0),
          'startsOn', coalesce(starts_on, ''), 'endsOn', coalesce(ends_on, '')) end as figures
    from (
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
    ) leased`;
};

/**
 * Per unit and building, the usable area of the rooms the unit occupies (status in use or vacating)
 * against its certificates valid on `asOf` (issued by then, not revoked by then; allocation certificates
 * and use agreements alike, summed). A candidate when it holds none, or occupies more than they certify
 * (exact comparison of the two-decimal ledger areas).
 */
const useNotMatchingCertificate: RuleQuery = (context) => sql`
  select 'use_not_matching_certificate' as rule,
    ${severityRankOf("use_not_matching_certificate")} as severity_rank,
    row_number() over (order by unit_id, building_id) as seq,
    unit_id, unit_name, region_code, building_id, building_name, null::int as room_id, null as room_number,
    null::int as person_id, null as person_name, null as rank_code,
    jsonb_build_object('basis', case when certified_area is null then 'no_certificate' else 'area_exceeds' end,
      'occupiedArea', occupied_area, 'certifiedArea', coalesce(certified_area, 0),
      'excess', occupied_area - coalesce(certified_area, 0), 'certificates', certificates) as figures
  from (
    select u.id as unit_id, u.name as unit_name, u.region_code, b.id as building_id,
      b.name as building_name, sum(r.usable_area) as occupied_area,
      (select sum(c.area) from use_certificates c where c.unit_id = u.id and c.building_id = b.id
        and c.issued_on <= ${context.asOf}::date
        and (c.revoked_on is null or c.revoked_on > ${context.asOf}::date)) as certified_area,
      (select count(*)::int from use_certificates c where c.unit_id = u.id and c.building_id = b.id
        and c.issued_on <= ${context.asOf}::date
        and (c.revoked_on is null or c.revoked_on > ${context.asOf}::date)) as certificates
    from rooms r
    join units u on u.id = r.occupant_unit_id
    join buildings b on b.id = r.building_id
    where r.status in ('in_use', 'vacating') and ${unitFilter(context)}
    group by u.id, b.id
  ) used where certified_area is null or occupied_area > certified_area`;

const queries: Readonly<Record<RuleCode, RuleQuery>> = {
  over_standard_office: overStandardOffice,
  two_offices_without_approval: twoOfficesWithoutApproval,
  office_not_recovered: officeNotRecovered,
  concurrent_office_not_vacated: concurrentOfficeNotVacated,
  non_organ_occupant: nonOrganOccupant,
  leased_out_without_approval: leasedOutWithoutApproval,
  use_not_matching_certificate: useNotMatchingCertificate,
};

/** The candidates of `rules` as one relation, each row with its rule's place in the catalogue. */
async function candidatesOf(
  db: Kysely<Database>,
  parameters: RuleCheckParameters,
  rules: readonly RuleCode[],
): Promise<RawBuilder<unknown>> {
  const context: RuleContext = { ...parameters, sets: await provinceParameters(db, parameters.region) };
  return sql`(${sql.join(
    rules.map(
      (rule) =>
        sql`select q.*, ${sql.lit(ruleCodes.indexOf(rule))} as rule_rank from (${queries[rule](context)}) q`,
    ),
    sql` union all `,
  )})`;
}

/** Runs the given rules and returns all their candidates per rule, each rule's in its own order. */
export async function runRuleChecks(
  db: Kysely<Database>,
  parameters: RuleCheckParameters,
  rules: readonly RuleCode[],
): Promise<ReadonlyMap<RuleCode, CandidateFacts[]>> {
  const results = new Map<RuleCode, CandidateFacts[]>(rules.map((rule) => [rule, []]));
  if (rules.length === 0) return results;
  const { rows } = await sql<CandidateRow>`
    select * from ${await candidatesOf(db, parameters, rules)} c order by rule_rank, seq`.execute(db);
  for (const row of rows) results.get(row.rule)?.push(factsOf(row));
  return results;
}

export interface RuleCheckPage {
  /** Candidates per rule (every rule asked for, 0 when none). */
  readonly counts: ReadonlyMap<RuleCode, number>;
  readonly total: number;
  /** Most severe first, then in the catalogue's order of rules, then each rule's own order. */
  readonly candidates: CandidateFacts[];
}

/** One page of the candidates of `rules`, ordered, counted and cut in the database. */
export async function pageRuleChecks(
  db: Kysely<Database>,
  parameters: RuleCheckParameters,
  rules: readonly RuleCode[],
  page: { readonly limit: number; readonly offset: number },
): Promise<RuleCheckPage> {
  const counts = new Map<RuleCode, number>(rules.map((rule) => [rule, 0]));
  if (rules.length === 0) return { counts, total: 0, candidates: [] };
  const { rows } = await sql<{ counts: unknown; candidates: unknown }>`
    with candidates as materialized (select * from ${await candidatesOf(db, parameters, rules)} c),
    page as (
      select * from candidates order by severity_rank, rule_rank, seq
      limit ${page.limit} offset ${page.offset})
    select
      (select coalesce(json_agg(json_build_object('rule', rule, 'count', n)), '[]')
        from (select rule, count(*)::int as n from candidates group by rule) per_rule) as counts,
      (select coalesce(json_agg(p order by p.severity_rank, p.rule_rank, p.seq), '[]') from page p)
        as candidates`.execute(db);
  const parse = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
  const row = rows[0];
  for (const entry of (parse(row?.counts) ?? []) as Array<{ rule: RuleCode; count: number }>) {
    counts.set(entry.rule, entry.count);
  }
  return {
    counts,
    total: [...counts.values()].reduce((sum, count) => sum + count, 0),
    candidates: ((parse(row?.candidates) ?? []) as CandidateRow[]).map(factsOf),
  };
}
