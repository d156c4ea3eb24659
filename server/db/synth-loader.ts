import { type Kysely, type RawBuilder, sql } from "kysely";
import type {
  DemoBuilding,
  DemoFloor,
  DemoPerson,
  DemoRoom,
  DemoRoomOccupant,
  DemoStaffing,
  DemoUnit,
} from "../domain/demo/dataset.js";
import type { RegionGrid } from "../domain/demo/region-grid.js";
import { type SynthBatch, type SynthIds, synthesize } from "../domain/demo/synth.js";
import type { Polygon } from "../domain/geojson.js";
import { WGS84 } from "../domain/geojson.js";
import type { FangtuDatabase } from "./database.js";
import { readCountyPolygons, readPlaces } from "./geodata-files.js";
import type { Database } from "./schema.js";

export interface SynthProgress {
  readonly done: number;
  readonly total: number;
}

export interface SynthLoadOptions {
  readonly buildings: number;
  readonly seed: number;
  readonly roomsPerBuilding?: number;
  /** Buildings per synthetic unit (default 10). */
  readonly buildingsPerUnit?: number;
  /** Also people working in the in-use office rooms (see SynthInput.people). */
  readonly people?: boolean;
  /** Buildings per batch and transaction (default 10,000). */
  readonly batchSize?: number;
  /** Called after each committed batch with buildings done so far. */
  readonly onProgress?: (progress: SynthProgress) => void;
  /** Stops between batches (already committed batches stay). */
  readonly signal?: AbortSignal;
  readonly grid?: RegionGrid;
  /** Batches written at once on PostgreSQL (default 2); PGlite always writes one at a time. */
  readonly concurrency?: number;
}

export interface SynthLoadResult {
  readonly firstIds: SynthIds;
  readonly rows: {
    units: number;
    staffing: number;
    buildings: number;
    floors: number;
    rooms: number;
    people: number;
    occupants: number;
  };
  readonly milliseconds: number;
}

type ColumnType = "int4" | "text" | "bool" | "numeric" | "geometry";
type Column<T> = readonly [name: string, type: ColumnType, value: (record: T) => unknown];

// Column lists of the bulk inserts; every row also gets is_demo = true.
const unitColumns: ReadonlyArray<Column<DemoUnit>> = [
  ["id", "int4", (unit) => unit.id],
  ["region_code", "text", (unit) => unit.region_code],
  ["name", "text", (unit) => unit.name],
  ["kind", "text", (unit) => unit.kind],
  ["admin_level", "text", (unit) => unit.admin_level],
];
const staffingColumns: ReadonlyArray<Column<DemoStaffing>> = [
  ["unit_id", "int4", (row) => row.unit_id],
  ["rank_code", "text", (row) => row.rank_code],
  ["region_code", "text", (row) => row.region_code],
  ["authorized", "int4", (row) => row.authorized],
  ["actual", "int4", (row) => row.actual],
];
const buildingColumns: ReadonlyArray<Column<DemoBuilding>> = [
  ["id", "int4", (building) => building.id],
  ["region_code", "text", (building) => building.region_code],
  ["name", "text", (building) => building.name],
  ["footprint", "geometry", (building) => polygonEwkbHex(building.footprint)],
  ["floors_above", "int4", (building) => building.floors_above],
  ["floors_below", "int4", (building) => building.floors_below],
  ["gross_area", "numeric", (building) => building.gross_area],
  ["structure", "text", (building) => building.structure],
  ["built_year", "int4", (building) => building.built_year],
  ["net_to_gross", "numeric", (building) => building.net_to_gross],
  ["property_class", "text", (building) => building.property_class],
  ["title_holder", "text", (building) => building.title_holder],
  ["condition", "text", (building) => building.condition],
];
const floorColumns: ReadonlyArray<Column<DemoFloor>> = [
  ["id", "int4", (floor) => floor.id],
  ["building_id", "int4", (floor) => floor.building_id],
  ["region_code", "text", (floor) => floor.region_code],
  ["level", "int4", (floor) => floor.level],
  ["name", "text", (floor) => floor.name],
  ["gross_area", "numeric", (floor) => floor.gross_area],
  ["has_lift_access", "bool", (floor) => floor.has_lift_access],
];
const roomColumns: ReadonlyArray<Column<DemoRoom>> = [
  ["id", "int4", (room) => room.id],
  ["building_id", "int4", (room) => room.building_id],
  ["floor_id", "int4", (room) => room.floor_id],
  ["region_code", "text", (room) => room.region_code],
  ["number", "text", (room) => room.number],
  ["use_category", "text", (room) => room.use_category],
  ["function", "text", (room) => room.function],
  ["usable_area", "numeric", (room) => room.usable_area],
  ["status", "text", (room) => room.status],
  ["occupant_unit_id", "int4", (room) => room.occupant_unit_id],
];

