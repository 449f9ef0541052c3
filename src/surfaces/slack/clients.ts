import { webApi } from "@slack/bolt";
import { DeliveryFailure, type FailureKind, RateLimitedError } from "../../chat/port.ts";
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
    // findFirst: not batched into one query plan per batch size (see chat/identity.ts).
    const installation = await this.options.db.slackInstallation.findFirst({ where: { teamId } });
    if (!installation) throw new DeliveryFailure("misconfigured", "no_installation");
    return installation.botToken;
  }

  async forTeam(teamId: string): Promise<webApi.WebClient> {
    return this.client(await this.tokenFor(teamId));
  }
}

/** The `error` of a refused Web API call (e.g. "channel_not_found"), or undefined. */
export function platformCode(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === webApi.ErrorCode.PlatformError ? e.data?.error : undefined;
}

/** Slack's error codes by what the core does about them (src/jobs/failure-policy.ts);
 * a code not listed is taken as the app's configuration (token, scopes: an administrator's job). */
const kinds: Record<string, FailureKind> = {
  user_not_found: "recipientUnreachable",
  user_disabled: "recipientUnreachable",
  cannot_dm_bot: "recipientUnreachable",
  no_slack_account: "recipientUnreachable",
  cant_invite: "recipientUnreachable",
  user_is_restricted: "recipientUnreachable",
  user_is_ultra_restricted: "recipientUnreachable",
  channel_not_found: "spaceGone",
  not_in_channel: "spaceGone",
  is_archived: "spaceGone",
  restricted_action: "spaceGone",
  name_taken: "spaceGone",
  invalid_blocks: "refused",
  msg_too_long: "refused",
  message_not_found: "refused",
  cant_update_message: "refused",
  original_not_sent: "refused",
  // Slack's own hiccups: retried with backoff.
  internal_error: "transient",
  fatal_error: "transient",
  service_unavailable: "transient",
  request_timeout: "transient",
};

/** The rate limit a Web API method is under in a workspace (Slack limits each method per token). */
export const limitOf = (teamId: string, method: string) => `slack:${teamId}:${method}`;

/** Any error of a Web API call as a DeliveryFailure: rate limits (HTTP 429 with Retry-After, or
 * `ratelimited`) with their wait and the limit hit (`scope`, see `limitOf`), refusals by kind;
 * network errors and HTTP 5xx are transient. */
export function slackFailure(error: unknown, scope?: string): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  const e = error as { code?: string; retryAfter?: number };
  if (e?.code === webApi.ErrorCode.RateLimitedError)
    return new RateLimitedError((e.retryAfter ?? 30) * 1000, scope);
  const code = platformCode(error);
  if (code === "ratelimited" || code === "rate_limited") return new RateLimitedError(30_000, scope);
  if (code) return new DeliveryFailure(kinds[code] ?? "misconfigured", code);
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryFailure("transient", "transient", 0, message);
}
