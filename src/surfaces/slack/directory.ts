import type { Directory } from "../../chat/directory.ts";
import { type ClientOptions, SlackClients } from "./clients.ts";
import { platformCode } from "./port.ts";

/** Slack's user directory: forms show Slack's own user picker (users_select), so there is no list
 * to offer; a picked account's name comes from users.info (null when Slack does not know it). */
export function slackDirectory(options: ClientOptions): Directory {
  const clients = new SlackClients(options);
  return {
    users: async () => [],
    async displayName(teamId, userId) {
      try {
        const { user } = await (await clients.forTeam(teamId)).users.info({ user: userId });
        if (!user || user.deleted || user.is_bot) return null;
        return user.profile?.real_name || user.real_name || user.name || null;
      } catch (err) {
        if (platformCode(err) !== "user_not_found") options.logger.warn({ err }, "slack: users.info failed");
        return null;
      }
    },
  };
}
