import { type Activity, type ConversationReference, TurnContext } from "botbuilder";
import type { Db } from "../../store/client.ts";

export type ConversationKind = "personal" | "channel" | "groupChat";

/** The tenant of an activity (Teams puts it in the conversation and in channelData). */
export const tenantOf = (activity: Partial<Activity>): string =>
  (
    activity.conversation?.tenantId ??
    (activity.channelData as { tenant?: { id?: string } })?.tenant?.id ??
    ""
  ).toLowerCase();

/** The sender's Entra object id, lower case (as people imports store it). */
export const aadOf = (activity: Partial<Activity>): string =>
  (activity.from?.aadObjectId ?? "").toLowerCase();

export const kindOf = (activity: Partial<Activity>): ConversationKind => {
  const type = activity.conversation?.conversationType;
  return type === "channel" ? "channel" : type === "groupChat" ? "groupChat" : "personal";
};

/** The stored conversation references (TeamsConversation): what Knoop needs to write to a person's
 * 1:1 chat, a channel or a group chat later, outside a turn. */
export class Conversations {
  constructor(private readonly db: Db) {}

  /** Keeps the reference of the conversation an activity came from (every message, every install). */
  async remember(activity: Partial<Activity>, logicalId?: string): Promise<void> {
    const tenantId = tenantOf(activity);
    const conversationId = activity.conversation?.id;
    if (!tenantId || !conversationId || !activity.serviceUrl) return;
    const kind = kindOf(activity);
    const reference = TurnContext.getConversationReference(activity);
    const person =
      kind === "personal" && aadOf(activity)
        ? { aadObjectId: aadOf(activity), teamsUserId: activity.from?.id }
        : {};
    await this.save({
      tenantId,
      conversationId,
      kind,
      serviceUrl: activity.serviceUrl,
      reference,
      ...person,
      logicalId,
    });
  }

  async save(row: {
    tenantId: string;
    conversationId: string;
    kind: ConversationKind;
    serviceUrl: string;
    reference: Partial<ConversationReference>;
    aadObjectId?: string;
    teamsUserId?: string;
    logicalId?: string;
  }): Promise<void> {
    const { tenantId, conversationId, reference, ...rest } = row;
    const data = { ...rest, reference: JSON.stringify(reference) };
    await this.db.teamsConversation.upsert({
      where: { tenantId_conversationId: { tenantId, conversationId } },
      create: { tenantId, conversationId, ...data },
      update: Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)),
    });
  }

  /** A person's 1:1 chat with Knoop, by their Entra object id. */
  async personal(tenantId: string, aadObjectId: string) {
    const row = await this.db.teamsConversation.findFirst({
      where: { tenantId, aadObjectId, kind: "personal" },
      orderBy: { updatedAt: "desc" },
    });
    return row ? { ...row, ref: JSON.parse(row.reference) as Partial<ConversationReference> } : null;
  }

  async byId(tenantId: string, conversationId: string) {
    const row = await this.db.teamsConversation.findUnique({
      where: { tenantId_conversationId: { tenantId, conversationId } },
    });
    return row ? { ...row, ref: JSON.parse(row.reference) as Partial<ConversationReference> } : null;
  }

  async byLogicalId(logicalId: string) {
    const row = await this.db.teamsConversation.findUnique({ where: { logicalId } });
    return row ? { ...row, ref: JSON.parse(row.reference) as Partial<ConversationReference> } : null;
  }

  /** The service URL Knoop last heard a tenant on (a new 1:1 chat is created there). */
  async serviceUrl(tenantId: string): Promise<string | null> {
    const row = await this.db.teamsConversation.findFirst({
      where: { tenantId },
      orderBy: { updatedAt: "desc" },
      select: { serviceUrl: true },
    });
    return row?.serviceUrl ?? null;
  }

  /** The `29:` id Knoop saw for a person, if any (else their object id serves as member id). */
  async teamsUserId(tenantId: string, aadObjectId: string): Promise<string | null> {
    const row = await this.db.teamsConversation.findFirst({
      where: { tenantId, aadObjectId, teamsUserId: { not: null } },
      select: { teamsUserId: true },
    });
    return row?.teamsUserId ?? null;
  }
}
