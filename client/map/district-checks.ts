import type { Polygon, Position } from "geojson";

// The checks a drawn office district must pass, made in the browser so the planner reads what is
// wrong beside the drawing instead of a 400 from POST /api/analysis/zone. The server stays the judge
// (server/http/routes/zone-support.ts); these mirror its limits.

/** server/domain/zones/zone-analysis.ts MIN_ZONE_AREA: smaller is a slip of the mouse (m², geodesic). */
export const MIN_ZONE_AREA = 100;
/** server/domain/zones/zone-analysis.ts MAX_ZONE_AREA: 50 km² (m², geodesic). */
export const MAX_ZONE_AREA = 50_000_000;

export type DistrictProblem =
  | { readonly kind: "too-small"; readonly area: number }
  | { readonly kind: "too-large"; readonly area: number }
  | { readonly kind: "self-intersection"; readonly at: Position };

const cross = (o: Position, a: Position, b: Position) =>
  ((a[0] ?? 0) - (o[0] ?? 0)) * ((b[1] ?? 0) - (o[1] ?? 0)) -
  ((a[1] ?? 0) - (o[1] ?? 0)) * ((b[0] ?? 0) - (o[0] ?? 0));

/** Where segments ab and cd meet (touching counts), if they do. */
export function segmentsMeet(a: Position, b: Position, c: Position, d: Position): Position | undefined {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  const within = (p: Position, q: Position, r: Position) =>
    Math.min(p[0] ?? 0, q[0] ?? 0) <= (r[0] ?? 0) &&
    (r[0] ?? 0) <= Math.max(p[0] ?? 0, q[0] ?? 0) &&
    Math.min(p[1] ?? 0, q[1] ?? 0) <= (r[1] ?? 0) &&
    (r[1] ?? 0) <= Math.max(p[1] ?? 0, q[1] ?? 0);
  if (d1 * d2 < 0 && d3 * d4 < 0) {
    const t = d1 / (d1 - d2);
    return [(a[0] ?? 0) + t * ((b[0] ?? 0) - (a[0] ?? 0)), (a[1] ?? 0) + t * ((b[1] ?? 0) - (a[1] ?? 0))];
  }
  if (d1 === 0 && within(c, d, a)) return a;
  if (d2 === 0 && within(c, d, b)) return b;
  if (d3 === 0 && within(a, b, c)) return c;
  if (d4 === 0 && within(a, b, d)) return d;
  return undefined;
}

/**
 * The first point where a closed ring crosses or touches itself (segments that are not neighbours
 * along the ring), or undefined for a simple ring. Quadratic: drawn outlines have tens of corners.
 */
export function selfIntersection(ring: readonly Position[]): Position | undefined {
  const count = ring.length - 1;
  for (let i = 0; i < count; i++)
    for (let j = i + 2; j < count; j++) {
      if (i === 0 && j === count - 1) continue;
      const at = segmentsMeet(
        ring[i] as Position,
        ring[i + 1] as Position,
        ring[j] as Position,
        ring[j + 1] as Position,
      );
      if (at) return at;
    }
  return undefined;
}

/** What is wrong with a drawn district (area in m², geodesic), or undefined when it may be analysed. */
export function districtProblem(polygon: Polygon, area: number): DistrictProblem | undefined {
  for (const ring of polygon.coordinates) {
    const at = selfIntersection(ring);
    if (at) return { kind: "self-intersection", at };
  }
  if (area < MIN_ZONE_AREA) return { kind: "too-small", area };
  if (area > MAX_ZONE_AREA) return { kind: "too-large", area };
  return undefined;
}
