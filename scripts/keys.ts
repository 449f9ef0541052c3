// The data keys of encryption at rest (README "Encryption at rest"):
//   npm run keys -- status [--json]    key versions and how many values use each
//   npm run keys -- rotate [--json] [--wait MS]   a new data key; every value sealed again under it,
//                                      online (waits MS, default 12000, until every process uses it)
//   npm run keys -- rewrap [--json]    after KNOOP_DATA_KEY=new,old: the data keys under the new one
// Exit codes: 0 done, 1 error, 2 wrong usage.
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../src/config.ts";
import { createPlainDb, providerOf } from "../src/store/client.ts";
import { Keyring } from "../src/store/data-keys.ts";
import { masterKeysFor } from "../src/store/master-key.ts";
import { migrateToLatest } from "../src/store/migrate.ts";
import { checkReadiness } from "../src/store/readiness.ts";
import { rewrap, rotate, status } from "../src/store/rotation.ts";

const USAGE = "Gebruik: npm run keys -- <status | rotate | rewrap> [--json] [--wait MS]";

async function main(): Promise<number> {
  let parsed: { values: { json?: boolean; wait?: string }; positionals: string[] };
  try {
    parsed = parseArgs({
      options: { json: { type: "boolean" }, wait: { type: "string" } },
      allowPositionals: true,
    });
  } catch {
    console.error(USAGE);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  const wait = parsed.values.wait === undefined ? undefined : Number(parsed.values.wait);
  if (!command || !["status", "rotate", "rewrap"].includes(command) || rest.length || Number.isNaN(wait)) {
    console.error(USAGE);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const masters = config.dataKeys ?? masterKeysFor(config.databaseUrl)?.keys;
  if (!masters) {
    console.error(
      "Geen sleutel: zet KNOOP_DATA_KEY (of start de sandbox eenmaal, die maakt data/knoop-data.key).",
    );
    return 1;
  }
  let db = await createPlainDb(config.databaseUrl);
  // Runs next to a running Knoop: migrate only when needed (the engine wants SQLite to itself).
  if (!(await checkReadiness(db, providerOf(config.databaseUrl))).ready) {
    await db.$disconnect();
    await migrateToLatest(config.databaseUrl);
    db = await createPlainDb(config.databaseUrl);
  }
  const json = parsed.values.json;
  try {
    if (command === "status") {
      const s = await status(db);
      if (json) console.log(JSON.stringify(s));
      else {
        console.log(`Huidige gegevenssleutel: versie ${s.current || "nog geen"}`);
        for (const k of s.keys)
          console.log(
            `  versie ${k.version}: ${k.values} waarden, gemaakt ${k.createdAt}${k.retiredAt ? `, buiten gebruik sinds ${k.retiredAt}` : ""}`,
          );
        console.log(`  onversleuteld (van voor de versleuteling): ${s.clear} waarden`);
      }
    } else if (command === "rotate") {
      const keyring = new Keyring(db, masters);
      if (!json)
        console.log(
          `Nieuwe gegevenssleutel; wacht ${Math.round((wait ?? keyring.refreshMs + 2000) / 1000)} s tot elk proces hem gebruikt...`,
        );
      const r = await rotate(db, keyring, wait === undefined ? {} : { waitMs: wait });
      if (json) console.log(JSON.stringify(r));
      else {
        console.log(`Klaar: ${r.total} waarden opnieuw versleuteld met versie ${r.version}.`);
        for (const [column, n] of Object.entries(r.resealed)) if (n) console.log(`  ${column}: ${n}`);
        if (r.retired.length)
          console.log(`Buiten gebruik (bewaard voor back-ups): versie ${r.retired.join(", ")}`);
      }
    } else {
      const r = await rewrap(db, masters);
      if (json) console.log(JSON.stringify(r));
      else
        console.log(
          `${r.rewrapped} van ${r.keys} gegevenssleutels opnieuw ingepakt met de eerste sleutel van KNOOP_DATA_KEY.` +
            " Daarna volstaat KNOOP_DATA_KEY met alleen die sleutel.",
        );
    }
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
