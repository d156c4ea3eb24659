import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FangtuDatabase } from "../../server/db/database.js";
import type { Database } from "../../server/db/schema.js";
import { unrestricted } from "../../server/db/scope.js";
import type { ReadScope } from "../../server/domain/auth/access.js";
import type { Polygon } from "../../server/domain/geojson.js";
import { type TileAddress, tileAt } from "../../server/tiles/tile-address.js";
import { refreshTileAggregates } from "../../server/tiles/tile-aggregates.js";
import {
  chooseTileEncoder,
  javascriptTileEncoder,
  postgisTileEncoder,
} from "../../server/tiles/tile-encoder.js";
import { layersAt } from "../../server/tiles/tile-layer.js";
import { findTileSource } from "../../server/tiles/tile-sources.js";
import { openTestDatabase, testModes } from "../support/databases.js";
import {
  boundingBox,
  type DecodedFeature,
  type DecodedLayer,
  decodeTile,
  normalizedRings,
  ringArea,
} from "./mvt-decoding.js";

const harbin = (z: number) => tileAt(126.655, 45.752, z);
const fuyu = (z: number) => tileAt(124.457, 47.798, z);
const around = (center: TileAddress) =>
  [-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => ({ z: center.z, x: center.x + dx, y: center.y + dy })));

/** Tiles of every source, at zooms on both sides of 14, with features cut by tile edges. */
const cases: Array<[string, TileAddress]> = [
  ...around(harbin(16)).map((tile): [string, TileAddress] => ["buildings", tile]),
  ["buildings", harbin(15)],
  ["buildings", harbin(12)],
  ["buildings", harbin(9)],
  ["idle-space", harbin(15)],
  ["idle-space", harbin(11)],
  ["leases-in", harbin(8)],
  ["regions", harbin(7)],
  ["regions", harbin(9)],
];

/** Tiles read with a scope: a county's precomputed sums and figures, a unit user's live cells and totals. */
const scopedCases: Array<["county" | "unit", string, TileAddress]> = [
  ["county", "buildings", fuyu(15)],
  ["county", "buildings", fuyu(9)],
  ["county", "idle-space", fuyu(10)],
  ["county", "regions", harbin(7)],
  // 黑龙江大学, which the education department supervises.
  ["unit", "buildings", tileAt(126.6882, 45.714, 16)],
  ["unit", "buildings", harbin(12)],
  ["unit", "idle-space", harbin(6)],
  ["unit", "regions", harbin(7)],
];

async function encodeWith(
  db: Kysely<Database>,
  encoder: "postgis" | "native" | "portable",
  [id, tile]: [string, TileAddress],
  scope: ReadScope = unrestricted,
) {
  const source = findTileSource(id);
  if (!source) throw new Error(`no source ${id}`);
  const chosen = encoder === "postgis" ? postgisTileEncoder : javascriptTileEncoder(encoder);
  return decodeTile(await chosen.encode(db, tile, layersAt(source, tile.z), scope));
}

/** Polygon area summed over rings (exteriors positive, holes negative in MVT's orientation). */
const area = (feature: DecodedFeature) => feature.rings.reduce((sum, ring) => sum + ringArea(ring), 0);

/**
 * Same features, ids and properties; geometry vertex for vertex where no clip cut it, and within one
 * tile unit (bbox) and 2 % (area) where PostGIS's wagyu and GEOS rounded a cut edge differently.
 */
function expectEquivalent(actual: Record<string, DecodedLayer>, expected: Record<string, DecodedLayer>) {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [name, layer] of Object.entries(expected)) {
    const features = actual[name]?.features ?? [];
    expect(features.map((feature) => [feature.id, feature.type, feature.properties])).toEqual(
      layer.features.map((feature) => [feature.id, feature.type, feature.properties]),
    );
    layer.features.forEach((want, index) => {
      const got = features[index] as DecodedFeature;
      if (JSON.stringify(normalizedRings(got)) === JSON.stringify(normalizedRings(want))) return;
      expect(want.type, `${name} feature ${want.id}`).toBe(3);
      boundingBox(got).forEach((value, side) => {
        expect(Math.abs(value - (boundingBox(want)[side] ?? 0))).toBeLessThanOrEqual(1);
      });
      expect(Math.abs(area(got) - area(want))).toBeLessThanOrEqual(Math.abs(area(want)) * 0.02 + 2);
    });
  }
}

