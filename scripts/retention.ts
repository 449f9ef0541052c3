// Retention on the command line (README "Privacy: retention, inzage and erasure"):
//   npm run retention -- --dry-run [--json] [--swv PO3104]
// --dry-run shows per SWV what would be anonymised or deleted and changes nothing; without it the
// retention runs now (as the daily job does). --json prints one object (RetentionReport, a stable
// interface). Exit codes: 0 done, 1 error, 2 wrong usage.

import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { type Clock, systemClock } from "../src/core/clock.ts";
import { type RetentionReport, runRetention } from "../src/features/privacy/retention.ts";
import { createDb, type Db } from "../src/store/client.ts";
import { migrateToLatest } from "../src/store/migrate.ts";

const USAGE =
  "Gebruik: npm run retention -- [--dry-run] [--json] [--swv PO3104]\n" +
  "Usage: npm run retention -- [--dry-run] [--json] [--swv PO3104]";

const kind = (label: string, k: { count: number; oldest: string | null }, oldest: string) =>
  `  ${label}: ${k.count}${k.oldest ? ` (${oldest} ${k.oldest})` : ""}`;

/** The report in Dutch, for a person. */
export function retentionText(r: RetentionReport): string {
  const verb = r.dryRun ? "zou" : "is";
  const lines = [
    r.dryRun ? "Bewaartermijnen, proefdraai: er verandert niets." : "Bewaartermijnen: uitgevoerd.",
  ];
  for (const s of r.swvs) {
    lines.push(
      "",
      `${s.code} ${s.name}: bewaartermijn ${s.retentionMonths} maanden (gesloten voor ${s.cutoff.slice(0, 10)}), auditregels ${s.auditRetentionMonths} maanden`,
      `  ${r.dryRun ? "Zou worden geanonimiseerd" : "Geanonimiseerd"}:`,
      kind("casussen", s.cases, "oudste gesloten op"),
      kind("signalen", s.signals, "oudste afgehandeld op"),
      kind("thuiszittersdossiers", s.thuiszitters, "oudste beëindigd op"),
      `  ${r.dryRun ? "Zou worden verwijderd" : "Verwijderd"}:`,
      kind("auditregels", s.auditEntries, "oudste van"),
    );
  }
  if (!r.swvs.length) lines.push("", "Geen samenwerkingsverband gevonden.");
  if (r.outbox)
    lines.push(
      "",
      `Verzonden berichten in de wachtrij van voor ${r.outbox.cutoff.slice(0, 10)}: ${r.outbox.count} ${verb === "zou" ? "zouden worden" : "zijn"} verwijderd.`,
    );
  return lines.join("\n");
}

/** The command; tests call it with their own output, clock and open database. */
export async function main(
  argv: string[],
  print: (line: string) => void = console.log,
  given?: { clock: Clock; db: Db },
): Promise<number> {
  let args: { "dry-run"?: boolean; json?: boolean; swv?: string };
  try {
    args = parseArgs({
      args: argv,
      options: { "dry-run": { type: "boolean" }, json: { type: "boolean" }, swv: { type: "string" } },
    }).values;
  } catch {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  if (!given) await migrateToLatest(config.databaseUrl);
  const db = given?.db ?? (await createDb(config.databaseUrl));
  const clock = given?.clock ?? systemClock;
  try {
    const swvCode = args.swv?.trim().toUpperCase();
    if (swvCode && !(await db.swv.findUnique({ where: { code: swvCode }, select: { id: true } }))) {
      console.error(`SWV ${swvCode} bestaat niet / does not exist.`);
      return 1;
    }
    const report = await runRetention(db, {
      now: clock.now(),
      timeZone: config.timezone,
      dryRun: args["dry-run"] ?? false,
      ...(swvCode ? { swvCode } : {}),
    });
    print(args.json ? JSON.stringify(report) : retentionText(report));
    return 0;
  } finally {
    if (!given) await db.$disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
