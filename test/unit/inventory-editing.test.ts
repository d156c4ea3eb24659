import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { floorLevels, floorName } from "../../server/domain/inventory/floor-naming.js";
import { checkFootprint } from "../../server/domain/inventory/footprint.js";
import { mergedArea, mergedValue, splitAreas, toCents } from "../../server/domain/inventory/room-areas.js";

describe("inventory editing rules", () => {
  it("names floors as the ledgers do", () => {
    expect(floorLevels(3, 2).map(floorName)).toEqual(["1层", "2层", "3层", "地下1层", "地下2层"]);
  });

  it("splits areas to the cent, adding up exactly, the rounding rest on the first part", () => {
    expect(splitAreas(40, [13.335, 13.335, 13.335])).toEqual({ ok: true, areas: [13.32, 13.34, 13.34] });
    expect(splitAreas(40, [20, 19])).toEqual({
      ok: false,
      message: "The parts add up to 39 m² but the room has 40 m² (they must agree within 0.01 m²)",
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 20 }),
        (cents, shares) => {
          const area = cents / 100;
          const total = shares.reduce((a, b) => a + b, 0);
          const result = splitAreas(
            area,
            shares.map((share) => (area * share) / total),
          );
          if (!result.ok) {
            expect(result.message).toMatch(/at least 0.01|above 0/);
            return;
          }
          expect(result.areas.reduce((sum, part) => sum + toCents(part), 0)).toBe(cents);
          expect(mergedArea(result.areas)).toBe(area);
        },
      ),
    );
  });

  it("takes a merged room's value from the rooms or from the choice", () => {
    expect(mergedValue(["idle", "idle"], undefined)).toEqual({ ok: true, value: "idle" });
    expect(mergedValue(["idle", "in_use"], undefined)).toEqual({ ok: false, values: ["idle", "in_use"] });
    expect(mergedValue(["idle", "in_use"], "in_use")).toEqual({ ok: true, value: "in_use" });
  });

  it("checks a footprint's structure before PostGIS sees it", () => {
    const ring = [
      [126, 45],
      [126.001, 45],
      [126.001, 45.001],
      [126, 45],
    ];
    expect(checkFootprint({ type: "Polygon", coordinates: [ring] })).toMatchObject({ ok: true });
    expect(checkFootprint({ type: "MultiPolygon", coordinates: [[ring]] })).toMatchObject({ ok: true });
    expect(checkFootprint({ type: "Polygon", coordinates: [ring.slice(0, 3)] })).toMatchObject({ ok: false });
    expect(checkFootprint({ type: "Polygon", coordinates: [[...ring.slice(0, 3), [126, 45.5]]] })).toEqual({
      ok: false,
      message: "the outer ring is not closed: its last position must repeat the first",
    });
    expect(
      checkFootprint({
        type: "Polygon",
        coordinates: [
          [
            [200, 45],
            [201, 45],
            [201, 46],
            [200, 45],
          ],
        ],
      }),
    ).toMatchObject({
      ok: false,
    });
  });
});
