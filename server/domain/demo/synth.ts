import type { Areal, Position } from "../geojson.js";
import { Random } from "../random.js";
import { ranks } from "../standards/ranks.js";
import type {
  AdminLevel,
  DemoBuilding,
  DemoFloor,
  DemoPerson,
  DemoRoom,
  DemoRoomOccupant,
  DemoStaffing,
  DemoUnit,
  PropertyClass,
  UnitKind,
  UseCategory,
} from "./dataset.js";
import type { Place } from "./generator.js";
import { offsetMeters, rectangle } from "./placement.js";
import { RegionGrid } from "./region-grid.js";

/** The first id to give each table's records (one past the database's current maximum). */
export interface SynthIds {
  readonly unit: number;
  readonly building: number;
  readonly floor: number;
  readonly room: number;
  /** Needed only when people are made. */
  readonly person?: number;
}

export interface SynthInput {
  /** County-level polygons by GB/T 2260 code (WGS84): every footprint lies inside one of them. */
  readonly regions: ReadonlyMap<string, Areal>;
  /** Populated places that attract buildings; a county without one gets a seat near its middle. */
  readonly towns?: readonly Place[];
  readonly buildings: number;
  readonly seed: number;
  readonly firstIds: SynthIds;
  /** Rooms per building (spread over a few floors); 0 (the default) makes buildings only. */
  readonly roomsPerBuilding?: number;
  /**
   * Also make people who work in the unit's in-use office rooms (needs rooms): leaders alone, others
   * one to three to a room, ranks from the unit's staffing, up to its actual headcount.
   */
  readonly people?: boolean;
  /** Buildings per unit's compound (default BUILDINGS_PER_UNIT): sets how many units N buildings make. */
  readonly buildingsPerUnit?: number;
  /** Most buildings per batch (default 5,000; at least BUILDINGS_PER_UNIT). */
  readonly batchSize?: number;
  /** A precomputed grid of `regions`, to share between runs (it takes ~1 s to build). */
  readonly grid?: RegionGrid;
}

/** One batch of records, parents before children; ids are contiguous across batches. */
export interface SynthBatch {
  readonly units: DemoUnit[];
  readonly staffing: DemoStaffing[];
  readonly buildings: DemoBuilding[];
  readonly floors: DemoFloor[];
  readonly rooms: DemoRoom[];
  readonly people: DemoPerson[];
  readonly occupants: DemoRoomOccupant[];
}

/** Each synthetic unit owns a compound of this many buildings (the last one may own fewer). */
export const BUILDINGS_PER_UNIT = 10;
/** Caps a batch's rooms too, so large `roomsPerBuilding` values keep batches small. */
const MAX_ROOMS_PER_BATCH = 50_000;
/** Share of compounds around towns; the rest are scattered uniformly over the counties' land. */
const TOWN_SHARE = 0.8;
/** Spread of a compound's buildings around its centre, metres (1 σ). */
const COMPOUND_SPREAD = 120;
const PLACEMENT_ATTEMPTS = 30;

const unitKinds: readonly UnitKind[] = [
  "government_department",
  "government_department",
  "party_organ",
  "civil_service_institution",
  "public_institution",
  "public_institution",
  "mass_organisation",
  "state_owned_enterprise",
  "vertical_branch",
  "court",
  "procuratorate",
];
const structures = ["brick_concrete", "frame", "frame_shear_wall", "steel", "other"] as const;
const conditions: ReadonlyArray<DemoBuilding["condition"]> = ["good", "good", "good", "fair", "fair", "poor"];
const townFloors = [1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9, 12, 16, 24];
const ruralFloors = [1, 1, 2, 2, 3];
const roomUses: ReadonlyArray<readonly [UseCategory, string, number, number]> = [
  ["office", "办公室", 9, 36],
  ["office", "办公室", 9, 36],
  ["office", "办公室", 9, 36],
  ["office", "办公室", 9, 36],
  ["service", "会议室", 30, 120],
  ["equipment", "设备间", 6, 20],
  ["ancillary", "库房", 8, 40],
];

