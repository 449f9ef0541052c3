import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { botScopes, methodScopes } from "../../src/surfaces/slack/scopes.ts";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
type Manifest = {
  features: {
    app_home: Record<string, boolean>;
    bot_user: { display_name: string };
    slash_commands: { command: string; url?: string; description: string; usage_hint: string }[];
  };
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    socket_mode_enabled: boolean;
  };
};

/** The Slack Web API methods the Slack surface calls, read from its source. */
function methodsInCode(): string[] {
  const dir = new URL("src/surfaces/slack/", root);
  const families =
    "admin|apps|auth|bookmarks|bots|chat|conversations|dnd|emoji|files|oauth|pins|reactions|reminders|search|team|usergroups|users|views";
  const pattern = new RegExp(`\\.(${families})\\.(\\w+)\\(`, "g");
  const found = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts")))
    for (const m of readFileSync(new URL(file, dir), "utf8").matchAll(pattern)) found.add(`${m[1]}.${m[2]}`);
  return [...found].sort();
}

describe("Slack manifest", () => {
  const http = parse(read("manifests/slack/manifest.yaml")) as Manifest;
  const socket = parse(read("manifests/slack/manifest.socket.yaml")) as Manifest;

  it("declares /knoop with a Dutch description and usage hint, the bot user and the App Home", () => {
    for (const m of [http, socket]) {
      const [knoop, ...others] = m.features.slash_commands;
      expect(others).toEqual([]);
      expect(knoop?.command).toBe("/knoop");
      expect(knoop?.description).toContain("Signalen melden");
      expect(knoop?.usage_hint).toContain("signaal");
      expect(m.features.bot_user.display_name).toBe("Knoop");
      expect(m.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
      expect(m.settings.event_subscriptions.bot_events).toEqual(["app_home_opened"]);
      expect(m.settings.interactivity.is_enabled).toBe(true);
    }
  });

  it("sends commands, interactivity, options and events to /slack/events (placeholder host), or uses Socket Mode", () => {
    const events = "https://knoop.example.nl/slack/events";
    expect(http.features.slash_commands[0]?.url).toBe(events);
    expect(http.settings.event_subscriptions.request_url).toBe(events);
    expect(http.settings.interactivity.request_url).toBe(events);
    expect(http.settings.interactivity.message_menu_options_url).toBe(events);
    expect(http.oauth_config.redirect_urls).toEqual(["https://knoop.example.nl/slack/oauth_redirect"]);
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain("https://");
  });

  it("asks exactly the scopes of the Web API methods the code calls, plus commands", () => {
    // Every method the code calls is in the table, and the table has no method the code does not
    // call (oauth.v2.access is called by @slack/oauth in the install flow).
    expect(methodsInCode()).toEqual(
      Object.keys(methodScopes)
        .filter((m) => m !== "oauth.v2.access")
        .sort(),
    );
    for (const m of [http, socket]) expect([...m.oauth_config.scopes.bot].sort()).toEqual(botScopes);
    expect(botScopes).toEqual([
      "chat:write",
      "commands",
      "files:write",
      "groups:read",
      "groups:write",
      "im:write",
      "users:read",
    ]);
  });

  it("justifies every scope in the README", () => {
    const readme = read("README.md");
    const slack = readme.slice(readme.indexOf("## Slack"));
    for (const scope of botScopes) expect(slack).toContain(`\`${scope}\``);
  });
});
