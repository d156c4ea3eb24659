import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { readCountyPolygons, readPlaces } from "../../server/db/geodata-files.js";
import { RegionGrid } from "../../server/domain/demo/region-grid.js";
import { type SynthBatch, type SynthInput, synthesize } from "../../server/domain/demo/synth.js";
import type { Areal, Position } from "../../server/domain/geojson.js";

const regions = readCountyPolygons();
const firstIds = { unit: 101, building: 5001, floor: 7, room: 900 };
/** Harbin's central districts: a small share of the two prefectures' land. */
const harbinCore = new Set(["230102", "230103", "230104", "230108", "230109", "230110"]);

function regionByBruteForce(position: Position): string | null {
  for (const [code, polygon] of regions) if (booleanPointInPolygon(position, polygon)) return code;
  return null;
}

describe("synthetic buildings", () => {
  let grid: RegionGrid;
  let input: SynthInput;
  let batches: SynthBatch[];

  beforeAll(() => {
    grid = new RegionGrid(regions);
    input = {
      regions,
      towns: readPlaces(),
      buildings: 2003,
      seed: 11,
      firstIds,
      roomsPerBuilding: 3,
      batchSize: 500,
      grid,
    };
    batches = [...synthesize(input)];
  });

  const all = <K extends keyof SynthBatch>(key: K): SynthBatch[K] =>
    batches.flatMap((batch) => batch[key] as unknown[]) as SynthBatch[K];

  it("is deterministic for a seed and differs for another", () => {
    expect([...synthesize(input)]).toEqual(batches);
    const other = [...synthesize({ ...input, seed: 12 })];
    expect(other[0]?.buildings[0]?.footprint).not.toEqual(batches[0]?.buildings[0]?.footprint);
  });

  it("yields bounded batches that together hold every building", () => {
    expect(batches.length).toBeGreaterThanOrEqual(5);
    for (const batch of batches) {
      expect(batch.buildings.length).toBeGreaterThan(0);
      expect(batch.buildings.length).toBeLessThanOrEqual(500);
    }
    expect(all("buildings")).toHaveLength(2003);
  });

  it("numbers every table contiguously from the given first ids", () => {
    const contiguous = (ids: number[], first: number) =>
      expect(ids).toEqual(Array.from({ length: ids.length }, (_, index) => first + index));
    contiguous(
      all("buildings").map((building) => building.id),
      firstIds.building,
    );
    contiguous(
      all("units").map((unit) => unit.id),
      firstIds.unit,
    );
    contiguous(
      all("floors").map((floor) => floor.id),
      firstIds.floor,
    );
    contiguous(
      all("rooms").map((room) => room.id),
      firstIds.room,
    );
    expect(all("units")).toHaveLength(201);
    expect(all("rooms")).toHaveLength(2003 * 3);
  });

  it("places every footprint corner inside its county polygon", () => {
    for (const building of all("buildings")) {
      const county = regions.get(building.region_code) as Areal;
      expect(county, building.region_code).toBeDefined();
      const ring = building.footprint.coordinates[0] ?? [];
      expect(ring).toHaveLength(5);
      expect(ring[4]).toEqual(ring[0]);
      for (const corner of ring) expect(booleanPointInPolygon(corner, county), building.name).toBe(true);
    }
  });

  it("clusters buildings around towns", () => {
    const buildings = all("buildings");
    const inCore = buildings.filter((building) => harbinCore.has(building.region_code)).length;
    expect(inCore / buildings.length).toBeGreaterThan(0.25);
    expect(new Set(buildings.map((building) => building.region_code)).size).toBeGreaterThan(25);
  });

  it("labels records as synthetic and keeps references inside each batch", () => {
    for (const batch of batches) {
      const units = new Set(batch.units.map((unit) => unit.id));
      const floors = new Map(batch.floors.map((floor) => [floor.id, floor]));
      for (const building of batch.buildings) {
        expect(building.name).toMatch(/^合成楼宇\d{7}$/);
        expect(building.title_certificate_no).toBeNull();
        expect(building.floors_above).toBeGreaterThanOrEqual(1);
        expect(building.gross_area).toBeGreaterThan(0);
      }
      for (const row of batch.staffing) {
        expect(units.has(row.unit_id)).toBe(true);
        expect(row.actual).toBeLessThanOrEqual(row.authorized);
      }
      for (const room of batch.rooms) {
        expect(floors.get(room.floor_id)?.building_id).toBe(room.building_id);
        if (room.status === "in_use") expect(units.has(room.occupant_unit_id ?? -1)).toBe(true);
        else expect(room.occupant_unit_id).toBeNull();
      }
    }
    const staffed = new Set(all("staffing").map((row) => row.unit_id));
    expect(all("units").every((unit) => staffed.has(unit.id))).toBe(true);
  });

  it("finds the same county for a point as a plain point-in-polygon search", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 122.2, max: 130.4, noNaN: true }),
        fc.double({ min: 43.9, max: 49.3, noNaN: true }),
        (lng, lat) => grid.regionAt([lng, lat]) === regionByBruteForce([lng, lat]),
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it("accepts a footprint inside one county and refuses one across a border", () => {
    for (const building of all("buildings").slice(0, 50)) {
      expect(grid.regionContaining(building.footprint.coordinates[0] ?? [])).toBe(building.region_code);
    }
    // 12 km east–west through central Harbin: 道里区, 南岗区 and more.
    const across: Position[] = [
      [126.55, 45.75],
      [126.7, 45.75],
      [126.7, 45.751],
      [126.55, 45.751],
      [126.55, 45.75],
    ];
    expect(new Set(across.map(regionByBruteForce)).size).toBeGreaterThan(1);
    expect(grid.regionContaining(across)).toBeNull();
  });
});
