import { describe, expect, it } from "vitest";
import { readCountyPolygons, readPlaces } from "../../server/db/geodata-files.js";
import { type SynthBatch, type SynthInput, synthesize } from "../../server/domain/demo/synth.js";
import { rankByCode } from "../../server/domain/standards/ranks.js";

const input: SynthInput = {
  regions: readCountyPolygons(),
  towns: readPlaces(),
  buildings: 400,
  seed: 5,
  firstIds: { unit: 1, building: 1, floor: 1, room: 1, person: 70 },
  roomsPerBuilding: 3,
  batchSize: 100,
};

describe("synthetic people", () => {
  const withPeople = [...synthesize({ ...input, people: true })];
  const all = <K extends keyof SynthBatch>(batches: SynthBatch[], key: K) =>
    batches.flatMap((batch) => batch[key] as unknown[]) as SynthBatch[K];

  it("leaves the buildings, rooms and staffing of a seed as they are without people", () => {
    const without = [...synthesize(input)];
    for (const key of ["units", "staffing", "buildings", "floors", "rooms"] as const) {
      expect(all(withPeople, key)).toEqual(all(without, key));
    }
    expect(all(without, "people")).toEqual([]);
    expect(all(without, "occupants")).toEqual([]);
  });

  it("seats each person in an in-use office of their own unit: leaders alone, others at most three", () => {
    const people = all(withPeople, "people");
    const occupants = all(withPeople, "occupants");
    const rooms = new Map(all(withPeople, "rooms").map((room) => [room.id, room]));
    expect(people.length).toBeGreaterThan(400);
    expect(people.map((person) => person.id)).toEqual(people.map((_, index) => 70 + index));
    expect(occupants).toHaveLength(people.length);
    const byPerson = new Map(people.map((person) => [person.id, person]));
    const perRoom = new Map<number, number[]>();
    for (const occupant of occupants) {
      const room = rooms.get(occupant.room_id);
      const person = byPerson.get(occupant.person_id);
      expect(room?.use_category).toBe("office");
      expect(room?.status).toBe("in_use");
      expect(room?.occupant_unit_id).toBe(person?.unit_id);
      perRoom.set(occupant.room_id, [...(perRoom.get(occupant.room_id) ?? []), occupant.person_id]);
    }
    for (const ids of perRoom.values()) {
      expect(ids.length).toBeLessThanOrEqual(3);
      if (ids.some((id) => byPerson.get(id)?.is_leader)) expect(ids).toHaveLength(1);
    }
    // Never more people of a rank than the unit's actual headcount at that rank.
    const actual = new Map(
      all(withPeople, "staffing").map((row) => [`${row.unit_id}:${row.rank_code}`, row.actual]),
    );
    const seated = new Map<string, number>();
    for (const person of people) {
      const key = `${person.unit_id}:${person.rank_code}`;
      seated.set(key, (seated.get(key) ?? 0) + 1);
      expect(person.is_leader).toBe(rankByCode.get(person.rank_code)?.isLeader);
    }
    for (const [key, count] of seated) expect(count).toBeLessThanOrEqual(actual.get(key) ?? 0);
  });
});
