import type { Clock } from "../core/clock.ts";
import type { Locale } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import { defineTexts } from "../core/texts.ts";
import type { Db } from "../store/client.ts";
import { Deduper, refusal } from "./dedupe.ts";
import type { Directory } from "./directory.ts";
import { onboardingMessage, type PlatformUser, resolveActor } from "./identity.ts";
import type { Intent, Place } from "./intents.ts";
import { type Effort, RateLimiter } from "./rate-limit.ts";
import type { Router } from "./router.ts";
import { inLocale } from "./validation-locale.ts";
import { type Reply, say } from "./views.ts";

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
  /** Per-person limits on what people send (default: `defaultRates`, one limiter per Core). */
  limiter?: RateLimiter;
  /** What every surface of this process shares to handle a request once (default: one per Core,
   * in memory and in the database, see dedupe.ts). */
  dedupe?: Deduper;
}

const texts = defineTexts(
  {
    slowDown:
      "Rustig aan: je stuurt veel verzoeken kort na elkaar. Wacht een paar seconden en probeer het dan opnieuw.",
  },
  {
    slowDown:
      "Easy does it: you are sending many requests in a short time. Wait a few seconds, then try again.",
  },
);

const dedupers = new WeakMap<Core, Deduper>();
/** The one Deduper of this Core: Slack, Teams and the sandbox use the same, backed by the database. */
export const dedupeOf = (core: Core): Deduper => {
  if (core.dedupe) return core.dedupe;
  const dedupe =
    dedupers.get(core) ?? new Deduper(() => core.clock.now().getTime(), { db: core.db, logger: core.logger });
  dedupers.set(core, dedupe);
  return dedupe;
};

const limiters = new WeakMap<Core, RateLimiter>();
const limiterOf = (core: Core) => {
  if (core.limiter) return core.limiter;
  const limiter = limiters.get(core) ?? new RateLimiter();
  limiters.set(core, limiter);
  return limiter;
};

const effortOf = (intent: Intent): Effort | null => (intent.kind === "page" ? null : intent.kind);

/** Counts one intent against the person's limit, before any work (no store access): null when it
 * may go on, else the "rustig aan" reply. Surfaces that acknowledge before the work (Slack) call it
 * themselves before queueing, then `handleIntent` with `{ admitted: true }`. */
export function admit(core: Core, user: PlatformUser, intent: Intent): Reply | null {
  const effort = effortOf(intent);
  if (!effort) return null;
  const who = JSON.stringify([user.platform, user.workspaceId, user.userId]);
  if (limiterOf(core).take(who, effort)) return null;
  return refusal({ type: "message", message: say(texts(core.locale).slowDown) });
}

export interface HandleOptions {
  /** The surface already called `admit` for this intent. */
  admitted?: boolean;
  /** Knoop itself acting (the demo seed, tests' scripted people): no limit. */
  unlimited?: boolean;
}

/** The one entry point of every surface: check the person's limit, resolve the person, then route
 * the intent. A platform user Knoop does not know gets the onboarding message. */
export async function handleIntent(
  core: Core,
  user: PlatformUser,
  place: Place,
  intent: Intent,
  options: HandleOptions = {},
): Promise<Reply> {
  const refused = options.admitted || options.unlimited ? null : admit(core, user, intent);
  if (refused) return refused;
  const actor = await resolveActor(core.db, user, core.locale);
  if (!actor) return { type: "message", message: await onboardingMessage(core.db, user, core.locale) };
  const { db, clock, logger, timezone, notify, directory } = core;
  return inLocale(actor.locale, () =>
    core.router.handle({ db, clock, logger, timezone, notify, directory, actor, place }, intent),
  );
}
