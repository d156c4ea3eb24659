import type { ScenarioDetail } from "../api/scenario-types.js";
import { type BuildingChange, buildingChanges, type FlowArc, flowArcs } from "../state/scenario-view.js";
import type { AnalysisDescriber, MapView } from "./map-view.js";

/** Which state of the ledger the map shows: as it is, or as the scenario would leave it. */
export type ScenarioMapState = "before" | "after";

/**
 * Shows a scenario on a map: on "after", its moves as arcs and the buildings it changes coloured; on
 * "before" (or without a scenario) the map as the live ledger has it. The arc layer loads with deck.gl.
 */
export async function showScenario(
  map: MapView,
  detail: ScenarioDetail | undefined,
  state: ScenarioMapState,
  describe: (arc: FlowArc) => string[],
): Promise<{ arcs: FlowArc[]; changes: BuildingChange[] }> {
  if (!detail || state === "before") {
    map.setBuildingChanges([]);
    await map.setAnalysisLayers([]);
    return { arcs: [], changes: [] };
  }
  const { flowArcLayer } = await import("./scenario-layers.js");
  const arcs = flowArcs(detail);
  const changes = buildingChanges(detail.metrics);
  map.setBuildingChanges(changes);
  const describeObject: AnalysisDescriber = (_layer, object) => describe(object as FlowArc);
  await map.setAnalysisLayers([flowArcLayer(`scenario-arcs-${detail.scenario.id}`, arcs)], describeObject);
  return { arcs, changes };
}
