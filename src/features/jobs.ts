import type { Clock } from "../core/clock.ts";
import type { Locale } from "../core/i18n.ts";
import type { Logger } from "../core/logger.ts";
import type { Db } from "../store/client.ts";

/** What scheduled jobs get: like a handler's context, without an actor. */
export interface JobDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  timezone: string;
  locale: Locale;
  /** Messages were queued: ask the dispatcher to send them now. */
  notify(): void;
}
