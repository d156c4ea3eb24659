import type { Feature, MultiPolygon, Polygon } from "geojson";
import { encodeWkb } from "../../server/domain/wkb.js";
import type { GeoPackageLayerInput } from "../../server/formats/geopackage.js";

/** Three small buildings in 富裕县 with Chinese attributes: two polygons and one two-part multipolygon. */
export const buildingFeatures: Feature<Polygon | MultiPolygon, Record<string, string | number | null>>[] = [
  {
    type: "Feature",
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [124.47, 47.79],
          [124.4712, 47.79],
          [124.4712, 47.7908],
          [124.47, 47.7908],
          [124.47, 47.79],
        ],
      ],
    },
    properties: { name: "富裕县原县直机关办公楼（已腾退）", floors: 4, gross_area: 9019.5, note: "群众之家" },
  },
  {
    type: "Feature",
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [124.48, 47.8],
          [124.481, 47.8],
          [124.481, 47.8006],
          [124.48, 47.8006],
          [124.48, 47.8],
        ],
        [
          [124.4803, 47.8002],
          [124.4806, 47.8002],
          [124.4806, 47.8004],
          [124.4803, 47.8004],
          [124.4803, 47.8002],
        ],
      ],
    },
    properties: { name: "老年人俱乐部", floors: 2, gross_area: 1200.25, note: null },
  },
  {
    type: "Feature",
    geometry: {
      type: "MultiPolygon",
      coordinates: [
        [
          [
            [124.49, 47.81],
            [124.4905, 47.81],
            [124.4905, 47.8104],
            [124.49, 47.81],
          ],
        ],
        [
          [
            [124.4907, 47.81],
            [124.4912, 47.81],
            [124.4912, 47.8104],
            [124.4907, 47.81],
          ],
        ],
      ],
    },
    properties: { name: '县委党校 "东" 楼', floors: 3, gross_area: 2500, note: "两处" },
  },
];

/** A footprint as a multipolygon, as the export writes every footprint (PostGIS ST_Multi). */
export function asMultiPolygon(geometry: Polygon | MultiPolygon): MultiPolygon {
  return geometry.type === "MultiPolygon"
    ? geometry
    : { type: "MultiPolygon", coordinates: [geometry.coordinates] };
}

/** The fixture as a writeGeoPackage layer named 建筑, of multipolygons. */
export function buildingLayer(): GeoPackageLayerInput {
  return {
    name: "建筑",
    srsId: 4326,
    geometryType: "MULTIPOLYGON",
    fields: [
      { name: "name", type: "TEXT" },
      { name: "floors", type: "INTEGER" },
      { name: "gross_area", type: "REAL" },
      { name: "note", type: "TEXT" },
    ],
    features: buildingFeatures.map((feature) => ({
      geometryWkb: encodeWkb(asMultiPolygon(feature.geometry)),
      properties: feature.properties,
    })),
  };
}
