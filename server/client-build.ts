import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../", import.meta.url));
export const clientDistDirectory = join(projectRoot, "dist", "client");

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestModification(join(path, entry))),
    stat.mtimeMs,
  );
}

/** Whether dist/client is missing or older than the client sources. */
export function clientBuildIsStale(): boolean {
  const index = join(clientDistDirectory, "index.html");
  if (!existsSync(index)) return true;
  const sources = [
    join(projectRoot, "client"),
    join(projectRoot, "vite.config.ts"),
    join(projectRoot, "package-lock.json"),
  ];
  const newestSource = Math.max(...sources.filter(existsSync).map(newestModification));
  return newestSource > statSync(index).mtimeMs;
}

/** Builds the client with Vite (≈ a few seconds), only when it is stale. */
export async function buildClientIfStale(): Promise<boolean> {
  if (!clientBuildIsStale()) return false;
  const { build } = await import("vite");
  await build({ configFile: join(projectRoot, "vite.config.ts"), logLevel: "warn" });
  return true;
}
