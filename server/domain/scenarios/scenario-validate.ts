import { roundArea } from "../standards/entitlement.js";
import { applyActions } from "./scenario-apply.js";
import { CORE_USES, type ScenarioFigures, scenarioFigures } from "./scenario-figures.js";
import { scenarioIssue } from "./scenario-issues.js";
import { AREA_EPSILON } from "./scenario-ledger.js";
import type {
  ActionEffect,
  ScenarioAction,
  ScenarioState,
  SwapBalance,
  ValidationIssue,
  ValidationOptions,
  ValidationResult,
} from "./scenario-model.js";
import { isOverStandard, officeChange, overStandardPersonsAfter, standardGap } from "./scenario-standards.js";

// Validation of a scenario (issue 8 §3): what applying it could not do (unknown ids, capacity, rooms
// given twice or occupied, space outside the administration's title, non-empty disposals), with the
// problems that only later actions would solve re-labelled as action order; the equal-area check of
// swaps and chains; and the standards: no new over-standard unit or person.

export const DEFAULT_SWAP_TOLERANCE = 0.05;

/** Per room, the actions that gave it (to whom) or freed it, in order. */
interface RoomHistory {
  readonly freed: Map<number, number[]>;
  readonly given: Map<number, { action: number; unitId: number }[]>;
}

function roomHistory(effects: readonly ActionEffect[]): RoomHistory {
  const freed = new Map<number, number[]>();
  const given = new Map<number, { action: number; unitId: number }[]>();
  for (const effect of effects) {
    for (const change of effect.roomChanges) {
      if (change.toUnitId === null)
        freed.set(change.roomId, [...(freed.get(change.roomId) ?? []), effect.action]);
      else {
        const entry = { action: effect.action, unitId: change.toUnitId };
        given.set(change.roomId, [...(given.get(change.roomId) ?? []), entry]);
      }
    }
  }
  return { freed, given };
}

const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

/** An issue of applying that a later action would solve becomes an action-order issue. */
function reorder(
  issue: ValidationIssue,
  history: RoomHistory,
  actions: readonly ScenarioAction[],
): ValidationIssue {
  const detail = issue.detail ?? {};
  const roomId = num(detail.roomId);
  const room = typeof detail.room === "string" ? detail.room : String(roomId);
  const later = (list: readonly number[] | undefined) => list?.find((action) => action > issue.action);
  // Occupied by a live unit, or by one an earlier action gave it to: either way a later action frees it.
  const taken =
    issue.code === "room_occupied" || (issue.code === "room_given_twice" && detail.firstAction !== undefined);
  if (taken && roomId !== undefined) {
    const laterAction = later(history.freed.get(roomId));
    if (laterAction !== undefined) {
      return scenarioIssue(issue.action, "action_order", {
        reason: "room_freed_later",
        laterAction,
        roomId,
        room,
      });
    }
  }
  if (issue.code === "room_not_held" && roomId !== undefined) {
    const unitId = num(detail.unitId);
    const laterAction = history.given
      .get(roomId)
      ?.find((entry) => entry.action > issue.action && entry.unitId === unitId)?.action;
    if (laterAction !== undefined) {
      return scenarioIssue(issue.action, "action_order", {
        reason: "room_given_later",
        laterAction,
        roomId,
        room,
      });
    }
  }
  if (issue.code === "not_empty" && Array.isArray(detail.roomIds)) {
    const roomIds = detail.roomIds as number[];
    const freedLater = roomIds.map((id) => later(history.freed.get(id)));
    const buildingId = num(detail.buildingId);
    if (roomIds.length === num(detail.occupiedRooms) && freedLater.every((action) => action !== undefined)) {
      const laterAction = Math.max(...(freedLater as number[]));
      return scenarioIssue(issue.action, "action_order", {
        reason: "building_emptied_later",
        laterAction,
        ...(buildingId === undefined ? {} : { buildingId }),
      });
    }
  }
  if (issue.code === "unknown_lease" && typeof detail.leaseId === "string") {
    const added = /^a(\d+)$/.exec(detail.leaseId);
    const laterAction = added ? Number(added[1]) : -1;
    if (laterAction > issue.action && actions[laterAction]?.kind === "lease_in") {
      return scenarioIssue(issue.action, "action_order", {
        reason: "lease_added_later",
        laterAction,
        leaseId: detail.leaseId,
      });
    }
  }
  return issue;
}

/**
 * Swaps: the two sides' areas; chains: what each party gives against what it takes; equal-area moves:
 * the rooms left against the rooms taken.
 */
