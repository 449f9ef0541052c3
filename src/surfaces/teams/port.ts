import type { ConversationReference } from "botbuilder";
import {
  type Account,
  type ChatPort,
  DeliveryFailure,
  type FailureKind,
  type PortRequest,
  RateLimitedError,
  type Resolved,
  type SendResult,
} from "../../chat/port.ts";
import { type MessageView, plainText } from "../../chat/views.ts";
import type { Locale } from "../../core/i18n.ts";
import type { Logger } from "../../core/logger.ts";
import type { Db } from "../../store/client.ts";
import { cardActivity, type Json, messageCard } from "./cards.ts";
import type { Conversations } from "./conversations.ts";
import { GraphError, type TeamsGroupChats } from "./group-chats.ts";
import { memberTeamsIds, refreshOf } from "./refresh.ts";
import { teamsTexts } from "./texts.ts";

/** How the port reaches Teams: botbuilder's proactive calls, behind a small seam (see surface.ts). */
export interface TeamsConnector {
  /** Sends an activity into a stored conversation; returns the new activity's id. */
  send(ref: Partial<ConversationReference>, activity: Json): Promise<string>;
  update(ref: Partial<ConversationReference>, activityId: string, activity: Json): Promise<void>;
  /** Creates (or finds again: Teams returns the same one) the 1:1 chat with a person. */
  createPersonal(
    tenantId: string,
    serviceUrl: string,
    member: { id: string; aadObjectId: string },
  ): Promise<Partial<ConversationReference>>;
}

/** A case space Knoop could not create as a group chat: its posts go to each member's 1:1 chat,
 * and the ref of such a post lists every copy (so an update reaches them all). */
const FANOUT = "fanout";

export interface TeamsPortDeps {
  db: Db;
  logger: Logger;
  locale: Locale;
  conversations: Conversations;
  connector: TeamsConnector;
  /** Case spaces as Graph group chats (absent: every case post goes to each member's 1:1 chat). */
  groupChats?: TeamsGroupChats;
  /** The bot's app id (also the manifest id the organisation's app catalog knows it by). */
  appId: string;
}

/**
 * The ChatPort for Teams, used by the outbox dispatcher. DMs go to each person's 1:1 chat (the
 * stored conversation reference, else one created with the tenant id); updates use updateActivity.
 * Case spaces: without a group chat (no Graph permissions) every post reaches each member with a
 * Teams account in their 1:1 chat. Teams' refusals become DeliveryFailures (`teamsFailure`).
 * Repeating a dm or post after a crash between Teams' answer and the dispatcher's record sends it
 * again (Teams has no idempotency key); an update replaces in place.
 */
export class TeamsPort implements ChatPort {
  readonly platform = "teams";

  constructor(private readonly deps: TeamsPortDeps) {}

  async send(request: PortRequest, _key: string): Promise<SendResult> {
    try {
      return await this.carryOut(request, request.resolved ?? {});
    } catch (error) {
      throw teamsFailure(error, request.op === "dm" ? "person" : "space");
    }
  }

  explain(code: string, locale: Locale): string | undefined {
    return teamsTexts(locale).explain({ code }) || undefined;
  }

  /** `userIds`: who gets their own view of a message that has one (see refresh.ts). */
  private activity(message: MessageView, userIds: string[] = []): Json {
    return cardActivity(
      messageCard(message, this.deps.locale, refreshOf(message, userIds)),
      plainText(message),
    );
  }

  private async carryOut(request: PortRequest, resolved: Resolved): Promise<SendResult> {
    switch (request.op) {
      case "dm": {
        const account = resolved.account;
        if (!account) throw new DeliveryFailure("recipientUnreachable", "no_teams_account");
        const ref = await this.personalRef(account);
        const id = await this.deps.connector.send(ref, this.activity(request.message));
        return { ref: { space: ref.conversation?.id ?? "", id }, workspace: account.workspaceId };
      }
      case "post": {
        const chat = await this.deps.conversations.byLogicalId(request.channelId);
        if (chat) {
          const viewers = request.message.personal
            ? await memberTeamsIds(this.deps.db, this.deps.conversations, chat.tenantId, request.channelId)
            : [];
          const id = await this.deps.connector.send(chat.ref, this.activity(request.message, viewers));
          return { ref: { space: chat.conversationId, id }, workspace: chat.tenantId };
        }
        return this.fanOut(request.channelId, request.message);
      }
      case "update": {
        const { ref, workspace = "" } = resolved.earlier ?? {};
        if (!ref) throw new DeliveryFailure("refused", "original_not_sent");
        const copies: [string, string][] = ref.space === FANOUT ? JSON.parse(ref.id) : [[ref.space, ref.id]];
        for (const [conversationId, activityId] of copies) {
          const conversation = await this.deps.conversations.byId(workspace, conversationId);
          if (!conversation) throw new DeliveryFailure("spaceGone", "conversation_gone");
          await this.deps.connector.update(conversation.ref, activityId, this.activity(request.message));
        }
        return { ref, workspace };
      }
      case "createCaseSpace":
      case "invite":
        return this.caseSpace(request, resolved);
    }
  }

