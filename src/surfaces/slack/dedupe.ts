import { createHash } from "node:crypto";

/** Remembers what was handled for a while, so a retried delivery (X-Slack-Retry-Num) or a
 * double click is acknowledged without being handled twice. In memory: one process. With
 * several replicas a retry may reach another one; the features' own idempotency (state
 * machines, unique answers, outbox keys) is the last line there. */
export class Deduper {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** True the first time `key` is seen within `ttlMs`. */
  first(key: string, ttlMs: number): boolean {
    const now = this.now();
    for (const [k, until] of this.seen) {
      if (until > now) break; // insertion order ~ expiry order: stop at the first live entry
      this.seen.delete(k);
    }
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.delete(key);
    this.seen.set(key, now + ttlMs);
    return true;
  }
}

export const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");
