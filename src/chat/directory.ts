/** The chat accounts of a workspace, as the surface knows them: used to add a
 * person by picking their chat account. */
export interface Directory {
  /** Accounts the actor can pick from (the sandbox lists them; Slack and Teams use their own pickers). */
  users(workspaceId: string): Promise<{ userId: string; name: string }[]>;
  /** The display name of one account, or null when the platform does not know it. */
  displayName(workspaceId: string, userId: string): Promise<string | null>;
}