  /** A case's private group chat (topic = the case code only; the participants with a Teams account;
   * Knoop installed in it), or, where there is none, the members' 1:1 chats (see fanOut). A chat
   * already made is reused and the members are added to it. A crash between Graph's answer and the
   * database write makes a second chat on the retry (Graph has no idempotency key). */
  private async caseSpace(
    request: Extract<PortRequest, { op: "createCaseSpace" | "invite" }>,
    resolved: Resolved,
  ): Promise<SendResult> {
    const refused: NonNullable<SendResult["refused"]> = (resolved.unlinked ?? []).map((personId) => ({
      personId,
      kind: "recipientUnreachable" as const,
      code: "no_teams_account",
    }));
    const logicalId = request.op === "invite" ? request.channelId : `case:${request.caseId}`;
    const members = resolved.members ?? [];
    const tenant = resolved.workspaceId || members[0]?.account.workspaceId || "";
    const fanout = { ref: { space: FANOUT, id: logicalId }, workspace: tenant, refused };
    const chats = this.deps.groupChats;
    if (!chats) return fanout;
    try {
      const existing = await this.deps.conversations.byLogicalId(logicalId);
      if (existing) {
        for (const m of members)
          await chats.addMember(existing.conversationId, m.account.userId).catch(ignoreMember);
        return {
          ref: { space: existing.conversationId, id: existing.conversationId },
          workspace: existing.tenantId,
          refused,
        };
      }
      if (request.op === "invite") return fanout;
      const serviceUrl = await this.deps.conversations.serviceUrl(tenant);
      if (!serviceUrl) throw new DeliveryFailure("misconfigured", "no_service_url");
      const { chatId } = await chats.createCaseChat(
        request.caseCode,
        members.map((m) => ({ aadObjectId: m.account.userId })),
      );
      if (!chatId) return fanout; // fewer than two on Teams: their 1:1 chats will do
      await chats.installApp(chatId, await chats.catalogAppId(this.deps.appId));
      const conversation = { id: chatId, conversationType: "groupChat", tenantId: tenant, isGroup: true };
      await this.deps.conversations.save({
        tenantId: tenant,
        conversationId: chatId,
        kind: "groupChat",
        serviceUrl,
        logicalId,
        reference: {
          channelId: "msteams",
          serviceUrl,
          conversation: conversation as never,
          bot: { id: `28:${this.deps.appId}`, name: "Knoop" },
        },
      });
      return { ref: { space: chatId, id: chatId }, workspace: tenant, refused };
    } catch (error) {
      throw graphFailure(error);
    }
  }

  /** A post to a case space without a group chat: a copy to each member with a Teams account, in
   * their 1:1 chat. One member Teams cannot reach does not keep the others from the post. */
  private async fanOut(logicalId: string, message: MessageView): Promise<SendResult> {
    const members = await this.deps.db.chatSpaceMember.findMany({ where: { spaceId: logicalId } });
    const identities = await this.deps.db.chatIdentity.findMany({
      where: { platform: "teams", personId: { in: members.map((m) => m.personId) } },
      orderBy: { createdAt: "asc" },
    });
    const seen = new Set<string>();
    const copies: [string, string][] = [];
    let workspace = "";
    let lastError: unknown;
    for (const identity of identities) {
      if (seen.has(identity.personId)) continue;
      seen.add(identity.personId);
      try {
        const ref = await this.personalRef(identity);
        // In their own 1:1 chat the copy may show the person's own view too.
        const own = await this.deps.conversations.teamsUserId(identity.workspaceId, identity.userId);
        const id = await this.deps.connector.send(ref, this.activity(message, own ? [own] : []));
        copies.push([ref.conversation?.id ?? "", id]);
        workspace = identity.workspaceId;
      } catch (error) {
        const failure = teamsFailure(error, "person");
        if (failure.kind === "rateLimited" || failure.kind === "misconfigured") throw failure;
        lastError = failure;
        this.deps.logger.warn(
          { code: failure.code, personId: identity.personId },
          "teams: case post not delivered",
        );
      }
    }
    if (!copies.length && lastError) throw lastError;
    return { ref: { space: FANOUT, id: JSON.stringify(copies) }, workspace };
  }

