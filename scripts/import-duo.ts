// Imports the schools of one samenwerkingsverband from DUO's open data (data/duo/, see its README).
//   npm run import:duo -- --swv PO3104 [--name "..."] [--json] [--schools path] [--pupils path] [--regions path]
// Exit codes: 0 imported (skipped rows are reported, not fatal), 1 error, 2 wrong usage.
import { parseArgs } from "node:util";
import { SingleBar } from "cli-progress";
import { ConfigError, loadConfig } from "../src/config.ts";
import { type Locale, t } from "../src/core/i18n.ts";
import { DuoImportError } from "../src/features/schools/duo-files.ts";
import { importDuo } from "../src/features/schools/duo-import.ts";
import { renderSummary } from "../src/features/schools/duo-summary.ts";
import { createDb } from "../src/store/client.ts";
import { migrateToLatest } from "../src/store/migrate.ts";

async function main(): Promise<number> {
  let locale: Locale = process.env.LOCALE === "en" ? "en" : "nl";
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch {
    console.error(t(locale, "import.usage"));
    return 2;
  }
  const swvCode = args.swv?.trim().toUpperCase() ?? "";
  if (!/^(PO|VO)\d{4}$/.test(swvCode)) {
    console.error(t(locale, "import.error.swv", { value: args.swv ?? "" }));
    console.error(t(locale, "import.usage"));
    return 2;
  }

  let bar: SingleBar | undefined;
  try {
    const config = loadConfig();
    locale = config.locale;
    await migrateToLatest(config.databaseUrl);
    const db = await createDb(config.databaseUrl);
    if (process.stderr.isTTY && !args.json) {
      bar = new SingleBar({
        stream: process.stderr,
        format: `${t(locale, "import.progress")} [{bar}] {value}/{total}`,
        hideCursor: true,
        clearOnComplete: true,
      });
    }
    try {
      const summary = await importDuo(db, {
        swvCode,
        swvName: args.name,
        locale,
        files: { schools: args.schools, pupils: args.pupils, regions: args.regions },
        onProgress: (done, total) => {
          if (done === 0) bar?.start(total, 0);
          else bar?.update(done);
        },
      });
      bar?.stop();
      console.log(args.json ? JSON.stringify(summary) : renderSummary(summary, locale));
      return 0;
    } finally {
      await db.$disconnect();
    }
  } catch (error) {
    bar?.stop();
    if (error instanceof DuoImportError || error instanceof ConfigError) console.error(error.message);
    else
      console.error(t(locale, "import.error.failed", { message: String((error as Error)?.stack ?? error) }));
    return 1;
  }
}

function parse() {
  const { values } = parseArgs({
    strict: true,
    options: {
      swv: { type: "string" },
      name: { type: "string" },
      json: { type: "boolean", default: false },
      schools: { type: "string" },
      pupils: { type: "string" },
      regions: { type: "string" },
    },
  });
  return values;
}

process.exitCode = await main();
