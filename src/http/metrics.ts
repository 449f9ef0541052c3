import { timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Clock } from "../core/clock.ts";
import { systemClock } from "../core/clock.ts";
import type { Locale } from "../core/i18n.ts";
import { t } from "../core/i18n.ts";
import type { Db } from "../store/client.ts";

/** Which surface and route class a request path belongs to. A fixed table, so labels stay few
 * and never carry ids, user data or free text from the URL. */
const routeTable: [prefix: string, surface: string, route: string][] = [
  ["/slack/events", "slack", "events"],
  ["/slack/install", "slack", "install"],
  ["/slack/oauth_redirect", "slack", "oauth"],
  ["/api/messages", "teams", "messages"],
  ["/sandbox/api", "sandbox", "api"],
  ["/sandbox/assets", "sandbox", "assets"],
  ["/healthz", "ops", "healthz"],
  ["/readyz", "ops", "readyz"],
  ["/metrics", "ops", "metrics"],
];

export function routeClass(path: string): { surface: string; route: string } {
  if (path === "/") return { surface: "sandbox", route: "page" };
  for (const [prefix, surface, route] of routeTable)
    if (path === prefix || path.startsWith(`${prefix}/`)) return { surface, route };
  return { surface: "other", route: "other" };
}

/** The routes whose answer is what the chat platform (or the sandbox page) waits for: Slack's ack
 * (the HTTP response of /slack/events; Socket Mode acks are not HTTP and not measured), Teams'
 * response to /api/messages, the sandbox's API request. */
const ackRoutes = new Set(["slack/events", "teams/messages", "sandbox/api"]);

/** Check-in prompts (`cycle:…` keys, see features/cycles/schedule.ts) other than waiver notices. */
const isCheckinPrompt = (key: string) => key.startsWith("cycle:") && !key.startsWith("cycle:waived:");
/** A board digest post (`digest:<channel>:<period>`), not the details someone asked for in a DM. */
const isDigestPost = (key: string) => key.startsWith("digest:") && !key.startsWith("digest:details:");

/** Knoop's Prometheus metrics: one registry per running Knoop (never prom-client's global one, so
 * several Knoops in one test process do not clash). Counters count what this process did; the
 * outbox and check-in gauges are read from the shared database at scrape time (every replica
 * reports the same value: aggregate them with max, not sum). */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"surface" | "route" | "status">;
  private readonly ack: Histogram<"surface">;
  private readonly jobRuns: Counter<"job" | "outcome">;
  private readonly sent: Counter<"platform">;
  private readonly dead: Counter<"platform">;
  private readonly prompts: Counter;
  private readonly digests: Counter;

  constructor(db: Db, clock: Clock = systemClock) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: "knoop_http_requests_total",
      help: "HTTP requests answered, by surface, route class and status code.",
      labelNames: ["surface", "route", "status"],
      registers,
    });
    this.ack = new Histogram({
      name: "knoop_ack_seconds",
      help: "Time from a chat request's arrival to its answer (Slack: the ack; Teams: the HTTP response; sandbox: the API request).",
      labelNames: ["surface"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3, 5, 10],
      registers,
    });
    this.jobRuns = new Counter({
      name: "knoop_job_runs_total",
      help: "Scheduled job runs by job and outcome (ran, failed; taken: another process had the period).",
      labelNames: ["job", "outcome"],
      registers,
    });
    this.sent = new Counter({
      name: "knoop_outbox_sent_total",
      help: "Outbox messages this process delivered, by platform.",
      labelNames: ["platform"],
      registers,
    });
    this.dead = new Counter({
      name: "knoop_outbox_dead_lettered_total",
      help: "Outbox messages this process dead-lettered, by platform.",
      labelNames: ["platform"],
      registers,
    });
    this.prompts = new Counter({
      name: "knoop_checkin_prompts_sent_total",
      help: "Check-in prompts (announce, reminders, escalations) this process delivered.",
      registers,
    });
    this.digests = new Counter({
      name: "knoop_digests_posted_total",
      help: "Board digests this process posted in a board channel.",
      registers,
    });
    // Read at scrape time, each with one query on the (status, nextAttemptAt) index.
    new Gauge({
      name: "knoop_outbox_pending",
      help: "Outbox messages waiting to be sent (all replicas).",
      registers,
      async collect() {
        this.set(await db.outboxMessage.count({ where: { status: "pending" } }));
      },
    });
    new Gauge({
      name: "knoop_outbox_dead",
      help: "Dead-lettered outbox messages (all replicas; kept with their error).",
      registers,
      async collect() {
        this.set(await db.outboxMessage.count({ where: { status: "dead" } }));
      },
    });
    new Gauge({
      name: "knoop_outbox_oldest_due_seconds",
      help: "How long the oldest due pending message has been due (0: none). Backoff and Retry-After waits are not due.",
      registers,
      async collect() {
        const now = clock.now();
        const oldest = await db.outboxMessage.findFirst({
          where: { status: "pending", nextAttemptAt: { lte: now } },
          orderBy: { nextAttemptAt: "asc" },
          select: { nextAttemptAt: true },
        });
        this.set(oldest ? (now.getTime() - oldest.nextAttemptAt.getTime()) / 1000 : 0);
      },
    });
    new Gauge({
      name: "knoop_checkins",
      help: "Check-ins by state (open, overdue, answered, waived), all SWVs.",
      labelNames: ["state"],
      registers,
      async collect() {
        const groups = await db.cycleInstance.groupBy({ by: ["state"], _count: { _all: true } });
        this.reset();
        for (const g of groups) this.set({ state: g.state }, g._count._all);
      },
    });
  }

  /** Express middleware, first on the app: counts every request and times the acks. */
  http(): RequestHandler {
    return (req, res, next) => {
      const started = performance.now();
      const { surface, route } = routeClass(req.path);
      res.once("finish", () => {
        this.requests.inc({ surface, route, status: String(res.statusCode) });
        if (ackRoutes.has(`${surface}/${route}`))
          this.ack.observe({ surface }, (performance.now() - started) / 1000);
      });
      next();
    };
  }

  jobRun(job: string, outcome: string): void {
    if (outcome !== "not-due") this.jobRuns.inc({ job, outcome });
  }

  /** An outbox row delivered (`sent`) or dead-lettered, by its idempotency key. */
  outboxOutcome(key: string, platform: string, outcome: "sent" | "dead"): void {
    if (outcome === "dead") {
      this.dead.inc({ platform });
      return;
    }
    this.sent.inc({ platform });
    if (isCheckinPrompt(key)) this.prompts.inc();
    if (isDigestPost(key)) this.digests.inc();
  }

  /** GET /metrics in the Prometheus text format; with a token, only for `Authorization: Bearer <token>`. */
  endpoint(token: string | undefined, locale: Locale): RequestHandler {
    const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
    return async (req, res) => {
      if (expected) {
        const given = Buffer.from(req.get("authorization") ?? "");
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          res
            .status(401)
            .set("www-authenticate", "Bearer")
            .type("text/plain")
            .send(t(locale, "metrics.denied"));
          return;
        }
      }
      try {
        res.type(this.registry.contentType).send(await this.registry.metrics());
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        res
          .status(500)
          .type("text/plain")
          .send(t(locale, "metrics.failed", { error: message.split("\n")[0] ?? "" }));
      }
    };
  }
}
