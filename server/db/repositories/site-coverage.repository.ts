import { type Kysely, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { CoveringInstance } from "../../domain/sites/maximal-covering.js";
import type { FacilityKind } from "../../domain/sites/site-criteria.js";
import type { Database } from "../schema.js";
import { demandScope, facilitiesOf, type SiteKey, siteGeometries, siteKeyText } from "./site-locations.js";

// Population within walking distance (straight-line, geodesic) of facilities and sites. Every query is
// driven from the few facilities and sites into the demand points through the geography index of
// residential_demand (migration 15), never the other way round.

const num = (value: unknown) => Number(value ?? 0);

/** Persons by the demand's source: GeoNames populations, generated blocks, surveys. */
export type PopulationBySource = Record<"geonames" | "generated" | "survey", number>;

export interface Coverage {
  /** All demand `scope` reads. */
  readonly population: number;
  readonly demandPoints: number;
  readonly before: number;
  readonly after: number;
  readonly gained: number;
  readonly gainedPoints: number;
  readonly gainedBySource: PopulationBySource;
  readonly facilities: number;
}

/** Coverage by the existing facilities of `kinds`, then with the sites added as facilities. */
export async function coverage(
  db: Kysely<Database>,
  sites: readonly SiteKey[],
  kinds: readonly FacilityKind[],
  walkMeters: number,
  scope: ReadScope,
): Promise<Coverage> {
  const { rows } = await sql<Record<string, unknown>>`
    with fac as materialized (
      select f.location::geography as gg from community_facilities f where ${facilitiesOf(kinds, scope)}
    ),
    s as materialized (select geom::geography as gg from (${siteGeometries(sites, scope)}) x),
    dem as (select d.id, d.population, d.source from residential_demand d where ${demandScope(scope)}),
    before_ids as materialized (
      select distinct d.id from fac join residential_demand d
        on st_dwithin(d.location::geography, fac.gg, ${walkMeters}::float8) where ${demandScope(scope)}
    ),
    site_ids as materialized (
      select distinct d.id from s join residential_demand d
        on st_dwithin(d.location::geography, s.gg, ${walkMeters}::float8) where ${demandScope(scope)}
    ),
    gained as (
      select dem.population, dem.source from dem join site_ids using (id)
      where not exists (select 1 from before_ids b where b.id = dem.id)
    )
    select
      (select coalesce(sum(population), 0) from dem) as population,
      (select count(*) from dem) as demand_points,
      (select count(*) from fac) as facilities,
      (select coalesce(sum(dem.population), 0) from dem join before_ids using (id)) as before,
      (select count(*) from gained) as gained_points,
      (select coalesce(json_object_agg(source, population), '{}') from (
        select source, sum(population) as population from gained group by source) g) as gained_by_source`.execute(
    db,
  );
  const row = rows[0] ?? {};
  const bySource = (
    typeof row.gained_by_source === "string" ? JSON.parse(row.gained_by_source) : row.gained_by_source
  ) as Record<string, unknown>;
  const gainedBySource: PopulationBySource = {
    geonames: num(bySource.geonames),
    generated: num(bySource.generated),
    survey: num(bySource.survey),
  };
  const before = num(row.before);
  const gained = gainedBySource.geonames + gainedBySource.generated + gainedBySource.survey;
  return {
    population: num(row.population),
    demandPoints: num(row.demand_points),
    before,
    after: before + gained,
    gained,
    gainedPoints: num(row.gained_points),
    gainedBySource,
    facilities: num(row.facilities),
  };
}

/** A covering instance over the demand not yet served, and the population already served. */
export interface CoveringData {
  readonly instance: CoveringInstance;
  /** Candidate j of the instance is `locations[j]`. */
  readonly locations: readonly string[];
  /** Population within reach of the existing facilities (not in the instance). */
  readonly before: number;
  readonly demandPoints: number;
}

/**
 * Which demand points not yet within `walkMeters` of an existing facility of `kinds` each location
 * reaches: the input of the maximal covering problem.
 */
export async function coveringData(
  db: Kysely<Database>,
  locations: readonly SiteKey[],
  kinds: readonly FacilityKind[],
  walkMeters: number,
  scope: ReadScope,
): Promise<CoveringData> {
  const { rows } = await sql<{ key: string; id: number; population: unknown }>`
    with fac as materialized (
      select f.location::geography as gg from community_facilities f where ${facilitiesOf(kinds, scope)}
    ),
    before_ids as materialized (
      select distinct d.id from fac join residential_demand d
        on st_dwithin(d.location::geography, fac.gg, ${walkMeters}::float8) where ${demandScope(scope)}
    ),
    l as materialized (select key, geom::geography as gg from (${siteGeometries(locations, scope)}) x)
    select l.key, d.id, d.population from l join residential_demand d
      on st_dwithin(d.location::geography, l.gg, ${walkMeters}::float8)
    where ${demandScope(scope)} and d.population > 0
      and not exists (select 1 from before_ids b where b.id = d.id)
    union all
    select '', d.id, d.population from residential_demand d join before_ids b using (id)
    order by 1, 2`.execute(db);
  const keys = locations.map(siteKeyText);
  const column = new Map(keys.map((key, index) => [key, index]));
  const pointIndex = new Map<number, number>();
  const population: number[] = [];
  const reach: number[][] = keys.map(() => []);
  let before = 0;
  for (const row of rows) {
    if (row.key === "") {
      before += num(row.population);
      continue;
    }
    if (!column.has(row.key)) continue;
    let point = pointIndex.get(row.id);
    if (point === undefined) {
      point = population.length;
      pointIndex.set(row.id, point);
      population.push(num(row.population));
    }
    const site = column.get(row.key);
    if (site !== undefined) reach[site]?.push(point);
  }
  return { instance: { population, reach }, locations: keys, before, demandPoints: population.length };
}
