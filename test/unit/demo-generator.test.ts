import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { beforeAll, describe, expect, it } from "vitest";
import { generateDemoFromFiles } from "../../server/db/demo-loader.js";
import { readCountyPolygons } from "../../server/db/geodata-files.js";
import type { DemoDataset } from "../../server/domain/demo/dataset.js";
import { rankByCode } from "../../server/domain/standards/ranks.js";

describe("demo data generator", () => {
  let data: DemoDataset;

  beforeAll(() => {
    data = generateDemoFromFiles();
  });

  it("is deterministic for a seed and differs for another", () => {
    expect(generateDemoFromFiles()).toEqual(data);
    const other = generateDemoFromFiles(7);
    expect(other.buildings[0]?.footprint).not.toEqual(data.buildings[0]?.footprint);
  });

  it("meets the sizes the foundation issue asks for", () => {
    expect(data.units.length).toBeGreaterThanOrEqual(150);
    expect(data.buildings.length).toBeGreaterThanOrEqual(400);
    expect(data.rooms.length).toBeGreaterThanOrEqual(10_000);
    const kinds = new Set(data.units.map((unit) => unit.kind));
    for (const kind of [
      "party_organ",
      "government_department",
      "peoples_congress",
      "cppcc",
      "court",
      "procuratorate",
      "supervision_commission",
      "mass_organisation",
      "civil_service_institution",
      "public_institution",
      "university",
      "state_owned_enterprise",
      "vertical_branch",
      "administration",
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const categories = new Set(data.rooms.map((room) => room.use_category));
    expect([...categories].sort()).toEqual(["ancillary", "equipment", "office", "service", "technical"]);
  });

  it("keeps references consistent and ids unique", () => {
    const ids = (records: ReadonlyArray<{ id: number }>) => new Set(records.map((record) => record.id));
    const units = ids(data.units);
    const buildings = ids(data.buildings);
    const floors = new Map(data.floors.map((floor) => [floor.id, floor]));
    const people = new Map(data.people.map((person) => [person.id, person]));
    expect(units.size).toBe(data.units.length);
    expect(ids(data.rooms).size).toBe(data.rooms.length);
    for (const room of data.rooms) {
      expect(floors.get(room.floor_id)?.building_id).toBe(room.building_id);
      if (room.status === "in_use") expect(units.has(room.occupant_unit_id ?? -1)).toBe(true);
      if (room.status === "idle") expect(room.occupant_unit_id).toBeNull();
      expect(room.usable_area).toBeGreaterThan(0);
    }
    for (const occupant of data.roomOccupants) expect(people.has(occupant.person_id)).toBe(true);
    for (const certificate of data.certificates) expect(buildings.has(certificate.building_id)).toBe(true);
    expect(new Set(data.certificates.map((certificate) => certificate.certificate_no)).size).toBe(
      data.certificates.length,
    );
    // Title numbers are unique; two buildings deliberately have none (三相符 cases).
    const titles = data.buildings.flatMap((building) => building.title_certificate_no ?? []);
    expect(new Set(titles).size).toBe(titles.length);
    expect(data.buildings.length - titles.length).toBe(2);
    const buildingIds = ids(data.buildings);
    const roomIds = ids(data.rooms);
    const inspections = ids(data.inspections);
    for (const inspection of data.inspections) expect(buildingIds.has(inspection.building_id)).toBe(true);
    for (const result of data.fieldCheckResults) {
      expect(inspections.has(result.inspection_id)).toBe(true);
      expect(roomIds.has(result.room_id)).toBe(true);
    }
    const submissions = ids(data.subLedgerSubmissions);
    for (const row of data.subLedgerRows) {
      expect(submissions.has(row.submission_id)).toBe(true);
      expect(buildingIds.has(row.building_id)).toBe(true);
    }
  });

  it("holds the 三相符 cases: sub-ledgers, inspections with field results, certificate problems", () => {
    expect(data.subLedgerSubmissions).toHaveLength(205);
    expect(data.subLedgerRows.length).toBeGreaterThan(5000);
    expect(data.inspections).toHaveLength(7);
    expect(data.fieldCheckResults).toHaveLength(49);
    expect(data.certificates.filter((certificate) => certificate.revoked_on)).toHaveLength(2);
  });

  it("uses the staffing of each unit's level and authorised ≥ actual headcount", () => {
    for (const row of data.staffing) {
      const unit = data.units[row.unit_id - 1];
      expect(rankByCode.get(row.rank_code)?.organLevel).toBe(unit?.admin_level);
      expect(row.actual).toBeLessThanOrEqual(row.authorized);
    }
  });

  it("places every footprint and site inside the county polygon of its region", () => {
    const counties = readCountyPolygons();
    for (const building of data.buildings) {
      const polygon = counties.get(building.region_code);
      expect(polygon, building.region_code).toBeDefined();
      for (const vertex of building.footprint.coordinates[0] ?? []) {
        expect(booleanPointInPolygon(vertex, polygon!), building.name).toBe(true);
      }
    }
  });

  it("never puts two footprints on top of each other", () => {
    const centres = data.buildings.map((building) => {
      const ring = building.footprint.coordinates[0] ?? [];
      const corners = ring.slice(0, 4);
      return [
        corners.reduce((sum, [lng]) => sum + (lng as number), 0) / 4,
        corners.reduce((sum, [, lat]) => sum + (lat as number), 0) / 4,
      ] as const;
    });
    const keys = new Set(centres.map(([lng, lat]) => `${lng.toFixed(5)},${lat.toFixed(5)}`));
    expect(keys.size).toBe(centres.length);
  });
});
