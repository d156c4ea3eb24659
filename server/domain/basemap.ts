/**
 * An external basemap a deployment may put under Fangtu's own layers: a raster tile template (天地图
 * with its token, say) or a MapLibre style URL. Off by default: the default map is offline.
 */
export interface Basemap {
  /** `https://…/{z}/{x}/{y}…` — MapLibre's raster template. */
  readonly rasterTiles?: string;
  /** A MapLibre style JSON whose layers go under Fangtu's. */
  readonly styleUrl?: string;
  readonly attribution?: string;
}

/** The origins the browser must be allowed to reach for the basemap (the page's CSP). */
export function basemapOrigins(basemap: Basemap | undefined): string[] {
  const urls = [basemap?.rasterTiles, basemap?.styleUrl].filter((url): url is string => url !== undefined);
  // The template's placeholders are not valid in a host name; any digit stands in for them.
  return [...new Set(urls.map((url) => new URL(url.replace(/\{[a-z]+\}/g, "0")).origin))];
}
