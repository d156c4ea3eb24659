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
