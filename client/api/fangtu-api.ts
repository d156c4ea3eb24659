// The client's only door to the server: components never call fetch themselves.
import type { SearchHit } from "../../server/db/repositories/search.repository.js";
import type { Health } from "../../server/http/routes/health.route.js";
import type { CommercialDetail, CommercialEntry, DisposalDraft, DisposalOption } from "./outflow-types.js";
import type {
  AllocationRequest,
  Decision,
  RequestDetail,
  RequestDraft,
  RequestPage,
  RequestStatus,
} from "./request-types.js";
import type {
  ScenarioAction,
  ScenarioComparison,
  ScenarioEvaluation,
  ScenarioRecord,
  ScenarioSummary,
} from "./scenario-types.js";
import type {
  Allocation,
  Conversion,
  ConversionDraft,
  ConversionStep,
  Coverage,
  SiteSearch,
  SiteSearchRequest,
  TargetUse,
} from "./site-types.js";
import type {
  AllocationPlans,
  BuildingDetail,
  BuildingDraft,
  ConsistencyReport,
  EditResult,
  ImportOptions,
  ImportTarget,
  Job,
  RegionDetail,
  RoomDraft,
  RoomPart,
  SavedBuilding,
  StagedImport,
  TablePage,
  TableQuery,
  UnitDetail,
  UnitEntitlementReport,
  ZoneAnalysis,
  ZoneRequest,
} from "./types.js";

