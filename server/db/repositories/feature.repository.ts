import { type Kysely, type RawBuilder, sql } from "kysely";
import type { ReadScope } from "../../domain/auth/access.js";
import type { BBox, Geometry } from "../../domain/geojson.js";
import type { FeatureCollectionDefinition } from "../feature-collections.js";
import { stMakeEnvelope } from "../postgis.js";
import type { Database } from "../schema.js";
import { scopeCondition } from "../scope.js";

export interface FeatureQuery {
  readonly bbox?: BBox | undefined;
  /** Property equality filters, values already converted to the property's type. */
  readonly filters: ReadonlyArray<readonly [string, string | number | boolean]>;
  readonly limit: number;
  readonly offset: number;
}

export interface FeatureRow {
  readonly id: string | number;
  readonly geometry: Geometry | null;
  readonly properties: Record<string, unknown>;
}

/** The rows of a collection a reader may see. */
function accessCondition(collection: FeatureCollectionDefinition, scope: ReadScope): RawBuilder<boolean> {
  const access = collection.access;
  if (access === "public") return sql<boolean>`true`;
  return scopeCondition(
    scope,
    sql.ref(`s.${access.regionColumn}`),
    access.units ?? (() => sql<boolean>`false`),
  );
}

function conditions(
  collection: FeatureCollectionDefinition,
  scope: ReadScope,
  query: Pick<FeatureQuery, "bbox" | "filters">,
): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [accessCondition(collection, scope)];
  if (query.bbox)
    parts.push(
      sql`s.geom && ${stMakeEnvelope(query.bbox)} and st_intersects(s.geom, ${stMakeEnvelope(query.bbox)})`,
    );
  for (const [name, value] of query.filters) parts.push(sql`${sql.ref(`s.${name}`)} = ${value}`);
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

function selectFeatures(collection: FeatureCollectionDefinition): RawBuilder<unknown> {
  const properties = Object.keys(collection.properties).map((name) => sql.ref(`s.${name}`));
  return sql`select s.id, st_asgeojson(s.geom, 7)::json as geometry, ${sql.join(properties)}`;
}

function toFeatureRow(collection: FeatureCollectionDefinition, row: Record<string, unknown>): FeatureRow {
  const properties: Record<string, unknown> = {};
  for (const name of Object.keys(collection.properties)) properties[name] = row[name] ?? null;
  return { id: row.id as string | number, geometry: (row.geometry as Geometry | null) ?? null, properties };
}

/** One page of features in a stable order (by id) and the exact number matched. */
export async function queryFeatures(
  db: Kysely<Database>,
  collection: FeatureCollectionDefinition,
  query: FeatureQuery,
  scope: ReadScope,
): Promise<{ features: FeatureRow[]; numberMatched: number }> {
  const where = conditions(collection, scope, query);
  const [page, count] = await Promise.all([
    sql<Record<string, unknown>>`${selectFeatures(collection)} from (${collection.source}) s where ${where}
      order by s.id limit ${query.limit} offset ${query.offset}`.execute(db),
    sql<{
      count: number;
    }>`select count(*)::int as count from (${collection.source}) s where ${where}`.execute(db),
  ]);
  return {
    features: page.rows.map((row) => toFeatureRow(collection, row)),
    numberMatched: Number(count.rows[0]?.count ?? 0),
  };
}

/** One feature by id, or undefined. */
export async function queryFeature(
  db: Kysely<Database>,
  collection: FeatureCollectionDefinition,
  id: string | number,
  scope: ReadScope,
): Promise<FeatureRow | undefined> {
  const { rows } = await sql<
    Record<string, unknown>
  >`${selectFeatures(collection)} from (${collection.source}) s
    where s.id = ${id} and ${accessCondition(collection, scope)}`.execute(db);
  return rows[0] ? toFeatureRow(collection, rows[0]) : undefined;
}

/** The collection's bounding box [minLng, minLat, maxLng, maxLat], or undefined when it is empty. */
export async function collectionExtent(
  db: Kysely<Database>,
  collection: FeatureCollectionDefinition,
): Promise<BBox | undefined> {
  // The extent is the whole collection's (cached for everyone); it reveals no record.
  const { rows } = await sql<{ xmin: number | null; ymin: number; xmax: number; ymax: number }>`
    select st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax
    from (select st_extent(s.geom)::geometry as e from (${collection.source}) s) extent`.execute(db);
  const row = rows[0];
  if (!row || row.xmin === null) return undefined;
  return [row.xmin, row.ymin, row.xmax, row.ymax];
}
