import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config.js";
import { basemapOrigins } from "../../server/domain/basemap.js";

describe("loadConfig", () => {
  it("defaults to the embedded database with demo data on port 8080", () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.database.mode).toBe("embedded");
    if (config.database.mode === "embedded") expect(config.database.dataDir).toMatch(/\.fangtu\/db$/);
    expect(config.loadDemo).toBe(true);
  });

  it("uses the server when DATABASE_URL is set, with demo data off unless forced", () => {
    const server = loadConfig({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/fangtu" });
    expect(server.database).toEqual({ mode: "server", url: "postgres://postgres@127.0.0.1:5432/fangtu" });
    expect(server.loadDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: "postgresql://h/db", FANGTU_DEMO: "1" }).loadDemo).toBe(true);
    expect(loadConfig({ FANGTU_DEMO: "0" }).loadDemo).toBe(false);
    expect(loadConfig({ FANGTU_DATA_DIR: "/tmp/x", PORT: "9000" })).toMatchObject({
      port: 9000,
      database: { mode: "embedded", dataDir: "/tmp/x" },
    });
  });

  it("names every invalid variable", () => {
    expect(() => loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", FANGTU_DEMO: "yes" })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", FANGTU_DEMO: "yes" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("PORT");
      expect(message).toContain("DATABASE_URL must start with postgres://");
      expect(message).toContain("FANGTU_DEMO");
    }
  });

  it("keeps the map offline unless a basemap is configured, and checks the template", () => {
    expect(loadConfig({}).basemap).toBeUndefined();
    const tianditu = "https://t0.tianditu.gov.cn/vec_w/wmts?tk=KEY&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}";
    const config = loadConfig({ FANGTU_BASEMAP_TILES: tianditu, FANGTU_BASEMAP_ATTRIBUTION: "天地图" });
    expect(config.basemap).toEqual({ rasterTiles: tianditu, attribution: "天地图" });
    expect(basemapOrigins(config.basemap)).toEqual(["https://t0.tianditu.gov.cn"]);
    expect(
      basemapOrigins(loadConfig({ FANGTU_BASEMAP_STYLE: "https://maps.example.cn/style.json" }).basemap),
    ).toEqual(["https://maps.example.cn"]);
    expect(() => loadConfig({ FANGTU_BASEMAP_TILES: "https://t0.tianditu.gov.cn/tile.png" })).toThrow(
      /\{z\}, \{x\} and \{y\}/,
    );
    expect(() => loadConfig({ FANGTU_BASEMAP_TILES: "ftp://x/{z}/{x}/{y}" })).toThrow(/http\(s\) URL/);
    expect(() =>
      loadConfig({
        FANGTU_BASEMAP_TILES: "https://a/{z}/{x}/{y}",
        FANGTU_BASEMAP_STYLE: "https://b/style.json",
      }),
    ).toThrow(/not both/);
  });
});
