/**
 * The workbench view as it lives in the URL hash, so that a copied link reproduces it: map centre and
 * zoom, the region in focus, the selection, the building theme, the extra layers, the region figure
 * the choropleth shows, the open table and its filter text. Pure: parse and serialise only.
 */

export const themeIds = ["status", "compliance", "level", "kind", "age", "condition"] as const;
export type ThemeId = (typeof themeIds)[number];

export const overlayIds = ["idle", "leases", "assets", "facilities"] as const;
export type OverlayId = (typeof overlayIds)[number];

export const choroplethMetrics = ["none", "idle_area", "units_over_standard", "leases_in_rent"] as const;
export type ChoroplethMetric = (typeof choroplethMetrics)[number];

export const tableIds = ["buildings", "units", "rooms"] as const;
export type TableId = (typeof tableIds)[number];

/** The tabs of the supervision and reporting workspace (监督与报告, issue 10). */
export const supervisionTabs = [
  "dashboard",
  "inspections",
  "findings",
  "maintenance",
  "reports",
  "disclosure",
] as const;
export type SupervisionTab = (typeof supervisionTabs)[number];

export type Selection = { kind: "building" | "unit"; id: number };

export interface ViewState {
  center: [number, number];
  zoom: number;
  region: string | undefined;
  selection: Selection | undefined;
  theme: ThemeId;
  overlays: OverlayId[];
  choropleth: ChoroplethMetric;
  table: TableId | undefined;
  filter: string;
  /** The supervision workspace's open tab, covering the map; undefined when the map shows. */
  supervision: SupervisionTab | undefined;
  /** The tab's own state as a query string (its filters, the record open), so a number can link to its list. */
  supervisionQuery: string;
}

/** Harbin's government quarter, where most demo buildings stand. */
export const defaultView: ViewState = {
  center: [126.655, 45.752],
  zoom: 14,
  region: undefined,
  selection: undefined,
  theme: "status",
  overlays: [],
  choropleth: "idle_area",
  table: undefined,
  filter: "",
  supervision: undefined,
  supervisionQuery: "",
};

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((candidate) => candidate === value);

function parseCenter(text: string | null): [number, number] | undefined {
  const parts = text?.split(",").map(Number);
  if (parts?.length !== 2) return undefined;
  const [lng, lat] = parts as [number, number];
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 85)
    return undefined;
  return [lng, lat];
}

function parseSelection(text: string | null): Selection | undefined {
  const match = /^([bu]):(\d{1,12})$/.exec(text ?? "");
  if (!match) return undefined;
  return { kind: match[1] === "b" ? "building" : "unit", id: Number(match[2]) };
}

/** Reads a hash such as `#c=126.655,45.752&z=14&r=230227&sel=b:12&theme=age&layers=idle,leases`. */
export function parseViewState(hash: string): ViewState {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const zoom = Number(params.get("z"));
  const region = params.get("r");
  return {
    center: parseCenter(params.get("c")) ?? defaultView.center,
    zoom: params.has("z") && Number.isFinite(zoom) && zoom >= 0 && zoom <= 22 ? zoom : defaultView.zoom,
    region: region && /^\d{6}$/.test(region) ? region : undefined,
    selection: parseSelection(params.get("sel")),
    theme: oneOf(themeIds, params.get("theme")) ?? defaultView.theme,
    overlays: (params.get("layers") ?? "")
      .split(",")
      .map((id) => oneOf(overlayIds, id))
      .filter((id): id is OverlayId => id !== undefined),
    choropleth: oneOf(choroplethMetrics, params.get("choro")) ?? defaultView.choropleth,
    table: oneOf(tableIds, params.get("table")),
    filter: (params.get("q") ?? "").slice(0, 100),
    supervision: oneOf(supervisionTabs, params.get("sv")),
    supervisionQuery: (params.get("svq") ?? "").slice(0, 500),
  };
}

/** The hash for a view, leaving out what equals the default so links stay short. */
export function serializeViewState(view: ViewState): string {
  const params = new URLSearchParams();
  params.set("c", view.center.map((value) => value.toFixed(5)).join(","));
  params.set("z", view.zoom.toFixed(2));
  if (view.region) params.set("r", view.region);
  if (view.selection)
    params.set("sel", `${view.selection.kind === "building" ? "b" : "u"}:${view.selection.id}`);
  if (view.theme !== defaultView.theme) params.set("theme", view.theme);
  if (view.overlays.length > 0) params.set("layers", view.overlays.join(","));
  if (view.choropleth !== defaultView.choropleth) params.set("choro", view.choropleth);
  if (view.table) params.set("table", view.table);
  if (view.filter) params.set("q", view.filter);
  if (view.supervision) {
    params.set("sv", view.supervision);
    if (view.supervisionQuery) params.set("svq", view.supervisionQuery);
  }
  // Commas read better than %2C in a link someone pastes into a chat.
  return `#${params.toString().replaceAll("%2C", ",").replaceAll("%3A", ":")}`;
}