export type { SearchHit } from "../../server/db/repositories/search.repository.js";
export type { Health } from "../../server/http/routes/health.route.js";

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details` (what changed, for a 409 on applying a scenario). */
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
  }
}

export interface CurrentUser {
  id: number;
  username: string;
  display_name: string;
  region_code: string;
  unit_id: number | null;
  roles: string[];
}

let csrfToken: string | null = null;

export async function call<T>(path: string, init: RequestInit = {}, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  if (csrfToken && init.method && init.method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(path, { ...init, signal: signal ?? null, headers });
  // A proxy or a crash may answer with HTML: the status then says what happened.
  const body = (await response.json().catch(() => ({}))) as T & {
    error?: { code: string; message: string; details?: unknown[] };
  };
  if (!response.ok) {
    throw new ApiRequestError(
      response.status,
      body.error?.code ?? "unknown",
      body.error?.message ?? response.statusText,
      body.error?.details ?? [],
    );
  }
  return body;
}

const getJson = <T>(path: string, signal?: AbortSignal) => call<T>(path, {}, signal);
const send = <T>(method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown) =>
  call<T & EditResult>(path, body === undefined ? { method } : { method, body: JSON.stringify(body) });

/** The file name of a Content-Disposition header, preferring the UTF-8 `filename*` form. */
export function filenameOf(disposition: string | null): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? "");
  if (encoded?.[1]) return decodeURIComponent(encoded[1]);
  return /filename="?([^";]+)"?/i.exec(disposition ?? "")?.[1] ?? "export";
}

/** The query string of a table request: only the parameters that are set. */
export function tableSearch(query: TableQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Same-origin address of a table's export with the current filter and sort (a download link). */
export function tableExportUrl(table: string, format: "csv" | "xlsx", query: TableQuery): string {
  const { limit: _limit, offset: _offset, ...rest } = query;
  return `/api/tables/${table}.${format}${tableSearch(rest)}`;
}

export const api = {
  health: () => getJson<Health>("/api/health"),
  /** The signed-in user, or null when there is no session. */
  me: async (): Promise<CurrentUser | null> => {
    try {
      const body = await getJson<{ user: CurrentUser; csrfToken: string | null }>("/api/auth/me");
      csrfToken = body.csrfToken;
      return body.user;
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) return null;
      throw error;
    }
  },
  login: async (username: string, password: string): Promise<CurrentUser> => {
    const body = await call<{ user: CurrentUser; csrfToken: string }>("/api/auth/login", {
      method: "POST",
      body: JSON.stringify({ username, password }),
    });
    csrfToken = body.csrfToken;
    return body.user;
  },
  logout: async (): Promise<void> => {
    await call("/api/auth/logout", { method: "POST" });
    csrfToken = null;
  },
  region: (code: string, signal?: AbortSignal) => getJson<RegionDetail>(`/api/regions/${code}`, signal),
  building: (id: number, signal?: AbortSignal) => getJson<BuildingDetail>(`/api/buildings/${id}`, signal),
  unit: (id: number, signal?: AbortSignal) => getJson<UnitDetail>(`/api/units/${id}`, signal),
  unitEntitlement: (id: number, signal?: AbortSignal) =>
    getJson<UnitEntitlementReport>(`/api/units/${id}/entitlement`, signal),
  /** The unit's 三相符 mismatches (master ledger vs sub-ledger, field checks, certificates). */
  unitConsistency: (id: number, signal?: AbortSignal) =>
    getJson<ConsistencyReport>(`/api/consistency?unitId=${id}`, signal),
  table: (table: string, query: TableQuery, signal?: AbortSignal) =>
    getJson<TablePage>(`/api/tables/${table}${tableSearch(query)}`, signal),
  /** A file download (exports): the body and the file name the server gave it. */
  download: async (path: string): Promise<{ blob: Blob; filename: string }> => {
    const response = await fetch(path);
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
      throw new ApiRequestError(
        response.status,
        body.error?.code ?? "unknown",
        body.error?.message ?? response.statusText,
      );
    }
    return { blob: await response.blob(), filename: filenameOf(response.headers.get("Content-Disposition")) };
  },
  // ---- editing: every answer carries the audit entries that undo it ----
  createBuilding: (draft: BuildingDraft) =>
    send<{ building: SavedBuilding }>("POST", "/api/buildings", draft),
  reshapeBuilding: (id: number, version: number, footprint: BuildingDraft["footprint"]) =>
    send<{ building: SavedBuilding }>("PUT", `/api/buildings/${id}/footprint`, { version, footprint }),
  deleteBuilding: (id: number, version: number) =>
    send<Record<string, unknown>>("DELETE", `/api/buildings/${id}?version=${version}`),
  patchRoom: (id: number, version: number, changes: Record<string, unknown>) =>
    send<Record<string, unknown>>("PATCH", `/api/rooms/${id}`, { version, ...changes }),
  createRoom: (draft: RoomDraft) => send<{ room: { id: number } }>("POST", "/api/rooms", draft),
  deleteRoom: (id: number, version: number) =>
    send<Record<string, unknown>>("DELETE", `/api/rooms/${id}?version=${version}`),
  splitRoom: (id: number, version: number, parts: RoomPart[]) =>
    send<{ rooms: Array<{ id: number }> }>("POST", `/api/rooms/${id}/split`, { version, parts }),
  mergeRooms: (rooms: Array<{ id: number; version: number }>, number?: string) =>
    send<{ room: { id: number } }>("POST", "/api/rooms/merge", number ? { rooms, number } : { rooms }),
  /** Undoes the given audit entries, newest first, all or nothing (409 when a record moved on). */
  revert: (audit: readonly string[]) =>
    call<{ reverted: number; audit: string[] }>("/api/edits/revert", {
      method: "POST",
      body: JSON.stringify({ audit }),
    }),
  // ---- import: upload, map columns, dry run, commit (jobs with progress) ----
  /** Uploads a file for import; `onProgress` hears the bytes sent (XHR: fetch cannot report uploads). */
  stageImport: (file: File, target: ImportTarget, onProgress: (fraction: number) => void) =>
    new Promise<StagedImport>((resolve, reject) => {
      const form = new FormData();
      form.set("target", target);
      form.set("file", file);
      const request = new XMLHttpRequest();
      request.open("POST", "/api/imports");
      request.setRequestHeader("Accept", "application/json");
      if (csrfToken) request.setRequestHeader("X-CSRF-Token", csrfToken);
      request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
      request.onerror = () => reject(new ApiRequestError(0, "network", "network error"));
      request.onload = () => {
        const body = (() => {
          try {
            return JSON.parse(request.responseText) as StagedImport & {
              error?: { code: string; message: string };
            };
          } catch {
            return undefined;
          }
        })();
        if (request.status >= 200 && request.status < 300 && body) resolve(body);
        else
          reject(
            new ApiRequestError(
              request.status,
              body?.error?.code ?? "unknown",
              body?.error?.message ?? request.statusText,
            ),
          );
      };
      request.send(form);
    }),
  dryRunImport: (id: string, mapping: Record<string, string>, options: ImportOptions) =>
    call<{ jobId: string }>(`/api/imports/${id}/dry-run`, {
      method: "POST",
      body: JSON.stringify({ mapping, options }),
    }),
  commitImport: (id: string, mapping: Record<string, string>, options: ImportOptions) =>
    call<{ jobId: string }>(`/api/imports/${id}/commit`, {
      method: "POST",
      body: JSON.stringify({ mapping, options }),
    }),
  job: (id: string, signal?: AbortSignal) => getJson<Job>(`/api/jobs/${id}`, signal),
  cancelJob: (id: string) => call<Job>(`/api/jobs/${id}`, { method: "DELETE" }),
  // ---- consolidation zones ----
  analyzeZone: (request: ZoneRequest, signal?: AbortSignal) =>
    call<ZoneAnalysis>("/api/analysis/zone", { method: "POST", body: JSON.stringify(request) }, signal),
  saveZone: (name: string, geometry: ZoneRequest["geometry"]) =>
    send<{ zone: { id: number; name: string } }>("POST", "/api/zones", { name, geometry }),
  /** Plans for the district with the analysis's own demand mode and radius, so both show the same numbers. */
  allocationPlans: (request: ZoneRequest, unitIds: readonly number[]) =>
    call<AllocationPlans>("/api/allocation/plans", {
      method: "POST",
      body: JSON.stringify(unitIds.length > 0 ? { ...request, unitIds } : request),
    }),
  // ---- allocation requests (调配申报) ----
  allocationRequests: (status: RequestStatus | undefined, signal?: AbortSignal) =>
    getJson<RequestPage>(`/api/allocation-requests?limit=200${status ? `&status=${status}` : ""}`, signal),
  allocationRequest: (id: number, signal?: AbortSignal) =>
    getJson<RequestDetail>(`/api/allocation-requests/${id}`, signal),
  fileRequest: (draft: RequestDraft) => send<AllocationRequest>("POST", "/api/allocation-requests", draft),
  /** Prepares (again) the request's plans: at least two, in the order of preference. */
  preparePlans: (id: number) => send<Record<string, unknown>>("POST", `/api/allocation-requests/${id}/plans`),
  decideRequest: (id: number, planId: number, version: number) =>
    send<Decision>("POST", `/api/allocation-requests/${id}/decide`, { planId, version }),
  // ---- swap and move scenarios (issue 8) ----
  scenarios: (signal?: AbortSignal) =>
    getJson<{ scenarios: ScenarioSummary[] }>("/api/scenarios", signal).then((body) => body.scenarios),
  createScenario: (name: string) => send<{ scenario: ScenarioRecord }>("POST", "/api/scenarios", { name }),
  /** A new draft with the same actions, to try an alternative. */
  copyScenario: (id: number, name: string) =>
    send<{ scenario: ScenarioRecord }>("POST", `/api/scenarios/${id}/copy`, { name }),
  scenario: (id: number, signal?: AbortSignal) =>
    getJson<{ scenario: ScenarioRecord }>(`/api/scenarios/${id}`, signal).then((body) => body.scenario),
  patchScenario: (id: number, version: number, changes: { name?: string; status?: "archived" | "draft" }) =>
    send<{ scenario: ScenarioRecord }>("PATCH", `/api/scenarios/${id}`, { version, ...changes }),
  addScenarioAction: (id: number, version: number, action: ScenarioAction) =>
    send<{ scenario: ScenarioRecord }>("POST", `/api/scenarios/${id}/actions`, {
      version,
      actions: [action],
    }),
  /** Removes the action at `index` (0-based); the later ones move up. */
  removeScenarioAction: (id: number, version: number, index: number) =>
    send<{ scenario: ScenarioRecord }>("DELETE", `/api/scenarios/${id}/actions/${index}?version=${version}`),
  validateScenario: (id: number) => send<ScenarioEvaluation>("POST", `/api/scenarios/${id}/validate`, {}),
  /** The metrics of the scenario as it stands (the engine over the live ledger). */
  scenarioMetrics: (id: number, signal?: AbortSignal) =>
    getJson<ScenarioEvaluation>(`/api/scenarios/${id}/metrics`, signal),
  approveScenario: (id: number, version: number) =>
    send<{ scenario: ScenarioSummary }>("POST", `/api/scenarios/${id}/approve`, { version }),
  /** Writes the approved scenario to the ledger; 409 with the changed records when the ledger moved on. */
  applyScenario: (id: number, version: number) =>
    send<{ scenario: ScenarioSummary; applied: Record<string, number> }>(
      "POST",
      `/api/scenarios/${id}/apply`,
      { version },
    ),
  compareScenarios: (ids: readonly number[], signal?: AbortSignal) =>
    getJson<ScenarioComparison>(`/api/scenarios/compare?ids=${ids.join(",")}`, signal),
  compareScenariosXlsxUrl: (ids: readonly number[]) => `/api/scenarios/compare.xlsx?ids=${ids.join(",")}`,
  // ---- idle sites to public use (issue 9) ----
  findSites: (request: SiteSearchRequest, signal?: AbortSignal) =>
    call<SiteSearch>("/api/analysis/sites", { method: "POST", body: JSON.stringify(request) }, signal),
  /** Without `walkMeters`, the use's default walking distance. */
  coverage: (siteIds: readonly string[], facilityKind: TargetUse, walkMeters?: number) =>
    call<Coverage>("/api/analysis/coverage", {
      method: "POST",
      body: JSON.stringify({ siteIds, facilityKind, walkMeters }),
    }),
  locationAllocation: (
    targetUse: TargetUse,
    k: number,
    walkMeters: number,
    candidateIds: readonly string[],
  ) =>
    call<Allocation>("/api/analysis/location-allocation", {
      method: "POST",
      body: JSON.stringify({ targetUse, k, walkMeters, candidateIds }),
    }),
  /** The commercial register of a region (经营用房), and one entry with its leases. */
  commercialRegister: (region: string, signal?: AbortSignal) =>
    getJson<{ items: CommercialEntry[] }>(`/api/commercial-properties?region=${region}`, signal).then(
      (body) => body.items,
    ),
  commercialEntry: (id: number, signal?: AbortSignal) =>
    getJson<CommercialDetail>(`/api/commercial-properties/${id}`, signal),
  separateCommercial: (draft: {
    buildingId: number;
    roomIds: number[];
    origin: "leased_out" | "shop_front";
  }) => send<CommercialEntry>("POST", "/api/commercial-properties", draft),
  disposalOptions: (buildingId: number, signal?: AbortSignal) =>
    getJson<{ options: DisposalOption[] }>(`/api/disposals/options?buildingId=${buildingId}`, signal).then(
      (body) => body.options,
    ),
  recordDisposal: (draft: DisposalDraft) => send<{ id: number }>("POST", "/api/disposals", draft),
  proposeConversion: (draft: ConversionDraft) => send<Conversion>("POST", "/api/conversions", draft),
  conversions: (signal?: AbortSignal) =>
    getJson<{ items: Conversion[] }>("/api/conversions?limit=50", signal).then((body) => body.items),
  conversion: (id: number, signal?: AbortSignal) => getJson<Conversion>(`/api/conversions/${id}`, signal),
  /** A step of the conversion's flow (approve, start, complete, publish, …) at the version it was read. */
  conversionStep: (id: number, step: ConversionStep, version: number) =>
    send<{ version: number }>("POST", `/api/conversions/${id}/${step}`, { version }),
  search: (text: string, signal?: AbortSignal) =>
    getJson<{ results: SearchHit[] }>(`/api/search?q=${encodeURIComponent(text)}&limit=12`, signal).then(
      (body) => body.results,
    ),
};
