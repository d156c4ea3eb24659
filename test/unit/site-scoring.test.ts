import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CriterionName,
  conditions,
  criterionNames,
  type Influence,
  targetProfiles,
  targetUses,
} from "../../server/domain/sites/site-criteria.js";
import {
  criterionValue,
  normalise,
  type SiteFacts,
  scoreBound,
  scoreSite,
  scoringSettings,
  weightProblems,
} from "../../server/domain/sites/site-scoring.js";

const facts: SiteFacts = {
  usableArea: 3150,
  contiguousArea: 400,
  accessible: true,
  condition: "fair",
  clearTitle: false,
  populationWithin: 25_000,
  facilityDistance: 1500,
};

describe("site suitability score", () => {
  it("every target use's default weights sum to 100 %", () => {
    for (const use of targetUses) {
      const weights = targetProfiles[use].weights;
      expect(
        Object.values(weights).reduce((sum, weight) => sum + weight, 0),
        use,
      ).toBe(100);
      expect(weightProblems(weights)).toEqual([]);
    }
  });

  it("scores a 群众之家 candidate as computed by hand", () => {
    // people_home: area 300→6000 m² (3150: 50), contiguous 0→800 (400: 50), access (100), fair 2 of 3
    // (66.67), no clear title (0), population 0→100,000 (25,000: 25), facility 0→3,000 m (1,500: 50).
    // Weighted: (20×50 + 10×50 + 10×100 + 10×66.667 + 10×0 + 25×25 + 15×50) / 100 = 45.42.
    const { score, criteria } = scoreSite(facts, scoringSettings("people_home"));
    expect(score).toBe(45.42);
    expect(criteria.area).toMatchObject({ value: 3150, score: 50, weight: 20, contribution: 10 });
    expect(criteria.condition).toMatchObject({ value: 2, score: 66.67, contribution: 6.67 });
    expect(criteria.clearTitle).toMatchObject({ value: 0, score: 0, contribution: 0 });
    expect(criteria.populationWithin).toMatchObject({ score: 25, weight: 25, contribution: 6.25 });
    expect(criteria.facilityDistance).toMatchObject({ value: 1500, score: 50, contribution: 7.5 });
  });

  it("normalises positive, inverse and ideal-value influences", () => {
    expect(normalise(150, { influence: "positive", low: 100, high: 200 })).toBe(50);
    expect(normalise(50, { influence: "positive", low: 100, high: 200 })).toBe(0);
    expect(normalise(250, { influence: "positive", low: 100, high: 200 })).toBe(100);
    expect(normalise(125, { influence: "inverse", low: 100, high: 200 })).toBe(75);
    const around800: Influence = { influence: "ideal", ideal: 800, tolerance: 1500 };
    expect(normalise(800, around800)).toBe(100);
    expect(normalise(1550, around800)).toBe(50);
    expect(normalise(50, around800)).toBe(50);
    expect(normalise(2300, around800)).toBe(0);
    // No facility of the kind: as far away as can be.
    expect(normalise(null, { influence: "positive", low: 0, high: 2000 })).toBe(100);
    expect(normalise(null, { influence: "inverse", low: 0, high: 2000 })).toBe(0);
  });

  it("replaces the default weights wholesale and keeps the default influences", () => {
    const settings = scoringSettings("elderly_club", { area: 60, populationWithin: 40 });
    expect(settings.weights).toEqual({
      area: 60,
      contiguousArea: 0,
      accessibility: 0,
      condition: 0,
      clearTitle: 0,
      populationWithin: 40,
      facilityDistance: 0,
    });
    expect(settings.influences.area).toEqual({ influence: "ideal", ideal: 800, tolerance: 1500 });
    expect(weightProblems({ area: 60, populationWithin: 30 })).toEqual([
      "The weights must sum to 100 (%); these sum to 90",
    ]);
    expect(weightProblems({ area: 33.33, populationWithin: 33.33, condition: 33.34 })).toEqual([]);
  });
});

const factsArbitrary: fc.Arbitrary<SiteFacts> = fc.record({
  usableArea: fc.double({ min: 1, max: 100_000, noNaN: true }),
  contiguousArea: fc.double({ min: 0, max: 10_000, noNaN: true }),
  accessible: fc.boolean(),
  condition: fc.constantFrom(...conditions),
  clearTitle: fc.boolean(),
  populationWithin: fc.integer({ min: 0, max: 1_000_000 }),
  facilityDistance: fc.option(fc.double({ min: 0, max: 50_000, noNaN: true }), { nil: null }),
});

