import { webApi } from "@slack/bolt";
import { PermanentChatError } from "../../chat/port.ts";
import type { Logger } from "../../core/logger.ts";
import type { Db } from "../../store/client.ts";
import { slackLogger } from "./logger.ts";

export interface ClientOptions {
  db: Db;
  logger: Logger;
  /** SLACK_API_URL: Slack, GovSlack, a proxy or a test server. */
  apiUrl: string;
  /** SLACK_BOT_TOKEN: one workspace. Without it, tokens come from the OAuth installations. */
  botToken?: string;
}

/** Web API clients per workspace token. The outbox's client throws on a rate limit instead
 * of waiting (the dispatcher reschedules the message after Retry-After) and does not retry
 * by itself (the dispatcher does, with backoff). */
export class SlackClients {
  private readonly byToken = new Map<string, webApi.WebClient>();

  constructor(private readonly options: ClientOptions) {}

  client(token: string): webApi.WebClient {
    let client = this.byToken.get(token);
    if (!client) {
      client = new webApi.WebClient(token, {
        slackApiUrl: this.options.apiUrl,
        logger: slackLogger(this.options.logger),
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: 15_000,
      });
      this.byToken.set(token, client);
    }
    return client;
  }

  /** The bot token of a workspace: the single configured one, or its OAuth installation's. */
  async tokenFor(teamId: string): Promise<string> {
    if (this.options.botToken) return this.options.botToken;
    const installation = await this.options.db.slackInstallation.findUnique({ where: { teamId } });
    if (!installation) throw new PermanentChatError("no_installation");
    return installation.botToken;
  }

  async forTeam(teamId: string): Promise<webApi.WebClient> {
    return this.client(await this.tokenFor(teamId));
  }
}
