import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CoveringInstance,
  coveredPopulation,
  coveringLp,
  greedyCovering,
  optimalCovering,
} from "../../server/domain/sites/maximal-covering.js";

// Points a (3 people), b (3), c (2), d (2). Site G reaches a and b, L reaches a and c, R reaches b and d.
// Greedy takes G (6) first and then L or R (+2) = 8; the optimum for k = 2 is L + R = 10.
const trap: CoveringInstance = {
  population: [3, 3, 2, 2],
  reach: [
    [0, 1],
    [0, 2],
    [1, 3],
  ],
};

/** The best coverage over every choice of at most k sites. */
function bruteForce(instance: CoveringInstance, k: number): number {
  const n = instance.reach.length;
  let best = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    const sites = [...Array(n).keys()].filter((site) => mask & (1 << site));
    if (sites.length <= k) best = Math.max(best, coveredPopulation(instance, sites));
  }
  return best;
}

const instanceArbitrary = fc
  .tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 8 }))
  .chain(([points, sites]) =>
    fc.record({
      population: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: points, maxLength: points }),
      reach: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: points - 1 }), { maxLength: points }), {
        minLength: sites,
        maxLength: sites,
      }),
    }),
  );

describe("maximal covering location problem", () => {
  it("counts a demand point reached by several sites once", () => {
    expect(coveredPopulation(trap, [0, 1])).toBe(8);
    expect(coveredPopulation(trap, [0, 1, 2])).toBe(10);
    expect(coveredPopulation(trap, [])).toBe(0);
  });

  it("greedy falls into the trap, HiGHS does not", async () => {
    expect(greedyCovering(trap, 2)).toEqual({ sites: [0, 1], covered: 8 });
    const optimal = await optimalCovering(trap, 2);
    expect(optimal).toMatchObject({ sites: [1, 2], covered: 10, status: "optimal", gap: 0 });
    // With the greedy choice as the start the answer is the same.
    expect((await optimalCovering(trap, 2, 10, [0, 1])).covered).toBe(10);
  });

  it("writes the model deterministically, without sites or points that do not matter", () => {
    const { text, sites } = coveringLp({ population: [5, 0, 7], reach: [[0, 1], [], [1, 2]] }, 1);
    expect(sites).toEqual([0, 2]);
    expect(text).toBe(
      [
        "Maximize",
        " obj: 5 y0 + 7 y2",
        "Subject To",
        " c0: y0 - x0 <= 0",
        " c2: y2 - x2 <= 0",
        " k: x0 + x2 <= 1",
        "Bounds",
        " 0 <= y0 <= 1",
        " 0 <= y2 <= 1",
        "Binary",
        " x0 x2",
        "End",
      ].join("\n"),
    );
  });

  it("an empty instance chooses nothing", async () => {
    expect(await optimalCovering({ population: [], reach: [] }, 3)).toMatchObject({ sites: [], covered: 0 });
    expect(greedyCovering({ population: [4], reach: [[]] }, 3)).toEqual({ sites: [], covered: 0 });
  });

  it("adding a site never lowers coverage", () => {
    fc.assert(
      fc.property(instanceArbitrary, fc.array(fc.nat()), fc.nat(), (instance, picks, extra) => {
        const n = instance.reach.length;
        const sites = [...new Set(picks.map((pick) => pick % n))];
        const more = [...sites, extra % n];
        expect(coveredPopulation(instance, more)).toBeGreaterThanOrEqual(coveredPopulation(instance, sites));
      }),
      { numRuns: 300 },
    );
  });

  it("HiGHS finds the brute-force optimum; greedy is never better and within 1 − 1/e of it", async () => {
    await fc.assert(
      fc.asyncProperty(instanceArbitrary, fc.integer({ min: 1, max: 4 }), async (instance, k) => {
        const best = bruteForce(instance, k);
        const optimal = await optimalCovering(instance, k);
        expect(optimal.covered).toBe(best);
        expect(optimal.sites.length).toBeLessThanOrEqual(k);
        expect(coveredPopulation(instance, optimal.sites)).toBe(optimal.covered);
        const greedy = greedyCovering(instance, k);
        expect(greedy.covered).toBeLessThanOrEqual(best);
        expect(greedy.covered).toBeGreaterThanOrEqual((1 - 1 / Math.E) * best - 1e-9);
      }),
      { numRuns: 60 },
    );
  });
});
