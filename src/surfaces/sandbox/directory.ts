import type { Directory } from "../../chat/directory.ts";
import type { Db } from "../../store/client.ts";

/** The sandbox workspace's id (ChatIdentity.workspaceId, Workspace.externalId). */
export const SANDBOX_WORKSPACE = "local";

/** The sandbox's chat accounts (SandboxUser), as a platform's user directory. */
export function sandboxDirectory(db: Db): Directory {
  return {
    async users(workspaceId) {
      if (workspaceId !== SANDBOX_WORKSPACE) return [];
      const users = await db.sandboxUser.findMany({ orderBy: { name: "asc" } });
      return users.map((u) => ({ userId: u.id, name: u.name }));
    },
    async displayName(workspaceId, userId) {
      if (workspaceId !== SANDBOX_WORKSPACE) return null;
      const user = await db.sandboxUser.findUnique({ where: { id: userId } });
      return user?.name ?? null;
    },
  };
}
