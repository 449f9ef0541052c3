import {
  App,
  type AuthorizeResult,
  ExpressReceiver,
  HTTPModuleFunctions,
  SocketModeReceiver,
} from "@slack/bolt";
import express, { type Express, type RequestHandler } from "express";
import { type Core, dedupeOf } from "../../chat/core.ts";
import type { Config } from "../../config.ts";
import { AckFirst } from "./ack-first.ts";
import { SlackClients } from "./clients.ts";
import { installRoutes } from "./install.ts";
import { registerListeners } from "./listeners.ts";
import { slackLogger } from "./logger.ts";
import { OptionsCache } from "./options-cache.ts";
import { SlackPort } from "./port.ts";
import { slackTexts } from "./texts.ts";

export type SlackConfig = NonNullable<Config["slack"]>;

export interface SlackSurface {
  app: App;
  /** The ChatPort for the outbox dispatcher. */
  port: SlackPort;
  /** Connects Socket Mode (HTTP needs nothing: the routes are on Knoop's server). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const FIVE_MINUTES_S = 5 * 60;

/** Bolt rejects a bad signature and a timestamp older than 5 minutes, but accepts one far in the
 * future (and `Infinity` or `1e999`, which are never "older"): a replayed request must not become
 * valid later, so anything but whole seconds no more than 5 minutes ahead gets 401 too. */
export function rejectFutureTimestamps(nowMs: () => number = Date.now): RequestHandler {
  return (req, res, next) => {
    const header = req.header("x-slack-request-timestamp") ?? "";
    const timestamp = /^\d{1,12}$/.test(header) ? Number(header) : Number.NaN;
    if (!Number.isSafeInteger(timestamp) || timestamp - nowMs() / 1000 > FIVE_MINUTES_S) {
      res.status(401).send();
      return;
    }
    next();
  };
}

/**
 * The Slack surface: a Bolt app whose listeners translate Slack into intents, on
 * - HTTP: commands, interactivity and events at POST /slack/events on Knoop's own server and PORT,
 *   verified with SLACK_SIGNING_SECRET; or
 * - Socket Mode when SLACK_APP_TOKEN is set (no public URL needed).
 * Tokens: SLACK_BOT_TOKEN for one workspace, else the OAuth installations (GET /slack/install).
 */
export function createSlack(core: Core, config: SlackConfig, http: Express): SlackSurface {
  const { db, logger } = core;
  const log = slackLogger(logger);
  const clients = new SlackClients({ db, logger, apiUrl: config.apiUrl, botToken: config.botToken });
  // Listeners answer right away: a slow Slack must not hold them for minutes.
  const clientOptions = { slackApiUrl: config.apiUrl, retryConfig: { retries: 1 }, timeout: 10_000 };

  let whoAmI: Promise<AuthorizeResult> | undefined;
  async function authorize({ teamId, enterpriseId }: { teamId?: string; enterpriseId?: string }) {
    if (config.botToken) {
      const token = config.botToken;
      whoAmI ??= clients
        .client(token)
        .auth.test()
        .then((me) => ({ botToken: token, botId: me.bot_id, botUserId: me.user_id, teamId: me.team_id }));
      return whoAmI.catch((error: unknown) => {
        whoAmI = undefined; // try again on the next request
        throw error;
      });
    }
    const key = teamId ?? enterpriseId ?? "";
    // Every request: findFirst, which Prisma does not batch into one plan per batch size.
    const installation = await db.slackInstallation.findFirst({ where: { teamId: key } });
    if (!installation) throw new Error(`slack: Knoop is not installed in workspace ${key}`);
    const { botToken, botId, botUserId } = installation;
    return { botToken, botUserId, ...(botId ? { botId } : {}), teamId: key };
  }

  const ackFirst = new AckFirst();
  const receiver = config.appToken
    ? new SocketModeReceiver({ appToken: config.appToken, logger: log, installerOptions: { clientOptions } })
    : httpReceiver(http, config.signingSecret ?? "", log, ackFirst, slackTexts(core.locale).malformed);
  const app = new App({ receiver, authorize, logger: log, clientOptions });
  registerListeners(app, {
    core,
    dedupe: dedupeOf(core),
    optionsCache: new OptionsCache(),
    afterAcks: (work) => ackFirst.later(work),
  });

  if (!config.botToken && config.clientId && config.clientSecret && config.stateSecret)
    http.use(
      installRoutes({
        db,
        logger,
        locale: core.locale,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        stateSecret: config.stateSecret,
        apiUrl: config.apiUrl,
        now: () => core.clock.now(),
      }),
    );

  return {
    app,
    port: new SlackPort({ db, logger, locale: core.locale, clients }),
    async start() {
      if (config.botToken) await linkSingleWorkspace(core, clients, config.botToken);
      if (config.appToken) await app.start();
    },
    async stop() {
      if (config.appToken) await app.stop();
      await ackFirst.settled(); // the work after the acks already given
    },
  };
}

function httpReceiver(
  http: Express,
  signingSecret: string,
  logger: ReturnType<typeof slackLogger>,
  ackFirst: AckFirst,
  malformed: string,
) {
  const router = express.Router();
  router.post("/slack/events", rejectFutureTimestamps(), ackFirst.track());
  const receiver = new ExpressReceiver({
    signingSecret,
    logger,
    router,
    endpoints: "/slack/events",
    // A signed payload Bolt cannot route (a forged one without a user, say) fails inside Bolt before
    // any listener: a clear 400 in Dutch instead of Bolt's 500. Authorisation errors keep their 401.
    processEventErrorHandler: async (args) => {
      if (
        args.response.headersSent ||
        (args.error as { code?: string }).code === "slack_bolt_authorization_error"
      )
        return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
      logger.warn(`slack: request refused, Bolt could not handle it: ${args.error.message}`);
      args.response.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      args.response.end(malformed);
      return true;
    },
  });
  http.use(router);
  return receiver;
}

/** With one workspace (SLACK_BOT_TOKEN) and one SWV in the database, the workspace belongs to
 * that SWV: link it at start, so nobody has to. With more SWVs a beheerder links it (README). */
async function linkSingleWorkspace(core: Core, clients: SlackClients, token: string): Promise<void> {
  try {
    const me = await clients.client(token).auth.test();
    const teamId = me.team_id;
    if (!teamId) return;
    const where = { platform_externalId: { platform: "slack", externalId: teamId } };
    if (await core.db.workspace.findUnique({ where })) return;
    const swvs = await core.db.swv.findMany({ select: { id: true }, take: 2 });
    const only = swvs.length === 1 ? swvs[0] : undefined;
    if (only)
      await core.db.workspace.create({ data: { platform: "slack", externalId: teamId, swvId: only.id } });
    else core.logger.warn({ teamId }, "slack: workspace not linked to an SWV (see README, Slack)");
  } catch (err) {
    core.logger.warn({ err }, "slack: auth.test failed at start; check SLACK_BOT_TOKEN and SLACK_API_URL");
  }
}
