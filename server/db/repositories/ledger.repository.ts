import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { AdminLevel, UnitKind } from "../../domain/demo/dataset.js";
import { ruleCatalogue } from "../../domain/rule-catalogue.js";
import { explainCandidate } from "../../domain/rule-explanations.js";
import { rankByCode } from "../../domain/standards/ranks.js";
import type { Database } from "../schema.js";
import { buildingScope, inRegion, regionPrefixOf, roomScope, unitOwnedScope, unitScope } from "../scope.js";
import { runRuleChecks } from "./rule-checks.repository.js";
import { unitEntitlementSummary } from "./unit-entitlement.repository.js";

/** Which rows a ledger holds: a region subtree within the reader's scope, at most `limit` rows. */
export interface LedgerFilter {
  readonly region: string;
  readonly scope: ReadScope;
  /** Rows read at most; callers ask for one more than they allow to detect an overflow. */
  readonly limit: number;
}

type Row = Record<string, unknown>;

/** 办公用房基本情况: per building, its areas by room category and status and the units using it. */
export async function officeBuildingRows(db: Kysely<Database>, filter: LedgerFilter): Promise<Row[]> {
  const { rows } = await sql<Row>`
    select b.id, b.name, g.name as region_name, b.address, b.title_holder, b.title_certificate_no,
      b.built_year, b.structure, b.floors_above, b.gross_area,
      coalesce(sum(r.usable_area), 0) as usable_area,
      coalesce(sum(r.usable_area) filter (where r.use_category = 'office'), 0) as office_area,
      coalesce(sum(r.usable_area) filter (where r.use_category = 'service'), 0) as service_area,
      coalesce(sum(r.usable_area) filter (where r.use_category = 'equipment'), 0) as equipment_area,
      coalesce(sum(r.usable_area) filter (where r.use_category = 'ancillary'), 0) as ancillary_area,
      coalesce(sum(r.usable_area) filter (where r.use_category = 'technical'), 0) as technical_area,
      coalesce(sum(r.usable_area) filter (where r.status = 'idle'), 0) as idle_area,
      coalesce(sum(r.usable_area) filter (where r.status = 'leased_out'), 0) as leased_area,
      (select string_agg(distinct u.name, '、' order by u.name) from rooms o
        join units u on u.id = o.occupant_unit_id where o.building_id = b.id) as unit_names
    from buildings b
    left join regions g on g.code = b.region_code
    -- Rooms converted to community use or on the commercial register left the office inventory (migration 16).
    left join rooms r on r.building_id = b.id and r.status not in ('converted', 'commercial')
    where ${buildingScope(filter.scope)} and ${inRegion(sql.ref("b.region_code"), filter.region)}
      and b.property_class <> 'community_use'
    group by b.id, g.name
    order by b.region_code, b.id
    limit ${filter.limit}`.execute(db);
  return rows;
}

interface UnitLedgerRow {
  id: number;
  name: string;
  kind: UnitKind;
  admin_level: AdminLevel;
  region_code: string;
  is_dispatched: boolean;
  region_name: string | null;
  places: number;
  lease_rent: number;
}

/**
 * 使用单位基本情况: per unit, its staffing and the standards engine's entitlement summary (the same
 * figures as GET /api/units/{id}). The engine runs per unit (three queries each), hence the unit cap.
 */
