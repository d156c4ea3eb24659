import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkArealGeometry } from "../../server/domain/areal-geometry.js";
import {
  type Candidate,
  candidatesOf,
  demandOf,
  rentSaved,
  sitesOf,
  type UnitFacts,
} from "../../server/domain/zones/zone-analysis.js";

const unit = (overrides: Partial<UnitFacts>): UnitFacts => ({
  unitId: 1,
  name: "单位",
  level: "county",
  kind: "government_department",
  ownSites: 1,
  ownSitesOutside: 1,
  currentArea: 100,
  outsideArea: 100,
  coreArea: 100,
  outsideCoreArea: 100,
  leases: 0,
  leaseArea: 0,
  annualRent: 0,
  entitledArea: 200,
  short: false,
  moveDistanceMeters: 500,
  center: [126.6, 45.7],
  ...overrides,
});

const renter = (unitId: number, demandArea: number, currentAnnualRent: number): Candidate => ({
  unitId,
  name: `u${unitId}`,
  level: "county",
  kind: "government_department",
  reasons: ["renting_outside"],
  demandArea,
  entitledArea: null,
  currentArea: demandArea,
  currentAnnualRent,
  moveDistanceMeters: 0,
  sitesBefore: 1,
  sitesAfter: 1,
  center: null,
});

describe("zone analysis arithmetic", () => {
  it("gives reasons, demand and sites per unit", () => {
    expect(candidatesOf([unit({})], "gap")).toEqual([]);
    const split = unit({
      unitId: 2,
      ownSites: 3,
      ownSitesOutside: 2,
      outsideArea: 60,
      outsideCoreArea: 60,
      entitledArea: 100,
    });
    expect(candidatesOf([split], "gap")[0]).toMatchObject({
      reasons: ["split_sites"],
      demandArea: 0,
      sitesAfter: 3,
    });
    expect(candidatesOf([split], "current")[0]).toMatchObject({
      demandArea: 60,
      sitesBefore: 3,
      sitesAfter: 1,
    });
    const all = unit({ ownSites: 2, leases: 1, leaseArea: 80, annualRent: 9000, short: true });
    expect(candidatesOf([all], "gap")[0]?.reasons).toEqual(["renting_outside", "split_sites", "short"]);
    // Entitled 200, 100 in its own rooms: the gap is 100 (the lease does not come on top of it).
    expect(demandOf(all, "gap")).toBe(100);
    // Moving whole: 100 outside + 80 leased, within the 200.
    expect(demandOf(all, "current")).toBe(180);
    expect(sitesOf(all, "gap", 100)).toEqual({ before: 3, after: 2 });
    // Capped at the entitlement: less what it keeps (gap: all its rooms; current: its rooms in the zone).
    const over = unit({ leases: 1, leaseArea: 80, entitledArea: 150, coreArea: 130, outsideCoreArea: 100 });
    expect(demandOf(over, "gap")).toBe(20);
    expect(demandOf(over, "current")).toBe(120);
    // Without staffing the standard grants nothing.
    expect(demandOf(unit({ leases: 1, leaseArea: 80, entitledArea: null }), "current")).toBe(0);
    // Units named by the caller are candidates without a reason.
    expect(candidatesOf([unit({})], "gap", true)[0]).toMatchObject({ reasons: [], demandArea: 100 });
  });

  it("never asks for more than the entitlement leaves, nor less than nothing", () => {
    fc.assert(
      fc.property(
        fc.record({
          entitled: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
          inZone: fc.integer({ min: 0, max: 3000 }),
          outside: fc.integer({ min: 0, max: 3000 }),
          lease: fc.integer({ min: 0, max: 3000 }),
        }),
        ({ entitled, inZone, outside, lease }) => {
          const facts = unit({
            entitledArea: entitled,
            coreArea: inZone + outside,
            outsideCoreArea: outside,
            leases: lease > 0 ? 1 : 0,
            leaseArea: lease,
          });
          const gap = demandOf(facts, "gap");
          const current = demandOf(facts, "current");
          expect(gap).toBe(Math.max(0, (entitled ?? 0) - inZone - outside));
          expect(current).toBeGreaterThanOrEqual(0);
          expect(current).toBeLessThanOrEqual(Math.max(0, (entitled ?? 0) - inZone));
          expect(current).toBeLessThanOrEqual(outside + lease);
          if (entitled === null) expect(gap + current).toBe(0);
        },
      ),
    );
  });

  it("saves the rent of the renters that fit, densest rent first, first fit", () => {
    const candidates = [renter(1, 100, 50_000), renter(2, 60, 60_000), renter(3, 50, 10_000)];
    // Densities: 2 (1,000/m²), 1 (500/m²), 3 (200/m²). Supply 120: 2 fits (60 left), 1 does not, 3 fits.
    expect(rentSaved(candidates, 120)).toEqual({ rentSavedPerYear: 70_000, housedUnitIds: [2, 3] });
    expect(rentSaved(candidates, 0)).toEqual({ rentSavedPerYear: 0, housedUnitIds: [] });
  });

  it("never houses more than the supply, and houses everyone when the supply covers all", () => {
    const arbitraryRenters = fc.array(
      fc.record({ demand: fc.integer({ min: 1, max: 500 }), rent: fc.integer({ min: 1, max: 1_000_000 }) }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arbitraryRenters, fc.integer({ min: 0, max: 3000 }), (rows, supply) => {
        const candidates = rows.map((row, index) => renter(index + 1, row.demand, row.rent));
        const { rentSavedPerYear, housedUnitIds } = rentSaved(candidates, supply);
        const housed = candidates.filter((candidate) => housedUnitIds.includes(candidate.unitId));
        expect(housed.reduce((sum, candidate) => sum + candidate.demandArea, 0)).toBeLessThanOrEqual(supply);
        expect(rentSavedPerYear).toBe(
          housed.reduce((sum, candidate) => sum + candidate.currentAnnualRent, 0),
        );
        const total = candidates.reduce((sum, candidate) => sum + candidate.demandArea, 0);
        if (total <= supply) expect(housedUnitIds).toHaveLength(candidates.length);
      }),
    );
  });
});

