import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import type { Areal, Polygon, Position } from "../geojson.js";
import { Random } from "../random.js";
import { rankByCode } from "../standards/ranks.js";
import {
  type Anchor,
  anchors,
  countyUnitSuffixes,
  givenNameCharacters,
  harbinDistricts,
  harbinMunicipalUnits,
  kindFromName,
  provincialUnits,
  qiqiharMunicipalUnits,
  restructuredUnitNames,
  staffingTemplates,
  surnames,
  type TemplateName,
  type UnitSpec,
} from "./catalogue.js";
import { addConsistencyCases } from "./consistency-cases.js";
import type {
  AdminLevel,
  DemoBuilding,
  DemoDataset,
  DemoPerson,
  DemoUnit,
  PropertyClass,
  UnitKind,
} from "./dataset.js";
import { offsetMeters, point, rectangle, SitePlacer } from "./placement.js";
import {
  type PlannedRoom,
  planAncillaryRooms,
  planEquipmentRooms,
  planUnitRooms,
  planVacantRooms,
  type RankLimit,
  round2,
} from "./rooms.js";

export interface Place {
  readonly name: string;
  readonly population: number;
  readonly position: Position;
}

export interface DemoInput {
  /** County-level region polygons by GB/T 2260 code (WGS84). */
  readonly regions: ReadonlyMap<string, Areal>;
  /** Region names by code, for naming district organs. */
  readonly regionNames: ReadonlyMap<string, string>;
  /** Populated places (GeoNames) for residential demand. */
  readonly places: readonly Place[];
  readonly seed?: number;
}

const rankLimits: ReadonlyMap<string, RankLimit> = new Map(
  [...rankByCode].map(([code, rank]) => [
    code,
    { limit: rank.officeLimit, isLeader: rank.isLeader, washroom: rank.washroom },
  ]),
);

const emptyDataset = (): DemoDataset => ({
  units: [],
  staffing: [],
  people: [],
  sites: [],
  buildings: [],
  floors: [],
  rooms: [],
  roomOccupants: [],
  certificates: [],
  leasesIn: [],
  leasesOut: [],
  nonOfficeAssets: [],
  communityFacilities: [],
  residentialDemand: [],
  inspections: [],
  fieldCheckResults: [],
  subLedgerSubmissions: [],
  subLedgerRows: [],
});

interface BuildingOptions {
  readonly name: string;
  readonly anchor: Anchor;
  readonly rooms: PlannedRoom[];
  readonly propertyClass?: PropertyClass;
  readonly titleHolder: string;
  readonly note?: string;
  readonly grossArea?: number;
  readonly siteName?: string;
  readonly builtYear?: number;
  readonly condition?: DemoBuilding["condition"];
}

/** Builds the demo inventory record by record; ids are assigned in insertion order. */
class DemoBuilder {
  readonly data = emptyDataset();
  readonly random: Random;
  readonly placer: SitePlacer;
  readonly #unitIdsByName = new Map<string, number>();
  readonly #peopleByUnit = new Map<number, DemoPerson[]>();

  constructor(private readonly input: DemoInput) {
    this.random = new Random(input.seed ?? 20_141_229);
    this.placer = new SitePlacer(input.regions, this.random);
  }

  unitId(name: string): number {
    const id = this.#unitIdsByName.get(name);
    if (id === undefined) throw new Error(`Unknown demo unit ${name}`);
    return id;
  }

  people(unitId: number): DemoPerson[] {
    return this.#peopleByUnit.get(unitId) ?? [];
  }

