import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it, onTestFinished } from "vitest";
import { projectRoot } from "../../server/client-build.js";
import { copyServerDatabase } from "../support/databases.js";

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Runs `npm start`'s entry point as a user would, on a free port. */
function start(environment: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: projectRoot,
    // An empty DATABASE_URL counts as unset: the embedded mode, even when CI points the tests at a server.
    env: { ...process.env, PORT: "0", LOG_LEVEL: "warn", DATABASE_URL: "", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/serving at (http:\/\/\S+)/);
      if (match?.[1]) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("starting and stopping the server", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "fangtu-start-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("creates an embedded database with demo data, stops cleanly on SIGINT and restarts with the data kept", async () => {
    const first = await start({ FANGTU_DATA_DIR: dataDir });
    const health = (await (await fetch(`${first.url}/api/health`)).json()) as {
      mode: string;
      counts: { buildings: number };
    };
    expect(health.mode).toBe("embedded");
    expect(health.counts.buildings).toBeGreaterThanOrEqual(400);
    const page = await fetch(first.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<fangtu-app>");
    const firstExit = exitOf(first.child);
    first.child.kill("SIGINT");
    expect(await firstExit).toBe(0);

    const second = await start({ FANGTU_DATA_DIR: dataDir });
    const again = (await (await fetch(`${second.url}/api/health`)).json()) as {
      counts: { buildings: number };
    };
    expect(again.counts.buildings).toBe(health.counts.buildings);
    const secondExit = exitOf(second.child);
    second.child.kill("SIGTERM");
    expect(await secondExit).toBe(0);
    // A hang guard, not a timing check: a first start migrates 16 migrations and loads the demo, which
    // takes over a minute on two cores busy with the rest of the suite.
  }, 240_000);

  it.runIf(inject("serverDatabaseUrl") !== null)(
    "serves from PostgreSQL when DATABASE_URL is set",
    async () => {
      // Its own copy: the app must not hold a connection to the template other files copy from.
      const copy = await copyServerDatabase();
      onTestFinished(copy.drop);
      const started = await start({ DATABASE_URL: copy.url });
      const health = (await (await fetch(`${started.url}/api/health`)).json()) as {
        mode: string;
        postgis: string;
      };
      expect(health.mode).toBe("server");
      expect(health.postgis).toMatch(/^3\./);
      const exit = exitOf(started.child);
      started.child.kill("SIGTERM");
      expect(await exit).toBe(0);
    },
  );

  it("refuses to start with a clear message when PostgreSQL is unreachable", async () => {
    await expect(start({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" })).rejects.toThrow(
      /exited with 1:[\s\S]*Cannot reach PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/nowhere/,
    );
  });

  it("refuses invalid configuration naming the variable", async () => {
    await expect(start({ PORT: "eighty" })).rejects.toThrow(/exited with 1:[\s\S]*PORT/);
  });
});
