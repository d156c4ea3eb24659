/** The name of a floor level as ledgers write it: 1层, 2层 … above ground, 地下1层, 地下2层 … below. */
export function floorName(level: number): string {
  return level < 0 ? `地下${-level}层` : `${level}层`;
}

/** The levels of a building, top-down order not implied: 1..above, then −1..−below (there is no level 0). */
export function floorLevels(floorsAbove: number, floorsBelow: number): number[] {
  return [
    ...Array.from({ length: floorsAbove }, (_, index) => index + 1),
    ...Array.from({ length: floorsBelow }, (_, index) => -(index + 1)),
  ];
}
