import type { Server } from "node:http";
import express, { type Express } from "express";
import { type Clock, systemClock } from "../core/clock.ts";
import type { Locale } from "../core/i18n.ts";
import { t } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import type { Db, Provider } from "../store/client.ts";
import { checkReadiness, outboxStall } from "../store/readiness.ts";
import type { Metrics } from "./metrics.ts";

export interface HttpDeps {
  db: Db;
  provider: Provider;
  locale: Locale;
  logger: Logger;
  /** What start-up still does before Knoop is ready (e.g. seeding the demo), or null when done. */
  starting?: () => string | null;
  /** True once shutdown began: /readyz answers 503 `stopping` so a proxy stops routing here. */
  stopping?: () => boolean;
  /** Counts requests and serves GET /metrics (with `metricsToken`: only with that bearer token). */
  metrics?: Metrics;
  metricsToken?: string;
  /** /readyz is 503 `outbox-stalled` when a due message waited longer than this with nothing
   * sent meanwhile (default 5 minutes). */
  outboxStallMs?: number;
  clock?: Clock;
}

/** The HTTP app: health endpoints now; the chat surfaces mount their routes on it. */
export function createHttpApp({
  db,
  provider,
  locale,
  logger,
  starting = () => null,
  stopping = () => false,
  metrics,
  metricsToken,
  outboxStallMs = 5 * 60_000,
  clock = systemClock,
}: HttpDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  if (metrics) {
    app.use(metrics.http());
    app.get("/metrics", metrics.endpoint(metricsToken, locale));
  }

  // Liveness: the process is up and serving. Never touches the database.
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  // Readiness: start-up is done (work after listening, such as the demo seed), not stopping, the
  // database answers and has every migration applied, and the outbox drains.
  app.get("/readyz", async (_req, res) => {
    if (stopping()) {
      res.status(503).json({ status: "not ready", reason: "stopping", message: t(locale, "ready.stopping") });
      return;
    }
    const still = starting();
    if (still) {
      res.status(503).json({
        status: "not ready",
        reason: "starting",
        message: t(locale, "ready.starting", { what: still }),
      });
      return;
    }
    const r = await checkReadiness(db, provider);
    if (r.ready) {
      const stall = await outboxStall(db, clock.now(), outboxStallMs).catch(() => null);
      if (stall) {
        const message = t(locale, "ready.outboxStalled", {
          waited: duration(stall.waitedMs, locale),
          window: duration(outboxStallMs, locale),
        });
        logger.warn({ reason: "outbox-stalled", waitedMs: stall.waitedMs }, `readyz: ${message}`);
        res.status(503).json({ status: "not ready", reason: "outbox-stalled", message });
        return;
      }
      res.json({ status: "ready", message: t(locale, "ready.ok") });
      return;
    }
    const message =
      r.reason === "db-down"
        ? t(locale, "ready.dbDown", { error: r.error })
        : t(locale, r.reason === "pending" ? "ready.pending" : "ready.failed", {
            names: r.migrations.join(", "),
          });
    logger.warn({ reason: r.reason }, `readyz: ${message}`);
    res.status(503).json({ status: "not ready", reason: r.reason, message });
  });

  return app;
}

/** "5 minuten", "30 seconden" (minutes from two minutes on). */
function duration(ms: number, locale: Locale): string {
  const minutes = ms >= 120_000;
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: minutes ? "minute" : "second",
    unitDisplay: "long",
  }).format(Math.floor(ms / (minutes ? 60_000 : 1000)));
}

/** Starts listening; resolves once the port is bound. */
export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}
