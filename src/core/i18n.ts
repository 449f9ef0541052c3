/** User-visible texts: Dutch first, English available. Every text a person can
 * read goes through here, so a translation is never missing (en must match nl's keys). */
export type Locale = "nl" | "en";

/** A person's stored locale when Knoop has it, else the default (Dutch unless configured). */
export const localeOr = (stored: string | null | undefined, fallback: Locale): Locale =>
  stored === "en" || stored === "nl" ? stored : fallback;

const nl = {
  "config.invalid": (p: { name: string; expected: string; got: string }) =>
    `Ongeldige configuratie: ${p.name} ${p.expected} (nu: ${p.got}).`,
  "config.expect.port": "moet een poortnummer tussen 0 en 65535 zijn",
  "config.expect.logLevel": "moet een van fatal, error, warn, info, debug, trace, silent zijn",
  "config.expect.locale": "moet nl of en zijn",
  "config.expect.timezone": "moet een IANA-tijdzone zijn, zoals Europe/Amsterdam",
  "config.expect.databaseUrl": "moet een SQLite-pad (file:./data/knoop.db) of een postgres://-adres zijn",
  "config.expect.url": "moet een http(s)-adres zijn",
  "config.expect.slackBotToken": "moet met xoxb- beginnen",
  "config.expect.slackAppToken": "moet met xapp- beginnen",
  "config.expect.text": "mag niet leeg zijn",
  "config.expect.slackPair": "is nodig samen met SLACK_SIGNING_SECRET of SLACK_APP_TOKEN",
  "config.expect.slackOauth": "is nodig samen met SLACK_CLIENT_SECRET en SLACK_STATE_SECRET",
  "config.expect.slackAuth":
    "is nodig samen met SLACK_BOT_TOKEN (één werkruimte) of SLACK_CLIENT_ID (installeren via OAuth)",
  "config.expect.teamsPair": "is nodig samen met TEAMS_APP_PASSWORD en TEAMS_TENANT_ID",
  "config.expect.teamsAppId":
    "werkt alleen samen met TEAMS_APP_ID (zonder app-id zou Teams-verkeer niet gecontroleerd worden)",
  "config.expect.httpsUrl": "moet een https-adres zijn",
  "config.expect.seconds": "moet een heel aantal seconden zijn (1 of meer)",
  "config.expect.origin": "moet een https-adres zonder pad zijn, zoals https://login.microsoftonline.com",
  "config.expect.dataKey":
    "moet base64 van 32 bytes zijn (maak er een met `openssl rand -base64 32`), of nieuw,oud bij het wisselen van sleutel",
  "config.expect.dataKeyRequired":
    "is nodig met Slack of Teams: de sleutel waarmee Knoop de vrije tekst over leerlingen versleutelt (maak er een met `openssl rand -base64 32` en bewaar hem apart van de back-ups)",
  "start.listening": (p: { url: string }) => `Knoop luistert op ${p.url}`,
  "ready.ok": "klaar",
  "ready.dbDown": (p: { error: string }) => `database niet bereikbaar: ${p.error}`,
  "ready.pending": (p: { names: string }) => `migraties nog niet toegepast: ${p.names}`,
  "ready.failed": (p: { names: string }) => `mislukte migraties: ${p.names}`,
  "ready.starting": (p: { what: string }) => `Knoop start nog op: ${p.what}`,
  "ready.seeding": "de demo-gegevens worden klaargezet",
  "ready.stopping": "Knoop stopt: nieuwe verzoeken gaan naar een andere Knoop",
  "ready.outboxStalled": (p: { waited: string; window: string }) =>
    `de berichtenwachtrij loopt niet door: het oudste bericht wacht al ${p.waited} en in de laatste ${p.window} is niets verstuurd`,
  "metrics.denied": "Geen toegang: /metrics vraagt om Authorization: Bearer <METRICS_TOKEN>.",
  "metrics.failed": (p: { error: string }) => `De metrics konden niet worden gelezen: ${p.error}`,
  "import.usage":
    'Gebruik: npm run import:duo -- --swv PO3104 [--name "Naam van het SWV"] [--json] [--schools pad] [--pupils pad] [--regions pad]',
  "import.error.swv": (p: { value: string }) =>
    `--swv ontbreekt of is ongeldig (${p.value}): verwacht een code als PO3104 of VO2704.`,
  "import.error.fileMissing": (p: { path: string }) => `Bestand niet gevonden: ${p.path}`,
  "import.error.columns": (p: { path: string; columns: string }) =>
    `${p.path} mist de kolom(men) ${p.columns}: is dit het juiste DUO-bestand?`,
  "import.error.header": (p: { path: string }) => `${p.path}: de kopregel (regel 1) is onleesbaar.`,
  "import.error.noYear": (p: { path: string }) => `${p.path} heeft geen kolom LEERLINGEN_<jaar>.`,
  "import.error.regionRow": (p: { path: string; line: number; reason: string }) =>
    `${p.path}, regel ${p.line}: ${p.reason}. De postcodetabel moet volledig leesbaar zijn.`,
  "import.error.unknownSwv": (p: { code: string }) =>
    `Samenwerkingsverband ${p.code} komt niet voor in de postcodetabel (kolom PO_SWV): controleer de code.`,
  "import.error.voSwv": (p: { code: string }) =>
    `${p.code} is een samenwerkingsverband voortgezet onderwijs, maar het DUO-bestand bevat alleen basisscholen: kies een PO-code.`,
  "import.error.failed": (p: { message: string }) => `Import mislukt: ${p.message}`,
  "import.row.columns": (p: { count: number; expected: number }) =>
    `${p.count} kolommen in plaats van ${p.expected}`,
  "import.row.quote": (p: { column: string }) => `aanhalingstekens kloppen niet in kolom ${p.column}`,
  "import.row.field": (p: { column: string; value: string; expected: string }) =>
    `${p.column} "${p.value}" ${p.expected}`,
  "import.row.duplicate": (p: { value: string; line: number }) =>
    `VESTIGINGSCODE "${p.value}" staat al op regel ${p.line}`,
  "import.expect.boardNumber": "moet uit cijfers bestaan",
  "import.expect.institutionCode": "moet 4 tekens zijn (cijfers of hoofdletters)",
  "import.expect.locationCode": "moet 6 tekens zijn (cijfers of hoofdletters)",
  "import.expect.locationPrefix": "moet met de INSTELLINGSCODE beginnen",
  "import.expect.postcode": "moet een postcode als 6131 AA zijn",
  "import.expect.notEmpty": "mag niet leeg zijn",
  "import.expect.pupilCount": "moet een aantal of <5 zijn",
  "import.progress": "Scholen",
  "import.summary.swv": (p: { code: string; name: string; status: string }) =>
    `DUO-import ${p.code}, ${p.name}: ${p.status}`,
  "import.summary.swvCreated": "nieuw aangemaakt",
  "import.summary.swvRenamed": "naam gewijzigd",
  "import.summary.swvExisting": "bestond al",
  "import.summary.schools": (p: {
    inFile: number;
    created: number;
    updated: number;
    unchanged: number;
    deactivated: number;
  }) =>
    `Scholen: ${p.inFile} in het bestand; ${p.created} nieuw, ${p.updated} bijgewerkt, ${p.unchanged} ongewijzigd, ${p.deactivated} inactief gemaakt`,
  "import.summary.held": (p: { count: number; codes: string }) =>
    `${p.count} school/scholen niet in het bestand, maar niet inactief gemaakt: het bestand heeft onleesbare regels die van dit SWV kunnen zijn (${p.codes}). Herstel die regels en importeer opnieuw.`,
  "import.summary.boards": (p: { created: number; updated: number; unchanged: number }) =>
    `Besturen: ${p.created} nieuw, ${p.updated} bijgewerkt, ${p.unchanged} ongewijzigd`,
  "import.summary.pupils": (p: { year: string; withCount: number; suppressed: number; missing: number }) =>
    `Leerlingaantallen ${p.year}: ${p.withCount} met aantal, ${p.suppressed} afgeschermd (<5), ${p.missing} zonder aantal`,
  "import.summary.pupilsSkipped": (p: { count: number }) =>
    `Onleesbare regels in het leerlingenbestand (${p.count}), deze scholen krijgen geen aantal:`,
  "import.summary.pupilRow": (p: { line: number; reason: string }) => `  regel ${p.line}: ${p.reason}`,
  "import.summary.elsewhere": (p: { other: number; without: number; lines: string }) =>
    `Niet voor dit SWV: ${p.other} regels van andere SWV's, ${p.without} regels met een postcode die niet in de postcodetabel staat${p.lines}`,
  "import.summary.lines": (p: { lines: string }) => ` (regels ${p.lines})`,
  "import.summary.skippedNone": "Overgeslagen regels: geen",
  "import.summary.skipped": (p: { count: number }) => `Overgeslagen regels (${p.count}):`,
  "import.summary.skippedRow": (p: { line: number; swv: string; reason: string }) =>
    `  regel ${p.line} (${p.swv}): ${p.reason}`,
  "import.summary.swvUnknown": "SWV onbekend",
  "import.summary.changes": (p: { changes: number; seconds: string }) =>
    `Wijzigingen: ${p.changes} (klaar in ${p.seconds} s)`,
  "import.summary.noChanges": (p: { seconds: string }) =>
    `Geen wijzigingen: de database was al bij (klaar in ${p.seconds} s)`,
} as const;

