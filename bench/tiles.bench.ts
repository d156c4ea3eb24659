// `npm run bench:tiles [-- --buildings N --rooms-per-building R --samples S --duration SEC --keep]`
//
// Loads N (default 1,000,000) synthetic buildings with R rooms each (default 2) into a fresh
// `fangtu_bench_tiles` database on the local PostgreSQL (DATABASE_URL's server, else
// postgres://postgres@127.0.0.1:5432), starts the real app (createApp + @hono/node-server) in a child
// process on 127.0.0.1, and times through HTTP, each next to its baseline in the same run:
// - uncached `/tiles/buildings/{z}/{x}/{y}` at z14 and z16 (a tile never requested before, each
//   time) vs the same tile SQL run directly (postgisTileEncoder.encode on a pg pool of its own);
// - uncached aggregate tiles at z8–z13 vs the same SQL directly, and the aggregate refresh;
// - cached tiles under autocannon (32 connections) vs a bare Hono server handing out the same bytes;
// - `/ogc/collections/buildings/items?bbox=…&limit=1000` vs queryFeatures called directly.
// Then repeats the uncached tiles and items on embedded PGlite at M (default 100,000) buildings.
//
// The child process: with the server and the load generator in one process they would share one
// event loop, and autocannon's own work would count against the server. Embedded PGlite lives in
// memory of one process, so its part serves in-process (sequential requests only).
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, totalmem } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type ServerType, serve } from "@hono/node-server";
import autocannon from "autocannon";
import { Hono } from "hono";
import { type Kysely, sql } from "kysely";
import pino from "pino";
import {
  type FangtuDatabase,
  migrateToLatest,
  openEmbedded,
  openServer,
  postgisVersion,
} from "../server/db/database.js";
import { featureCollectionById } from "../server/db/feature-collections.js";
import { readCountyPolygons } from "../server/db/geodata-files.js";
import { loadReferenceData } from "../server/db/reference-data.js";
import { createSession, createToken, createUser } from "../server/db/repositories/auth.repository.js";
import { buildingsInBBox } from "../server/db/repositories/building.repository.js";
import { queryFeatures } from "../server/db/repositories/feature.repository.js";
import type { Database } from "../server/db/schema.js";
import { unrestricted } from "../server/db/scope.js";
import { loadSynthetic } from "../server/db/synth-loader.js";
import { RegionGrid } from "../server/domain/demo/region-grid.js";
import type { BBox } from "../server/domain/geojson.js";
import { Random } from "../server/domain/random.js";
import { createApp } from "../server/http/app.js";
import { SESSION_COOKIE } from "../server/http/auth/authenticate.js";
import { type TileAddress, tileAt } from "../server/tiles/tile-address.js";
import { refreshTileAggregates } from "../server/tiles/tile-aggregates.js";
import { chooseTileEncoder, type TileEncoder } from "../server/tiles/tile-encoder.js";
import { layersAt } from "../server/tiles/tile-layer.js";
import { findTileSource } from "../server/tiles/tile-sources.js";
import { adminQuery, format, localUrl, nullOnTimeout, percentile, whole, wholeFlag } from "./support.js";

const BENCH_DATABASE = "fangtu_bench_tiles";
const WATCHDOG_MS = 45 * 60_000;
const PGLITE_BUDGET_MS = 240_000;
const ITEMS_LIMIT = 1000;
const ITEMS_KM = 1.5;
const LOW_ZOOMS = [8, 9, 10, 11, 12, 13] as const;
const WARM_UP = 10;