export async function unitLedgerRows(db: Kysely<Database>, filter: LedgerFilter): Promise<Row[]> {
  // 办公地点: the buildings the unit occupies rooms in plus the places it rents (leases in).
  const { rows: units } = await sql<UnitLedgerRow>`
    select u.id, u.name, u.kind, u.admin_level, u.region_code, u.is_dispatched, g.name as region_name,
      (select count(distinct r.building_id)::int from rooms r where r.occupant_unit_id = u.id)
        + (select count(*)::int from leases_in l where l.unit_id = u.id) as places,
      (select coalesce(sum(l.annual_rent), 0) from leases_in l where l.unit_id = u.id) as lease_rent
    from units u
    left join regions g on g.code = u.region_code
    where ${unitScope(filter.scope)} and ${inRegion(sql.ref("u.region_code"), filter.region)}
    order by u.region_code, u.id
    limit ${filter.limit}`.execute(db);
  // As many units as the limit: the caller refuses the ledger, so the engine need not run for them.
  if (units.length === 0 || units.length >= filter.limit) return units as unknown as Row[];
  const { rows: staffing } = await sql<{
    unit_id: number;
    rank_code: string;
    authorized: number;
    actual: number;
  }>`select unit_id, rank_code, authorized, actual from staffing
    where unit_id = any(${sql.val(units.map((unit) => unit.id))}::int[]) order by unit_id, rank_code`.execute(
    db,
  );
  const staffingOf = new Map<number, typeof staffing>();
  for (const row of staffing) staffingOf.set(row.unit_id, [...(staffingOf.get(row.unit_id) ?? []), row]);
  const result: Row[] = [];
  // Sequential: PGlite and a transaction run one statement at a time anyway.
  for (const unit of units) {
    const lines = staffingOf.get(unit.id) ?? [];
    const summary = await unitEntitlementSummary(db, unit, lines);
    result.push({
      ...unit,
      authorized: lines.reduce((sum, line) => sum + line.authorized, 0),
      actual: lines.reduce((sum, line) => sum + line.actual, 0),
      entitled_office_area: summary?.officeArea ?? null,
      actual_office_area: summary?.actualOfficeArea ?? null,
      entitled_core_area: summary?.coreUsableArea ?? null,
      actual_core_area: summary?.actualCoreUsableArea ?? null,
      core_surplus: summary?.coreSurplus ?? null,
      status: summary?.status ?? null,
    });
  }
  return result;
}

/**
 * Each person's share of each office room they work in, with the same arithmetic as the
 * over_standard_office rule check (usable area ÷ occupants against the rank's limit). Names are read
 * only by readers whose scope covers the person's unit: the unit filter (unitScope) guarantees it.
 */
export async function staffOfficeRows(db: Kysely<Database>, filter: LedgerFilter): Promise<Row[]> {
  const { rows } = await sql<Row & { room_area: number; occupants: number; limit: number }>`
    select u.name as unit_name, p.name as person_name, k.name_zh as rank_name,
      k.office_limit_m2 as limit, r.number as room_number, b.name as building_name,
      r.usable_area as room_area, n.occupants
    from rooms r
    join lateral (select count(*)::int as occupants from room_occupants c where c.room_id = r.id) n on true
    join room_occupants o on o.room_id = r.id
    join people p on p.id = o.person_id
    join ranks k on k.code = p.rank_code
    join units u on u.id = p.unit_id
    join buildings b on b.id = r.building_id
    where r.use_category = 'office' and ${unitScope(filter.scope)}
      and ${inRegion(sql.ref("u.region_code"), filter.region)}
    order by u.region_code, u.id, p.id, r.id
    limit ${filter.limit}`.execute(db);
  return rows.map((row) => {
    const share = round2(Number(row.room_area) / row.occupants);
    const over = Number(row.room_area) > Number(row.limit) * row.occupants;
    return { ...row, share, excess: over ? round2(share - Number(row.limit)) : 0, over };
  });
}

/** 超标情况: the candidates of the over-standard and two-offices rules, explained. */
export async function overStandardRows(
  db: Kysely<Database>,
  filter: LedgerFilter & { asOf: string },
): Promise<Row[]> {
  const results = await runRuleChecks(db, { asOf: filter.asOf, region: filter.region, scope: filter.scope }, [
    "over_standard_office",
    "two_offices_without_approval",
  ]);
  return [...results.values()]
    .flat()
    .slice(0, filter.limit)
    .map((facts) => {
      const candidate = explainCandidate(facts);
      const rank = facts.rankCode ? rankByCode.get(facts.rankCode) : undefined;
      const common = {
        unit_name: facts.unitName,
        person_name: facts.personName ?? null,
        rank_name: rank?.nameZh ?? facts.rankCode ?? null,
        rule_name: ruleCatalogue[facts.rule].nameZh,
        explanation: candidate.explanation.zh,
      };
      if (facts.rule === "over_standard_office") {
        const { limit, share, excess } = facts.figures;
        return { ...common, limit, actual: share, excess };
      }
      if (facts.rule === "two_offices_without_approval") {
        const usable = Number(facts.figures.usableArea);
        const limit = rank?.officeLimit ?? null;
        return {
          ...common,
          limit,
          actual: usable,
          excess: limit === null ? null : round2(Math.max(0, usable - limit)),
        };
      }
      return common;
    });
}

