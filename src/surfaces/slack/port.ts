import { webApi } from "@slack/bolt";
import {
  type ChatPort,
  type ChatRequest,
  PermanentChatError,
  RateLimitedError,
  type SendResult,
} from "../../chat/port.ts";
import { type MessageView, say, text, upgrade, message as view } from "../../chat/views.ts";
import type { Clock } from "../../core/clock.ts";
import { type Locale, localeOr } from "../../core/i18n.ts";
import type { Logger } from "../../core/logger.ts";
import { post, sendDm } from "../../jobs/outbox.ts";
import type { Db } from "../../store/client.ts";
import { messageBlocks, renderTexts } from "./blocks.ts";
import type { SlackClients } from "./clients.ts";
import { slackTexts } from "./texts.ts";

/** Outbox keys of the messages that report a failure: their own failure is only logged (no loop). */
const NOTICE = "slack-notice:";

/** Who can do something about a refused request. */
type Kind = "recipient" | "channel" | "workspace" | "message";
const kinds: Record<string, Kind> = {
  user_not_found: "recipient",
  user_disabled: "recipient",
  cannot_dm_bot: "recipient",
  no_slack_account: "recipient",
  cant_invite: "recipient",
  user_is_restricted: "recipient",
  user_is_ultra_restricted: "recipient",
  channel_not_found: "channel",
  not_in_channel: "channel",
  is_archived: "channel",
  restricted_action: "channel",
  name_taken: "channel",
  no_case: "channel",
  invalid_blocks: "message",
  msg_too_long: "message",
  message_not_found: "message",
  cant_update_message: "message",
  original_not_sent: "message",
};
const kindOf = (code: string): Kind => kinds[code] ?? "workspace";

/** Slack had a hiccup: the dispatcher retries with backoff. */
const transient = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout"]);

/** The `error` of a refused Web API call (e.g. "channel_not_found"), or undefined. */
export function platformCode(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === webApi.ErrorCode.PlatformError ? e.data?.error : undefined;
}

/** The name of a case's private channel: from the case code only, never from the pupil. */
export const caseChannelName = (caseCode: string) =>
  `knoop-${caseCode.toLowerCase().replace(/[^a-z0-9_-]/g, "-")}`.slice(0, 80);

export interface SlackPortDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  locale: Locale;
  clients: SlackClients;
}

/**
 * The ChatPort for Slack, used by the outbox dispatcher.
 * - Rate limits (HTTP 429 with Retry-After, or `ratelimited`) become RateLimitedError: the
 *   dispatcher waits as asked without using up an attempt.
 * - Refusals that retrying cannot fix become PermanentChatError with a Dutch explanation (the
 *   outbox row keeps it), and a Dutch message goes through the outbox to whoever can act: the
 *   person concerned, or the SWV's beheerders when the person cannot be reached.
 * - Idempotency: createCaseSpace and invite are safe to repeat (the channel is looked up by its
 *   case, `already_in_channel` is fine) and update replaces in place. A dm or post repeated after
 *   a crash between Slack's answer and the dispatcher's record is sent again: Slack has no
 *   idempotency key, and the window is one database write (at-least-once, documented in README).
 */
export class SlackPort implements ChatPort {
  constructor(private readonly deps: SlackPortDeps) {}

  async send(request: ChatRequest, key: string): Promise<SendResult> {
    try {
      return await this.carryOut(request, key);
    } catch (error) {
      const failure = this.toChatError(error);
      if (failure instanceof PermanentChatError && !key.startsWith(NOTICE))
        await this.report(request, key, failure.code).catch((err: unknown) =>
          this.deps.logger.error({ err, key }, "slack: could not queue the failure notice"),
        );
      throw failure;
    }
  }

  private async carryOut(request: ChatRequest, key: string): Promise<SendResult> {
    switch (request.op) {
      case "dm": {
        const account = await this.accountOf(request.personId);
        const client = await this.deps.clients.forTeam(account.teamId);
        const im = await client.conversations.open({ users: account.userId });
        return this.postMessage(client, im.channel?.id ?? account.userId, request.message);
      }
      case "post": {
        const space = await this.spaceOf(request.channelId);
        return this.postMessage(
          await this.deps.clients.forTeam(space.teamId),
          space.channelId,
          request.message,
        );
      }
      case "update": {
        const original = await this.deps.db.outboxMessage.findUnique({
          where: { idempotencyKey: request.ofKey },
        });
        // Not sent yet: a plain error, so the dispatcher retries after the original went out.
        if (original?.status === "pending") throw new Error(`slack: message ${request.ofKey} not sent yet`);
        const ref = original?.result ? (JSON.parse(original.result) as SendResult).ref : undefined;
        if (!original || !ref) throw this.permanent("original_not_sent");
        const client = await this.deps.clients.forTeam(await this.teamOf(JSON.parse(original.request)));
        await client.chat.update({ channel: ref.space, ts: ref.id, ...this.render(request.message) });
        return { ref };
      }
      case "createCaseSpace": {
        const logicalId = `case:${request.caseId}`;
        let space = await this.deps.db.slackChannel.findUnique({ where: { logicalId } });
        if (!space) {
          const c = await this.caseOf(logicalId);
          const teamId = await this.teamOfSwv(c.swvId);
          const channelId = await this.createChannel(
            await this.deps.clients.forTeam(teamId),
            caseChannelName(request.caseCode),
          );
          space = await this.deps.db.slackChannel.upsert({
            where: { logicalId },
            create: { logicalId, teamId, channelId },
            update: {},
          });
        }
        await this.inviteAll(logicalId, request.personIds, key);
        return { ref: { space: space.channelId, id: space.channelId } };
      }
      case "invite": {
        const space = await this.spaceOf(request.channelId);
        await this.inviteAll(request.channelId, request.personIds, key);
        return { ref: { space: space.channelId, id: space.channelId } };
      }
    }
  }

