import type { Clock } from "../core/clock.ts";
import type { Locale } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import type { Db } from "../store/client.ts";
import type { Directory } from "./directory.ts";
import { onboardingMessage, type PlatformUser, resolveActor } from "./identity.ts";
import type { Intent, Place } from "./intents.ts";
import type { Router } from "./router.ts";
import type { Reply } from "./views.ts";

/** What the surfaces share: the store, the clock and the routing table. */
export interface Core {
  db: Db;
  clock: Clock;
  logger: Logger;
  timezone: string;
  locale: Locale;
  router: Router;
  directory: Directory;
  /** Wakes the outbox dispatcher after handlers queued messages. */
  notify(): void;
}

/** The one entry point of every surface: resolve the person, then route the intent.
 * A platform user Knoop does not know gets the onboarding message. */
export async function handleIntent(
  core: Core,
  user: PlatformUser,
  place: Place,
  intent: Intent,
): Promise<Reply> {
  const actor = await resolveActor(core.db, user, core.locale);
  if (!actor) return { type: "message", message: await onboardingMessage(core.db, user, core.locale) };
  const { db, clock, logger, timezone, notify, directory } = core;
  return core.router.handle({ db, clock, logger, timezone, notify, directory, actor, place }, intent);
}
