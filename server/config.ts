import { resolve } from "node:path";
import { z } from "zod";
import type { Basemap } from "./domain/basemap.js";

/** Environment configuration, parsed once at start-up. */
const flag = z.enum(["0", "1", "true", "false"]).transform((value) => value === "1" || value === "true");

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  FANGTU_DATA_DIR: z.string().min(1).default("./.fangtu/db"),
  FANGTU_DEMO: flag.optional(),
  FANGTU_ADMIN_PASSWORD: z.string().optional(),
  FANGTU_BASEMAP_TILES: z
    .url({ protocol: /^https?$/, message: "FANGTU_BASEMAP_TILES must be an http(s) URL" })
    .refine((url) => ["{z}", "{x}", "{y}"].every((part) => url.includes(part)), {
      message: "FANGTU_BASEMAP_TILES must contain {z}, {x} and {y}",
    })
    .optional(),
  FANGTU_BASEMAP_STYLE: z
    .url({ protocol: /^https?$/, message: "FANGTU_BASEMAP_STYLE must be an http(s) URL" })
    .optional(),
  FANGTU_BASEMAP_ATTRIBUTION: z.string().max(200).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type DatabaseConfig =
  | { readonly mode: "embedded"; readonly dataDir: string }
  | { readonly mode: "server"; readonly url: string };

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseConfig;
  /** Load demo data into an empty database: on by default in embedded mode, off in server mode. */
  readonly loadDemo: boolean;
  readonly logLevel: z.infer<typeof environmentSchema>["LOG_LEVEL"];
  /** An external basemap under Fangtu's layers; undefined keeps the map offline (the default). */
  readonly basemap: Basemap | undefined;
  /** Password of the administrator created on a database without users (else a one-time one is printed). */
  readonly adminPassword: string | undefined;
}

export class ConfigError extends Error {}

/** Parses process.env (or a given record) into a Config; throws ConfigError naming every bad variable. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ""));
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const env = parsed.data;
  if (env.FANGTU_BASEMAP_TILES && env.FANGTU_BASEMAP_STYLE) {
    throw new ConfigError(
      "Invalid configuration:\n  set FANGTU_BASEMAP_TILES or FANGTU_BASEMAP_STYLE, not both",
    );
  }
  const database: DatabaseConfig = env.DATABASE_URL
    ? { mode: "server", url: env.DATABASE_URL }
    : { mode: "embedded", dataDir: resolve(env.FANGTU_DATA_DIR) };
  return {
    port: env.PORT,
    host: env.HOST,
    database,
    loadDemo: env.FANGTU_DEMO ?? database.mode === "embedded",
    logLevel: env.LOG_LEVEL,
    adminPassword: env.FANGTU_ADMIN_PASSWORD,
    basemap:
      env.FANGTU_BASEMAP_TILES || env.FANGTU_BASEMAP_STYLE
        ? {
            ...(env.FANGTU_BASEMAP_TILES ? { rasterTiles: env.FANGTU_BASEMAP_TILES } : {}),
            ...(env.FANGTU_BASEMAP_STYLE ? { styleUrl: env.FANGTU_BASEMAP_STYLE } : {}),
            ...(env.FANGTU_BASEMAP_ATTRIBUTION ? { attribution: env.FANGTU_BASEMAP_ATTRIBUTION } : {}),
          }
        : undefined,
  };
}
