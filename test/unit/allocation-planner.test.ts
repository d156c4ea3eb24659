import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CandidateRoom,
  fillBuilding,
  preparePlans,
} from "../../server/domain/requests/allocation-planner.js";
import {
  claimOrder,
  defaultAllocationSettings,
  isGrassroots,
  poolPrefix,
} from "../../server/domain/requests/allocation-settings.js";
import { checkRequest } from "../../server/domain/requests/request-check.js";

const room = (
  id: number,
  buildingId: number,
  floorId: number,
  usableArea: number,
  distance = 100,
): CandidateRoom => ({
  id,
  version: 1,
  number: String(id),
  useCategory: "office",
  usableArea,
  buildingId,
  buildingName: `楼${buildingId}`,
  floorId,
  floorName: `${floorId}层`,
  floorLevel: floorId,
  distanceMeters: distance,
});

describe("allocation planner", () => {
  it("fills a building from its fullest floor, never above the need", () => {
    const rooms = [room(1, 1, 1, 20), room(2, 1, 2, 30), room(3, 1, 2, 30), room(4, 1, 1, 15)];
    const chosen = fillBuilding(rooms, 60);
    expect(chosen.map((r) => r.id)).toEqual([2, 3]);
    expect(fillBuilding(rooms, 10)).toEqual([]);
  });

  it("never allocates more than the target (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 5, max: 80 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 400 }),
        (areas, target) => {
          const rooms = areas.map((area, index) => room(index + 1, 1 + (index % 3), index % 5, area));
          for (const plan of preparePlans({
            target,
            rooms,
            partners: [],
            settings: defaultAllocationSettings,
          })) {
            expect(plan.allocatedArea).toBeLessThanOrEqual(target + 0.005);
            const ids = plan.details.buildings?.flatMap((b) => b.rooms.map((r) => r.id)) ?? [];
            expect(new Set(ids).size).toBe(ids.length);
          }
        },
      ),
    );
  });

  it("orders plans re-allocation → swap → lease → construction, the nearer adequate building first", () => {
    const rooms = [
      room(1, 1, 1, 50, 900),
      room(2, 1, 1, 50, 900),
      room(3, 2, 1, 100, 300),
      room(4, 3, 1, 40, 50),
    ];
    const plans = preparePlans({
      target: 100,
      rooms,
      partners: [{ unitId: 9, name: "超标单位", surplus: 120, distanceMeters: 200, buildingNames: ["甲楼"] }],
      settings: defaultAllocationSettings,
    });
    expect(plans.map((plan) => plan.method)).toEqual([
      "reallocation",
      "reallocation",
      "swap",
      "lease",
      "construction",
    ]);
    // Building 3 is nearest but holds 40 % of the need: the adequate buildings come first, nearest first.
    expect(plans[0]?.details.buildings?.map((b) => b.id)).toEqual([2]);
    expect(plans[1]?.details.buildings?.map((b) => b.id)).toEqual([1]);
    expect(plans[2]?.allocatedArea).toBe(100);
    // Lease: 100 / 0.65 = 153.85 m² gross × 1.2 × 365 = 67,386.3 元; construction: 153.85 × 4,500 / 50 years.
    expect(plans[3]?.annualCost).toBeCloseTo(67386.3, 1);
    expect(plans[4]?.annualCost).toBeCloseTo(13846.5, 1);
  });

  it("combines several buildings when none meets the need", () => {
    const plans = preparePlans({
      target: 100,
      rooms: [room(1, 1, 1, 40, 100), room(2, 2, 1, 45, 200), room(3, 3, 1, 30, 300)],
      partners: [],
      settings: defaultAllocationSettings,
    });
    expect(plans.map((plan) => plan.method)).toEqual(["reallocation", "lease", "construction"]);
    expect(plans[0]?.details.buildings?.map((b) => b.id)).toEqual([1, 2]);
    expect(plans[0]?.allocatedArea).toBe(85);
  });

  it("caps a request at the shortfall and flags it", () => {
    expect(checkRequest({ entitled: 800, actual: 700 }, 60)).toMatchObject({
      shortfall: 100,
      allocatableArea: 60,
      exceedsEntitlement: false,
    });
    expect(checkRequest({ entitled: 800, actual: 700 }, 300)).toMatchObject({
      allocatableArea: 100,
      exceedsEntitlement: true,
    });
    expect(checkRequest({ entitled: 800, actual: 900 }, 50).allocatableArea).toBe(0);
  });

  it("puts grassroots requests first, then the earlier filed", () => {
    const early = new Date("2026-01-01");
    const late = new Date("2026-02-01");
    expect(
      claimOrder(
        { requestId: 2, grassroots: true, submittedAt: late },
        { requestId: 1, grassroots: false, submittedAt: early },
      ),
    ).toBeLessThan(0);
    expect(
      claimOrder(
        { requestId: 2, grassroots: false, submittedAt: late },
        { requestId: 1, grassroots: false, submittedAt: early },
      ),
    ).toBeGreaterThan(0);
    expect(isGrassroots({ kind: "court", adminLevel: "county" }, defaultAllocationSettings)).toBe(true);
    expect(
      isGrassroots({ kind: "public_institution", adminLevel: "provincial" }, defaultAllocationSettings),
    ).toBe(false);
    expect(poolPrefix("230103", "provincial")).toBe("23");
    expect(poolPrefix("230227001", "township")).toBe("230227");
  });
});
