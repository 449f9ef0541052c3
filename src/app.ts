import type { AddressInfo } from "node:net";
import type { Core } from "./chat/core.ts";
import type { Directory } from "./chat/directory.ts";
import type { ChatPort } from "./chat/port.ts";
import type { Config } from "./config.ts";
import { type Clock, OffsetClock, systemClock } from "./core/clock.ts";
import { t } from "./core/i18n.ts";
import type { Logger } from "./core/logger.ts";
import { hasDemo, seedDemo } from "./demo/demo.ts";
import { createJobs, createRouter } from "./features/index.ts";
import { createHttpApp, listen } from "./http/server.ts";
import { OutboxDispatcher } from "./jobs/dispatcher.ts";
import { Scheduler } from "./jobs/scheduler.ts";
import { createDb, providerOf } from "./store/client.ts";
import { migrateToLatest } from "./store/migrate.ts";
import { isMovable, timeControl } from "./surfaces/sandbox/clock.ts";
import { sandboxDirectory } from "./surfaces/sandbox/directory.ts";
import { SandboxPort } from "./surfaces/sandbox/port.ts";
import { sandboxRoutes } from "./surfaces/sandbox/routes.ts";
import { sandboxTexts } from "./surfaces/sandbox/texts.ts";
import { slackDirectory } from "./surfaces/slack/directory.ts";
import { createSlack } from "./surfaces/slack/surface.ts";
import { createTeams } from "./surfaces/teams/surface.ts";

export interface Running {
  url: string;
  stop(): Promise<void>;
}

const noDirectory: Directory = { users: async () => [], displayName: async () => null };

/** Composition root: config -> store -> core (features) -> surfaces -> jobs -> HTTP.
 * Every surface whose credentials are set runs, and one outbox dispatcher delivers through all
 * their ports (each person and space on its own platform, see src/jobs/delivery.ts).
 * With no Slack or Teams credentials the surface is the sandbox, alone: a local web chat on the
 * same HTTP server, with a demo SWV seeded into an empty database and a clock that can move forward. */
export async function startKnoop(config: Config, logger: Logger, clock?: Clock): Promise<Running> {
  const applied = await migrateToLatest(config.databaseUrl);
  if (applied.length) logger.info({ applied }, "database migrations applied");
  const db = await createDb(config.databaseUrl);

  const sandbox = !config.slack && !config.teams;
  const time = clock ?? (sandbox ? new OffsetClock() : systemClock);
  let dispatcher: OutboxDispatcher | undefined;
  const notify = () => dispatcher?.wake();
  const { locale, timezone } = config;
  const core: Core = {
    db,
    clock: time,
    logger,
    timezone,
    locale,
    router: createRouter(),
    directory: sandbox
      ? sandboxDirectory(db)
      : config.slack
        ? slackDirectory({ db, logger, apiUrl: config.slack.apiUrl, botToken: config.slack.botToken })
        : noDirectory,
    notify,
  };

  const scheduler = new Scheduler({ db, clock: time, logger, timezone });
  for (const job of createJobs({ db, clock: time, logger, timezone, locale, notify }))
    scheduler.register(job);
  await scheduler.start();

  const app = createHttpApp({ db, provider: providerOf(config.databaseUrl), locale, logger });
  if (sandbox) {
    if (!(await hasDemo(db))) {
      await seedDemo(core);
      logger.info("sandbox: demo data seeded");
    }
    const movable = isMovable(time) ? time : undefined;
    const control = movable
      ? timeControl(movable, () => scheduler.tick(), notify)
      : { now: () => time.now(), forward: async () => time.now() };
    app.use(sandboxRoutes(core, control, { host: config.host }));
  }
  const slack = config.slack ? createSlack(core, config.slack, app) : undefined;
  const teams = config.teams ? createTeams(core, config.teams, app) : undefined;
  // The first port is the fallback platform.
  const ports: ChatPort[] = [];
  if (sandbox) ports.push(new SandboxPort(db, time));
  if (slack) ports.push(slack.port);
  if (teams) ports.push(teams.port);
  if (ports.length) {
    dispatcher = new OutboxDispatcher({ db, ports, clock: time, logger, locale });
    dispatcher.start();
  }

  const server = await listen(app, config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  if (sandbox) logger.info({ url }, sandboxTexts(locale).started({ url: `${url}/` }));
  logger.info({ url }, t(locale, "start.listening", { url }));
  await slack?.start();

  return {
    url,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await slack?.stop();
      await dispatcher?.stop();
      await scheduler.stop();
      await db.$disconnect();
    },
  };
}