const personColumns: ReadonlyArray<Column<DemoPerson>> = [
  ["id", "int4", (person) => person.id],
  ["unit_id", "int4", (person) => person.unit_id],
  ["region_code", "text", (person) => person.region_code],
  ["name", "text", (person) => person.name],
  ["rank_code", "text", (person) => person.rank_code],
  ["is_leader", "bool", (person) => person.is_leader],
];
const occupantColumns: ReadonlyArray<Column<DemoRoomOccupant>> = [
  ["room_id", "int4", (occupant) => occupant.room_id],
  ["person_id", "int4", (occupant) => occupant.person_id],
  ["region_code", "text", (occupant) => occupant.region_code],
];

/** Rows per statement: one array parameter per column, so only memory bounds it. */
const ROWS_PER_STATEMENT = 10_000;

/**
 * `INSERT … SELECT FROM unnest($1::int4[], $2::text[], …)`: one statement per table and chunk, with
 * one array parameter per column. Footprints travel as hex EWKB, which geometry's input parses directly
 * (no GeoJSON parsing in the server).
 */
function bulkInsert<T>(
  table: string,
  columns: ReadonlyArray<Column<T>>,
  records: readonly T[],
): RawBuilder<unknown> {
  const names = sql.join([...columns.map(([name]) => sql.ref(name)), sql.ref("is_demo")]);
  // The types come from the constant lists above, never from input. geometry's array delimiter is
  // ':' rather than ',', so its values travel as text[] and are cast element by element.
  const arrays = sql.join(
    columns.map(([, type, value]) =>
      type === "geometry"
        ? sql`${records.map(value)}::text[]::geometry[]`
        : sql`${records.map(value)}::${sql.raw(type)}[]`,
    ),
  );
  return sql`insert into ${sql.table(table)} (${names}) select *, true from unnest(${arrays})`;
}

async function insertRecords<T>(
  db: Kysely<Database>,
  table: string,
  columns: ReadonlyArray<Column<T>>,
  records: readonly T[],
): Promise<void> {
  for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
    await bulkInsert(table, columns, records.slice(start, start + ROWS_PER_STATEMENT)).execute(db);
  }
}

/** Inserts one batch in its own transaction, parents first. */
export async function insertSynthBatch(db: Kysely<Database>, batch: SynthBatch): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertRecords(trx, "units", unitColumns, batch.units);
    await insertRecords(trx, "staffing", staffingColumns, batch.staffing);
    await insertRecords(trx, "buildings", buildingColumns, batch.buildings);
    await insertRecords(trx, "floors", floorColumns, batch.floors);
    await insertRecords(trx, "rooms", roomColumns, batch.rooms);
    await insertRecords(trx, "people", personColumns, batch.people);
    await insertRecords(trx, "room_occupants", occupantColumns, batch.occupants);
  });
}

const identityTables = ["units", "buildings", "floors", "rooms", "people"] as const;

