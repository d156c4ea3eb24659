import type { Color } from "@deck.gl/core";
import { ArcLayer } from "@deck.gl/layers";
import type { FlowArc } from "../state/scenario-view.js";
import { actionColors } from "./scenario-colors.js";

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
