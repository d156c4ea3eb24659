// Pure helpers of the idle-site panel (no DOM, no deck.gl): weights, site points, conversion sources.
import type { Position } from "geojson";
import {
  type Conversion,
  type ConversionSource,
  CRITERIA,
  type Site,
  type Weights,
} from "../api/site-types.js";

/** The weights' sum in per cent, to 1/100 (the server wants exactly 100). */
export const weightSum = (weights: Weights) =>
  Math.round(CRITERIA.reduce((sum, criterion) => sum + weights[criterion], 0) * 100) / 100;

/** A site's point: the mean of its outline's vertices (a footprint is small and convex enough for a marker). */
export function sitePoint(geometry: Site["geometry"]): [number, number] {
  const ring: Position[] =
    geometry.type === "Point"
      ? [geometry.coordinates]
      : geometry.type === "Polygon"
        ? (geometry.coordinates[0] ?? [])
        : (geometry.coordinates[0]?.[0] ?? []);
  // A closed ring repeats its first vertex.
  const vertices = ring.length > 1 ? ring.slice(0, -1) : ring;
  const sum = vertices.reduce<[number, number]>(
    (total, [lng = 0, lat = 0]) => [total[0] + lng, total[1] + lat],
    [0, 0],
  );
  return vertices.length === 0 ? [0, 0] : [sum[0] / vertices.length, sum[1] / vertices.length];
}

/** The site id (for coverage) of what a conversion converts: its building, its first room or its asset. */
export function sourceSiteId(source: Conversion["source"]): string | undefined {
  if (source.kind === "asset" && source.assetId !== null) return `asset:${source.assetId}`;
  if (source.kind === "rooms" && source.roomIds?.[0] !== undefined) return `room:${source.roomIds[0]}`;
  if (source.buildingId !== null) return `building:${source.buildingId}`;
  return undefined;
}

/**
 * What a site converts: a whole building, a lone room or an asset; undefined for a floor (its rooms are
 * chosen in the building panel).
 */
export function conversionSource(
  site: Pick<Site, "id" | "kind" | "buildingId" | "assetId">,
): ConversionSource | undefined {
  const id = Number(site.id.split(":")[1]);
  if (site.kind === "building" && site.buildingId !== null)
    return { kind: "building", buildingId: site.buildingId };
  if (site.kind === "asset" && site.assetId !== null) return { kind: "asset", assetId: site.assetId };
  if (site.kind === "room" && site.buildingId !== null && Number.isInteger(id))
    return { kind: "rooms", buildingId: site.buildingId, roomIds: [id] };
  return undefined;
}
