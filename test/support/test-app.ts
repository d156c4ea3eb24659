import type { FangtuDatabase } from "../../server/db/database.js";
import { createApp } from "../../server/http/app.js";
import { openTestDatabase, type TestMode } from "./databases.js";
import { silentLogger } from "./logger.js";

export interface TestApp {
  readonly database: FangtuDatabase;
  readonly request: (path: string, init?: RequestInit) => Promise<Response>;
  readonly json: <T = Record<string, unknown>>(
    path: string,
  ) => Promise<{ status: number; body: T; response: Response }>;
}

/** The Hono app over a test database, called in-process (no port). */
export async function openTestApp(mode: TestMode = "embedded"): Promise<TestApp> {
  const database = await openTestDatabase(mode);
  const app = createApp({ db: database.db, mode: database.mode, logger: silentLogger });
  const request = async (path: string, init?: RequestInit) => app.request(path, init);
  return {
    database,
    request,
    json: async <T>(path: string) => {
      const response = await request(path);
      return { status: response.status, body: (await response.json()) as T, response };
    },
  };
}