  addUnit(spec: {
    name: string;
    kind: UnitKind;
    level: AdminLevel;
    template: TemplateName;
    regionCode: string;
    supervisingUnitId?: number | null;
    dispatched?: boolean;
    restructured?: boolean;
    note?: string | null;
  }): DemoUnit {
    const unit: DemoUnit = {
      id: this.data.units.length + 1,
      region_code: spec.regionCode,
      name: spec.name,
      short_name: null,
      kind: spec.kind,
      admin_level: spec.level,
      parent_unit_id: null,
      supervising_unit_id: spec.supervisingUnitId ?? null,
      is_dispatched: spec.dispatched ?? false,
      is_restructured: spec.restructured ?? false,
      note: spec.note ?? null,
    };
    this.data.units.push(unit);
    this.#unitIdsByName.set(unit.name, unit.id);
    const people: DemoPerson[] = [];
    for (const [rankCode, min, max] of staffingTemplates[spec.template]) {
      const authorized = this.random.integer(min, max);
      const actual = Math.max(
        0,
        authorized - (this.random.chance(0.5) ? this.random.integer(0, Math.ceil(authorized * 0.15)) : 0),
      );
      this.data.staffing.push({
        unit_id: unit.id,
        rank_code: rankCode,
        region_code: unit.region_code,
        authorized,
        actual,
      });
      for (let index = 0; index < actual; index++) people.push(this.#person(unit, rankCode));
    }
    this.#peopleByUnit.set(unit.id, people);
    return unit;
  }

  #person(unit: DemoUnit, rankCode: string): DemoPerson {
    const random = this.random;
    const rank = rankByCode.get(rankCode);
    const given = Array.from({ length: random.integer(1, 2) }, () =>
      random.pick([...givenNameCharacters]),
    ).join("");
    const transferred = random.chance(0.01);
    const concurrent = rank?.isLeader === true && random.chance(0.05);
    const person: DemoPerson = {
      id: this.data.people.length + 1,
      unit_id: unit.id,
      region_code: unit.region_code,
      name: `${random.pick([...surnames])}${given}`,
      rank_code: rankCode,
      position_title: rank?.isLeader ? rank.nameZh : null,
      is_leader: rank?.isLeader ?? false,
      concurrent_post: concurrent ? "兼任省级专项工作领导小组办公室主任" : null,
      concurrent_post_ended_on: concurrent && random.chance(0.5) ? `2026-0${random.integer(1, 8)}-15` : null,
      second_office_approved: concurrent && random.chance(0.5),
      transferred_on: transferred ? `2026-${String(random.integer(1, 10)).padStart(2, "0")}-01` : null,
      retired_on:
        !transferred && random.chance(0.01)
          ? `2026-${String(random.integer(1, 10)).padStart(2, "0")}-28`
          : null,
    };
    this.data.people.push(person);
    return person;
  }

  /** Adds a building (with its site, floors and rooms) and returns it. */
  addBuilding(options: BuildingOptions): DemoBuilding {
    const random = this.random;
    const { anchor } = options;
    const center = this.placer.place(anchor.regionCode, anchor.center, anchor.radiusMeters);
    const netToGross = round3(random.between(0.6, 0.7));
    const usable = options.rooms.reduce((sum, room) => sum + room.usable_area, 0);
    const grossArea = options.grossArea ?? round2(usable / netToGross);
    const hasBasement = options.rooms.some((room) => room.floorPreference === 0) && random.chance(0.6);
    const roomsAbove = options.rooms.filter((room) => !(hasBasement && room.floorPreference === 0));
    const floorsAbove = Math.max(2, Math.min(24, Math.ceil(roomsAbove.length / random.integer(14, 22))));
    const footprintArea = grossArea / (floorsAbove + (hasBasement ? 1 : 0));
    const aspect = random.between(1.6, 3.2);
    const width = Math.min(100, Math.sqrt(footprintArea * aspect));
    const depth = Math.max(10, Math.min(60, footprintArea / width));
    const siteId = this.#addSite(options.siteName ?? `${options.name}院落`, anchor.regionCode, center);
    const building: DemoBuilding = {
      id: this.data.buildings.length + 1,
      region_code: anchor.regionCode,
      site_id: siteId,
      name: options.name,
      address: null,
      footprint: rectangle(center, width, depth, random.between(-0.3, 0.3)),
      floors_above: floorsAbove,
      floors_below: hasBasement ? 1 : 0,
      gross_area: grossArea,
      structure: random.pick(["brick_concrete", "frame", "frame_shear_wall"]),
      built_year: options.builtYear ?? random.integer(1965, 2015),
      net_to_gross: netToGross,
      property_class: options.propertyClass ?? "office",
      title_holder: options.titleHolder,
      title_certificate_no: `黑（${random.integer(2018, 2024)}）不动产权第${String(this.data.buildings.length + 1).padStart(7, "0")}号`,
      condition: options.condition ?? random.pick(["good", "good", "fair", "poor"]),
      note: options.note ?? null,
    };
    this.data.buildings.push(building);
    this.#layOutFloors(building, options.rooms, hasBasement);
    return building;
  }

