import { describe, expect, it } from "vitest";
import { measure } from "../../client/map/measure-tool.js";

describe("geodesic measurement", () => {
  it("measures a degree of latitude as about 111.2 km", () => {
    const result = measure("distance", [
      [126, 45],
      [126, 46],
    ]);
    expect(result.meters / 1000).toBeCloseTo(111.19, 1);
    expect(result.squareMeters).toBe(0);
  });

  it("measures the area and perimeter of a 100 m square near Harbin", () => {
    // 100 m east–west at 45.75° N is 100 / (111,195 × cos 45.75°) degrees of longitude.
    const dLng = 100 / (111_195 * Math.cos((45.75 * Math.PI) / 180));
    const dLat = 100 / 111_195;
    const result = measure("area", [
      [126.65, 45.75],
      [126.65 + dLng, 45.75],
      [126.65 + dLng, 45.75 + dLat],
      [126.65, 45.75 + dLat],
    ]);
    expect(result.squareMeters).toBeGreaterThan(9_950);
    expect(result.squareMeters).toBeLessThan(10_050);
    expect(result.meters).toBeCloseTo(400, -1);
  });

  it("needs two points for a length and three for an area", () => {
    expect(measure("distance", [[126, 45]]).meters).toBe(0);
    const two = measure("area", [
      [126, 45],
      [126.01, 45],
    ]);
    expect(two.squareMeters).toBe(0);
    expect(two.meters).toBeGreaterThan(0);
  });
});
