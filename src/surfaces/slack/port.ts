import type { webApi } from "@slack/bolt";
import {
  type Account,
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
import { type ChartImage, messageBlocks, renderTexts } from "./blocks.ts";
import { limitOf, platformCode, type SlackClients, slackFailure } from "./clients.ts";
import { slackTexts } from "./texts.ts";
import { needsUploads, shareCharts, shareFiles, uploadCharts, type Wrap } from "./uploads.ts";

export { platformCode } from "./clients.ts";

/** The name of a case's private channel: from the case code only, never from the pupil. */
export const caseChannelName = (caseCode: string) =>
  `knoop-${caseCode.toLowerCase().replace(/[^a-z0-9_-]/g, "-")}`.slice(0, 80);

/** The upload methods a message needs (files.uploadV2 calls both), when it carries files or charts. */
const uploadLimits = (teamId: string, message: MessageView) =>
  needsUploads(message)
    ? ["files.getUploadURLExternal", "files.completeUploadExternal"].map((m) => limitOf(teamId, m))
    : [];

/** The metadata event type of Knoop's messages; its payload carries the outbox key. */
const OUTBOX_EVENT = "knoop_outbox";

/** What Slack answers when a DM channel kept from before is gone. */
const dmGone = new Set(["channel_not_found", "is_archived"]);

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
 *   case, `already_in_channel` is fine) and update replaces in place. Slack has no idempotency
 *   key: every message carries the outbox key in its metadata, and a DM whose dispatcher died
 *   between Slack's answer and its record is found again (`findSent`) instead of sent twice. A post
 *   in a channel repeated after such a crash is sent again (at-least-once, documented in README).
 * - A person's first DM is posted with their user id as the channel (Slack posts it in the app's
 *   DM with them and answers with that DM's id): no `conversations.open`, whose limit is far lower
 *   than `chat.postMessage`'s. The DM's id is kept in SlackDmChannel and used from then on; when
 *   Slack says it is gone, it is forgotten and the user id used again.
 * - A rate limit names the method and workspace it hit (`limitOf`), and `limitsOf` says which a
 *   request would use, so the dispatcher pauses only that method there.
 */
export class SlackPort implements ChatPort {
  readonly platform = "slack";
  /** DM channels known in this process (team:user -> channel), in front of SlackDmChannel. */
  private readonly dms = new Map<string, string>();

  constructor(private readonly deps: SlackPortDeps) {}

  async send(request: PortRequest, key: string): Promise<SendResult> {
    try {
      return await this.carryOut(request, request.resolved ?? {}, key);
    } catch (error) {
      throw slackFailure(error);
    }
  }

  async limitsOf(request: PortRequest): Promise<string[]> {
    const resolved = request.resolved ?? {};
    switch (request.op) {
      case "dm": {
        const account = resolved.account;
        if (!account) return [];
        const post = [
          limitOf(account.workspaceId, "chat.postMessage"),
          ...uploadLimits(account.workspaceId, request.message),
        ];
        return post;
      }
      case "post":
      case "invite": {
        const space = await this.deps.db.slackChannel.findUnique({ where: { logicalId: request.channelId } });
        const method = request.op === "post" ? "chat.postMessage" : "conversations.invite";
        const uploads = request.op === "post" ? uploadLimits(space?.teamId ?? "", request.message) : [];
        return space ? [limitOf(space.teamId, method), ...uploads] : [];
      }
      case "update":
        return [limitOf(resolved.earlier?.workspace ?? "", "chat.update")];
      case "createCaseSpace":
        return ["conversations.create", "conversations.invite"].map((m) =>
          limitOf(resolved.workspaceId ?? "", m),
        );
    }
  }

  explain(code: string, locale: Locale): string | undefined {
    return slackTexts(locale).explain({ code }) || undefined;
  }

  /** A DM whose dispatcher died mid-send: the DM channel's latest messages (Knoop's own are few,
   * so ten reach back far enough) are read for the key in their metadata. Posts in case channels are
   * not read back (that would need groups:history): they stay at-least-once. */
  async findSent(request: PortRequest, key: string): Promise<SendResult | undefined> {
    const account = request.op === "dm" ? request.resolved?.account : undefined;
    if (!account) return undefined;
    try {
      const client = await this.deps.clients.forTeam(account.workspaceId);
      // Posted with the user id and died before its DM's id was kept: opened here (rare, a crash).
      const channel = (await this.knownDm(account)) ?? (await this.openDm(client, account));
      const history = await this.call(account.workspaceId, "conversations.history", () =>
        client.conversations.history({ channel, limit: 10, include_all_metadata: true }),
      );
      const found = history.messages?.find(
        (m) =>
          m.metadata?.event_type === OUTBOX_EVENT &&
          (m.metadata.event_payload as Record<string, unknown> | undefined)?.key === key,
      );
      return found?.ts
        ? { ref: { space: channel, id: found.ts }, workspace: account.workspaceId }
        : undefined;
    } catch (error) {
      throw slackFailure(error);
    }
  }

