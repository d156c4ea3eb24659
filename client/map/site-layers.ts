import { ScatterplotLayer } from "@deck.gl/layers";
import type { Site } from "../api/site-types.js";

/** @deck.gl/maplibre places an interleaved layer before this MapLibre layer (not in deck's own prop types). */
type InterleavedProps = { beforeId?: string };

/** A site with the point it is drawn at. */
export type PlacedSite = Site & { readonly point: readonly [number, number] };

/** Marker radius in pixels: 6 at score 0, 18 at score 100. */
export function siteRadius(score: number): number {
  return 6 + (Math.max(0, Math.min(100, score)) / 100) * 12;
}

/** Green for the best, amber in the middle, red for the weakest (score 0–100). */
export function scoreColor(score: number): [number, number, number] {
  if (score >= 70) return [47, 125, 50];
  if (score >= 40) return [230, 150, 20];
  return [180, 35, 24];
}

/** The walking distance around each site (straight-line), as thin rings in metres. */
export function walkRadiusLayer(sites: readonly PlacedSite[], walkMeters: number) {
  return new ScatterplotLayer<PlacedSite, InterleavedProps>({
    id: "site-walk",
    data: [...sites],
    radiusUnits: "meters",
    stroked: true,
    filled: true,
    lineWidthUnits: "pixels",
    getLineWidth: 1,
    getLineColor: [31, 95, 155, 160],
    getFillColor: [31, 95, 155, 18],
    beforeId: "building-labels",
    getPosition: (site) => [site.point[0], site.point[1]],
    getRadius: walkMeters,
  });
}

/** The sites as circles sized and coloured by score; selected ones ringed in gold. */
export function siteLayer(sites: readonly PlacedSite[], selected: ReadonlySet<string>) {
  return new ScatterplotLayer<PlacedSite, InterleavedProps>({
    id: "sites",
    data: [...sites],
    pickable: true,
    radiusUnits: "pixels",
    stroked: true,
    lineWidthUnits: "pixels",
    getLineWidth: (site) => (selected.has(site.id) ? 3 : 1.5),
    getLineColor: (site) => (selected.has(site.id) ? [255, 196, 0, 255] : [255, 255, 255, 230]),
    beforeId: "building-labels",
    getPosition: (site) => [site.point[0], site.point[1]],
    getRadius: (site) => siteRadius(site.score),
    getFillColor: (site) => [...scoreColor(site.score), 210],
    updateTriggers: { getLineWidth: [...selected], getLineColor: [...selected] },
  });
}
