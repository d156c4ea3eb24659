import type { FeatureCollectionDefinition, PropertyDefinition } from "../../db/feature-collections.js";
import { parseBBox } from "../../domain/bbox.js";
import type { BBox } from "../../domain/geojson.js";
import { ApiError } from "../errors.js";

/** OGC API – Features: limit 1..10000; a larger limit is clamped to the maximum, not refused. */
export const MAX_LIMIT = 10_000;
export const DEFAULT_LIMIT = 100;
const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

export interface ItemsQuery {
  readonly bbox: BBox | undefined;
  readonly filters: ReadonlyArray<readonly [string, string | number | boolean]>;
  readonly limit: number;
  readonly offset: number;
}

const standardParameters = new Set(["bbox", "bbox-crs", "limit", "offset", "f", "datetime"]);

function invalid(parameter: string, message: string): never {
  throw new ApiError("invalid_request", `${parameter}: ${message}`, [{ path: parameter, message }]);
}

function wholeNumber(parameter: string, text: string): number {
  if (!/^\d+$/.test(text)) invalid(parameter, `must be a whole number, got "${text}"`);
  return Number(text);
}

function propertyValue(
  name: string,
  definition: PropertyDefinition,
  text: string,
): string | number | boolean {
  switch (definition.type) {
    case "string":
      if (definition.enum && !definition.enum.includes(text))
        invalid(name, `must be one of ${definition.enum.join(", ")}`);
      return text;
    case "integer":
      if (!/^-?\d+$/.test(text)) invalid(name, `must be an integer, got "${text}"`);
      return Number(text);
    case "number": {
      const value = Number(text);
      if (text.trim() === "" || !Number.isFinite(value)) invalid(name, `must be a number, got "${text}"`);
      return value;
    }
    case "boolean":
      if (text !== "true" && text !== "false") invalid(name, `must be true or false, got "${text}"`);
      return text === "true";
    default: {
      const unreachable: never = definition.type;
      return unreachable;
    }
  }
}

/**
 * Parses the query of /collections/{id}/items: bbox (4 or 6 numbers, CRS84), limit, offset and
 * equality filters on the collection's queryables. Anything else is refused with a 400 naming it.
 */
export function parseItemsQuery(collection: FeatureCollectionDefinition, url: URL): ItemsQuery {
  const unknown: string[] = [];
  const filters: Array<[string, string | number | boolean]> = [];
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    if (values.length > 1) invalid(name, "may be given only once");
    const definition = collection.properties[name];
    if (standardParameters.has(name)) continue;
    if (definition?.queryable) filters.push([name, propertyValue(name, definition, values[0] ?? "")]);
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    const queryables = Object.entries(collection.properties)
      .filter(([, definition]) => definition.queryable)
      .map(([name]) => name);
    throw new ApiError(
      "invalid_request",
      `Unknown parameter(s): ${unknown.join(", ")}. Known: ${[...standardParameters, ...queryables].join(", ")}`,
      unknown.map((name) => ({ path: name, message: "unknown parameter" })),
    );
  }
  const format = url.searchParams.get("f");
  if (format !== null && format !== "json" && format !== "geojson")
    invalid("f", "only json (GeoJSON) is offered");
  const crs = url.searchParams.get("bbox-crs");
  if (crs !== null && crs !== CRS84) invalid("bbox-crs", `only ${CRS84} is supported`);
  const limitText = url.searchParams.get("limit");
  const limit = limitText === null ? DEFAULT_LIMIT : Math.min(wholeNumber("limit", limitText), MAX_LIMIT);
  if (limit < 1) invalid("limit", "must be at least 1");
  const offsetText = url.searchParams.get("offset");
  const offset = offsetText === null ? 0 : wholeNumber("offset", offsetText);
  return { bbox: parseOgcBBox(url.searchParams.get("bbox")), filters, limit, offset };
}

/** bbox with 4 numbers, or 6 (with heights, which are ignored: the inventory is 2D). */
function parseOgcBBox(text: string | null): BBox | undefined {
  if (text === null) return undefined;
  const parts = text.split(",");
  if (parts.length !== 4 && parts.length !== 6) {
    invalid(
      "bbox",
      `needs 4 or 6 comma-separated numbers (minLng,minLat,maxLng,maxLat), got ${parts.length}`,
    );
  }
  const parsed = parseBBox(parts.length === 6 ? [parts[0], parts[1], parts[3], parts[4]].join(",") : text);
  if (!parsed.ok) invalid("bbox", parsed.message);
  return parsed.bbox;
}