const { values: flags } = parseArgs({
  options: {
    buildings: { type: "string", default: "1000000" },
    "rooms-per-building": { type: "string", default: "2" },
    samples: { type: "string", default: "200" },
    "low-samples": { type: "string", default: "30" },
    items: { type: "string", default: "100" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    "pglite-buildings": { type: "string", default: "100000" },
    seed: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
    // Internal: run as the app server over this database URL (the child process).
    serve: { type: "string" },
  },
});
const count = (name: Exclude<keyof typeof flags, "keep" | "serve">) => wholeFlag("tiles", name, flags[name]);
const options = {
  buildings: count("buildings"),
  roomsPerBuilding: count("rooms-per-building"),
  samples: Math.max(1, count("samples")),
  lowSamples: Math.max(1, count("low-samples")),
  items: Math.max(1, count("items")),
  duration: Math.max(1, count("duration")),
  connections: Math.max(1, count("connections")),
  pgliteBuildings: count("pglite-buildings"),
  seed: count("seed"),
};

const loads = () =>
  loadavg()
    .map((value) => format(value, 2))
    .join(" ");

interface Summary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly n: number;
}

function summarise(milliseconds: readonly number[]): Summary {
  const sorted = [...milliseconds].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    n: sorted.length,
  };
}

/** `name p50/p95/p99: value ms (ratio× vs baseline value ms)`, the target (when any) after it. */
function report(
  name: string,
  measured: Summary,
  baseline: Summary,
  baselineName: string,
  targets: Partial<Record<keyof Summary, string>> = {},
) {
  for (const key of ["p50", "p95", "p99"] as const) {
    const target = targets[key] ? `; target ${targets[key]}` : "";
    console.log(
      `${name} ${key}: ${format(measured[key], 2)} ms (${format(measured[key] / baseline[key], 3)}× vs ` +
        `${baselineName} ${format(baseline[key], 2)} ms${target})`,
    );
  }
}

// --- HTTP client ---------------------------------------------------------------------------------

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Fetched {
  readonly status: number;
  readonly bytes: number;
  readonly milliseconds: number;
}

/** One GET with a kept-alive connection; the time runs until the whole body has arrived. */
function get(base: URL, path: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = httpRequest(
      { host: base.hostname, port: base.port, path, headers, agent, timeout: 60_000 },
      (response) => {
        let bytes = 0;
        response.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, bytes, milliseconds: performance.now() - started }),
        );
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`timed out: ${path}`)));
    request.on("error", reject);
    request.end();
  });
}

async function getOk(base: URL, path: string, headers: Record<string, string>): Promise<Fetched> {
  const fetched = await get(base, path, headers);
  if (fetched.status !== 200) throw new Error(`GET ${path} answered ${fetched.status}`);
  return fetched;
}

// --- What to request -----------------------------------------------------------------------------

/** Centroids (WGS84) of seeded random buildings. */
async function randomCentroids(db: Kysely<Database>, total: number, seed: number) {
  const { min, max } = await db
    .selectFrom("buildings")
    .select((eb) => [eb.fn.min<number>("id").as("min"), eb.fn.max<number>("id").as("max")])
    .executeTakeFirstOrThrow();
  const random = new Random(seed);
  const ids = Array.from({ length: total }, () => random.integer(min, max));
  const { rows } = await sql<{ x: number; y: number }>`
    select st_x(st_centroid(b.footprint)) as x, st_y(st_centroid(b.footprint)) as y
    from unnest(${ids}::int4[]) with ordinality as t(id, n) join buildings b on b.id = t.id
    order by t.n`.execute(db);
  return rows;
}

/** Up to `total` distinct tiles of zoom z, each holding a seeded random building. */
async function tilesAround(db: Kysely<Database>, z: number, total: number, seed: number) {
  const seen = new Map<string, TileAddress>();
  for (const { x, y } of await randomCentroids(db, total * 20, seed)) {
    const tile = tileAt(x, y, z);
    seen.set(`${tile.x}/${tile.y}`, tile);
    if (seen.size === total) break;
  }
  return [...seen.values()];
}

/** Square bboxes of `km` around seeded random buildings. */
async function bboxesAround(db: Kysely<Database>, km: number, total: number, seed: number): Promise<BBox[]> {
  return (await randomCentroids(db, total, seed)).map(({ x, y }) => {
    const north = km / 2 / 111.32;
    const east = north / Math.cos((y * Math.PI) / 180);
    return [x - east, y - north, x + east, y + north] as const;
  });
}

