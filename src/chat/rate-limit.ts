/** What a person can send: commands, clicks (buttons, selects) and form submissions. */
export type Effort = "command" | "action" | "submission";

/** Per person and kind: a burst of `burst`, then `perSecond` on average. Generous for a person,
 * tight for a script: 200 commands at once get 10 through. */
export const defaultRates: Record<Effort, { burst: number; perSecond: number }> = {
  command: { burst: 10, perSecond: 1 },
  action: { burst: 20, perSecond: 2 },
  submission: { burst: 10, perSecond: 1 },
};

/** Token buckets per person and kind, in memory (one process). */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly rates = defaultRates,
    private readonly max = 10_000,
  ) {}

  /** Takes one token for `who`; false when their bucket is empty (refuse, do no work). */
  take(who: string, effort: Effort): boolean {
    const { burst, perSecond } = this.rates[effort];
    const key = `${effort}\u0000${who}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.delete(key);
    if (this.buckets.size >= this.max) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest); // idle longest: its bucket is full again
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
