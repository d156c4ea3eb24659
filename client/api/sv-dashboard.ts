// The dashboard tab's API calls (数据看板, issue 10): the server's answer types, imported as types only.
import type { Dashboard, DashboardTotals } from "../../server/db/repositories/dashboard.repository.js";
import type {
  DashboardListMetric,
  DashboardListRow,
} from "../../server/db/repositories/dashboard-list.repository.js";
import type { TrendPoint } from "../../server/db/repositories/dashboard-snapshot.repository.js";
import type {
  DashboardMapFeature,
  DashboardUnitDetail,
} from "../../server/db/repositories/dashboard-unit.repository.js";
import { getJson, send } from "./fangtu-api.js";

export type {
  Dashboard,
  DashboardListMetric,
  DashboardListRow,
  DashboardMapFeature,
  DashboardTotals,
  DashboardUnitDetail,
  TrendPoint,
};
export type DashboardFigure = keyof DashboardTotals;

export interface DashboardList {
  region: string;
  metric: DashboardListMetric;
  figure: DashboardFigure;
  total: number;
  count: number;
  rows: DashboardListRow[];
}

export const dashboardApi = {
  dashboard: (region: string, signal?: AbortSignal) =>
    getJson<Dashboard>(`/api/dashboard?region=${region}`, signal),
  /** `own`: only the region's own level (本级), as the children table's 本级 row counts it. */
  list: (region: string, metric: DashboardListMetric, own: boolean, signal?: AbortSignal) =>
    getJson<DashboardList>(
      `/api/dashboard/list?region=${region}&metric=${metric}${own ? "&own=1" : ""}`,
      signal,
    ),
  map: (region: string, signal?: AbortSignal) =>
    getJson<{ type: "FeatureCollection"; features: DashboardMapFeature[] }>(
      `/api/dashboard/map?region=${region}`,
      signal,
    ),
  unit: (id: number, signal?: AbortSignal) =>
    getJson<DashboardUnitDetail>(`/api/dashboard/units/${id}`, signal),
  /** The idle-space trend; administration staff only (unit users get 403). */
  trend: (region: string, signal?: AbortSignal) =>
    getJson<{ region: string; points: TrendPoint[] }>(`/api/dashboard/trend?region=${region}`, signal),
  snapshot: (region: string) =>
    send<{ region: string; takenOn: string; regions: number; replaced: number }>(
      "POST",
      "/api/dashboard/snapshots",
      {
        region,
      },
    ),
};
