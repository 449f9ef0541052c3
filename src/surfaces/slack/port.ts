import type { webApi } from "@slack/bolt";
import {
  type ChatPort,
  DeliveryFailure,
  type PortRequest,
  type Resolved,
  type SendResult,
} from "../../chat/port.ts";
import type { MessageView } from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import type { Logger } from "../../core/logger.ts";
import type { Db } from "../../store/client.ts";
import { messageBlocks, renderTexts } from "./blocks.ts";
import { platformCode, type SlackClients, slackFailure } from "./clients.ts";
import { slackTexts } from "./texts.ts";

export { platformCode } from "./clients.ts";

/** The name of a case's private channel: from the case code only, never from the pupil. */
export const caseChannelName = (caseCode: string) =>
  `knoop-${caseCode.toLowerCase().replace(/[^a-z0-9_-]/g, "-")}`.slice(0, 80);

export interface SlackPortDeps {
  db: Db;
  logger: Logger;
  /** The language messages are rendered in (buttons, fallbacks). */
  locale: Locale;
  clients: SlackClients;
}

/**
 * The ChatPort for Slack, used by the outbox dispatcher. It carries out a request the dispatcher
 * resolved (accounts, workspace, the earlier message of an update) and classifies what Slack
 * refuses into a DeliveryFailure (`slackFailure`); who is told is the failure policy's business.
 * - Idempotency: createCaseSpace and invite are safe to repeat (the channel is looked up by its
 *   case, `already_in_channel` is fine) and update replaces in place. A dm or post repeated after
 *   a crash between Slack's answer and the dispatcher's record is sent again: Slack has no
 *   idempotency key, and the window is one database write (at-least-once, documented in README).
 */
export class SlackPort implements ChatPort {
  readonly platform = "slack";

  constructor(private readonly deps: SlackPortDeps) {}

  async send(request: PortRequest, _key: string): Promise<SendResult> {
    try {
      return await this.carryOut(request, request.resolved ?? {});
    } catch (error) {
      throw slackFailure(error);
    }
  }

  explain(code: string, locale: Locale): string | undefined {
    return slackTexts(locale).explain({ code }) || undefined;
  }

  private async carryOut(request: PortRequest, resolved: Resolved): Promise<SendResult> {
    switch (request.op) {
      case "dm": {
        const account = resolved.account;
        if (!account) throw new DeliveryFailure("recipientUnreachable", "no_slack_account");
        const client = await this.deps.clients.forTeam(account.workspaceId);
        const im = await client.conversations.open({ users: account.userId });
        return this.postMessage(
          client,
          account.workspaceId,
          im.channel?.id ?? account.userId,
          request.message,
        );
      }
      case "post": {
        const space = await this.spaceOf(request.channelId);
        const client = await this.deps.clients.forTeam(space.teamId);
        return this.postMessage(client, space.teamId, space.channelId, request.message);
      }
      case "update": {
        const { ref, workspace = "" } = resolved.earlier ?? {};
        if (!ref) throw new DeliveryFailure("refused", "original_not_sent");
        // Rows from before workspaces were recorded: the single-workspace token still works.
        const client = await this.deps.clients.forTeam(workspace);
        await client.chat.update({ channel: ref.space, ts: ref.id, ...this.render(request.message) });
        return { ref, workspace };
      }
      case "createCaseSpace": {
        const logicalId = `case:${request.caseId}`;
        let space = await this.deps.db.slackChannel.findUnique({ where: { logicalId } });
        if (!space) {
          const teamId = resolved.workspaceId;
          if (!teamId) throw new DeliveryFailure("misconfigured", "no_workspace");
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
        const refused = await this.inviteAll(space, resolved);
        return { ref: { space: space.channelId, id: space.channelId }, workspace: space.teamId, refused };
      }
      case "invite": {
        const space = await this.spaceOf(request.channelId);
        const refused = await this.inviteAll(space, resolved);
        return { ref: { space: space.channelId, id: space.channelId }, workspace: space.teamId, refused };
      }
    }
  }

  private render(message: MessageView) {
    return messageBlocks(message, renderTexts(this.deps.locale));
  }

  private async postMessage(
    client: webApi.WebClient,
    teamId: string,
    channel: string,
    message: MessageView,
  ): Promise<SendResult> {
    const sent = await client.chat.postMessage({ channel, ...this.render(message) });
    return { ref: { space: sent.channel ?? channel, id: sent.ts ?? "" }, workspace: teamId };
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
    throw new DeliveryFailure("spaceGone", "name_taken");
  }

  /** Invites people one by one, so one unreachable person does not keep the others out;
   * those Slack refuses are returned (the failure policy tells the regisseur). */
  private async inviteAll(
    space: { teamId: string; channelId: string },
    { members = [], unlinked = [] }: Resolved,
  ): Promise<NonNullable<SendResult["refused"]>> {
    const client = await this.deps.clients.forTeam(space.teamId);
    const refused: NonNullable<SendResult["refused"]> = unlinked.map((personId) => ({
      personId,
      kind: "recipientUnreachable" as const,
      code: "no_slack_account",
    }));
    for (const { personId, account } of members) {
      try {
        await client.conversations.invite({ channel: space.channelId, users: account.userId });
      } catch (error) {
        if (platformCode(error) === "already_in_channel") continue;
        const failure = slackFailure(error);
        if (failure.kind !== "recipientUnreachable") throw failure;
        refused.push({ personId, kind: failure.kind, code: failure.code });
      }
    }
    return refused;
  }

  private async spaceOf(logicalId: string) {
    const space = await this.deps.db.slackChannel.findUnique({ where: { logicalId } });
    if (!space) throw new DeliveryFailure("spaceGone", "channel_not_found");
    return space;
  }
}
