import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FangtuDatabase } from "../../server/db/database.js";
import type { Basemap } from "../../server/domain/basemap.js";
import { createApp } from "../../server/http/app.js";
import { openTestDatabase } from "../support/databases.js";
import { silentLogger } from "../support/logger.js";

/** The page's Content-Security-Policy directive `name`, as a list of sources. */
async function directive(app: ReturnType<typeof createApp>, name: string): Promise<string[]> {
  const policy = (await app.request("/api/health")).headers.get("content-security-policy") ?? "";
  const entry = policy
    .split(";")
    .map((part) => part.trim().split(/\s+/))
    .find(([key]) => key === name);
  return entry?.slice(1) ?? [];
}

describe("an optional external basemap", () => {
  let database: FangtuDatabase;
  beforeAll(async () => {
    database = await openTestDatabase("embedded");
  });
  afterAll(() => database.close());

  const appWith = (basemap?: Basemap) =>
    createApp({ db: database.db, mode: database.mode, logger: silentLogger, basemap });

  it("is off by default: the health says so and the page may reach only its own origin", async () => {
    const app = appWith();
    const health = (await (await app.request("/api/health")).json()) as { basemap: unknown };
    expect(health.basemap).toBeNull();
    expect(await directive(app, "connect-src")).toEqual(["'self'"]);
  });

  it("when configured, reaches the client and opens the CSP to the basemap's origin only", async () => {
    const basemap = {
      rasterTiles: "https://t0.tianditu.gov.cn/vec_w/{z}/{x}/{y}?tk=KEY",
      attribution: "天地图",
    };
    const app = appWith(basemap);
    const health = (await (await app.request("/api/health")).json()) as { basemap: unknown };
    expect(health.basemap).toEqual(basemap);
    expect(await directive(app, "connect-src")).toEqual(["'self'", "https://t0.tianditu.gov.cn"]);
    expect(await directive(app, "img-src")).toContain("https://t0.tianditu.gov.cn");
  });
});
