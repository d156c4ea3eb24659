/** One edit the user made in this session: what to call it and the audit entries that undo it. */
export interface EditEntry {
  readonly label: string;
  readonly audit: readonly string[];
  readonly at: Date;
  /** The building this edit created: undoing the edit removes it. */
  readonly createdBuilding?: number;
}

/** How many edits the session remembers for undo. */
export const HISTORY_LIMIT = 20;

/**
 * The session's edits, newest last, for "undo the last edits". The server does the undoing
 * (`POST /api/edits/revert` with an entry's audit ids); this only remembers what to send. Listeners
 * hear every change (the edit panel re-renders on it).
 */
export class EditHistory extends EventTarget {
  #entries: EditEntry[] = [];

  get entries(): readonly EditEntry[] {
    return this.#entries;
  }

  get canUndo(): boolean {
    return this.#entries.length > 0;
  }

  /** Remembers an edit; writes without audit entries have nothing to undo and are not kept. */
  record(label: string, audit: readonly string[], createdBuilding?: number, at = new Date()): void {
    if (audit.length === 0) return;
    const entry: EditEntry = {
      label,
      audit: [...audit],
      at,
      ...(createdBuilding ? { createdBuilding } : {}),
    };
    this.#entries = [...this.#entries, entry].slice(-HISTORY_LIMIT);
    this.dispatchEvent(new Event("change"));
  }

  /**
   * Undoes the newest edit with `revert`. The entry is dropped whether or not the server could undo
   * it: when a record has moved on since (409), that edit can no longer be undone from here.
   */
  async undo(revert: (audit: readonly string[]) => Promise<unknown>): Promise<EditEntry | undefined> {
    const entry = this.#entries.at(-1);
    if (!entry) return undefined;
    this.#entries = this.#entries.slice(0, -1);
    this.dispatchEvent(new Event("change"));
    await revert(entry.audit);
    return entry;
  }

  clear(): void {
    this.#entries = [];
    this.dispatchEvent(new Event("change"));
  }
}
