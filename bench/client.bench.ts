// `npm run bench:client [-- --buildings N --rooms-per-building R --runs K --pans P --seed S --trace --keep]`
//
// The map client in headless Chromium (Debian's `chromium` on PATH, software WebGL through
// SwiftShader), over two datasets in the same run on the local PostgreSQL (DATABASE_URL's server,
// else postgres://postgres@127.0.0.1:5432; loopback only):
// - the demo data (the generator `npm start` loads; signs in as demo-admin) — the baseline;
// - N (default 100,000) synthetic buildings from the seeded generator, R rooms each (default 2),
//   with a system administrator made here to sign in with.
// Each dataset gets a fresh database and the real app (createApp + @hono/node-server serving
// dist/client, rebuilt first when stale) in a child process of its own on 127.0.0.1, so the
// browser's requests never wait on this process's work. Then, per dataset:
// 1. cold loads: a fresh browser context each time (empty HTTP cache, no cookies), signed in with
//    `POST /api/auth/login` through the context, then navigation to `/`; as soon as the map exists
//    an init script jumps it to the view (zoom 7 over Heilongjiang: building cells; zoom 14 over
//    Harbin: footprints). Measured: navigation start → the first map `idle` at that view with
//    `renderedBuildings` (counted on demand) > 0, K runs (median and max). The first run of each view is the
//    one that finds the app's tile cache empty; the others are cold in the browser only.
// 2. the same loads' network, from CDP `Network` events of the page and its workers (MapLibre
//    fetches tiles in its web worker): tile requests (`/tiles/{source}/{z}/{x}/{y}`) and their
//    bytes on the wire (`encodedDataLength` of `Network.loadingFinished`), and the JavaScript.
// 3. panning: P (default 20) scripted `panBy`/`easeTo` moves at zoom 14–15 around the densest 5 km
//    square of each dataset (the demo's is in Harbin), each waiting
//    for `idle`, while a PerformanceObserver records long tasks and a Chrome trace records every
//    task of the renderer's main thread (its longest `RunTask` is the primary figure).
// The demo dataset is the baseline of every 100k figure: `name: value unit (ratio vs baseline)`.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { sql } from "kysely";
import pino from "pino";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildClientIfStale, clientDistDirectory, projectRoot } from "../server/client-build.js";
import { type FangtuDatabase, migrateToLatest, openServer } from "../server/db/database.js";
import { generateDemoFromFiles, insertDataset } from "../server/db/demo-loader.js";
import { createDemoUsers, DEMO_PASSWORD } from "../server/db/demo-users.js";
import { readCountyPolygons } from "../server/db/geodata-files.js";
import { loadReferenceData } from "../server/db/reference-data.js";
import { createUser } from "../server/db/repositories/auth.repository.js";
import { loadSynthetic } from "../server/db/synth-loader.js";
import { hashPassword } from "../server/domain/auth/password.js";
import { RegionGrid } from "../server/domain/demo/region-grid.js";
import { createApp } from "../server/http/app.js";
import { refreshTileAggregates } from "../server/tiles/tile-aggregates.js";
import { findChromium, launchChromium } from "../test/support/browser.js";
import {
  dropDatabase,
  format,
  localUrl,
  nullOnTimeout,
  percentile,
  recreateDatabase,
  whole,
  wholeFlag,
} from "./support.js";

const WATCHDOG_MS = 15 * 60_000;
/** Cold loads stop after the minimum number of runs once this much time went into them. */
const COLD_BUDGET_MS = 150_000;
const MIN_RUNS = 3;
const LOAD_TIMEOUT_MS = 60_000;
const MOVE_TIMEOUT_MS = 30_000;
const VIEWPORT = { width: 1400, height: 860 } as const;
const SYNTH_USER = "bench-client";
const SYNTH_PASSWORD = "bench-client-2026!";

