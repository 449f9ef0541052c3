import { randomUUID } from "node:crypto";
import {
  type ChatPort,
  type ChatRequest,
  PermanentChatError,
  RateLimitedError,
  targetOf,
} from "../chat/port.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type { Db } from "../store/client.ts";

export interface DispatcherOptions {
  db: Db;
  port: ChatPort;
  clock: Clock;
  logger: Logger;
  /** Names this dispatcher in claimed rows (default: a random id). */
  owner?: string;
  /** Attempts before a message is dead-lettered (rate limits do not count). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claimed row stays ours; after that another dispatcher may take it over. */
  claimMs?: number;
  batchSize?: number;
}

export interface DispatchReport {
  sent: number;
  retried: number;
  dead: number;
}

type Row = { id: string; idempotencyKey: string; request: string; attempts: number };

/** Sends pending outbox rows through the ChatPort: retries with exponential backoff,
 * honours Retry-After, dead-letters after `maxAttempts` with the error kept on the row.
 * Safe with several dispatchers (or processes) on one database: a row is claimed with a
 * conditional update before it is sent, and the idempotency key covers a crash between
 * sending and recording. */
export class OutboxDispatcher {
  private readonly owner: string;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly claimMs: number;
  private readonly batchSize: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private again = false;
  private intervalMs = 1_000;

  constructor(private readonly options: DispatcherOptions) {
    this.owner = options.owner ?? randomUUID();
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 2_000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
    this.claimMs = options.claimMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
  }

  /** One pass over the rows that are due now. */
  async dispatchDue(): Promise<DispatchReport> {
    const { db, clock } = this.options;
    const now = clock.now();
    const due = await db.outboxMessage.findMany({
      where: {
        status: "pending",
        nextAttemptAt: { lte: now },
        OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: this.batchSize,
      select: { id: true, idempotencyKey: true, request: true, attempts: true },
    });
    const report: DispatchReport = { sent: 0, retried: 0, dead: 0 };
    // Messages to one target go in order; different targets go in parallel.
    const byTarget = new Map<string, Row[]>();
    for (const row of due) {
      const target = targetOf(JSON.parse(row.request) as ChatRequest);
      byTarget.set(target, [...(byTarget.get(target) ?? []), row]);
    }
    await Promise.all(
      [...byTarget.values()].map(async (rows) => {
        for (const row of rows) {
          const outcome = await this.deliver(row, now);
          if (outcome) report[outcome]++;
        }
      }),
    );
    return report;
  }

  /** Dispatches until nothing is due (retries scheduled for later stay pending). */
  async drain(): Promise<DispatchReport> {
    const total: DispatchReport = { sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const r = await this.dispatchDue();
      total.sent += r.sent;
      total.retried += r.retried;
      total.dead += r.dead;
      if (r.sent + r.retried + r.dead === 0) return total;
    }
  }

  private async deliver(row: Row, now: Date): Promise<keyof DispatchReport | undefined> {
    const { db, port, clock, logger } = this.options;
    const claimed = await db.outboxMessage.updateMany({
      where: { id: row.id, status: "pending", OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedUntil: new Date(now.getTime() + this.claimMs), lockedBy: this.owner },
    });
    if (claimed.count === 0) return undefined; // another dispatcher has it
    const mine = { id: row.id, lockedBy: this.owner };
    const attempts = row.attempts + 1;
    try {
      const result = await port.send(JSON.parse(row.request) as ChatRequest, row.idempotencyKey);
      await db.outboxMessage.updateMany({
        where: mine,
        data: {
          status: "sent",
          attempts,
          sentAt: clock.now(),
          result: JSON.stringify(result),
          lockedUntil: null,
          lastError: null,
        },
      });
      return "sent";
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof RateLimitedError) {
        // Not the message's fault: wait as asked, without using up an attempt.
        await db.outboxMessage.updateMany({
          where: mine,
          data: {
            nextAttemptAt: new Date(clock.now().getTime() + error.retryAfterMs),
            lockedUntil: null,
            lastError: message,
          },
        });
        logger.warn({ key: row.idempotencyKey, retryAfterMs: error.retryAfterMs }, "outbox: rate limited");
        return "retried";
      }
      const dead = error instanceof PermanentChatError || attempts >= this.maxAttempts;
      const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempts - 1));
      await db.outboxMessage.updateMany({
        where: mine,
        data: {
          status: dead ? "dead" : "pending",
          attempts,
          nextAttemptAt: new Date(clock.now().getTime() + delay),
          lockedUntil: null,
          lastError: message,
        },
      });
      if (dead)
        logger.error({ key: row.idempotencyKey, attempts, error: message }, "outbox: message dead-lettered");
      else
        logger.warn({ key: row.idempotencyKey, attempts, error: message }, "outbox: send failed, will retry");
      return dead ? "dead" : "retried";
    }
  }

  /** Polls for due messages every `intervalMs` until stopped. */
  start(intervalMs = 1_000): void {
    this.intervalMs = intervalMs;
    this.stopped = false;
    this.schedule(0);
  }

  /** Sends what is due now instead of waiting for the next poll (e.g. right after a commit). */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pass(), delayMs);
  }

  private async pass(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.again = true; // woken mid-pass: go again right after
      return;
    }
    this.running = this.drain().catch((error: unknown) =>
      this.options.logger.error({ err: error }, "outbox: dispatch pass failed"),
    );
    await this.running;
    this.running = undefined;
    if (!this.stopped) this.schedule(this.again ? 0 : this.intervalMs);
    this.again = false;
  }
}
