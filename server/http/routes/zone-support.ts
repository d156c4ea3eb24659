import { z } from "@hono/zod-openapi";
import type { Kysely } from "kysely";
import { footprintFacts } from "../../db/repositories/inventory-edit.repository.js";
import type { Database } from "../../db/schema.js";
import { checkArealGeometry } from "../../domain/areal-geometry.js";
import type { MultiPolygon } from "../../domain/geojson.js";
import { MAX_ZONE_AREA, MIN_ZONE_AREA } from "../../domain/zones/zone-analysis.js";
import { ApiError } from "../errors.js";

// What the zone and zone-analysis routes share: the drawn geometry, checked once the same way.

/** A GeoJSON Polygon or MultiPolygon in WGS84; checked by checkedZone with messages naming the problem. */
export const zoneGeometryField = z.unknown().openapi({
  description: "GeoJSON Polygon or MultiPolygon, WGS84 [lng, lat]",
  example: {
    type: "Polygon",
    coordinates: [
      [
        [126.66, 45.75],
        [126.68, 45.75],
        [126.68, 45.76],
        [126.66, 45.75],
      ],
    ],
  },
});

const coordinate = (value: number) => String(Number(value.toFixed(6)));
const squareMeters = (area: number) => `${Math.round(area).toLocaleString("en-US")} m²`;

export interface CheckedZone {
  readonly geometry: MultiPolygon;
  /** Geodesic area, m². */
  readonly area: number;
  /** The lowest region covering the whole zone, else the one containing its point on surface. */
  readonly regionCode: string | null;
}

/**
 * The zone's geometry or a 400 naming what is wrong: type, emptiness, CRS or coordinate range
 * (checkArealGeometry), validity with the location PostGIS reports (ST_IsValidDetail: "Self-intersection
 * at 126.1 45.7"), and an area between MIN_ZONE_AREA and MAX_ZONE_AREA.
 */
export async function checkedZone(
  db: Kysely<Database>,
  input: unknown,
  path = "geometry",
): Promise<CheckedZone> {
  const invalid = (message: string) =>
    new ApiError("invalid_request", `Invalid zone geometry: ${message}`, [{ path, message }]);
  const checked = checkArealGeometry(input, { noun: "zone" });
  if (!checked.ok) throw invalid(checked.message);
  const facts = await footprintFacts(db, checked.geometry);
  if (!facts.valid) {
    const where = facts.at ? ` at ${coordinate(facts.at[0])} ${coordinate(facts.at[1])}` : "";
    throw invalid(`${facts.reason}${where}`);
  }
  if (facts.area < MIN_ZONE_AREA)
    throw invalid(
      `The zone covers ${facts.area.toFixed(2)} m², less than the minimum of ${MIN_ZONE_AREA} m²`,
    );
  if (facts.area > MAX_ZONE_AREA)
    throw invalid(
      `The zone covers ${squareMeters(facts.area)}, more than the maximum of ${squareMeters(MAX_ZONE_AREA)} (50 km²)`,
    );
  return {
    geometry: checked.geometry,
    area: facts.area,
    regionCode: facts.coveringRegionCode ?? facts.regionCode,
  };
}
