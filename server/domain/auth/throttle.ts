/**
 * Sliding-window limit on login attempts per key (client address + username): at most `limit`
 * attempts in `windowMs`. Complements the per-account lockout kept in the database.
 */
export class AttemptThrottle {
  readonly #attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an attempt; returns the milliseconds to wait when over the limit, else 0. */
  attempt(key: string): number {
    const now = this.now();
    const recent = (this.#attempts.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.#attempts.set(key, recent);
      return this.windowMs - (now - (recent[0] as number));
    }
    recent.push(now);
    this.#attempts.set(key, recent);
    if (this.#attempts.size > 10_000) this.#forgetOld(now);
    return 0;
  }

  reset(key: string): void {
    this.#attempts.delete(key);
  }

  #forgetOld(now: number): void {
    for (const [key, times] of this.#attempts) {
      if (times.every((at) => now - at >= this.windowMs)) this.#attempts.delete(key);
    }
  }
}
