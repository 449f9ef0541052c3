// Database migrations without Prisma's native engine (see src/store/migrate.ts).
//   npm run db -- create <name>        write a migration for SQLite and PostgreSQL
//   npm run db -- deploy               apply pending migrations to DATABASE_URL
//   npm run db -- status               which migrations DATABASE_URL has
//   npm run db -- check                fail when the model changed without a migration
//   npm run db -- resolve --applied <migration> | --rolled-back <migration>
// PostgreSQL is reached through DATABASE_URL when it is a postgres:// URL, else TEST_DATABASE_URL.
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { type Provider, providerOf } from "../src/store/client.ts";
import { Migrator } from "../src/store/migrate.ts";

const usage = `Gebruik: npm run db -- <create <naam> | deploy | status | check | resolve --applied <migratie> | resolve --rolled-back <migratie>>`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { applied: { type: "string" }, "rolled-back": { type: "string" } },
});
const [command, name] = positionals;

function databaseFor(provider: Provider): string | undefined {
  const main = loadConfig().databaseUrl;
  if (providerOf(main) === provider) return main;
  if (provider === "sqlite") return "file::memory:";
  return process.env.TEST_DATABASE_URL || undefined;
}

async function withMigrator<T>(url: string, run: (m: Migrator) => Promise<T>): Promise<T> {
  const migrator = await Migrator.open(url);
  try {
    return await run(migrator);
  } finally {
    await migrator.close();
  }
}

/** Runs `run` for both providers; PostgreSQL is skipped (loudly) when no server is configured. */
async function forBoth(run: (m: Migrator) => Promise<boolean>): Promise<boolean> {
  let ok = true;
  for (const provider of ["sqlite", "postgresql"] as const) {
    const url = databaseFor(provider);
    if (!url) {
      console.log(`${provider}: OVERGESLAGEN, geen PostgreSQL-adres (zet TEST_DATABASE_URL of DATABASE_URL)`);
      if (process.env.CI) ok = false; // CI must check both
      continue;
    }
    ok = (await withMigrator(url, run)) && ok;
  }
  return ok;
}

async function main(): Promise<number> {
  const url = loadConfig().databaseUrl;
  switch (command) {
    case "deploy": {
      const applied = await withMigrator(url, (m) => m.deploy());
      console.log(
        applied.length ? `Toegepast: ${applied.join(", ")}` : "Database is bij: geen migraties toegepast.",
      );
      return 0;
    }
    case "status": {
      const status = await withMigrator(url, (m) => m.status());
      for (const n of status.applied) console.log(`  toegepast  ${n}`);
      for (const n of status.pending) console.log(`  open       ${n}`);
      for (const n of status.failed) console.log(`  MISLUKT    ${n}`);
      return status.pending.length || status.failed.length ? 1 : 0;
    }
    case "create": {
      if (!name) break;
      const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
      const folder = `${stamp}_${name.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}`;
      const ok = await forBoth(async (m) => {
        const made = await m.create(folder);
        console.log(
          `${m.provider}: ${made ? `migratie ${folder} geschreven: lees hem na` : "geen wijzigingen"}`,
        );
        return true;
      });
      return ok ? 0 : 1;
    }
    case "check": {
      const ok = await forBoth(async (m) => {
        const sql = await m.pendingChange();
        if (!sql.trim()) {
          console.log(`${m.provider}: model en migraties komen overeen`);
          return true;
        }
        console.log(
          `${m.provider}: het model is gewijzigd zonder migratie (npm run db -- create <naam>):\n${sql}`,
        );
        return false;
      });
      return ok ? 0 : 1;
    }
    case "resolve": {
      if (values.applied) await withMigrator(url, (m) => m.markApplied(values.applied as string));
      else if (values["rolled-back"])
        await withMigrator(url, (m) => m.markRolledBack(values["rolled-back"] as string));
      else break;
      console.log("Migratiegeschiedenis bijgewerkt.");
      return 0;
    }
  }
  console.error(usage);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
