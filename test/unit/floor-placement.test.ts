import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FloorSpace, placeOnFloors } from "../../server/domain/allocation/floor-placement.js";

describe("floors of a plan's buildings", () => {
  it("keeps a unit on one floor when one holds it (the tightest), else spreads it over the largest", () => {
    const floors = new Map<number, FloorSpace[]>([
      [
        1,
        [
          { floorLevel: 1, idleArea: 300 },
          { floorLevel: 2, idleArea: 120 },
          { floorLevel: 3, idleArea: 200 },
        ],
      ],
    ]);
    const placed = placeOnFloors(
      [
        { unitId: 7, buildingId: 1, area: 100 },
        { unitId: 8, buildingId: 1, area: 250 },
        { unitId: 9, buildingId: 1, area: 260 },
      ],
      floors,
    );
    // Largest first: 260 takes floor 1 (the only one holding it); 250 no longer fits one floor and takes
    // floor 3's 200 and 50 of floor 2's 120; 100 then fits nowhere whole (70, 40 and 0 left) and spreads.
    expect(placed[2]).toEqual([{ floorLevel: 1, area: 260 }]);
    expect(placed[1]).toEqual([
      { floorLevel: 3, area: 200 },
      { floorLevel: 2, area: 50 },
    ]);
    expect(placed[0]).toEqual([
      { floorLevel: 2, area: 70 },
      { floorLevel: 1, area: 30 },
    ]);
    // The tightest floor that holds a unit: 110 goes to floor 2 (120), not floor 1 (300).
    expect(placeOnFloors([{ unitId: 1, buildingId: 1, area: 110 }], floors)[0]).toEqual([
      { floorLevel: 2, area: 110 },
    ]);
    // More than the floors hold: the rest has no floor.
    expect(placeOnFloors([{ unitId: 1, buildingId: 2, area: 10 }], floors)[0]).toEqual([
      { floorLevel: null, area: 10 },
    ]);
  });

  it("never puts more on a floor than it has idle, and gives each unit exactly its area", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 800 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 0, maxLength: 8 }),
        (idle, demands) => {
          const floors = new Map([[5, idle.map((area, level) => ({ floorLevel: level, idleArea: area }))]]);
          const assignments = demands.map((area, index) => ({ unitId: index + 1, buildingId: 5, area }));
          const placed = placeOnFloors(assignments, floors);
          const used = new Map<number | null, number>();
          for (const [index, shares] of placed.entries()) {
            const total = shares.reduce((sum, share) => sum + share.area, 0);
            expect(total).toBeCloseTo(assignments[index]?.area ?? -1, 1);
            for (const share of shares)
              used.set(share.floorLevel, (used.get(share.floorLevel) ?? 0) + share.area);
          }
          for (const [level, area] of used)
            if (level !== null) expect(area).toBeLessThanOrEqual((idle[level] ?? 0) + 0.01);
          // Within the building's capacity every m² gets a floor.
          const capacity = idle.reduce((sum, area) => sum + area, 0);
          if (demands.reduce((sum, area) => sum + area, 0) <= capacity) expect(used.has(null)).toBe(false);
        },
      ),
    );
  });
});