interface Town {
  readonly position: Position;
  /** 1 σ of the town's spread of compounds, metres: bigger towns sprawl further. */
  readonly spread: number;
}

interface Compound {
  readonly centre: Position;
  readonly regionCode: string;
  readonly inTown: boolean;
}

/**
 * Synthetic buildings for benchmarks (`合成楼宇…`, is_demo), placed inside the real county polygons and
 * clustered around towns, with one unit (and its staffing by rank) per compound of buildings. Seeded
 * and deterministic; yields bounded batches so a million buildings never sit in memory at once.
 */
export function* synthesize(input: SynthInput): Generator<SynthBatch, void, undefined> {
  const batchSize = input.batchSize ?? 5000;
  const perUnit = input.buildingsPerUnit ?? BUILDINGS_PER_UNIT;
  if (!Number.isInteger(perUnit) || perUnit < 1)
    throw new Error("buildingsPerUnit must be a whole number ≥ 1");
  if (batchSize < perUnit) throw new Error(`batchSize must be at least ${perUnit}`);
  const roomsPerBuilding = input.roomsPerBuilding ?? 0;
  const random = new Random(input.seed);
  const grid = input.grid ?? new RegionGrid(input.regions);
  const towns = townsOf(input, grid);
  const pickTown = weightedPicker(
    towns,
    towns.map((town) => town.spread ** 1.6),
  );
  const ids = { ...input.firstIds, person: input.firstIds.person ?? 1 };
  // People draw from a stream of their own, so the buildings and rooms of a seed stay the same with
  // or without them.
  const peopleRandom = input.people && roomsPerBuilding > 0 ? new Random(input.seed ^ 0x5eed_9e37) : null;
  let batch = emptyBatch();
  let made = 0;
  while (made < input.buildings) {
    const size = Math.min(perUnit, input.buildings - made);
    const rooms = size * roomsPerBuilding;
    if (
      batch.buildings.length + size > batchSize ||
      (batch.rooms.length > 0 && batch.rooms.length + rooms > MAX_ROOMS_PER_BATCH)
    ) {
      yield batch;
      batch = emptyBatch();
    }
    const compound = placeCompound(random, grid, pickTown(random.next()));
    const unit = synthUnit(ids.unit++, compound.regionCode, random);
    batch.units.push(unit);
    const staffing = synthStaffing(unit, random);
    batch.staffing.push(...staffing);
    const firstRoom = batch.rooms.length;
    for (let index = 0; index < size; index++) {
      const building = synthBuilding(ids.building++, unit, compound, grid, random);
      batch.buildings.push(building);
      if (roomsPerBuilding > 0) addFloorsAndRooms(batch, building, unit, roomsPerBuilding, ids, random);
    }
    if (peopleRandom) addPeople(batch, unit, staffing, batch.rooms.slice(firstRoom), ids, peopleRandom);
    made += size;
  }
  if (batch.buildings.length > 0) yield batch;
}

const emptyBatch = (): SynthBatch => ({
  units: [],
  staffing: [],
  buildings: [],
  floors: [],
  rooms: [],
  people: [],
  occupants: [],
});

/**
 * The unit's people in its in-use office rooms, highest ranks first (the staffing's order): a leader
 * alone in a room, others one to three to a room, until the actual headcount or the rooms run out.
 */
function addPeople(
  batch: SynthBatch,
  unit: DemoUnit,
  staffing: readonly DemoStaffing[],
  rooms: readonly DemoRoom[],
  ids: { person: number },
  random: Random,
): void {
  const offices = rooms.filter((room) => room.use_category === "office" && room.status === "in_use");
  const queue = staffing.flatMap((row) => Array.from({ length: row.actual }, () => row.rank_code));
  let next = 0;
  for (const room of offices) {
    if (next >= queue.length) break;
    const leader = rankLeaders.has(queue[next] as string);
    const sharing = leader ? 1 : Math.min(random.integer(1, 3), queue.length - next);
    for (let seat = 0; seat < sharing; seat++) {
      const rank = queue[next++] as string;
      const person: DemoPerson = {
        id: ids.person++,
        unit_id: unit.id,
        region_code: unit.region_code,
        name: `合成人员${String(ids.person - 1).padStart(8, "0")}`,
        rank_code: rank,
        position_title: null,
        is_leader: rankLeaders.has(rank),
        concurrent_post: null,
        concurrent_post_ended_on: null,
        second_office_approved: false,
        transferred_on: null,
        retired_on: null,
      };
      batch.people.push(person);
      batch.occupants.push({
        room_id: room.id,
        person_id: person.id,
        region_code: room.region_code,
        since: "2024-01-01",
      });
    }
  }
}

