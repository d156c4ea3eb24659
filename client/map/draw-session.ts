import type { DrawnShape, DrawTool } from "./draw-tool.js";
import type { MapView } from "./map-view.js";

/**
 * A drawing on the live map that loads terra-draw on first use and gives the map's clicks back when it
 * ends. The edit panel (footprints) and the zone panel (office districts) each hold one.
 */
export class DrawSession {
  #tool: DrawTool | undefined;
  #map: MapView | undefined;

  constructor(
    private readonly getMap: () => MapView | undefined,
    private readonly onChange: (shape: DrawnShape | undefined, finished: boolean) => void,
  ) {}

  /** The drawing tool on the map, created (and its code loaded) when first asked for. */
  async tool(): Promise<DrawTool> {
    if (this.#tool) return this.#tool;
    const map = this.getMap();
    if (!map) throw new Error("map not ready");
    const { DrawTool } = await import("./draw-tool.js");
    // While drawing, a click adds a corner: it must not also select a building.
    map.clicksEnabled = false;
    this.#map = map;
    this.#tool = new DrawTool(map.map, this.onChange);
    return this.#tool;
  }

  get active(): boolean {
    return this.#tool !== undefined;
  }

  stop(): void {
    this.#tool?.stop();
    this.#tool = undefined;
    if (this.#map) this.#map.clicksEnabled = true;
    this.#map = undefined;
  }
}
