import { describe, expect, it } from "vitest";
import type { RequestPlan } from "../../client/api/request-types.js";
import { corePosition, planFigures, plannedRooms, previewCheck } from "../../client/state/request-plans.js";
import { checkRequest } from "../../server/domain/requests/request-check.js";

const room = (id: number, usableArea: number) => ({
  id,
  version: 1,
  number: String(100 + id),
  useCategory: "office" as const,
  usableArea,
  floorId: 1,
  floorName: "1层",
});

const plan = (change: Partial<RequestPlan> & Pick<RequestPlan, "method">): RequestPlan => ({
  id: 1,
  rank: 1,
  name: "方案",
  allocatedArea: 0,
  annualCost: 0,
  status: "proposed",
  version: 1,
  ...change,
  details: { share: 1, explanation: [], ...change.details },
});

describe("allocation plan figures", () => {
  it("counts a re-allocation's rooms and buildings and takes the nearest building", () => {
    const reallocation = plan({
      method: "reallocation",
      allocatedArea: 60.5,
      details: {
        share: 0.95,
        explanation: [],
        buildings: [
          {
            id: 7,
            name: "甲楼",
            distanceMeters: 3558,
            area: 40,
            floors: 1,
            rooms: [room(1, 25), room(2, 15)],
          },
          { id: 8, name: "乙楼", distanceMeters: 912, area: 20.5, floors: 1, rooms: [room(3, 20.5)] },
        ],
      },
    });
    expect(planFigures(reallocation)).toEqual({
      area: 60.5,
      share: 0.95,
      annualCost: 0,
      oneOffCost: 0,
      distanceMeters: 912,
      rooms: 3,
      buildings: 2,
    });
    expect(plannedRooms(reallocation).map((entry) => [entry.building, entry.id])).toEqual([
      ["甲楼", 1],
      ["甲楼", 2],
      ["乙楼", 3],
    ]);
  });

  it("takes a swap's nearest partner with a known distance, and a construction's one-off cost", () => {
    const swap = plan({
      method: "swap",
      details: {
        share: 1,
        explanation: [],
        partners: [
          { unitId: 1, name: "甲", surplus: 7, distanceMeters: null, buildingNames: [] },
          { unitId: 2, name: "乙", surplus: 9, distanceMeters: 638, buildingNames: [] },
        ],
      },
    });
    expect(planFigures(swap).distanceMeters).toBe(638);
    expect(plannedRooms(swap)).toEqual([]);
    const construction = plan({
      method: "construction",
      annualCost: 1665.9,
      details: { share: 1, explanation: [], oneOffCost: 83_295 },
    });
    expect(planFigures(construction)).toMatchObject({
      annualCost: 1665.9,
      oneOffCost: 83_295,
      distanceMeters: null,
    });
  });
});

describe("a request's position before it is filed", () => {
  it("finds the core line of the comparison", () => {
    const comparison = [
      { category: "office", entitled: 492, actual: 450.09, surplus: -41.91 },
      { category: "core", entitled: 841.48, actual: 829.45, surplus: -12.03 },
    ];
    expect(corePosition({ comparison })).toEqual(comparison[1]);
    expect(corePosition(null)).toBeUndefined();
  });

  it.each([
    [841.48, 829.45, 120],
    [841.48, 829.45, 10],
    [500, 620, 30],
    [100, 99.995, 0.01],
  ])(
    "agrees with the server's check (entitled %s, actual %s, requested %s)",
    (entitled, actual, requested) => {
      const server = checkRequest({ entitled, actual }, requested);
      expect(previewCheck({ entitled, actual }, requested)).toEqual({
        shortfall: server.shortfall,
        allocatable: server.allocatableArea,
        exceeds: server.exceedsEntitlement,
      });
    },
  );
});
