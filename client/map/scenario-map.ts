import type { ScenarioDetail } from "../api/scenario-types.js";
import { type BuildingChange, buildingChanges, type FlowArc, flowArcs } from "../state/scenario-view.js";
import type { AnalysisDescriber, MapView } from "./map-view.js";
import type { PlacedChange } from "./scenario-layers.js";

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
  describe: { arc: (arc: FlowArc) => string[]; building: (change: BuildingChange) => string[] },
): Promise<{ arcs: FlowArc[]; changes: BuildingChange[] }> {
  if (!detail || state === "before") {
    map.setBuildingChanges([]);
    await map.setAnalysisLayers([]);
    return { arcs: [], changes: [] };
  }
  const { buildingChangeLayer, flowArcLayer } = await import("./scenario-layers.js");
  const arcs = flowArcs(detail);
  const changes = buildingChanges(detail.metrics, detail.buildings);
  map.setBuildingChanges(changes);
  const placed = changes.filter((change): change is PlacedChange => change.center !== undefined);
  const id = detail.scenario.id;
  const describeObject: AnalysisDescriber = (layer, object) =>
    layer.startsWith("scenario-arcs")
      ? describe.arc(object as FlowArc)
      : describe.building(object as BuildingChange);
  await map.setAnalysisLayers(
    [buildingChangeLayer(`scenario-buildings-${id}`, placed), flowArcLayer(`scenario-arcs-${id}`, arcs)],
    describeObject,
  );
  return { arcs, changes };
}
