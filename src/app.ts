import type { AddressInfo } from "node:net";
import type { Core } from "./chat/core.ts";
import type { Directory } from "./chat/directory.ts";
import type { ChatPort } from "./chat/port.ts";
import type { Config } from "./config.ts";
import { type Clock, OffsetClock, systemClock } from "./core/clock.ts";
import { t } from "./core/i18n.ts";
import type { Logger } from "./core/logger.ts";
import { createJobs, createRouter } from "./features/index.ts";
import { Metrics } from "./http/metrics.ts";
import { createHttpApp, listen } from "./http/server.ts";
import { OutboxDispatcher } from "./jobs/dispatcher.ts";
import { Scheduler } from "./jobs/scheduler.ts";
import { createDb, type Db, providerOf } from "./store/client.ts";
import { keyringOf } from "./store/encryption.ts";
import { masterKeysFor } from "./store/master-key.ts";
import { checkReadiness } from "./store/readiness.ts";
import { isMovable, timeControl } from "./surfaces/sandbox/clock.ts";
import { sandboxDirectory } from "./surfaces/sandbox/directory.ts";
import { SandboxPort } from "./surfaces/sandbox/port.ts";
import { sandboxTexts } from "./surfaces/sandbox/texts.ts";
import { slackDirectory } from "./surfaces/slack/directory.ts";

export interface Running {
  url: string;
  /** Resolves when the work after listening is done (demo seed, catch-up): /readyz says 200. */
  ready: Promise<void>;
  /** Graceful: /readyz says `stopping`, no new connections and no new outbox sends; the requests,
   * the work after Slack acks and the sends in flight finish, then the scheduler's running jobs;
   * outbox claims left are released; the database is disconnected. */
  stop(): Promise<void>;
  /** When `stop` overran its deadline: gives what is still going to other replicas (releases
   * outbox claims not in flight and the leases of unfinished job runs). Quick; the caller exits. */
  abandon(): Promise<void>;
  metrics: Metrics;
}

const noDirectory: Directory = { users: async () => [], displayName: async () => null };

/** Composition root: config -> store -> core (features) -> surfaces -> jobs -> HTTP.
 * Every surface whose credentials are set runs, and one outbox dispatcher delivers through all
 * their ports (each person and space on its own platform, see src/jobs/delivery.ts).
 * With no Slack or Teams credentials the surface is the sandbox, alone: a local web chat on the
 * same HTTP server, with a demo SWV seeded into an empty database and a clock that can move forward.
 *
 * Quick start: only what requests need happens before listening (migrations, when any are
 * pending). The demo seed and the scheduler's catch-up run after; meanwhile /readyz answers 503
 * `starting`, and sandbox requests wait for the seed. Modules a configuration does not use (the
 * Slack surface and Bolt, the sandbox's pages, the migration engine) are not loaded. */