const tilePath = ({ z, x, y }: TileAddress) => `/tiles/buildings/${z}/${x}/${y}`;
const itemsPath = (bbox: BBox) =>
  `/ogc/collections/buildings/items?bbox=${bbox.map((value) => value.toFixed(6)).join(",")}&limit=${ITEMS_LIMIT}`;

// --- Paired measurements -------------------------------------------------------------------------

interface Pair {
  readonly http: number[];
  readonly direct: number[];
  readonly bytes: number[];
}

/**
 * For each target: the HTTP request and the direct call, alternating which goes first so the
 * second never profits from pages the first brought in more often than the other way round.
 * Stops early (with what it has) when the time budget is spent.
 */
async function paired<T>(
  targets: readonly T[],
  http: (target: T) => Promise<Fetched>,
  direct: (target: T) => Promise<unknown>,
  warmUp: number,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<Pair> {
  const result: Pair = { http: [], direct: [], bytes: [] };
  const started = performance.now();
  for (const [index, target] of targets.entries()) {
    if (performance.now() - started > budgetMs) break;
    const runs = [
      async () => {
        const fetched = await http(target);
        if (index >= warmUp) {
          result.http.push(fetched.milliseconds);
          result.bytes.push(fetched.bytes);
        }
      },
      async () => {
        const begun = performance.now();
        await direct(target);
        if (index >= warmUp) result.direct.push(performance.now() - begun);
      },
    ];
    if (index % 2 === 1) runs.reverse();
    for (const run of runs) await run();
  }
  return result;
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

// --- The server (child process) ------------------------------------------------------------------

/**
 * The child: the real app over the bench database, and a bare Hono server (the baseline of the
 * cached-tile load test) that hands out the bytes and headers the app answered for the same path,
 * kept in a Map, with no authentication, no data-version query and no logging.
 */
async function runServer(url: string): Promise<void> {
  const database = await openServer(url);
  // As deployed: request logging at info (to /dev/null here, so the terminal stays readable).
  const logger = pino({ level: "info" }, pino.destination({ dest: "/dev/null", sync: false }));
  const app = createApp({ db: database.db, mode: database.mode, logger });
  const remembered = new Map<string, { body: Uint8Array; headers: Record<string, string> }>();
  const bare = new Hono().get("/tiles/*", async (c) => {
    let entry = remembered.get(c.req.path);
    if (!entry) {
      const response = await app.request(c.req.path, { headers: c.req.header() });
      const headers: Record<string, string> = {};
      for (const name of ["content-type", "content-encoding", "etag", "cache-control", "vary"]) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      entry = { body: new Uint8Array(await response.arrayBuffer()), headers };
      remembered.set(c.req.path, entry);
    }
    return c.body(entry.body as Uint8Array<ArrayBuffer>, 200, entry.headers);
  });
  const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
    new Promise<ServerType>((resolve) => {
      const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(server));
    });
  const appServer = await listen(app.fetch);
  const bareServer = await listen(bare.fetch);
  const port = (server: ServerType) => (server.address() as AddressInfo).port;
  process.stdout.write(`${JSON.stringify({ port: port(appServer), barePort: port(bareServer) })}\n`);
  // The parent holds stdin open; when it closes (the parent ended, however), so does this process.
  process.stdin.resume();
  process.stdin.on("end", () => {
    appServer.close();
    bareServer.close();
    void database.close().finally(() => process.exit(0));
  });
}

async function startChild(url: string): Promise<{ child: ChildProcess; port: number; barePort: number }> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, ["--import", "tsx", script, "--serve", url], {
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
  const { port, barePort } = JSON.parse(first) as { port: number; barePort: number };
  return { child, port, barePort };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

// --- Shared set-up -------------------------------------------------------------------------------

/** A system administrator (unrestricted read scope) with a Bearer token and a session. */
async function benchUser(db: Kysely<Database>) {
  const id = await createUser(db, {
    username: "bench-admin",
    displayName: "bench-admin",
    // Never signed in with a password: the bench uses the token and a session made here.
    passwordHash: "!",
    regionCode: "230000",
    unitId: null,
    roles: ["system_admin"],
  });
  const { token } = await createToken(db, { id, regionCode: "230000" }, "bench", 1);
  const session = await createSession(db, { id, region_code: "230000" }, 1);
  return { token, cookie: `${SESSION_COOKIE}=${session.secret}` };
}

async function load(database: FangtuDatabase, buildings: number, grid: RegionGrid, signal?: AbortSignal) {
  let reported = 0;
  return loadSynthetic(database, {
    buildings,
    seed: options.seed,
    roomsPerBuilding: options.roomsPerBuilding,
    grid,
    ...(signal ? { signal } : {}),
    onProgress: ({ done, total }) => {
      const tenth = Math.floor((done * 10) / total);
      if (tenth > reported) {
        reported = tenth;
        process.stdout.write(`  ${tenth * 10}%`);
        if (done === total) process.stdout.write("\n");
      }
    },
  });
}

function describeLoad(label: string, result: Awaited<ReturnType<typeof load>>) {
  const seconds = result.milliseconds / 1000;
  console.log(
    `${label}generate+load ${whole(result.rows.buildings)} buildings with ${whole(result.rows.rooms)} rooms ` +
      `on ${whole(result.rows.floors)} floors: ${format(seconds)} s (${whole(result.rows.buildings / seconds)} buildings/s)`,
  );
}

async function tileEncode(db: Kysely<Database>, encoder: TileEncoder, tile: TileAddress) {
  const source = findTileSource("buildings");
  if (!source) throw new Error("no buildings tile source");
  return encoder.encode(db, tile, layersAt(source, tile.z), unrestricted);
}

const buildingsCollection = featureCollectionById.get("buildings");
if (!buildingsCollection) throw new Error("no buildings collection");
const directItems = (db: Kysely<Database>, bbox: BBox) =>
  queryFeatures(db, buildingsCollection, { bbox, filters: [], limit: ITEMS_LIMIT, offset: 0 }, unrestricted);

// --- PostgreSQL ----------------------------------------------------------------------------------

async function benchServer(grid: RegionGrid): Promise<void> {
  await adminQuery(`drop database if exists ${BENCH_DATABASE} with (force)`);
  await adminQuery(`create database ${BENCH_DATABASE}`);
  const url = localUrl(BENCH_DATABASE);
  const database = await openServer(url);
  let child: ChildProcess | undefined;
  try {
    const { db } = database;
    await migrateToLatest(db);
    await loadReferenceData(db);
    const { rows: version } = await sql<{ version: string; buffers: string }>`
      select current_setting('server_version') as version,
        current_setting('shared_buffers') as buffers`.execute(db);
    console.log(
      `machine: ${cpus().length} cores, ${format(totalmem() / 2 ** 30, 0)} GiB, Node ${process.versions.node}, ` +
        `PostgreSQL ${version[0]?.version} (shared_buffers ${version[0]?.buffers}), PostGIS ${await postgisVersion(db)}`,
    );
    console.log(
      `loading ${whole(options.buildings)} synthetic buildings, ${options.roomsPerBuilding} rooms each, into ${BENCH_DATABASE}…`,
    );
    describeLoad("", await load(database, options.buildings, grid));
    let started = performance.now();
    await sql`vacuum analyze`.execute(db);
    console.log(`vacuum analyze: ${format((performance.now() - started) / 1000)} s`);
    started = performance.now();
    await refreshTileAggregates(db);
    const refresh = (performance.now() - started) / 1000;
    const { rows: cells } = await sql<{ cells: number }>`
      select count(*)::int as cells from tiles.building_cells`.execute(db);
    console.log(
      `aggregate refresh (building cells at 5 levels + region stats): ${format(refresh, 2)} s ` +
        `(no baseline; ${whole(cells[0]?.cells ?? 0)} cell rows for ${whole(options.buildings)} buildings)`,
    );
    await sql`analyze`.execute(db);
    const user = await benchUser(db);
    const bearer = { authorization: `Bearer ${user.token}`, "accept-encoding": "gzip" };

    const spawned = await startChild(url);
    child = spawned.child;
    const base = new URL(`http://127.0.0.1:${spawned.port}`);
    const bare = new URL(`http://127.0.0.1:${spawned.barePort}`);
    console.log(`app server: child process pid ${child.pid} on ${base.host}; load average ${loads()}`);

    const encoder = await chooseTileEncoder(db, "server");
    if (encoder.name !== "postgis") throw new Error(`expected the postgis encoder, got ${encoder.name}`);
    const targets = {
      z14: { target: { p95: "≤ 60 ms and ≤ 1.3× raw SQL" } },
      z16: { target: { p95: "≤ 15 ms" } },
    } as const;
    const cachedTiles: TileAddress[] = [];
    for (const z of [14, 16] as const) {
      const tiles = await tilesAround(db, z, options.samples + WARM_UP, options.seed * 100 + z);
      cachedTiles.push(...tiles.slice(0, 100));
      const pair = await paired(
        tiles,
        (tile) => getOk(base, tilePath(tile), bearer),
        (tile) => tileEncode(db, encoder, tile),
        WARM_UP,
      );
      const http = summarise(pair.http);
      const direct = summarise(pair.direct);
      report(`z${z} uncached tile HTTP`, http, direct, "raw SQL", targets[`z${z}`].target);
      const { rows: features } = await sql<{ features: number }>`
        select avg(least(n, 1500))::float8 as features from unnest(${tiles.map((t) => t.x)}::int[],
          ${tiles.map((t) => t.y)}::int[]) as t(x, y)
        cross join lateral (select count(*) as n from buildings b
          where b.footprint_3857 && st_tileenvelope(${z}, t.x, t.y)) c`.execute(db);
      console.log(
        `z${z} uncached tile: ${http.n} distinct tiles after ${WARM_UP} warm-up, ` +
          `${whole(mean(pair.bytes))} bytes gzipped on average, ${format(features[0]?.features ?? 0)} footprints on average; ` +
          `raw SQL p50/p95 ${format(direct.p50, 2)} / ${format(direct.p95, 2)} ms`,
      );
    }

    // Low zooms: every distinct tile around random buildings, up to low-samples per zoom.
    const low: Pair = { http: [], direct: [], bytes: [] };
    const perZoom: string[] = [];
    for (const z of LOW_ZOOMS) {
      const tiles = await tilesAround(db, z, options.lowSamples + 1, options.seed * 100 + z);
      const pair = await paired(
        tiles,
        (tile) => getOk(base, tilePath(tile), bearer),
        (tile) => tileEncode(db, encoder, tile),
        1,
      );
      low.http.push(...pair.http);
      low.direct.push(...pair.direct);
      low.bytes.push(...pair.bytes);
      perZoom.push(`z${z} ${pair.http.length} tiles p95 ${format(summarise(pair.http).p95, 1)} ms`);
    }
    report("z8–z13 uncached aggregate tile HTTP", summarise(low.http), summarise(low.direct), "raw SQL", {
      p95: "≤ 20 ms",
    });
    console.log(
      `z8–z13 uncached aggregate tile: ${low.http.length} tiles (${perZoom.join(", ")}), ` +
        `${whole(mean(low.bytes))} bytes gzipped on average`,
    );

    // OGC items: HTTP vs the repository call, and the old GeoJSON bbox query for reference.
    const bboxes = await bboxesAround(db, ITEMS_KM, options.items + WARM_UP, options.seed * 100 + 99);
    const items = await paired(
      bboxes,
      (bbox) => getOk(base, itemsPath(bbox), bearer),
      (bbox) => directItems(db, bbox),
      WARM_UP,
    );
    const oldQuery: number[] = [];
    const returned: number[] = [];
    for (const bbox of bboxes.slice(WARM_UP)) {
      const begun = performance.now();
      const rows = await buildingsInBBox(db, bbox, ITEMS_LIMIT, unrestricted);
      oldQuery.push(performance.now() - begun);
      returned.push(rows.length);
    }
    const itemsHttp = summarise(items.http);
    report(`items bbox ${ITEMS_KM} km HTTP`, itemsHttp, summarise(items.direct), "queryFeatures direct", {
      p95: "≤ 100 ms",
    });
    const old = summarise(oldQuery);
    console.log(
      `items bbox ${ITEMS_KM} km HTTP p95: ${format(itemsHttp.p95, 2)} ms ` +
        `(${format(itemsHttp.p95 / old.p95, 3)}× vs old buildingsInBBox query with room totals ${format(old.p95, 2)} ms)`,
    );
    console.log(
      `items bbox ${ITEMS_KM} km: ${itemsHttp.n} requests after ${WARM_UP} warm-up, ${format(mean(returned))} ` +
        `features on average (${returned.filter((n) => n === ITEMS_LIMIT).length} at the limit), ` +
        `${whole(mean(items.bytes))} bytes gzipped on average`,
    );

    // Cached tiles under load: every tile in the cache first (and in the bare server's map).
    const cookie = { cookie: user.cookie, "accept-encoding": "gzip" };
    for (const tile of cachedTiles) {
      await getOk(base, tilePath(tile), bearer);
      await getOk(base, tilePath(tile), cookie);
      await getOk(bare, tilePath(tile), bearer);
    }
    const hammer = async (target: URL, headers: Record<string, string>) => {
      const result = await autocannon({
        url: target.toString(),
        connections: options.connections,
        duration: options.duration,
        headers,
        requests: cachedTiles.map((tile) => ({ method: "GET", path: tilePath(tile) })),
      });
      const failures = result.non2xx + result.errors;
      if (failures > 0) console.log(`  (${failures} failed requests of ${result.requests.total})`);
      return { perSecond: result["2xx"] / result.duration, p99: result.latency.p99, p50: result.latency.p50 };
    };
    const bareRun = await hammer(bare, bearer);
    const tokenRun = await hammer(base, bearer);
    const cookieRun = await hammer(base, cookie);
    const baseline = `bare Hono serving the same bytes ${whole(bareRun.perSecond)} tiles/s`;
    console.log(
      `cached tiles (Bearer token), ${options.connections} connections: ${whole(tokenRun.perSecond)} tiles/s ` +
        `(${format(tokenRun.perSecond / bareRun.perSecond, 3)}× vs ${baseline}; target ≥ 2,000 tiles/s)`,
    );
    console.log(
      `cached tiles (Bearer token) p99: ${format(tokenRun.p99, 2)} ms ` +
        `(${format(tokenRun.p99 / bareRun.p99, 3)}× vs bare ${format(bareRun.p99, 2)} ms; target ≤ 5 ms); ` +
        `p50 ${format(tokenRun.p50, 2)} ms`,
    );
    console.log(
      `cached tiles (session cookie): ${whole(cookieRun.perSecond)} tiles/s ` +
        `(${format(cookieRun.perSecond / tokenRun.perSecond, 3)}× vs Bearer token), p99 ${format(cookieRun.p99, 2)} ms, ` +
        `p50 ${format(cookieRun.p50, 2)} ms (${cachedTiles.length} distinct cached z14/z16 tiles, ${options.duration} s each)`,
    );
  } finally {
    if (child) await stopChild(child);
    await database.close();
    if (!flags.keep) await adminQuery(`drop database if exists ${BENCH_DATABASE} with (force)`);
  }
}

// --- PGlite --------------------------------------------------------------------------------------

async function benchEmbedded(grid: RegionGrid): Promise<void> {
  const started = performance.now();
  const database = await openEmbedded();
  let server: ServerType | undefined;
  try {
    const { db } = database;
    await migrateToLatest(db);
    await loadReferenceData(db);
    console.log(
      `pglite: set up in ${format((performance.now() - started) / 1000)} s; loading ${whole(options.pgliteBuildings)} buildings…`,
    );
    const remaining = PGLITE_BUDGET_MS - (performance.now() - started);
    const loaded = await nullOnTimeout(
      load(database, options.pgliteBuildings, grid, AbortSignal.timeout(Math.max(1, Math.round(remaining)))),
    );
    if (loaded === null) {
      console.log(`\npglite: skipped, loading took longer than ${PGLITE_BUDGET_MS / 1000} s`);
      return;
    }
    describeLoad("pglite ", loaded);
    await sql`vacuum analyze`.execute(db);
    const user = await benchUser(db);
    const bearer = { authorization: `Bearer ${user.token}`, "accept-encoding": "gzip" };
    const logger = pino({ level: "info" }, pino.destination({ dest: "/dev/null", sync: false }));
    const app = createApp({ db, mode: "embedded", logger });
    const listening = await new Promise<ServerType>((resolve) => {
      const created = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(created));
    });
    server = listening;
    const base = new URL(`http://127.0.0.1:${(listening.address() as AddressInfo).port}`);
    const encoder = await chooseTileEncoder(db, "embedded");
    const samples = Math.min(options.samples, 50);
    const targets = { 14: "≤ 60 ms (server target)", 16: "≤ 15 ms (server target)" } as const;
    for (const z of [14, 16] as const) {
      const tiles = await tilesAround(db, z, samples + 3, options.seed * 100 + z);
      const pair = await paired(
        tiles,
        (tile) => getOk(base, tilePath(tile), bearer),
        (tile) => tileEncode(db, encoder, tile),
        3,
        60_000,
      );
      report(
        `pglite z${z} uncached tile HTTP`,
        summarise(pair.http),
        summarise(pair.direct),
        "direct encode",
        {
          p95: targets[z],
        },
      );
      console.log(
        `pglite z${z} uncached tile: ${pair.http.length} tiles (${encoder.name} encoder, in-process server), ` +
          `${whole(mean(pair.bytes))} bytes gzipped on average`,
      );
    }
    const bboxes = await bboxesAround(db, ITEMS_KM, samples + 3, options.seed * 100 + 99);
    const items = await paired(
      bboxes,
      (bbox) => getOk(base, itemsPath(bbox), bearer),
      (bbox) => directItems(db, bbox),
      3,
      60_000,
    );
    report(
      `pglite items bbox ${ITEMS_KM} km HTTP`,
      summarise(items.http),
      summarise(items.direct),
      "queryFeatures direct",
      { p95: "≤ 100 ms (server target)" },
    );
    console.log(
      `pglite items: ${items.http.length} requests, ${whole(mean(items.bytes))} bytes gzipped on average`,
    );
  } finally {
    if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
    await database.close();
  }
}

async function main(): Promise<void> {
  console.log(
    `bench:tiles ${new Date().toISOString()} seed ${options.seed}; load average (1/5/15 min): ${loads()}`,
  );
  const grid = new RegionGrid(readCountyPolygons());
  await benchServer(grid);
  if (options.pgliteBuildings > 0) await benchEmbedded(grid);
  console.log(`load average at the end (1/5/15 min): ${loads()}`);
}

if (flags.serve !== undefined) {
  runServer(flags.serve).catch((error: unknown) => {
    console.error("bench:tiles server:", error instanceof Error ? error.stack : error);
    process.exit(1);
  });
} else {
  const watchdog = setTimeout(() => {
    console.error(`bench:tiles: gave up after ${WATCHDOG_MS / 60_000} minutes`);
    const drop = flags.keep
      ? Promise.resolve()
      : adminQuery(`drop database if exists ${BENCH_DATABASE} with (force)`);
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