function swapBalances(
  actions: readonly ScenarioAction[],
  effects: readonly ActionEffect[],
  tolerance: number,
): SwapBalance[] {
  const balances: SwapBalance[] = [];
  const balance = (action: number, areaA: number, areaB: number, party?: number) => {
    const difference = roundArea(Math.abs(areaA - areaB));
    balances.push({
      action,
      areaA: roundArea(areaA),
      areaB: roundArea(areaB),
      difference,
      tolerance,
      withinTolerance: difference <= tolerance * Math.max(areaA, areaB) + AREA_EPSILON,
      ...(party === undefined ? {} : { party }),
    });
  };
  actions.forEach((action, index) => {
    const changes = effects[index]?.roomChanges ?? [];
    if (changes.length === 0) return;
    const given = (unitId: number) =>
      changes.reduce((sum, change) => sum + (change.fromUnitId === unitId ? change.area : 0), 0);
    const taken = (unitId: number) =>
      changes.reduce((sum, change) => sum + (change.toUnitId === unitId ? change.area : 0), 0);
    if (action.kind === "swap") balance(index, given(action.a.unitId), given(action.b.unitId));
    if (action.kind === "move" && action.equalArea) {
      balance(index, given(action.from.unitId), taken(action.from.unitId));
    }
    if (action.kind === "chain") {
      action.parties.forEach((party, position) => {
        balance(index, given(party.unitId), taken(party.unitId), position);
      });
    }
  });
  return balances;
}

/** New over-standard units and persons, each on the last action that added to the unit's space. */
function standardsIssues(
  before: ScenarioState,
  after: ScenarioState,
  effects: readonly ActionEffect[],
  figures: ScenarioFigures,
): ValidationIssue[] {
  const lastCoreGain = new Map<number, number>();
  const lastOfficeChange = new Map<number, number>();
  for (const effect of effects) {
    for (const change of effect.roomChanges) {
      const use = before.rooms.get(change.roomId)?.useCategory;
      if (change.toUnitId !== null && use && CORE_USES.has(use))
        lastCoreGain.set(change.toUnitId, effect.action);
      if (use !== "office") continue;
      for (const unitId of [change.fromUnitId, change.toUnitId]) {
        if (unitId !== null) lastOfficeChange.set(unitId, effect.action);
      }
    }
  }
  const last = Math.max(0, effects.length - 1);
  const { before: figuresBefore, after: figuresAfter, officeKept: offices } = figures;
  const issues: ValidationIssue[] = [];
  for (const unit of after.units.values()) {
    const was = figuresBefore.units.get(unit.id);
    const is = figuresAfter.units.get(unit.id);
    const coreBefore = roundArea(was?.core ?? 0);
    const coreAfter = roundArea(is?.core ?? 0);
    if (unit.entitledCore !== null && isOverStandard(unit, coreAfter) && coreAfter > coreBefore) {
      const newlyOver = !isOverStandard(unit, coreBefore);
      issues.push(
        scenarioIssue(
          lastCoreGain.get(unit.id) ?? last,
          "new_over_standard_unit",
          {
            unitId: unit.id,
            unit: unit.name,
            entitledCore: unit.entitledCore,
            coreBefore,
            coreAfter,
            gapAfter: standardGap(unit, coreAfter) ?? 0,
          },
          // Already over and gaining more: not new, but the scenario makes it worse.
          newlyOver ? "error" : "warning",
        ),
      );
    }
    const change = officeChange(was, is, offices.get(unit.id));
    const persons = overStandardPersonsAfter(unit, change);
    if (persons > unit.overStandardPersons && unit.entitledOffice != null) {
      issues.push(
        scenarioIssue(lastOfficeChange.get(unit.id) ?? last, "new_over_standard_person", {
          unitId: unit.id,
          unit: unit.name,
          entitledOffice: unit.entitledOffice,
          officeBefore: roundArea(change.before),
          officeAfter: roundArea(change.after),
          personsBefore: unit.overStandardPersons,
          personsAfter: persons,
        }),
      );
    }
  }
  return issues;
}

/** Validation of actions already applied by `applyActions` (to share one application with the metrics). */
export function validateApplied(
  before: ScenarioState,
  actions: readonly ScenarioAction[],
  applied: { state: ScenarioState; effects: readonly ActionEffect[] },
  options: ValidationOptions = {},
  figures: ScenarioFigures = scenarioFigures(before, applied.state),
): ValidationResult {
  const tolerance = options.swapTolerance ?? DEFAULT_SWAP_TOLERANCE;
  const history = roomHistory(applied.effects);
  const issues = applied.effects.flatMap((effect) =>
    effect.issues.map((issue) => reorder(issue, history, actions)),
  );
  const swaps = swapBalances(actions, applied.effects, tolerance);
  for (const swap of swaps) {
    if (swap.withinTolerance) continue;
    issues.push(
      scenarioIssue(swap.action, "unequal_swap", {
        areaA: swap.areaA,
        areaB: swap.areaB,
        difference: swap.difference,
        tolerance,
        ...(swap.party === undefined ? {} : { party: swap.party }),
      }),
    );
  }
  issues.push(...standardsIssues(before, applied.state, applied.effects, figures));
  issues.sort((a, b) => a.action - b.action);
  return { valid: issues.every((issue) => issue.severity !== "error"), issues, swaps };
}

/** Every problem of a scenario over this state, with the equal-area balance of its swaps. */
export function validateScenario(
  state: ScenarioState,
  actions: readonly ScenarioAction[],
  options: ValidationOptions = {},
): ValidationResult {
  return validateApplied(state, actions, applyActions(state, actions), options);
}
