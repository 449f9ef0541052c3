/**
 * Picking a person from the members of the team or chat a command came from (to add them to
 * Knoop), through the Bot Framework's paged member list: every page, the bot itself and accounts
 * without an Entra object id (guests of other directories without one, bots) left out.
 */
import { TeamsInfo, type TurnContext } from "botbuilder";

/** A member to pick: their Entra object id (a Teams identity's user id, with the tenant) and name. */
export interface MemberOption {
  /** Entra object id, lower case (ChatIdentity.userId for platform "teams"). */
  aadObjectId: string;
  name: string;
  /** The per-bot `29:` id, to keep alongside (it addresses the person in a new 1:1 chat). */
  teamsUserId: string;
  email?: string;
}

/** The members of this turn's team (a channel message) or chat, sorted by name (Dutch collation). */
export async function memberOptions(
  context: TurnContext,
  options: { pageSize?: number; max?: number } = {},
): Promise<MemberOption[]> {
  const { pageSize = 200, max = 5000 } = options;
  const botId = context.activity.recipient?.id;
  const found = new Map<string, MemberOption>();
  let continuationToken: string | undefined;
  do {
    const page = await TeamsInfo.getPagedMembers(context, pageSize, continuationToken);
    for (const member of page.members ?? []) {
      const aadObjectId = member.aadObjectId?.toLowerCase();
      if (!aadObjectId || member.id === botId || found.has(aadObjectId)) continue;
      const name =
        member.name?.trim() || member.givenName || member.userPrincipalName || member.email || aadObjectId;
      found.set(aadObjectId, { aadObjectId, name, teamsUserId: member.id, email: member.email || undefined });
    }
    continuationToken = page.continuationToken || undefined;
  } while (continuationToken && found.size < max);
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name, "nl"));
}

/** Where the members of a shared conversation are read: a channel's team, else the chat itself
 * (none for a 1:1 chat, whose only member is the person). */
export function membersSource(activity: TurnContext["activity"]): string | undefined {
  const type = activity.conversation?.conversationType;
  if (!type || type === "personal") return undefined;
  const team = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  return team || activity.conversation.id;
}

/** The members of another conversation than this turn's (a form opened in the 1:1 chat from a
 * command in a channel): the same call, in this turn, for that conversation. */
export function membersOf(context: TurnContext, source: string): Promise<MemberOption[]> {
  const { activity } = context;
  if (membersSource(activity) === source) return memberOptions(context);
  const elsewhere = {
    ...activity,
    conversation: { ...activity.conversation, id: source, conversationType: "groupChat" },
    channelData: { ...(activity.channelData ?? {}), team: undefined },
  };
  return memberOptions(Object.create(context, { activity: { value: elsewhere } }) as TurnContext);
}