type Catalog = { [K in keyof typeof nl]: (typeof nl)[K] extends string ? string : (typeof nl)[K] };

const en: Catalog = {
  "config.invalid": (p) => `Invalid configuration: ${p.name} ${p.expected} (got: ${p.got}).`,
  "config.expect.port": "must be a port number between 0 and 65535",
  "config.expect.logLevel": "must be one of fatal, error, warn, info, debug, trace, silent",
  "config.expect.locale": "must be nl or en",
  "config.expect.timezone": "must be an IANA time zone such as Europe/Amsterdam",
  "config.expect.databaseUrl": "must be an SQLite path (file:./data/knoop.db) or a postgres:// URL",
  "config.expect.url": "must be an http(s) URL",
  "config.expect.slackBotToken": "must start with xoxb-",
  "config.expect.slackAppToken": "must start with xapp-",
  "config.expect.text": "must not be empty",
  "config.expect.slackPair": "needs SLACK_SIGNING_SECRET or SLACK_APP_TOKEN as well",
  "config.expect.slackOauth": "needs SLACK_CLIENT_SECRET and SLACK_STATE_SECRET as well",
  "config.expect.slackAuth":
    "needs SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID (install through OAuth) as well",
  "config.expect.teamsPair": "needs TEAMS_APP_PASSWORD and TEAMS_TENANT_ID as well",
  "config.expect.teamsAppId":
    "only works together with TEAMS_APP_ID (without an app id Teams traffic would not be checked)",
  "config.expect.httpsUrl": "must be an https URL",
  "config.expect.seconds": "must be a whole number of seconds (1 or more)",
  "config.expect.origin": "must be an https URL without a path, such as https://login.microsoftonline.com",
  "config.expect.dataKey":
    "must be base64 of 32 bytes (make one with `openssl rand -base64 32`), or new,old while changing keys",
  "config.expect.dataKeyRequired":
    "is needed with Slack or Teams: the key Knoop encrypts free text about pupils with (make one with `openssl rand -base64 32` and keep it apart from the backups)",
  "start.listening": (p) => `Knoop is listening on ${p.url}`,
  "ready.ok": "ready",
  "ready.dbDown": (p) => `database unreachable: ${p.error}`,
  "ready.pending": (p) => `migrations not applied yet: ${p.names}`,
  "ready.failed": (p) => `failed migrations: ${p.names}`,
  "ready.starting": (p) => `Knoop is still starting: ${p.what}`,
  "ready.seeding": "setting up the demo data",
  "ready.stopping": "Knoop is stopping: new requests go to another Knoop",
  "ready.outboxStalled": (p) =>
    `the message queue is not draining: the oldest message has waited ${p.waited} and nothing was sent in the last ${p.window}`,
  "metrics.denied": "No access: /metrics needs Authorization: Bearer <METRICS_TOKEN>.",
  "metrics.failed": (p) => `The metrics could not be read: ${p.error}`,
  "import.usage":
    'Usage: npm run import:duo -- --swv PO3104 [--name "Name of the SWV"] [--json] [--schools path] [--pupils path] [--regions path]',
  "import.error.swv": (p) =>
    `--swv is missing or invalid (${p.value}): expected a code such as PO3104 or VO2704.`,
  "import.error.fileMissing": (p) => `File not found: ${p.path}`,
  "import.error.columns": (p) => `${p.path} lacks the column(s) ${p.columns}: is this the right DUO file?`,
  "import.error.header": (p) => `${p.path}: the header (line 1) cannot be read.`,
  "import.error.noYear": (p) => `${p.path} has no LEERLINGEN_<year> column.`,
  "import.error.regionRow": (p) =>
    `${p.path}, line ${p.line}: ${p.reason}. The postcode table must be readable in full.`,
  "import.error.unknownSwv": (p) =>
    `Samenwerkingsverband ${p.code} does not occur in the postcode table (column PO_SWV): check the code.`,
  "import.error.voSwv": (p) =>
    `${p.code} is a secondary-education samenwerkingsverband, but the DUO file holds primary schools only: choose a PO code.`,
  "import.error.failed": (p) => `Import failed: ${p.message}`,
  "import.row.columns": (p) => `${p.count} columns instead of ${p.expected}`,
  "import.row.quote": (p) => `broken quotes in column ${p.column}`,
  "import.row.field": (p) => `${p.column} "${p.value}" ${p.expected}`,
  "import.row.duplicate": (p) => `VESTIGINGSCODE "${p.value}" already occurs on line ${p.line}`,
  "import.expect.boardNumber": "must consist of digits",
  "import.expect.institutionCode": "must be 4 characters (digits or capitals)",
  "import.expect.locationCode": "must be 6 characters (digits or capitals)",
  "import.expect.locationPrefix": "must start with the INSTELLINGSCODE",
  "import.expect.postcode": "must be a postcode such as 6131 AA",
  "import.expect.notEmpty": "must not be empty",
  "import.expect.pupilCount": "must be a count or <5",
  "import.progress": "Schools",
  "import.summary.swv": (p) => `DUO import ${p.code}, ${p.name}: ${p.status}`,
  "import.summary.swvCreated": "newly created",
  "import.summary.swvRenamed": "renamed",
  "import.summary.swvExisting": "already existed",
  "import.summary.schools": (p) =>
    `Schools: ${p.inFile} in the file; ${p.created} new, ${p.updated} updated, ${p.unchanged} unchanged, ${p.deactivated} made inactive`,
  "import.summary.held": (p) =>
    `${p.count} school(s) missing from the file but not made inactive: the file has unreadable lines that may belong to this SWV (${p.codes}). Repair those lines and import again.`,
  "import.summary.boards": (p) =>
    `School boards: ${p.created} new, ${p.updated} updated, ${p.unchanged} unchanged`,
  "import.summary.pupils": (p) =>
    `Pupil counts ${p.year}: ${p.withCount} with a count, ${p.suppressed} suppressed (<5), ${p.missing} without a count`,
  "import.summary.pupilsSkipped": (p) =>
    `Unreadable lines in the pupils file (${p.count}), these schools get no count:`,
  "import.summary.pupilRow": (p) => `  line ${p.line}: ${p.reason}`,
  "import.summary.elsewhere": (p) =>
    `Not for this SWV: ${p.other} lines of other SWVs, ${p.without} lines with a postcode missing from the postcode table${p.lines}`,
  "import.summary.lines": (p) => ` (lines ${p.lines})`,
  "import.summary.skippedNone": "Skipped lines: none",
  "import.summary.skipped": (p) => `Skipped lines (${p.count}):`,
  "import.summary.skippedRow": (p) => `  line ${p.line} (${p.swv}): ${p.reason}`,
  "import.summary.swvUnknown": "SWV unknown",
  "import.summary.changes": (p) => `Changes: ${p.changes} (done in ${p.seconds} s)`,
  "import.summary.noChanges": (p) => `No changes: the database was up to date (done in ${p.seconds} s)`,
};

const catalogs: Record<Locale, Catalog> = { nl, en };

export type MessageKey = keyof Catalog;
type ParamsOf<K extends MessageKey> = Catalog[K] extends (p: infer P) => string ? [P] : [];

/** The text for `key` in `locale`, with its parameters filled in. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...params: ParamsOf<K>): string {
  const entry = catalogs[locale][key] as string | ((p: unknown) => string);
  return typeof entry === "function" ? entry(params[0]) : entry;
}
