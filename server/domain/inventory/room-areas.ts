// Usable areas are numeric(10, 2) m² in the ledger: all bookkeeping here is in whole cents (0.01 m²)
// so that splitting and merging never gain or lose area to floating point.

/** m² to whole hundredths of a m². */
export const toCents = (area: number): number => Math.round(area * 100);
/** Whole hundredths of a m² back to m². */
export const fromCents = (cents: number): number => cents / 100;

/** How far the parts of a split may miss the room's area, in m² (survey rounding). */
export const SPLIT_TOLERANCE = 0.01;

export type SplitAreas =
  | { readonly ok: true; readonly areas: readonly number[] }
  | { readonly ok: false; readonly message: string };

/**
 * The areas of a split room's parts, in m² to the cent, adding up exactly to the room's area: the parts
 * as given must add up to it within 0.01 m²; what rounding to cents leaves over goes to the first part.
 */
export function splitAreas(roomArea: number, partAreas: readonly number[]): SplitAreas {
  const given = partAreas.reduce((sum, area) => sum + area, 0);
  if (Math.abs(given - roomArea) > SPLIT_TOLERANCE + 1e-9) {
    return {
      ok: false,
      message: `The parts add up to ${round2(given)} m² but the room has ${round2(roomArea)} m² (they must agree within ${SPLIT_TOLERANCE} m²)`,
    };
  }
  const cents = partAreas.map(toCents);
  const rest = toCents(roomArea) - cents.reduce((sum, value) => sum + value, 0);
  const first = (cents[0] ?? 0) + rest;
  if (first <= 0) return { ok: false, message: "Every part needs a usable area above 0 m²" };
  if (cents.some((value) => value <= 0))
    return { ok: false, message: "Every part needs a usable area of at least 0.01 m²" };
  return { ok: true, areas: [first, ...cents.slice(1)].map(fromCents) };
}

/** The area of rooms merged into one, in m² to the cent. */
export function mergedArea(areas: readonly number[]): number {
  return fromCents(areas.reduce((sum, area) => sum + toCents(area), 0));
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Which of several rooms' values a merged room takes: their one common value, or the one chosen. */
export type MergedValue<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly values: readonly T[] };

/** The value the merged room takes for one field: `chosen` if given, else the rooms' common value. */
export function mergedValue<T>(values: readonly T[], chosen: T | undefined): MergedValue<T> {
  if (chosen !== undefined) return { ok: true, value: chosen };
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? { ok: true, value: distinct[0] as T } : { ok: false, values: distinct };
}
