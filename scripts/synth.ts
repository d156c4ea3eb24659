// `npm run data:synth -- --buildings N --seed S [--rooms-per-building R]`: adds synthetic buildings
// (合成楼宇…, is_demo) to the configured database (DATABASE_URL, else the embedded FANGTU_DATA_DIR).
import { parseArgs } from "node:util";
import pino from "pino";
import { ConfigError, loadConfig } from "../server/config.js";
import { DatabaseUnavailableError } from "../server/db/database.js";
import { loadSynthetic } from "../server/db/synth-loader.js";
import { prepareDatabase } from "../server/server.js";

const usage =
  "usage: npm run data:synth -- --buildings N [--seed S] [--rooms-per-building R] [--people]\n" +
  "  --buildings           how many buildings to add (1..10000000)\n" +
  "  --seed                random seed, same seed → same data (0..4294967295, default 1)\n" +
  "  --rooms-per-building  also add floors and this many rooms per building (0..200, default 0)\n" +
  "  --people              also add people in the units' in-use offices (needs --rooms-per-building)";

class UsageError extends Error {}

function integer(
  name: string,
  text: string | undefined,
  min: number,
  max: number,
  fallback?: number,
): number {
  if (text === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function parseOptions(args: string[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        buildings: { type: "string" },
        seed: { type: "string" },
        "rooms-per-building": { type: "string" },
        people: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const text = (name: string) => values[name] as string | undefined;
  return {
    buildings: integer("buildings", text("buildings"), 1, 10_000_000),
    seed: integer("seed", text("seed"), 0, 2 ** 32 - 1, 1),
    roomsPerBuilding: integer("rooms-per-building", text("rooms-per-building"), 0, 200, 0),
    people: values.people === true,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.people && options.roomsPerBuilding === 0)
    throw new UsageError("--people needs rooms: give --rooms-per-building too");
  const config = loadConfig();
  const logger = pino({ level: config.logLevel === "info" ? "warn" : config.logLevel });
  const target = config.database.mode === "server" ? "PostgreSQL (DATABASE_URL)" : config.database.dataDir;
  console.log(
    `合成数据: ${options.buildings.toLocaleString("en")} buildings, seed ${options.seed}, ` +
      `${options.roomsPerBuilding} rooms per building${options.people ? ", people" : ""} → ${target}`,
  );
  const database = await prepareDatabase(config, logger);
  try {
    let reported = 0;
    const started = performance.now();
    const result = await loadSynthetic(database, {
      ...options,
      onProgress: ({ done, total }) => {
        const tenth = Math.floor((done * 10) / total);
        if (tenth <= reported) return;
        reported = tenth;
        const seconds = (performance.now() - started) / 1000;
        console.log(`  ${tenth * 10}% ${done.toLocaleString("en")} buildings, ${seconds.toFixed(1)} s`);
      },
    });
    const seconds = result.milliseconds / 1000;
    const rows = Object.values(result.rows).reduce((sum, count) => sum + count, 0);
    const { units, staffing, buildings, floors, rooms, people } = result.rows;
    console.log(
      `done in ${seconds.toFixed(1)} s: ${buildings.toLocaleString("en")} buildings ` +
        `(ids ${result.firstIds.building}–${result.firstIds.building + buildings - 1}), ` +
        `${units.toLocaleString("en")} units, ${staffing.toLocaleString("en")} staffing rows, ` +
        `${floors.toLocaleString("en")} floors, ${rooms.toLocaleString("en")} rooms, ` +
        `${people.toLocaleString("en")} people; ` +
        `${Math.round(buildings / seconds).toLocaleString("en")} buildings/s, ` +
        `${Math.round(rows / seconds).toLocaleString("en")} rows/s`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`data:synth: ${error.message}\n${usage}`);
    process.exit(2);
  }
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) {
    console.error(error.message);
    process.exit(1);
  }
  // Bulk-insert errors can quote whole parameter arrays: keep the message readable.
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(message.length > 2000 ? `${message.slice(0, 2000)}…` : message);
  process.exit(1);
});