  #addSite(name: string, regionCode: string, center: Position): number {
    const geom: Polygon = rectangle(center, 150, 150);
    const id = this.data.sites.length + 1;
    this.data.sites.push({ id, region_code: regionCode, name, address: null, geom, land_area: 22_500 });
    return id;
  }

  #layOutFloors(building: DemoBuilding, rooms: readonly PlannedRoom[], hasBasement: boolean): void {
    const sorted = [...rooms].sort((a, b) => a.floorPreference - b.floorPreference);
    const basement = hasBasement ? sorted.filter((room) => room.floorPreference === 0) : [];
    const above = hasBasement ? sorted.filter((room) => room.floorPreference !== 0) : sorted;
    const perFloor = Math.ceil(above.length / building.floors_above);
    const floors: Array<[number, PlannedRoom[]]> = [];
    if (hasBasement) floors.push([-1, basement]);
    for (let level = 1; level <= building.floors_above; level++) {
      floors.push([level, above.slice((level - 1) * perFloor, level * perFloor)]);
    }
    const floorGross = round2(building.gross_area / floors.length);
    for (const [level, floorRooms] of floors) {
      const floorId = this.data.floors.length + 1;
      this.data.floors.push({
        id: floorId,
        building_id: building.id,
        region_code: building.region_code,
        level,
        name: level < 0 ? `地下${-level}层` : `${level}层`,
        gross_area: floorGross,
        has_lift_access: building.floors_above > 5 || level === 1,
      });
      floorRooms.forEach((room, index) => {
        const roomId = this.data.rooms.length + 1;
        const number =
          level < 0
            ? `B${-level}-${String(index + 1).padStart(2, "0")}`
            : `${level}${String(index + 1).padStart(2, "0")}`;
        const { occupants, floorPreference: _preference, ...fields } = room;
        this.data.rooms.push({
          id: roomId,
          building_id: building.id,
          floor_id: floorId,
          region_code: building.region_code,
          number,
          ...fields,
        });
        for (const personId of occupants) {
          this.data.roomOccupants.push({
            room_id: roomId,
            person_id: personId,
            region_code: building.region_code,
            since: "2021-03-01",
          });
        }
      });
    }
  }

  /** Allocation certificates for every unit with rooms in a building. */
  addCertificates(building: DemoBuilding): void {
    const areas = new Map<number, number>();
    for (const room of this.data.rooms) {
      if (room.building_id !== building.id || room.occupant_unit_id === null || room.status !== "in_use")
        continue;
      areas.set(room.occupant_unit_id, (areas.get(room.occupant_unit_id) ?? 0) + room.usable_area);
    }
    for (const [unitId, area] of areas) {
      const id = this.data.certificates.length + 1;
      this.data.certificates.push({
        id,
        kind: "allocation_certificate",
        certificate_no: `黑机管配字〔${2019 + (id % 6)}〕第${String(id).padStart(5, "0")}号`,
        unit_id: unitId,
        building_id: building.id,
        region_code: building.region_code,
        area: round2(area),
        issued_on: `${2019 + (id % 6)}-06-30`,
      });
    }
  }

  leaseIn(unitId: number, anchor: Anchor, name: string, area: number): void {
    const random = this.random;
    const position = offsetMeters(anchor.center, random.between(-2500, 2500), random.between(-2500, 2500));
    this.data.leasesIn.push({
      id: this.data.leasesIn.length + 1,
      unit_id: unitId,
      region_code: anchor.regionCode,
      name,
      address: `${name}（演示地址）`,
      location: point(position),
      gross_area: round2(area),
      // Office rent in central Harbin: roughly 1.2–2.2 元/m²/day.
      annual_rent: Math.round(area * random.between(1.2, 2.2) * 365),
      starts_on: `${random.integer(2016, 2022)}-01-01`,
      ends_on: `${random.integer(2026, 2029)}-12-31`,
      approved: random.chance(0.8),
    });
  }

  /** Offers a ground-floor room of a building as leased out (some without approval). */
  leaseOutGroundRooms(building: DemoBuilding, count: number, tenants: readonly string[]): void {
    const groundFloor = this.data.floors.find(
      (floor) => floor.building_id === building.id && floor.level === 1,
    );
    // Rooms nobody uses go first; occupied street-side rooms are let too when there are too few.
    const rooms = this.data.rooms
      .filter((room) => room.floor_id === groundFloor?.id && room.use_category !== "equipment")
      .sort((a, b) => Number(a.status === "in_use") - Number(b.status === "in_use"))
      .slice(0, count);
    for (const room of rooms) {
      room.status = "leased_out";
      room.occupant_unit_id = null;
      room.function = "出租商铺";
      this.data.leasesOut.push({
        id: this.data.leasesOut.length + 1,
        building_id: building.id,
        room_id: room.id,
        region_code: building.region_code,
        tenant: this.random.pick(tenants),
        area: room.usable_area,
        annual_rent: Math.round(room.usable_area * this.random.between(300, 700)),
        starts_on: "2022-01-01",
        ends_on: `${this.random.integer(2025, 2028)}-12-31`,
        approved: this.random.chance(0.5),
      });
    }
  }

  officeRooms(unitIds: readonly number[], short = false): PlannedRoom[] {
    const rooms = unitIds.flatMap((unitId) => {
      const unit = this.data.units[unitId - 1];
      const technical =
        unit?.kind === "court" || unit?.kind === "procuratorate" || (unit?.name.includes("公安") ?? false);
      return planUnitRooms(
        { unitId, people: this.people(unitId), short, technical },
        rankLimits,
        this.random,
      );
    });
    rooms.push(...planEquipmentRooms(rooms, unitIds[0] ?? null));
    return rooms;
  }

  /**
   * An office building for units, with a low ancillary building (canteen, garage, guard room) on
   * the same site when the compound has one; otherwise the ancillary rooms sit in the main building.
   */
  addOfficeBuilding(
    options: Omit<BuildingOptions, "rooms"> & { unitIds: readonly number[]; short?: boolean },
  ): DemoBuilding {
    const operator = options.unitIds[0];
    const rooms = this.officeRooms(options.unitIds, options.short);
    const ancillary = operator === undefined ? [] : planAncillaryRooms(operator, this.random);
    const separate = ancillary.length > 0 && this.random.chance(0.75);
    const main = this.addBuilding({ ...options, rooms: separate ? rooms : [...rooms, ...ancillary] });
    if (separate) this.#addAncillaryBuilding(main, ancillary);
    return main;
  }

  #addAncillaryBuilding(main: DemoBuilding, rooms: PlannedRoom[]): void {
    const ring = main.footprint.coordinates[0] ?? [];
    const center: Position = [
      ring.slice(0, 4).reduce((sum, [lng]) => sum + (lng as number), 0) / 4,
      ring.slice(0, 4).reduce((sum, [, lat]) => sum + (lat as number), 0) / 4,
    ];
    // Due south of the main building, inside the 150 m site and clear of a main block ≤ 100 × 60 m.
    const extra = Array.from({ length: this.random.integer(3, 10) }, () => ({
      ...(rooms[0] as PlannedRoom),
      function: this.random.pick(["库房", "车库", "厨房", "配餐间", "职工活动室"]),
      usable_area: this.random.area(20, 80),
    }));
    const all = [...rooms, ...extra].map((room) => ({ ...room, floorPreference: 1 }));
    const usable = all.reduce((sum, room) => sum + room.usable_area, 0);
    const floorsAbove = usable > 900 ? 2 : 1;
    const footprintArea = usable / 0.75 / floorsAbove;
    const width = Math.min(36, Math.sqrt(footprintArea * 2));
    const building: DemoBuilding = {
      ...main,
      id: this.data.buildings.length + 1,
      name: `${main.name}附属楼`,
      footprint: rectangle(offsetMeters(center, 0, -62), width, Math.min(14, footprintArea / width)),
      floors_above: floorsAbove,
      floors_below: 0,
      gross_area: round2(usable / 0.75),
      net_to_gross: 0.75,
      title_certificate_no: `${main.title_certificate_no ?? ""}-附`,
      note: "附属用房（食堂、车库、门卫等），按建筑面积计",
    };
    this.data.buildings.push(building);
    this.#layOutFloors(building, all, false);
  }

  regionName(code: string): string {
    return this.input.regionNames.get(code) ?? code;
  }

  randomAnchor(regionCode: string, radiusMeters: number): Anchor {
    return { regionCode, center: this.regionCenter(regionCode), radiusMeters };
  }

  /** A point inside the region near its densest part: its first vertex pulled towards the centroid. */
  regionCenter(regionCode: string): Position {
    const polygon = this.input.regions.get(regionCode);
    if (!polygon) throw new Error(`No polygon for region ${regionCode}`);
    const ring = polygon.type === "Polygon" ? polygon.coordinates[0] : polygon.coordinates[0]?.[0];
    const points = ring ?? [];
    const sum = points.reduce<[number, number]>(
      (acc, [lng, lat]) => [acc[0] + (lng as number), acc[1] + (lat as number)],
      [0, 0],
    );
    return [sum[0] / points.length, sum[1] / points.length];
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Generates the Heilongjiang demo inventory inside the real boundaries: provincial organs around the
 * provincial government in 南岗区, Harbin municipal and district organs, Qiqihar municipal organs and
 * 富裕县 county organs — with the reform's real cases as named records. Deterministic for a seed.
 */
export function generateDemoData(input: DemoInput): DemoDataset {
  const builder = new DemoBuilder(input);
  addProvincialUnits(builder);
  addRealCases(builder);
  addMunicipalAndCountyUnits(builder);
  addVacantAndCommercialBuildings(builder);
  addNonOfficeAssets(builder);
  addCommunityAndDemand(builder, input);
  for (const building of builder.data.buildings) builder.addCertificates(building);
  addConsistencyCases(builder.data);
  return builder.data;
}

function addProvincialUnits(builder: DemoBuilder): void {
  const groups = new Map<string, { spec: UnitSpec; unitIds: number[] }>();
  const unitsBySpec: Array<[UnitSpec, number]> = [];
  for (const spec of provincialUnits) {
    const supervisingUnitId = spec.supervisedBy ? builder.unitId(spec.supervisedBy) : null;
    const unit = builder.addUnit({
      name: spec.name,
      kind: spec.kind,
      level: spec.level,
      template: spec.template,
      regionCode: spec.anchor.regionCode,
      supervisingUnitId,
      dispatched: spec.dispatched ?? false,
      note: spec.note ?? null,
    });
    unitsBySpec.push([spec, unit.id]);
    if (spec.group) {
      const group = groups.get(spec.group) ?? { spec, unitIds: [] };
      group.unitIds.push(unit.id);
      groups.set(spec.group, group);
    }
  }
  const administration = "黑龙江省机关事务管理局";
  for (const [name, group] of groups) {
    builder.addOfficeBuilding({
      name,
      anchor: group.spec.anchor,
      unitIds: group.unitIds,
      titleHolder: administration,
    });
  }
  for (const [spec, unitId] of unitsBySpec) {
    if (spec.group || spec.kind === "vertical_branch" || spec.name.includes("地方税务局")) continue;
    if (spec.rentsOutside) {
      const headcount = builder.people(unitId).length;
      builder.leaseIn(
        unitId,
        spec.anchor,
        `${spec.name}租用办公场所`,
        headcount * builder.random.between(22, 32),
      );
      continue;
    }
    if (spec.split) {
      const people = builder.people(unitId);
      const half = Math.ceil(people.length / 2);
      builder.addOfficeBuilding({
        name: `${spec.name}办公楼（主楼）`,
        anchor: spec.anchor,
        unitIds: [unitId],
        short: spec.short,
        titleHolder: administration,
      });
      builder.addBuilding({
        name: `${spec.name}办公楼（分址）`,
        anchor: anchors.provincialXiangfang,
        rooms: planVacantRooms(half * 12, builder.random).map((room) => ({
          ...room,
          status: "in_use" as const,
          occupant_unit_id: unitId,
          function: "办公室",
        })),
        titleHolder: administration,
      });
      continue;
    }
    const titleHolder =
      spec.kind === "university" || spec.kind === "state_owned_enterprise" ? spec.name : administration;
    builder.addOfficeBuilding({
      name: `${spec.name}办公楼`,
      anchor: spec.anchor,
      unitIds: [unitId],
      short: spec.short,
      titleHolder,
    });
  }
}

function addRealCases(builder: DemoBuilder): void {
  const random = builder.random;
  const administration = "黑龙江省机关事务管理局";
  const P = anchors.provincialGovernment;

  // 18 restructured units co-occupying the former machinery department building, part of it leased out.
  const restructuredIds = restructuredUnitNames.map(
    (name) =>
      builder.addUnit({
        name,
        kind: name.includes("公司")
          ? "state_owned_enterprise"
          : name.includes("学会")
            ? "mass_organisation"
            : "public_institution",
        level: "provincial",
        template: "restructured",
        regionCode: P.regionCode,
        restructured: true,
        note: "原省机械工业厅所属改制单位，共用原省机械工业厅办公楼",
      }).id,
  );
  const machinery = builder.addBuilding({
    name: "原黑龙江省机械工业厅办公楼",
    anchor: P,
    rooms: [...builder.officeRooms(restructuredIds), ...planVacantRooms(900, random)],
    titleHolder: administration,
    builtYear: 1986,
    note: "真实案例（演示数据）：18家改制单位共用并部分出租，通过等面积置换清退后供省国资委使用",
  });
  builder.leaseOutGroundRooms(machinery, 8, [
    "哈尔滨市某商贸有限公司（演示）",
    "某餐饮管理有限公司（演示）",
    "某连锁便利店（演示）",
  ]);

  // The statistics survey team's two scattered buildings and the former local-tax bureau's building.
  const statistics = builder.unitId("国家统计局黑龙江调查总队");
  const statisticsPeople = builder.people(statistics);
  const half = Math.ceil(statisticsPeople.length / 2);
  const roomsOf = (people: readonly DemoPerson[]) =>
    planUnitRooms({ unitId: statistics, people, short: false, technical: false }, rankLimits, random);
  builder.addBuilding({
    name: "国家统计局黑龙江调查总队办公楼（一）",
    anchor: anchors.provincialDaoli,
    rooms: roomsOf(statisticsPeople.slice(0, half)),
    titleHolder: "国家统计局",
    note: "真实案例（演示数据）：两处分散办公楼之一，与原省地方税务局办公楼置换",
  });
  builder.addBuilding({
    name: "国家统计局黑龙江调查总队办公楼（二）",
    anchor: anchors.provincialXiangfang,
    rooms: roomsOf(statisticsPeople.slice(half)),
    titleHolder: "国家统计局",
    note: "真实案例（演示数据）：两处分散办公楼之二，与原省地方税务局办公楼置换",
  });
  builder.addOfficeBuilding({
    name: "原黑龙江省地方税务局办公楼",
    anchor: P,
    unitIds: [builder.unitId("黑龙江省地方税务局（原）")],
    titleHolder: administration,
    note: "真实案例（演示数据）：与国家统计局黑龙江调查总队两处办公楼置换（中省直互换，双赢）",
  });

  // The former engineering-college campus next to the provincial government: a non-office asset.
  const campusAnchor: Anchor = { ...P, radiusMeters: 900 };
  const campusNames = ["教学楼", "实验楼", "图书馆", "行政楼"];
  for (const part of campusNames) {
    builder.addBuilding({
      name: `原黑龙江工程学院南岗校区${part}`,
      anchor: campusAnchor,
      rooms: planVacantRooms(random.between(3500, 7000), random).map((room) => ({
        ...room,
        function: "教室（闲置）",
      })),
      propertyClass: "non_office_asset",
      titleHolder: "黑龙江省财政厅（待移交）",
      siteName: "原黑龙江工程学院南岗校区",
      builtYear: random.integer(1978, 1998),
      condition: "fair",
      note: "真实案例（演示数据）：紧邻省政府，置换改建为省政府机关东区（集中办公区）",
    });
  }

  // 富裕县: the vacated office building of 9,019 m², later a 群众之家 and an 老年人俱乐部.
  const fuyuGross = 9019;
  builder.addBuilding({
    name: "富裕县原县直机关办公楼（已腾退）",
    anchor: anchors.fuyuTown,
    rooms: planVacantRooms(fuyuGross * 0.66, random),
    grossArea: fuyuGross,
    titleHolder: "富裕县机关事务服务中心",
    builtYear: 1996,
    condition: "fair",
    note: "真实案例（演示数据）：腾退办公用房9,019平方米，改建为群众之家和老年人俱乐部",
  });
}

function addMunicipalAndCountyUnits(builder: DemoBuilder): void {
  const harbin = anchors.harbinMunicipal;
  const qiqihar = anchors.qiqiharMunicipal;
  const municipal = (names: readonly string[], anchor: Anchor, titleHolder: string) => {
    names.forEach((name, index) => {
      const template: TemplateName = index < 2 ? "prefectureGeneralOffice" : "prefectureDepartment";
      const unit = builder.addUnit({
        name,
        kind: kindFromName(name),
        level: "prefecture",
        template,
        regionCode: anchor.regionCode,
      });
      if (index % 9 === 5) {
        builder.leaseIn(unit.id, anchor, `${name}租用办公场所`, builder.people(unit.id).length * 25);
        return;
      }
      builder.addOfficeBuilding({
        name: `${name}办公楼`,
        anchor,
        unitIds: [unit.id],
        short: index % 7 === 3,
        titleHolder,
      });
    });
  };
  municipal(harbinMunicipalUnits, harbin, "哈尔滨市机关事务管理局");
  municipal(qiqiharMunicipalUnits, qiqihar, "齐齐哈尔市机关事务服务中心");

  const county = (regionCode: string, prefix: string, anchor: Anchor, titleHolder: string) => {
    countyUnitSuffixes.forEach(([suffix, kind], index) => {
      const name = `${prefix}${suffix}`;
      const template: TemplateName = index < 2 ? "countyGeneralOffice" : "countyDepartment";
      const unit = builder.addUnit({
        name: index === 0 ? `中共${name}` : name,
        kind,
        level: "county",
        template,
        regionCode,
      });
      builder.addOfficeBuilding({
        name: `${unit.name}办公楼`,
        anchor,
        unitIds: [unit.id],
        short: index % 5 === 4,
        titleHolder,
      });
    });
  };
  for (const code of harbinDistricts) {
    const districtName = builder.regionName(code);
    county(
      code,
      `哈尔滨市${districtName}`,
      builder.randomAnchor(code, 1800),
      `哈尔滨市${districtName}机关事务服务中心`,
    );
  }
  county("230227", "富裕县", anchors.fuyuTown, "富裕县机关事务服务中心");
  const extraFuyu = ["富裕县住房和城乡建设局", "富裕县自然资源局", "富裕县统计局", "富裕县机关事务服务中心"];
  for (const name of extraFuyu) {
    const unit = builder.addUnit({
      name,
      kind: kindFromName(name),
      level: "county",
      template: "countyDepartment",
      regionCode: "230227",
    });
    builder.addOfficeBuilding({
      name: `${name}办公楼`,
      anchor: anchors.fuyuTown,
      unitIds: [unit.id],
      titleHolder: "富裕县机关事务服务中心",
    });
  }
  const township = builder.addUnit({
    name: "富裕县富裕镇人民政府",
    kind: "government_department",
    level: "township",
    template: "township",
    regionCode: "230227",
  });
  builder.addOfficeBuilding({
    name: "富裕镇人民政府办公楼",
    anchor: anchors.fuyuTown,
    unitIds: [township.id],
    titleHolder: "富裕县机关事务服务中心",
  });
}

function addVacantAndCommercialBuildings(builder: DemoBuilder): void {
  const random = builder.random;
  const places: Array<[Anchor, string, string]> = [
    [anchors.provincialGovernment, "黑龙江省", "黑龙江省机关事务管理局"],
    [anchors.provincialDaoli, "黑龙江省", "黑龙江省机关事务管理局"],
    [anchors.harbinMunicipal, "哈尔滨市", "哈尔滨市机关事务管理局"],
    [anchors.qiqiharMunicipal, "齐齐哈尔市", "齐齐哈尔市机关事务服务中心"],
    [anchors.fuyuTown, "富裕县", "富裕县机关事务服务中心"],
  ];
  const formerUses = [
    "原粮食局",
    "原物资局",
    "原供销社",
    "原经贸委",
    "原乡镇企业局",
    "原轻工业局",
    "原纺织工业局",
    "原煤炭工业局",
    "原建材局",
    "原二轻局",
  ];
  for (let index = 0; index < 48; index++) {
    const [anchor, prefix, titleHolder] = places[index % places.length] as [Anchor, string, string];
    const former = formerUses[index % formerUses.length] as string;
    const startup = prefix === "哈尔滨市" && index % 10 === 2;
    builder.addBuilding({
      name: `${prefix}${former}办公楼（闲置${index >= formerUses.length ? `·${Math.floor(index / formerUses.length) + 1}` : ""}）`,
      anchor,
      rooms: planVacantRooms(random.between(600, 4000), random),
      titleHolder,
      note: startup
        ? "哈尔滨市拟将闲置办公用房改建为高校毕业生创业孵化基地（演示数据）"
        : "整栋闲置，纳入调剂房源（演示数据）",
    });
  }
  const tenants = [
    "某商贸有限公司（演示）",
    "某银行营业网点（演示）",
    "某药房（演示）",
    "某超市（演示）",
    "某通信营业厅（演示）",
  ];
  for (let index = 0; index < 20; index++) {
    const [anchor, prefix, titleHolder] = places[index % 4] as [Anchor, string, string];
    const building = builder.addBuilding({
      name: `${prefix}机关沿街商业用房${index + 1}号`,
      anchor,
      rooms: planVacantRooms(random.between(400, 1500), random).map((room) => ({
        ...room,
        floorPreference: 1,
      })),
      propertyClass: "commercial",
      titleHolder,
      note: "经营用房（沿街商铺），待剥离登记（演示数据）",
    });
    builder.leaseOutGroundRooms(building, 12, tenants);
  }
}

function addNonOfficeAssets(builder: DemoBuilder): void {
  const random = builder.random;
  const assets: Array<[string, Anchor, string, boolean]> = [
    ["原黑龙江工程学院南岗校区", { ...anchors.provincialGovernment, radiusMeters: 900 }, "高校校区", true],
    ["原省粮食储备库", anchors.provincialXiangfang, "粮库", false],
    ["原省经贸委招待所", anchors.provincialDaoli, "招待所", true],
    ["原省物资培训中心", anchors.provincialXiangfang, "培训中心", true],
    ["原哈尔滨市第三十中学旧校舍", anchors.harbinMunicipal, "中学校舍", true],
    ["原齐齐哈尔市印刷厂", anchors.qiqiharMunicipal, "工业厂房", false],
    ["原齐齐哈尔市建华区卫生院", anchors.qiqiharMunicipal, "医疗用房", true],
    ["原富裕县农机站", anchors.fuyuTown, "农机站", false],
    ["原富裕县招待所", anchors.fuyuTown, "招待所", true],
    ["原富裕县供销社仓库", anchors.fuyuTown, "仓库", false],
  ];
  for (const [name, anchor, formerUse, suits] of assets) {
    const center = builder.placer.place(anchor.regionCode, anchor.center, anchor.radiusMeters);
    const isCampus = name.includes("工程学院");
    builder.data.nonOfficeAssets.push({
      id: builder.data.nonOfficeAssets.length + 1,
      region_code: anchor.regionCode,
      name,
      address: `${name}（演示地址）`,
      geom: rectangle(
        center,
        isCampus ? 150 : random.between(50, 120),
        isCampus ? 150 : random.between(40, 90),
      ),
      gross_area: isCampus ? 62_000 : Math.round(random.between(1500, 12_000)),
      land_area: isCampus ? 156_000 : Math.round(random.between(3000, 20_000)),
      former_use: formerUse,
      reported_on: `2025-0${random.integer(1, 9)}-20`,
      suits_office_use: suits,
      condition: suits ? "fair" : "poor",
    });
  }
}

function addCommunityAndDemand(builder: DemoBuilder, input: DemoInput): void {
  const random = builder.random;
  const facilities: Array<[string, Anchor, DemoDataset["communityFacilities"][number]["kind"]]> = [
    ["南岗区社区服务中心", anchors.provincialGovernment, "community_service_center"],
    ["道里区老年活动中心", anchors.provincialDaoli, "elderly_club"],
    ["松北区便民服务中心", anchors.harbinMunicipal, "convenience_service"],
    ["香坊区群众之家", anchors.provincialXiangfang, "people_home"],
    ["龙沙区社区服务中心", anchors.qiqiharMunicipal, "community_service_center"],
    ["富裕镇社区服务中心", anchors.fuyuTown, "community_service_center"],
  ];
  for (const [name, anchor, kind] of facilities) {
    const position = offsetMeters(anchor.center, random.between(-1500, 1500), random.between(-1500, 1500));
    builder.data.communityFacilities.push({
      id: builder.data.communityFacilities.length + 1,
      region_code: anchor.regionCode,
      name: `${name}（演示）`,
      kind,
      location: point(position),
      usable_area: Math.round(random.between(300, 1500)),
      opened_on: `20${random.integer(15, 24)}-05-01`,
    });
  }
  const demand = builder.data.residentialDemand;
  for (const place of input.places) {
    const regionCode = regionOf(input.regions, place.position);
    if (!regionCode) continue;
    demand.push({
      id: demand.length + 1,
      region_code: regionCode,
      name: place.name,
      source: "geonames",
      population: place.population,
      location: point(place.position),
    });
  }
  const blocks: Array<[Anchor, number]> = [
    [anchors.provincialGovernment, 60],
    [anchors.provincialDaoli, 40],
    [anchors.harbinMunicipal, 30],
    [anchors.qiqiharMunicipal, 40],
    [anchors.fuyuTown, 40],
  ];
  for (const [anchor, count] of blocks) {
    for (let index = 0; index < count; index++) {
      const position = offsetMeters(anchor.center, random.between(-3000, 3000), random.between(-3000, 3000));
      if (regionOf(input.regions, position) !== anchor.regionCode) continue;
      demand.push({
        id: demand.length + 1,
        region_code: anchor.regionCode,
        name: `居住小区${demand.length + 1}（生成）`,
        source: "generated",
        population: random.integer(800, 6000),
        location: point(position),
      });
    }
  }
}

function regionOf(regions: ReadonlyMap<string, Areal>, position: Position): string | null {
  for (const [code, polygon] of regions) {
    if (booleanPointInPolygon(position, polygon)) return code;
  }
  return null;
}