/** Seven non-negative whole weights summing to 100. */
const weightsArbitrary = fc
  .array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 })
  .map((cuts) => {
    const sorted = [0, ...cuts.sort((a, b) => a - b), 100];
    return Object.fromEntries(
      criterionNames.map((name, index) => [name, (sorted[index + 1] as number) - (sorted[index] as number)]),
    ) as Record<CriterionName, number>;
  });

const influenceArbitrary: fc.Arbitrary<Influence> = fc.oneof(
  fc
    .tuple(
      fc.double({ min: -1000, max: 1000, noNaN: true }),
      fc.double({ min: 1, max: 100_000, noNaN: true }),
    )
    .map(([low, span]) => ({ influence: "positive" as const, low, high: low + span })),
  fc
    .tuple(
      fc.double({ min: -1000, max: 1000, noNaN: true }),
      fc.double({ min: 1, max: 100_000, noNaN: true }),
    )
    .map(([low, span]) => ({ influence: "inverse" as const, low, high: low + span })),
  fc
    .tuple(fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ min: 1, max: 10_000, noNaN: true }))
    .map(([ideal, tolerance]) => ({ influence: "ideal" as const, ideal, tolerance })),
);

describe("site suitability score: properties", () => {
  it("stays within 0–100 and equals the sum of its parts", () => {
    fc.assert(
      fc.property(factsArbitrary, weightsArbitrary, fc.constantFrom(...targetUses), (site, weights, use) => {
        const { score, criteria } = scoreSite(site, scoringSettings(use, weights));
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        const parts = Object.values(criteria);
        for (const part of parts) {
          expect(part.score).toBeGreaterThanOrEqual(0);
          expect(part.score).toBeLessThanOrEqual(100);
        }
        expect(Math.abs(parts.reduce((sum, part) => sum + part.contribution, 0) - score)).toBeLessThan(0.05);
      }),
      { numRuns: 300 },
    );
  });

  it("responds monotonically to each criterion: up with positive, down with inverse, up towards the ideal", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5000, max: 200_000, noNaN: true }),
        fc.double({ min: -5000, max: 200_000, noNaN: true }),
        influenceArbitrary,
        (a, b, rule) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const [near, far] =
            rule.influence === "ideal"
              ? Math.abs(a - rule.ideal) <= Math.abs(b - rule.ideal)
                ? [a, b]
                : [b, a]
              : [low, high];
          if (rule.influence === "positive")
            expect(normalise(high, rule)).toBeGreaterThanOrEqual(normalise(low, rule));
          if (rule.influence === "inverse")
            expect(normalise(high, rule)).toBeLessThanOrEqual(normalise(low, rule));
          if (rule.influence === "ideal")
            expect(normalise(near, rule)).toBeGreaterThanOrEqual(normalise(far, rule));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a site better on one positive criterion, equal on the rest, never scores lower", () => {
    fc.assert(
      fc.property(
        factsArbitrary,
        weightsArbitrary,
        fc.constantFrom(
          "usableArea",
          "contiguousArea",
          "populationWithin",
          "facilityDistance",
        ) as fc.Arbitrary<"usableArea" | "contiguousArea" | "populationWithin" | "facilityDistance">,
        fc.double({ min: 0, max: 50_000, noNaN: true }),
        (site, weights, field, more) => {
          // startup_incubator scores these four with positive influences.
          const settings = scoringSettings("startup_incubator", weights);
          const better: SiteFacts = { ...site, [field]: (site[field] ?? Number.POSITIVE_INFINITY) + more };
          expect(scoreSite(better, settings).score).toBeGreaterThanOrEqual(scoreSite(site, settings).score);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never scores above its bound, whatever the spatial facts", () => {
    fc.assert(
      fc.property(factsArbitrary, weightsArbitrary, fc.constantFrom(...targetUses), (site, weights, use) => {
        const settings = scoringSettings(use, weights);
        // The score is rounded to 0.01 (half up): at most 0.005 above the exact bound, plus float error.
        expect(scoreSite(site, settings).score).toBeLessThanOrEqual(
          scoreBound(site, settings) + 0.005 + 1e-9,
        );
      }),
      { numRuns: 300 },
    );
  });

  it("reads each criterion's value from the facts", () => {
    expect(criterionNames.map((name) => criterionValue(facts, name))).toEqual([
      3150, 400, 1, 2, 0, 25_000, 1500,
    ]);
  });
});