export async function startKnoop(config: Config, logger: Logger, clock?: Clock): Promise<Running> {
  const provider = providerOf(config.databaseUrl);
  // config.ts refuses Slack and Teams without KNOOP_DATA_KEY; the sandbox makes a local key file.
  const masters = config.dataKeys
    ? { keys: config.dataKeys, source: "env" as const }
    : masterKeysFor(config.databaseUrl, process.env, { create: true });
  if (masters?.source === "created")
    logger.info(
      { path: masters.path },
      "sandbox: sleutel voor versleutelde gegevens aangemaakt (bewaar hem bij de database)",
    );
  const db = await createDb(config.databaseUrl, { masterKeys: masters?.keys });
  // The Wasm schema engine costs about 0.4 s and 45 MB: load it only when a migration is pending.
  if (!(await checkReadiness(db, provider)).ready) {
    await db.$disconnect(); // SQLite: the engine's connection needs the write lock to itself
    const { migrateToLatest } = await import("./store/migrate.ts");
    const applied = await migrateToLatest(config.databaseUrl);
    if (applied.length) logger.info({ applied }, "database migrations applied");
  }
  await keyringOf(db).ensure(); // the first data key of a new database; a wrong KNOOP_DATA_KEY stops here

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

  const metrics = new Metrics(db, time);
  const scheduler = new Scheduler({
    db,
    clock: time,
    logger,
    timezone,
    onRun: (job, outcome) => metrics.jobRun(job, outcome),
  });
  for (const job of createJobs({ db, clock: time, logger, timezone, locale, notify }))
    scheduler.register(job);

  let starting: string | null = null;
  let stopping = false;
  const app = createHttpApp({
    db,
    provider,
    locale,
    logger,
    starting: () => starting,
    stopping: () => stopping,
    metrics,
    metricsToken: config.metricsToken,
    outboxStallMs: config.outboxStallMs,
    clock: time,
  });
  // Work that waits until Knoop listens (the demo seed); sandbox requests wait for it too, so a
  // half-seeded demo is never shown.
  let afterListening: () => Promise<void> = async () => {};
  let seeded: Promise<void> = Promise.resolve();
  if (sandbox) {
    const { hasDemo, seedDemo } = await import("./demo/demo.ts");
    if (!(await hasDemo(db))) {
      starting = t(locale, "ready.seeding");
      let release: (done: Promise<void>) => void = () => {};
      seeded = new Promise<void>((resolve) => {
        release = resolve;
      });
      afterListening = () => {
        // Each query of the seed waits for a turn of the event loop first: on SQLite the queries
        // run without one, and the seed would hold up every request (even /readyz) until done.
        const yielding = db.$extends({
          query: {
            async $allOperations({ args, query }) {
              await new Promise((resolve) => setImmediate(resolve));
              return query(args);
            },
          },
        }) as unknown as Db;
        const done = seedDemo({ ...core, db: yielding }).then(() => logger.info("sandbox: demo data seeded"));
        release(done);
        return done;
      };
      app.use((_req, _res, next) => {
        seeded.then(() => next(), next);
      });
    }
    const movable = isMovable(time) ? time : undefined;
    const control = movable
      ? timeControl(movable, () => scheduler.tick(), notify)
      : { now: () => time.now(), forward: async () => time.now() };
    const { sandboxRoutes } = await import("./surfaces/sandbox/routes.ts");
    app.use(sandboxRoutes(core, control, { host: config.host }));
  }
  const slack = config.slack
    ? (await import("./surfaces/slack/surface.ts")).createSlack(core, config.slack, app)
    : undefined;
  const teams = config.teams
    ? (await import("./surfaces/teams/surface.ts")).createTeams(core, config.teams, app)
    : undefined;
  // The first port is the fallback platform.
  const ports: ChatPort[] = [];
  if (sandbox) ports.push(new SandboxPort(db, time));
  if (slack) ports.push(slack.port);
  if (teams) ports.push(teams.port);
  if (ports.length) {
    dispatcher = new OutboxDispatcher({
      db,
      ports,
      clock: time,
      logger,
      locale,
      onOutcome: (key, platform, outcome) => metrics.outboxOutcome(key, platform, outcome),
    });
    dispatcher.start();
  }

  const server = await listen(app, config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;
  if (sandbox) logger.info({ url }, sandboxTexts(locale).started({ url: `${url}/` }));
  logger.info({ url }, t(locale, "start.listening", { url }));
  await slack?.start();

  // After the seed: catch up on the jobs whose period passed while Knoop was down, then schedule.
  const ready = afterListening()
    .then(() => scheduler.start())
    .then(
      () => {
        starting = null;
      },
      (err: unknown) => {
        logger.fatal({ err }, "start-up failed");
        throw err;
      },
    );

  return {
    url,
    ready,
    metrics,
    async stop() {
      stopping = true;
      // The outbox starts no new sends from now on (other replicas take them); those in flight finish.
      const sends = dispatcher?.stop();
      // No new connections; requests in flight finish. Idle keep-alive connections (a proxy's)
      // are closed as they become idle, so the proxy connects again, is refused, and goes elsewhere.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      await closed;
      clearInterval(idle);
      await ready.catch(() => {});
      await slack?.stop();
      await sends;
      await scheduler.stop();
      await db.$disconnect();
    },
    async abandon() {
      const [claims, jobs] = await Promise.allSettled([
        dispatcher?.releaseClaims(),
        scheduler.releaseUnfinished(),
      ]);
      logger.warn(
        {
          releasedClaims: claims.status === "fulfilled" ? claims.value : undefined,
          releasedJobs: jobs.status === "fulfilled" ? jobs.value : undefined,
        },
        "shutdown: left to other processes",
      );
    },
  };
}
