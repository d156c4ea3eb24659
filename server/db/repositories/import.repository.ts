import { type Kysely, type RawBuilder, sql } from "kysely";
import type { RowError } from "../../domain/imports/convert-row.js";
import type { ImportTarget } from "../../domain/imports/targets.js";
import type { Database } from "../schema.js";

// Import checks and writes, one chunk of rows per statement: the rows travel as ONE jsonb parameter
// and are expanded with jsonb_to_recordset, so checking or inserting 5,000 rows is one round trip.

export interface ChunkRow {
  readonly line: number;
  readonly values: Readonly<Record<string, unknown>>;
}

/** A checked row, ready to insert: the converted values plus what the database resolved. */
export type PreparedRow = Readonly<Record<string, unknown>>;

export interface CheckContext {
  /** Default region of rows that name none (options.regionCode). */
  readonly regionCode: string | null;
  /** Names of buildings and units are looked up within this region prefix ('' = everywhere). */
  readonly namePrefix: string;
  /** The province every location must lie in. */
  readonly provinceCode: string;
  /** Whether the importing user may write records of that region (and unit). */
  readonly canWrite: (regionCode: string, unitId: number | null) => boolean;
}

export interface CheckOutcome {
  readonly errors: RowError[];
  readonly prepared: PreparedRow[];
}

