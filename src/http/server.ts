import type { Server } from "node:http";
import express, { type Express } from "express";
import type { Locale } from "../core/i18n.ts";
import { t } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import type { Db, Provider } from "../store/client.ts";
import { checkReadiness } from "../store/readiness.ts";

export interface HttpDeps {
  db: Db;
  provider: Provider;
  locale: Locale;
  logger: Logger;
  /** What start-up still does before Knoop is ready (e.g. seeding the demo), or null when done. */
  starting?: () => string | null;
}

/** The HTTP app: health endpoints now; the chat surfaces mount their routes on it. */
export function createHttpApp({ db, provider, locale, logger, starting = () => null }: HttpDeps): Express {
  const app = express();
  app.disable("x-powered-by");

  // Liveness: the process is up and serving. Never touches the database.
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  // Readiness: start-up is done (work after listening, such as the demo seed), and the database
  // answers and has every migration applied.
  app.get("/readyz", async (_req, res) => {
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

/** Starts listening; resolves once the port is bound. */
export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}
