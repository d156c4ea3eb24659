import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Place } from "../domain/demo/generator.js";
import type { Areal, FeatureCollection } from "../domain/geojson.js";

/** data/geo of the project: real boundaries and division codes (see data/README.md). */
export const geoDataDirectory = fileURLToPath(new URL("../../data/geo/", import.meta.url));

export interface DivisionRow {
  readonly code: string;
  readonly name: string;
  readonly level: "province" | "prefecture" | "county" | "township";
  readonly parentCode: string | null;
}

function readText(name: string): string {
  return readFileSync(`${geoDataDirectory}${name}`, "utf8");
}

/** Parses a simple CSV (no quoted fields: the division and place files have none). */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = (header ?? "").split(",");
  return lines.map((line) => {
    const values = line.split(",");
    return Object.fromEntries(columns.map((column, index) => [column, values[index] ?? ""]));
  });
}

/** Province, prefectures and counties (GB/T 2260), then townships whose county is listed. */
export function readDivisions(): DivisionRow[] {
  const upper = parseCsv(readText("heilongjiang-divisions-gbt2260.csv")).map(
    (row): DivisionRow => ({
      code: row.code ?? "",
      name: row.name ?? "",
      level: row.level as DivisionRow["level"],
      parentCode: row.parent_code ? row.parent_code : null,
    }),
  );
  const known = new Set(upper.map((row) => row.code));
  const townships = parseCsv(readText("heilongjiang-townships-nbs2023.csv"))
    .filter((row) => known.has(row.county_code ?? ""))
    .map(
      (row): DivisionRow => ({
        code: row.code9 ?? "",
        name: row.name ?? "",
        level: "township",
        parentCode: row.county_code ?? null,
      }),
    );
  return [...upper, ...townships];
}

type Boundaries = FeatureCollection<Areal, { adcode?: string; code?: string; name: string }>;

function readBoundaries(name: string): Boundaries {
  return JSON.parse(readText(name)) as Boundaries;
}

/** Region polygons by code: the province outline, 13 prefectures, Harbin's and Qiqihar's counties. */
export function readRegionPolygons(): Map<string, Areal> {
  const polygons = new Map<string, Areal>();
  const outline = readBoundaries("heilongjiang-outline-dcw.wgs84.geojson").features[0];
  if (outline) polygons.set("230000", outline.geometry);
  for (const file of [
    "heilongjiang-prefectures.wgs84.geojson",
    "harbin-counties.wgs84.geojson",
    "qiqihar-counties.wgs84.geojson",
  ]) {
    for (const feature of readBoundaries(file).features) {
      if (feature.properties.adcode) polygons.set(feature.properties.adcode, feature.geometry);
    }
  }
  return polygons;
}

/** County-level polygons only (the level tenant records carry as region_code). */
export function readCountyPolygons(): Map<string, Areal> {
  const counties = new Map<string, Areal>();
  for (const [code, polygon] of readRegionPolygons()) {
    if (!code.endsWith("00")) counties.set(code, polygon);
  }
  return counties;
}

/** GeoNames populated places (CC-BY 4.0). */
export function readPlaces(): Place[] {
  return parseCsv(readText("heilongjiang-places-geonames.csv")).map((row) => ({
    name: row.name ?? "",
    population: Number(row.population ?? 0),
    position: [Number(row.lon_wgs84), Number(row.lat_wgs84)],
  }));
}
