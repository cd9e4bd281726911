/**
 * The one source of time. Tests set it to cross weekends, holidays and timeouts without waiting.
 */
let offsetMs = 0;
let frozen: number | undefined;

export const clock = {
  now(): Date {
    return new Date(frozen ?? Date.now() + offsetMs);
  },
  /** Freezes time at the given instant (tests). */
  set(at: Date | string): void {
    frozen = new Date(at).getTime();
  },
  /** Moves time forward (tests). */
  advance(ms: number): void {
    if (frozen !== undefined) frozen += ms;
    else offsetMs += ms;
  },
  reset(): void {
    offsetMs = 0;
    frozen = undefined;
  },
  /** True when a test froze or moved time. */
  isSet(): boolean {
    return frozen !== undefined || offsetMs !== 0;
  },
};
