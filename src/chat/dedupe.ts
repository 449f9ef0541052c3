import { createHash } from "node:crypto";
import type { Reply } from "./views.ts";

/** Replies that did not do what was asked (a failure on our side, a refusal, a limit): a retry of
 * the same intent must be handled again, not filtered out as a duplicate. */
const refusals = new WeakSet<Reply>();

export function refusal<R extends Reply>(reply: R): R {
  refusals.add(reply);
  return reply;
}

/** The intent was done: not refused, not invalid input, not lost to an exception. */
export const succeeded = (reply: Reply | null | undefined): boolean =>
  Boolean(reply) && reply?.type !== "invalid" && !refusals.has(reply as Reply);

/**
 * Runs each piece of work once per key, for every surface: a retried delivery or a double click
 * gets the first one's result instead of doing the work again. The key is recorded only when the
 * work succeeded; after a failure or invalid input it is forgotten, so the retry the person was
 * told to make is handled. While the first is in flight, a duplicate waits for it and joins its
 * result. In memory, one process: with several replicas the features' own idempotency is the last
 * line (state machines, unique answers, outbox keys).
 */
export class Deduper {
  private readonly done = new Map<string, { until: number; result: unknown }>();
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly max = 10_000,
  ) {}

  async once<T>(
    key: string,
    ttlMs: number,
    work: () => Promise<T>,
    keep: (result: T) => boolean,
  ): Promise<{ result: T; duplicate: boolean }> {
    this.prune();
    const seen = this.done.get(key);
    if (seen) return { result: seen.result as T, duplicate: true };
    const inFlight = this.running.get(key);
    if (inFlight) return { result: (await inFlight) as T, duplicate: true };
    const promise = work();
    this.running.set(key, promise);
    try {
      const result = await promise;
      if (keep(result)) this.done.set(key, { until: this.now() + ttlMs, result });
      return { result, duplicate: false };
    } finally {
      this.running.delete(key);
    }
  }

  private prune(): void {
    const now = this.now();
    for (const [key, { until }] of this.done) {
      // Insertion order ~ expiry order: stop at the first live entry (unless over the cap).
      if (until > now && this.done.size <= this.max) break;
      this.done.delete(key);
    }
  }
}

export const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");
