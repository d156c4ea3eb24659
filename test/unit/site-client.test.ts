import { describe, expect, it } from "vitest";
import type { Weights } from "../../client/api/site-types.js";
import { conversionSource, sitePoint, weightSum } from "../../client/state/sites.js";

const weights: Weights = {
  area: 20,
  contiguousArea: 10,
  accessibility: 10,
  condition: 10,
  clearTitle: 10,
  populationWithin: 25,
  facilityDistance: 15,
};

describe("the idle-site panel's helpers", () => {
  it("sums the weights to the hundredth, so 100 % is recognised and 99.5 % is not", () => {
    expect(weightSum(weights)).toBe(100);
    expect(weightSum({ ...weights, area: 19.5 })).toBe(99.5);
    expect(weightSum({ ...weights, area: 20.1, contiguousArea: 9.9 })).toBe(100);
  });

  it("places a site at the mean of its outline's vertices, the closing vertex counted once", () => {
    const square = {
      type: "Polygon" as const,
      coordinates: [
        [
          [124, 47],
          [124.002, 47],
          [124.002, 47.002],
          [124, 47.002],
          [124, 47],
        ],
      ],
    };
    const [lng, lat] = sitePoint(square);
    expect(lng).toBeCloseTo(124.001, 9);
    expect(lat).toBeCloseTo(47.001, 9);
    expect(sitePoint({ type: "Point", coordinates: [124.5, 47.8] })).toEqual([124.5, 47.8]);
    expect(sitePoint({ type: "MultiPolygon", coordinates: [square.coordinates] })[0]).toBeCloseTo(124.001, 9);
  });

  it("proposes a building, an asset or a lone room, and leaves a floor to the building panel", () => {
    expect(conversionSource({ id: "building:84", kind: "building", buildingId: 84, assetId: null })).toEqual({
      kind: "building",
      buildingId: 84,
    });
    expect(conversionSource({ id: "asset:10", kind: "asset", buildingId: null, assetId: 10 })).toEqual({
      kind: "asset",
      assetId: 10,
    });
    expect(conversionSource({ id: "room:45", kind: "room", buildingId: 7, assetId: null })).toEqual({
      kind: "rooms",
      buildingId: 7,
      roomIds: [45],
    });
    expect(conversionSource({ id: "floor:3", kind: "floor", buildingId: 7, assetId: null })).toBeUndefined();
  });
});
