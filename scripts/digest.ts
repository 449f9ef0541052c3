// A board digest on the command line, for the SWV's own reporting (jaarverslag): the same
// indicators as in chat (values after suppression, norms, previous period, a year earlier).
//   npm run digest -- --swv PO3104 --period 2026-Q4 [--board NUMBER] [--json] [--schools]
// --period: a month (2026-11), a calendar quarter (2026-Q4) or a school year (2026-2027).
// --schools adds the per-school table (it is for SWV staff). Exit codes: 0 printed, 1 error, 2 usage.
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { buildDigest, UnknownBoard } from "../src/features/digests/digest.ts";
import { parsePeriod } from "../src/features/digests/periods.ts";
import { digestText } from "../src/features/digests/views.ts";
import { createDb } from "../src/store/client.ts";
import { migrateToLatest } from "../src/store/migrate.ts";

const USAGE =
  "Gebruik: npm run digest -- --swv PO3104 --period 2026-Q4 [--board NUMMER] [--json] [--schools]\n" +
  "Usage: npm run digest -- --swv PO3104 --period 2026-Q4 [--board NUMBER] [--json] [--schools]";

async function main(): Promise<number> {
  let args: { swv?: string; period?: string; board?: string; json?: boolean; schools?: boolean };
  try {
    args = parseArgs({
      options: {
        swv: { type: "string" },
        period: { type: "string" },
        board: { type: "string" },
        json: { type: "boolean" },
        schools: { type: "boolean" },
      },
    }).values;
  } catch {
    console.error(USAGE);
    return 2;
  }
  const period = args.period ? parsePeriod(args.period.trim()) : null;
  if (!args.swv || !period || (args.board !== undefined && !/^\d+$/.test(args.board))) {
    console.error(
      `Onbekend SWV, periode (2026-11, 2026-Q4, 2026-2027) of bestuursnummer / unknown SWV, period or board number.\n${USAGE}`,
    );
    return 2;
  }
  const config = loadConfig();
  await migrateToLatest(config.databaseUrl);
  const db = await createDb(config.databaseUrl);
  try {
    const swv = await db.swv.findUnique({ where: { code: args.swv.trim().toUpperCase() } });
    if (!swv) {
      console.error(`SWV ${args.swv} bestaat niet / does not exist.`);
      return 1;
    }
    const digest = await buildDigest(db, {
      swvId: swv.id,
      period,
      boardNumber: args.board ?? null,
      timeZone: config.timezone,
      locale: config.locale,
      perSchool: args.schools ?? false,
    });
    console.log(args.json ? JSON.stringify(digest) : digestText(digest, config.locale));
    return 0;
  } catch (error) {
    if (error instanceof UnknownBoard) {
      console.error(`Bestuur ${args.board} heeft geen scholen in ${args.swv} / has no schools in it.`);
      return 1;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