function townsOf(input: SynthInput, grid: RegionGrid): Town[] {
  const towns: Town[] = [];
  const seated = new Set<string>();
  for (const place of input.towns ?? []) {
    const code = grid.regionAt(place.position);
    if (code === null) continue;
    seated.add(code);
    towns.push({ position: place.position, spread: townSpread(place.population) });
  }
  for (const code of input.regions.keys()) {
    if (seated.has(code)) continue;
    const seat = grid.interiorCentre(code);
    if (seat) towns.push({ position: seat, spread: townSpread(30_000) });
  }
  return towns;
}

/** ~700 m for a town of 50,000 people, ~7.6 km for Harbin; GeoNames gives some places no population. */
function townSpread(population: number): number {
  return Math.min(8000, Math.max(500, 700 * Math.sqrt(Math.max(population, 20_000) / 50_000)));
}

/** Returns a function mapping a uniform [0, 1) draw to an item, with probability ∝ weight. */
function weightedPicker<T>(items: readonly T[], weights: readonly number[]): (draw: number) => T | null {
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) {
    total += weight;
    cumulative.push(total);
  }
  return (draw) => {
    if (items.length === 0) return null;
    const target = draw * total;
    let [low, high] = [0, cumulative.length - 1];
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return items[low] as T;
  };
}

/** A standard normal pair (Box–Muller). */
function gaussian(random: Random): [number, number] {
  const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
  const angle = 2 * Math.PI * random.next();
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}

function placeCompound(random: Random, grid: RegionGrid, town: Town | null): Compound {
  if (town && random.chance(TOWN_SHARE)) {
    for (let attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
      const [east, north] = gaussian(random);
      const centre = offsetMeters(town.position, east * town.spread, north * town.spread);
      const regionCode = grid.regionAt(centre);
      if (regionCode !== null) return { centre, regionCode, inTown: true };
    }
  }
  for (;;) {
    const centre = grid.randomLandPoint(random);
    const regionCode = grid.regionAt(centre);
    if (regionCode !== null) return { centre, regionCode, inTown: false };
  }
}

function synthUnit(id: number, regionCode: string, random: Random): DemoUnit {
  return {
    id,
    region_code: regionCode,
    name: `合成单位${String(id).padStart(7, "0")}`,
    short_name: null,
    kind: random.pick(unitKinds),
    admin_level: random.chance(0.7) ? "county" : "township",
    parent_unit_id: null,
    supervising_unit_id: null,
    is_dispatched: false,
    is_restructured: false,
    note: null,
  };
}

const ranksByLevel = new Map<AdminLevel, typeof ranks>();
for (const rank of ranks)
  ranksByLevel.set(rank.organLevel, [...(ranksByLevel.get(rank.organLevel) ?? []), rank]);

const rankLeaders: ReadonlySet<string> = new Set(
  ranks.filter((rank) => rank.isLeader).map((rank) => rank.code),
);

/** One staffing row per rank of the unit's organ level: a few leaders, more staff. */
function synthStaffing(unit: DemoUnit, random: Random): DemoStaffing[] {
  return (ranksByLevel.get(unit.admin_level) ?? []).map((rank, index) => {
    const authorized = index === 0 ? 1 : rank.isLeader ? random.integer(1, 4) : random.integer(2, 25);
    return {
      unit_id: unit.id,
      rank_code: rank.code,
      region_code: unit.region_code,
      authorized,
      actual: authorized - random.integer(0, Math.ceil(authorized * 0.15)),
    };
  });
}

