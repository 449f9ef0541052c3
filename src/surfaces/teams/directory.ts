import type { Directory } from "../../chat/directory.ts";
import type { MemberOption } from "./members.ts";

/** How long a member list Knoop showed is trusted for the name of a picked member. */
const KEEP_MS = 60 * 60_000;

/**
 * Teams has no user picker Knoop can read back: a person is picked from the members of the team
 * or chat (members.ts), and the names of the members last shown are kept here, as Slack keeps the
 * options of its external selects, so that the feature can name the account picked
 * (`displayName`). Other accounts are asked of the directory it wraps.
 */
export class TeamsDirectory implements Directory {
  private readonly seen = new Map<string, { name: string; at: number }>();

  constructor(
    private readonly inner: Directory,
    private readonly now: () => number,
  ) {}

  /** Keeps the members of a list shown in a form (tenant + Entra object id -> name). */
  remember(tenantId: string, members: MemberOption[]): void {
    const at = this.now();
    for (const [key, kept] of this.seen) if (at - kept.at > KEEP_MS) this.seen.delete(key);
    for (const m of members) this.seen.set(JSON.stringify([tenantId, m.aadObjectId]), { name: m.name, at });
  }

  users(workspaceId: string) {
    return this.inner.users(workspaceId);
  }

  async displayName(workspaceId: string, userId: string): Promise<string | null> {
    const kept = this.seen.get(JSON.stringify([workspaceId, userId.toLowerCase()]));
    if (kept && this.now() - kept.at <= KEEP_MS) return kept.name;
    return this.inner.displayName(workspaceId, userId);
  }
}
