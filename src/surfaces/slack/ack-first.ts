import type { RequestHandler } from "express";

/** Slack's limit (3 s) is on the acknowledgement, so acknowledging comes first: work after an ack
 * waits until every request received has had its answer and none arrived for `quietMs` (at most
 * `maxWaitMs`). A burst of requests is then acknowledged before any of it is handled, instead of
 * each ack queuing behind the others' work on the one event loop. */
export class AckFirst {
  private open = 0;
  private lastArrival = 0;
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  private running = 0;
  private readonly queued: (() => void)[] = [];
  /** Work accepted by `later` and not done yet (waiting or running), and who waits for none. */
  private pending = 0;
  private drained: (() => void)[] = [];

  constructor(
    private readonly quietMs = 10,
    private readonly maxWaitMs = 250,
    private readonly concurrency = 8,
  ) {}

  /** Runs `work` after the acks: when the receiver is quiet (see `idle`), at most `concurrency`
   * at a time, each begun on a new turn of the event loop. Work on SQLite runs its queries without
   * giving the event loop a turn; 32 pieces of work at once would hold up a request that arrives
   * meanwhile until all are done, instead of until the one running is. */
  async later<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    try {
      return await this.whenQuiet(work);
    } finally {
      if (--this.pending === 0) for (const done of this.drained.splice(0)) done();
    }
  }

  /** Resolves when all work after acks is done (shutdown waits for it). */
  settled(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.drained.push(resolve));
  }

  private async whenQuiet<T>(work: () => Promise<T>): Promise<T> {
    // Quiet first, all waiting together (waiting per piece would serialise them: under steady
    // load each would wait up to maxWaitMs, and the backlog would grow without end).
    await this.idle();
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.queued.push(resolve));
    this.running++;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      return await work();
    } finally {
      this.running--;
      this.queued.shift()?.();
    }
  }

  /** Express middleware on POST /slack/events: counts requests until their answer is sent. */
  track(): RequestHandler {
    return (_req, res, next) => {
      this.open++;
      this.lastArrival = performance.now();
      res.once("close", () => {
        this.open--;
        this.check();
      });
      next();
    };
  }

  /** Resolves when the receiver is quiet (Socket Mode: at once). */
  idle(): Promise<void> {
    if (this.open === 0 && performance.now() - this.lastArrival >= this.quietMs) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.maxWaitMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.check();
    });
  }

  private check(): void {
    clearTimeout(this.timer);
    if (this.open > 0 || !this.waiters.length) return;
    const wait = this.quietMs - (performance.now() - this.lastArrival);
    if (wait > 0) this.timer = setTimeout(() => this.check(), wait);
    else for (const wake of this.waiters.splice(0)) wake();
  }
}
