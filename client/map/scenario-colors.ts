import type { ScenarioActionKind } from "../api/scenario-types.js";

/** Arc colours by the kind of action that moved the space (the arcs and the panel's legend). */
export const actionColors: Readonly<Record<ScenarioActionKind, readonly [number, number, number]>> = {
  move: [47, 111, 171],
  swap: [142, 68, 173],
  chain: [230, 126, 34],
  vacate: [120, 130, 140],
  lease_in: [42, 157, 143],
  end_lease: [42, 157, 143],
  convert: [192, 57, 43],
  dispose: [192, 57, 43],
  allocate: [46, 125, 50],
};

/**
 * Fill of buildings a scenario changes: gains green, losses amber, emptied (disposal candidates) red,
 * occupants exchanged at an equal area (a swap) slate blue.
 */
export const changeColors = {
  gained: "#2e9d57",
  lost: "#e39b2d",
  emptied: "#c62828",
  exchanged: "#5c6bc0",
} as const;

/** Which of the change colours a building takes. */
export function changeKind(change: { occupiedDelta: number; emptied: boolean }): keyof typeof changeColors {
  if (change.emptied) return "emptied";
  if (change.occupiedDelta > 0) return "gained";
  return change.occupiedDelta < 0 ? "lost" : "exchanged";
}

/** An action kind's colour as CSS. */
export const actionCss = (kind: ScenarioActionKind) => `rgb(${actionColors[kind].join(" ")})`;
