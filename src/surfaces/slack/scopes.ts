/** Every Slack Web API method Knoop calls, with the bot scopes it needs. The manifest must
 * declare exactly these scopes (plus `commands` for /knoop): tests/unit/slack-manifest.test.ts
 * compares them, and checks that the code calls no method missing from this table. */
export const methodScopes = {
  "auth.test": [],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  "conversations.open": ["im:write"],
  // Case channels are private channels: creating and inviting need groups:write,
  // finding an existing one again (after a crash between create and record) groups:read.
  "conversations.create": ["groups:write"],
  "conversations.invite": ["groups:write"],
  "conversations.list": ["groups:read"],
  "users.info": ["users:read"],
  // files.uploadV2 is the SDK's three steps (files.getUploadURLExternal, the upload,
  // files.completeUploadExternal): file blocks (a CSV export) and chart images (PNG).
  "files.uploadV2": ["files:write"],
  "views.open": [],
  "views.publish": [],
  // Called by @slack/oauth during the install flow (/slack/oauth_redirect).
  "oauth.v2.access": [],
} as const satisfies Record<string, readonly string[]>;

export type SlackMethod = keyof typeof methodScopes;

/** The slash command needs the `commands` scope; it is no Web API method. */
export const botScopes: string[] = [...new Set(["commands", ...Object.values(methodScopes).flat()])].sort();
