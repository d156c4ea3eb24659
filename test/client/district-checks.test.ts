import area from "@turf/area";
import fc from "fast-check";
import type { Polygon, Position } from "geojson";
import { describe, expect, it } from "vitest";
import {
  districtProblem,
  MAX_ZONE_AREA,
  MIN_ZONE_AREA,
  segmentsMeet,
  selfIntersection,
} from "../../client/map/district-checks.js";
import * as server from "../../server/domain/zones/zone-analysis.js";

const polygon = (ring: Position[]): Polygon => ({
  type: "Polygon",
  coordinates: [[...ring, ring[0] as Position]],
});
/** A square of `side` metres near Harbin. */
const square = (side: number) => {
  const dLng = side / (111_195 * Math.cos((45.75 * Math.PI) / 180));
  const dLat = side / 111_195;
  return polygon([
    [126.65, 45.75],
    [126.65 + dLng, 45.75],
    [126.65 + dLng, 45.75 + dLat],
    [126.65, 45.75 + dLat],
  ]);
};
const checked = (shape: Polygon) => districtProblem(shape, area(shape));

describe("a drawn district's checks", () => {
  it("use the server's limits", () => {
    expect(MIN_ZONE_AREA).toBe(server.MIN_ZONE_AREA);
    expect(MAX_ZONE_AREA).toBe(server.MAX_ZONE_AREA);
  });

  it("refuse a district below the minimum area and accept one above it", () => {
    expect(checked(square(9))).toMatchObject({ kind: "too-small" });
    expect((checked(square(9)) as { area: number }).area).toBeCloseTo(81, 0);
    expect(checked(square(11))).toBeUndefined();
  });

  it("refuse a district above 50 km²", () => {
    expect(checked(square(7200))).toMatchObject({ kind: "too-large" });
    expect(checked(square(7000))).toBeUndefined();
  });

  it("find where a bow-tie crosses itself", () => {
    const bowTie = polygon([
      [126.65, 45.75],
      [126.66, 45.76],
      [126.66, 45.75],
      [126.65, 45.76],
    ]);
    const problem = districtProblem(bowTie, 1e6);
    expect(problem?.kind).toBe("self-intersection");
    const at = (problem as { at: Position }).at;
    expect(at[0]).toBeCloseTo(126.655, 9);
    expect(at[1]).toBeCloseTo(45.755, 9);
  });

  it("find a corner touching another edge", () => {
    const ring = polygon([
      [0, 0],
      [4, 0],
      [4, 4],
      [2, 0], // on the first edge
      [0, 4],
    ]).coordinates[0] as Position[];
    expect(selfIntersection(ring)).toEqual([2, 0]);
  });

  it("tell crossing segments from parallel and apart ones", () => {
    expect(segmentsMeet([0, 0], [2, 2], [0, 2], [2, 0])).toEqual([1, 1]);
    expect(segmentsMeet([0, 0], [2, 0], [0, 1], [2, 1])).toBeUndefined();
    expect(segmentsMeet([0, 0], [1, 1], [2, 0], [3, -1])).toBeUndefined();
  });

  it("pass every convex polygon and catch it with two neighbouring corners swapped", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 359 }), { minLength: 4, maxLength: 24 }),
        fc.nat(),
        (degrees, pick) => {
          // Corners on a circle in angle order make a convex ring; 4+ corners apart by ≥ 1°.
          const corners = [...degrees]
            .sort((a, b) => a - b)
            .map(
              (degree): Position => [Math.cos((degree * Math.PI) / 180), Math.sin((degree * Math.PI) / 180)],
            );
          const ring = [...corners, corners[0] as Position];
          expect(selfIntersection(ring)).toBeUndefined();
          const i = pick % corners.length;
          const j = (i + 1) % corners.length;
          const swapped = [...corners];
          [swapped[i], swapped[j]] = [swapped[j] as Position, swapped[i] as Position];
          expect(selfIntersection([...swapped, swapped[0] as Position])).toBeDefined();
        },
      ),
    );
  });
});