  private render(message: MessageView) {
    return messageBlocks(message, renderTexts(this.deps.locale));
  }

  private async postMessage(
    client: webApi.WebClient,
    channel: string,
    message: MessageView,
  ): Promise<SendResult> {
    const sent = await client.chat.postMessage({ channel, ...this.render(message) });
    return { ref: { space: sent.channel ?? channel, id: sent.ts ?? "" } };
  }

  /** A private channel named after the case code; one that exists already (Knoop created it
   * before a crash, or a reinstall lost the mapping) is found again and reused. */
  private async createChannel(client: webApi.WebClient, name: string): Promise<string> {
    try {
      const created = await client.conversations.create({ name, is_private: true });
      if (created.channel?.id) return created.channel.id;
    } catch (error) {
      if (platformCode(error) !== "name_taken") throw error;
    }
    let cursor: string | undefined;
    do {
      const page = await client.conversations.list({
        types: "private_channel",
        exclude_archived: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      const found = page.channels?.find((c) => c.name === name);
      if (found?.id) return found.id;
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    throw this.permanent("name_taken");
  }

  /** Invites people one by one, so one unreachable person does not keep the others out;
   * the regisseur hears about each one who could not be invited. */
  private async inviteAll(logicalId: string, personIds: string[], key: string): Promise<void> {
    const space = await this.spaceOf(logicalId);
    const client = await this.deps.clients.forTeam(space.teamId);
    for (const personId of new Set(personIds)) {
      try {
        const account = await this.accountOf(personId, space.teamId);
        await client.conversations.invite({ channel: space.channelId, users: account.userId });
      } catch (error) {
        const code = platformCode(error) ?? (error instanceof PermanentChatError ? error.code : undefined);
        if (code === "already_in_channel") continue;
        if (!code || kindOf(code) !== "recipient") throw error;
        const c = await this.caseOf(logicalId);
        const name = await this.nameOf(personId);
        await this.notice(`${key}:invite:${personId}`, [c.regisseurId], (t) =>
          say(t.inviteFailed({ name, code: c.code, reason: t.reason({ code }) })),
        );
      }
    }
  }

  /** Tells whoever can act about a refused request, through the outbox. */
  private async report(request: ChatRequest, key: string, code: string): Promise<void> {
    const kind = kindOf(code);
    const reason = (t: Texts) => t.reason({ code });
    const swvId = await this.swvOf(request);
    const admins = async () => (swvId ? this.adminsOf(swvId) : []);
    if (kind === "workspace") {
      await this.notice(key, await admins(), (t) => say(t.workspaceFailed({ reason: reason(t) })));
      return;
    }
    switch (request.op) {
      case "dm": {
        if (kind === "message") {
          await this.notice(key, [request.personId], (t) => say(t.messageRefused({ reason: reason(t) })));
          return;
        }
        const name = await this.nameOf(request.personId);
        await this.notice(key, await admins(), (t) => say(t.dmFailed({ name, reason: reason(t) })));
        return;
      }
      case "post": {
        const c = await this.caseOf(request.channelId).catch(() => null);
        const to = c ? [c.regisseurId] : await admins();
        const code = c?.code ?? request.channelId;
        await this.notice(key, to, (t) =>
          kind === "message"
            ? say(t.messageRefused({ reason: reason(t) }))
            : view(text(t.postFailed({ code, reason: reason(t) })), ...upgrade(request.message).blocks),
        );
        return;
      }
      case "createCaseSpace":
      case "invite": {
        const c = await this.caseOf(
          request.op === "invite" ? request.channelId : `case:${request.caseId}`,
        ).catch(() => null);
        if (!c) return;
        await this.notice(key, [c.regisseurId], (t) =>
          say(t.spaceFailed({ code: c.code, reason: reason(t) })),
        );
        return;
      }
      case "update": {
        // The earlier message stays as it was: send the new state as a new message instead.
        const original = await this.deps.db.outboxMessage.findUnique({
          where: { idempotencyKey: request.ofKey },
        });
        if (!original) return;
        const earlier = JSON.parse(original.request) as ChatRequest;
        const message = (t: Texts) => view(text(t.updateFailed), ...upgrade(request.message).blocks);
        if (earlier.op === "dm") await this.notice(key, [earlier.personId], message);
        else if (earlier.op === "post") {
          const text = message(slackTexts(this.deps.locale));
          await this.deps.db.$transaction((tx) =>
            post(tx, this.deps.clock.now(), `${NOTICE}${key}`, earlier.channelId, text),
          );
        }
        return;
      }
    }
  }

  /** Queues a DM to each person, in their language; repeated keys are kept once. */
  private async notice(key: string, personIds: string[], message: (t: Texts) => MessageView): Promise<void> {
    const people = await this.deps.db.person.findMany({
      where: { id: { in: personIds } },
      select: { id: true, locale: true },
    });
    const now = this.deps.clock.now();
    await this.deps.db.$transaction(async (tx) => {
      for (const p of people) {
        const locale = localeOr(p.locale, this.deps.locale);
        await sendDm(tx, now, `${NOTICE}${key}:${p.id}`, p.id, message(slackTexts(locale)));
      }
    });
    if (!people.length) this.deps.logger.error({ key }, "slack: nobody to tell about a refused message");
  }

  private toChatError(error: unknown): Error {
    if (error instanceof RateLimitedError) return error;
    if (error instanceof PermanentChatError)
      return error.message === error.code ? this.permanent(error.code) : error;
    const e = error as { code?: string; retryAfter?: number };
    if (e?.code === webApi.ErrorCode.RateLimitedError)
      return new RateLimitedError((e.retryAfter ?? 30) * 1000);
    const code = platformCode(error);
    if (code === "ratelimited" || code === "rate_limited") return new RateLimitedError(30_000);
    if (code && !transient.has(code)) return this.permanent(code);
    // Network errors, HTTP 5xx and Slack's own hiccups: retried with backoff.
    return error instanceof Error ? error : new Error(String(error));
  }

  private permanent(code: string): PermanentChatError {
    return new PermanentChatError(code, `${code}: ${slackTexts(this.deps.locale).reason({ code })}`);
  }

  private async accountOf(personId: string, teamId?: string) {
    const identity = await this.deps.db.chatIdentity.findFirst({
      where: { personId, platform: "slack", ...(teamId ? { workspaceId: teamId } : {}) },
      orderBy: { createdAt: "asc" },
    });
    if (!identity) throw this.permanent("no_slack_account");
    return { teamId: identity.workspaceId, userId: identity.userId };
  }

  private async spaceOf(logicalId: string) {
    const space = await this.deps.db.slackChannel.findUnique({ where: { logicalId } });
    if (!space) throw this.permanent("channel_not_found");
    return space;
  }

  private async caseOf(logicalId: string) {
    const id = logicalId.startsWith("case:") ? logicalId.slice(5) : "";
    const c = await this.deps.db.case.findUnique({
      where: { id },
      select: { swvId: true, code: true, regisseurId: true },
    });
    if (!c) throw this.permanent("no_case");
    return c;
  }

  private async teamOfSwv(swvId: string): Promise<string> {
    const workspace = await this.deps.db.workspace.findFirst({
      where: { platform: "slack", swvId },
      orderBy: { createdAt: "asc" },
    });
    if (!workspace) throw this.permanent("no_workspace");
    return workspace.externalId;
  }

  private async teamOf(request: ChatRequest): Promise<string> {
    if (request.op === "dm") return (await this.accountOf(request.personId)).teamId;
    if (request.op === "post") return (await this.spaceOf(request.channelId)).teamId;
    throw this.permanent("original_not_sent");
  }

  private async swvOf(request: ChatRequest): Promise<string | null> {
    const { db } = this.deps;
    switch (request.op) {
      case "dm":
        return (await db.person.findUnique({ where: { id: request.personId } }))?.swvId ?? null;
      case "createCaseSpace":
        return (await db.case.findUnique({ where: { id: request.caseId } }))?.swvId ?? null;
      case "post":
      case "invite":
        return (await this.caseOf(request.channelId).catch(() => null))?.swvId ?? null;
      case "update": {
        const original = await db.outboxMessage.findUnique({ where: { idempotencyKey: request.ofKey } });
        return original ? this.swvOf(JSON.parse(original.request)) : null;
      }
    }
  }

  private async adminsOf(swvId: string): Promise<string[]> {
    const rows = await this.deps.db.roleAssignment.findMany({
      where: { swvId, role: "beheerder" },
      select: { personId: true },
    });
    return [...new Set(rows.map((r) => r.personId))];
  }

  private async nameOf(personId: string): Promise<string> {
    const person = await this.deps.db.person.findUnique({ where: { id: personId } });
    return person?.displayName ?? personId;
  }
}

type Texts = ReturnType<typeof slackTexts>;
