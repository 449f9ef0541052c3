// Imports people and their roles from a spreadsheet export (see README, "People and roles").
//   npm run import:people -- file.csv [--json]
// Exit codes: 0 imported (skipped rows are reported, not fatal), 1 error, 2 wrong usage.
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../src/config.ts";
import { systemClock } from "../src/core/clock.ts";
import { CsvImportError } from "../src/core/csv.ts";
import { type Locale, t } from "../src/core/i18n.ts";
import { importPeople, renderPeopleSummary } from "../src/features/people/csv-import.ts";
import { importTexts } from "../src/features/people/texts.ts";
import { createDb } from "../src/store/client.ts";
import { migrateToLatest } from "../src/store/migrate.ts";

async function main(): Promise<number> {
  let locale: Locale = process.env.LOCALE === "en" ? "en" : "nl";
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch {
    args = { values: { json: false }, positionals: [] };
  }
  const [file, ...rest] = args.positionals;
  if (!file || rest.length) {
    console.error(importTexts(locale).usage);
    return 2;
  }
  try {
    const config = loadConfig();
    locale = config.locale;
    await migrateToLatest(config.databaseUrl);
    const db = await createDb(config.databaseUrl);
    try {
      const summary = await importPeople(db, file, { now: systemClock.now(), locale });
      console.log(args.values.json ? JSON.stringify(summary) : renderPeopleSummary(summary, locale));
      return 0;
    } finally {
      await db.$disconnect();
    }
  } catch (error) {
    if (error instanceof CsvImportError || error instanceof ConfigError) console.error(error.message);
    else
      console.error(t(locale, "import.error.failed", { message: String((error as Error)?.stack ?? error) }));
    return 1;
  }
}

function parse() {
  return parseArgs({
    strict: true,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false } },
  });
}

process.exitCode = await main();
