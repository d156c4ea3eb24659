import { type Kysely, sql } from "kysely";
import type { ScenarioState } from "../../domain/scenarios/scenario-model.js";
import type { Database } from "../schema.js";

// What a validated scenario remembers of the live ledger: the versions of the rows it touches, which
// staleness, approval and apply compare with the rows as they are now.

/** Row versions a scenario touches, as its snapshot records them and staleness compares them. */
export interface VersionSnapshot {
  readonly rooms: Readonly<Record<string, number>>;
  readonly buildings: Readonly<Record<string, number>>;
  readonly leases: Readonly<Record<string, number>>;
}

/** The versions of the working set's rows. */
export function snapshotOf(state: Omit<ScenarioState, "baseline">): VersionSnapshot {
  const rooms: Record<string, number> = {};
  for (const room of state.rooms.values()) rooms[room.id] = room.version;
  const buildings: Record<string, number> = {};
  for (const building of state.buildings.values()) buildings[building.id] = building.version;
  const leases: Record<string, number> = {};
  for (const lease of state.leases)
    if (typeof lease.id === "number" && lease.version !== undefined) leases[lease.id] = lease.version;
  return { rooms, buildings, leases };
}

/** One row of the snapshot that differs from the live ledger now. */
export interface SnapshotChange {
  readonly table: "rooms" | "buildings" | "leases_in";
  readonly id: number;
  readonly snapshotVersion: number;
  /** null: the row is gone. */
  readonly currentVersion: number | null;
}

const tableOf = { rooms: "rooms", buildings: "buildings", leases: "leases_in" } as const;

/**
 * Rows of `snapshot` whose live version differs (or that are gone), in one statement; `lock` takes
 * row locks in id order (apply's transaction), so two applies over the same rows queue up, never deadlock.
 */
export async function snapshotChanges(
  db: Kysely<Database>,
  snapshot: VersionSnapshot,
  lock = false,
): Promise<SnapshotChange[]> {
  const changes: SnapshotChange[] = [];
  for (const key of ["buildings", "rooms", "leases"] as const) {
    const expected = snapshot[key];
    const wanted = Object.keys(expected).map(Number);
    if (wanted.length === 0) continue;
    const table = tableOf[key];
    const { rows } = await sql<{ id: number; version: number }>`
      select id, version from ${sql.table(table)} where id = any(${sql.val(wanted)}::int[])
      order by id ${lock ? sql`for update` : sql``}`.execute(db);
    const current = new Map(rows.map((row) => [row.id, row.version]));
    for (const id of wanted) {
      const now = current.get(id) ?? null;
      const then = expected[id] as number;
      if (now !== then) changes.push({ table, id, snapshotVersion: then, currentVersion: now });
    }
  }
  return changes;
}
