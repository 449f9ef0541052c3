// The Inspectie's quarterly registration of thuiszitters: counts only, per SWV and school.
//   npm run thuiszitters:export -- --swv PO3104 --period 2026-2027-Q2 [--json]
// School-level counts of 1 to 4 are written as "<5". Exit codes: 0 written, 1 error, 2 wrong usage.
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { momentByKey } from "../src/features/cycles/moments.ts";
import { periodByKey } from "../src/features/cycles/periods.ts";
import { exportCsv } from "../src/features/thuiszitters/export.ts";
import { exportCounts } from "../src/features/thuiszitters/service.ts";
import { createDb } from "../src/store/client.ts";
import { migrateToLatest } from "../src/store/migrate.ts";

const USAGE =
  "Gebruik: npm run thuiszitters:export -- --swv PO3104 --period 2026-2027-Q2 [--json]\n" +
  "Usage: npm run thuiszitters:export -- --swv PO3104 --period 2026-2027-Q2 [--json]";

async function main(): Promise<number> {
  let args: { swv?: string; period?: string; json?: boolean };
  try {
    args = parseArgs({
      options: { swv: { type: "string" }, period: { type: "string" }, json: { type: "boolean" } },
    }).values;
  } catch {
    console.error(USAGE);
    return 2;
  }
  const moment = momentByKey("thuiszitters");
  const period = moment && args.period ? periodByKey(moment, args.period) : undefined;
  if (!args.swv || !period) {
    console.error(`Onbekend SWV of kwartaal (bijv. 2026-2027-Q2) / unknown SWV or quarter.\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  await migrateToLatest(config.databaseUrl);
  const db = await createDb(config.databaseUrl);
  try {
    const rows = await exportCounts(db, args.swv.trim().toUpperCase(), period);
    if (!rows) {
      console.error(`SWV ${args.swv} bestaat niet / does not exist.`);
      return 1;
    }
    if (args.json) {
      console.log(JSON.stringify({ swv: args.swv, period: period.key, rows }));
      return 0;
    }
    process.stdout.write(exportCsv(rows, period.key));
    return 0;
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
