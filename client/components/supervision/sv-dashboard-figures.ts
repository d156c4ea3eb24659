import type { DashboardFigure, DashboardListMetric } from "../../api/sv-dashboard.js";
import type { MessageKey } from "../../i18n/messages.js";

/** How a figure reads: an area (m²), money (万元/年) or a count with its measure word. */
export type FigureFormat = "area" | "money" | "count";

export interface FigureInfo {
  label: MessageKey;
  format: FigureFormat;
  /** The measure word after a count (个, 人, 处, 件). */
  unit?: MessageKey;
  /** Where the number leads: the list inside the tab, or the finding ledger with a filter. */
  link: { list: DashboardListMetric } | { findings: Record<string, string> } | undefined;
}

/** Every dashboard figure, in the order the cards and the table show them. */
export const figureInfo: Record<DashboardFigure, FigureInfo> = {
  grossArea: { label: "svd_grossArea", format: "area", link: { list: "gross_area" } },
  officeArea: { label: "svd_officeArea", format: "area", link: { list: "office_area" } },
  idleArea: { label: "svd_idleArea", format: "area", link: { list: "idle_buildings" } },
  unitsOverStandard: {
    label: "svd_unitsOverStandard",
    format: "count",
    unit: "svd_unitCount",
    link: { list: "units_over_standard" },
  },
  personsOverStandard: {
    label: "svd_personsOverStandard",
    format: "count",
    unit: "svd_unitPersons",
    link: { list: "persons_over_standard" },
  },
  unitsRentingOutside: {
    label: "svd_unitsRentingOutside",
    format: "count",
    unit: "svd_unitCount",
    link: { list: "units_renting_outside" },
  },
  leasesIn: { label: "svd_leasesIn", format: "count", unit: "svd_unitPlaces", link: { list: "leases_in" } },
  annualRentOutside: {
    label: "svd_annualRentOutside",
    format: "money",
    link: { list: "annual_rent_outside" },
  },
  conversionsDone: {
    label: "svd_conversionsDone",
    format: "count",
    unit: "svd_unitItems",
    link: { list: "conversions_done" },
  },
  conversionArea: { label: "svd_conversionArea", format: "area", link: { list: "conversion_area" } },
  // Not closed = open + rectifying + verified + referred: the ledger's `status=unclosed`.
  openFindings: {
    label: "svd_openFindings",
    format: "count",
    unit: "svd_unitItems",
    link: { findings: { status: "unclosed" } },
  },
  activeFindings: {
    label: "svd_activeFindings",
    format: "count",
    unit: "svd_unitItems",
    link: { findings: { status: "active" } },
  },
  overdueFindings: {
    label: "svd_overdueFindings",
    format: "count",
    unit: "svd_unitItems",
    link: { findings: { overdue: "1" } },
  },
};

export const dashboardFigureOrder = Object.keys(figureInfo) as DashboardFigure[];

/** The figures of the children table (the rest are on the cards and in the lists). */
export const tableFigures: readonly DashboardFigure[] = [
  "grossArea",
  "officeArea",
  "idleArea",
  "unitsOverStandard",
  "personsOverStandard",
  "unitsRentingOutside",
  "annualRentOutside",
  "conversionsDone",
  "activeFindings",
  "overdueFindings",
];

/** The list metric a figure leads to, if it is one of the tab's own lists. */
export function listOf(figure: DashboardFigure): DashboardListMetric | undefined {
  const link = figureInfo[figure].link;
  return link && "list" in link ? link.list : undefined;
}

/** The figure a list explains. */
export function figureOfList(metric: DashboardListMetric): DashboardFigure {
  return dashboardFigureOrder.find((figure) => listOf(figure) === metric) ?? "grossArea";
}

export const findingStatusOrder = ["open", "rectifying", "verified", "referred", "closed"] as const;
export const findingAgeOrder = ["0-30", "31-90", "91-"] as const;
export const ageLabels: Record<(typeof findingAgeOrder)[number], MessageKey> = {
  "0-30": "svd_age_0_30",
  "31-90": "svd_age_31_90",
  "91-": "svd_age_91",
};
