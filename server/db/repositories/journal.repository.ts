import { type Kysely, sql } from "kysely";
import type { Geometry } from "../../domain/geojson.js";
import { geometryFromGeoJSON } from "../postgis.js";
import type { Database } from "../schema.js";
import { appendAudit } from "./audit.repository.js";

/**
 * The inventory records that editing writes, and how the audit log holds them: the whole row as JSON
 * (numbers, dates and timestamps exactly as PostgreSQL prints them; the geometry as GeoJSON at full
 * precision), so that a revert can write a row back from its audit entry.
 */
export const journalEntities = {
  building: { table: "buildings", key: ["id"], geometry: "footprint", versioned: true, touched: true },
  floor: { table: "floors", key: ["id"], geometry: null, versioned: true, touched: false },
  room: { table: "rooms", key: ["id"], geometry: "plan", versioned: true, touched: false },
  room_occupant: {
    table: "room_occupants",
    key: ["room_id", "person_id"],
    geometry: null,
    versioned: false,
    touched: false,
  },
  unit: { table: "units", key: ["id"], geometry: null, versioned: true, touched: true },
  staffing: {
    table: "staffing",
    key: ["unit_id", "rank_code"],
    geometry: null,
    versioned: true,
    touched: false,
  },
  person: { table: "people", key: ["id"], geometry: null, versioned: true, touched: false },
  // Planning records (zones.route.ts): journaled the same way, so a zone edit can be undone too.
  zone: { table: "zones", key: ["id"], geometry: "geom", versioned: true, touched: false },
  scenario: { table: "scenarios", key: ["id"], geometry: null, versioned: true, touched: false },
} as const;

export type JournalEntity = keyof typeof journalEntities;
export type Row = Record<string, unknown>;

export const isJournalEntity = (entity: string): entity is JournalEntity =>
  Object.hasOwn(journalEntities, entity);

/** Columns PostgreSQL computes (never written, never journaled). */
const generatedColumns = ["footprint_3857"];
/** Full double precision: a footprint written back from its GeoJSON is the same footprint. */
const GEOJSON_DECIMALS = 15;

/** The key of a row as the audit log's entity_id: `84`, or `12:345` for composite keys. */
export function entityIdOf(entity: JournalEntity, row: Row): string {
  return journalEntities[entity].key.map((column) => String(row[column])).join(":");
}

/** The key columns and values of an entity_id. */
export function keyOf(entity: JournalEntity, entityId: string): Row {
  const parts = entityId.split(":");
  return Object.fromEntries(journalEntities[entity].key.map((column, index) => [column, parts[index]]));
}

const whereKey = (entity: JournalEntity, key: Row) =>
  sql.join(
    journalEntities[entity].key.map((column) => sql`t.${sql.ref(column)} = ${String(key[column])}`),
    sql` and `,
  );

/** The row as the audit log holds it, locked for the rest of the transaction; undefined when absent. */
export async function snapshot(
  db: Kysely<Database>,
  entity: JournalEntity,
  key: Row,
): Promise<Row | undefined> {
  const { table, geometry } = journalEntities[entity];
  const omitted = [...generatedColumns, ...(geometry ? [geometry] : [])];
  const geoJson = geometry
    ? sql` || jsonb_build_object(${geometry}::text, st_asgeojson(t.${sql.ref(geometry)}, ${sql.lit(GEOJSON_DECIMALS)})::jsonb)`
    : sql``;
  const { rows } = await sql<{ row: Row }>`
    select (to_jsonb(t) - array[${sql.join(omitted.map((column) => sql`${column}::text`))}])${geoJson} as row
    from ${sql.table(table)} t where ${whereKey(entity, key)} for update of t`.execute(db);
  const row = rows[0]?.row;
  return typeof row === "string" ? (JSON.parse(row) as Row) : row;
}

const geometryValue = (value: unknown) =>
  value == null ? sql`null` : geometryFromGeoJSON(value as Geometry);

