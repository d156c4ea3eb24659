import type { Color } from "@deck.gl/core";
import { ArcLayer, ScatterplotLayer } from "@deck.gl/layers";
import type { BuildingChange, FlowArc } from "../state/scenario-view.js";
import { actionColors, changeColors, changeKind } from "./scenario-colors.js";

/** Stroke width in pixels: grows with the square root of the area moved, so a 200 m² move still shows. */
export function arcWidth(area: number): number {
  return Math.min(14, 2 + Math.sqrt(Math.max(0, area)) / 5);
}

/** @deck.gl/maplibre places an interleaved layer before this MapLibre layer (not in deck's own prop types). */
type InterleavedProps = { beforeId?: string };

const withAlpha = (color: readonly [number, number, number], alpha: number): Color => [...color, alpha];

/**
 * The scenario's moves as arcs from the space left to the space taken: colour by action kind (lighter at
 * the origin, full at the destination, so the direction reads without arrows), width by area.
 */
export function flowArcLayer(id: string, arcs: readonly FlowArc[]): ArcLayer<FlowArc, InterleavedProps> {
  return new ArcLayer<FlowArc, InterleavedProps>({
    id,
    data: [...arcs],
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 204, 0, 220],
    widthUnits: "pixels",
    // Interleaved: under the building names, over the footprints.
    beforeId: "building-labels",
    getSourcePosition: (arc) => [arc.from[0], arc.from[1]],
    getTargetPosition: (arc) => [arc.to[0], arc.to[1]],
    getSourceColor: (arc) => withAlpha(actionColors[arc.kind], 110),
    getTargetColor: (arc) => withAlpha(actionColors[arc.kind], 240),
    getWidth: (arc) => arcWidth(arc.area),
    getHeight: 0.6,
  });
}

/** A changed building with a known centre (the circles need one). */
export type PlacedChange = BuildingChange & { readonly center: readonly [number, number] };

const rgb = (hex: string): [number, number, number] => [
  Number.parseInt(hex.slice(1, 3), 16),
  Number.parseInt(hex.slice(3, 5), 16),
  Number.parseInt(hex.slice(5, 7), 16),
];
const changeRgb = Object.fromEntries(
  Object.entries(changeColors).map(([kind, hex]) => [kind, rgb(hex)]),
) as Record<keyof typeof changeColors, [number, number, number]>;

/** Circle radius in pixels: grows with the square root of the occupied area gained or given up. */
export function changeRadius(delta: number): number {
  // At least as wide as an arc's end, so an equal-area exchange (Δ 0) still shows under its arcs.
  return Math.min(22, 8 + Math.sqrt(Math.abs(delta)) / 4);
}

/**
 * The buildings a scenario changes as circles at their centres, coloured like their footprints (gained,
 * given up, emptied): footprints show only from zoom 14, the circles at every zoom.
 */
export function buildingChangeLayer(
  id: string,
  changes: readonly PlacedChange[],
): ScatterplotLayer<PlacedChange, InterleavedProps> {
  return new ScatterplotLayer<PlacedChange, InterleavedProps>({
    id,
    data: [...changes],
    pickable: true,
    radiusUnits: "pixels",
    stroked: true,
    lineWidthUnits: "pixels",
    getLineWidth: 1.5,
    getLineColor: [255, 255, 255, 230],
    beforeId: "building-labels",
    getPosition: (change) => [change.center[0], change.center[1]],
    getRadius: (change) => changeRadius(change.occupiedDelta),
    getFillColor: (change) => withAlpha(changeRgb[changeKind(change)], 190),
  });
}
