import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { FacilityKind } from "../../domain/sites/site-criteria.js";
import type { Database } from "../schema.js";
import { buildingScope, regionOnlyScope, roomScope } from "../scope.js";

// Where a site is on the map, shared by the site finder, coverage and location-allocation: a room or a
// floor stands at its building's footprint, a building at its footprint, a non-office asset at its
// polygon. Walking distances are straight-line and geodesic (geography), to the nearest edge.

export const siteKinds = ["room", "floor", "building", "asset"] as const;
export type SiteKind = (typeof siteKinds)[number];

/** "building:12": a site's id in the API, its kind and the row's id. */
export interface SiteKey {
  readonly kind: SiteKind;
  readonly id: number;
}

export const siteKeyText = (key: SiteKey) => `${key.kind}:${key.id}`;

/** Parses "room:7"; null when the text is not a site id. */
export function parseSiteKey(text: string): SiteKey | null {
  const match = /^(room|floor|building|asset):([1-9]\d{0,9})$/.exec(text);
  if (!match) return null;
  const id = Number(match[2]);
  return id <= 2_147_483_647 ? { kind: match[1] as SiteKind, id } : null;
}

const idsOf = (keys: readonly SiteKey[], kind: SiteKind) =>
  sql.val(keys.filter((key) => key.kind === kind).map((key) => key.id));

/**
 * A query of the sites named by `keys` that `scope` reads: (key text, name, region, geom in WGS84,
 * location: the key of the building or asset it stands in).
 * Keys of rows that do not exist or are out of scope are simply absent.
 */
export function siteGeometries(keys: readonly SiteKey[], scope: ReadScope): RawBuilder<unknown> {
  return sql`
    select 'building:' || b.id as key, b.name, b.region_code, b.footprint as geom, 'building:' || b.id as location
    from buildings b where b.id = any(${idsOf(keys, "building")}::int[]) and ${buildingScope(scope)}
    union all
    select 'floor:' || f.id, b.name || ' ' || f.name, b.region_code, b.footprint, 'building:' || b.id
    from floors f join buildings b on b.id = f.building_id
    where f.id = any(${idsOf(keys, "floor")}::int[]) and ${buildingScope(scope)}
    union all
    select 'room:' || r.id, b.name || ' ' || r.number || '室', b.region_code, b.footprint, 'building:' || b.id
    from rooms r join buildings b on b.id = r.building_id
    where r.id = any(${idsOf(keys, "room")}::int[]) and ${roomScope(scope)}
    union all
    select 'asset:' || a.id, a.name, a.region_code, a.geom, 'asset:' || a.id
    from non_office_assets a where a.id = any(${idsOf(keys, "asset")}::int[]) and ${regionOnlyScope(scope, "a")}`;
}

/** Demand points a scope reads (alias `d`): the region's residential demand (no unit owns it). */
export const demandScope = (scope: ReadScope) => regionOnlyScope(scope, "d");

/** Existing facilities of `kinds` a scope reads (alias `f`). */
export function facilitiesOf(kinds: readonly FacilityKind[], scope: ReadScope): RawBuilder<boolean> {
  return sql<boolean>`(f.kind = any(${sql.val([...kinds])}::text[]) and ${regionOnlyScope(scope, "f")})`;
}

/** The named sites `scope` reads, in the order given; `missing` lists the ids not found. */
export async function resolveSites(
  db: Kysely<Database>,
  keys: readonly SiteKey[],
  scope: ReadScope,
): Promise<{ sites: Array<{ id: string; name: string; location: SiteKey }>; missing: string[] }> {
  const { rows } = await sql<{ key: string; name: string; location: string }>`
    select key, name, location from (${siteGeometries(keys, scope)}) s`.execute(db);
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const sites: Array<{ id: string; name: string; location: SiteKey }> = [];
  const missing: string[] = [];
  for (const key of keys) {
    const row = byKey.get(siteKeyText(key));
    const location = row ? parseSiteKey(row.location) : null;
    if (row && location) sites.push({ id: row.key, name: row.name, location });
    else missing.push(siteKeyText(key));
  }
  return { sites, missing };
}
