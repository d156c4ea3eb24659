import {
  type AllocationOptions,
  type CandidateUnit,
  type Coefficients,
  distanceMeters,
  favour,
  moveCoefficient,
  type TargetBuilding,
} from "./allocation-model.js";

// The MIP in CPLEX LP text, written deterministically (same input, same text) so that a plan can be
// reproduced and the text diffed. Variables are named by position: x_i_j (unit i in target j, binary),
// a_i_j (m² of unit i in target j, only when a unit may be split), h_i (unit i housed, binary),
// y_j (target j used, binary).

/** The LP text and the constant the objective leaves out (the cost of housing nobody). */
export interface LpModel {
  readonly text: string;
  readonly constant: number;
  /** Pairs (unit index, target index) that have variables. */
  readonly pairs: ReadonlyArray<readonly [number, number]>;
  /** Every variable's name. */
  readonly columns: readonly string[];
  /** One building per unit: no a variables (the area is the demand). */
  readonly single: boolean;
}

/**
 * A unit can go to a target if it fits there whole, or may be split over several targets; of those,
 * only its `nearest` closest targets (all when undefined) and those of `include` (the starting plan, so
 * that it stays a solution of the smaller model).
 */
export function allowedPairs(
  units: readonly CandidateUnit[],
  targets: readonly TargetBuilding[],
  maxBuildingsPerUnit: number,
  nearest?: number,
  include: ReadonlyArray<{ unitId: number; target: number }> = [],
): Array<[number, number]> {
  const included = new Set(include.map((pair) => `${pair.unitId}:${pair.target}`));
  const pairs: Array<[number, number]> = [];
  units.forEach((unit, i) => {
    if (!canBeHoused(unit)) return;
    const fitting = targets
      .map((target, j) => ({ target, j }))
      .filter(({ target }) => target.idleArea > 0)
      .filter(({ target }) => maxBuildingsPerUnit > 1 || target.idleArea >= unit.demandArea);
    const chosen =
      nearest === undefined || fitting.length <= nearest
        ? fitting
        : fitting
            .map((entry) => ({ ...entry, distance: distanceMeters(unit.currentCenter, entry.target.center) }))
            .sort((p, q) => p.distance - q.distance || p.j - q.j)
            .filter((entry, rank) => rank < nearest || included.has(`${unit.unitId}:${entry.j}`))
            .sort((p, q) => p.j - q.j);
    for (const { j } of chosen) pairs.push([i, j]);
  });
  return pairs;
}

/** A unit with no demand, or one above its entitlement, is never housed. */
export function canBeHoused(unit: CandidateUnit): boolean {
  return unit.demandArea > 0 && unit.demandArea <= unit.entitledArea + 1e-9;
}

/**
 * Builds the LP text of one plan style. With one building per unit (the default) a unit's area in a
 * building is its whole demand, so the a variables, their big-M links and the entitlement rows (the
 * pairs already exclude demands above entitlement) drop out: a generalised assignment problem, half the
 * size and with a much tighter relaxation. The objective carries its constant (HiGHS reports the gap
 * relative to the true plan cost, which is ≥ 0).
 */
