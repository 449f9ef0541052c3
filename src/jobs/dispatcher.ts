import { randomUUID } from "node:crypto";
import { type ChatPort, type ChatRequest, RateLimitedError, targetOf } from "../chat/port.ts";
import type { Clock } from "../core/clock.ts";
import type { Locale } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import type { Db } from "../store/client.ts";
import { nameOf, PortRegistry, type Route, Router } from "./delivery.ts";
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
  /** How long a claimed row stays ours; after that another dispatcher may take it over. While the
   * dispatcher runs (`start`), the claims of rows in flight are renewed every third of it, so a
   * slow send stays ours and a dead process's rows are taken over within this (default 15 s). */
  claimMs?: number;
  batchSize?: number;
  /** Targets sent to at once (each target's rows go one after the other). */
  parallel?: number;
  /** Told of every row delivered or dead-lettered (metrics); never of superseded updates. */
  onOutcome?: (key: string, platform: string, outcome: "sent" | "dead") => void;
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
  createdAt: Date;
  lockedUntil: Date | null;
};

/** What became of one row: counted in the report, or left pending as it was ("held": a rate
 * limit it would use is paused; "taken": another dispatcher has it). */
type Outcome = keyof DispatchReport | "held" | "taken";

/** A pass for rows held by a pause starts this long before it ends (see `isPaused`). */
const PAUSE_LEAD_MS = 100;

/** Rows are sent in this order (per target too). */
const before = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) =>
  a.createdAt.getTime() < b.createdAt.getTime() ||
  (a.createdAt.getTime() === b.createdAt.getTime() && a.id < b.id);

/** Sends pending outbox rows through the ChatPort of the recipient's platform (see delivery.ts):
 * retries with exponential backoff, honours Retry-After, dead-letters after `maxAttempts` with
 * the error kept on the row; the failure policy decides and tells whoever can act.
 * Safe with several dispatchers (or processes) on one database: a row is claimed with a
 * conditional update before it is sent, and the idempotency key covers a crash between
 * sending and recording. Pending updates of one message are coalesced: only the newest is sent.
 * Per target, rows go in order: a row waiting (backoff, Retry-After) or in flight holds back the
 * target's later rows. A rate limit pauses what it names (a method in a workspace): rows that
 * would use it wait untouched until the pause ends; the others go on. */
export class OutboxDispatcher {
  private readonly owner: string;
  private readonly claimMs: number;
  private readonly batchSize: number;
  private readonly parallel: number;
  /** Paused rate limits (scope -> until, in clock ms), from the platforms' Retry-After. */
  private readonly paused = new Map<string, number>();
  /** Whether the last pass left rows for a paused limit (the loop then waits for its end). */
  private held = false;
  private readonly ports: PortRegistry;
  private readonly router: Router;
  private readonly policy: FailurePolicy;
  private timer: NodeJS.Timeout | undefined;
  private renewer: NodeJS.Timeout | undefined;
  /** Rows this dispatcher has claimed and not recorded yet (their claims are renewed). */
  private readonly inFlight = new Set<string>();
  private running: Promise<unknown> | undefined;
  private stopped = true;
  /** Set by `stop`: a pass ends after the rows in flight (the rest is left to other dispatchers). */
  private stopping = false;
  private again = false;
  private intervalMs = 1_000;

