/** The one GeoJSON vocabulary of Fangtu (RFC 7946): positions are [lng, lat] in WGS84. */
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon, Position } from "geojson";

export type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon, Position };

/** EPSG codes used in the schema and in queries. */
export const WGS84 = 4326;
export const WEB_MERCATOR = 3857;

/** [minLng, minLat, maxLng, maxLat] */
export type BBox = readonly [number, number, number, number];

export type Areal = Polygon | MultiPolygon;

/** Builds a FeatureCollection from features. */
export function featureCollection<G extends Geometry | null, P>(
  features: Feature<G, P>[],
): FeatureCollection<G, P> {
  return { type: "FeatureCollection", features };
}
