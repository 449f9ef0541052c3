import type { webApi } from "@slack/bolt";
import { homeViews } from "../../features/home/views.ts";
import type { Core } from "../core.ts";
import { onboardingMessage, type PlatformUser, resolveActor } from "../identity.ts";
import type { MessageView } from "../views.ts";
import { homeView, renderTexts } from "./blocks.ts";
import { slackTexts } from "./texts.ts";

/** Publishes a person's App Home tab: their open signals, cases and actions with buttons
 * (the welcome with who can add them, for someone Knoop does not know yet). */
export async function publishHome(core: Core, client: webApi.WebClient, user: PlatformUser): Promise<void> {
  const actor = await resolveActor(core.db, user, core.locale);
  const locale = actor?.locale ?? core.locale;
  const t = slackTexts(locale);
  let views: MessageView[];
  if (!actor) views = [await onboardingMessage(core.db, user, core.locale)];
  else {
    const { db, clock, logger, timezone, notify, directory } = core;
    const place = { kind: "dm" as const, id: "home" };
    views = await homeViews({ db, clock, logger, timezone, notify, directory, actor, place });
  }
  const view = homeView([{ title: t.homeTitle, text: t.homeIntro }, ...views], renderTexts(locale));
  await client.views.publish({ user_id: user.userId, view });
}