  private async carryOut(request: PortRequest, resolved: Resolved, key: string): Promise<SendResult> {
    switch (request.op) {
      case "dm": {
        const account = resolved.account;
        if (!account) throw new DeliveryFailure("recipientUnreachable", "no_slack_account");
        const client = await this.deps.clients.forTeam(account.workspaceId);
        const known = await this.knownDm(account);
        try {
          return await this.postDm(client, account, known ?? account.userId, request.message, key);
        } catch (error) {
          // The channel kept from before is gone: forget it and post with the user id, once.
          if (!known || !dmGone.has(platformCode(error) ?? "")) throw error;
          await this.forgetDm(account);
          return this.postDm(client, account, account.userId, request.message, key);
        }
      }
      case "post": {
        const space = await this.spaceOf(request.channelId);
        const client = await this.deps.clients.forTeam(space.teamId);
        return this.postMessage(client, space.teamId, space.channelId, request.message, key);
      }
      case "update": {
        const { ref, workspace = "" } = resolved.earlier ?? {};
        if (!ref) throw new DeliveryFailure("refused", "original_not_sent");
        // Rows from before workspaces were recorded: the single-workspace token still works.
        const client = await this.deps.clients.forTeam(workspace);
        const charts = await uploadCharts(
          client,
          request.message,
          this.deps.locale,
          this.deps.logger,
          this.wrap(workspace),
        );
        await this.call(workspace, "chat.update", () =>
          client.chat.update({ channel: ref.space, ts: ref.id, ...this.render(request.message, charts) }),
        );
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
            teamId,
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

  /** A Web API call whose rate limit is named after its method and workspace (other errors as they are). */
  private async call<T>(teamId: string, method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const failure = slackFailure(error, limitOf(teamId, method));
      throw failure.kind === "rateLimited" ? failure : error;
    }
  }

  /** `call` for one workspace, as the uploads take it. */
  private wrap(teamId: string): Wrap {
    return (method, run) => this.call(teamId, method, run);
  }

  private async knownDm(account: Account): Promise<string | undefined> {
    const key = `${account.workspaceId}:${account.userId}`;
    const cached = this.dms.get(key);
    if (cached) return cached;
    const row = await this.deps.db.slackDmChannel.findUnique({
      where: { teamId_userId: { teamId: account.workspaceId, userId: account.userId } },
    });
    if (row) this.dms.set(key, row.channelId);
    return row?.channelId;
  }

  /** Posts a DM and keeps the DM channel Slack answered with when it was posted by user id. */
  private async postDm(
    client: webApi.WebClient,
    account: Account,
    channel: string,
    message: MessageView,
    key: string,
  ): Promise<SendResult> {
    const sent = await this.postMessage(client, account.workspaceId, channel, message, key);
    // Not kept (the database failed): the DM was sent all the same; the next one is posted by user id.
    const dm = sent.ref?.space;
    if (dm && dm !== channel)
      await this.keepDm(account, dm).catch((error: unknown) =>
        this.deps.logger.warn({ error: String(error) }, "slack: DM channel not kept"),
      );
    return sent;
  }

  private async openDm(client: webApi.WebClient, account: Account): Promise<string> {
    const { workspaceId: teamId, userId } = account;
    const im = await this.call(teamId, "conversations.open", () =>
      client.conversations.open({ users: userId }),
    );
    const channelId = im.channel?.id;
    if (!channelId) return userId; // Slack also takes a user id as the channel of a DM
    await this.keepDm(account, channelId);
    return channelId;
  }

  private async keepDm({ workspaceId: teamId, userId }: Account, channelId: string): Promise<void> {
    await this.deps.db.slackDmChannel.upsert({
      where: { teamId_userId: { teamId, userId } },
      create: { teamId, userId, channelId },
      update: { channelId },
    });
    this.dms.set(`${teamId}:${userId}`, channelId);
  }

  private async forgetDm({ workspaceId: teamId, userId }: Account): Promise<void> {
    this.dms.delete(`${teamId}:${userId}`);
    await this.deps.db.slackDmChannel.deleteMany({ where: { teamId, userId } });
  }

  private render(message: MessageView, charts: (ChartImage | undefined)[] = []) {
    return messageBlocks(message, renderTexts(this.deps.locale), undefined, charts);
  }

  private async postMessage(
    client: webApi.WebClient,
    teamId: string,
    channel: string,
    message: MessageView,
    key: string,
  ): Promise<SendResult> {
    // The outbox key travels in the message's metadata (ids only, never pupil data): `findSent`.
    const metadata = { event_type: OUTBOX_EVENT, event_payload: { key } };
    const wrap = this.wrap(teamId);
    const charts = await uploadCharts(client, message, this.deps.locale, this.deps.logger, wrap);
    const post = (images: (ChartImage | undefined)[]) =>
      this.call(teamId, "chat.postMessage", () =>
        client.chat.postMessage({ channel, ...this.render(message, images), metadata }),
      );
    let sent: Awaited<ReturnType<typeof post>>;
    try {
      sent = await post(charts);
    } catch (error) {
      // Slack may not let an image block use a file it has not finished processing
      // (invalid_blocks): the message goes with its tables, the charts are shared after it.
      if (!charts.some(Boolean) || platformCode(error) !== "invalid_blocks") throw error;
      this.deps.logger.warn(
        { code: "invalid_blocks" },
        "slack: chart image refused, sharing the PNG instead",
      );
      sent = await post([]);
      await shareCharts(client, sent.channel ?? channel, charts, wrap);
    }
    const space = sent.channel ?? channel;
    await shareFiles(client, space, message, wrap);
    return { ref: { space, id: sent.ts ?? "" }, workspace: teamId };
  }

  /** A private channel named after the case code; one that exists already (Knoop created it
   * before a crash, or a reinstall lost the mapping) is found again and reused. */
  private async createChannel(client: webApi.WebClient, teamId: string, name: string): Promise<string> {
    try {
      const created = await this.call(teamId, "conversations.create", () =>
        client.conversations.create({ name, is_private: true }),
      );
      if (created.channel?.id) return created.channel.id;
    } catch (error) {
      if (platformCode(error) !== "name_taken") throw error;
    }
    let cursor: string | undefined;
    do {
      const page = await this.call(teamId, "conversations.list", () =>
        client.conversations.list({
          types: "private_channel",
          exclude_archived: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        }),
      );
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
        await this.call(space.teamId, "conversations.invite", () =>
          client.conversations.invite({ channel: space.channelId, users: account.userId }),
        );
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