/**
 * 清理腾退情况: per region one level below `region` (per unit when `region` is a county or township).
 * 腾退 is read from the rooms' current statuses (idle, vacating, pending disposal): the ledger keeps no
 * history of vacating yet, so this is the space currently freed, not what was freed in a period.
 */
export async function vacatedRows(
  db: Kysely<Database>,
  filter: LedgerFilter & { perUnit: boolean },
): Promise<Row[]> {
  const { scope, region, limit } = filter;
  const overPersons = sql`(select count(distinct p.id)::int from people p
      join units u on u.id = p.unit_id
      join room_occupants o on o.person_id = p.id
      join rooms r on r.id = o.room_id
      join ranks k on k.code = p.rank_code
      join lateral (select count(*)::int as occupants from room_occupants c where c.room_id = r.id) n on true
      where r.use_category = 'office' and r.usable_area > k.office_limit_m2 * n.occupants
        and ${unitScope(scope)}`;
  const roomAreas = sql`coalesce(sum(r.usable_area) filter (where r.status in ('idle', 'vacating', 'pending_disposal')), 0) as vacated_area,
      coalesce(sum(r.usable_area) filter (where r.status = 'idle'), 0) as idle_area,
      coalesce(sum(r.usable_area) filter (where r.status in ('leased_out', 'lent_out')), 0) as leased_lent_area`;
  if (filter.perUnit) {
    const { rows } = await sql<Row>`
      select u.name, a.vacated_area, a.idle_area, a.leased_lent_area,
        ${overPersons} and u.id = x.id) as over_persons, l.leases_in, l.lease_rent
      from units x
      join units u on u.id = x.id
      join lateral (select ${roomAreas} from rooms r where r.occupant_unit_id = x.id) a on true
      join lateral (select count(*)::int as leases_in, coalesce(sum(annual_rent), 0) as lease_rent
        from leases_in l where l.unit_id = x.id) l on true
      where ${unitScope(scope, "x")} and ${inRegion(sql.ref("x.region_code"), region)}
      order by x.region_code, x.id
      limit ${limit}`.execute(db);
    // Idle and leased rooms often have no occupant unit: they count in the region's row of their own.
    const { rows: unassigned } = await sql<Row>`
      select '（无使用单位）' as name, ${roomAreas}, 0 as over_persons, 0 as leases_in, 0 as lease_rent
      from rooms r
      where r.occupant_unit_id is null and ${roomScope(scope)}
        and ${inRegion(sql.ref("r.region_code"), region)}`.execute(db);
    const rest = unassigned.filter((row) => Number(row.vacated_area) > 0 || Number(row.leased_lent_area) > 0);
    return [...rows, ...rest];
  }
  const { rows } = await sql<Row>`
    select g.name, a.vacated_area, a.idle_area, a.leased_lent_area,
      ${overPersons} and u.region_code like ${regionPrefixOf(sql.ref("g.code"))} || '%') as over_persons,
      l.leases_in, l.lease_rent
    from regions g
    join lateral (select ${roomAreas} from rooms r
      where r.region_code like ${regionPrefixOf(sql.ref("g.code"))} || '%' and ${roomScope(scope)}) a on true
    join lateral (select count(*)::int as leases_in, coalesce(sum(l.annual_rent), 0) as lease_rent
      from leases_in l where l.region_code like ${regionPrefixOf(sql.ref("g.code"))} || '%'
        and ${unitOwnedScope(scope, "l")}) l on true
    where g.parent_code = ${region}
    order by g.code
    limit ${limit}`.execute(db);
  return rows;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
