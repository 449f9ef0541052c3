import type { AddressInfo } from "node:net";
import type { Config } from "./config.ts";
import { type Clock, systemClock } from "./core/clock.ts";
import { t } from "./core/i18n.ts";
import type { Logger } from "./core/logger.ts";
import { createHttpApp, listen } from "./http/server.ts";
import { Scheduler } from "./jobs/scheduler.ts";
import { createDb, providerOf } from "./store/client.ts";
import { migrateToLatest } from "./store/migrate.ts";

export interface Running {
  url: string;
  stop(): Promise<void>;
}

/** Composition root: config -> store -> (features -> surfaces) -> jobs -> HTTP. */
export async function startKnoop(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<Running> {
  const applied = await migrateToLatest(config.databaseUrl);
  if (applied.length) logger.info({ applied }, "database migrations applied");
  const db = await createDb(config.databaseUrl);

  const scheduler = new Scheduler({ db, clock, logger, timezone: config.timezone });
  await scheduler.start();

  // The outbox dispatcher starts with the first chat surface (Slack, Teams or the sandbox):
  // until one is configured, queued messages wait in the outbox.
  if (!config.slack && !config.teams) logger.warn(t(config.locale, "start.noChat"));

  const app = createHttpApp({ db, provider: providerOf(config.databaseUrl), locale: config.locale, logger });
  const server = await listen(app, config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  logger.info({ url }, t(config.locale, "start.listening", { url }));

  return {
    url,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler.stop();
      await db.$disconnect();
    },
  };
}
