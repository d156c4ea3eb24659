/** Facts about the machine the tests run on, and the one loud line a suite prints when it cannot run. */
export const isCI = process.env.CI === "true" || process.env.CI === "1";

/** The PostgreSQL server to test against, when there is one. */
export const serverUrl = process.env.DATABASE_URL || undefined;

/**
 * Decides whether a suite that needs something from the machine runs. Without it the suite is
 * reported as not run (one loud line), except in CI where a missing dependency is a failure.
 */
export function requireOrExplain(available: boolean, what: string): boolean {
  if (available) return true;
  if (isCI) throw new Error(`CI=true but ${what} is missing: install it (.ci/run does).`);
  console.warn(`\n!!! SUITE NOT RUN: ${what} is missing on this machine.\n`);
  return false;
}
