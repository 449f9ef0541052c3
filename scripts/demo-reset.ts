// Starts the sandbox demo over: deletes all data (every table) and seeds the demo SWV again.
//   npm run demo:reset
import type { Core } from "../src/chat/core.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import { systemClock } from "../src/core/clock.ts";
import { createLogger } from "../src/core/logger.ts";
import { clearAll, seedDemo } from "../src/demo/demo.ts";
import { createRouter } from "../src/features/index.ts";
import { OutboxDispatcher } from "../src/jobs/dispatcher.ts";
import { createDb } from "../src/store/client.ts";
import { migrateToLatest } from "../src/store/migrate.ts";
import { sandboxDirectory } from "../src/surfaces/sandbox/directory.ts";
import { SandboxPort } from "../src/surfaces/sandbox/port.ts";
import { sandboxTexts } from "../src/surfaces/sandbox/texts.ts";

try {
  process.loadEnvFile(); // .env, when present
} catch {}

async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const t = sandboxTexts(config.locale);
  const logger = createLogger("warn");
  await migrateToLatest(config.databaseUrl);
  const db = await createDb(config.databaseUrl);
  try {
    await clearAll(db);
    const clock = systemClock;
    const core: Core = {
      db,
      clock,
      logger,
      timezone: config.timezone,
      locale: config.locale,
      router: createRouter(),
      directory: sandboxDirectory(db),
      notify: () => {},
    };
    await seedDemo(core);
    // Deliver what the seed queued, so the demo is complete before the next start.
    await new OutboxDispatcher({ db, port: new SandboxPort(db, clock), clock, logger }).drain();
    console.log(t.resetDone);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

process.exitCode = await main();
