import { Application, TeamsAdapter } from "@microsoft/teams-ai";
import { type ConversationReference, TurnContext } from "botbuilder";
import express, { type Express } from "express";
import { type Core, dedupeOf } from "../../chat/core.ts";
import { ChannelKeys, requireChannelToken } from "./auth.ts";
import { Conversations } from "./conversations.ts";
import {
  botFrameworkOptions,
  credentialsFactory,
  msalClient,
  type TeamsConfig,
  tokenFor,
} from "./credentials.ts";
import { TeamsGroupChats } from "./group-chats.ts";
import { registerListeners } from "./listeners.ts";
import { type TeamsConnector, TeamsPort } from "./port.ts";
import { teamsTexts } from "./texts.ts";

export type { TeamsConfig } from "./credentials.ts";

export interface TeamsSurface {
  app: Application;
  adapter: TeamsAdapter;
  /** The ChatPort for the outbox dispatcher. */
  port: TeamsPort;
  /** An app-only token for Graph (scope `${TEAMS_GRAPH_URL}/.default`). */
  graphToken(): Promise<string>;
}

/**
 * The Teams surface: a teams-ai 1.7 Application at POST /api/messages on Knoop's own server and PORT.
 * Every request's token is checked before the SDK sees it (auth.ts: 401 for anything invalid);
 * botbuilder checks it again with the same endpoints. Knoop's own tokens come from its MSAL client
 * (credentials.ts). Proactive messages (the outbox) go through the adapter with stored references.
 */
export function createTeams(core: Core, config: TeamsConfig, http: Express): TeamsSurface {
  const msal = msalClient(config);
  const adapter = new TeamsAdapter(botFrameworkOptions(config), credentialsFactory(config, msal));
  const app = new Application({
    adapter,
    botAppId: config.appId,
    removeRecipientMention: true,
    startTypingTimer: false,
  });
  const conversations = new Conversations(core.db);

  /** Runs a proactive turn and hands back what it threw: teams-ai sets the adapter's onTurnError,
   * which would swallow a refused send (the outbox must see it to retry or dead-letter). */
  async function proactive(ref: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>) {
    let failed: unknown;
    await adapter.continueConversationAsync(config.appId, ref, async (ctx) => {
      try {
        await logic(ctx);
      } catch (error) {
        failed = error;
      }
    });
    if (failed) throw failed;
  }

  const connector: TeamsConnector = {
    async send(ref, activity) {
      let id = "";
      await proactive(ref, async (ctx) => {
        id = (await ctx.sendActivity(activity))?.id ?? "";
      });
      return id;
    },
    async update(ref, activityId, activity) {
      await proactive(ref, async (ctx) => {
        await ctx.updateActivity({ ...activity, id: activityId, conversation: ref.conversation } as never);
      });
    },
    async createPersonal(tenantId, serviceUrl, member) {
      let ref: Partial<ConversationReference> = {};
      await adapter.createConversationAsync(
        config.appId,
        "msteams",
        serviceUrl,
        config.tokenIssuer,
        {
          isGroup: false,
          bot: { id: config.appId, name: "Knoop" },
          members: [{ id: member.id, aadObjectId: member.aadObjectId, name: "" }],
          tenantId,
          channelData: { tenant: { id: tenantId } },
        } as never,
        async (ctx) => {
          ref = TurnContext.getConversationReference(ctx.activity);
        },
      );
      const conversation = ref.conversation;
      if (conversation)
        ref = { ...ref, conversation: { ...conversation, tenantId, conversationType: "personal" } };
      return ref;
    },
  };

  registerListeners(app, {
    core,
    conversations,
    connector,
    dedupe: dedupeOf(core),
  });

  const keys = new ChannelKeys(config.openIdMetadataUrl);
  const malformed = teamsTexts(core.locale).malformed;
  const router = express.Router();
  router.post(
    "/api/messages",
    express.json({ limit: "1mb" }),
    requireChannelToken(config, keys, core.logger, malformed),
    async (req, res) => {
      try {
        await adapter.process(req, res, (ctx) => app.run(ctx).then(() => undefined));
      } catch (err) {
        core.logger.error({ err }, "teams: request failed");
        if (!res.headersSent) res.status(500).send();
      }
    },
  );
  // express.json() answers a body that is no JSON with an error: 400 in Dutch, not Express's page.
  router.use("/api/messages", ((err, _req, res, next) => {
    if (!err) return next();
    res.status(400).type("text/plain").send(malformed);
  }) as express.ErrorRequestHandler);
  http.use(router);

  return {
    app,
    adapter,
    port: new TeamsPort({
      db: core.db,
      logger: core.logger,
      locale: core.locale,
      conversations,
      connector,
      appId: config.appId,
      groupChats: new TeamsGroupChats({
        graphUrl: config.graphUrl,
        token: () => tokenFor(msal, config.graphUrl),
      }),
    }),
    graphToken: () => tokenFor(msal, config.graphUrl),
  };
}