  /** The stored 1:1 chat of an account, else a new one (needs the app installed for the person). */
  private async personalRef(account: Account): Promise<Partial<ConversationReference>> {
    const { workspaceId: tenantId, userId: aadObjectId } = account;
    const known = await this.deps.conversations.personal(tenantId, aadObjectId);
    if (known) return known.ref;
    const serviceUrl = await this.deps.conversations.serviceUrl(tenantId);
    if (!serviceUrl) throw new DeliveryFailure("misconfigured", "no_service_url");
    const id = (await this.deps.conversations.teamsUserId(tenantId, aadObjectId)) ?? aadObjectId;
    const ref = await this.deps.connector.createPersonal(tenantId, serviceUrl, { id, aadObjectId });
    const conversationId = ref.conversation?.id;
    if (conversationId)
      await this.deps.conversations.save({
        tenantId,
        conversationId,
        kind: "personal",
        serviceUrl,
        reference: ref,
        aadObjectId,
        ...(id !== aadObjectId ? { teamsUserId: id } : {}),
      });
    return ref;
  }
}

/** A member already in the chat (409) is fine; anything else is the caller's. */
const ignoreMember = (error: unknown) => {
  if (error instanceof GraphError && error.status === 409) return;
  throw error;
};

/** Graph's refusals of a case chat: permissions not granted -> misconfigured `no_group_chat` (the
 * failure policy tells what to grant; the case's posts reach each member's 1:1 chat meanwhile). */
function graphFailure(error: unknown): DeliveryFailure {
  if (!(error instanceof GraphError)) return teamsFailure(error, "space");
  switch (error.kind) {
    case "permissions":
      return new DeliveryFailure("misconfigured", "no_group_chat", 0, error.message);
    case "unauthorized":
      return new DeliveryFailure("misconfigured", "unauthorized", 0, error.message);
    case "retry":
      return error.status === 429
        ? new RateLimitedError((error.retryAfterSeconds ?? 1) * 1000)
        : new DeliveryFailure("transient", String(error.status ?? "network"), 0, error.message);
    default:
      return new DeliveryFailure("refused", "bad_request", 0, error.message);
  }
}

/** What Teams (the connector, or the login service for Knoop's token) refused, as a neutral kind:
 * not installed for the person -> recipientUnreachable (the failure policy tells the beheerders);
 * 429 -> rateLimited with Retry-After; 401/403 and a refused token -> misconfigured; a 404 -> the
 * person or space is gone; 400/413 -> refused; anything else transient. */
export function teamsFailure(error: unknown, target: "person" | "space"): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  const e = error as {
    statusCode?: number;
    code?: string;
    errorCode?: string;
    message?: string;
    response?: {
      headers?: { get?: (name: string) => string | undefined } & Record<string, unknown>;
      bodyAsText?: string;
    };
    body?: unknown;
  };
  const status = e.statusCode;
  const code = platformCode(e);
  const unreachable = target === "person" ? "recipientUnreachable" : "spaceGone";
  if (status === 429) return new RateLimitedError(retryAfterMs(e.response?.headers));
  const kind = (k: FailureKind, c: string) =>
    new DeliveryFailure(k, c, 0, `teams: ${status ?? ""} ${code ?? ""} ${c}`);
  if (
    code === "BotNotInConversationRoster" ||
    code === "ConversationBlockedByUser" ||
    code === "UserNotFound"
  )
    return kind(unreachable, target === "person" ? "not_installed" : "conversation_gone");
  if (status === 401) return kind("misconfigured", "unauthorized");
  if (status === 403) return kind("misconfigured", "forbidden");
  if (status === 404) return kind(unreachable, target === "person" ? "not_installed" : "conversation_gone");
  if (status === 413) return kind("refused", "too_large");
  if (status === 400) return kind("refused", "bad_request");
  // MSAL: the login service refused Knoop's own client credentials.
  if (
    e.errorCode === "invalid_client" ||
    e.errorCode === "unauthorized_client" ||
    /AADSTS7000215|invalid_client/.test(e.message ?? "")
  )
    return kind("misconfigured", "unauthorized");
  return new DeliveryFailure(
    "transient",
    code ?? String(status ?? "network"),
    0,
    e.message ?? "teams: failed",
  );
}

function platformCode(e: {
  code?: string;
  body?: unknown;
  response?: { bodyAsText?: string };
}): string | undefined {
  const fromBody = (body: unknown) => (body as { error?: { code?: string } } | undefined)?.error?.code;
  let code = fromBody(e.body);
  if (!code && e.response?.bodyAsText) {
    try {
      code = fromBody(JSON.parse(e.response.bodyAsText));
    } catch {}
  }
  return code ?? (typeof e.code === "string" ? e.code : undefined);
}

function retryAfterMs(
  headers: ({ get?: (name: string) => string | undefined } & Record<string, unknown>) | undefined,
): number {
  const raw = headers?.get?.("retry-after") ?? (headers?.["retry-after"] as string | undefined);
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
}
