// Loads what the client shows of a scenario: the record, its last evaluation and the names of the units
// and buildings its actions refer to (the scenario API answers ids; names are read once and kept).

import { ApiRequestError, api } from "./fangtu-api.js";
import type {
  ScenarioAction,
  ScenarioDetail,
  ScenarioEvaluation,
  ScenarioNames,
  ScenarioRecord,
  ScenarioSummary,
  SpaceSelector,
} from "./scenario-types.js";

const unitNames = new Map<number, Promise<string>>();
const buildingNames = new Map<number, Promise<string>>();

/** The unit and building ids an action names. */
export function referencedIds(action: ScenarioAction): {
  units: readonly number[];
  buildings: readonly number[];
} {
  const space = (selector: SpaceSelector) => ({
    units: [selector.unitId],
    buildings: selector.buildingIds ?? [],
  });
  const join = (...parts: Array<{ units: readonly number[]; buildings: readonly number[] }>) => ({
    units: parts.flatMap((part) => part.units),
    buildings: parts.flatMap((part) => part.buildings),
  });
  switch (action.kind) {
    case "move":
      return join(space(action.from), { units: [], buildings: [action.to.buildingId] });
    case "swap":
      return join(space(action.a), space(action.b));
    case "chain":
      return join(...action.parties.map(space));
    case "vacate":
      return space(action.space);
    case "lease_in":
      return { units: [action.unitId], buildings: [] };
    case "end_lease":
      return { units: [], buildings: [] };
    case "convert":
    case "dispose":
      return { units: [], buildings: [action.buildingId] };
    case "allocate":
      return {
        units: action.assignments.map((entry) => entry.unitId),
        buildings: action.assignments.map((entry) => entry.buildingId),
      };
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

const remember = (cache: Map<number, Promise<string>>, id: number, read: () => Promise<string>) => {
  let name = cache.get(id);
  if (!name) {
    name = read().catch(() => `#${id}`);
    cache.set(id, name);
  }
  return name;
};

/** Names of the units and buildings the actions refer to; units named by the metrics need no request. */
export async function scenarioNames(
  actions: readonly ScenarioAction[],
  known: { units?: Readonly<Record<string, string>>; buildings?: Readonly<Record<string, string>> } = {},
): Promise<ScenarioNames> {
  const units = new Set<number>();
  const buildings = new Set<number>();
  for (const action of actions) {
    const ids = referencedIds(action);
    for (const id of ids.units) units.add(id);
    for (const id of ids.buildings) buildings.add(id);
  }
  const named = async (ids: Set<number>, read: (id: number) => string | Promise<string>) =>
    Object.fromEntries(await Promise.all([...ids].map(async (id) => [String(id), await read(id)] as const)));
  return {
    units: await named(
      units,
      (id) =>
        known.units?.[String(id)] ??
        remember(unitNames, id, () => api.unit(id).then((detail) => detail.unit.name)),
    ),
    buildings: await named(
      buildings,
      (id) =>
        known.buildings?.[String(id)] ??
        remember(buildingNames, id, () => api.building(id).then((detail) => detail.building.name)),
    ),
  };
}

/** The record with a newer summary of it (validate, approve and apply answer the record without actions). */
export function withSummary(record: ScenarioRecord, summary: ScenarioSummary | undefined): ScenarioRecord {
  return summary ? { ...record, ...summary, actions: record.actions } : record;
}

/** A scenario with its names and, given an evaluation (validate's answer), its validation and metrics. */
export async function scenarioDetail(
  scenario: ScenarioRecord,
  evaluation: ScenarioEvaluation = {},
): Promise<ScenarioDetail> {
  const byId = (entries: ReadonlyArray<{ id: number; name: string }>) =>
    Object.fromEntries(entries.map((entry) => [String(entry.id), entry.name]));
  const units = byId((evaluation.metrics?.units ?? []).map((unit) => ({ id: unit.unitId, name: unit.name })));
  return {
    scenario: withSummary(scenario, evaluation.scenario),
    names: await scenarioNames(scenario.actions, { units, buildings: byId(evaluation.buildings ?? []) }),
    validation: evaluation.validation ?? null,
    metrics: evaluation.metrics ?? null,
    buildings: evaluation.buildings ?? [],
  };
}

/** Reads a scenario and its metrics (the engine over the live ledger) with the names it refers to. */
export async function loadScenarioDetail(id: number, signal?: AbortSignal): Promise<ScenarioDetail> {
  const [scenario, evaluation] = await Promise.all([
    api.scenario(id, signal),
    // Without metrics (none computed yet) the scenario still opens.
    api.scenarioMetrics(id, signal).catch((error: unknown): ScenarioEvaluation => {
      if (error instanceof ApiRequestError && error.status === 404) return {};
      throw error;
    }),
  ]);
  return scenarioDetail(scenario, evaluation);
}
