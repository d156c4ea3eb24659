import { ActionContext } from "./scenario-context.js";
import { applyConvert, applyDispose, applyEndLease, applyLeaseIn } from "./scenario-inventory.js";
import { WorkingLedger } from "./scenario-ledger.js";
import type { ActionEffect, ScenarioAction, ScenarioState } from "./scenario-model.js";
import { applyAllocate, applyChain, applyMove, applySwap, applyVacate } from "./scenario-moves.js";

function applyOne(context: ActionContext, action: ScenarioAction): void {
  switch (action.kind) {
    case "move":
      applyMove(context, action);
      break;
    case "swap":
      applySwap(context, action);
      break;
    case "chain":
      applyChain(context, action);
      break;
    case "vacate":
      applyVacate(context, action);
      break;
    case "lease_in":
      applyLeaseIn(context, action);
      break;
    case "end_lease":
      applyEndLease(context, action);
      break;
    case "convert":
      applyConvert(context, action);
      break;
    case "dispose":
      applyDispose(context, action);
      break;
    case "allocate":
      applyAllocate(context, action);
      break;
    default: {
      const unhandled: never = action;
      throw new Error(`unknown scenario action ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * The state after the actions, applied in order, and what each did. The input state is never mutated
 * (one working copy per call). Whatever an action names that does not resolve is left out and reported
 * in its effect's issues; the rest of the action still applies.
 */
export function applyActions(
  state: ScenarioState,
  actions: readonly ScenarioAction[],
): { state: ScenarioState; effects: ActionEffect[] } {
  const ledger = new WorkingLedger(state);
  const effects = actions.map((action, index) => {
    const context = new ActionContext(ledger, index, action.kind);
    applyOne(context, action);
    return context.effect();
  });
  return { state: ledger.toState(), effects };
}