const asJson = (rows: readonly unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

/** Runs an insert (or upsert) and counts its rows (drivers differ in reporting affected rows). */
async function countWritten(db: Kysely<Database>, statement: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`with written as (${statement} returning 1)
    select count(*)::int as n from written`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** The deepest region (county before prefecture before province) whose boundary holds the point. */
const regionAt = (point: RawBuilder<unknown>) => sql`(select x.code from regions x
  where x.geom is not null and st_intersects(x.geom, ${point})
  order by case x.level when 'township' then 0 when 'county' then 1 when 'prefecture' then 2 else 3 end
  limit 1)`;

/** `[id, region]` of the one record a reference (an id, or an exact name within the prefix) names. */
function referenceLookup(table: "buildings" | "units", reference: RawBuilder<unknown>, prefix: string) {
  return sql`(select jsonb_agg(jsonb_build_array(m.id, m.region_code)) from (select t.id, t.region_code
    from ${sql.table(table)} t
    where case when ${reference} ~ '^[0-9]{1,9}$' then t.id = ${reference}::int
      else t.name = ${reference} and t.region_code like ${`${prefix}%`} end
    limit 2) m)`;
}

type Matches = Array<[number, string]> | null;

function single(
  matches: Matches,
  line: number,
  field: string,
  reference: unknown,
  noun: string,
  errors: RowError[],
): { id: number; region: string } | undefined {
  if (!matches || matches.length === 0) {
    errors.push({ line, field, reason: `no ${noun} '${String(reference)}'` });
    return undefined;
  }
  if (matches.length > 1) {
    errors.push({
      line,
      field,
      reason: `${matches.length}+ ${noun}s are named '${String(reference)}': give the id`,
    });
    return undefined;
  }
  const [id, region] = matches[0] as [number, string];
  return { id: Number(id), region: String(region) };
}

function scopeError(ctx: CheckContext, line: number, field: string, region: string, unitId: number | null) {
  return ctx.canWrite(region, unitId)
    ? undefined
    : { line, field, reason: `region ${region} is outside what you may change` };
}

async function checkBuildings(
  db: Kysely<Database>,
  rows: readonly ChunkRow[],
  ctx: CheckContext,
): Promise<CheckOutcome> {
  const input = rows.map(({ line, values }) => ({
    line,
    footprint: JSON.stringify(values.footprint),
    region_code: values.region_code ?? ctx.regionCode,
    certificate: values.title_certificate_no,
  }));
  const { rows: checked } = await sql<{
    line: number;
    validity: string;
    region: string | null;
    region_known: boolean;
    in_region: boolean;
    in_province: boolean;
    certificate_taken: boolean;
  }>`with r as (select * from jsonb_to_recordset(${asJson(input)})
        as r(line int, footprint text, region_code text, certificate text)),
      g as (select r.*, st_setsrid(st_geomfromgeojson(r.footprint), 4326) as geom from r),
      v as (select g.*, st_isvalidreason(g.geom) as validity from g),
      province as (select geom from regions where code = ${ctx.provinceCode})
    select v.line, v.validity,
      case when v.validity <> 'Valid Geometry' then v.region_code
        else coalesce(v.region_code, ${regionAt(sql`st_pointonsurface(v.geom)`)}) end as region,
      v.region_code is null or exists (select 1 from regions x where x.code = v.region_code) as region_known,
      v.validity <> 'Valid Geometry' or v.region_code is null or coalesce((select st_intersects(x.geom, v.geom)
        from regions x where x.code = v.region_code), true) as in_region,
      v.validity <> 'Valid Geometry' or coalesce((select st_within(v.geom, p.geom) from province p), true) as in_province,
      v.certificate is not null and exists (select 1 from buildings b where b.title_certificate_no = v.certificate)
        as certificate_taken
    from v order by v.line`.execute(db);
  const errors: RowError[] = [];
  const prepared: PreparedRow[] = [];
  checked.forEach((check, index) => {
    const row = rows[index] as ChunkRow;
    const before = errors.length;
    const line = check.line;
    if (check.validity !== "Valid Geometry")
      errors.push({ line, field: "footprint", reason: `invalid geometry: ${check.validity}` });
    else if (!check.in_province)
      errors.push({ line, field: "footprint", reason: `lies outside the province ${ctx.provinceCode}` });
    if (!check.region_known)
      errors.push({
        line,
        field: "region_code",
        reason: `no region ${String(row.values.region_code ?? ctx.regionCode)}`,
      });
    else if (!check.in_region)
      errors.push({ line, field: "footprint", reason: `lies outside its region ${String(check.region)}` });
    if (check.certificate_taken)
      errors.push({
        line,
        field: "title_certificate_no",
        reason: `certificate ${String(row.values.title_certificate_no)} is already registered`,
      });
    if (errors.length === before && check.region === null)
      errors.push({ line, field: "region_code", reason: "no region given and none found at the footprint" });
    if (errors.length === before && check.region !== null) {
      const scope = scopeError(ctx, line, "region_code", check.region, null);
      if (scope) errors.push(scope);
    }
    if (errors.length === before) prepared.push({ ...row.values, region_code: check.region });
  });
  return { errors, prepared };
}

async function insertBuildings(db: Kysely<Database>, rows: readonly PreparedRow[]): Promise<number> {
  const input = rows.map((row) => ({ ...row, footprint: JSON.stringify(row.footprint) }));
  return countWritten(
    db,
    sql`insert into buildings (region_code, name, address, footprint, floors_above, floors_below,
      gross_area, structure, built_year, net_to_gross, property_class, title_holder, title_certificate_no, condition, note)
    select region_code, name, address, st_setsrid(st_geomfromgeojson(footprint), 4326), floors_above,
      coalesce(floors_below, 0), gross_area, structure, built_year, net_to_gross, coalesce(property_class, 'office'),
      title_holder, title_certificate_no, coalesce(condition, 'good'), note
    from jsonb_to_recordset(${asJson(input)}) as r(region_code text, name text, address text, footprint text,
      floors_above int, floors_below int, gross_area numeric, structure text, built_year int, net_to_gross numeric,
      property_class text, title_holder text, title_certificate_no text, condition text, note text)`,
  );
}

async function checkRooms(
  db: Kysely<Database>,
  rows: readonly ChunkRow[],
  ctx: CheckContext,
): Promise<CheckOutcome> {
  const input = rows.map(({ line, values }) => ({
    line,
    building: values.building,
    number: values.number,
    occupant: values.occupant_unit,
  }));
  const { rows: checked } = await sql<{
    line: number;
    buildings: Matches;
    occupants: Matches;
    number_taken: boolean;
  }>`with r as (select * from jsonb_to_recordset(${asJson(input)}) as r(line int, building text, number text, occupant text)),
      b as (select r.*, ${referenceLookup("buildings", sql`r.building`, ctx.namePrefix)} as buildings from r)
    select b.line, b.buildings,
      case when b.occupant is null then null else ${referenceLookup("units", sql`b.occupant`, ctx.namePrefix)} end as occupants,
      coalesce(jsonb_array_length(b.buildings) = 1 and exists (select 1 from rooms x
        where x.building_id = (b.buildings->0->>0)::int and x.number = b.number), false) as number_taken
    from b order by b.line`.execute(db);
  const errors: RowError[] = [];
  const prepared: PreparedRow[] = [];
  checked.forEach((check, index) => {
    const row = rows[index] as ChunkRow;
    const { line } = check;
    const before = errors.length;
    const building = single(check.buildings, line, "building", row.values.building, "building", errors);
    const occupant =
      row.values.occupant_unit === null
        ? null
        : single(check.occupants, line, "occupant_unit", row.values.occupant_unit, "unit", errors);
    if (row.values.floor === 0)
      errors.push({
        line,
        field: "floor",
        reason: "floor 0 does not exist: 1 is the ground floor, -1 the first basement",
      });
    if (check.number_taken)
      errors.push({
        line,
        field: "number",
        reason: `room ${String(row.values.number)} already exists in building ${building?.id}`,
      });
    const status = (row.values.status as string | null) ?? (occupant ? "in_use" : "idle");
    if (status === "in_use" && occupant === null)
      errors.push({ line, field: "occupant_unit", reason: "a room in use needs its occupant unit" });
    if (status === "idle" && occupant)
      errors.push({ line, field: "occupant_unit", reason: "an idle room has no occupant unit" });
    if (building && errors.length === before) {
      const scope = scopeError(ctx, line, "building", building.region, occupant?.id ?? null);
      if (scope) errors.push(scope);
    }
    if (building && errors.length === before) {
      prepared.push({
        ...row.values,
        status,
        building_id: building.id,
        region_code: building.region,
        occupant_unit_id: occupant?.id ?? null,
      });
    }
  });
  return { errors, prepared };
}

async function insertRooms(db: Kysely<Database>, rows: readonly PreparedRow[]): Promise<number> {
  // Floors a room names but the building lacks are created with it (same statement).
  const { rows: written } = await sql<{
    n: number;
  }>`with r as (select * from jsonb_to_recordset(${asJson(rows)}) as r(building_id int,
        region_code text, floor int, number text, use_category text, usable_area numeric, status text,
        occupant_unit_id int, function text, has_rest_room boolean, washroom_area numeric)),
      wanted as (select distinct building_id, region_code, floor from r),
      created as (insert into floors (building_id, region_code, level, name)
        select w.building_id, w.region_code, w.floor, case when w.floor < 0 then '地下' || -w.floor || '层' else w.floor || '层' end
        from wanted w where not exists (select 1 from floors f where f.building_id = w.building_id and f.level = w.floor)
        returning id, building_id, level)
    , inserted as (insert into rooms (building_id, floor_id, region_code, number, use_category, function, usable_area, status,
      occupant_unit_id, has_rest_room, washroom_area)
    select r.building_id, coalesce(f.id, c.id), r.region_code, r.number, r.use_category, r.function, r.usable_area,
      r.status, r.occupant_unit_id, coalesce(r.has_rest_room, false), coalesce(r.washroom_area, 0)
    from r left join floors f on f.building_id = r.building_id and f.level = r.floor
      left join created c on c.building_id = r.building_id and c.level = r.floor
      returning 1)
    select count(*)::int as n from inserted`.execute(db);
  return Number(written[0]?.n ?? 0);
}

/** Units and ranks: a rank is its code, or its Chinese name at the unit's organ level (brackets optional). */
async function resolveUnitsAndRanks(
  db: Kysely<Database>,
  rows: readonly ChunkRow[],
  ctx: CheckContext,
  nameField?: string,
) {
  const input = rows.map(({ line, values }) => ({
    line,
    unit: values.unit,
    rank: values.rank,
    name: nameField ? values[nameField] : null,
  }));
  const { rows: checked } = await sql<{
    line: number;
    units: Matches;
    rank_code: string | null;
    rank_level: string | null;
    unit_level: string | null;
    name_taken: boolean;
  }>`with r as (select * from jsonb_to_recordset(${asJson(input)}) as r(line int, unit text, rank text, name text)),
      u as (select r.*, ${referenceLookup("units", sql`r.unit`, ctx.namePrefix)} as units from r)
    select u.line, u.units, k.code as rank_code, k.organ_level as rank_level, unit.admin_level as unit_level,
      coalesce(u.name is not null and exists (select 1 from people p where p.unit_id = unit.id and p.name = u.name), false)
        as name_taken
    from u
      left join units unit on jsonb_array_length(u.units) = 1 and unit.id = (u.units->0->>0)::int
      left join lateral (select k.code, k.organ_level from ranks k
        where k.code = u.rank or (unit.admin_level = k.organ_level
          and regexp_replace(k.name_zh, '[（(].*?[）)]', '', 'g') = regexp_replace(u.rank, '[（(].*?[）)]', '', 'g'))
        order by k.code = u.rank desc limit 1) k on true
    order by u.line`.execute(db);
  return checked;
}

function unitRankOutcome(
  rows: readonly ChunkRow[],
  checked: Awaited<ReturnType<typeof resolveUnitsAndRanks>>,
  ctx: CheckContext,
  duplicate?: (row: ChunkRow) => RowError,
): CheckOutcome {
  const errors: RowError[] = [];
  const prepared: PreparedRow[] = [];
  checked.forEach((check, index) => {
    const row = rows[index] as ChunkRow;
    const { line } = check;
    const before = errors.length;
    const unit = single(check.units, line, "unit", row.values.unit, "unit", errors);
    if (unit) {
      if (check.rank_code === null)
        errors.push({
          line,
          field: "rank",
          reason: `no rank '${String(row.values.rank)}' for a ${String(check.unit_level)} organ`,
        });
      else if (check.rank_level !== check.unit_level)
        errors.push({
          line,
          field: "rank",
          reason: `rank ${check.rank_code} is ${String(check.rank_level)}, the unit ${String(check.unit_level)}`,
        });
      if (check.name_taken && duplicate) errors.push(duplicate(row));
      if (errors.length === before) {
        const scope = scopeError(ctx, line, "unit", unit.region, unit.id);
        if (scope) errors.push(scope);
      }
      if (errors.length === before)
        prepared.push({
          ...row.values,
          unit_id: unit.id,
          region_code: unit.region,
          rank_code: check.rank_code,
        });
    }
  });
  return { errors, prepared };
}

async function insertStaffing(db: Kysely<Database>, rows: readonly PreparedRow[]): Promise<number> {
  // A staffing ledger states the current figures: existing (unit, rank) lines are updated, versioned.
  return countWritten(
    db,
    sql`insert into staffing (unit_id, rank_code, region_code, authorized, actual)
    select unit_id, rank_code, region_code, authorized, actual
    from jsonb_to_recordset(${asJson(rows)}) as r(unit_id int, rank_code text, region_code text, authorized int, actual int)
    on conflict (unit_id, rank_code) do update set authorized = excluded.authorized, actual = excluded.actual,
      version = staffing.version + 1`,
  );
}

async function insertPeople(db: Kysely<Database>, rows: readonly PreparedRow[]): Promise<number> {
  return countWritten(
    db,
    sql`insert into people (unit_id, region_code, name, rank_code, position_title, is_leader,
      concurrent_post, concurrent_post_ended_on, second_office_approved, transferred_on, retired_on)
    select unit_id, region_code, name, rank_code, position_title, coalesce(is_leader, false), concurrent_post,
      concurrent_post_ended_on, coalesce(second_office_approved, false), transferred_on, retired_on
    from jsonb_to_recordset(${asJson(rows)}) as r(unit_id int, region_code text, name text, rank_code text,
      position_title text, is_leader boolean, concurrent_post text, concurrent_post_ended_on date,
      second_office_approved boolean, transferred_on date, retired_on date)`,
  );
}

async function checkAssets(
  db: Kysely<Database>,
  rows: readonly ChunkRow[],
  ctx: CheckContext,
): Promise<CheckOutcome> {
  const input = rows.map(({ line, values }) => ({
    line,
    lon: values.lon,
    lat: values.lat,
    region_code: values.region_code ?? ctx.regionCode,
    name: values.name,
  }));
  const { rows: checked } = await sql<{
    line: number;
    region: string | null;
    region_known: boolean;
    in_province: boolean;
    name_taken: boolean;
  }>`with r as (select * from jsonb_to_recordset(${asJson(input)}) as r(line int, lon float8, lat float8, region_code text, name text)),
      g as (select r.*, st_setsrid(st_makepoint(r.lon, r.lat), 4326) as geom from r),
      province as (select geom from regions where code = ${ctx.provinceCode}),
      located as (select g.*, coalesce(g.region_code, ${regionAt(sql`g.geom`)}) as region from g)
    select l.line, l.region,
      l.region_code is null or exists (select 1 from regions x where x.code = l.region_code) as region_known,
      coalesce((select st_intersects(p.geom, l.geom) from province p), true) as in_province,
      exists (select 1 from non_office_assets a where a.name = l.name and a.region_code = l.region) as name_taken
    from located l order by l.line`.execute(db);
  const errors: RowError[] = [];
  const prepared: PreparedRow[] = [];
  checked.forEach((check, index) => {
    const row = rows[index] as ChunkRow;
    const { line } = check;
    const before = errors.length;
    if (!check.in_province)
      errors.push({
        line,
        field: "lon",
        reason: `(${String(row.values.lon)}, ${String(row.values.lat)}) lies outside the province ${ctx.provinceCode}`,
      });
    if (!check.region_known)
      errors.push({
        line,
        field: "region_code",
        reason: `no region ${String(row.values.region_code ?? ctx.regionCode)}`,
      });
    else if (check.region === null)
      errors.push({ line, field: "region_code", reason: "no region given and none found at the location" });
    if (check.name_taken)
      errors.push({
        line,
        field: "name",
        reason: `asset ${String(row.values.name)} is already reported in region ${String(check.region)}`,
      });
    if (errors.length === before && check.region !== null) {
      const scope = scopeError(ctx, line, "region_code", check.region, null);
      if (scope) errors.push(scope);
    }
    if (errors.length === before) prepared.push({ ...row.values, region_code: check.region });
  });
  return { errors, prepared };
}

async function insertAssets(db: Kysely<Database>, rows: readonly PreparedRow[]): Promise<number> {
  // Finance lists give a point: the parcel is stored as a square of the land (else gross) area around it,
  // sized in metres (EPSG:3857 scale is 1/cos(latitude)).
  return countWritten(
    db,
    sql`insert into non_office_assets (region_code, name, address, geom, gross_area, land_area,
      former_use, reported_on, suits_office_use, condition)
    select region_code, name, address,
      st_transform(st_expand(st_transform(st_setsrid(st_makepoint(lon, lat), 4326), 3857),
        sqrt(greatest(coalesce(land_area, gross_area), 1)) / 2 / cos(radians(lat))), 4326),
      gross_area, land_area, former_use, coalesce(reported_on, current_date), suits_office_use, coalesce(condition, 'fair')
    from jsonb_to_recordset(${asJson(rows)}) as r(region_code text, name text, address text, lon float8, lat float8,
      gross_area numeric, land_area numeric, former_use text, reported_on date, suits_office_use boolean,
      condition text)`,
  );
}

export interface TargetStore {
  readonly check: (
    db: Kysely<Database>,
    rows: readonly ChunkRow[],
    ctx: CheckContext,
  ) => Promise<CheckOutcome>;
  readonly insert: (db: Kysely<Database>, rows: readonly PreparedRow[]) => Promise<number>;
}

export const targetStores: Readonly<Record<ImportTarget, TargetStore>> = {
  buildings: { check: checkBuildings, insert: insertBuildings },
  rooms: { check: checkRooms, insert: insertRooms },
  staffing: {
    check: async (db, rows, ctx) => unitRankOutcome(rows, await resolveUnitsAndRanks(db, rows, ctx), ctx),
    insert: insertStaffing,
  },
  people: {
    check: async (db, rows, ctx) =>
      unitRankOutcome(rows, await resolveUnitsAndRanks(db, rows, ctx, "name"), ctx, (row) => ({
        line: row.line,
        field: "name",
        reason: `${String(row.values.name)} is already on the staff of unit ${String(row.values.unit)}`,
      })),
    insert: insertPeople,
  },
  non_office_assets: { check: checkAssets, insert: insertAssets },
};

/** How many staffing lines of these (unit, rank) pairs exist already (they will be updated). */
export async function existingStaffing(db: Kysely<Database>, rows: readonly PreparedRow[]): Promise<number> {
  const { rows: result } = await sql<{ count: number }>`select count(*)::int as count
    from jsonb_to_recordset(${asJson(rows)}) as r(unit_id int, rank_code text)
    join staffing s on s.unit_id = r.unit_id and s.rank_code = r.rank_code`.execute(db);
  return Number(result[0]?.count ?? 0);
}
