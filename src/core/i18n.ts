/** User-visible texts: Dutch first, English available. Every text a person can
 * read goes through here, so a translation is never missing (en must match nl's keys). */
export type Locale = "nl" | "en";

const nl = {
  "config.invalid": (p: { name: string; expected: string; got: string }) =>
    `Ongeldige configuratie: ${p.name} ${p.expected} (nu: ${p.got}).`,
  "config.expect.port": "moet een poortnummer tussen 1 en 65535 zijn",
  "config.expect.logLevel": "moet een van fatal, error, warn, info, debug, trace, silent zijn",
  "config.expect.locale": "moet nl of en zijn",
  "config.expect.timezone": "moet een IANA-tijdzone zijn, zoals Europe/Amsterdam",
  "config.expect.databaseUrl": "moet een SQLite-pad (file:./data/knoop.db) of een postgres://-adres zijn",
  "config.expect.url": "moet een http(s)-adres zijn",
  "config.expect.slackBotToken": "moet met xoxb- beginnen",
  "config.expect.slackAppToken": "moet met xapp- beginnen",
  "config.expect.text": "mag niet leeg zijn",
  "config.expect.slackPair": "is nodig samen met SLACK_SIGNING_SECRET of SLACK_APP_TOKEN",
  "config.expect.teamsPair": "is nodig samen met TEAMS_APP_PASSWORD",
  "start.noChat":
    "Geen chatplatform geconfigureerd (geen Slack- of Teams-gegevens): Knoop draait zonder chat. Zie README voor Slack en Teams.",
  "start.listening": (p: { url: string }) => `Knoop luistert op ${p.url}`,
  "ready.ok": "klaar",
  "ready.dbDown": (p: { error: string }) => `database niet bereikbaar: ${p.error}`,
  "ready.pending": (p: { names: string }) => `migraties nog niet toegepast: ${p.names}`,
  "ready.failed": (p: { names: string }) => `mislukte migraties: ${p.names}`,
} as const;

type Catalog = { [K in keyof typeof nl]: (typeof nl)[K] extends string ? string : (typeof nl)[K] };

const en: Catalog = {
  "config.invalid": (p) => `Invalid configuration: ${p.name} ${p.expected} (got: ${p.got}).`,
  "config.expect.port": "must be a port number between 1 and 65535",
  "config.expect.logLevel": "must be one of fatal, error, warn, info, debug, trace, silent",
  "config.expect.locale": "must be nl or en",
  "config.expect.timezone": "must be an IANA time zone such as Europe/Amsterdam",
  "config.expect.databaseUrl": "must be an SQLite path (file:./data/knoop.db) or a postgres:// URL",
  "config.expect.url": "must be an http(s) URL",
  "config.expect.slackBotToken": "must start with xoxb-",
  "config.expect.slackAppToken": "must start with xapp-",
  "config.expect.text": "must not be empty",
  "config.expect.slackPair": "needs SLACK_SIGNING_SECRET or SLACK_APP_TOKEN as well",
  "config.expect.teamsPair": "needs TEAMS_APP_PASSWORD as well",
  "start.noChat":
    "No chat platform configured (no Slack or Teams credentials): Knoop runs without chat. See the README for Slack and Teams.",
  "start.listening": (p) => `Knoop is listening on ${p.url}`,
  "ready.ok": "ready",
  "ready.dbDown": (p) => `database unreachable: ${p.error}`,
  "ready.pending": (p) => `migrations not applied yet: ${p.names}`,
  "ready.failed": (p) => `failed migrations: ${p.names}`,
};

const catalogs: Record<Locale, Catalog> = { nl, en };

export type MessageKey = keyof Catalog;
type ParamsOf<K extends MessageKey> = Catalog[K] extends (p: infer P) => string ? [P] : [];

/** The text for `key` in `locale`, with its parameters filled in. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...params: ParamsOf<K>): string {
  const entry = catalogs[locale][key] as string | ((p: unknown) => string);
  return typeof entry === "function" ? entry(params[0]) : entry;
}