function synthBuilding(
  id: number,
  unit: DemoUnit,
  compound: Compound,
  grid: RegionGrid,
  random: Random,
): DemoBuilding {
  const width = random.between(12, 48);
  const depth = random.between(10, Math.min(width, 22));
  const angle = random.between(0, Math.PI);
  const floorsAbove = random.pick(compound.inTown ? townFloors : ruralFloors);
  const placed = placeFootprint(random, grid, compound, width, depth, angle);
  return {
    id,
    region_code: placed.regionCode,
    site_id: null,
    name: `合成楼宇${String(id).padStart(7, "0")}`,
    address: null,
    footprint: placed.footprint,
    floors_above: floorsAbove,
    floors_below: random.chance(0.2) ? 1 : 0,
    // A recorded (surveyed) attribute, loosely tied to the footprint like a real survey would be.
    gross_area: round2(width * depth * floorsAbove * random.between(0.85, 0.98)),
    structure: random.pick(structures),
    built_year: random.integer(1960, 2024),
    net_to_gross: Math.round(random.between(0.6, 0.72) * 1000) / 1000,
    property_class: propertyClass(random.next()),
    title_holder: unit.name,
    // UNIQUE in the schema and meaningless for synthetic data.
    title_certificate_no: null,
    condition: random.pick(conditions),
    note: null,
  };
}

/** Tries around the compound centre; falls back to anywhere on land. Wholly inside one county. */
function placeFootprint(
  random: Random,
  grid: RegionGrid,
  compound: Compound,
  width: number,
  depth: number,
  angle: number,
): { footprint: DemoBuilding["footprint"]; regionCode: string } {
  for (let attempt = 0; ; attempt++) {
    let centre: Position;
    if (attempt < PLACEMENT_ATTEMPTS) {
      const [east, north] = gaussian(random);
      centre = offsetMeters(compound.centre, east * COMPOUND_SPREAD, north * COMPOUND_SPREAD);
    } else {
      centre = grid.randomLandPoint(random);
    }
    const footprint = rectangle(centre, width, depth, angle);
    const regionCode = grid.regionContaining(footprint.coordinates[0] ?? []);
    if (regionCode !== null) return { footprint, regionCode };
  }
}

function propertyClass(draw: number): PropertyClass {
  if (draw < 0.8) return "office";
  if (draw < 0.9) return "technical";
  if (draw < 0.97) return "commercial";
  return "non_office_asset";
}

function addFloorsAndRooms(
  batch: SynthBatch,
  building: DemoBuilding,
  unit: DemoUnit,
  roomsPerBuilding: number,
  ids: { floor: number; room: number },
  random: Random,
): void {
  const floorCount = Math.min(building.floors_above, Math.ceil(roomsPerBuilding / 12));
  const perFloor = Math.ceil(roomsPerBuilding / floorCount);
  for (let level = 1; level <= floorCount; level++) {
    const floor: DemoFloor = {
      id: ids.floor++,
      building_id: building.id,
      region_code: building.region_code,
      level,
      name: `${level}层`,
      gross_area: round2(building.gross_area / building.floors_above),
      has_lift_access: building.floors_above > 5 || level === 1,
    };
    batch.floors.push(floor);
    const count = Math.min(perFloor, roomsPerBuilding - (level - 1) * perFloor);
    for (let index = 0; index < count; index++) {
      const [useCategory, use, minArea, maxArea] = random.pick(roomUses);
      const draw = random.next();
      const status = draw < 0.8 ? "in_use" : draw < 0.95 ? "idle" : "leased_out";
      batch.rooms.push({
        id: ids.room++,
        building_id: building.id,
        floor_id: floor.id,
        region_code: building.region_code,
        number: `${level}${String(index + 1).padStart(2, "0")}`,
        use_category: useCategory,
        function: use,
        usable_area: random.area(minArea, maxArea),
        status,
        occupant_unit_id: status === "in_use" ? unit.id : null,
        has_rest_room: false,
        washroom_area: 0,
      });
    }
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
