/** The fields of a room the status rule reads. */
export interface RoomStatusFields {
  readonly status?: unknown;
  readonly occupant_unit_id?: unknown;
}

/**
 * What is wrong with a room's status and occupant unit, or undefined: a room in use has an occupant
 * unit, an idle one has none (the database enforces it too; this says it in words).
 */
export function roomRuleProblem(room: RoomStatusFields): string | undefined {
  if (room.status === "in_use" && room.occupant_unit_id == null)
    return "A room in use needs an occupant unit (occupant_unit_id)";
  if (room.status === "idle" && room.occupant_unit_id != null)
    return "An idle room cannot have an occupant unit: set occupant_unit_id to null";
  return undefined;
}

/** Room statuses out of the office inventory (migration 16): set and cleared only by their workflows. */
export const outOfInventoryStatuses: readonly unknown[] = ["converted", "commercial"];

/**
 * Why a room edit may not change the status or occupant of a room that left the office inventory
 * (converted to community use, or on the commercial register), or undefined.
 */
export function outOfInventoryProblem(
  current: RoomStatusFields,
  changes: Readonly<Record<string, unknown>>,
): string | undefined {
  if (!outOfInventoryStatuses.includes(current.status)) return undefined;
  if (!("status" in changes) && !("occupant_unit_id" in changes)) return undefined;
  return current.status === "converted"
    ? "The room was converted to community use: it is no longer office space"
    : "The room is on the commercial register: it is no longer office space";
}