describe("checkArealGeometry", () => {
  const ring = [
    [126, 45],
    [126.01, 45],
    [126.01, 45.01],
    [126, 45],
  ];
  it("accepts Polygons and MultiPolygons in WGS84 as a MultiPolygon", () => {
    expect(checkArealGeometry({ type: "Polygon", coordinates: [ring] }, { noun: "zone" })).toEqual({
      ok: true,
      geometry: { type: "MultiPolygon", coordinates: [[ring]] },
    });
    const named = { type: "name", properties: { name: "urn:ogc:def:crs:OGC:1.3:CRS84" } };
    expect(
      checkArealGeometry({ type: "MultiPolygon", coordinates: [[ring]], crs: named }, { noun: "zone" }).ok,
    ).toBe(true);
  });
  it("names what is wrong", () => {
    const message = (input: unknown) => {
      const checked = checkArealGeometry(input, { noun: "zone" });
      return checked.ok ? "" : checked.message;
    };
    expect(message({ type: "GeometryCollection", geometries: [] })).toMatch(/is a GeometryCollection/);
    expect(message({ type: "Feature" })).toMatch(/send the geometry itself/);
    expect(message("POLYGON((0 0))")).toMatch(/must be a GeoJSON Polygon or MultiPolygon object/);
    expect(message({ type: "Polygon", coordinates: [[]] })).toMatch(/empty/);
    expect(
      message({
        type: "Polygon",
        coordinates: [ring],
        crs: { type: "name", properties: { name: "EPSG:4490" } },
      }),
    ).toMatch(/Wrong CRS: the zone names EPSG:4490/);
    expect(
      message({
        type: "MultiPolygon",
        coordinates: [
          [ring],
          [
            [
              [0, 0],
              [1, 0],
              [0, 0],
            ],
          ],
        ],
      }),
    ).toMatch(/polygon 2: the outer ring has 3 positions/);
  });
  it("never throws, whatever it is sent", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const checked = checkArealGeometry(value, { noun: "zone" });
        expect(typeof checked.ok).toBe("boolean");
      }),
    );
  });
});
