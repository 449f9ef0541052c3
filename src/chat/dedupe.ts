import { createHash, randomUUID } from "node:crypto";
import type { Locale } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import { defineTexts } from "../core/texts.ts";
import { isUniqueViolation } from "../store/bulk.ts";
import type { Db } from "../store/client.ts";
import { type Reply, say } from "./views.ts";

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

const texts = defineTexts(
  { handled: "Dit verzoek is al verwerkt." },
  { handled: "This request has already been handled." },
);

/** The answer to a duplicate whose first attempt ran in another process: nothing of that first
 * answer is stored (it may hold pupil details), so a neutral "already handled". */
export const handledElsewhere = (locale: Locale): Reply => ({
  type: "done",
  message: say(texts(locale).handled),
});

export interface DeduperOptions {
  /** Shares what was handled with every process on this database (see HandledRequest). */
  db?: Db;
  logger?: Logger;
  /** At most this many results remembered in memory. */
  max?: number;
  /** How long a running attempt holds its key without renewal (a process that died frees it then). */
  leaseMs?: number;
  /** How long a duplicate waits for another process's running attempt before answering anyway. */
  waitMs?: number;
  pollMs?: number;
}

type Outcome<T> = { result: T; duplicate: boolean };

/**
 * Runs each piece of work once per key, for every surface: a retried delivery or a double click
 * gets the first one's result instead of doing the work again. The key is recorded only when the
 * work succeeded; after a failure or invalid input it is forgotten, so the retry the person was
 * told to make is handled.
 *
 * Two layers. In memory (this process): a duplicate gets the first one's result, and one that
 * arrives while the first is in flight waits for it and joins it. In the database (with `db`,
 * shared by replicas): the first attempt inserts a `running` row for the hashed key, marks it
 * `done` when it succeeded and deletes it when not. A duplicate at another process that finds the
 * row `done` gets `elsewhere` (the first one's answer is not stored); one that finds it `running`
 * polls until it is done (then `elsewhere`) or gone (then it does the work itself), at most
 * `waitMs`, then answers `elsewhere` without redoing. A running row whose lease ran out (its
 * process died) is taken over.
 */
export class Deduper {
  private readonly done = new Map<string, { until: number; result: unknown }>();
  private readonly running = new Map<string, Promise<Outcome<unknown>>>();
  private readonly process = randomUUID();
  private attempts = 0;
  private cleanedAt = Number.NEGATIVE_INFINITY;
  private readonly max: number;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly options: DeduperOptions = {},
  ) {
    this.max = options.max ?? 10_000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.waitMs = options.waitMs ?? 2_000;
    this.pollMs = options.pollMs ?? 50;
  }

  async once<T>(
    key: string,
    ttlMs: number,
    work: () => Promise<T>,
    keep: (result: T) => boolean,
    /** The result for a duplicate of work another process did. */
    elsewhere: T,
  ): Promise<Outcome<T>> {
    this.prune();
    const seen = this.done.get(key);
    if (seen) return { result: seen.result as T, duplicate: true };
    const inFlight = this.running.get(key);
    if (inFlight) return { result: (await inFlight).result as T, duplicate: true };
    const promise = this.options.db
      ? this.shared(this.options.db, hash(key), ttlMs, work, keep, elsewhere)
      : work().then((result) => ({ result, duplicate: false }));
    this.running.set(key, promise);
    try {
      const outcome = await promise;
      if (!outcome.duplicate && keep(outcome.result))
        this.done.set(key, { until: this.now() + ttlMs, result: outcome.result });
      return outcome;
    } finally {
      this.running.delete(key);
    }
  }

  /** The database layer: claim the key, or learn that another attempt has (or had) it. */
  private async shared<T>(
    db: Db,
    key: string,
    ttlMs: number,
    work: () => Promise<T>,
    keep: (result: T) => boolean,
    elsewhere: T,
  ): Promise<Outcome<T>> {
    const owner = `${this.process}:${++this.attempts}`;
    const waitUntil = Date.now() + this.waitMs;
    try {
      await this.cleanUp(db);
      for (;;) {
        if (await this.claim(db, key, owner)) break;
        const row = await db.handledRequest.findUnique({ where: { key } });
        if (!row) continue; // the other attempt failed and let go: ours to do
        if (row.expiresAt.getTime() <= this.now()) {
          // A window that ended, or a lease of a process that died: free it (only that row).
          await db.handledRequest.deleteMany({ where: { key, owner: row.owner, expiresAt: row.expiresAt } });
          continue;
        }
        if (row.state === "done" || Date.now() >= waitUntil) return { result: elsewhere, duplicate: true };
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    } catch (err) {
      // The database did not answer: this process's memory is the only guard left.
      this.options.logger?.warn({ err }, "dedupe: request not recorded in the database");
      return { result: await work(), duplicate: false };
    }
    const renew = setInterval(() => {
      db.handledRequest
        .updateMany({ where: { key, owner }, data: { expiresAt: new Date(this.now() + this.leaseMs) } })
        .catch(() => {});
    }, this.leaseMs / 3);
    renew.unref();
    let result: T;
    try {
      result = await work();
    } catch (err) {
      clearInterval(renew);
      await this.settle(db.handledRequest.deleteMany({ where: { key, owner } }));
      throw err;
    }
    clearInterval(renew);
    await this.settle(
      keep(result)
        ? db.handledRequest.updateMany({
            where: { key, owner },
            data: { state: "done", expiresAt: new Date(this.now() + ttlMs) },
          })
        : db.handledRequest.deleteMany({ where: { key, owner } }),
    );
    return { result, duplicate: false };
  }

  private async claim(db: Db, key: string, owner: string): Promise<boolean> {
    try {
      await db.handledRequest.create({
        data: { key, owner, state: "running", expiresAt: new Date(this.now() + this.leaseMs) },
      });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  /** Recording the outcome failing does not undo the work: log it, answer as usual. */
  private async settle(write: Promise<unknown>): Promise<void> {
    try {
      await write;
    } catch (err) {
      this.options.logger?.warn({ err }, "dedupe: outcome not recorded in the database");
    }
  }

  /** At most once a minute per process: one indexed delete of the rows whose window ended. */
  private async cleanUp(db: Db): Promise<void> {
    const now = this.now();
    if (now - this.cleanedAt < 60_000) return;
    this.cleanedAt = now;
    await db.handledRequest.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
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
