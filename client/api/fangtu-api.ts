// The client's only door to the server: components never call fetch themselves.
import type { FeatureCollection, Geometry } from "geojson";
import type { SearchHit } from "../../server/db/repositories/search.repository.js";
import type { Health } from "../../server/http/routes/health.route.js";

export type { SearchHit } from "../../server/db/repositories/search.repository.js";
export type { Health } from "../../server/http/routes/health.route.js";

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { signal: signal ?? null, headers: { Accept: "application/json" } });
  const body = (await response.json()) as T & { error?: { code: string; message: string } };
  if (!response.ok)
    throw new ApiRequestError(
      response.status,
      body.error?.code ?? "unknown",
      body.error?.message ?? response.statusText,
    );
  return body;
}

export const api = {
  health: () => getJson<Health>("/api/health"),
  search: (text: string, signal?: AbortSignal) =>
    getJson<{ results: SearchHit[] }>(`/api/search?q=${encodeURIComponent(text)}&limit=12`, signal).then(
      (body) => body.results,
    ),
  regionBoundaries: (level: "prefecture" | "county") =>
    getJson<FeatureCollection<Geometry>>(`/api/regions?format=geojson&level=${level}`),
  buildings: (bbox: readonly number[], signal?: AbortSignal) =>
    getJson<FeatureCollection<Geometry>>(
      `/api/buildings?bbox=${bbox.map((value) => value.toFixed(6)).join(",")}&limit=5000`,
      signal,
    ),
};