/** Inserts a row given as the audit log holds it (a missing key is generated) and returns its snapshot. */
export async function insertRow(db: Kysely<Database>, entity: JournalEntity, row: Row): Promise<Row> {
  const { table, geometry } = journalEntities[entity];
  const columns = Object.keys(row).filter(
    (column) => column !== geometry && !generatedColumns.includes(column),
  );
  const { [geometry ?? ""]: shape, ...fields } = row;
  const names = [...columns, ...(geometry ? [geometry] : [])].map((column) => sql.ref(column));
  const values = [
    ...columns.map((column) => sql`r.${sql.ref(column)}`),
    ...(geometry ? [geometryValue(shape)] : []),
  ];
  const keyColumns = journalEntities[entity].key;
  const { rows } = await sql<Row>`insert into ${sql.table(table)} (${sql.join(names)})
    select ${sql.join(values)} from jsonb_populate_record(null::${sql.table(table)}, ${JSON.stringify(fields)}::jsonb) r
    returning ${sql.join(keyColumns.map((column) => sql.ref(column)))}`.execute(db);
  return (await snapshot(db, entity, rows[0] as Row)) as Row;
}

/**
 * Sets the given columns (values as JSON would carry them), bumps the version (and `updated_at`
 * where the table has one) and returns the new snapshot. Key and version in `changes` are ignored.
 */
export async function updateRow(
  db: Kysely<Database>,
  entity: JournalEntity,
  key: Row,
  changes: Row,
): Promise<Row> {
  const { table, geometry, versioned, touched, key: keyColumns } = journalEntities[entity];
  const skipped = new Set<string>([...keyColumns, "version", "updated_at", ...generatedColumns]);
  const columns = Object.keys(changes).filter((column) => !skipped.has(column) && column !== geometry);
  const assignments = [];
  if (columns.length > 0) {
    const fields = Object.fromEntries(columns.map((column) => [column, changes[column]]));
    assignments.push(
      sql`(${sql.join(columns.map((column) => sql.ref(column)))}) = (select ${sql.join(
        columns.map((column) => sql`r.${sql.ref(column)}`),
      )} from jsonb_populate_record(null::${sql.table(table)}, ${JSON.stringify(fields)}::jsonb) r)`,
    );
  }
  if (geometry && Object.hasOwn(changes, geometry))
    assignments.push(sql`${sql.ref(geometry)} = ${geometryValue(changes[geometry])}`);
  if (versioned) assignments.push(sql`version = version + 1`);
  if (touched) assignments.push(sql`updated_at = now()`);
  if (assignments.length > 0)
    await sql`update ${sql.table(table)} t set ${sql.join(assignments)} where ${whereKey(entity, key)}`.execute(
      db,
    );
  return (await snapshot(db, entity, key)) as Row;
}

/** Deletes one row by its key. */
export async function deleteRow(db: Kysely<Database>, entity: JournalEntity, key: Row): Promise<void> {
  await sql`delete from ${sql.table(journalEntities[entity].table)} t where ${whereKey(entity, key)}`.execute(
    db,
  );
}

/** The audit entries one request writes, in order; their ids go back to the client for undo. */
export interface Journal {
  readonly ids: string[];
  created(entity: JournalEntity, row: Row): Promise<void>;
  updated(entity: JournalEntity, before: Row, after: Row): Promise<void>;
  deleted(entity: JournalEntity, row: Row): Promise<void>;
}

/** A journal writing to the audit log inside the transaction `db`. */
export function openJournal(db: Kysely<Database>, userId: number): Journal {
  const ids: string[] = [];
  const append = async (
    action: "create" | "update" | "delete",
    entity: JournalEntity,
    before?: Row,
    after?: Row,
  ) => {
    const row = (after ?? before) as Row;
    ids.push(
      await appendAudit(db, {
        userId,
        regionCode: typeof row.region_code === "string" ? row.region_code : null,
        action,
        entity,
        entityId: entityIdOf(entity, row),
        before,
        after,
      }),
    );
  };
  return {
    ids,
    created: (entity, row) => append("create", entity, undefined, row),
    updated: (entity, before, after) => append("update", entity, before, after),
    deleted: (entity, row) => append("delete", entity, row, undefined),
  };
}