const { values: flags } = parseArgs({
  options: {
    buildings: { type: "string", default: "100000" },
    "rooms-per-building": { type: "string", default: "2" },
    runs: { type: "string", default: "5" },
    pans: { type: "string", default: "20" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
    // Writes the pans' Chrome traces to bench/.data/client-pan-<dataset>.json (for DevTools or Perfetto).
    trace: { type: "boolean", default: false },
    // Internal: run as the app server over this database URL (the child process).
    serve: { type: "string" },
  },
});
const count = (name: "buildings" | "rooms-per-building" | "runs" | "pans" | "seed") =>
  wholeFlag("client", name, flags[name]);
const options = {
  buildings: Math.max(1, count("buildings")),
  roomsPerBuilding: count("rooms-per-building"),
  runs: Math.max(1, count("runs")),
  pans: Math.max(1, count("pans")),
  seed: count("seed"),
};

const loads = () =>
  loadavg()
    .map((value) => format(value, 2))
    .join(" ");
const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const maximum = (values: readonly number[]) => (values.length === 0 ? Number.NaN : Math.max(...values));
const kb = (bytes: number) => `${format(bytes / 1024)} KiB`;

// --- Views ---------------------------------------------------------------------------------------

interface View {
  readonly name: "cells" | "footprints";
  readonly center: readonly [number, number];
  readonly zoom: number;
}

const views: readonly View[] = [
  // Heilongjiang: below zoom 14 the buildings source carries building counts per grid cell.
  { name: "cells", center: [127.5, 47.5], zoom: 7 },
  // Harbin: footprints.
  { name: "footprints", center: [126.655, 45.752], zoom: 14 },
];

// --- Datasets ------------------------------------------------------------------------------------

interface Dataset {
  readonly label: string;
  readonly database: string;
  readonly username: string;
  readonly password: string;
  readonly buildings: number;
  /** Where the pans start: the densest 5 × 5 km square's buildings' centre. */
  readonly densest: Densest;
}

async function prepareDemo(name: string): Promise<Dataset> {
  await recreateDatabase(name);
  const database = await openServer(localUrl(name));
  try {
    const started = performance.now();
    await migrateToLatest(database.db);
    await loadReferenceData(database.db);
    await insertDataset(database.db, generateDemoFromFiles());
    await createDemoUsers(database.db);
    const { buildings, densest } = await settle(database);
    console.log(
      `demo: ${whole(buildings)} buildings loaded and aggregated in ${format((performance.now() - started) / 1000)} s; ` +
        `densest 5 km square: ${whole(densest.n)} buildings around ${format(densest.lng, 3)}, ${format(densest.lat, 3)}`,
    );
    return {
      label: "demo",
      database: name,
      username: "demo-admin",
      password: DEMO_PASSWORD,
      buildings,
      densest,
    };
  } finally {
    await database.close();
  }
}

async function prepareSynthetic(name: string): Promise<Dataset> {
  await recreateDatabase(name);
  const database = await openServer(localUrl(name));
  try {
    const started = performance.now();
    await migrateToLatest(database.db);
    await loadReferenceData(database.db);
    const loaded = await loadSynthetic(database, {
      buildings: options.buildings,
      seed: options.seed,
      roomsPerBuilding: options.roomsPerBuilding,
      grid: new RegionGrid(readCountyPolygons()),
    });
    await createUser(database.db, {
      username: SYNTH_USER,
      displayName: SYNTH_USER,
      passwordHash: await hashPassword(SYNTH_PASSWORD),
      regionCode: "230000",
      unitId: null,
      roles: ["system_admin"],
    });
    const { buildings, densest } = await settle(database);
    console.log(
      `${label(options.buildings)}: ${whole(loaded.rows.buildings)} synthetic buildings with ${whole(loaded.rows.rooms)} ` +
        `rooms loaded and aggregated in ${format((performance.now() - started) / 1000)} s; densest 5 km square: ` +
        `${whole(densest.n)} buildings around ${format(densest.lng, 3)}, ${format(densest.lat, 3)}`,
    );
    return {
      label: label(options.buildings),
      database: name,
      username: SYNTH_USER,
      password: SYNTH_PASSWORD,
      buildings,
      densest,
    };
  } finally {
    await database.close();
  }
}

/** `100k` for 100,000. */
function label(buildings: number): string {
  if (buildings >= 1_000_000 && buildings % 1_000_000 === 0) return `${buildings / 1_000_000}M`;
  if (buildings >= 1000 && buildings % 1000 === 0) return `${buildings / 1000}k`;
  return String(buildings);
}

/**
 * Statistics and the low-zoom aggregates up to date before any browser asks for a tile; the number
 * of buildings, and the centre of the densest 5 × 5 km (Web Mercator) square, where the pans go.
 */
async function settle(database: FangtuDatabase): Promise<{ buildings: number; densest: Densest }> {
  await sql`vacuum analyze`.execute(database.db);
  await refreshTileAggregates(database.db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from buildings`.execute(database.db);
  const { rows: dense } = await sql<Densest>`
    select st_x(p) as lng, st_y(p) as lat, n from (
      select st_transform(st_centroid(st_collect(st_centroid(footprint_3857))), 4326) as p, count(*)::int as n
      from buildings
      group by floor(st_x(st_centroid(footprint_3857)) / 5000), floor(st_y(st_centroid(footprint_3857)) / 5000)
      order by count(*) desc limit 1) densest`.execute(database.db);
  const densest = dense[0];
  if (!densest) throw new Error("no buildings loaded");
  return { buildings: rows[0]?.n ?? 0, densest };
}

interface Densest {
  readonly lng: number;
  readonly lat: number;
  readonly n: number;
}

// --- The app server (child process) --------------------------------------------------------------

async function runServer(url: string): Promise<void> {
  const database = await openServer(url);
  // As deployed: request logging at info (to /dev/null, so the terminal stays readable).
  const logger = pino({ level: "info" }, pino.destination({ dest: "/dev/null", sync: false }));
  const app = createApp({
    db: database.db,
    mode: database.mode,
    logger,
    clientDirectory: clientDistDirectory,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  // The parent holds stdin open; when it closes (the parent ended, however), so does this process.
  process.stdin.resume();
  process.stdin.on("end", () => {
    server.close();
    void database.close().finally(() => process.exit(0));
  });
}

async function startServer(database: string): Promise<{ child: ChildProcess; base: string }> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--import", "tsx", script, "--serve", localUrl(database)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the app server did not start within 60 s")), 60_000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`the app server exited with ${code}`)));
  });
  const { port } = JSON.parse(first) as { port: number };
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

// --- In the page ---------------------------------------------------------------------------------

interface IdleRecord {
  readonly at: number;
  readonly rendered: number;
  readonly zoom: number;
  readonly lng: number;
  readonly lat: number;
}

interface LongTask {
  readonly start: number;
  readonly duration: number;
}

interface BenchState {
  mapAt: number | null;
  idles: IdleRecord[];
  longTasks: LongTask[];
  errors: string[];
  /** While true, a move that ends away from the view is undone (the app may fit the map elsewhere). */
  hold: boolean;
  /** How often the map was put back on the view. */
  rejumps: number;
}

interface MapHandle {
  jumpTo(options: { center: readonly [number, number]; zoom: number }): void;
  panBy(offset: [number, number], options?: { duration?: number }): void;
  easeTo(options: { center?: [number, number]; zoom?: number; duration?: number }): void;
  once(event: "idle", listener: () => void): void;
  on(event: "idle" | "error" | "moveend", listener: (event?: { error?: { message?: string } }) => void): void;
  getZoom(): number;
  getCenter(): { lng: number; lat: number };
}

type BenchWindow = Window & { __fangtuBench?: BenchState };

const MAX_REJUMPS = 5;

/**
 * Runs in every page before its own scripts: records long tasks from the start, finds the map as
 * soon as the app has made it, jumps it to the view and records every `idle` with the buildings the
 * map element reports (read a task later, so the app's own idle listener has run whatever its order).
 * Until the first idle at the view, a move of the app's that ends elsewhere (fitting the map to the
 * user's region, say) is undone, at most MAX_REJUMPS times.
 */
function instrumentPage(view: { center: readonly [number, number]; zoom: number; maxRejumps: number }): void {
  const state: BenchState = { mapAt: null, idles: [], longTasks: [], errors: [], hold: true, rejumps: 0 };
  (window as BenchWindow).__fangtuBench = state;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        state.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (error) {
    state.errors.push(`longtask observer: ${String(error)}`);
  }
  const find = () => {
    const element = document
      .querySelector("fangtu-app")
      ?.shadowRoot?.querySelector<HTMLElement>("fangtu-map");
    const map = (element as unknown as { mapView?: { map?: MapHandle } } | null)?.mapView?.map;
    if (!element || !map) return false;
    state.mapAt = performance.now();
    const atView = () => {
      const { lng, lat } = map.getCenter();
      return (
        Math.abs(map.getZoom() - view.zoom) < 0.25 &&
        Math.abs(lng - view.center[0]) < 0.01 &&
        Math.abs(lat - view.center[1]) < 0.01
      );
    };
    map.jumpTo({ center: view.center, zoom: view.zoom });
    map.on("moveend", () => {
      if (!state.hold || atView() || state.rejumps >= view.maxRejumps) return;
      state.rejumps += 1;
      map.jumpTo({ center: view.center, zoom: view.zoom });
    });
    map.on("idle", () => {
      const at = performance.now();
      const { lng, lat } = map.getCenter();
      const zoom = map.getZoom();
      setTimeout(() => {
        // Counting queries every drawn feature (a long task of its own at 100k): only while loading.
        const rendered = state.hold
          ? Number((element as unknown as { renderedBuildings?: number }).renderedBuildings ?? 0)
          : -1;
        state.idles.push({ at, rendered, zoom, lng, lat });
      }, 0);
    });
    map.on("error", (event) => state.errors.push(event?.error?.message ?? "map error"));
    return true;
  };
  const poll = () => {
    if (!find()) setTimeout(poll, 5);
  };
  poll();
}

/** The first idle at the view (±0.25 zoom, ±0.01°) with buildings drawn, else null. */
function firstIdleAt(state: BenchState | undefined, view: View): IdleRecord | null {
  return (
    state?.idles.find(
      (idle) =>
        idle.rendered > 0 &&
        Math.abs(idle.zoom - view.zoom) < 0.25 &&
        Math.abs(idle.lng - view.center[0]) < 0.01 &&
        Math.abs(idle.lat - view.center[1]) < 0.01,
    ) ?? null
  );
}

// --- Network (CDP) -------------------------------------------------------------------------------

interface NetworkTally {
  tileRequests: number;
  tileBytes: number;
  tileJsonRequests: number;
  scriptBytes: number;
  totalBytes: number;
  requests: number;
  /** Requests seen in attached workers' sessions (MapLibre's tile fetches). */
  workerRequests: number;
  failed: number;
}

/**
 * Tallies the page's network and its workers' (attached through `Target.setAutoAttach` with flat
 * sessions; MapLibre fetches tiles from its worker). Sizes are `encodedDataLength` of
 * `Network.loadingFinished`: bytes on the wire, headers included, after gzip.
 */
async function tallyNetwork(context: BrowserContext, page: Page, origin: string): Promise<NetworkTally> {
  const tally: NetworkTally = {
    tileRequests: 0,
    tileBytes: 0,
    tileJsonRequests: 0,
    scriptBytes: 0,
    totalBytes: 0,
    requests: 0,
    workerRequests: 0,
    failed: 0,
  };
  const root = await context.newCDPSession(page);
  const urls = new Map<string, string>();
  type Sent = { requestId: string; request: { url: string }; sessionId?: string };
  type Finished = { requestId: string; encodedDataLength: number; sessionId?: string };
  const key = (event: { requestId: string }, sessionId: string | undefined) =>
    `${sessionId ?? ""}|${event.requestId}`;
  const sent = (event: Sent, sessionId?: string) => {
    const id = key(event, sessionId);
    if (urls.has(id)) return; // a redirect keeps the id
    urls.set(id, event.request.url);
    tally.requests += 1;
    if (sessionId !== undefined) tally.workerRequests += 1;
    if (!event.request.url.startsWith(origin)) return;
    const path = new URL(event.request.url).pathname;
    if (/^\/tiles\/[^/]+\/\d+\/\d+\/\d+$/.test(path)) tally.tileRequests += 1;
    else if (/^\/tiles\/[^/]+$/.test(path)) tally.tileJsonRequests += 1;
  };
  const finished = (event: Finished, sessionId?: string) => {
    const url = urls.get(key(event, sessionId));
    if (url === undefined) return;
    tally.totalBytes += event.encodedDataLength;
    const path = url.startsWith(origin) ? new URL(url).pathname : "";
    if (path.startsWith("/tiles/")) tally.tileBytes += event.encodedDataLength;
    if (/\.m?js$/.test(path)) tally.scriptBytes += event.encodedDataLength;
  };
  root.on("Network.requestWillBeSent", (event) => sent(event as Sent));
  root.on("Network.loadingFinished", (event) => finished(event as Finished));
  root.on("Network.loadingFailed", () => {
    tally.failed += 1;
  });
  // Events of attached workers arrive wrapped (flat sessions are not visible to this client).
  type Wrapped = { sessionId: string; message: string };
  root.on("Target.receivedMessageFromTarget", (event) => {
    const { sessionId, message } = event as Wrapped;
    const parsed = JSON.parse(message) as { method?: string; params?: unknown };
    if (parsed.method === "Network.requestWillBeSent") sent(parsed.params as Sent, sessionId);
    else if (parsed.method === "Network.loadingFinished") finished(parsed.params as Finished, sessionId);
    else if (parsed.method === "Network.loadingFailed") tally.failed += 1;
  });
  let messageId = 1;
  root.on("Target.attachedToTarget", (event) => {
    const { sessionId } = event as { sessionId: string };
    const send = (method: string) =>
      root
        .send("Target.sendMessageToTarget", {
          sessionId,
          message: JSON.stringify({ id: messageId++, method }),
        })
        .catch(() => undefined);
    void send("Network.enable").then(() => send("Runtime.runIfWaitingForDebugger"));
  });
  await root.send("Network.enable");
  await root.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return tally;
}

// --- Cold loads ----------------------------------------------------------------------------------

interface ColdLoad {
  readonly milliseconds: number | null;
  readonly mapMilliseconds: number | null;
  readonly rendered: number;
  readonly rejumps: number;
  readonly network: NetworkTally;
  readonly errors: readonly string[];
}

async function newSignedInPage(browser: Browser, base: string, dataset: Dataset, view: View) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const login = await context.request.post(`${base}/api/auth/login`, {
    data: { username: dataset.username, password: dataset.password },
  });
  if (!login.ok())
    throw new Error(`${dataset.label}: sign-in as ${dataset.username} answered ${login.status()}`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error" && !/status of 40[01]/.test(message.text())) errors.push(message.text());
  });
  // tsx (esbuild, keepNames) wraps named functions in `__name(…)`; functions sent to the page need it too.
  await page.addInitScript("globalThis.__name = (target) => target;");
  await page.addInitScript(instrumentPage, { center: view.center, zoom: view.zoom, maxRejumps: MAX_REJUMPS });
  return { context, page, errors };
}

/**
 * `/` with the view in the hash, in the new client's form (`map=z/lat/lng`) and the current one's
 * (`c=lng,lat&z=z`): a client that reads either starts there; one that reads neither is jumped.
 */
const viewUrl = (base: string, view: View) =>
  `${base}/#map=${view.zoom}/${view.center[1]}/${view.center[0]}&c=${view.center.join(",")}&z=${view.zoom}`;

async function coldLoad(browser: Browser, base: string, dataset: Dataset, view: View): Promise<ColdLoad> {
  const { context, page, errors } = await newSignedInPage(browser, base, dataset, view);
  try {
    const network = await tallyNetwork(context, page, base);
    await page.goto(viewUrl(base, view), { waitUntil: "commit" });
    const reached = await nullOnTimeout(
      page.waitForFunction(
        (target) => {
          const state = (window as BenchWindow).__fangtuBench;
          return (
            state?.idles.some(
              (idle) =>
                idle.rendered > 0 &&
                Math.abs(idle.zoom - target.zoom) < 0.25 &&
                Math.abs(idle.lng - target.center[0]) < 0.01 &&
                Math.abs(idle.lat - target.center[1]) < 0.01,
            ) ?? false
          );
        },
        { center: view.center, zoom: view.zoom },
        { timeout: LOAD_TIMEOUT_MS, polling: 50 },
      ),
    );
    const state = await page.evaluate(() => (window as BenchWindow).__fangtuBench);
    const idle = reached ? firstIdleAt(state, view) : null;
    // Let responses still on the wire finish (none should be: idle means every tile arrived).
    await page.waitForTimeout(200);
    return {
      milliseconds: idle?.at ?? null,
      mapMilliseconds: state?.mapAt ?? null,
      rendered: idle?.rendered ?? 0,
      rejumps: state?.rejumps ?? 0,
      network: { ...network },
      errors: [...errors, ...(state?.errors ?? [])],
    };
  } finally {
    await context.close();
  }
}

// --- Panning -------------------------------------------------------------------------------------

type Move =
  | { readonly panBy: [number, number] }
  | { readonly easeTo: { zoom: number; offset: [number, number] } };

/**
 * A loop around the start: pans of 320–450 px (half-second animations), so every move brings new
 * tiles into view while the map stays over the dense area; every fifth move zooms (15, then 14).
 */
function moves(total: number): Move[] {
  const steps: Array<[number, number]> = [
    [450, 0],
    [0, 320],
    [-450, 0],
    [-450, 0],
    [0, -320],
    [0, -320],
    [450, 0],
    [450, 0],
  ];
  return Array.from({ length: total }, (_, index): Move => {
    if (index % 5 === 4)
      return { easeTo: { zoom: Math.floor(index / 5) % 2 === 0 ? 15 : 14, offset: [200, 150] } };
    return { panBy: steps[index % steps.length] as [number, number] };
  });
}

interface PanResult {
  readonly moveMilliseconds: number[];
  readonly timedOut: number;
  readonly longTasks: LongTask[];
  readonly trace: TraceSummary | null;
  readonly renderedAtStart: number;
  readonly tileRequests: number;
  readonly tileBytes: number;
  readonly errors: readonly string[];
}

async function panSequence(browser: Browser, base: string, dataset: Dataset): Promise<PanResult> {
  const start: View = { name: "footprints", center: [dataset.densest.lng, dataset.densest.lat], zoom: 14 };
  const { context, page, errors } = await newSignedInPage(browser, base, dataset, start);
  try {
    const network = await tallyNetwork(context, page, base);
    await page.goto(viewUrl(base, start), { waitUntil: "commit" });
    await page.waitForFunction(
      (target) =>
        (window as BenchWindow).__fangtuBench?.idles.some(
          (idle) => idle.rendered > 0 && Math.abs(idle.zoom - target.zoom) < 0.25,
        ) ?? false,
      { zoom: start.zoom },
      { timeout: LOAD_TIMEOUT_MS, polling: 50 },
    );
    const before = { requests: network.tileRequests, bytes: network.tileBytes };
    const initial = await page.evaluate(() => {
      const state = (window as BenchWindow).__fangtuBench as BenchState;
      state.hold = false;
      return state;
    });
    const renderedAtStart = firstIdleAt(initial, start)?.rendered ?? 0;
    await page.waitForTimeout(500);

    await browser.startTracing(page, {
      categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel"],
    });
    const windowStart = await page.evaluate(() => performance.now());
    const moveMilliseconds: number[] = [];
    let timedOut = 0;
    for (const move of moves(options.pans)) {
      const took = await page.evaluate(
        ({ move, timeout }) =>
          new Promise<number | null>((resolve) => {
            const element = document.querySelector("fangtu-app")?.shadowRoot?.querySelector("fangtu-map");
            const map = (element as unknown as { mapView: { map: MapHandle } }).mapView.map;
            const begun = performance.now();
            const timer = setTimeout(() => resolve(null), timeout);
            map.once("idle", () => {
              clearTimeout(timer);
              resolve(performance.now() - begun);
            });
            if ("panBy" in move) map.panBy(move.panBy, { duration: 500 });
            else map.easeTo({ zoom: move.easeTo.zoom, offset: move.easeTo.offset, duration: 500 } as never);
          }),
        { move, timeout: MOVE_TIMEOUT_MS },
      );
      if (took === null) timedOut += 1;
      else moveMilliseconds.push(took);
    }
    const windowEnd = await page.evaluate(() => performance.now());
    const trace = await browser.stopTracing();
    if (flags.trace) {
      const path = join(projectRoot, "bench", ".data", `client-pan-${dataset.label}.json`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, trace);
      console.log(`  trace of the ${dataset.label} pans: ${path}`);
    }
    const state = await page.evaluate(() => (window as BenchWindow).__fangtuBench);
    return {
      moveMilliseconds,
      timedOut,
      longTasks: (state?.longTasks ?? []).filter(
        (task) => task.start >= windowStart && task.start <= windowEnd,
      ),
      trace: summariseTrace(trace),
      renderedAtStart,
      tileRequests: network.tileRequests - before.requests,
      tileBytes: network.tileBytes - before.bytes,
      errors: [...errors, ...(state?.errors ?? [])],
    };
  } finally {
    await context.close();
  }
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { name?: string };
}

interface TraceSummary {
  /** Durations (ms) of the renderer main thread's top-level tasks (`RunTask`). */
  readonly tasks: number[];
  /** The same tasks less the `Commit` (main thread → compositor, blocking on SwiftShader) inside them. */
  readonly withoutCommit: number[];
  /** Share of the time in tasks > 50 ms that is `Commit`. */
  readonly commitShare: number;
  /** The longest `FireAnimationFrame` (MapLibre's render callback), ms. */
  readonly longestFrame: number;
}

/** The top-level tasks of the busiest renderer main thread (`CrRendererMain`) in a Chrome trace. */
function summariseTrace(trace: Buffer): TraceSummary | null {
  const parsed = JSON.parse(trace.toString("utf8")) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mainThreads = new Set(
    events
      .filter(
        (event) => event.ph === "M" && event.name === "thread_name" && event.args?.name === "CrRendererMain",
      )
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of events) {
    const thread = `${event.pid}:${event.tid}`;
    if (event.ph !== "X" || event.dur === undefined || !mainThreads.has(thread)) continue;
    if (!["RunTask", "Commit", "FireAnimationFrame"].includes(event.name)) continue;
    const list = byThread.get(thread) ?? [];
    list.push(event);
    byThread.set(thread, list);
  }
  const total = (list: readonly TraceEvent[]) =>
    list.reduce((sum, event) => sum + (event.name === "RunTask" ? (event.dur ?? 0) : 0), 0);
  const busiest = [...byThread.values()].sort((a, b) => total(b) - total(a))[0];
  if (!busiest) return null;
  const tasks = busiest.filter((event) => event.name === "RunTask").sort((a, b) => a.ts - b.ts);
  const inside = (name: string, task: TraceEvent) =>
    busiest
      .filter((event) => event.name === name && event.ts >= task.ts && event.ts < task.ts + (task.dur ?? 0))
      .reduce((sum, event) => sum + (event.dur ?? 0), 0);
  let longTime = 0;
  let longCommit = 0;
  const withoutCommit = tasks.map((task) => {
    const duration = task.dur ?? 0;
    const commit = inside("Commit", task);
    if (duration > 50_000) {
      longTime += duration;
      longCommit += commit;
    }
    return (duration - commit) / 1000;
  });
  const frames = busiest
    .filter((event) => event.name === "FireAnimationFrame")
    .map((event) => event.dur ?? 0);
  return {
    tasks: tasks.map((task) => (task.dur ?? 0) / 1000),
    withoutCommit,
    commitShare: longTime > 0 ? longCommit / longTime : 0,
    longestFrame: frames.length > 0 ? Math.max(...frames) / 1000 : 0,
  };
}

// --- Reporting -----------------------------------------------------------------------------------

/** `name: value unit (ratio× vs baseline value unit)`, or `(baseline)` for the baseline itself. */
function line(
  name: string,
  value: number,
  unit: string,
  baseline?: { label: string; value: number },
  note = "",
) {
  const digits = unit === "ms" ? 0 : 1;
  const shown =
    unit === "bytes" || unit === "requests" || unit === "tasks" ? whole(value) : format(value, digits);
  const versus = baseline
    ? `${format(value / baseline.value, 3)}× vs ${baseline.label} ${unit === "bytes" || unit === "requests" || unit === "tasks" ? whole(baseline.value) : format(baseline.value, digits)} ${unit}`
    : "baseline";
  console.log(`${name}: ${shown} ${unit} (${versus}${note ? `; ${note}` : ""})`);
}

function bundleOnDisk(): { files: number; bytes: number } {
  const assets = join(clientDistDirectory, "assets");
  const scripts = readdirSync(assets).filter((file) => /\.m?js$/.test(file));
  return {
    files: scripts.length,
    bytes: scripts.reduce((sum, file) => sum + statSync(join(assets, file)).size, 0),
  };
}

// --- Main ----------------------------------------------------------------------------------------

const DEMO_DATABASE = "fangtu_bench_client_demo";
const SYNTH_DATABASE = "fangtu_bench_client_synth";

async function main(): Promise<void> {
  console.log(
    `bench:client ${new Date().toISOString()} seed ${options.seed}; load average (1/5/15 min): ${loads()}`,
  );
  const chromiumPath = findChromium();
  if (!chromiumPath)
    throw new Error("no Chromium on PATH (apt-get install chromium): cannot run bench:client");
  let started = performance.now();
  const built = await buildClientIfStale();
  console.log(
    built
      ? `client: built dist/client in ${format((performance.now() - started) / 1000)} s`
      : "client: dist/client is up to date",
  );
  const bundle = bundleOnDisk();
  const servers: ChildProcess[] = [];
  let browser: Browser | undefined;
  try {
    started = performance.now();
    const demo = await prepareDemo(DEMO_DATABASE);
    const synth = await prepareSynthetic(SYNTH_DATABASE);
    console.log(`data ready in ${format((performance.now() - started) / 1000)} s; load average ${loads()}`);
    const datasets = [demo, synth] as const;
    const bases = new Map<Dataset, string>();
    for (const dataset of datasets) {
      const { child, base } = await startServer(dataset.database);
      servers.push(child);
      bases.set(dataset, base);
    }
    browser = await launchChromium(chromiumPath);
    console.log(
      `machine: ${cpus().length} cores, ${format(totalmem() / 2 ** 30, 0)} GiB, Node ${process.versions.node}, ` +
        `Chromium ${browser.version()} headless (--disable-gpu: WebGL through SwiftShader), viewport ` +
        `${VIEWPORT.width}×${VIEWPORT.height}; app servers: ${[...bases.values()].join(", ")}`,
    );

    // Cold loads, interleaved: for each run, each view, each dataset, so drift hits both alike.
    const results = new Map<string, ColdLoad[]>();
    const coldStarted = performance.now();
    let runs = 0;
    for (let run = 0; run < options.runs; run++) {
      if (run >= MIN_RUNS && performance.now() - coldStarted > COLD_BUDGET_MS) break;
      runs += 1;
      for (const view of views) {
        for (const dataset of datasets) {
          const result = await coldLoad(browser, bases.get(dataset) as string, dataset, view);
          const key = `${dataset.label} ${view.name}`;
          results.set(key, [...(results.get(key) ?? []), result]);
          const problems =
            result.errors.length > 0 ? `; errors: ${result.errors.slice(0, 3).join(" | ")}` : "";
          console.log(
            `  run ${run + 1} ${key}: ${result.milliseconds === null ? "timed out" : `${whole(result.milliseconds)} ms`}` +
              ` (map made at ${result.mapMilliseconds === null ? "—" : `${whole(result.mapMilliseconds)} ms`}), ` +
              `${whole(result.rendered)} buildings drawn${result.rejumps > 0 ? ` (map put back on the view ${result.rejumps}×)` : ""}, ${result.network.tileRequests} tile requests ` +
              `${kb(result.network.tileBytes)}, JS ${kb(result.network.scriptBytes)}, ${result.network.requests} requests in all ` +
              `(${result.network.workerRequests} from workers)${problems}`,
          );
        }
      }
    }
    console.log(
      `cold loads: ${runs} runs per dataset and view in ${format((performance.now() - coldStarted) / 1000)} s; ` +
        `the first run of each found the app's tile cache empty`,
    );

    for (const view of views) {
      const of = (dataset: Dataset) => results.get(`${dataset.label} ${view.name}`) ?? [];
      const times = (dataset: Dataset) =>
        of(dataset).flatMap((result) => (result.milliseconds === null ? [] : [result.milliseconds]));
      const demoTimes = times(demo);
      const synthTimes = times(synth);
      const failures = (dataset: Dataset) => of(dataset).length - times(dataset).length;
      const where = `zoom ${view.zoom} at ${view.center.join(", ")}`;
      const failed = (dataset: Dataset) => (failures(dataset) > 0 ? `, ${failures(dataset)} timed out` : "");
      line(
        `demo ${view.name} cold load median`,
        median(demoTimes),
        "ms",
        undefined,
        `${where}, ${demoTimes.length} runs${failed(demo)}`,
      );
      line(`demo ${view.name} cold load max`, maximum(demoTimes), "ms");
      line(
        `${synth.label} ${view.name} cold load median`,
        median(synthTimes),
        "ms",
        { label: "demo", value: median(demoTimes) },
        `${synthTimes.length} runs${failed(synth)}`,
      );
      line(`${synth.label} ${view.name} cold load max`, maximum(synthTimes), "ms", {
        label: "demo",
        value: maximum(demoTimes),
      });
      const networkMedian = (dataset: Dataset, pick: (tally: NetworkTally) => number) =>
        median(of(dataset).map((result) => pick(result.network)));
      for (const [name, unit, pick] of [
        ["tile requests", "requests", (tally: NetworkTally) => tally.tileRequests],
        ["tile bytes", "bytes", (tally: NetworkTally) => tally.tileBytes],
      ] as const) {
        const base = networkMedian(demo, pick);
        line(
          `demo ${view.name} ${name}`,
          base,
          unit,
          undefined,
          "median of the cold loads, TileJSON included in bytes",
        );
        line(`${synth.label} ${view.name} ${name}`, networkMedian(synth, pick), unit, {
          label: "demo",
          value: base,
        });
      }
      const drawn = (dataset: Dataset) => median(of(dataset).map((result) => result.rendered));
      console.log(
        `${view.name} buildings drawn at first idle (median): demo ${whole(drawn(demo))}, ${synth.label} ${whole(drawn(synth))}`,
      );
    }
    const allLoads = [...results.values()].flat();
    const scriptBytes = median(allLoads.map((result) => result.network.scriptBytes));
    console.log(
      `app JS transferred per cold load: ${whole(scriptBytes)} bytes (${format(scriptBytes / bundle.bytes, 3)}× vs ` +
        `${whole(bundle.bytes)} bytes of ${bundle.files} .js/.mjs files in dist/client/assets, uncompressed)`,
    );

    // Panning.
    const pans = new Map<Dataset, PanResult>();
    for (const dataset of datasets) {
      const result = await panSequence(browser, bases.get(dataset) as string, dataset);
      pans.set(dataset, result);
      const problems = result.errors.length > 0 ? `; errors: ${result.errors.slice(0, 3).join(" | ")}` : "";
      console.log(
        `  pans ${dataset.label}: ${options.pans} moves from ${whole(result.renderedAtStart)} buildings drawn at the start, ` +
          `${result.timedOut} timed out, ${result.tileRequests} tile requests ${kb(result.tileBytes)}; ` +
          `trace: ${result.trace?.tasks.length ?? "no"} main-thread tasks${problems}`,
      );
    }
    const demoPan = pans.get(demo) as PanResult;
    const synthPan = pans.get(synth) as PanResult;
    const pair = (
      name: string,
      unit: string,
      pick: (result: PanResult) => number | null,
      notes: { demo?: string; synth?: string } = {},
    ) => {
      const baseline = pick(demoPan);
      const measured = pick(synthPan);
      if (baseline === null || measured === null) return;
      line(`demo pan ${name}`, baseline, unit, undefined, notes.demo);
      line(`${synth.label} pan ${name}`, measured, unit, { label: "demo", value: baseline }, notes.synth);
    };
    const traced = (pick: (summary: TraceSummary) => number) => (result: PanResult) =>
      result.trace ? pick(result.trace) : null;
    const target = { demo: "target ≤ 200 ms", synth: "target ≤ 200 ms" };
    if (!demoPan.trace || !synthPan.trace) {
      console.log(
        "pan trace: no RunTask events on a renderer main thread; only the long-task figures follow",
      );
    }
    pair(
      "longest main-thread task (trace)",
      "ms",
      traced((t) => maximum(t.tasks)),
      target,
    );
    pair(
      "main-thread tasks > 50 ms (trace)",
      "tasks",
      traced((t) => t.tasks.filter((ms) => ms > 50).length),
    );
    pair(
      "main-thread tasks > 200 ms (trace)",
      "tasks",
      traced((t) => t.tasks.filter((ms) => ms > 200).length),
      {
        demo: "target 0",
        synth: "target 0",
      },
    );
    const share = (result: PanResult) =>
      result.trace
        ? `${format(result.trace.commitShare * 100, 0)}% of the time in tasks > 50 ms is Commit`
        : "";
    pair(
      "longest main-thread task less compositor Commit (trace)",
      "ms",
      traced((t) => maximum(t.withoutCommit)),
      {
        demo: share(demoPan),
        synth: share(synthPan),
      },
    );
    pair(
      "main-thread tasks > 50 ms less compositor Commit (trace)",
      "tasks",
      traced((t) => t.withoutCommit.filter((ms) => ms > 50).length),
    );
    pair(
      "longest animation frame callback (trace)",
      "ms",
      traced((t) => t.longestFrame),
    );
    const longest = (result: PanResult) => maximum(result.longTasks.map((task) => task.duration).concat(0));
    const over = (result: PanResult, ms: number) =>
      result.longTasks.filter((task) => task.duration > ms).length;
    pair("longest long task (PerformanceObserver)", "ms", longest);
    pair("long tasks > 50 ms (PerformanceObserver)", "tasks", (result) => over(result, 50));
    pair("long tasks > 200 ms (PerformanceObserver)", "tasks", (result) => over(result, 200));
    pair("move to idle median", "ms", (result) => median(result.moveMilliseconds), {
      demo: "500 ms of it is the animation",
    });
    pair("move to idle max", "ms", (result) => maximum(result.moveMilliseconds));
    pair("tile bytes", "bytes", (result) => result.tileBytes, {
      demo: `${demoPan.tileRequests} tile requests`,
      synth: `${synthPan.tileRequests} tile requests`,
    });
  } finally {
    await browser?.close();
    for (const child of servers) await stopServer(child);
    if (!flags.keep) {
      await dropDatabase(DEMO_DATABASE);
      await dropDatabase(SYNTH_DATABASE);
    }
  }
  console.log(`load average at the end (1/5/15 min): ${loads()}`);
}

if (flags.serve !== undefined) {
  runServer(flags.serve).catch((error: unknown) => {
    console.error("bench:client server:", error instanceof Error ? error.stack : error);
    process.exit(1);
  });
} else {
  const watchdog = setTimeout(() => {
    console.error(`bench:client: gave up after ${WATCHDOG_MS / 60_000} minutes`);
    const drop = flags.keep
      ? Promise.resolve()
      : Promise.all([dropDatabase(DEMO_DATABASE), dropDatabase(SYNTH_DATABASE)]);
    void drop.finally(() => process.exit(1));
  }, WATCHDOG_MS);
  watchdog.unref();
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(message.length > 2000 ? `${message.slice(0, 2000)}…` : message);
      process.exit(1);
    },
  );
}
