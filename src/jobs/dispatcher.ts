import { randomUUID } from "node:crypto";
import { type ChatPort, type ChatRequest, targetOf } from "../chat/port.ts";
import type { Clock } from "../core/clock.ts";
import type { Locale } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import type { Db } from "../store/client.ts";
import { nameOf, PortRegistry, Router } from "./delivery.ts";
import { asFailure, FailurePolicy } from "./failure-policy.ts";
import { enqueue } from "./outbox.ts";

export interface DispatcherOptions {
  db: Db;
  /** The platforms to deliver to (the first is the fallback); `port` for just one. */
  ports?: ChatPort[];
  port?: ChatPort;
  clock: Clock;
  logger: Logger;
  /** The SWV default language for failure notices and `lastError` (default nl). */
  locale?: Locale;
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

type Row = {
  id: string;
  idempotencyKey: string;
  request: string;
  target: string | null;
  attempts: number;
};

/** Sends pending outbox rows through the ChatPort of the recipient's platform (see delivery.ts):
 * retries with exponential backoff, honours Retry-After, dead-letters after `maxAttempts` with
 * the error kept on the row; the failure policy decides and tells whoever can act.
 * Safe with several dispatchers (or processes) on one database: a row is claimed with a
 * conditional update before it is sent, and the idempotency key covers a crash between
 * sending and recording. Pending updates of one message are coalesced: only the newest is sent. */
export class OutboxDispatcher {
  private readonly owner: string;
  private readonly claimMs: number;
  private readonly batchSize: number;
  private readonly ports: PortRegistry;
  private readonly router: Router;
  private readonly policy: FailurePolicy;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private again = false;
  private intervalMs = 1_000;

  constructor(private readonly options: DispatcherOptions) {
    this.owner = options.owner ?? randomUUID();
    this.claimMs = options.claimMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
    this.ports = new PortRegistry([...(options.ports ?? []), ...(options.port ? [options.port] : [])]);
    this.router = new Router(options.db, this.ports);
    this.policy = new FailurePolicy({
      db: options.db,
      clock: options.clock,
      logger: options.logger,
      locale: options.locale ?? "nl",
      ports: this.ports,
      maxAttempts: options.maxAttempts ?? 8,
      baseDelayMs: options.baseDelayMs ?? 2_000,
      maxDelayMs: options.maxDelayMs ?? 15 * 60_000,
    });
  }

  /** One pass over the rows that are due now. */
  async dispatchDue(): Promise<DispatchReport> {
    const { db, clock } = this.options;
    const now = clock.now();
    const due = await db.outboxMessage.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now }, ...this.unclaimed(now) },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: this.batchSize,
      select: { id: true, idempotencyKey: true, request: true, target: true, attempts: true },
    });
    const report: DispatchReport = { sent: 0, retried: 0, dead: 0 };
    // Messages to one target go in order; different targets go in parallel. An update whose
    // message is in this batch too goes after it, in its group (else it would wait a retry).
    const byTarget = new Map<string, Row[]>();
    const groupOf = new Map<string, string>();
    for (const row of due) {
      const request = JSON.parse(row.request) as ChatRequest;
      const target = row.target ?? targetOf(request);
      const group = (request.op === "update" && groupOf.get(request.ofKey)) || target;
      groupOf.set(row.idempotencyKey, group);
      byTarget.set(group, [...(byTarget.get(group) ?? []), { ...row, target }]);
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

  private unclaimed(now: Date) {
    return { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
  }

  private async deliver(row: Row, now: Date): Promise<keyof DispatchReport | undefined> {
    const { db, clock, logger } = this.options;
    const claimed = await db.outboxMessage.updateMany({
      where: { id: row.id, status: "pending", ...this.unclaimed(now) },
      data: { lockedUntil: new Date(now.getTime() + this.claimMs), lockedBy: this.owner },
    });
    if (claimed.count === 0) return undefined; // another dispatcher has it
    const mine = { id: row.id, lockedBy: this.owner };
    const request = JSON.parse(row.request) as ChatRequest;
    const newer = request.op === "update" ? await this.newerUpdate(row) : undefined;
    if (newer) {
      // Only the last state of a message matters: this one is superseded, never sent.
      await db.outboxMessage.updateMany({
        where: mine,
        data: {
          status: "sent",
          sentAt: clock.now(),
          result: JSON.stringify({ supersededBy: newer }),
          lockedUntil: null,
        },
      });
      return "sent";
    }
    const attempts = row.attempts + 1;
    let platform = this.ports.fallback;
    try {
      const route = await this.router.route(request, row.idempotencyKey, now);
      const port = this.ports.get(route.platform); // a platform not running here: the fallback
      platform = nameOf(port);
      if (route.copies.length)
        await db.$transaction(async (tx) => {
          for (const copy of route.copies) await enqueue(tx, clock.now(), copy.key, copy.request);
        });
      const result = await port.send(route.request, row.idempotencyKey);
      await db.outboxMessage.updateMany({
        where: mine,
        data: {
          status: "sent",
          attempts,
          sentAt: clock.now(),
          result: JSON.stringify({ ...result, platform }),
          lockedUntil: null,
          lastError: null,
        },
      });
      await this.policy
        .reportRefused(row.idempotencyKey, request, result, platform)
        .catch((err: unknown) =>
          logger.error({ err, key: row.idempotencyKey }, "outbox: could not queue a notice"),
        );
      return "sent";
    } catch (error) {
      const failure = asFailure(error);
      const verdict = this.policy.verdict(failure, attempts, platform);
      await db.outboxMessage.updateMany({ where: mine, data: { ...verdict, lockedUntil: null } });
      const log = {
        key: row.idempotencyKey,
        platform,
        kind: failure.kind,
        attempts,
        error: verdict.lastError,
      };
      if (failure.kind === "rateLimited") {
        logger.warn({ ...log, retryAfterMs: failure.retryAfterMs }, "outbox: rate limited");
        return "retried";
      }
      if (verdict.status === "pending") {
        logger.warn(log, "outbox: send failed, will retry");
        return "retried";
      }
      logger.error(log, "outbox: message dead-lettered");
      await this.policy
        .report(row.idempotencyKey, request, failure, platform)
        .catch((err: unknown) =>
          logger.error({ err, key: row.idempotencyKey }, "outbox: could not queue a notice"),
        );
      return "dead";
    }
  }

  /** The key of a later pending update of the same message, if there is one. */
  private async newerUpdate(row: Row): Promise<string | undefined> {
    const newest = await this.options.db.outboxMessage.findFirst({
      where: { target: row.target, status: "pending" },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { idempotencyKey: true },
    });
    return newest && newest.idempotencyKey !== row.idempotencyKey ? newest.idempotencyKey : undefined;
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
