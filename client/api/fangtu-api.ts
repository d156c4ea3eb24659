// The client's only door to the server: components never call fetch themselves.
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

export interface CurrentUser {
  id: number;
  username: string;
  display_name: string;
  region_code: string;
  unit_id: number | null;
  roles: string[];
}

let csrfToken: string | null = null;

async function call<T>(path: string, init: RequestInit = {}, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  if (csrfToken && init.method && init.method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  const response = await fetch(path, { ...init, signal: signal ?? null, headers });
  const body = (await response.json()) as T & { error?: { code: string; message: string } };
  if (!response.ok) {
    throw new ApiRequestError(
      response.status,
      body.error?.code ?? "unknown",
      body.error?.message ?? response.statusText,
    );
  }
  return body;
}

const getJson = <T>(path: string, signal?: AbortSignal) => call<T>(path, {}, signal);

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
  search: (text: string, signal?: AbortSignal) =>
    getJson<{ results: SearchHit[] }>(`/api/search?q=${encodeURIComponent(text)}&limit=12`, signal).then(
      (body) => body.results,
    ),
};
