import type { Position } from "../geojson.js";
import type { ColumnMapping } from "./mapping.js";
import type { TargetField } from "./targets.js";

/** One row of a source file: its line (CSV/XLSX row, feature or record number, 1-based) and cells. */
export interface SourceRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, unknown>>;
}

/** A row-level problem, as the dry run reports it. */
export interface RowError {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
}

export interface ConvertOptions {
  /** Applied to every position of a geometry (e.g. GCJ-02 → WGS84). */
  readonly transformPosition?: (position: Position) => Position;
}

export type Converted = Readonly<Record<string, unknown>>;

const TRUE_WORDS = new Set(["是", "true", "yes", "y", "1", "√", "✓", "t"]);
const FALSE_WORDS = new Set(["否", "false", "no", "n", "0", "×", "✗", "f"]);

const isBlank = (value: unknown) =>
  value === null || value === undefined || (typeof value === "string" && value.trim() === "");

type Outcome = { ok: true; value: unknown } | { ok: false; reason: string };
const ok = (value: unknown): Outcome => ({ ok: true, value });
const fail = (reason: string): Outcome => ({ ok: false, reason });

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim().replace(/[,，\s]/g, "");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function toDate(value: unknown): string | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value !== "string") return undefined;
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

function checkRange(field: TargetField, value: number): Outcome {
  if (field.min !== undefined && (field.exclusiveMin ? value <= field.min : value < field.min))
    return fail(`${value} must be ${field.exclusiveMin ? "greater than" : "at least"} ${field.min}`);
  if (field.max !== undefined && value > field.max) return fail(`${value} must be at most ${field.max}`);
  return ok(value);
}

function ringProblem(ring: unknown): string | undefined {
  if (!Array.isArray(ring) || ring.length < 4) return "a ring needs at least 4 positions";
  for (const position of ring) {
    if (!Array.isArray(position) || position.length < 2) return "a position is not [lon, lat]";
    const [lon, lat] = position as unknown[];
    if (typeof lon !== "number" || typeof lat !== "number" || !Number.isFinite(lon) || !Number.isFinite(lat))
      return "a position is not [lon, lat]";
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90)
      return `[${lon}, ${lat}] is not lon/lat in degrees (projected coordinates?)`;
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) return "a ring is not closed";
  return undefined;
}

function toPolygon(value: unknown, options: ConvertOptions): Outcome {
  const geometry = value as { type?: unknown; coordinates?: unknown };
  if (typeof geometry !== "object" || geometry === null) return fail("not a geometry");
  let rings: unknown = geometry.coordinates;
  if (geometry.type === "MultiPolygon") {
    if (!Array.isArray(rings) || rings.length !== 1)
      return fail(
        `a MultiPolygon of ${Array.isArray(rings) ? rings.length : 0} parts; a building needs one polygon`,
      );
    rings = rings[0];
  } else if (geometry.type !== "Polygon") {
    return fail(`a ${String(geometry.type)}; a building footprint must be a Polygon`);
  }
  if (!Array.isArray(rings) || rings.length === 0) return fail("a polygon without rings");
  for (const ring of rings) {
    const problem = ringProblem(ring);
    if (problem) return fail(problem);
  }
  const transform = options.transformPosition;
  const coordinates = (rings as Position[][]).map((ring) =>
    ring.map((position) =>
      transform ? transform(position) : [position[0] as number, position[1] as number],
    ),
  );
  return ok({ type: "Polygon", coordinates });
}

function convertCell(field: TargetField, value: unknown, options: ConvertOptions): Outcome {
  switch (field.type) {
    case "text": {
      const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim();
      if (field.maxLength !== undefined && text.length > field.maxLength)
        return fail(`longer than ${field.maxLength} characters`);
      return ok(text);
    }
    case "reference":
      return ok(String(value).trim());
    case "integer": {
      const number = toNumber(value);
      if (number === undefined || !Number.isInteger(number))
        return fail(`'${String(value)}' is not a whole number`);
      return checkRange(field, number);
    }
    case "number": {
      const number = toNumber(value);
      if (number === undefined) return fail(`'${String(value)}' is not a number`);
      return checkRange(field, number);
    }
    case "boolean": {
      if (typeof value === "boolean") return ok(value);
      const word = String(value).trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return ok(true);
      if (FALSE_WORDS.has(word)) return ok(false);
      return fail(`'${String(value)}' is not 是/否 (yes/no)`);
    }
    case "date": {
      const date = toDate(value);
      return date === undefined ? fail(`'${String(value)}' is not a date (YYYY-MM-DD)`) : ok(date);
    }
    case "enum": {
      const text = String(value).trim();
      for (const [stored, words] of Object.entries(field.values ?? {})) {
        if (stored === text.toLowerCase() || words.includes(text)) return ok(stored);
      }
      const allowed = Object.entries(field.values ?? {}).map(
        ([stored, words]) => `${stored}/${words[0] ?? ""}`,
      );
      return fail(`'${text}' is not one of ${allowed.join(", ")}`);
    }
    case "polygon":
      return toPolygon(value, options);
    default: {
      const unreachable: never = field.type;
      return unreachable;
    }
  }
}

/** Converts the mapped cells of one row to typed values; blank cells are absent (null). */
export function convertRow(
  fields: readonly TargetField[],
  mapping: ColumnMapping,
  row: SourceRow,
  options: ConvertOptions = {},
): { values: Converted; errors: RowError[] } {
  const values: Record<string, unknown> = {};
  const errors: RowError[] = [];
  for (const field of fields) {
    const column = mapping[field.name];
    const cell = column === undefined ? undefined : row.cells[column];
    if (isBlank(cell)) {
      values[field.name] = null;
      if (field.required) errors.push({ line: row.line, field: field.name, reason: "required, but empty" });
      continue;
    }
    const outcome = convertCell(field, cell, options);
    if (outcome.ok) values[field.name] = outcome.value;
    else errors.push({ line: row.line, field: field.name, reason: outcome.reason });
  }
  return { values, errors };
}

/** Lines whose key repeats an earlier line's (the earlier one is named in the reason). */
export function duplicatesWithin(
  rows: ReadonlyArray<{ line: number; key: string | null }>,
  field: string,
  describe: (key: string) => string,
): RowError[] {
  const firstLine = new Map<string, number>();
  const errors: RowError[] = [];
  for (const { line, key } of rows) {
    if (key === null) continue;
    const first = firstLine.get(key);
    if (first === undefined) firstLine.set(key, line);
    else errors.push({ line, field, reason: `${describe(key)} also on line ${first} of the file` });
  }
  return errors;
}