/** One past the largest id of each table the generator writes. */
export async function nextSynthIds(db: Kysely<Database>): Promise<SynthIds> {
  const next = async (table: (typeof identityTables)[number]) => {
    const { rows } = await sql<{ next: number }>`
      select coalesce(max(id), 0) + 1 as next from ${sql.table(table)}`.execute(db);
    return Number(rows[0]?.next ?? 1);
  };
  return {
    unit: await next("units"),
    building: await next("buildings"),
    floor: await next("floors"),
    room: await next("rooms"),
    person: await next("people"),
  };
}

/** Moves each identity sequence past the explicit ids written (as the demo loader does). */
export async function resetIdentitySequences(db: Kysely<Database>): Promise<void> {
  for (const table of identityTables) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
      db,
    );
  }
}

/**
 * Generates synthetic buildings (with units, staffing and optional floors and rooms) into the
 * database. On PostgreSQL the next batch is generated while the previous one is being written (two
 * batches in flight); PGlite has one connection, so it writes one batch at a time. Ids continue from
 * the current maxima, so nothing else should insert units, buildings, floors or rooms meanwhile.
 */
export async function loadSynthetic(
  database: FangtuDatabase,
  options: SynthLoadOptions,
): Promise<SynthLoadResult> {
  const started = performance.now();
  const { db } = database;
  const firstIds = await nextSynthIds(db);
  const rows = { units: 0, staffing: 0, buildings: 0, floors: 0, rooms: 0, people: 0, occupants: 0 };
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = database.mode === "server" ? Math.max(1, options.concurrency ?? 2) : 1;
  let failure: unknown;
  const batches = synthesize({
    regions: readCountyPolygons(),
    towns: readPlaces(),
    buildings: options.buildings,
    seed: options.seed,
    firstIds,
    ...(options.roomsPerBuilding === undefined ? {} : { roomsPerBuilding: options.roomsPerBuilding }),
    ...(options.people === undefined ? {} : { people: options.people }),
    ...(options.buildingsPerUnit === undefined ? {} : { buildingsPerUnit: options.buildingsPerUnit }),
    batchSize: options.batchSize ?? 10_000,
    ...(options.grid === undefined ? {} : { grid: options.grid }),
  });
  try {
    for (const batch of batches) {
      options.signal?.throwIfAborted();
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      if (failure !== undefined) throw failure;
      const write = insertSynthBatch(db, batch).then(
        () => {
          rows.units += batch.units.length;
          rows.staffing += batch.staffing.length;
          rows.buildings += batch.buildings.length;
          rows.floors += batch.floors.length;
          rows.rooms += batch.rooms.length;
          rows.people += batch.people.length;
          rows.occupants += batch.occupants.length;
          options.onProgress?.({ done: rows.buildings, total: options.buildings });
        },
        (error: unknown) => {
          failure ??= error;
        },
      );
      const tracked = write.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
  } catch (error) {
    await Promise.all(inFlight);
    // Committed batches stay: keep the sequences past them, but report the first failure.
    await resetIdentitySequences(db).catch(() => undefined);
    throw error;
  }
  await resetIdentitySequences(db);
  return { firstIds, rows, milliseconds: performance.now() - started };
}

/** Hex EWKB of a polygon with SRID 4326 (little-endian): the cheapest text form geometry_in reads. */
export function polygonEwkbHex(polygon: Polygon): string {
  const rings = polygon.coordinates;
  const points = rings.reduce((sum, ring) => sum + ring.length, 0);
  const view = new DataView(new ArrayBuffer(1 + 4 + 4 + 4 + rings.length * 4 + points * 16));
  let offset = 0;
  view.setUint8(offset, 1);
  view.setUint32(offset + 1, 0x20000003, true); // Polygon | SRID flag
  view.setUint32(offset + 5, WGS84, true);
  view.setUint32(offset + 9, rings.length, true);
  offset += 13;
  for (const ring of rings) {
    view.setUint32(offset, ring.length, true);
    offset += 4;
    for (const position of ring) {
      view.setFloat64(offset, position[0] as number, true);
      view.setFloat64(offset + 8, position[1] as number, true);
      offset += 16;
    }
  }
  return Buffer.from(view.buffer).toString("hex");
}
