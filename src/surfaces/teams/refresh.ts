/**
 * User-specific views (Universal Actions): a shared card that carries `refresh { action, userIds }`
 * is shown to each listed person as the card Knoop answers to their refresh invoke
 * (`adaptiveCard/action`, trigger "automatic"). Knoop asks the core for that person's view of the
 * message (MessageView.personal); everyone else sees the shared card as sent.
 */
import type { MessageView } from "../../chat/views.ts";
import type { Db } from "../../store/client.ts";
import type { Json } from "./cards.ts";
import type { Conversations } from "./conversations.ts";

/** Teams refreshes a card automatically for at most 60 listed people. */
export const MAX_REFRESH_USERS = 60;

/** The `refresh` of a card for a message with a per-person view (none for other messages). */
export function refreshOf(view: MessageView, userIds: string[]): Json {
  const personal = view.personal;
  const ids = [...new Set(userIds)].slice(0, MAX_REFRESH_USERS);
  if (!personal || !ids.length) return {};
  const { action: verb, value } = personal;
  return { refresh: { action: { type: "Action.Execute", verb, data: { verb, value } }, userIds: ids } };
}

/** Whether an `adaptiveCard/action` invoke is Teams asking for a card's refresh (not a click). */
export const isRefresh = (value: unknown): boolean =>
  (value as { trigger?: unknown } | undefined)?.trigger === "automatic";

/** The `29:` ids of the members of a case space Knoop knows them by in this tenant (a member
 * whose id Knoop has not seen yet sees the shared card until they talk to Knoop). */
export async function memberTeamsIds(
  db: Db,
  conversations: Conversations,
  tenantId: string,
  spaceId: string,
): Promise<string[]> {
  const members = await db.chatSpaceMember.findMany({ where: { spaceId }, select: { personId: true } });
  const identities = await db.chatIdentity.findMany({
    where: { platform: "teams", workspaceId: tenantId, personId: { in: members.map((m) => m.personId) } },
    select: { userId: true },
  });
  const ids: string[] = [];
  for (const identity of identities) {
    const id = await conversations.teamsUserId(tenantId, identity.userId);
    if (id) ids.push(id);
  }
  return ids.slice(0, MAX_REFRESH_USERS);
}
