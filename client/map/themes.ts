import type { ExpressionSpecification } from "maplibre-gl";
import type { MessageKey } from "../i18n/messages.js";
import type { ChoroplethMetric, ThemeId } from "../state/view-state.js";

/** One legend row: the colour on the map and what it means. */
export interface LegendEntry {
  readonly color: string;
  readonly label: MessageKey;
}

/** A thematic building style: the fill colour expression over tile properties and its legend. */
export interface Theme {
  readonly id: ThemeId;
  readonly label: MessageKey;
  readonly legend: readonly LegendEntry[];
  readonly fillColor: ExpressionSpecification;
}

const noData = "#b8bec6";

/** A `match` on one property whose arms are the legend's entries, in order. */
function categorical(
  property: string,
  entries: ReadonlyArray<readonly [string, string, MessageKey]>,
): {
  legend: LegendEntry[];
  fillColor: ExpressionSpecification;
} {
  // Each entry's value and colour (its legend label stays out of the expression).
  const arms = entries.flatMap((entry) => entry.slice(0, 2));
  return {
    legend: [
      ...entries.map(([, color, label]) => ({ color, label })),
      { color: noData, label: "legendNoData" },
    ],
    fillColor: ["match", ["get", property], ...arms, noData] as unknown as ExpressionSpecification,
  };
}

const status = categorical("use_status", [
  ["in_use", "#2f6fab", "statusInUse"],
  ["idle_share", "#e9a23b", "statusIdleShare"],
  ["idle", "#d64545", "statusIdle"],
  ["leased_out", "#2a9d8f", "statusLeasedOut"],
  ["commercial", "#8e6cbf", "statusCommercial"],
]);

const compliance = categorical("compliance", [
  ["over", "#c0392b", "complianceOver"],
  ["within", "#3c8d5a", "complianceWithin"],
  ["short", "#e0a526", "complianceShort"],
  ["none", "#8d99a6", "complianceNone"],
]);

const level = categorical("main_unit_level", [
  ["central", "#6a1b9a", "levelCentral"],
  ["provincial", "#b71c1c", "levelProvincial"],
  ["prefecture", "#ef6c00", "levelPrefecture"],
  ["county", "#2e7d32", "levelCounty"],
  ["township", "#1565c0", "levelTownship"],
]);

/** Unit kinds grouped the way the reform talks about them. */
const kindGroups: ReadonlyArray<readonly [string[], string, MessageKey]> = [
  [["party_organ", "supervision_commission"], "#b71c1c", "kindGroupParty"],
  [["government_department", "administration"], "#1565c0", "kindGroupGovernment"],
  [["peoples_congress", "cppcc", "court", "procuratorate"], "#6a1b9a", "kindGroupCongressJustice"],
  [
    ["mass_organisation", "civil_service_institution", "public_institution", "university"],
    "#2e7d32",
    "kindGroupInstitution",
  ],
  [["vertical_branch"], "#00838f", "kindGroupVertical"],
  [["state_owned_enterprise"], "#ef6c00", "kindGroupEnterprise"],
];

const kind: Pick<Theme, "legend" | "fillColor"> = {
  legend: [
    ...kindGroups.map(([, color, label]) => ({ color, label })),
    { color: noData, label: "legendNoData" },
  ],
  fillColor: [
    "match",
    ["get", "main_unit_kind"],
    ...kindGroups.flatMap((group) => group.slice(0, 2)),
    noData,
  ] as unknown as ExpressionSpecification,
};

/** Built year in bands; 0 (unknown in the tiles) falls to "no data". */
const age: Pick<Theme, "legend" | "fillColor"> = {
  legend: [
    { color: "#7f2704", label: "ageBefore1990" },
    { color: "#d94801", label: "age1990s" },
    { color: "#fd8d3c", label: "age2000s" },
    { color: "#fdd0a2", label: "age2010On" },
    { color: noData, label: "legendNoData" },
  ],
  fillColor: [
    "case",
    ["<=", ["coalesce", ["get", "built_year"], 0], 0],
    noData,
    ["<", ["get", "built_year"], 1990],
    "#7f2704",
    ["<", ["get", "built_year"], 2000],
    "#d94801",
    ["<", ["get", "built_year"], 2010],
    "#fd8d3c",
    "#fdd0a2",
  ],
};

const condition = categorical("condition", [
  ["good", "#3c8d5a", "conditionGood"],
  ["fair", "#e0a526", "conditionFair"],
  ["poor", "#e8702a", "conditionPoor"],
  ["dangerous", "#c0392b", "conditionDangerous"],
]);

export const themes: readonly Theme[] = [
  { id: "status", label: "themeStatus", ...status },
  { id: "compliance", label: "themeCompliance", ...compliance },
  { id: "level", label: "themeLevel", ...level },
  { id: "kind", label: "themeKind", ...kind },
  { id: "age", label: "themeAge", ...age },
  { id: "condition", label: "themeCondition", ...condition },
];

export function themeById(id: ThemeId): Theme {
  return themes.find((theme) => theme.id === id) ?? (themes[0] as Theme);
}

/** Region choropleth: each figure's colour ramp from zero to the breaks (in the figure's unit). */
export interface Choropleth {
  readonly metric: Exclude<ChoroplethMetric, "none">;
  readonly label: MessageKey;
  readonly unit: "m²" | "units" | "10k yuan";
  /** Lower bounds of the classes after the first, in the property's own unit (yuan for rent). */
  readonly breaks: readonly number[];
  readonly colors: readonly string[];
}

export const choropleths: readonly Choropleth[] = [
  {
    metric: "idle_area",
    label: "choroIdleArea",
    unit: "m²",
    breaks: [1, 2_000, 10_000, 50_000],
    colors: ["#f7f7f7", "#fde0c5", "#facba6", "#f59e72", "#e2583e"],
  },
  {
    metric: "units_over_standard",
    label: "choroUnitsOver",
    unit: "units",
    breaks: [1, 2, 5, 10],
    colors: ["#f7f7f7", "#fcd5d5", "#f4a3a3", "#e06666", "#b22222"],
  },
  {
    metric: "leases_in_rent",
    label: "choroRent",
    unit: "10k yuan",
    breaks: [1, 500_000, 2_000_000, 5_000_000],
    colors: ["#f7f7f7", "#d6e6f4", "#a6c8e6", "#5e9ccf", "#2166ac"],
  },
];

export function choroplethFill(choropleth: Choropleth): ExpressionSpecification {
  const steps = choropleth.breaks.flatMap((value, index) => [value, choropleth.colors[index + 1] as string]);
  return [
    "step",
    ["get", choropleth.metric],
    choropleth.colors[0] as string,
    ...steps,
  ] as unknown as ExpressionSpecification;
}
