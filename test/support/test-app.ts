import type { FangtuDatabase } from "../../server/db/database.js";
import { DEMO_PASSWORD } from "../../server/db/demo-users.js";
import { createApp } from "../../server/http/app.js";
import { openTestDatabase, type TestMode } from "./databases.js";
import { silentLogger } from "./logger.js";

export interface Client {
  readonly request: (path: string, init?: RequestInit) => Promise<Response>;
  readonly json: <T = Record<string, unknown>>(
    path: string,
    init?: RequestInit,
  ) => Promise<{ status: number; body: T; response: Response }>;
}

export interface SignedInClient extends Client {
  readonly csrfToken: string;
  readonly cookie: string;
}

export interface TestApp extends SignedInClient {
  readonly database: FangtuDatabase;
  /** No session, no token. */
  readonly anonymous: Client;
  /** A session of a demo account (password fangtu-demo unless given). */
  readonly signIn: (username: string, password?: string) => Promise<SignedInClient>;
}

type Fetch = (path: string, init?: RequestInit) => Promise<Response>;

function clientOver(fetcher: Fetch, headers: Record<string, string> = {}): Client {
  const request = (path: string, init: RequestInit = {}) =>
    fetcher(path, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
    });
  return {
    request,
    json: async <T>(path: string, init?: RequestInit) => {
      const response = await request(path, init);
      return { status: response.status, body: (await response.json()) as T, response };
    },
  };
}

/** Signs in through the API and returns a client that sends the cookie and the CSRF token. */
export async function signIn(
  fetcher: Fetch,
  username: string,
  password = DEMO_PASSWORD,
): Promise<SignedInClient> {
  const response = await fetcher("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in of ${username} failed: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { ...clientOver(fetcher, { cookie, "x-csrf-token": csrfToken }), csrfToken, cookie };
}

/** The Hono app over a test database, called in-process (no port), signed in as demo-admin. */
export async function openTestApp(mode: TestMode = "embedded"): Promise<TestApp> {
  const database = await openTestDatabase(mode);
  const app = createApp({ db: database.db, mode: database.mode, logger: silentLogger });
  const fetcher: Fetch = async (path, init) => app.request(path, init);
  const admin = await signIn(fetcher, "demo-admin");
  return {
    ...admin,
    database,
    anonymous: clientOver(fetcher),
    signIn: (username, password) => signIn(fetcher, username, password),
  };
}
