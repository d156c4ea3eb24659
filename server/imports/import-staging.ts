import { randomUUID } from "node:crypto";
import type { ImportTarget } from "../domain/imports/targets.js";
import type { ParsedSource, SourceFormat } from "../formats/format-error.js";

export interface StagedImport {
  readonly id: string;
  readonly ownerId: number;
  readonly target: ImportTarget;
  readonly format: SourceFormat;
  readonly fileName: string;
  /** Kept to re-read the attributes when a dry run names another encoding. */
  readonly bytes: Uint8Array;
  readonly source: ParsedSource;
  readonly stagedAt: number;
}

/** How long an upload waits for its dry run and commit. */
export const STAGING_TTL_MS = 60 * 60 * 1000;
/** Uploads kept per user; the oldest goes first (a 50 MB file parses to a few hundred MB at most). */
export const STAGED_PER_USER = 3;

/**
 * Uploads between `POST /imports` and their commit, in memory with a TTL: the parsed rows are only
 * needed for the minutes of the column-mapping step, the server is one process, and nothing has to
 * be cleaned out of the database when a user walks away.
 */
export class ImportStaging {
  readonly #staged = new Map<string, StagedImport>();

  constructor(private readonly now: () => number = Date.now) {}

  add(entry: Omit<StagedImport, "id" | "stagedAt">): StagedImport {
    this.#expire();
    const mine = [...this.#staged.values()]
      .filter((staged) => staged.ownerId === entry.ownerId)
      .sort((a, b) => a.stagedAt - b.stagedAt);
    for (const old of mine.slice(0, Math.max(0, mine.length - STAGED_PER_USER + 1)))
      this.#staged.delete(old.id);
    const staged: StagedImport = { ...entry, id: randomUUID(), stagedAt: this.now() };
    this.#staged.set(staged.id, staged);
    return staged;
  }

  /** The upload if it is still staged and belongs to `userId`. */
  get(id: string, userId: number): StagedImport | undefined {
    this.#expire();
    const staged = this.#staged.get(id);
    return staged?.ownerId === userId ? staged : undefined;
  }

  replaceSource(id: string, source: ParsedSource): void {
    const staged = this.#staged.get(id);
    if (staged) this.#staged.set(id, { ...staged, source });
  }

  delete(id: string): void {
    this.#staged.delete(id);
  }

  #expire(): void {
    const now = this.now();
    for (const [id, staged] of this.#staged)
      if (now - staged.stagedAt > STAGING_TTL_MS) this.#staged.delete(id);
  }
}
