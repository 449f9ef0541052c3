import type { webApi } from "@slack/bolt";
import { type Core, handleIntent } from "../../chat/core.ts";
import type { PlatformUser } from "../../chat/identity.ts";
import { heading, type MessageView, message } from "../../chat/views.ts";
import { homeView, renderTexts } from "./blocks.ts";
import { slackTexts } from "./texts.ts";

/** Publishes a person's App Home tab: the routed page "home" (their open signals, cases and
 * actions with buttons; the welcome with who can add them, for someone Knoop does not know yet). */
export async function publishHome(core: Core, client: webApi.WebClient, user: PlatformUser): Promise<void> {
  const reply = await handleIntent(core, user, { kind: "dm", id: "home" }, { kind: "page", name: "home" });
  const views: MessageView[] =
    reply.type === "page" ? reply.messages : reply.type === "message" ? [reply.message] : [];
  // "Knoop" is the same in every language; the page's own texts are in the person's language.
  const view = homeView(
    [message(heading(slackTexts(core.locale).homeTitle)), ...views],
    renderTexts(core.locale),
  );
  await client.views.publish({ user_id: user.userId, view });
}
