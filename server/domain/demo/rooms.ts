import type { Random } from "../random.js";
import type { DemoPerson, RoomStatus, UseCategory } from "./dataset.js";

/** A room before it is put on a floor. */
export interface PlannedRoom {
  use_category: UseCategory;
  function: string;
  usable_area: number;
  status: RoomStatus;
  occupant_unit_id: number | null;
  occupants: readonly number[];
  has_rest_room: boolean;
  washroom_area: number;
  /** Lower numbers go to lower floors. */
  floorPreference: number;
}

export interface RankLimit {
  readonly limit: number;
  readonly isLeader: boolean;
  /** Ranks whose holders may have a washroom (≤ 6 m², inside the limit) under the 2014 standard. */
  readonly washroom: boolean;
}

const serviceFunctions = [
  "会议室",
  "接待室",
  "档案室",
  "资料室",
  "文印室",
  "收发室",
  "值班室",
  "储藏室",
  "保密室",
  "网络机房",
  "医务室",
  "党员活动室",
];
const equipmentFunctions = ["配电室", "水泵房", "空调机房", "弱电间", "消防控制室", "电梯机房"];

export interface OccupantPlan {
  readonly unitId: number;
  readonly people: readonly DemoPerson[];
  readonly short: boolean;
  readonly technical: boolean;
}

/**
 * The rooms one unit occupies in a building: leader offices (some over standard, a few second
 * offices without approval), shared offices for other staff (crowded when the unit is short of
 * space), service rooms and — for courts and procuratorates — technical rooms.
 */
export function planUnitRooms(
  plan: OccupantPlan,
  ranks: ReadonlyMap<string, RankLimit>,
  random: Random,
): PlannedRoom[] {
  const rooms: PlannedRoom[] = [];
  const base = {
    occupant_unit_id: plan.unitId,
    status: "in_use" as const,
    has_rest_room: false,
    washroom_area: 0,
  };
  const staffByRank = new Map<string, DemoPerson[]>();
  for (const person of plan.people) {
    const rank = ranks.get(person.rank_code);
    if (!rank) throw new Error(`Unknown rank ${person.rank_code}`);
    if (rank.isLeader) {
      const overStandard = random.chance(0.2);
      const factor = overStandard ? random.between(1.15, 1.6) : random.between(0.75, 1);
      const washroom = rank.washroom && random.chance(0.5) ? random.area(4, 6) : 0;
      rooms.push({
        ...base,
        use_category: "office",
        function: "领导办公室",
        usable_area: round2(rank.limit * factor),
        occupants: [person.id],
        has_rest_room: rank.limit >= 30 && random.chance(0.5),
        washroom_area: washroom,
        floorPreference: 3,
      });
      if (!person.second_office_approved && random.chance(0.06)) {
        rooms.push({
          ...base,
          use_category: "office",
          function: "第二办公室",
          usable_area: random.area(14, 22),
          occupants: [person.id],
          floorPreference: 2,
        });
      }
    } else {
      const list = staffByRank.get(person.rank_code) ?? [];
      list.push(person);
      staffByRank.set(person.rank_code, list);
    }
  }
  for (const [rankCode, staff] of staffByRank) {
    const limit = ranks.get(rankCode)?.limit ?? 9;
    for (let index = 0; index < staff.length; ) {
      const size = Math.min(staff.length - index, random.integer(1, 3));
      const group = staff.slice(index, index + size);
      index += size;
      const factor = plan.short ? random.between(0.5, 0.72) : random.between(0.8, 1.05);
      rooms.push({
        ...base,
        use_category: "office",
        function: "办公室",
        usable_area: round2(limit * size * factor),
        occupants: group.map((person) => person.id),
        floorPreference: 2,
      });
    }
  }
  const headcount = plan.people.length;
  const serviceTarget = headcount * (plan.short ? random.between(3, 5) : random.between(6, 9));
  for (let total = 0; total < serviceTarget; ) {
    const area = random.area(15, Math.min(120, Math.max(20, serviceTarget / 2)));
    total += area;
    rooms.push({
      ...base,
      use_category: "service",
      function: random.pick(serviceFunctions),
      usable_area: area,
      occupants: [],
      floorPreference: 1,
    });
  }
  if (plan.technical) {
    const count = random.integer(3, 8);
    for (let index = 0; index < count; index++) {
      rooms.push({
        ...base,
        use_category: "technical",
        function: random.pick(["审判法庭", "技术用房", "询问室", "证物保管室"]),
        usable_area: random.area(40, 200),
        occupants: [],
        floorPreference: 1,
      });
    }
  }
  const idleOffices = Math.round(rooms.length * random.between(0.02, 0.07));
  for (let index = 0; index < idleOffices; index++) {
    rooms.push({
      ...base,
      status: "idle",
      occupant_unit_id: null,
      use_category: "office",
      function: "办公室（空置）",
      usable_area: random.area(12, 30),
      occupants: [],
      floorPreference: 2,
    });
  }
  return rooms;
}

/** Equipment rooms: 9 % of offices + service rooms (2014 standard), spread over a few rooms. */
export function planEquipmentRooms(
  rooms: readonly PlannedRoom[],
  operatorUnitId: number | null,
): PlannedRoom[] {
  const core = rooms
    .filter((room) => room.use_category === "office" || room.use_category === "service")
    .reduce((sum, room) => sum + room.usable_area, 0);
  const total = core * 0.09;
  const count = Math.max(1, Math.min(6, Math.round(total / 60)));
  return Array.from({ length: count }, (_, index) => ({
    use_category: "equipment" as const,
    function: equipmentFunctions[index % equipmentFunctions.length] as string,
    usable_area: round2(total / count),
    status: operatorUnitId === null ? ("idle" as const) : ("in_use" as const),
    occupant_unit_id: operatorUnitId,
    occupants: [],
    has_rest_room: false,
    washroom_area: 0,
    floorPreference: 0,
  }));
}

/** Ancillary rooms of a compound (canteen, garage, guard room), counted in gross area by the standard. */
export function planAncillaryRooms(operatorUnitId: number, random: Random): PlannedRoom[] {
  const functions = ["职工食堂", "地下车库", "门卫室", "人防用房"].filter(() => random.chance(0.6));
  return functions.map((name) => ({
    use_category: "ancillary" as const,
    function: name,
    usable_area: name === "门卫室" ? random.area(10, 20) : random.area(150, 600),
    status: "in_use" as const,
    occupant_unit_id: operatorUnitId,
    occupants: [],
    has_rest_room: false,
    washroom_area: 0,
    floorPreference: 0,
  }));
}

/** Idle offices filling a vacated building up to a usable area. */
export function planVacantRooms(usableArea: number, random: Random): PlannedRoom[] {
  const rooms: PlannedRoom[] = [];
  for (let total = 0; total < usableArea; ) {
    const area = Math.min(random.area(14, 48), round2(usableArea - total));
    if (area < 5) break;
    total += area;
    rooms.push({
      use_category: "office",
      function: "办公室（腾退）",
      usable_area: area,
      status: "idle",
      occupant_unit_id: null,
      occupants: [],
      has_rest_room: false,
      washroom_area: 0,
      floorPreference: 2,
    });
  }
  return rooms;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