export function buildLpModel(
  units: readonly CandidateUnit[],
  targets: readonly TargetBuilding[],
  options: Pick<AllocationOptions, "maxBuildingsPerUnit" | "mustHouse" | "nearestTargets">,
  coefficients: Coefficients,
  start: ReadonlyArray<{ unitId: number; target: number }> = [],
): LpModel {
  const single = options.maxBuildingsPerUnit === 1;
  const pairs = allowedPairs(units, targets, options.maxBuildingsPerUnit, options.nearestTargets, start);
  // Without a price on fragmentation or buildings, whether a target is used needs no variable.
  const tracksUse = coefficients.fragmentation > 0 || coefficients.building > 0;
  const byUnit = new Map<number, number[]>();
  const byTarget = new Map<number, number[]>();
  for (const [i, j] of pairs) {
    byUnit.set(i, [...(byUnit.get(i) ?? []), j]);
    byTarget.set(j, [...(byTarget.get(j) ?? []), i]);
  }
  const usedTargets = [...byTarget.keys()].sort((p, q) => p - q);
  /** m² of unit i in target j, as a term list: d·x_i_j when single, a_i_j otherwise. */
  const area = (i: number, j: number, factor = 1): Term =>
    single ? [factor * (units[i] as CandidateUnit).demandArea, `x_${i}_${j}`] : [factor, `a_${i}_${j}`];

  const objective: Term[] = [];
  let constant = 0;
  units.forEach((unit, i) => {
    const unhousedCost = unhousedCostOf(unit, coefficients);
    constant += unhousedCost;
    if (byUnit.has(i)) objective.push([-unhousedCost, `h_${i}`]);
  });
  for (const [i, j] of pairs) {
    const unit = units[i] as CandidateUnit;
    const move = coefficients.distance * moveCoefficient(unit, targets[j] as TargetBuilding);
    if (single) {
      objective.push([move - (coefficients.fragmentation / 100) * unit.demandArea, `x_${i}_${j}`]);
    } else {
      objective.push([move, `x_${i}_${j}`]);
      objective.push([-coefficients.fragmentation / 100, `a_${i}_${j}`]);
    }
  }
  for (const j of tracksUse ? usedTargets : []) {
    const target = targets[j] as TargetBuilding;
    objective.push([coefficients.fragmentation * (target.idleArea / 100) + coefficients.building, `y_${j}`]);
  }

  const rows: string[] = [];
  for (const [i, js] of byUnit) {
    const unit = units[i] as CandidateUnit;
    if (single) {
      rows.push(row(`one_${i}`, [...js.map((j) => [1, `x_${i}_${j}`] as Term), [-1, `h_${i}`]], "=", 0));
    } else {
      const xs = js.map((j) => [1, `x_${i}_${j}`] as Term);
      rows.push(row(`cnt_${i}`, [...xs, [-options.maxBuildingsPerUnit, `h_${i}`]], "<=", 0));
      rows.push(row(`dem_${i}`, [...js.map((j) => area(i, j)), [-unit.demandArea, `h_${i}`]], "=", 0));
      rows.push(
        row(
          `ent_${i}`,
          js.map((j) => area(i, j)),
          "<=",
          unit.entitledArea,
        ),
      );
      for (const j of js)
        rows.push(row(`lnk_${i}_${j}`, [area(i, j), [-unit.demandArea, `x_${i}_${j}`]], "<=", 0));
    }
    if (tracksUse)
      for (const j of js)
        rows.push(
          row(
            `use_${i}_${j}`,
            [
              [1, `x_${i}_${j}`],
              [-1, `y_${j}`],
            ],
            "<=",
            0,
          ),
        );
    if (options.mustHouse) rows.push(row(`must_${i}`, [[1, `h_${i}`]], "=", 1));
  }
  for (const j of usedTargets) {
    const target = targets[j] as TargetBuilding;
    rows.push(
      row(
        `cap_${j}`,
        (byTarget.get(j) ?? []).map((i) => area(i, j)),
        "<=",
        target.idleArea,
      ),
    );
  }
  const binaries = [
    ...[...byUnit.keys()].map((i) => `h_${i}`),
    ...pairs.map(([i, j]) => `x_${i}_${j}`),
    ...(tracksUse ? usedTargets : []).map((j) => `y_${j}`),
  ];
  const continuous = single ? [] : pairs.map(([i, j]) => `a_${i}_${j}`);
  const text = [
    "Minimize",
    wrap(` obj: ${terms(objective)} + ${number(constant)}`),
    "Subject To",
    ...rows,
    "Binaries",
    ...chunk(binaries, 10).map((names) => ` ${names.join(" ")}`),
    "End",
    "",
  ].join("\n");
  return { text, constant, pairs, columns: [...binaries, ...continuous], single };
}

/** What leaving a unit unhoused costs: the housing penalty, the rent still paid, the favour not shown. */
export function unhousedCostOf(unit: CandidateUnit, coefficients: Coefficients): number {
  return (
    coefficients.unhoused * unit.demandArea +
    coefficients.rent * (unit.currentAnnualRent / 10_000) +
    coefficients.grassroots * favour(unit) * (unit.demandArea / 100)
  );
}

type Term = readonly [number, string];

/** A number as LP text: 12 significant digits, the same on every machine. */
function number(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function terms(list: readonly Term[]): string {
  return list
    .map(([coefficient, name], index) => {
      const sign = coefficient < 0 ? "-" : index === 0 ? "" : "+";
      return `${sign}${index === 0 && sign === "" ? "" : " "}${number(Math.abs(coefficient))} ${name}`;
    })
    .join(" ");
}

function row(name: string, list: readonly Term[], sense: "<=" | "=", rhs: number): string {
  return wrap(` ${name}: ${terms(list)} ${sense} ${number(rhs)}`);
}

/** LP readers cap line lengths: long expressions continue on indented lines. */
function wrap(line: string): string {
  const words = line.split(" ");
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    if (current.length + word.length > 200 && /^[+-]$/.test(word)) {
      lines.push(current);
      current = "  ";
    }
    current += current === "" || current === "  " ? word : ` ${word}`;
  }
  lines.push(current);
  return lines.join("\n");
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < list.length; index += size) chunks.push(list.slice(index, index + size));
  return chunks;
}