  constructor(private readonly options: DispatcherOptions) {
    this.owner = options.owner ?? randomUUID();
    this.claimMs = options.claimMs ?? 15_000;
    this.batchSize = options.batchSize ?? 50;
    this.parallel = options.parallel ?? 16;
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
      select: {
        id: true,
        idempotencyKey: true,
        request: true,
        target: true,
        attempts: true,
        createdAt: true,
        lockedUntil: true,
      },
    });
    const waiting = await this.waitingHeads(due, now);
    const report: DispatchReport = { sent: 0, retried: 0, dead: 0 };
    this.held = false;
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
    const groups = [...byTarget.values()];
    let next = 0;
    const worker = async () => {
      for (let rows = groups[next++]; rows && !this.stopping; rows = groups[next++])
        for (const row of rows) {
          if (this.stopping) break; // shutting down: finish what is in flight, start nothing new
          const head = waiting.get(row.target ?? "");
          if (head && before(head, row)) break; // an earlier row of this target waits: so do these
          const outcome = await this.deliver(row);
          if (outcome === "held") this.held = true;
          if (outcome === "sent" || outcome === "retried" || outcome === "dead") report[outcome]++;
          // Anything but sent or dead-lettered leaves this row first in line for its target.
          if (outcome !== "sent" && outcome !== "dead") break;
        }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallel, groups.length) }, worker));
    return report;
  }

  /** Per target of these rows, its earliest pending row that is not due (backoff, Retry-After) or
   * claimed by a dispatcher: the target's later rows wait behind it. */
  private async waitingHeads(due: Row[], now: Date) {
    const targets = [...new Set(due.map((r) => r.target).filter((t): t is string => !!t))];
    const rows = targets.length
      ? await this.options.db.outboxMessage.findMany({
          where: {
            status: "pending",
            target: { in: targets },
            OR: [{ nextAttemptAt: { gt: now } }, { lockedUntil: { gte: now } }],
          },
          select: { id: true, target: true, createdAt: true },
        })
      : [];
    const heads = new Map<string, { id: string; createdAt: Date }>();
    for (const row of rows) {
      const head = heads.get(row.target ?? "");
      if (!head || before(row, head)) heads.set(row.target ?? "", row);
    }
    return heads;
  }

  /** Dispatches until nothing is due (retries scheduled for later stay pending). */
  async drain(): Promise<DispatchReport> {
    const total: DispatchReport = { sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const r = await this.dispatchDue();
      total.sent += r.sent;
      total.retried += r.retried;
      total.dead += r.dead;
      if (r.sent + r.retried + r.dead === 0 || this.stopping) return total;
    }
  }

  private unclaimed(now: Date) {
    return { OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] };
  }

  private async deliver(row: Row): Promise<Outcome> {
    const { db, clock } = this.options;
    const request = JSON.parse(row.request) as ChatRequest;
    const newer = request.op === "update" ? await this.newerUpdate(row) : undefined;
    // Routed before the claim, so that a row for a paused rate limit is left as it is.
    let route: Route | undefined;
    let unroutable: unknown;
    if (!newer) {
      try {
        route = await this.router.route(request, row.idempotencyKey, clock.now());
      } catch (error) {
        unroutable = error;
      }
      if (route && (await this.isPaused(route))) return "held";
    }
    // The claim runs from when it is taken, not from the start of the pass (which may be long ago).
    const claimedAt = clock.now();
    const claimed = await db.outboxMessage.updateMany({
      where: { id: row.id, status: "pending", ...this.unclaimed(claimedAt) },
      data: { lockedUntil: new Date(claimedAt.getTime() + this.claimMs), lockedBy: this.owner },
    });
    if (claimed.count === 0) return "taken";
    this.inFlight.add(row.id);
    try {
      return await this.carryOut(row, request, route, unroutable, newer);
    } finally {
      this.inFlight.delete(row.id);
    }
  }

  private async carryOut(
    row: Row,
    request: ChatRequest,
    route: Route | undefined,
    unroutable: unknown,
    newer: string | undefined,
  ): Promise<Outcome> {
    const { db, clock, logger } = this.options;
    const mine = { id: row.id, lockedBy: this.owner };
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
      if (!route) throw unroutable;
      const port = this.ports.get(route.platform); // a platform not running here: the fallback
      platform = nameOf(port);
      if (route.copies.length)
        await db.$transaction(async (tx) => {
          for (const copy of route.copies) await enqueue(tx, clock.now(), copy.key, copy.request);
        });
      // A claim that expired without an outcome: its dispatcher died, perhaps after the platform
      // took the message. Where the platform can tell (Slack: the key in the message's metadata),
      // a message already there is recorded instead of sent twice.
      const earlier =
        row.lockedUntil && port.findSent ? await port.findSent(route.request, row.idempotencyKey) : undefined;
      const result = earlier ?? (await port.send(route.request, row.idempotencyKey));
      if (earlier) logger.info({ key: row.idempotencyKey, platform }, "outbox: found sent before a crash");
      this.options.onOutcome?.(row.idempotencyKey, platform, "sent");
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
      if (failure.kind === "rateLimited") {
        // At once (before any write): until the wait is over nothing else may hit the same limit.
        const scope = (failure instanceof RateLimitedError && failure.scope) || platform;
        const until = clock.now().getTime() + failure.retryAfterMs;
        this.paused.set(scope, Math.max(until, this.paused.get(scope) ?? 0));
      }
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
      this.options.onOutcome?.(row.idempotencyKey, platform, "dead");
      await this.policy
        .report(row.idempotencyKey, request, failure, platform)
        .catch((err: unknown) =>
          logger.error({ err, key: row.idempotencyKey }, "outbox: could not queue a notice"),
        );
      return "dead";
    }
  }

  /** Whether a rate limit the routed request would use is paused. A pause about to end is waited
   * out here, so that the request goes the moment it ends (the limit refills meanwhile: a late
   * start is throughput lost for good). */
  private async isPaused(route: Route): Promise<boolean> {
    const remaining = async () => {
      const now = this.options.clock.now().getTime();
      for (const [scope, until] of this.paused) if (until <= now) this.paused.delete(scope);
      if (!this.paused.size) return 0;
      const port = this.ports.get(route.platform);
      const scopes = (await port.limitsOf?.(route.request)) ?? [nameOf(port)];
      return Math.max(0, ...scopes.map((scope) => (this.paused.get(scope) ?? 0) - now));
    };
    const wait = await remaining();
    if (wait <= 0) return false;
    if (wait > 2 * PAUSE_LEAD_MS) return true;
    await new Promise((resolve) => setTimeout(resolve, wait));
    return (await remaining()) > 0;
  }

  /** How long until a pass should start to be ready when the first paused rate limit ends. */
  private untilPauseEnds(): number {
    const now = this.options.clock.now().getTime();
    return Math.max(1, Math.min(...this.paused.values()) - now - PAUSE_LEAD_MS);
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
    this.stopping = false;
    clearInterval(this.renewer);
    this.renewer = setInterval(() => void this.renewClaims(), Math.max(100, Math.floor(this.claimMs / 3)));
    this.renewer.unref();
    this.schedule(0);
  }

  /** Keeps the claims of the rows in flight ours while this process lives. */
  private async renewClaims(): Promise<void> {
    if (!this.inFlight.size) return;
    const { db, clock, logger } = this.options;
    await db.outboxMessage
      .updateMany({
        where: { id: { in: [...this.inFlight] }, lockedBy: this.owner, status: "pending" },
        data: { lockedUntil: new Date(clock.now().getTime() + this.claimMs) },
      })
      .catch((err: unknown) => logger.warn({ err }, "outbox: could not renew claims"));
  }

  /** Sends what is due now instead of waiting for the next poll (e.g. right after a commit). */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  /** Stops polling, lets the sends in flight finish (their claims renewed meanwhile), starts no
   * new ones, and releases any claim left, so another dispatcher can take those rows at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
    this.stopping = false; // dispatchDue and drain still work when called by hand
    clearInterval(this.renewer);
    await this.releaseClaims();
  }

  /** Gives up this dispatcher's claims on rows that are not being sent right now (also at a
   * shutdown deadline: rows still in flight keep their claim, it runs out by itself). */
  async releaseClaims(): Promise<number> {
    const { count } = await this.options.db.outboxMessage.updateMany({
      where: {
        lockedBy: this.owner,
        status: "pending",
        lockedUntil: { not: null },
        id: { notIn: [...this.inFlight] },
      },
      data: { lockedUntil: null },
    });
    return count;
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
    // Rows held back by a paused rate limit are taken up again as soon as it ends.
    if (!this.stopped)
      this.schedule(this.again ? 0 : this.held && this.paused.size ? this.untilPauseEnds() : this.intervalMs);
    this.again = false;
  }
}