describe.each(testModes())("tile encoders (%s)", (mode) => {
  let database: FangtuDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    await refreshTileAggregates(database.db);
  });
  afterAll(() => database.close());

  it(`chooses ${mode === "server" ? "ST_AsMVT" : "the JavaScript encoder"} for this database`, async () => {
    const encoder = await chooseTileEncoder(database.db, mode);
    expect(encoder.name).toBe(mode === "server" ? "postgis" : "javascript");
    if (mode === "embedded") {
      // PGlite's PostGIS lacks protobuf: its ST_AsMVTGeom and ST_AsMVT refuse, hence the portable SQL.
      await expect(
        sql`select st_asmvtgeom(st_setsrid(st_makepoint(0, 0), 3857), st_tileenvelope(0, 0, 0))`.execute(
          database.db,
        ),
      ).rejects.toThrow(/protobuf/);
    }
  });

  // The server has both encoders: compare them on the same data (embedded mode has only one).
  if (mode === "server") {
    it.each(cases)(
      "ST_AsMVT and the JavaScript encoder decode to the same %s features at %o",
      async (source, tile) => {
        const postgis = await encodeWith(database.db, "postgis", [source, tile]);
        // Same geometry SQL, encoded in JavaScript: identical features, vertex for vertex.
        expect(await encodeWith(database.db, "native", [source, tile])).toEqual(postgis);
        // The portable geometry SQL that embedded mode uses.
        expectEquivalent(await encodeWith(database.db, "portable", [source, tile]), postgis);
      },
    );

    it.each(scopedCases)("and for a %s reader, the same %s features at %o", async (reader, source, tile) => {
      const units = await database.db
        .selectFrom("units")
        .select("id")
        .where("name", "in", ["黑龙江省教育厅", "黑龙江大学", "黑龙江工程学院"])
        .execute();
      const scope: ReadScope =
        reader === "county"
          ? { regionPrefix: "230227", unitIds: null }
          : { regionPrefix: null, unitIds: units.map((unit) => unit.id) };
      const postgis = await encodeWith(database.db, "postgis", [source, tile], scope);
      expect(Object.values(postgis).some((layer) => layer.features.length > 0)).toBe(true);
      expect(await encodeWith(database.db, "native", [source, tile], scope)).toEqual(postgis);
      expectEquivalent(await encodeWith(database.db, "portable", [source, tile], scope), postgis);
    });
  }

  it("encodes a good number of features across those tiles, some cut by tile edges", async () => {
    let features = 0;
    let cut = 0;
    for (const [source, tile] of cases) {
      for (const layer of Object.values(await encodeWith(database.db, "portable", [source, tile]))) {
        features += layer.features.length;
        cut += layer.features.filter((feature) =>
          feature.rings.flat().some(([x, y]) => x <= 0 || y <= 0 || x >= 4096 || y >= 4096),
        ).length;
      }
    }
    expect(features).toBeGreaterThan(200);
    expect(cut).toBeGreaterThan(10);
  });

  it("puts each footprint where the Web Mercator formulas put it, vertex within one unit", async () => {
    const tile = harbin(16);
    const layers = await encodeWith(database.db, "portable", ["buildings", tile]);
    const features = layers.buildings?.features ?? [];
    const { rows } = await sql<{ id: number; footprint: Polygon; gross_area: number }>`
      select id, st_asgeojson(footprint)::json as footprint, gross_area from buildings
      where id in (${sql.join(features.map((feature) => feature.id ?? -1))})`.execute(database.db);
    expect(rows.length).toBe(new Set(features.map((feature) => feature.id)).size);
    const scale = 2 ** tile.z;
    const project = ([longitude = 0, latitude = 0]: number[]): [number, number] => {
      const radians = (latitude * Math.PI) / 180;
      const mercatorY = (1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2;
      return [(((longitude + 180) / 360) * scale - tile.x) * 4096, (mercatorY * scale - tile.y) * 4096];
    };
    let compared = 0;
    for (const row of rows) {
      const feature = features.find((candidate) => candidate.id === row.id);
      expect(feature?.properties.gross_area).toBe(row.gross_area);
      const expected = (row.footprint.coordinates[0] ?? []).map(project);
      if (!expected.every(([x, y]) => x >= 0 && x <= 4096 && y >= 0 && y <= 4096)) continue;
      const vertices = feature?.rings.flat() ?? [];
      const near = (from: Array<[number, number]>, to: Array<[number, number]>) =>
        from.every(([x, y]) => to.some(([u, v]) => Math.abs(x - u) <= 1 && Math.abs(y - v) <= 1));
      expect(near(vertices, expected)).toBe(true);
      expect(near(expected, vertices)).toBe(true);
      // Exterior rings have positive area in tile coordinates (MVT 2.1, 4.3.4.4).
      expect(ringArea(feature?.rings[0] ?? [])).toBeGreaterThan(0);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });
});
