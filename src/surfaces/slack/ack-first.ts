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

  constructor(
    private readonly quietMs = 10,
    private readonly maxWaitMs = 250,
  ) {}

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
